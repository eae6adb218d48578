"""Small helpers shared by the web tests."""

from __future__ import annotations


def decision(**extra: str) -> dict[str, str]:
    """The decision block of a form, filled in, and already confirmed: the actions that first show
    their consequence (removal, death, discipline, merge, split, dissolution) are carried out at once;
    test_confirmation.py tests that page itself."""
    data = {
        "decision_number": "15-QĐ/ĐU",
        "decision_date": "01/06/2025",
        "issued_by": "Đảng ủy phường An Bình",
        "effective_on": "01/06/2025",
        "xac-nhan": "1",
    }
    data.update(extra)
    return data


def page_text(response) -> str:
    return response.content.decode()


def row_counts() -> dict[str, int]:
    """How many rows each domain table holds: compare before and after a refused request."""
    from dangbo.members.models import Member, MemberEvent, MemberPeriod
    from dangbo.organizations.models import Organization, OrganizationEvent, OrganizationVersion

    return {
        model.__name__: model.objects.count()
        for model in (Organization, OrganizationVersion, OrganizationEvent, Member, MemberEvent, MemberPeriod)
    }


def field_errors(response, field: str) -> list[str]:
    form = response.context["form"]
    return [str(e) for e in form.errors.get(field, [])]


def form_errors(response) -> list[str]:
    form = response.context["form"]
    return [str(e) for e in form.non_field_errors()] + [
        str(e) for f in form.hidden_fields() for e in f.errors
    ]
