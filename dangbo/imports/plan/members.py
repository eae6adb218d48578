"""Checking the members sheet: who each row is (CCCD, then party card number, then Dangbo's own
number from an export), what changes for a recorded member, and what a new member's record holds.
Their histories are built in dangbo.imports.plan.events."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from django.db import connection

from dangbo.core.dates import add_months
from dangbo.core.exceptions import ApplicationError
from dangbo.core.idsets import id_lookups
from dangbo.core.text import fold
from dangbo.imports import choices, values
from dangbo.imports.plan.base import (
    INVALID,
    NEW,
    REFUSED,
    UNCHANGED,
    UPDATED,
    Context,
    Person,
    Plan,
    RowReader,
    key_column,
    no_member,
    no_organization,
    reads_usual_keys,
    rows_of,
)
from dangbo.imports.plan.marks import MemberCapture, Skip, marked_person
from dangbo.imports.reader import Sheet
from dangbo.imports.tree import Org
from dangbo.imports.values import choice_key
from dangbo.members.models import Member, MemberEvent
from dangbo.members.services import PROFILE_FIELDS, clean_profile

Kind = MemberEvent.Kind
CHUNK = 900
_DIGIT = re.compile(r"\d")
_TEXT_FIELDS = (
    "full_name",
    "ethnicity",
    "religion",
    "hometown",
    "profession",
    "birth_name",
    "aliases",
    "birth_place",
    "residence",
    "file_number",
    "badge_number",
    "foreign_language",
    "occupation_before",
    "occupation",
    "notes",
)
_MAX = {
    "full_name": 120,
    "birth_name": 120,
    "aliases": 120,
    "ethnicity": 40,
    "religion": 40,
    "education": 20,
    "profession": 120,
    "foreign_language": 60,
    "occupation_before": 120,
    "occupation": 120,
    "file_number": 20,
    "badge_number": 20,
    "notes": 2000,
}
# the member's personal fields are the services' own list: one place says what a profile is
_DB_FIELDS = (
    "id",
    *PROFILE_FIELDS,
    "status",
    "organization_id",
    "organization__path",
    "admitted_on",
    "official_on",
    "version",
)
_COMPARED = PROFILE_FIELDS


@dataclass
class MemberRow:
    reader: RowReader
    cccd: str | None
    card: str | None
    ref: int | None
    profile: dict[str, Any]
    admitted_on: date | None
    official_on: date | None
    cell_code: str
    cell_field: str | None  # the column the cell came from (None: the sheet's name or title)
    mark: Skip | None = None  # taken as unchanged without being read (dangbo.imports.plan.marks)


@dataclass
class People:
    by_cccd: dict[str, Person] = field(default_factory=dict)
    by_card: dict[str, Person] = field(default_factory=dict)
    by_id: dict[int, Person] = field(default_factory=dict)
    claimed: dict[int, tuple[str, int]] = field(default_factory=dict)  # id(person) -> (sheet, row)
    in_plan: set[int] = field(default_factory=set)  # id(person) of those in plan.people
    db_events: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    # the numbers the file names that are recorded for a member outside the user's scope: no one
    # else may take them, and nothing else about that member is loaded
    taken_cccds: set[str] = field(default_factory=set)
    taken_cards: set[str] = field(default_factory=set)

    def taken(self, cccd: str | None, card: str | None) -> bool:
        """Does the row give a number that a member outside the user's scope holds?"""
        return bool((cccd and cccd in self.taken_cccds) or (card and card in self.taken_cards))

    def find(
        self, cccd: str | None, card: str | None, ref: int | None = None, name: str = ""
    ) -> tuple[Person | None, str]:
        """The person with this CCCD, else this card number; a message when the two name different
        members. Dangbo's own number (from an export) is used only when the row has neither, and
        only if the name agrees: it means nothing in another database. Only the people of the
        file and of the user's scope are here: the messages name no one else."""
        if cccd or card:
            by_cccd = self.by_cccd.get(cccd) if cccd else None
            by_card = self.by_card.get(card) if card else None
            if by_cccd is not None and by_card is not None and by_cccd is not by_card:
                return None, (
                    f"Số CCCD {cccd} là của {by_cccd.name}, còn số thẻ {card} là của {by_card.name}: "
                    "hai số không cùng một đảng viên."
                )
            return by_cccd or by_card, ""
        if not ref:
            return None, ""
        by_ref = self.by_id.get(ref)
        if by_ref is None:
            return None, no_member(None, None, ref)
        if name and choice_key(name) != choice_key(by_ref.name):
            return None, f"Mã Dangbo {ref} là của {by_ref.name}, không phải của {name}."
        return by_ref, ""


