"""Reads of the review: who is not yet assessed, who is not rated and why, commendation candidates."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from dangbo.accounts.scope import require_organization
from dangbo.evaluations import rules
from dangbo.evaluations.models import MemberRating, OrganizationRating
from dangbo.members.models import Member, MemberPeriod
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import subtree_versions

if TYPE_CHECKING:
    from dangbo.accounts.models import User


def _subtree_ids(organization: Organization, year: int) -> QuerySet[Any]:
    return subtree_versions(organization, date(year, 12, 31)).values("organization_id")


def not_yet_assessed(user: User, organization: Organization, year: int) -> QuerySet[Member]:
    """Members on the books on 31/12 of `year` in the subtree with no decision for the year."""
    require_organization(user, organization)
    day = date(year, 12, 31)
    on_books = MemberPeriod.objects.filter(
        valid_from__lte=day, valid_to__gt=day, organization_id__in=_subtree_ids(organization, year)
    ).values("member_id")
    decided = (
        MemberRating.objects.filter(year=year)
        .exclude(rank__isnull=True, not_rated_reason="")
        .values("member_id")
    )
    return Member.objects.filter(pk__in=on_books).exclude(pk__in=decided).order_by("sort_key", "pk")


def not_rated(user: User, organization: Organization, year: int) -> QuerySet[MemberRating]:
    """Members decided as not rated, with the reason."""
    require_organization(user, organization)
    return (
        MemberRating.objects.filter(
            year=year, rank__isnull=True, organization_id__in=_subtree_ids(organization, year)
        )
        .exclude(not_rated_reason="")
        .select_related("member", "organization")
        .order_by("member__sort_key")
    )


@dataclass(frozen=True)
class Candidate:
    name: str
    code: str  # organization code, or the member's party card number
    years: int
    target_id: int


def organization_candidates(
    user: User, organization: Organization, *, year: int, years: int, exemplary: bool = True
) -> list[Candidate]:
    """Organizations of the subtree at the top level (tiêu biểu, when asked) `years` years running
    up to `year`; the streak crosses scheme changes."""
    require_organization(user, organization)
    ids = _subtree_ids(organization, year)
    history: dict[int, dict[int, tuple[int, bool]]] = defaultdict(dict)
    for row in OrganizationRating.objects.filter(
        organization_id__in=ids, year__gt=year - years - 30, year__lte=year, rank__isnull=False
    ).values("organization_id", "year", "rank", "exemplary"):
        history[row["organization_id"]][row["year"]] = (int(row["rank"] or 0), row["exemplary"])
    result = []
    names = dict(Organization.objects.filter(pk__in=list(history)).values_list("pk", "name"))
    codes = dict(Organization.objects.filter(pk__in=list(history)).values_list("pk", "code"))
    for org_id, org_history in history.items():
        streak = rules.consecutive_years(org_history, until=year, exemplary=exemplary)
        if streak >= years:
            result.append(Candidate(name=names[org_id], code=codes[org_id], years=streak, target_id=org_id))
    return sorted(result, key=lambda c: (-c.years, c.name))


def member_candidates(user: User, organization: Organization, *, year: int, years: int) -> list[Candidate]:
    """Members of the subtree rated HTXSNV `years` years running up to `year`."""
    require_organization(user, organization)
    top_now = MemberRating.objects.filter(
        year=year, rank=rules.HTXSNV, organization_id__in=_subtree_ids(organization, year)
    ).values("member_id")
    history: dict[int, dict[int, tuple[int, bool]]] = defaultdict(dict)
    for row in MemberRating.objects.filter(
        member_id__in=top_now, year__gt=year - years - 30, year__lte=year, rank__isnull=False
    ).values("member_id", "year", "rank"):
        history[row["member_id"]][row["year"]] = (int(row["rank"] or 0), False)
    members = {m.pk: m for m in Member.objects.filter(pk__in=list(history))}
    result = []
    for member_id, member_history in history.items():
        streak = rules.consecutive_years(member_history, until=year, exemplary=False)
        if streak >= years:
            member = members[member_id]
            result.append(
                Candidate(
                    name=member.full_name,
                    code=member.party_card_number or "",
                    years=streak,
                    target_id=member_id,
                )
            )
    return sorted(result, key=lambda c: (-c.years, members[c.target_id].sort_key))
