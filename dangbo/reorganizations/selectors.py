"""Reads of the reorganization decisions for the pages that correct or withdraw them (đính chính,
hủy quyết định sắp xếp tổ chức): which decisions a user may correct, and what one decision did (the
organizations it ended or established, the members it moved). Above members: it counts their events."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dangbo.core.exceptions import PermissionDenied
from dangbo.members.models import MemberEvent
from dangbo.organizations.models import Organization, OrganizationEvent
from dangbo.reorganizations.corrections import ENDING, authorize_decision, decision_rows

if TYPE_CHECKING:
    from dangbo.accounts.models import User


def correctable_decisions(user: User, events: Iterable[OrganizationEvent]) -> set[int]:
    """The decisions among `events` the user may correct or withdraw: the principal rows in force of
    decisions the user may record (a part of a merge or a split is corrected with its principal)."""
    result = set()
    for event in events:
        if event.part_of_id is not None or event.withdrawn_by_id is not None:
            continue
        try:
            authorize_decision(user, decision_rows(event))
        except PermissionDenied:
            continue
        result.add(event.pk)
    return result


def correctable_principals(user: User, event_ids: Iterable[int | None]) -> dict[int, OrganizationEvent]:
    """For each decision row among `event_ids`, its principal, where the user may correct it."""
    rows = OrganizationEvent.objects.filter(pk__in=[i for i in event_ids if i is not None]).values_list(
        "pk", "part_of_id"
    )
    principal_of = {pk: part_of or pk for pk, part_of in rows}
    principals = {
        p.pk: p
        for p in OrganizationEvent.objects.filter(pk__in=set(principal_of.values())).select_related(
            "organization", "counterpart"
        )
    }
    allowed = correctable_decisions(user, principals.values())
    return {pk: principals[p] for pk, p in principal_of.items() if p in allowed}


@dataclass(frozen=True)
class DecisionSummary:
    """What one decision did, for the page that corrects or withdraws it."""

    principal: OrganizationEvent
    rows: list[OrganizationEvent]
    ended: list[Organization]  # organizations it ended (dissolved, merged, split)
    established: list[Organization]
    members_moved: int
    corrections: list[Any]


def decision_summary(principal: OrganizationEvent) -> DecisionSummary:
    rows = decision_rows(principal)
    ended = [r.organization for r in rows if r.action in ENDING and r.organization.ended_on == r.effective_on]
    established = [r.organization for r in rows if r.action == OrganizationEvent.Action.ESTABLISH]
    members = MemberEvent.recorded.filter(organization_event__in=rows).values("member_id").distinct().count()
    corrections = list(principal.corrections.select_related("recorded_by").order_by("pk"))
    return DecisionSummary(principal, rows, ended, established, members, corrections)