# --- reading the rows ------------------------------------------------------------------------------


def _sheet_cell_code(ctx: Context, sheet: Sheet) -> str | None:
    """One sheet per cell, without a "Mã tổ chức" column: the cell is the sheet's name (a code, or
    the name of exactly one cell in the user's scope) or is written in a title row ("Mã chi bộ: X")."""
    candidates: list[str] = []
    for title in sheet.titles:
        folded = fold(title)
        for marker in ("ma chi bo", "ma to chuc", "ma don vi"):
            if marker in folded:
                tail = title[folded.index(marker) + len(marker) :].strip(" :.-")
                if tail:
                    candidates.append(values.code_value(tail.split(" ")[0]))
    candidates.append(values.code_value(sheet.name))
    for code in candidates:
        if code in ctx.tree.by_code:
            return code
    wanted = {fold(sheet.name), *(fold(t) for t in sheet.titles)}
    matches = {
        org.code
        for org in ctx.tree.by_code.values()
        if org.visible and org.is_open and fold(org.name) in wanted and ctx.tree.is_cell_at(org.id, ctx.today)
    }
    return matches.pop() if len(matches) == 1 else None


def _require_columns(ctx: Context, sheet: Sheet, names: tuple[str, ...]) -> bool:
    missing = [sheet.kind.column(n).header for n in names if n not in sheet.columns]
    if missing:
        ctx.issues.error(
            sheet.name,
            None,
            "",
            "",
            "",
            f"Thiếu cột {', '.join('“' + m + '”' for m in missing)}; sheet không được đọc.",
        )
        return False
    return True


_UNSEEN = object()


@dataclass(slots=True)
class _Column:
    """One column's reading, remembered by value for the sheet: a file repeats its names, places,
    choices, dates and cells. Only a reading that said nothing (no error, no warning) is
    remembered; a value at fault is read, and reported, on every row that has it."""

    name: str
    read: Callable[[RowReader], Any]  # the reading of the cell (RowReader.text, .date, ...)
    known: dict[Any, Any] = field(default_factory=dict)

    def get(self, r: RowReader) -> Any:
        value = r.cells.get(self.name)
        if value.__class__ is str or value.__class__ is date:  # (1 == 1.0 == True: numbers not kept)
            found = self.known.get(value, _UNSEEN)
            return self.read_new(r, value) if found is _UNSEEN else found
        return self.read(r)

    def read_new(self, r: RowReader, value: Any) -> Any:
        issues = r.ctx.issues
        said = len(issues.errors) + issues.warning_count
        found = self.read(r)
        if len(issues.errors) + issues.warning_count == said:
            self.known[value] = found
        return found


@dataclass(slots=True)
class _Columns:
    """The readings of a members sheet's columns. `profile`: those a row reads first, in the order
    of its issues, each stored under its field when it gives a value."""

    profile: list[_Column]
    admitted: _Column
    official: _Column | None
    cell: _Column
    usual_keys: bool  # RowReader.usual_keys may read the keys (reads_usual_keys)

    @classmethod
    def of(cls, sheet: Sheet) -> _Columns:
        def text(name: str) -> _Column:
            required, max_length = name == "full_name", _MAX.get(name, 255)
            return _Column(name, lambda r: r.text(name, required=required, max_length=max_length))

        def choice(name: str, options: dict[str, str], what: str, allowed: str, required: bool) -> _Column:
            return _Column(name, lambda r: r.choice(name, options, what, allowed, required=required))

        def day(name: str, required: bool) -> _Column:
            return _Column(name, lambda r: r.date(name, required=required))

        profile = [
            *(text(name) for name in _TEXT_FIELDS),
            _Column("education", _education),
            choice("sex", choices.SEX, "Giới tính", choices.SEX_ALLOWED, True),
            day("birth_date", True),
            choice(
                "political_theory",
                choices.POLITICAL_THEORY,
                "Lý luận chính trị",
                choices.POLITICAL_THEORY_ALLOWED,
                False,
            ),
            choice("force", choices.FORCE, "Bộ đội, công an, hưu trí", choices.FORCE_ALLOWED, False),
        ]
        return cls(
            # a column the sheet does not have gives nothing and says nothing, unless it is
            # required: those are there (_require_columns)
            [c for c in profile if c.name in sheet.columns],
            day("admitted_on", True),
            day("official_on", False) if "official_on" in sheet.columns else None,
            _Column("organization_code", lambda r: r.code("organization_code", required=True)),
            reads_usual_keys(sheet),
        )


