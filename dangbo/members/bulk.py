"""Bulk creation of member records with their event history, for the demo, the benchmarks and imports.

The same lifecycle state machine as the services derives each member's state and periods, so a
bulk-loaded record is indistinguishable from one written event by event. The caller owns the
transaction (wrap the call in transaction.atomic()).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dangbo.core.dates import OPEN_END
from dangbo.core.exceptions import ApplicationError
from dangbo.members import lifecycle
from dangbo.members.models import Member, MemberEvent, MemberPeriod
from dangbo.members.services import derived_text


@dataclass
class PlannedEvent:
    kind: str
    effective_on: date
    to_organization_id: int | None = None
    decision_number: str = ""
    decision_date: date | None = None
    issued_by: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    note: str = ""


@dataclass
class PlannedMember:
    profile: dict[str, Any]  # Member personal fields, already clean (NFC, valid CCCD …)
    events: list[PlannedEvent]


def bulk_create_members(planned: Sequence[PlannedMember], *, batch_size: int = 2000) -> list[Member]:
    """Create the members, their events and periods; ApplicationError names the row at fault."""
    members: list[Member] = []
    derived: list[tuple[lifecycle.State, list[lifecycle.Period]]] = []
    for index, plan in enumerate(planned, start=1):
        facts = [
            lifecycle.EventFact(e.kind, e.effective_on, e.to_organization_id, e.details) for e in plan.events
        ]
        try:
            state, periods = lifecycle.replay(facts)
        except lifecycle.LifecycleError as error:
            raise ApplicationError(
                f"Dòng {index} ({plan.profile.get('full_name', '')}): {error.message}"
            ) from None
        if state.status is None or state.organization_id is None or state.admitted_on is None:
            raise ApplicationError(f"Dòng {index}: đảng viên phải có quyết định kết nạp hoặc tiếp nhận.")
        member = Member(
            **plan.profile,
            status=state.status,
            organization_id=state.organization_id,
            temporary_organization_id=state.temporary_organization_id,
            exempted=state.exempted,
            admitted_on=state.admitted_on,
            official_on=state.official_on,
            ended_on=state.ended_on,
        )
        derived_text(member)
        members.append(member)
        derived.append((state, periods))
    Member.objects.bulk_create(members, batch_size=batch_size)
    events: list[MemberEvent] = []
    period_rows: list[MemberPeriod] = []
    for member, plan, (_, periods) in zip(members, planned, derived, strict=True):
        facts = [
            lifecycle.EventFact(e.kind, e.effective_on, e.to_organization_id, e.details) for e in plan.events
        ]
        for planned_event, source in zip(plan.events, lifecycle.event_sources(facts), strict=True):
            events.append(
                MemberEvent(
                    member=member,
                    kind=planned_event.kind,
                    effective_on=planned_event.effective_on,
                    decision_number=planned_event.decision_number,
                    decision_date=planned_event.decision_date,
                    issued_by=planned_event.issued_by,
                    from_organization_id=source,
                    to_organization_id=planned_event.to_organization_id,
                    details=planned_event.details,
                    note=planned_event.note,
                )
            )
        period_rows.extend(
            MemberPeriod(
                member=member,
                organization_id=p.organization_id,
                temporary_organization_id=p.temporary_organization_id,
                status=p.status,
                exempted=p.exempted,
                valid_from=p.valid_from,
                valid_to=p.valid_to or OPEN_END,
            )
            for p in periods
        )
    MemberEvent.objects.bulk_create(events, batch_size=batch_size)
    MemberPeriod.objects.bulk_create(period_rows, batch_size=batch_size)
    return members
