"""The reorganizations of the tree that move members (sắp xếp tổ chức): giải thể (dissolve), hợp nhất,
sáp nhập (merge) and chia tách (split). Each is one transaction with its audit entries: the decision
recorded on the tree (dangbo.organizations.services' steps), the members moved to their new cells
(dangbo.members.services) with the decision named on their events. A package above members and
evaluations, so that the tree below them never imports them; the audit actions stay the
organizations' ("organization.dissolve", "organization.merge", "organization.split")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from dangbo.accounts.scope import authorize
from dangbo.core.exceptions import ApplicationError
from dangbo.core.text import nfc
from dangbo.evaluations.rollups import rollups_after_tree_change
from dangbo.members import services as member_services
from dangbo.members.models import ON_BOOKS, Member
from dangbo.organizations import services as org_services
from dangbo.organizations.models import CELL_KINDS, Organization, OrganizationEvent
from dangbo.organizations.services import Decision

if TYPE_CHECKING:
    from dangbo.accounts.models import User

Action = OrganizationEvent.Action


def _require_receiving_cell(cell: Organization, day: date, leaving: Organization) -> None:
    version = org_services.require_version(cell, day, field="receiving")
    if version.kind not in CELL_KINDS:
        raise ApplicationError(
            f"{cell.name} không phải là chi bộ; đảng viên chỉ sinh hoạt ở chi bộ.", field="receiving"
        )
    if cell.pk == leaving.pk:
        raise ApplicationError("Chi bộ nhận không thể là tổ chức bị giải thể.", field="receiving")


def _move_members_out(
    *,
    actor: User,
    organization: Organization,
    day: date,
    receiving: Mapping[int, Organization],
    default: Organization | None,
    org_event: OrganizationEvent,
    decision: Decision,
) -> int:
    members = list(
        Member.objects.filter(organization=organization, status__in=ON_BOOKS).order_by("sort_key", "pk")
    )
    missing = [m for m in members if m.pk not in receiving and default is None]
    if missing:
        names = ", ".join(m.full_name for m in missing[:5])
        raise ApplicationError(
            f"Còn {len(missing)} đảng viên chưa có chi bộ nhận ({names}{'…' if len(missing) > 5 else ''}): "
            "không thể giải thể khi còn đảng viên ở lại.",
            field="receiving",
        )
    for member in members:
        target = receiving.get(member.pk, default)
        assert target is not None
        _require_receiving_cell(target, day, organization)
        member_services.member_transfer(
            actor=actor,
            member=member,
            to_organization=target,
            transfer_type="reorganization",
            effective_on=day,
            decision_number=decision.number,
            decision_date=decision.date,
            issued_by=decision.issued_by,
            organization_event=org_event,
            check_scope=False,
        )
    for member in Member.objects.filter(temporary_organization=organization, status__in=ON_BOOKS):
        member_services.member_record_event(
            actor=actor,
            member=member,
            kind="return",
            effective_on=day,
            decision_number=decision.number,
            decision_date=decision.date,
            organization_event=org_event,
            note=f"{organization.name} giải thể",
        )
    return len(members)


@transaction.atomic
def organization_dissolve(
    *,
    actor: User,
    organization: Organization,
    effective_on: date,
    decision: Decision,
    receiving: Mapping[int, Organization] | None = None,
    default_receiving: Organization | None = None,
) -> OrganizationEvent:
    """Giải thể: members move to receiving cells (per member, or a default) in the same transaction."""
    path = organization.path  # on that day: a dissolution is refused before a later change
    event = _dissolve(
        actor=actor,
        organization=organization,
        effective_on=effective_on,
        decision=decision,
        receiving=receiving,
        default_receiving=default_receiving,
    )
    rollups_after_tree_change([path], effective_on)  # a locked year's figures follow
    return event


def _dissolve(
    *,
    actor: User,
    organization: Organization,
    effective_on: date,
    decision: Decision,
    receiving: Mapping[int, Organization] | None = None,
    default_receiving: Organization | None = None,
    action: str = Action.DISSOLVE,
    counterpart: Organization | None = None,
    part_of: OrganizationEvent | None = None,
    event: OrganizationEvent | None = None,
) -> OrganizationEvent:
    """The dissolution, alone or as part of a merge or a split (`event`: the split's own row, already
    recorded on the organization)."""
    decision = decision.cleaned()
    authorize(actor, organization, write=True, superior=True)
    for cell in {*(receiving or {}).values(), *([default_receiving] if default_receiving else [])}:
        authorize(actor, cell, write=True)
    if organization.ended_on is not None:
        raise ApplicationError(f"{organization.name} đã giải thể từ {organization.ended_on:%d/%m/%Y}.")
    children = org_services.active_children(organization, effective_on)
    if children:
        raise ApplicationError(
            f"{organization.name} còn {len(children)} tổ chức trực thuộc; hãy chuyển hoặc giải thể các tổ chức đó trước.",
            field="organization",
        )
    org_services.check_no_later_change(organization, effective_on)
    org_event = event or org_services.record_decision(
        organization, action, effective_on, decision, actor, counterpart=counterpart, part_of=part_of
    )
    moved = _move_members_out(
        actor=actor,
        organization=organization,
        day=effective_on,
        receiving=receiving or {},
        default=default_receiving,
        org_event=org_event,
        decision=decision,
    )
    org_event.details = {**org_event.details, "members_moved": moved}
    org_event.save(update_fields=["details"])
    org_services.end_node(organization, effective_on, org_event)
    return org_event


@transaction.atomic
def organization_merge(
    *,
    actor: User,
    sources: Sequence[Organization],
    target: Organization,
    effective_on: date,
    decision: Decision,
) -> Organization:
    """Hợp nhất, sáp nhập: each source's sub-units and members go to `target`, then the source ends.
    The decision is recorded on the target (its principal row) and on each source and sub-unit."""
    decision = decision.cleaned()
    authorize(actor, target, write=True)
    if not sources:
        raise ApplicationError("Phải chọn ít nhất một tổ chức được sáp nhập.", field="sources")
    target_version = org_services.require_version(target, effective_on, field="target")
    principal: OrganizationEvent | None = None
    for source in sources:
        if source.pk == target.pk:
            raise ApplicationError("Tổ chức nhận không thể là tổ chức được sáp nhập.", field="target")
        source_version = org_services.require_version(source, effective_on, field="sources")
        if target_version.path.startswith(source_version.path):
            raise ApplicationError(
                f"{target.name} thuộc {source.name}; không thể sáp nhập ngược.", field="target"
            )
        has_members = source_version.kind in CELL_KINDS
        if has_members and target_version.kind not in CELL_KINDS:
            raise ApplicationError(
                f"{source.name} là chi bộ: đảng viên chỉ có thể chuyển sang một chi bộ, không sang {target.name}.",
                field="target",
            )
        if principal is None:
            principal = org_services.record_decision(
                target,
                Action.MERGE,
                effective_on,
                decision,
                actor,
                details={"merged": [s.code for s in sources]},
            )
        for child in org_services.active_children(source, effective_on):
            org_services.move_node(
                actor=actor,
                organization=child.organization,
                new_parent=target,
                effective_on=effective_on,
                decision=decision,
                part_of=principal,
            )
        _dissolve(
            actor=actor,
            organization=source,
            effective_on=effective_on,
            decision=decision,
            default_receiving=target if has_members else None,
            action=Action.MERGE,
            counterpart=target,
            part_of=principal,
        )
    # a locked year's figures follow (the sources' sub-units now under the target)
    rollups_after_tree_change([target_version.path, *(s.path for s in sources)], effective_on)
    return target


@dataclass(frozen=True)
class SplitPart:
    code: str
    name: str
    member_ids: tuple[int, ...]


@transaction.atomic
def organization_split(
    *,
    actor: User,
    source: Organization,
    parts: Sequence[SplitPart],
    effective_on: date,
    decision: Decision,
    dissolve_source: bool,
) -> list[Organization]:
    """Chia tách: new sibling cells take the listed members; the source may end if none remain. The
    decision is recorded on the source (its principal row) and on each new cell's establishment."""
    decision = decision.cleaned()
    authorize(actor, source, write=True, superior=True)
    if not parts:
        raise ApplicationError("Phải có ít nhất một tổ chức mới.", field="parts")
    source_version = org_services.require_version(source, effective_on, field="source")
    if source_version.kind not in CELL_KINDS:
        raise ApplicationError(
            "Chỉ chia tách chi bộ; với đảng bộ, hãy thành lập và chuyển trực thuộc.", field="source"
        )
    on_books = set(
        Member.objects.filter(organization=source, status__in=ON_BOOKS).values_list("pk", flat=True)
    )
    assigned: dict[int, int] = {}
    for index, part in enumerate(parts):
        for member_id in part.member_ids:
            if member_id not in on_books:
                raise ApplicationError(
                    f"Đảng viên #{member_id} không sinh hoạt tại {source.name}.", field="parts"
                )
            if member_id in assigned:
                raise ApplicationError(
                    f"Đảng viên #{member_id} được chọn cho hai tổ chức mới.", field="parts"
                )
            assigned[member_id] = index
    if dissolve_source and set(assigned) != on_books:
        raise ApplicationError(
            f"Còn {len(on_books - set(assigned))} đảng viên chưa được phân về tổ chức mới; không thể giải thể tổ chức cũ.",
            field="parts",
        )
    parent = source_version.parent
    split_event = org_services.record_decision(
        source,
        Action.SPLIT,
        effective_on,
        decision,
        actor,
        details={"into": [nfc(part.code or "").upper() for part in parts]},
    )
    created = [
        org_services.establish_node(
            actor=actor,
            code=part.code,
            name=part.name,
            kind=source_version.kind,
            sector=source.sector,
            parent=parent,
            effective_on=effective_on,
            decision=decision,
            part_of=split_event,
        )
        for part in parts
    ]
    if dissolve_source:
        _dissolve(
            actor=actor,
            organization=source,
            effective_on=effective_on,
            decision=decision,
            receiving={member_id: created[i] for member_id, i in assigned.items()},
            event=split_event,
        )
    else:
        for member in Member.objects.filter(pk__in=assigned).order_by("pk"):
            member_services.member_transfer(
                actor=actor,
                member=member,
                to_organization=created[assigned[member.pk]],
                transfer_type="reorganization",
                effective_on=effective_on,
                decision_number=decision.number,
                decision_date=decision.date,
                issued_by=decision.issued_by,
                organization_event=split_event,
                check_scope=False,
            )
    rollups_after_tree_change([source_version.path, *(c.path for c in created)], effective_on)
    return created


__all__ = [
    "Decision",
    "SplitPart",
    "organization_dissolve",
    "organization_merge",
    "organization_split",
]