def _education(r: RowReader) -> str:
    raw = r.raw("education")
    if isinstance(raw, date):  # "12/12" typed into Excel becomes a date
        return f"{raw.day}/{raw.month}"
    return r.text("education", max_length=20)


def parse_members(ctx: Context, sheets: list[Sheet]) -> list[MemberRow]:
    result: list[MemberRow] = []
    for sheet in sheets:
        stats = ctx.stat(sheet)
        stats.rows += len(sheet.rows)
        if not _require_columns(ctx, sheet, ("full_name", "sex", "birth_date", "admitted_on")):
            stats.invalid += len(sheet.rows)
            continue
        if not {"cccd", "party_card_number", "member_ref"} & set(sheet.columns):
            ctx.issues.error(
                sheet.name,
                None,
                "",
                "",
                "",
                "Thiếu cột “Số CCCD” và cột “Số thẻ đảng viên”: cần ít nhất một để nhận diện đảng viên; sheet không được đọc.",
            )
            stats.invalid += len(sheet.rows)
            continue
        sheet_code = None
        if "organization_code" not in sheet.columns:
            sheet_code = _sheet_cell_code(ctx, sheet)
            if sheet_code is None:
                ctx.issues.error(
                    sheet.name,
                    None,
                    "",
                    "",
                    sheet.name,
                    "Không có cột “Mã tổ chức” và không xác định được chi bộ từ tên sheet hay dòng tiêu đề: "
                    "hãy thêm cột “Mã tổ chức”, đặt tên sheet là mã chi bộ, hoặc ghi “Mã chi bộ: …” ở dòng tiêu đề.",
                )
                stats.invalid += len(sheet.rows)
                continue
        columns = _Columns.of(sheet)
        marks = ctx.marks
        if marks is None or not marks.capture:
            for rownum, row in rows_of(ctx, sheet):
                result.append(_member_row(RowReader(ctx, sheet, rownum, row), sheet_code, columns))
            continue
        skips, name = marks.skips, sheet.name
        for rownum, row in rows_of(ctx, sheet):
            key = (name, rownum)
            skip = skips.get(key) if skips else None
            if skip is not None:
                reader = RowReader.bare(ctx, sheet, rownum)
                reader.replay(skip.warnings)
                result.append(MemberRow(reader, None, None, None, {}, None, None, "", None, skip))
                continue
            ctx.row_warnings = []
            item = _member_row(RowReader(ctx, sheet, rownum, row), sheet_code, columns)
            marks.members[key] = MemberCapture(
                item.profile,  # (a new member's gains its numbers: compared only for recorded ones)
                item.cccd,
                item.card,
                item.admitted_on,
                item.official_on,
                item.cell_code,
                item.cell_field,
                ctx.row_warnings,
            )
            ctx.row_warnings = None
            result.append(item)
    return result


@lru_cache(maxsize=65_536)
def _months_after(day: date, months: int) -> date:
    # the same days of admission and birth come back row after row
    return add_months(day, months)


