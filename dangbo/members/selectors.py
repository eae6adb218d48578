"""Reads of member records, always through the user's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from dangbo.accounts.scope import path_filter, require_organization
from dangbo.core.dates import add_months, add_working_days
from dangbo.core.exceptions import NotFound
from dangbo.core.text import fold
from dangbo.members.models import ON_BOOKS, Member, MemberEvent, MemberPeriod, Status
from dangbo.organizations.models import Organization

if TYPE_CHECKING:
    from dangbo.accounts.models import User


def visible_members(user: User) -> QuerySet[Member]:
    return Member.objects.filter(path_filter(user, "organization__path"))


def member_detail(user: User, member_id: int) -> Member:
    member = (
        Member.objects.select_related("organization", "temporary_organization").filter(pk=member_id).first()
    )
    if member is None:
        raise NotFound("Không tìm thấy đảng viên.")
    require_organization(user, member.organization)
    return member


def member_history(member: Member) -> QuerySet[MemberEvent]:
    return (
        MemberEvent.objects.filter(member=member)
        .select_related("from_organization", "to_organization", "recorded_by", "organization_event")
        .order_by("effective_on", "pk")
    )


def member_periods(member: Member) -> QuerySet[MemberPeriod]:
    return MemberPeriod.objects.filter(member=member).select_related("organization").order_by("valid_from")


def search_members(
    user: User,
    *,
    query: str = "",
    organization: Organization | None = None,
    statuses: tuple[str, ...] | list[str] = ON_BOOKS,
    sex: str = "",
    exempted: bool | None = None,
) -> QuerySet[Member]:
    """Members in scope matching an accent- and case-insensitive query, sorted the Vietnamese way."""
    members = visible_members(user)
    if organization is not None:
        require_organization(user, organization)
        members = members.filter(organization__path__startswith=organization.path)
    if statuses:
        members = members.filter(status__in=statuses)
    if sex:
        members = members.filter(sex=sex)
    if exempted is not None:
        members = members.filter(exempted=exempted)
    for term in fold(query).split():
        members = members.filter(search_text__contains=term)
    return members.select_related("organization").order_by("sort_key", "pk")


def members_on(user: User, organization: Organization, day: date) -> QuerySet[Member]:
    """Members on the books of the subtree on `day` (through the effective-dated periods)."""
    from dangbo.organizations.selectors import subtree_versions

    require_organization(user, organization)
    org_ids = subtree_versions(organization, day).values("organization_id")
    member_ids = MemberPeriod.objects.filter(
        valid_from__lte=day, valid_to__gt=day, organization_id__in=org_ids
    ).values("member_id")
    return Member.objects.filter(pk__in=member_ids).order_by("sort_key", "pk")


@dataclass(frozen=True)
class DueConversion:
    member: Member
    due_on: date  # end of the 12 months of probation
    deadline: date  # 30 working days later: the cell must have considered it by then
    overdue: bool


def conversions_due(user: User, *, today: date, within_days: int = 30) -> list[DueConversion]:
    """Probationary members whose 12 months end within `within_days` or have already ended
    (Điều lệ Đảng, Điều 5: the cell considers it within 30 working days of the end)."""
    cutoff = add_months(today + timedelta(days=within_days), -12)
    candidates = (
        visible_members(user)
        .filter(status=Status.PROBATIONARY, admitted_on__lte=cutoff)
        .select_related("organization")
        .order_by("admitted_on", "sort_key")
    )
    result = []
    for member in candidates:
        due = add_months(member.admitted_on, 12)
        deadline = add_working_days(due, 30)
        result.append(DueConversion(member=member, due_on=due, deadline=deadline, overdue=today > deadline))
    return result
