"""Figures for the dashboard of a subtree: members over the years, admissions, ratings by year,
and the composition on a day (age groups, sex, ethnicity, education, political theory)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count

from dangbo.accounts.scope import authorize
from dangbo.audit.figures import kept
from dangbo.evaluations.models import MemberRating
from dangbo.members.models import Member, MemberEvent, MemberPeriod, PoliticalTheory, Sex
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import subtree_versions

if TYPE_CHECKING:
    from dangbo.accounts.models import User

AGE_GROUPS = (
    (0, 30, "Dưới 30"),
    (30, 41, "30–40"),
    (41, 51, "41–50"),
    (51, 61, "51–60"),
    (61, 200, "Trên 60"),
)
# A birth date the database holds but no living member has (in the future, or a typing slip such as
# 0001-01-01): counted apart, never a reason for the page to fail.
AGE_UNKNOWN = "Ngày sinh chưa hợp lệ"


def _age(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def dashboard(
    user: User, organization: Organization, *, first_year: int, last_year: int, day: date
) -> dict[str, Any]:
    """Members, admissions and ratings by year and the composition on `day` of the subtree; kept
    until the records change (dangbo/audit/figures.py)."""
    authorize(user, organization)
    return kept(
        "dashboard",
        (organization.pk, first_year, last_year, day),
        lambda: _figures(organization, first_year, last_year, day),
    )


def _figures(organization: Organization, first_year: int, last_year: int, day: date) -> dict[str, Any]:
    years = list(range(first_year, last_year + 1))
    members_by_year = []
    admissions_by_year = []
    ratings_by_year = []
    for year in years:
        end = date(year, 12, 31)
        org_ids = subtree_versions(organization, end).values("organization_id")
        members_by_year.append(
            MemberPeriod.objects.filter(
                valid_from__lte=end, valid_to__gt=end, organization_id__in=org_ids
            ).count()
        )
        admissions_by_year.append(
            MemberEvent.objects.filter(
                kind=MemberEvent.Kind.ADMISSION,
                effective_on__gte=date(year, 1, 1),
                effective_on__lte=end,
                to_organization_id__in=org_ids,
            ).count()
        )
        counts = dict(
            MemberRating.objects.filter(year=year, organization_id__in=org_ids, rank__isnull=False)
            .values_list("rank")
            .annotate(n=Count("id"))
        )
        ratings_by_year.append([counts.get(rank, 0) for rank in (1, 2, 3, 4)])
    org_ids = subtree_versions(organization, day).values("organization_id")
    member_ids = MemberPeriod.objects.filter(
        valid_from__lte=day, valid_to__gt=day, organization_id__in=org_ids
    ).values("member_id")
    rows = Member.objects.filter(pk__in=member_ids).values_list(
        "sex", "birth_date", "ethnicity", "education", "political_theory"
    )
    ages: Counter[str] = Counter()
    sexes: Counter[str] = Counter()
    ethnicities: Counter[str] = Counter()
    educations: Counter[str] = Counter()
    theories: Counter[str] = Counter()
    sex_labels = dict(Sex.choices)
    theory_labels = dict(PoliticalTheory.choices)
    for sex, birth, ethnicity, education, theory in rows:
        age = _age(birth, day) if birth is not None else -1
        ages[next((label for low, high, label in AGE_GROUPS if low <= age < high), AGE_UNKNOWN)] += 1
        sexes[sex_labels.get(sex, sex)] += 1
        ethnicities[ethnicity or "Chưa rõ"] += 1
        educations[education or "Chưa rõ"] += 1
        theories[theory_labels.get(theory, theory) or "Chưa qua đào tạo"] += 1
    return {
        "organization": {"code": organization.code, "name": organization.name},
        "years": years,
        "members_by_year": members_by_year,
        "admissions_by_year": admissions_by_year,
        "ratings_by_year": ratings_by_year,
        "day": day.isoformat(),
        "composition": {
            "age": [(label, ages[label]) for _, _, label in AGE_GROUPS]
            + ([(AGE_UNKNOWN, ages[AGE_UNKNOWN])] if ages[AGE_UNKNOWN] else []),
            "sex": sorted(sexes.items(), key=lambda kv: -kv[1]),
            "ethnicity": sorted(ethnicities.items(), key=lambda kv: -kv[1]),
            "education": sorted(educations.items(), key=lambda kv: -kv[1]),
            "political_theory": sorted(theories.items(), key=lambda kv: -kv[1]),
        },
    }