def _member_row(r: RowReader, sheet_code: str | None, columns: _Columns) -> MemberRow:
    profile: dict[str, Any] = {}
    cells = r.cells
    for column in columns.profile:  # _Column.get, inlined: a hundred thousand rows of ten columns
        value = cells.get(column.name)
        if value.__class__ is str or value.__class__ is date:
            found = column.known.get(value, _UNSEEN)
            if found is _UNSEEN:
                found = column.read_new(r, value)
        else:
            found = column.read(r)
        if found:
            profile[column.name] = found
    birth = profile.get("birth_date")
    cccd, card, ref = r.usual_keys() if columns.usual_keys else r.keys()
    admitted = columns.admitted.get(r)
    official = columns.official.get(r) if columns.official is not None else None
    if admitted and official and official < admitted:
        r.error("official_on", f"Ngày chính thức trước ngày vào Đảng ({admitted:%d/%m/%Y}).")
        official = None
    if birth and admitted:
        if birth >= admitted:
            r.error("birth_date", "Ngày sinh phải trước ngày vào Đảng.")
        elif admitted.year - birth.year <= 18 and _months_after(birth, 18 * 12) > admitted:
            r.error(
                "admitted_on",
                f"Vào Đảng khi chưa đủ 18 tuổi (sinh ngày {birth:%d/%m/%Y}) — Điều lệ Đảng, Điều 1.",
            )
    if (
        admitted
        and official
        and official.year - admitted.year <= 1
        and admitted <= official < _months_after(admitted, 12)
    ):
        r.warning("official_on", "Chưa đủ 12 tháng dự bị tính từ ngày vào Đảng (Điều lệ Đảng, Điều 5).")
    if sheet_code is None:
        cell_code = columns.cell.get(r)
        cell_field: str | None = "organization_code"
    else:
        cell_code, cell_field = sheet_code, None
    return MemberRow(r, cccd, card, ref, profile, admitted, official, cell_code, cell_field)


# --- who is who ------------------------------------------------------------------------------------


def _matching_ids(column: str, keys: set[Any]) -> list[int]:
    """The ids of the members whose `column` is one of `keys`: plain SQL in chunks, since a file
    of a hundred thousand members would otherwise build a hundred ORM queries of 900 parameters."""
    if not keys:
        return []
    table = connection.ops.quote_name(Member._meta.db_table)
    quoted = connection.ops.quote_name(column)
    ordered = list(keys)  # (in no particular order: the ids found are a set)
    found: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            cursor.execute(
                f"SELECT id FROM {table} WHERE {quoted} IN ({', '.join(['%s'] * len(chunk))})", chunk
            )
            found.extend(row[0] for row in cursor.fetchall())
    return found


def load_people(ctx: Context, cccds: set[str], cards: set[str], refs: set[int]) -> People:
    """The recorded members the file names, found in chunks (never a query per row): only those in
    the user's personal-data scope. Of a member outside it, only that a CCCD or card number the file
    gives is taken (so that no one else is given it); nothing that could name them is read."""
    people = People()
    scope_write = ctx.write_paths
    from dangbo.accounts.scope import path_filter, scope_paths

    scope_personal = scope_paths(ctx.actor, personal=True)
    in_scope = path_filter(ctx.actor, "organization__path", personal=True)
    ids = sorted(
        {
            *_matching_ids("cccd", cccds),
            *_matching_ids("party_card_number", cards),
            *_matching_ids("id", refs),
        }
    )
    for lookup, chunk in id_lookups("pk", ids):  # (a range may read members the file does not name)
        if scope_personal is not None:  # (None: everyone is in the scope)
            inside = Member.objects.filter(in_scope, **lookup).values("pk")
            for member_id, cccd, card in (
                Member.objects.filter(**lookup)
                .exclude(pk__in=inside)
                .values_list("pk", "cccd", "party_card_number")
            ):
                if member_id not in chunk:
                    continue
                if cccd and cccd in cccds:
                    people.taken_cccds.add(cccd)
                if card and card in cards:
                    people.taken_cards.add(card)
        for row in Member.objects.filter(in_scope, **lookup).order_by("pk").values(*_DB_FIELDS):
            if row["id"] not in chunk:
                continue
            db: dict[str, Any] = dict(row)
            path = db["organization__path"]
            db["visible"] = scope_personal is None or any(path.startswith(p) for p in scope_personal)
            db["writable"] = scope_write is None or any(path.startswith(p) for p in scope_write)
            person = Person(cccd=db["cccd"], card=db["party_card_number"], member_id=db["id"], db=db)
            people.by_id[row["id"]] = person
            if person.cccd:
                people.by_cccd[person.cccd] = person
            if person.card:
                people.by_card[person.card] = person
    return people


