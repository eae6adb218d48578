"""Reads of the quarterly ratings (xếp loại hằng quý) and of the re-ratings (Mẫu 03).

member_quarters and organization_quarters are the facts the year's rules read (the caller has
checked the scope, as for evaluations.selectors.member_histories); the others check it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from dangbo.accounts.scope import authorize
from dangbo.evaluations.models import MemberRating, OrganizationRating
from dangbo.evaluations.models_quarters import QuarterRating, Rerating
from dangbo.evaluations.rules.quarters import QuarterRank
from dangbo.members.models import Member, MemberPeriod

if TYPE_CHECKING:
    from dangbo.accounts.models import User
    from dangbo.organizations.models import Organization


def member_quarters(member_ids: Iterable[int], year: int) -> dict[int, tuple[QuarterRank, ...]]:
    """The quarters of members in a year as the rules read them, by member id."""
    found: dict[int, list[QuarterRank]] = {}
    for member_id, quarter, rank in QuarterRating.objects.filter(
        member_id__in=list(member_ids), year=year
    ).values_list("member_id", "quarter", "rank"):
        found.setdefault(member_id, []).append(QuarterRank(quarter, rank))
    return {k: tuple(sorted(v, key=lambda q: q.quarter)) for k, v in found.items()}


def organization_quarters(organization_id: int, year: int) -> tuple[QuarterRank, ...]:
    """An organization's own quarters of a year as the rules read them."""
    return tuple(
        QuarterRank(quarter, rank)
        for quarter, rank in QuarterRating.objects.filter(
            member__isnull=True, organization_id=organization_id, year=year
        )
        .order_by("quarter")
        .values_list("quarter", "rank")
    )


def cell_quarters(
    user: User, cell: Organization, year: int
) -> tuple[dict[int, dict[int, QuarterRating]], dict[int, QuarterRating]]:
    """The quarters of a year recorded at a cell: {member id: {quarter: row}} and the cell's own
    {quarter: row}. Members' names: a role that sees personal data."""
    authorize(user, cell, personal=True)
    members: dict[int, dict[int, QuarterRating]] = {}
    own: dict[int, QuarterRating] = {}
    for row in QuarterRating.objects.filter(year=year, organization=cell).order_by("quarter"):
        if row.member_id is None:
            own[row.quarter] = row
        else:
            members.setdefault(row.member_id, {})[row.quarter] = row
    return members, own


def member_year_quarters(user: User, member_id: int, year: int) -> dict[int, QuarterRating]:
    """A member's quarters of a year, each seen through the cell where it was recorded."""
    rows = QuarterRating.objects.filter(member_id=member_id, year=year).select_related("organization")
    seen: dict[int, QuarterRating] = {}
    for row in rows:
        authorize(user, row.organization, personal=True)
        seen[row.quarter] = row
    return seen


def reratings_of(rating: MemberRating | OrganizationRating) -> list[Rerating]:
    """The re-ratings of one rating (already reached through a scoped selector), oldest first."""
    if isinstance(rating, MemberRating):
        found = Rerating.objects.filter(member_rating=rating)
    else:
        found = Rerating.objects.filter(organization_rating=rating)
    return list(found.select_related("deciding_organization", "recorded_by").order_by("recorded_at", "pk"))


def organizations_quarters(organization_ids: Iterable[int], year: int) -> dict[int, tuple[QuarterRank, ...]]:
    """The own quarters of organizations in a year as the rules read them, by organization id."""
    found: dict[int, list[QuarterRank]] = {}
    for organization_id, quarter, rank in QuarterRating.objects.filter(
        member__isnull=True, organization_id__in=list(organization_ids), year=year
    ).values_list("organization_id", "quarter", "rank"):
        found.setdefault(organization_id, []).append(QuarterRank(quarter, rank))
    return {k: tuple(sorted(v, key=lambda q: q.quarter)) for k, v in found.items()}


def cell_members_on(user: User, cell: Organization, day: date) -> list[Member]:
    """The members on the books of `cell` on `day`, sorted the Vietnamese way (personal data)."""
    authorize(user, cell, personal=True)
    return [
        p.member
        for p in MemberPeriod.objects.filter(organization=cell, valid_from__lte=day, valid_to__gt=day)
        .select_related("member")
        .order_by("member__sort_key", "member_id")
    ]
