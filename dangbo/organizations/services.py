"""Every write to the organization tree. Each function is one transaction; a refusal raises
ApplicationError with a Vietnamese message naming the field, and writes nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from dangbo.accounts.scope import authorize
from dangbo.audit.services import audit_record
from dangbo.core.exceptions import ApplicationError
from dangbo.core.text import nfc
from dangbo.organizations.models import (
    ALLOWED_CHILDREN,
    CELL_KINDS,
    GRASSROOTS_KINDS,
    Kind,
    Organization,
    OrganizationEvent,
    OrganizationVersion,
    Sector,
)

if TYPE_CHECKING:
    from dangbo.accounts.models import User

Action = OrganizationEvent.Action


@dataclass(frozen=True)
class Decision:
    """Số và ngày quyết định, cơ quan ban hành."""

    number: str
    date: date
    issued_by: str = ""
    note: str = ""

    def cleaned(self) -> Decision:
        number = nfc(self.number or "")
        if not number:
            raise ApplicationError("Phải nhập số quyết định.", field="decision_number")
        if not self.date:
            raise ApplicationError("Phải nhập ngày quyết định.", field="decision_date")
        return Decision(
            number=number, date=self.date, issued_by=nfc(self.issued_by or ""), note=self.note or ""
        )


def version_at(organization: Organization, day: date) -> OrganizationVersion | None:
    return OrganizationVersion.objects.filter(
        organization=organization, valid_from__lte=day, valid_to__gt=day
    ).first()


def _require_version(
    organization: Organization, day: date, field: str = "organization"
) -> OrganizationVersion:
    version = version_at(organization, day)
    if version is None:
        raise ApplicationError(
            f"{organization.name} không hoạt động vào ngày {day:%d/%m/%Y}.",
            field=field,
        )
    return version


def _check_no_later_change(organization: Organization, day: date) -> None:
    later = OrganizationVersion.objects.filter(organization=organization, valid_from__gt=day).exists()
    ended_later = organization.ended_on is not None and organization.ended_on > day
    if later or ended_later:
        raise ApplicationError(
            f"{organization.name} đã có thay đổi sau ngày {day:%d/%m/%Y}; hãy ghi các quyết định theo thứ tự thời gian.",
            field="effective_on",
        )


def _sync_current(organization: Organization) -> None:
    latest = OrganizationVersion.objects.filter(organization=organization).order_by("-valid_from").first()
    assert latest is not None
    organization.name = latest.name
    organization.kind = latest.kind
    organization.parent_id = latest.parent_id
    organization.path = latest.path
    organization.version += 1
    organization.save(update_fields=["name", "kind", "parent", "path", "version"])


def _new_version(
    organization: Organization, day: date, event: OrganizationEvent, **changes: object
) -> OrganizationVersion:
    """Close the version valid on `day` and open one with the changes, both marked with the decision
    (`event`). A version that starts that very day is not amended but kept, replaced by the new one,
    so that withdrawing the decision can put it back."""
    _check_no_later_change(organization, day)
    current = _require_version(organization, day)
    fields: dict[str, object] = {
        "name": current.name,
        "kind": current.kind,
        "parent_id": current.parent_id,
        "path": current.path,
        "depth": current.depth,
    }
    fields.update(changes)
    end = current.valid_to
    if current.valid_from == day:
        current.replaced_by = event
        current.save(update_fields=["replaced_by"])
    else:
        current.valid_to = day
        current.closed_by = event
        current.save(update_fields=["valid_to", "closed_by"])
    version = OrganizationVersion.objects.create(
        organization=organization, valid_from=day, valid_to=end, opened_by=event, **fields
    )
    _sync_current(organization)
    return version


def _check_child_kind(parent_kind: str | None, kind: str) -> None:
    if parent_kind is None:
        if kind not in {Kind.PROVINCE, Kind.DISTRICT, Kind.COMMUNE, Kind.SUPERIOR, *GRASSROOTS_KINDS}:
            raise ApplicationError("Tổ chức cấp này phải có cấp trên.", field="parent")
        return
    if kind not in ALLOWED_CHILDREN[parent_kind]:
        raise ApplicationError(
            f"{Kind(kind).label} không thể trực thuộc {Kind(parent_kind).label.lower()}.",
            field="kind",
        )


def _log(
    organization: Organization,
    action: str,
    day: date,
    decision: Decision,
    actor: User,
    counterpart: Organization | None = None,
    details: dict | None = None,
    part_of: OrganizationEvent | None = None,
) -> OrganizationEvent:
    """Record the decision (before the changes it makes, which name it) and its audit entry."""
    event = OrganizationEvent.objects.create(
        organization=organization,
        action=action,
        effective_on=day,
        decision_number=decision.number,
        decision_date=decision.date,
        issued_by=decision.issued_by,
        note=decision.note,
        counterpart=counterpart,
        details=details or {},
        recorded_by=actor if actor.pk else None,
        part_of=part_of,
    )
    audit_record(
        actor=actor,
        action=f"organization.{action}",
        target=organization,
        after={
            "effective_on": day,
            "decision_number": decision.number,
            "counterpart": counterpart.code if counterpart else None,
            **(details or {}),
        },
        scope_path=organization.path,
    )
    return event


@transaction.atomic
def organization_establish(
    *,
    actor: User,
    code: str,
    name: str,
    kind: str,
    sector: str,
    parent: Organization | None,
    effective_on: date,
    decision: Decision,
) -> Organization:
    """Thành lập: a new node under `parent` from `effective_on`."""
    return _establish(
        actor=actor,
        code=code,
        name=name,
        kind=kind,
        sector=sector,
        parent=parent,
        effective_on=effective_on,
        decision=decision,
        part_of=None,
    )


def _establish(
    *,
    actor: User,
    code: str,
    name: str,
    kind: str,
    sector: str,
    parent: Organization | None,
    effective_on: date,
    decision: Decision,
    part_of: OrganizationEvent | None,
) -> Organization:
    decision = decision.cleaned()
    code = nfc(code or "").upper()
    name = nfc(name or "")
    if not code:
        raise ApplicationError("Phải nhập mã tổ chức.", field="code")
    if not name:
        raise ApplicationError("Phải nhập tên tổ chức.", field="name")
    if kind not in Kind.values:
        raise ApplicationError(f"Cấp tổ chức “{kind}” không hợp lệ.", field="kind")
    if sector not in Sector.values:
        raise ApplicationError(f"Loại hình “{sector}” không hợp lệ.", field="sector")
    if effective_on is None:
        raise ApplicationError("Phải nhập ngày thành lập.", field="effective_on")
    existing = Organization.objects.filter(code=code).first()
    if existing is not None:
        raise ApplicationError(
            f"Mã tổ chức “{code}” đã được dùng"
            + (
                " cho một tổ chức có quyết định thành lập đã bị hủy; hãy chọn mã khác."
                if existing.is_void
                else "."
            ),
            field="code",
        )
    # a node is established by a writer of its parent; a root, by a system administrator
    authorize(actor, parent.path if parent is not None else "/", write=True)
    parent_version = _require_version(parent, effective_on, field="parent") if parent else None
    _check_child_kind(parent_version.kind if parent_version else None, kind)
    organization = Organization.objects.create(
        code=code,
        name=name,
        kind=kind,
        sector=sector,
        parent=parent,
        established_on=effective_on,
        path="",
    )
    path = f"{parent_version.path if parent_version else '/'}{organization.pk}/"
    organization.path = path
    organization.save(update_fields=["path"])
    event = _log(
        organization, Action.ESTABLISH, effective_on, decision, actor, counterpart=parent, part_of=part_of
    )
    OrganizationVersion.objects.create(
        organization=organization,
        name=name,
        kind=kind,
        parent=parent,
        path=path,
        depth=path.count("/") - 2,
        valid_from=effective_on,
        opened_by=event,
    )
    return organization


@transaction.atomic
def organization_rename(
    *, actor: User, organization: Organization, name: str, effective_on: date, decision: Decision
) -> Organization:
    decision = decision.cleaned()
    authorize(actor, organization, write=True, superior=True)
    name = nfc(name or "")
    if not name:
        raise ApplicationError("Phải nhập tên mới.", field="name")
    current = _require_version(organization, effective_on, field="effective_on")
    if current.name == name:
        raise ApplicationError("Tên mới trùng với tên hiện tại.", field="name")
    _check_no_later_change(organization, effective_on)
    event = _log(
        organization,
        Action.RENAME,
        effective_on,
        decision,
        actor,
        details={"old_name": current.name, "new_name": name},
    )
    _new_version(organization, effective_on, event, name=name)
    return organization


def _subtree_versions_at(path: str, day: date) -> list[OrganizationVersion]:
    return list(
        OrganizationVersion.objects.filter(path__under=path, valid_from__lte=day, valid_to__gt=day)
        .select_related("organization")
        .order_by("depth")
    )


@transaction.atomic
def organization_move(
    *,
    actor: User,
    organization: Organization,
    new_parent: Organization,
    effective_on: date,
    decision: Decision,
) -> Organization:
    """Chuyển trực thuộc: the node and its subtree go under `new_parent` from `effective_on`."""
    return _move(
        actor=actor,
        organization=organization,
        new_parent=new_parent,
        effective_on=effective_on,
        decision=decision,
        part_of=None,
    )


def _move(
    *,
    actor: User,
    organization: Organization,
    new_parent: Organization,
    effective_on: date,
    decision: Decision,
    part_of: OrganizationEvent | None,
) -> Organization:
    decision = decision.cleaned()
    authorize(actor, organization, write=True, superior=True)
    authorize(actor, new_parent, write=True)
    current = _require_version(organization, effective_on, field="effective_on")
    parent_version = _require_version(new_parent, effective_on, field="parent")
    if parent_version.path.startswith(current.path):
        raise ApplicationError(
            "Không thể chuyển một tổ chức vào chính nó hoặc tổ chức cấp dưới của nó.", field="parent"
        )
    if current.parent_id == new_parent.pk:
        raise ApplicationError("Tổ chức đã trực thuộc cấp trên này.", field="parent")
    _check_child_kind(parent_version.kind, current.kind)
    old_prefix = current.path
    new_prefix = f"{parent_version.path}{organization.pk}/"
    shift = new_prefix.count("/") - old_prefix.count("/")
    subtree = _subtree_versions_at(old_prefix, effective_on)
    for version in subtree:
        _check_no_later_change(version.organization, effective_on)
    old_parent = current.parent
    event = _log(
        organization,
        Action.MOVE,
        effective_on,
        decision,
        actor,
        counterpart=new_parent,
        details={"old_parent": old_parent.code if old_parent else None, "new_parent": new_parent.code},
        part_of=part_of,
    )
    for version in subtree:
        changes: dict[str, object] = {
            "path": new_prefix + version.path[len(old_prefix) :],
            "depth": version.depth + shift,
        }
        if version.organization_id == organization.pk:
            changes["parent_id"] = new_parent.pk
        _new_version(version.organization, effective_on, event, **changes)
    organization.refresh_from_db()
    return organization


def _end(organization: Organization, day: date, event: OrganizationEvent) -> None:
    _check_no_later_change(organization, day)
    current = _require_version(organization, day, field="effective_on")
    if current.valid_from == day:
        raise ApplicationError(
            "Không thể giải thể tổ chức vào đúng ngày có quyết định trước đó.", field="effective_on"
        )
    current.valid_to = day
    current.closed_by = event
    current.save(update_fields=["valid_to", "closed_by"])
    organization.ended_on = day
    organization.version += 1
    organization.save(update_fields=["ended_on", "version"])


def _active_children(organization: Organization, day: date) -> list[OrganizationVersion]:
    return list(
        OrganizationVersion.objects.filter(
            parent=organization, valid_from__lte=day, valid_to__gt=day
        ).select_related("organization")
    )


def _require_receiving_cell(cell: Organization, day: date, leaving: Organization) -> None:
    version = _require_version(cell, day, field="receiving")
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
    from dangbo.members import services as member_services
    from dangbo.members.models import ON_BOOKS, Member

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
    return _dissolve(
        actor=actor,
        organization=organization,
        effective_on=effective_on,
        decision=decision,
        receiving=receiving,
        default_receiving=default_receiving,
    )


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
    children = _active_children(organization, effective_on)
    if children:
        raise ApplicationError(
            f"{organization.name} còn {len(children)} tổ chức trực thuộc; hãy chuyển hoặc giải thể các tổ chức đó trước.",
            field="organization",
        )
    _check_no_later_change(organization, effective_on)
    org_event = event or _log(
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
    _end(organization, effective_on, org_event)
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
    target_version = _require_version(target, effective_on, field="target")
    principal: OrganizationEvent | None = None
    for source in sources:
        if source.pk == target.pk:
            raise ApplicationError("Tổ chức nhận không thể là tổ chức được sáp nhập.", field="target")
        source_version = _require_version(source, effective_on, field="sources")
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
            principal = _log(
                target,
                Action.MERGE,
                effective_on,
                decision,
                actor,
                details={"merged": [s.code for s in sources]},
            )
        for child in _active_children(source, effective_on):
            _move(
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
    source_version = _require_version(source, effective_on, field="source")
    if source_version.kind not in CELL_KINDS:
        raise ApplicationError(
            "Chỉ chia tách chi bộ; với đảng bộ, hãy thành lập và chuyển trực thuộc.", field="source"
        )
    from dangbo.members.models import ON_BOOKS, Member

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
    split_event = _log(
        source,
        Action.SPLIT,
        effective_on,
        decision,
        actor,
        details={"into": [nfc(part.code or "").upper() for part in parts]},
    )
    created = [
        _establish(
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
        from dangbo.members import services as member_services

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
    return created


__all__ = [
    "Decision",
    "SplitPart",
    "organization_dissolve",
    "organization_establish",
    "organization_merge",
    "organization_move",
    "organization_rename",
    "organization_split",
    "version_at",
]


LETTERHEAD_ABBREVIATION_MAX = 12


@transaction.atomic
def organization_set_letterhead(
    *, actor: User, organization: Organization, number_abbreviation: str, superior_printed_name: str
) -> Organization:
    """How the organization heads its documents (Hướng dẫn 36-HD/VPTW): the issuing body's
    abbreviation in a number ("QU") and the superior body's name as printed; empty = derived
    (dangbo/organizations/letterhead.py). Decided by the superior (its officer or an administrator)."""
    from dangbo.organizations.audit_actions import AuditAction

    authorize(actor, organization, write=True, superior=True)
    abbreviation = nfc(number_abbreviation or "").strip().upper()
    if len(abbreviation) > LETTERHEAD_ABBREVIATION_MAX or (
        abbreviation and not abbreviation.replace("/", "").isalnum()
    ):
        raise ApplicationError(
            f"Ký hiệu cơ quan ban hành chỉ gồm chữ (và dấu /), tối đa {LETTERHEAD_ABBREVIATION_MAX} ký tự, ví dụ QU, ĐU, CB.",
            field="number_abbreviation",
        )
    superior = nfc(superior_printed_name or "").strip()
    if len(superior) > 255:
        raise ApplicationError("Tên cơ quan cấp trên dài quá 255 ký tự.", field="superior_printed_name")
    before = {
        "number_abbreviation": organization.number_abbreviation,
        "superior_printed_name": organization.superior_printed_name,
    }
    after = {"number_abbreviation": abbreviation, "superior_printed_name": superior}
    if before == after:
        raise ApplicationError("Không có gì thay đổi.", field="number_abbreviation")
    organization.number_abbreviation, organization.superior_printed_name = abbreviation, superior
    organization.save(update_fields=["number_abbreviation", "superior_printed_name"])
    audit_record(
        actor=actor,
        action=AuditAction.LETTERHEAD,
        target=organization,
        label=organization.name,
        scope_path=organization.path,
        before=before,
        after=after,
    )
    return organization