def load_db_events(people: People, persons: list[Person]) -> None:
    ids = sorted(
        {p.member_id for p in persons if p.member_id is not None and p.member_id not in people.db_events}
    )
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for member_id in chunk:
            people.db_events.setdefault(member_id, [])
        for row in (
            MemberEvent.objects.filter(member_id__in=chunk)
            .order_by("member_id", "effective_on", "pk")
            .values("member_id", "kind", "effective_on", "to_organization_id", "details")
        ):
            people.db_events[row["member_id"]].append(dict(row))


# --- members --------------------------------------------------------------------------------------


def plan_members(ctx: Context, rows: list[MemberRow], people: People, plan: Plan) -> None:
    sheet: Sheet | None = None
    stats = None
    cells: dict[str, Org] = {}  # the codes of the cells a new member may be placed in, as checked
    for item in rows:
        r = item.reader
        if r.sheet is not sheet:
            sheet = r.sheet
            stats = ctx.stat(sheet)
        assert stats is not None
        if item.mark is not None:  # unchanged since the import that marked it, the record read again
            marked = marked_person(item.mark, r.sheet.name, r.rownum)
            people.by_id.setdefault(marked.member_id or 0, marked)
            people.claimed[id(marked)] = (r.sheet.name, r.rownum)
            add_to_plan(people, plan, marked)
            stats.count(UNCHANGED)
            continue
        if not r.ok:
            stats.count(INVALID)
            continue
        if (people.taken_cccds or people.taken_cards) and people.taken(item.cccd, item.card):
            # a number of a member outside the scope: refused without saying why (that would say
            # who holds it, or that they are a party member at all)
            r.error(key_column(item.cccd, item.card, item.ref), REFUSED)
            stats.count(INVALID)
            continue
        person, conflict = people.find(item.cccd, item.card, item.ref, item.profile.get("full_name", ""))
        if conflict:
            r.error(key_column(item.cccd, item.card, item.ref), conflict)
            stats.count(INVALID)
            continue
        if person is not None and id(person) in people.claimed:
            sheet_name, row = people.claimed[id(person)]
            r.error(
                key_column(item.cccd, item.card, item.ref),
                f"Đảng viên trùng với dòng {row} (sheet “{sheet_name}”).",
            )
            stats.count(INVALID)
            continue
        if person is None and not (item.cccd or item.card):
            r.error(
                key_column(item.cccd, item.card, item.ref),
                "Đảng viên mới phải có số CCCD hoặc số thẻ đảng viên.",
            )
            stats.count(INVALID)
            continue
        if person is None:
            outcome = _new_person(ctx, item, people, plan, cells)
        else:
            people.claimed[id(person)] = (r.sheet.name, r.rownum)
            outcome = _compare_person(ctx, item, person, people)
            add_to_plan(people, plan, person)
        stats.count(outcome)


def add_to_plan(people: People, plan: Plan, person: Person) -> None:
    if id(person) not in people.in_plan:
        people.in_plan.add(id(person))
        plan.people.append(person)


def _profile_error(r: RowReader, error: ApplicationError) -> None:
    r.error(error.field if error.field and r.has(error.field) else None, error.message)


@lru_cache(maxsize=65_536)
def _name_ok(name: str) -> bool:
    """What clean_profile asks of a name (at least two words, no digits), checked without it on
    the way that a hundred thousand rows take; a name that fails goes to clean_profile for the reason.
    (Cached: names come back, and as the very same strings, read once per sheet: _Column.)"""
    return name.count(" ") >= 1 and _DIGIT.search(name) is None


