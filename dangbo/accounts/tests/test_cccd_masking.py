"""The CCCD (citizen ID) is masked in every list; in full only on the record's page, for those who
keep the record (a role that writes on the member's cell)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.members.services import member_update_profile

CCCD = "079080001234"  # Nguyễn Văn An's, see dangbo/web/tests/conftest.py
MASKED = "********1234"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "args", "query"),
    [
        ("member_list", [], ""),
        ("member_list", [], "?q=079080001234"),  # found by the whole number, still masked
        ("member_list", [], "?org=W1A"),
        ("member_lookup", [], "?q=nguyen"),
        ("org_detail", ["W1A"], ""),
        ("conversions_due", [], ""),
        ("home", [], ""),
    ],
)
def test_lists_never_show_the_whole_cccd(as_user, people, name, args, query):
    html = as_user("officer").get(reverse(name, args=args) + query).content.decode()
    if query.endswith(CCCD):  # what the user typed is echoed in the search box and links, not in the rows
        html = html.replace(f"q={CCCD}", "").replace(f'value="{CCCD}"', "")
    assert CCCD not in html
    if name == "member_list":
        assert MASKED in html


@pytest.mark.django_db
def test_the_record_page_shows_it_in_full_to_those_who_keep_the_record(as_user, people):
    for persona in ("officer", "ward_staff", "secretary_a"):
        html = as_user(persona).get(reverse("member_detail", args=[people.an.pk])).content.decode()
        assert CCCD in html, persona


@pytest.mark.django_db
def test_a_read_only_viewer_does_not_see_the_record_page_at_all(as_user, people):
    response = as_user("viewer").get(reverse("member_detail", args=[people.an.pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert CCCD not in html and MASKED not in html and "Nguyễn Văn An" not in html


@pytest.mark.django_db
def test_the_audit_entries_mask_it_for_readers_who_may_not_see_it(as_user, people, personas):
    member_update_profile(
        actor=personas["officer"], member=people.an, changes={"cccd": "079080009999"}, expected_version=None
    )
    full = as_user("officer").get(reverse("audit_search")).content.decode()
    assert "079080009999" in full and CCCD in full  # before → after, for the keeper of the record
    # the secretary of cell B does not see cell A's entries at all
    other = as_user("secretary_b").get(reverse("audit_search")).content.decode()
    assert "079080009999" not in other and "Nguyễn Văn An" not in other
    # a viewer of the ward who writes only elsewhere: the entries name a member of the ward, whose
    # personal data a viewer does not see: not shown at all
    from dangbo.accounts.models import RoleAssignment

    outsider = personas["outsider"]
    RoleAssignment.objects.create(user=outsider, organization=people.an.organization.parent, role="viewer")
    client = as_user("outsider")
    hidden = client.get(reverse("audit_search")).content.decode()
    assert "Nguyễn Văn An" not in hidden
    assert "079080009999" not in hidden and CCCD not in hidden and "9999" not in hidden
