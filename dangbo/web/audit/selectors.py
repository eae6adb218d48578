"""Reading the audit trail: an officer sees the entries of their subtree."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.timezone import make_aware

from dangbo.accounts.scope import path_filter, sees_personal_data
from dangbo.audit.models import AuditEntry
from dangbo.core.text import nfc

if TYPE_CHECKING:
    from dangbo.accounts.models import User
    from dangbo.members.models import Member
    from dangbo.organizations.models import Organization

RECORD_PAGE_ENTRIES = 30


def audit_entries(user: User, *, query: str = "", target: models.Model | None = None) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.filter(path_filter(user, "scope_path", personal=True))
    if target is not None:
        entries = entries.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
    text = nfc(query or "")
    if text:
        entries = entries.filter(
            Q(target_label__icontains=text) | Q(action__icontains=text) | Q(actor_name__icontains=text)
        )
    return entries.select_related("actor")


def can_read_audit(user: User) -> bool:
    """The trail names members: it is for those who see personal data (administrators, officers,
    grassroots staff, cell secretaries) — not a read-only viewer of reports — and each sees the
    entries of the part of the tree where they do (a viewer and secretary: the cell's only)."""
    return sees_personal_data(user)


def _about(user: User, targets: dict[str, list[str]]) -> QuerySet[AuditEntry]:
    condition = Q(pk__in=[])
    for target_type, ids in targets.items():
        if ids:
            condition |= Q(target_type=target_type, target_id__in=ids)
    return (
        AuditEntry.objects.filter(path_filter(user, "scope_path", personal=True))
        .filter(condition)
        .select_related("actor")
    )


def member_audit_entries(user: User, member: Member) -> QuerySet[AuditEntry]:
    """What was done to a member's record and to their ratings, newest first."""
    from dangbo.evaluations.models import MemberRating

    ratings = [str(pk) for pk in MemberRating.objects.filter(member=member).values_list("pk", flat=True)]
    return _about(user, {"members.member": [str(member.pk)], "evaluations.memberrating": ratings})


def organization_audit_entries(user: User, organization: Organization) -> QuerySet[AuditEntry]:
    """What was done to an organization: its decisions, its ratings and review, exports of its lists."""
    from dangbo.evaluations.models import OrganizationRating, ReviewCycle

    ratings = OrganizationRating.objects.filter(organization=organization).values_list("pk", flat=True)
    cycles = ReviewCycle.objects.filter(organization=organization).values_list("pk", flat=True)
    return _about(
        user,
        {
            "organizations.organization": [str(organization.pk)],
            "evaluations.organizationrating": [str(pk) for pk in ratings],
            "evaluations.reviewcycle": [str(pk) for pk in cycles],
        },
    )


def rating_audit_entries(user: User, rating: models.Model) -> QuerySet[AuditEntry]:
    return _about(user, {rating._meta.label_lower: [str(rating.pk)]})


MAX_MATCHED_MEMBERS = 1000


def _target_matches(user: User, text: str) -> Q:
    """The record's name as written in the entry (contains), or — ignoring accents and case, as the
    member search does — the members in scope whose name matches ("nguyen van an")."""
    from dangbo.members.selectors import search_members

    ids = list(
        search_members(user, query=text, statuses=()).values_list("pk", flat=True)[:MAX_MATCHED_MEMBERS]
    )
    condition = Q(target_label__icontains=nfc(text))
    if ids:
        condition |= Q(target_type="members.member", target_id__in=[str(i) for i in ids])
    return condition


def audit_search(
    user: User,
    *,
    actor: str = "",
    action: str = "",
    target: str = "",
    target_type: str = "",
    target_id: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    """The search page: by who (login, contains), what (an action or a group of them, e.g. "member."),
    on what (the target's name, contains; or its type and id exactly) and when (days, both included,
    in the local time zone)."""
    entries = AuditEntry.objects.filter(path_filter(user, "scope_path", personal=True))
    if actor.strip():
        entries = entries.filter(actor_name__icontains=nfc(actor.strip()))
    if action:
        entries = (
            entries.filter(action__startswith=action)
            if action.endswith(".")
            else entries.filter(action=action)
        )
    if target.strip():
        entries = entries.filter(_target_matches(user, target.strip()))
    if target_type:
        entries = entries.filter(target_type=target_type)
    if target_id:
        entries = entries.filter(target_id=target_id)
    if date_from is not None:  # a range on the indexed column, from local midnight
        entries = entries.filter(at__gte=make_aware(datetime.combine(date_from, time.min)))
    if date_to is not None:
        entries = entries.filter(at__lt=make_aware(datetime.combine(date_to + timedelta(days=1), time.min)))
    return entries.select_related("actor")
