"""Every write to the organization tree alone. Each organization_* function is one transaction; a
refusal raises ApplicationError with a Vietnamese message naming the field, and writes nothing.

The steps a decision on the tree is made of (record_decision, establish_node, move_node, end_node…)
are public for the reorganizations that also move members and take the ratings' tallies again
(dissolve, merge, split and the correction of their decisions: dangbo.reorganizations, a layer above
members and evaluations). They write without a transaction of their own: call them only inside a
service's transaction, after its authorization."""

from __future__ import annotations

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
    GRASSROOTS_KINDS,
    Kind,
    Organization,
    OrganizationEvent,
    OrganizationVersion,
    Sector,
)
from dangbo.organizations.signals import tree_changed

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


def require_version(
    organization: Organization, day: date, field: str = "organization"
) -> OrganizationVersion:
    """The version of `organization` in force on `day`; ApplicationError naming `field` if none."""
    version = version_at(organization, day)
    if version is None:
        raise ApplicationError(
            f"{organization.name} không hoạt động vào ngày {day:%d/%m/%Y}.",
            field=field,
        )
    return version


def check_no_later_change(organization: Organization, day: date) -> None:
    """Decisions are recorded in date order: refused when the node changed or ended after `day`."""
    later = OrganizationVersion.objects.filter(organization=organization, valid_from__gt=day).exists()
    ended_later = organization.ended_on is not None and organization.ended_on > day
    if later or ended_later:
        raise ApplicationError(
            f"{organization.name} đã có thay đổi sau ngày {day:%d/%m/%Y}; hãy ghi các quyết định theo thứ tự thời gian.",
            field="effective_on",
        )


def sync_current(organization: Organization) -> None:
    """The organization row takes its latest version's name, kind, parent and path."""
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
    check_no_later_change(organization, day)
    current = require_version(organization, day)
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
    sync_current(organization)
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


def record_decision(
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
    organization = establish_node(
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
    tree_changed.send(Organization, paths=[organization.path], day=effective_on)
    return organization


def establish_node(
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
    """Thành lập inside a caller's transaction (`part_of`: the decision it is part of, e.g. a split)."""
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
    parent_version = require_version(parent, effective_on, field="parent") if parent else None
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
    event = record_decision(
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
    current = require_version(organization, effective_on, field="effective_on")
    if current.name == name:
        raise ApplicationError("Tên mới trùng với tên hiện tại.", field="name")
    check_no_later_change(organization, effective_on)
    event = record_decision(
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
    old_path = organization.path  # its path on that day: a move is refused before a later change
    moved = move_node(
        actor=actor,
        organization=organization,
        new_parent=new_parent,
        effective_on=effective_on,
        decision=decision,
        part_of=None,
    )
    tree_changed.send(Organization, paths=[old_path, moved.path], day=effective_on)
    return moved


def move_node(
    *,
    actor: User,
    organization: Organization,
    new_parent: Organization,
    effective_on: date,
    decision: Decision,
    part_of: OrganizationEvent | None,
) -> Organization:
    """Chuyển trực thuộc inside a caller's transaction (`part_of`: e.g. the merge it is part of)."""
    decision = decision.cleaned()
    authorize(actor, organization, write=True, superior=True)
    authorize(actor, new_parent, write=True)
    current = require_version(organization, effective_on, field="effective_on")
    parent_version = require_version(new_parent, effective_on, field="parent")
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
        check_no_later_change(version.organization, effective_on)
    old_parent = current.parent
    event = record_decision(
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


def end_node(organization: Organization, day: date, event: OrganizationEvent) -> None:
    """Close the node's version on `day` (the decision `event`) and mark the organization ended."""
    check_no_later_change(organization, day)
    current = require_version(organization, day, field="effective_on")
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


def active_children(organization: Organization, day: date) -> list[OrganizationVersion]:
    """The sub-units of `organization` in force on `day`."""
    return list(
        OrganizationVersion.objects.filter(
            parent=organization, valid_from__lte=day, valid_to__gt=day
        ).select_related("organization")
    )


__all__ = [
    "Decision",
    "active_children",
    "check_no_later_change",
    "end_node",
    "establish_node",
    "move_node",
    "organization_establish",
    "organization_move",
    "organization_rename",
    "record_decision",
    "require_version",
    "sync_current",
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
