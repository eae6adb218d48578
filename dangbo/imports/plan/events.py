"""Checking the events sheet (quá trình sinh hoạt) and building each member's history: a new
member's whole history, or the decisions added to a recorded one, replayed by the same state machine
as the services (dangbo.members.lifecycle), so that an event that does not fit is reported on its row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dangbo.core.dates import OPEN_END
from dangbo.imports import choices
from dangbo.imports.bulk import ADMISSION_DETAILS, EMPTY, history
from dangbo.imports.plan.base import (
    INVALID,
    NEW,
    UNCHANGED,
    Context,
    Person,
    Plan,
    PlannedEv,
    RowReader,
    key_column,
    no_member,
    no_organization,
    rows_of,
)
from dangbo.imports.plan.members import People, load_db_events
from dangbo.imports.reader import Sheet
from dangbo.imports.values import choice_key
from dangbo.members import authority, lifecycle
from dangbo.members.models import MemberEvent, Status
from dangbo.members.selectors import authority_settings

Kind = MemberEvent.Kind
ADMISSION, TRANSFER_IN, OFFICIAL = Kind.ADMISSION, Kind.TRANSFER_IN, Kind.OFFICIAL
Columns = dict[tuple[str, str | None], tuple[str, str]]  # (sheet, field) -> (column letter, header)


@dataclass
class EventRow:
    reader: RowReader
    cccd: str | None
    card: str | None
    ref: int | None
    full_name: str
    kind: str | None
    effective_on: date | None
    decision_number: str
    decision_date: date | None
    issued_by: str
    to_code: str
    transfer_type: str | None
    form: str | None
    place: str
    status: str | None
    ceremony_on: date | None
    note: str
    person: Person | None = None


# --- reading the rows -----------------------------------------------------------------------------


def parse_events(ctx: Context, sheets: list[Sheet]) -> list[EventRow]:
    result: list[EventRow] = []
    for sheet in sheets:
        stats = ctx.stat(sheet)
        stats.rows += len(sheet.rows)
        for rownum, row in rows_of(ctx, sheet):
            r = RowReader(ctx, sheet, rownum, row)
            cccd, card, ref = r.keys()
            result.append(
                EventRow(
                    reader=r,
                    cccd=cccd,
                    card=card,
                    ref=ref,
                    full_name=r.text("full_name"),
                    kind=r.choice("event", choices.EVENT, "Sự kiện", choices.EVENT_ALLOWED, required=True),
                    effective_on=r.date("effective_on", required=True),
                    decision_number=r.text("decision_number", max_length=60),
                    decision_date=r.date("decision_date"),
                    issued_by=r.text("issued_by"),
                    to_code=r.code("to_code"),
                    transfer_type=r.choice(
                        "transfer_type",
                        choices.TRANSFER_TYPE,
                        "Loại chuyển sinh hoạt",
                        choices.TRANSFER_TYPE_ALLOWED,
                    ),
                    form=r.choice(
                        "form", choices.DISCIPLINE, "Hình thức kỷ luật", choices.DISCIPLINE_ALLOWED
                    ),
                    place=r.text("place"),
                    status=r.choice(
                        "status", choices.ON_BOOKS_STATUS, "Tình trạng khi tiếp nhận", choices.STATUS_ALLOWED
                    ),
                    ceremony_on=r.date("ceremony_on"),
                    note=r.text("note", max_length=2000),
                )
            )
    return result


# --- events ---------------------------------------------------------------------------------------


def plan_events(ctx: Context, rows: list[EventRow], people: People) -> None:
    """Attach each event row to its member; events already recorded are skipped."""
    for item in rows:
        r = item.reader
        if not r.ok:
            continue
        person, conflict = people.find(item.cccd, item.card, item.ref, item.full_name)
        column = key_column(item.cccd, item.card, item.ref)
        if conflict:
            r.error(column, conflict)
            continue
        if person is None:
            r.error(column, no_member(item.cccd, item.card, item.ref))
            continue
        if not person.is_new:
            assert person.db is not None
            if not person.db["visible"]:
                r.error(column, no_member(item.cccd, item.card, item.ref))
                continue
            if not person.db["writable"]:
                r.error(
                    key_column(item.cccd, item.card, item.ref),
                    "Vai trò của bạn chỉ cho phép xem đảng viên này.",
                )
                continue
        if item.full_name and choice_key(item.full_name) != choice_key(person.name):
            r.warning("full_name", f"Họ tên khác với hồ sơ ({person.name}).")
        item.person = person
    recorded = [item.person for item in rows if item.person is not None and not item.person.is_new]
    load_db_events(people, recorded)
    for item in rows:
        person = item.person
        r = item.reader
        stats = ctx.stat(r.sheet)
        if person is None or not r.ok:
            stats.count(INVALID)
            continue
        assert item.kind is not None and item.effective_on is not None
        if person.member_id is not None and any(
            e["kind"] == item.kind and e["effective_on"] == item.effective_on
            for e in people.db_events[person.member_id]
        ):
            stats.count(UNCHANGED)
            continue
        event = _event_of(ctx, item, person)
        if event is None:
            stats.count(INVALID)
            continue
        person.events.append(event)
        stats.count(NEW)


def _event_of(ctx: Context, item: EventRow, person: Person) -> PlannedEv | None:
    r = item.reader
    kind = item.kind
    assert kind is not None and item.effective_on is not None
    to_id = None
    if item.to_code:
        org = ctx.tree.get(item.to_code)
        if org is None or not org.visible:
            r.error("to_code", no_organization(item.to_code))
            return None
        if not org.in_scope and kind in (Kind.ADMISSION, Kind.TRANSFER_IN):
            r.error("to_code", f"Bạn không có quyền ghi đảng viên vào {org.name}.")
            return None
        if not ctx.tree.is_cell_at(org.id, item.effective_on):
            r.error(
                "to_code",
                f"{org.name} không phải là chi bộ đang hoạt động vào ngày {item.effective_on:%d/%m/%Y}.",
            )
            return None
        to_id = org.id
    details: dict[str, Any] = {}
    if kind in (Kind.ADMISSION, Kind.TRANSFER_IN) and to_id is None:
        r.error("to_code", "Phải ghi mã chi bộ kết nạp hoặc tiếp nhận.", "")
        return None
    if kind == Kind.ADMISSION:
        details = {"source_group": "other", "sponsors": []}
        if item.ceremony_on:
            details["ceremony_on"] = item.ceremony_on.isoformat()
    elif kind == Kind.TRANSFER_IN:
        official_on = person.official_on
        status = item.status or (
            Status.OFFICIAL if official_on and official_on <= item.effective_on else Status.PROBATIONARY
        )
        details = {
            "status": status,
            "admitted_on": person.admitted_on.isoformat() if person.admitted_on else None,
            "official_on": official_on.isoformat() if official_on and status == Status.OFFICIAL else None,
            "origin": item.place,
        }
    elif kind == Kind.TRANSFER:
        transfer_type = item.transfer_type or "official"
        if to_id is None and transfer_type in ("internal", "reorganization"):
            r.error("to_code", "Chuyển sinh hoạt nội bộ phải ghi mã chi bộ chuyển đến.", "")
            return None
        if to_id is None and not item.place and transfer_type != "temporary":
            r.error(
                "place",
                "Phải ghi mã chi bộ chuyển đến, hoặc nơi chuyển đến khi chuyển ra ngoài hệ thống.",
                "",
            )
            return None
        details = {"transfer_type": transfer_type, "destination": item.place}
    elif kind == Kind.DISCIPLINE:
        if not item.form:
            r.error("form", "Phải ghi hình thức kỷ luật (khiển trách, cảnh cáo, cách chức, khai trừ).", "")
            return None
        details = {"form": item.form}
    return PlannedEv(
        kind=kind,
        effective_on=item.effective_on,
        to_id=to_id if kind in (Kind.ADMISSION, Kind.TRANSFER_IN, Kind.TRANSFER) else None,
        decision_number=item.decision_number,
        decision_date=item.decision_date,
        issued_by=item.issued_by,
        details=details,
        note=item.note,
        sheet=r.sheet.name,
        row=r.rownum,
        column="event",
    )


# --- histories ------------------------------------------------------------------------------------


def _start_events(ctx: Context, person: Person, note: str) -> list[PlannedEv] | None:
    """Admission in the cell when it existed that day; otherwise receiving into the cell from the
    day it became one (the record came from elsewhere); then the official membership."""
    assert person.cell_id is not None and person.admitted_on is not None
    admitted, official = person.admitted_on, person.official_on
    sheet, row = person.sheet, person.row
    if ctx.tree.is_cell_at(person.cell_id, admitted):
        # (PlannedEv's fields in order: a hundred thousand new members, and keywords cost twice as much)
        events = [
            PlannedEv(
                ADMISSION,
                admitted,
                person.cell_id,
                "",
                None,
                "",
                ADMISSION_DETAILS,
                note,
                sheet,
                row,
                "admitted_on",
            )
        ]
        start = admitted
    else:
        start_or_none = ctx.tree.first_cell_day(person.cell_id, admitted)
        if start_or_none is None or start_or_none > ctx.today:
            return None
        start = start_or_none
        is_official = official is not None and official <= start
        details = {
            "status": Status.OFFICIAL if is_official else Status.PROBATIONARY,
            "admitted_on": admitted.isoformat(),
            "official_on": official.isoformat() if is_official and official else None,
            "origin": "",
        }
        events = [
            PlannedEv(
                TRANSFER_IN,
                start,
                person.cell_id,
                "",
                None,
                "",
                details,
                note,
                sheet,
                row,
                "organization_code",
            )
        ]
    if official is not None and official > start:
        events.append(
            PlannedEv(OFFICIAL, official, None, "", None, "", EMPTY, note, sheet, row, "official_on")
        )
    return events


def plan_histories(ctx: Context, people_list: list[Person], columns: Columns) -> None:
    """Build and check the whole history of every new member, and the additions of recorded ones.
    `columns` maps (sheet, field) to (letter, header) for naming the cell of a failing event."""
    note = ctx.note
    for person in people_list:
        if not person.ok:
            continue
        if person.member_id is None:
            _new_history(ctx, person, columns, note)
        elif person.events:
            _added_history(ctx, person, columns)
    ctx.step(0)


def _error_at(ctx: Context, columns: Columns, event: PlannedEv, person: Person, message: str) -> None:
    letter, header = columns.get((event.sheet, event.column), ("", ""))
    ctx.issues.error(
        event.sheet,
        event.row,
        letter,
        header,
        event.effective_on.strftime("%d/%m/%Y"),
        f"{person.label()}: {message}",
    )
    person.ok = False


def _decision_refused(ctx: Context, event: PlannedEv, cell_id: int | None) -> str | None:
    """The refusal when the importer does not keep the records of the level that decides `event`
    for a member of `cell_id` (dangbo/members/authority.py, as the services check it)."""
    if ctx.write_paths is None or cell_id is None:
        return None
    day = event.effective_on
    ids = list(reversed(ctx.tree.ancestors_at(cell_id, day)))
    chain = []
    for org_id in ids:
        version = ctx.tree.by_id[org_id].version_at(day)
        if version is not None:
            chain.append((org_id, version.kind))
    decided_by = authority.event_authority(
        event.kind,
        chain,
        discipline_form=str(event.details.get("form", "")),
        settings=authority_settings(),
    )
    deciding = ctx.tree.by_id.get(decided_by.organization_id) if decided_by.organization_id else None
    if deciding is not None and deciding.path and any(deciding.path.startswith(p) for p in ctx.write_paths):
        return None
    return authority.refusal(
        event.kind,
        decided_by,
        deciding.name if deciding is not None else "",
        discipline_form=str(event.details.get("form", "")),
    )


def _apply_all(
    ctx: Context,
    columns: Columns,
    person: Person,
    facts: list[lifecycle.EventFact],
    added: list[PlannedEv],
    *,
    check_authority: bool = False,
) -> lifecycle.State | None:
    state = lifecycle.State()
    try:
        for fact in facts:
            state = lifecycle.apply(state, fact)
    except lifecycle.LifecycleError as error:  # the record itself does not replay: say so once
        ctx.issues.error(
            person.sheet,
            person.row,
            "",
            "",
            "",
            f"{person.label()}: hồ sơ trong hệ thống không nhất quán ({error.message}).",
        )
        person.ok = False
        return None
    for event in added:
        if check_authority:
            cell_id = (
                event.to_id if event.kind in (Kind.ADMISSION, Kind.TRANSFER_IN) else state.organization_id
            )
            refused = _decision_refused(ctx, event, cell_id)
            if refused is not None:
                _error_at(ctx, columns, event, person, refused)
                return None
        try:
            state = lifecycle.apply(
                state, lifecycle.EventFact(event.kind, event.effective_on, event.to_id, event.details)
            )
        except lifecycle.LifecycleError as error:
            _error_at(ctx, columns, event, person, error.message)
            return None
    return state


def _new_history(ctx: Context, person: Person, columns: Columns, note: str) -> None:
    if person.events:
        sheet_events = sorted(person.events, key=lambda e: e.effective_on)
        starts = [e for e in sheet_events if e.kind in (Kind.ADMISSION, Kind.TRANSFER_IN)]
    else:  # (most new members: no row in the events sheet)
        sheet_events, starts = [], []
    if starts and starts[0] is sheet_events[0]:
        events = sheet_events
        has_official = any(e.kind == Kind.OFFICIAL for e in events)
        first = events[0]
        status_at_start = (
            first.details.get("status", Status.PROBATIONARY)
            if first.kind == Kind.TRANSFER_IN
            else Status.PROBATIONARY
        )
        if (
            person.official_on
            and not has_official
            and status_at_start == Status.PROBATIONARY
            and person.official_on > first.effective_on
        ):
            events.append(
                PlannedEv(
                    Kind.OFFICIAL,
                    person.official_on,
                    details=EMPTY,
                    note=note,
                    sheet=person.sheet,
                    row=person.row,
                    column="official_on",
                )
            )
            events.sort(key=lambda e: e.effective_on)
    else:
        generated = _start_events(ctx, person, note)
        if generated is None:
            cell = ctx.tree.by_id[person.cell_id] if person.cell_id is not None else None
            letter, header = columns.get((person.sheet, "organization_code"), ("", ""))
            ctx.issues.error(
                person.sheet,
                person.row,
                letter,
                header,
                cell.code if cell else "",
                f"{cell.name if cell else 'Tổ chức'} không phải là chi bộ hoạt động từ ngày vào Đảng "
                f"({person.admitted_on:%d/%m/%Y}) hay sau đó."
                if person.admitted_on
                else "Thiếu ngày vào Đảng.",
            )
            person.ok = False
            return
        if not sheet_events:
            events = generated  # (in date order: the start, then the official membership after it)
        else:
            if any(e.kind == Kind.OFFICIAL for e in sheet_events):
                generated = [e for e in generated if e.kind != Kind.OFFICIAL]
            events = sorted([*generated, *sheet_events], key=lambda e: e.effective_on)
    try:
        state, periods, sources = history(events)
    except lifecycle.LifecycleError:
        _apply_all(
            ctx, columns, person, [], events
        )  # find the event that does not fit, and say so on its row
        return
    if state.admitted_on != person.admitted_on:
        letter, header = columns.get((person.sheet, "admitted_on"), ("", ""))
        ctx.issues.error(
            person.sheet,
            person.row,
            letter,
            header,
            f"{person.admitted_on:%d/%m/%Y}" if person.admitted_on else "",
            f"{person.label()}: ngày vào Đảng khác với quyết định kết nạp trong sheet quá trình sinh hoạt "
            f"({state.admitted_on:%d/%m/%Y})."
            if state.admitted_on
            else f"{person.label()}: thiếu ngày vào Đảng.",
        )
        person.ok = False
        return
    if not _final_cell_open(ctx, columns, person, state):
        return
    person.events = events
    person.state, person.periods, person.sources = state, periods, sources
    if len(events) > 2:
        person.discipline_days = [e.effective_on for e in events if e.kind == Kind.DISCIPLINE]
        person.suspensions = [
            (e.effective_on, e.kind == Kind.SUSPENSION)
            for e in events
            if e.kind in (Kind.SUSPENSION, Kind.SUSPENSION_END)
        ]


def _final_cell_open(ctx: Context, columns: Columns, person: Person, state: lifecycle.State) -> bool:
    if not state.on_books or state.organization_id is None:
        return True
    cell = ctx.tree.by_id.get(state.organization_id)
    if cell is not None and cell.is_open:
        return True
    letter, header = columns.get((person.sheet, "organization_code"), ("", ""))
    ended = f" ngày {cell.ended_on:%d/%m/%Y}" if cell is not None and cell.ended_on else ""
    ctx.issues.error(
        person.sheet,
        person.row,
        letter,
        header,
        cell.code if cell else "",
        f"{person.label()}: {cell.name if cell else 'chi bộ'} đã giải thể{ended}; đảng viên đang sinh hoạt "
        "phải ở một chi bộ còn hoạt động.",
    )
    person.ok = False
    return False


def _added_history(ctx: Context, person: Person, columns: Columns) -> None:
    assert person.member_id is not None
    recorded = [
        lifecycle.EventFact(e["kind"], e["effective_on"], e["to_organization_id"], e["details"] or {})
        for e in person.recorded_events
    ]
    added = sorted(person.events, key=lambda e: e.effective_on)
    # decisions on a member already on record are checked as the services check them: a conversion,
    # a removal or an expulsion is recorded by the level that decides it (a new record brought in
    # whole is a transcription of its history, checked by the scope of its cell)
    state = _apply_all(ctx, columns, person, recorded, added, check_authority=True)
    if state is None:
        return
    person.events = added
    _, person.periods = lifecycle.replay(
        [*recorded, *(lifecycle.EventFact(e.kind, e.effective_on, e.to_id, e.details) for e in added)]
    )
    person.discipline_days = [f.effective_on for f in recorded if f.kind == Kind.DISCIPLINE] + [
        e.effective_on for e in added if e.kind == Kind.DISCIPLINE
    ]
    changes = [(f.kind, f.effective_on) for f in recorded] + [(e.kind, e.effective_on) for e in added]
    person.suspensions = [
        (day, kind == Kind.SUSPENSION)
        for kind, day in changes
        if kind in (Kind.SUSPENSION, Kind.SUSPENSION_END)
    ]


def check_recorded_people(ctx: Context, plan: Plan, people: People, columns: Columns) -> None:
    """After the events: a recorded member's official date or cell in the members sheet that the
    file does not explain by a decision is reported (nothing is changed silently)."""
    for person in plan.people:
        if person.is_new or person.db is None or not person.ok or person.row is None:
            continue
        db = person.db
        file_official = db.get("file_official_on")
        explained = any(e.kind == Kind.OFFICIAL and e.effective_on == file_official for e in person.events)
        if file_official and not db["official_on"] and not explained:
            letter, header = columns.get((person.sheet, "official_on"), ("", ""))
            ctx.issues.warning(
                person.sheet,
                person.row,
                letter,
                header,
                f"{file_official:%d/%m/%Y}",
                f"{person.label()} đang là đảng viên dự bị trong hồ sơ; ngày chính thức không được ghi — "
                "hãy ghi quyết định công nhận chính thức (sheet “Quá trình sinh hoạt” hoặc trang đảng viên).",
            )
        code = db.get("file_cell_code")
        if code:
            cell = ctx.tree.get(code)
            current = db["organization_id"]
            if person.periods:
                last = person.periods[-1]
                current = (
                    last.organization_id if last.valid_to is None or last.valid_to == OPEN_END else current
                )
            if cell is None or cell.id != current:
                here = ctx.tree.by_id.get(current)
                field_name = db.get("file_cell_field")
                letter, header = columns.get((person.sheet, field_name), ("", "")) if field_name else ("", "")
                ctx.issues.warning(
                    person.sheet,
                    person.row,
                    letter,
                    header,
                    code,
                    f"{person.label()} đang sinh hoạt tại {here.name if here else '—'} ({here.code if here else ''}); "
                    "không chuyển sinh hoạt bằng nhập tệp — hãy ghi quyết định chuyển sinh hoạt.",
                )


def attach_db_events(people: People, persons: list[Person]) -> None:
    load_db_events(people, persons)
    for person in persons:
        if person.member_id is not None:
            person.recorded_events = people.db_events.get(person.member_id, [])
