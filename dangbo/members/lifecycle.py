"""The member lifecycle as a pure state machine: dated events in, state and periods out.

No Django imports: the services feed it the member's events and store what it returns. A status
is only ever the result of events (never of the calendar alone); an event that does not fit the
member's state at its date raises LifecycleError with a Vietnamese message citing the rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

# Event kinds and statuses, as stored (see models.MemberEvent.Kind and models.Status).
ADMISSION = "admission"
TRANSFER_IN = "transfer_in"
OFFICIAL = "official"
TRANSFER = "transfer"
RETURN = "return"
EXEMPTION = "exemption"
EXEMPTION_END = "exemption_end"
SUSPENSION = "suspension"  # đình chỉ sinh hoạt đảng: still on the books, not rated (QĐ 366, from 2025)
SUSPENSION_END = "suspension_end"
DISCIPLINE = "discipline"
REMOVAL = "removal"
DEATH = "death"
LEAVING = "leaving"

PROBATIONARY = "probationary"
OFFICIAL_STATUS = "official"
TRANSFERRED_OUT = "transferred_out"
REMOVED = "removed"
EXPELLED = "expelled"
DECEASED = "deceased"
LEFT = "left"
ON_BOOKS = {PROBATIONARY, OFFICIAL_STATUS}

STATUS_LABELS = {
    PROBATIONARY: "dự bị",
    OFFICIAL_STATUS: "chính thức",
    TRANSFERRED_OUT: "đã chuyển sinh hoạt đi",
    REMOVED: "đã bị xóa tên",
    EXPELLED: "đã bị khai trừ",
    DECEASED: "đã từ trần",
    LEFT: "đã ra khỏi Đảng",
}


class LifecycleError(ValueError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class EventFact:
    kind: str
    effective_on: date
    to_organization_id: int | None = None
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class State:
    status: str | None = None
    organization_id: int | None = None
    temporary_organization_id: int | None = None
    temporary: bool = False
    exempted: bool = False
    suspended: bool = False
    admitted_on: date | None = None
    official_on: date | None = None
    ended_on: date | None = None
    last_event_on: date | None = None

    @property
    def on_books(self) -> bool:
        return self.status in ON_BOOKS


@dataclass(frozen=True)
class Period:
    organization_id: int
    temporary_organization_id: int | None
    status: str
    exempted: bool
    valid_from: date
    valid_to: date | None  # None: still open


def _require_on_books(state: State, what: str) -> None:
    if not state.on_books:
        label = STATUS_LABELS.get(state.status or "", "chưa có trong danh sách")
        raise LifecycleError(f"Không thể {what}: đảng viên {label}.")


def apply(state: State, event: EventFact) -> State:
    """The state after one event; raises LifecycleError when the event does not fit."""
    day = event.effective_on
    if state.last_event_on and day < state.last_event_on:
        raise LifecycleError(
            f"Ngày hiệu lực {day:%d/%m/%Y} trước sự kiện gần nhất ({state.last_event_on:%d/%m/%Y}); "
            "quá trình sinh hoạt phải ghi theo thứ tự thời gian.",
            field="effective_on",
        )
    state = replace(state, last_event_on=day)
    kind = event.kind
    if kind == ADMISSION:
        if state.status is not None:
            raise LifecycleError("Đảng viên đã có trong danh sách; không thể kết nạp lại.")
        if event.to_organization_id is None:
            raise LifecycleError("Phải chọn chi bộ kết nạp.", field="to_organization")
        return replace(state, status=PROBATIONARY, organization_id=event.to_organization_id, admitted_on=day)
    if kind == TRANSFER_IN:
        if state.status is not None and state.status != TRANSFERRED_OUT:
            raise LifecycleError(f"Không thể tiếp nhận: đảng viên {STATUS_LABELS[state.status]}.")
        if event.to_organization_id is None:
            raise LifecycleError("Phải chọn chi bộ tiếp nhận.", field="to_organization")
        status = event.details.get("status", OFFICIAL_STATUS)
        if status not in ON_BOOKS:
            raise LifecycleError("Tình trạng khi tiếp nhận phải là dự bị hoặc chính thức.", field="status")
        return replace(
            state,
            status=status,
            organization_id=event.to_organization_id,
            temporary_organization_id=None,
            temporary=False,
            ended_on=None,
            admitted_on=state.admitted_on or _date_detail(event, "admitted_on"),
            official_on=state.official_on or _date_detail(event, "official_on"),
        )
    if kind == OFFICIAL:
        if state.status != PROBATIONARY:
            raise LifecycleError(
                "Chỉ công nhận chính thức cho đảng viên dự bị (Điều lệ Đảng, Điều 5)."
                if state.on_books
                else f"Không thể công nhận chính thức: đảng viên {STATUS_LABELS.get(state.status or '', '')}."
            )
        return replace(state, status=OFFICIAL_STATUS, official_on=day)
    if kind == TRANSFER:
        _require_on_books(state, "chuyển sinh hoạt")
        transfer_type = event.details.get("transfer_type", "official")
        if transfer_type == "temporary":
            if state.temporary:
                raise LifecycleError("Đảng viên đang sinh hoạt tạm thời nơi khác; hãy ghi kết thúc trước.")
            return replace(state, temporary=True, temporary_organization_id=event.to_organization_id)
        if event.to_organization_id is None:
            return replace(
                state, status=TRANSFERRED_OUT, ended_on=day, temporary=False, temporary_organization_id=None
            )
        if event.to_organization_id == state.organization_id:
            raise LifecycleError(
                "Chi bộ chuyển đến trùng với chi bộ đang sinh hoạt.", field="to_organization"
            )
        return replace(
            state, organization_id=event.to_organization_id, temporary=False, temporary_organization_id=None
        )
    if kind == RETURN:
        _require_on_books(state, "kết thúc sinh hoạt tạm thời")
        if not state.temporary:
            raise LifecycleError("Đảng viên không sinh hoạt tạm thời nơi khác.")
        return replace(state, temporary=False, temporary_organization_id=None)
    if kind == EXEMPTION:
        _require_on_books(state, "miễn công tác và sinh hoạt")
        if state.exempted:
            raise LifecycleError("Đảng viên đã được miễn công tác và sinh hoạt đảng.")
        return replace(state, exempted=True)
    if kind == EXEMPTION_END:
        _require_on_books(state, "thôi miễn sinh hoạt")
        if not state.exempted:
            raise LifecycleError("Đảng viên không được miễn công tác và sinh hoạt đảng.")
        return replace(state, exempted=False)
    if kind == SUSPENSION:
        _require_on_books(state, "đình chỉ sinh hoạt đảng")
        if state.suspended:
            raise LifecycleError("Đảng viên đang bị đình chỉ sinh hoạt đảng.")
        return replace(state, suspended=True)
    if kind == SUSPENSION_END:
        _require_on_books(state, "kết thúc đình chỉ sinh hoạt đảng")
        if not state.suspended:
            raise LifecycleError("Đảng viên không bị đình chỉ sinh hoạt đảng.")
        return replace(state, suspended=False)
    if kind == DISCIPLINE:
        _require_on_books(state, "kỷ luật")
        form = event.details.get("form")
        if form not in {"reprimand", "warning", "dismissal", "expulsion"}:
            raise LifecycleError("Phải chọn hình thức kỷ luật.", field="form")
        if state.status == PROBATIONARY and form not in {"reprimand", "warning"}:
            raise LifecycleError(
                "Đảng viên dự bị chỉ bị kỷ luật bằng hình thức khiển trách hoặc cảnh cáo (Điều lệ Đảng, Điều 35).",
                field="form",
            )
        if form == "expulsion":
            return replace(
                state, status=EXPELLED, ended_on=day, temporary=False, temporary_organization_id=None
            )
        return state
    if kind in (REMOVAL, DEATH, LEAVING):
        _require_on_books(
            state, {REMOVAL: "xóa tên", DEATH: "ghi từ trần", LEAVING: "ghi ra khỏi Đảng"}[kind]
        )
        status = {REMOVAL: REMOVED, DEATH: DECEASED, LEAVING: LEFT}[kind]
        return replace(state, status=status, ended_on=day, temporary=False, temporary_organization_id=None)
    raise LifecycleError(f"Loại sự kiện không hợp lệ: {kind}", field="kind")


def _date_detail(event: EventFact, key: str) -> date | None:
    value = event.details.get(key)
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def replay(events: Iterable[EventFact]) -> tuple[State, list[Period]]:
    """Apply the events in order; return the final state and the periods on the books."""
    state = State()
    periods: list[Period] = []
    for event in events:
        state = apply(state, event)
        _extend(periods, state, event.effective_on)
    return state, periods


def _extend(periods: list[Period], state: State, day: date) -> None:
    current = periods[-1] if periods and periods[-1].valid_to is None else None
    if state.on_books:
        assert state.organization_id is not None and state.status is not None
        wanted = Period(
            organization_id=state.organization_id,
            temporary_organization_id=state.temporary_organization_id,
            status=state.status,
            exempted=state.exempted,
            valid_from=day,
            valid_to=None,
        )
        if current and replace(current, valid_from=day) == wanted:
            return
        if current:
            periods.pop()
            if current.valid_from < day:
                periods.append(replace(current, valid_to=day))
        periods.append(wanted)
    elif current:
        periods.pop()
        if current.valid_from < day:
            periods.append(replace(current, valid_to=day))


def event_sources(events: Iterable[EventFact]) -> list[int | None]:
    """For each event, the cell it moves the member from: the home cell, the temporary cell for a
    return, none for an admission or a transfer in (the services record the same)."""
    state = State()
    sources: list[int | None] = []
    for event in events:
        if event.kind in (ADMISSION, TRANSFER_IN):
            sources.append(None)
        elif event.kind == RETURN:
            sources.append(state.temporary_organization_id)
        else:
            sources.append(state.organization_id)
        state = apply(state, event)
    return sources
