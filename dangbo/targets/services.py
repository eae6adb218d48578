"""Every write of targets (chỉ tiêu) and cell meetings (sinh hoạt chi bộ): one transaction each, with
its audit entry. Scope: a target is set by the level above the organization (a writing role strictly
above it); a meeting is recorded by whoever may write in the cell."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from dangbo.accounts.scope import authorize
from dangbo.audit.services import audit_record, snapshot
from dangbo.core.exceptions import ApplicationError, RuleViolation
from dangbo.core.text import TextRefused, clean_text, nfc
from dangbo.members.models import Member
from dangbo.organizations.models import Organization
from dangbo.targets import rules, selectors
from dangbo.targets.models import Attendance, Meeting, Target

if TYPE_CHECKING:
    from dangbo.accounts.models import User

TARGET_FIELDS = ("value", "decision_number", "note")


SET_BY_SUPERIOR = (
    "Chỉ tiêu của {name} do cấp ủy cấp trên giao; bạn không có quyền giao chỉ tiêu "
    "cho tổ chức này (chỉ giao cho các tổ chức trực thuộc tổ chức bạn phụ trách)."
)


@transaction.atomic
def targets_set(
    *,
    actor: User,
    organization: Organization,
    year: int,
    values: Mapping[str, int | None],
    decision_number: str = "",
    note: str = "",
) -> list[Target]:
    """Giao chỉ tiêu: set (or change) the year's targets of the given kinds for an organization.
    A kind given None keeps its target as it is. Nothing is written if any value is refused."""
    authorize(actor, organization)  # outside the scope: refused without naming it
    authorize(  # targets are set by a writer of the level above (a system administrator for a root)
        actor, organization, write=True, superior=True, refusal=SET_BY_SUPERIOR.format(name=organization.name)
    )
    selectors.check_year(year)
    if organization.ended_on is not None and organization.ended_on <= date(year, 1, 1):
        raise ApplicationError(
            f"{organization.name} đã giải thể, sáp nhập trước năm {year}; không giao chỉ tiêu.", field="year"
        )
    if organization.established_on >= date(year + 1, 1, 1):
        raise ApplicationError(f"{organization.name} chưa thành lập trong năm {year}.", field="year")
    decision_number = nfc(decision_number or "").strip()
    note = nfc(note or "").strip()
    if len(decision_number) > 60:
        raise ApplicationError("Số văn bản giao chỉ tiêu dài tối đa 60 ký tự.", field="decision_number")
    chosen = [(selectors.target_kind(key), value) for key, value in values.items() if value is not None]
    if not chosen:
        raise ApplicationError("Phải nhập ít nhất một chỉ tiêu.", field="values")
    for kind, value in chosen:
        problems = rules.check_target_value(value)
        if problems:
            raise RuleViolation(f"{kind.label}: {' '.join(problems)}", field=kind.key)
    saved = []
    for kind, value in chosen:
        target = (
            Target.objects.select_for_update()
            .filter(organization=organization, year=year, kind=kind.key)
            .first()
        )
        before = snapshot(target, TARGET_FIELDS) if target else None
        if target is None:
            target = Target(organization=organization, year=year, kind=kind.key)
        assert value is not None
        target.value = value
        target.decision_number = decision_number
        target.note = note
        target.recorded_by = actor if actor.pk else None
        target.save()
        audit_record(
            actor=actor,
            action="target_set",
            target=target,
            label=f"Chỉ tiêu {kind.label.lower()} năm {year} — {organization.name}",
            before=before,
            after=snapshot(target, TARGET_FIELDS),
            scope_path=organization.path,
        )
        saved.append(target)
    return saved


@dataclass(frozen=True)
class Presence:
    status: str
    reason: str = ""


@transaction.atomic
def meeting_record(
    *,
    actor: User,
    cell: Organization,
    held_on: date,
    kind: str,
    topics: str,
    attendance: Mapping[int, Presence],
    note: str = "",
) -> Meeting:
    """Ghi biên bản sinh hoạt chi bộ: the meeting and the attendance of every member expected at it
    (on the cell's books and not exempted, or active in it temporarily)."""
    authorize(actor, cell, write=True)
    if not cell.is_cell:
        raise ApplicationError(
            f"{cell.name} không phải là chi bộ; sinh hoạt chi bộ chỉ ghi cho chi bộ.", field="cell"
        )
    if not isinstance(held_on, date):
        raise ApplicationError("Phải nhập ngày sinh hoạt.", field="held_on")
    problems = rules.meeting_day_violations(held_on, selectors.cell_life(cell), cell.name)
    if problems:
        raise RuleViolation(" ".join(problems), field="held_on")
    if kind not in Meeting.Kind.values:
        raise ApplicationError("Phải chọn hình thức sinh hoạt (thường kỳ hoặc chuyên đề).", field="kind")
    topics = nfc(topics or "").strip()
    if not topics:
        raise ApplicationError("Phải nhập nội dung sinh hoạt.", field="topics")
    if kind == Meeting.Kind.REGULAR:
        same_month = Meeting.objects.filter(
            organization=cell,
            kind=Meeting.Kind.REGULAR,
            held_on__year=held_on.year,
            held_on__month=held_on.month,
        ).first()
        if same_month is not None:
            raise ApplicationError(
                f"{cell.name} đã có buổi sinh hoạt thường kỳ tháng {held_on:%m/%Y} "
                f"(ngày {same_month.held_on:%d/%m/%Y}); buổi khác trong tháng hãy ghi là sinh hoạt chuyên đề.",
                field="held_on",
            )
    expected = {m.pk: m for m in selectors.expected_attendees(cell, held_on)}
    if not expected:
        raise ApplicationError(
            f"{cell.name} không có đảng viên sinh hoạt vào ngày {held_on:%d/%m/%Y}.", field="held_on"
        )
    unknown = [member_id for member_id in attendance if member_id not in expected]
    if unknown:
        names = ", ".join(m.full_name for m in Member.objects.filter(pk__in=unknown)) or ", ".join(
            map(str, unknown)
        )
        raise ApplicationError(
            f"Không thuộc danh sách sinh hoạt của {cell.name} ngày {held_on:%d/%m/%Y}: {names}.",
            field="attendance",
        )
    missing = [m.full_name for member_id, m in expected.items() if member_id not in attendance]
    if missing:
        raise ApplicationError(f"Chưa ghi việc dự sinh hoạt của: {', '.join(missing)}.", field="attendance")
    rows = []
    for member_id, presence in attendance.items():
        member = expected[member_id]
        if presence.status not in Attendance.Status.values:
            raise ApplicationError(f"{member.full_name}: tình trạng dự họp không hợp lệ.", field="attendance")
        try:  # posted beside the meeting's form, not through it: the one cleaner here
            reason = clean_text(presence.reason or "", label=f"Lý do vắng của {member.full_name}")
        except TextRefused as refused:
            raise ApplicationError(refused.message, field="attendance") from None
        if presence.status == Attendance.Status.EXCUSED and not reason:
            raise ApplicationError(
                f"{member.full_name} vắng có lý do: phải ghi lý do vắng.", field="attendance"
            )
        if presence.status == Attendance.Status.PRESENT:
            reason = ""
        if len(reason) > 255:
            raise ApplicationError(
                f"{member.full_name}: lý do vắng dài tối đa 255 ký tự.", field="attendance"
            )
        rows.append((member, presence.status, reason))
    meeting = Meeting.objects.create(
        organization=cell,
        held_on=held_on,
        kind=kind,
        topics=topics,
        note=nfc(note or "").strip(),
        recorded_by=actor if actor.pk else None,
    )
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=meeting, member=member, status=status, reason=reason)
            for member, status, reason in rows
        ]
    )
    counts = {status: sum(1 for _, s, _ in rows if s == status) for status in Attendance.Status.values}
    audit_record(
        actor=actor,
        action="meeting_record",
        target=meeting,
        label=f"{meeting.get_kind_display()} ngày {held_on:%d/%m/%Y} — {cell.name}",
        after={**snapshot(meeting, ("organization_id", "held_on", "kind", "topics")), "attendance": counts},
        scope_path=cell.path,
    )
    return meeting