def _new_person(ctx: Context, item: MemberRow, people: People, plan: Plan, cells: dict[str, Org]) -> str:
    r = item.reader
    profile = item.profile  # already clean: NFC text, known choices, real dates
    if not _name_ok(profile.get("full_name", "")):
        try:  # the member services' own check gives the reason
            clean_profile(item.profile)
        except ApplicationError as error:
            _profile_error(r, error)
            return INVALID
    cell = cells.get(item.cell_code)
    if cell is None:
        cell = ctx.tree.get(item.cell_code)
        where = item.cell_field
        if cell is None or not cell.visible:
            r.error(where, no_organization(item.cell_code), item.cell_code)
            return INVALID
        if not cell.in_scope:
            r.error(where, f"Bạn chỉ được xem, không được ghi đảng viên vào {cell.name}.", item.cell_code)
            return INVALID
        if not ctx.tree.ever_cell(cell.id):
            r.error(
                where,
                f"{cell.name} không phải là chi bộ; đảng viên sinh hoạt tại chi bộ cơ sở hoặc chi bộ trực thuộc.",
                item.cell_code,
            )
            return INVALID
        cells[item.cell_code] = cell
    if item.cccd:
        profile["cccd"] = item.cccd
    if item.card:
        profile["party_card_number"] = item.card
    where_from = (r.sheet.name, r.rownum)
    # (Person's fields in order: a hundred thousand new members, and keywords cost more)
    person = Person(
        item.cccd, item.card, None, None, profile, *where_from, item.admitted_on, item.official_on, cell.id
    )
    if item.cccd:
        people.by_cccd[item.cccd] = person
    if item.card:
        people.by_card[item.card] = person
    people.claimed[id(person)] = where_from
    people.in_plan.add(id(person))  # (add_to_plan: a new person is not in the plan yet)
    plan.people.append(person)
    return NEW


def _compare_person(ctx: Context, item: MemberRow, person: Person, people: People) -> str:
    """A member already recorded: fill in what differs (empty cells keep the record), never the
    dates of admission and official membership, which change only by a decision."""
    r = item.reader
    db = person.db
    assert db is not None
    key_field = key_column(item.cccd, item.card, item.ref)
    if not db["visible"]:  # never loaded (load_people); said as of anyone not in the scope
        r.error(key_field, no_member(item.cccd, item.card, item.ref))
        return INVALID
    person.sheet, person.row = r.sheet.name, r.rownum
    changes = {k: v for k, v in item.profile.items() if k in _COMPARED and v != db.get(k)}
    if item.cccd and item.cccd != db["cccd"]:
        if db["cccd"]:
            r.error("cccd", f"Hồ sơ ghi số CCCD {db['cccd']}; số CCCD chỉ sửa trên trang đảng viên.")
            return INVALID
        changes["cccd"] = item.cccd
        people.by_cccd[item.cccd] = person
    if item.card and item.card != db["party_card_number"]:
        if db["party_card_number"] and item.cccd:
            changes["party_card_number"] = item.card  # a new card (the 2025 exchange), matched by CCCD
        elif not db["party_card_number"]:
            changes["party_card_number"] = item.card
        people.by_card[item.card] = person
    ok = True
    if item.admitted_on and item.admitted_on != db["admitted_on"]:
        r.error(
            "admitted_on",
            f"Hồ sơ ghi ngày vào Đảng {db['admitted_on']:%d/%m/%Y}; ngày vào Đảng không sửa bằng nhập tệp.",
        )
        ok = False
    if item.official_on and db["official_on"] and item.official_on != db["official_on"]:
        r.error(
            "official_on",
            f"Hồ sơ ghi ngày chính thức {db['official_on']:%d/%m/%Y}; ngày chính thức không sửa bằng nhập tệp.",
        )
        ok = False
    person.admitted_on = db["admitted_on"]
    person.official_on = db["official_on"]
    person.profile = {}
    db["file_official_on"] = item.official_on
    db["file_cell_code"] = item.cell_code
    db["file_cell_field"] = item.cell_field
    if changes:
        if not db["writable"]:
            r.error(key_field, "Vai trò của bạn chỉ cho phép xem đảng viên này; không ghi được thay đổi.")
            return INVALID
        try:
            profile_changes = {k: v for k, v in changes.items() if k not in ("cccd", "party_card_number")}
            clean_profile(profile_changes, instance=Member(pk=person.member_id))
        except ApplicationError as error:
            _profile_error(r, error)
            return INVALID
        person.profile = changes
    if not ok:
        person.ok = False
        return INVALID
    return UPDATED if changes else UNCHANGED
