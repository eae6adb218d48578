"""What checking a file produces: the plan of every write, and the issues found on the way.

Nothing here writes. A row is read cell by cell through RowReader, which records an error naming
the sheet, the row, the column (letter and header as written) and the value for every cell at fault.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dangbo.core.dates import (
    EARLIEST_BIRTH,
    PARTY_FOUNDED,
    DateKind,
    DateRefused,
    check_date,
    check_review_year,
    shown,
)
from dangbo.imports import values
from dangbo.imports.issues import IssueLog
from dangbo.imports.reader import Sheet
from dangbo.imports.schema import KIND_BY_CODE
from dangbo.imports.tree import Org, Tree
from dangbo.members.lifecycle import Period, State

if TYPE_CHECKING:
    from dangbo.accounts.models import User
    from dangbo.imports.plan.marks import Marks
    from dangbo.organizations.services import Decision

NEW, UPDATED, UNCHANGED, INVALID = "new", "updated", "unchanged", "invalid"
# How the one text cleaner and date policy read some columns (the others: one line, a party decision).
NAME_COLUMNS = frozenset({"full_name", "birth_name", "name"})  # must contain letters
MULTILINE_COLUMNS = frozenset({"notes", "note"})  # line breaks kept
BIRTH_COLUMNS = frozenset({"birth_date"})


def key_column(cccd: str | None, card: str | None, ref: int | None) -> str:
    """The column a member was named by, for messages."""
    return "cccd" if cccd else "party_card_number" if card else "member_ref"


# What the import says of anything outside the user's personal-data scope: the same words as for
# what does not exist, naming no one (a member's name, CCCD or organization outside the scope never
# reaches a message, and "not yours" never reads differently from "not there").
REFUSED = "Không nhập được dòng này; liên hệ ban tổ chức cấp trên."


def no_member(cccd: str | None, card: str | None, ref: int | None) -> str:
    """A member the row names is neither in the file nor in the user's scope (or does not exist).
    The number is in the cell's value beside the message; a CCCD is not repeated here."""
    what = "Số CCCD" if cccd else "Số thẻ đảng viên" if card else f"Mã Dangbo {ref}"
    return f"{what}: không có đảng viên này trong phạm vi của bạn."


def no_organization(code: str) -> str:
    """An organization code neither in the file nor in the user's scope (or that does not exist)."""
    return f"Không có tổ chức mã “{code}” trong phạm vi của bạn (trong tệp và trong hệ thống)."


@dataclass
class SheetStats:
    name: str
    kind: str
    label: str
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


@dataclass
class Context:
    actor: User
    today: date
    filename: str
    tree: Tree
    issues: IssueLog
    write_paths: list[str] | None  # None: everywhere
    step: Callable[[int], None] = lambda n: None  # progress: n more rows checked
    stats: dict[str, SheetStats] = field(default_factory=dict)
    marks: Marks | None = None  # the rows taken as unchanged, and those marked for the next import
    # while a row is read for its mark: its warnings as (field, value, message)
    row_warnings: list[list[Any]] | None = None

    @property
    def note(self) -> str:
        return f"Nhập từ tệp Excel “{self.filename}”" if self.filename else "Nhập từ tệp Excel"

    def silent(self) -> Context:
        """This context for reading rows without saying anything: its issues, statistics and marks
        apart (a row read again in full later says what it has to)."""
        return replace(self, issues=IssueLog(), stats={}, marks=None, row_warnings=None)

    def stat(self, sheet: Sheet) -> SheetStats:
        found = self.stats.get(sheet.name)
        if found is None:
            found = self.stats[sheet.name] = SheetStats(sheet.name, sheet.kind.code, sheet.kind.title)
        return found


def rows_of(ctx: Context, sheet: Sheet, every: int = 2000) -> Iterator[tuple[int, list[Any]]]:
    """The sheet's rows, telling the progress every `every` rows."""
    for index, item in enumerate(sheet.rows, start=1):
        yield item
        if index % every == 0:
            ctx.step(every)
    ctx.step(len(sheet.rows) % every)


@lru_cache(maxsize=1024)
def _header(kind: str, name: str) -> str:
    return KIND_BY_CODE[kind].column(name).header


class RowReader:
    """Reads the cells of one row; each problem becomes an issue naming the cell."""

    __slots__ = ("cells", "ctx", "ok", "row", "rownum", "sheet")

    def __init__(self, ctx: Context, sheet: Sheet, rownum: int, row: list[Any]) -> None:
        self.ctx = ctx
        self.sheet = sheet
        self.rownum = rownum
        self.row = row
        width = len(row)
        names, getter, needed = sheet.picker
        if getter is not None and width >= needed:
            # as many cells as names (the getter is made of their indexes): zip need not check it
            self.cells = dict(zip(names, getter(row), strict=False))
        else:
            self.cells = {name: row[i] for name, i in sheet.columns.items() if i < width}
        self.ok = True

    @classmethod
    def bare(cls, ctx: Context, sheet: Sheet, rownum: int) -> RowReader:
        """The reader of a row that is not read (taken as unchanged: dangbo.imports.plan.marks)."""
        reader = cls.__new__(cls)
        reader.ctx, reader.sheet, reader.rownum, reader.row, reader.cells, reader.ok = (
            ctx,
            sheet,
            rownum,
            [],
            {},
            True,
        )
        return reader

    def replay(self, warnings: list[list[Any]]) -> None:
        """The warnings the reading of this row gave when it was marked, said again on this row."""
        for name, shown_value, message in warnings:
            self.ctx.issues.warning(
                self.sheet.name,
                self.rownum,
                self.sheet.letter(name) if name else "",
                self.sheet.headers.get(name, "") if name else "",
                shown_value,
                message,
            )

    def raw(self, name: str) -> Any:
        return self.cells.get(name)

    def has(self, name: str) -> bool:
        return name in self.sheet.columns

    def error(self, name: str | None, message: str, value: Any = None) -> None:
        self.ok = False
        shown = values.show(self.raw(name) if value is None and name else value)
        self.ctx.issues.error(
            self.sheet.name,
            self.rownum,
            self.sheet.letter(name) if name else "",
            self.sheet.headers.get(name, "") if name else "",
            shown,
            message,
        )

    def warning(self, name: str | None, message: str, value: Any = None) -> None:
        shown = values.show(self.raw(name) if value is None and name else value)
        if self.ctx.row_warnings is not None:
            self.ctx.row_warnings.append([name, shown, message])
        self.ctx.issues.warning(
            self.sheet.name,
            self.rownum,
            self.sheet.letter(name) if name else "",
            self.sheet.headers.get(name, "") if name else "",
            shown,
            message,
        )

    def _missing(self, name: str) -> None:
        header = self.sheet.kind.column(name).header
        self.error(name, f"Thiếu {header[:1].lower()}{header[1:]}.", "")

    def label(self, name: str) -> str:
        """The column's canonical header, which names it in messages."""
        return _header(self.sheet.kind.code, name)

    def text(self, name: str, *, required: bool = False, max_length: int = 255) -> str:
        value = self.cells.get(name)
        if value is None or value == "":
            result = ""
        else:
            try:
                result = values.checked_text(
                    value,
                    label=self.label(name),
                    max_length=max_length,
                    multiline=name in MULTILINE_COLUMNS,
                    name=name in NAME_COLUMNS,
                )
            except values.CellError as error:
                self.error(name, error.message)
                return ""
        if not result and required:
            self._missing(name)
        return result

    def date(self, name: str, *, required: bool = False) -> date | None:
        """A date held to the date policy of its column (dangbo.core.dates), and not in the future."""
        value = self.cells.get(name)
        kind, earliest = (
            (DateKind.BIRTH, EARLIEST_BIRTH) if name in BIRTH_COLUMNS else (DateKind.DECISION, PARTY_FOUNDED)
        )
        if value.__class__ is date and earliest <= value <= self.ctx.today:
            return value  # type: ignore[no-any-return]
        if value is None:
            if required:
                self._missing(name)
            return None
        try:
            result = values.date_value(value)
        except values.CellError as error:
            self.error(name, error.message)
            return None
        if result is None and required:
            self._missing(name)
        if result is None:
            return None
        if result > self.ctx.today:  # a file records what has happened: stricter than the policy
            self.error(name, f"{self.label(name)} {shown(result)} ở tương lai.")
            return None
        try:
            return check_date(result, kind=kind, label=self.label(name), today_=self.ctx.today)
        except DateRefused as refused:
            self.error(name, refused.message)
            return None

    def year(self, name: str = "year") -> int | None:
        value = self.cells.get(name)
        if value.__class__ is int and 1990 <= value <= self.ctx.today.year:
            return value  # type: ignore[no-any-return]
        if value.__class__ is float and value.is_integer() and 1990 <= value <= self.ctx.today.year:
            return int(value)
        try:
            result = values.year_value(value)
        except values.CellError as error:
            self.error(name, error.message)
            return None
        if result is None:
            self._missing(name)
            return None
        try:
            return check_review_year(result, today_=self.ctx.today)
        except DateRefused as refused:
            self.error(name, refused.message)
            return None

    def choice(
        self, name: str, options: dict[str, str], what: str, allowed: str, *, required: bool = False
    ) -> str | None:
        value = self.cells.get(name)
        if values.is_empty(value):
            if required:
                self._missing(name)
            return None
        try:
            return values.choice_value(value, options, what, allowed)
        except values.CellError as error:
            self.error(name, error.message)
            return None

    def code(self, name: str, *, required: bool = False) -> str:
        result = values.code_value(self.raw(name))
        try:
            values.checked_text(result, label=self.label(name))
        except values.CellError as error:
            self.error(name, error.message)
            return ""
        if not result and required:
            self._missing(name)
        if len(result) > 40:
            self.error(name, "Mã tổ chức dài quá 40 ký tự.")
            return ""
        return result

    def cccd(self) -> str | None:
        try:
            result, warning = values.cccd_value(self.raw("cccd"))
        except values.CellError as error:
            self.error("cccd", error.message)
            return None
        if warning:
            self.warning("cccd", warning)
        return result

    def card(self) -> str | None:
        value = self.cells.get("party_card_number")
        if value is None or value == "":
            return None
        result = values.card_value(value)
        if not (result.isdigit() and result.isascii()):  # (ASCII digits: nothing for the cleaner to refuse)
            try:
                values.checked_text(result, label=self.label("party_card_number"))
            except values.CellError as error:
                self.error("party_card_number", error.message)
                return None
        if len(result) > 20:
            self.error("party_card_number", "Số thẻ đảng viên dài quá 20 ký tự.")
            return None
        return result or None

    def member_ref(self) -> int | None:
        try:
            return values.int_value(self.cells.get("member_ref"), digits=12)
        except values.CellError as error:
            self.error("member_ref", error.message)
            return None

    def keys(self, *, alternative: bool = False) -> tuple[str | None, str | None, int | None]:
        """The member's CCCD, party card number and Dangbo number; an error when none is given
        (unless the row has an alternative, e.g. an organization's code)."""
        cccd = self.cccd() if self.has("cccd") else None
        card = self.card() if self.has("party_card_number") else None
        ref = self.member_ref() if self.has("member_ref") else None
        if not (cccd or card or ref or alternative) and self.ok:
            column = next((c for c in ("cccd", "party_card_number", "member_ref") if self.has(c)), None)
            self.error(column, "Phải có số CCCD hoặc số thẻ đảng viên để nhận diện đảng viên.", "")
        return cccd, card, ref

    def usual_keys(self) -> tuple[str | None, str | None, int | None]:
        """keys() of a sheet with the CCCD and card columns and no Dangbo number (reads_usual_keys),
        for the usual row: a CCCD of 12 digits and a card number of digits (or none), which read as
        they are and say nothing; any other row is read by keys()."""
        cccd, card = self.cells.get("cccd"), self.cells.get("party_card_number")
        if (
            cccd.__class__ is str
            and len(cccd) == 12
            and cccd.isdigit()
            and cccd.isascii()
            and card.__class__ is str
            and len(card) <= 20
            and (not card or (card.isdigit() and card.isascii()))
        ):
            return cccd, card or None, None
        return self.keys()

    def flag(self, name: str) -> bool:
        try:
            return values.flag_value(self.raw(name))
        except values.CellError as error:
            self.error(name, error.message)
            return False


def reads_usual_keys(sheet: Sheet) -> bool:
    """Whether a sheet's rows may read their member keys by RowReader.usual_keys: the CCCD and card
    columns, no Dangbo number."""
    columns = sheet.columns
    return "cccd" in columns and "party_card_number" in columns and "member_ref" not in columns


@dataclass
class NewOrg:
    org: Org
    kind: str
    parent_id: int | None
    decision: Decision
    sheet: str
    row: int


@dataclass
class PlannedEv:
    """A lifecycle event to write; to_id may be a new organization's temporary id."""

    kind: str
    effective_on: date
    to_id: int | None = None
    decision_number: str = ""
    decision_date: date | None = None
    issued_by: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""  # the field whose cell the event came from, for messages


@dataclass
class Person:
    """A member the file speaks of: already recorded (member_id) or new (profile from the file)."""

    cccd: str | None
    card: str | None
    member_id: int | None = None
    db: dict[str, Any] | None = None  # the record's current values
    profile: dict[str, Any] = field(default_factory=dict)  # new: the whole profile; recorded: the changes
    sheet: str = ""
    row: int | None = None
    admitted_on: date | None = None
    official_on: date | None = None
    cell_id: int | None = None  # the cell named in the members sheet
    events: list[PlannedEv] = field(default_factory=list)  # new: the whole history; recorded: additions
    recorded_events: list[dict[str, Any]] = field(default_factory=list)  # recorded: as in the database
    periods: list[Period] | None = None  # after the events (None: as recorded)
    state: State | None = None  # a new member's state after the events
    sources: list[int | None] = field(default_factory=list)  # each event's source cell (new members)
    discipline_days: list[date] = field(default_factory=list)
    suspensions: list[tuple[date, bool]] = field(default_factory=list)  # đình chỉ sinh hoạt (True), its end
    ok: bool = True

    @property
    def is_new(self) -> bool:
        return self.member_id is None

    @property
    def name(self) -> str:
        source = self.db if self.db is not None else self.profile
        return str(source.get("full_name", ""))

    def label(self) -> str:
        key = f"CCCD {self.cccd}" if self.cccd else f"thẻ {self.card}"
        return f"{self.name} ({key})"


@dataclass
class RatingPlan:
    person: Person
    year: int
    rank: int | None
    reason: str
    organization_id: int
    grassroots_id: int
    disciplined: bool
    decision_number: str
    decision_date: date | None
    flags: list[dict[str, str]] = field(default_factory=list)
    existing_id: int | None = None
    previous_organization_id: int | None = None  # the cell of the rating it replaces
    sheet: str = ""
    row: int = 0
    day: date | None = None  # the day the member is placed on in the year (rules.rating.place)
    decided_score_general: Decimal | None = None  # the decision's score from 2025 (QĐ 366)
    decided_score_results: Decimal | None = None


@dataclass
class OrgRatingPlan:
    organization_id: int
    year: int
    rank: int | None
    exemplary: bool
    reason: str
    score: Any
    decision_number: str
    decision_date: date | None
    flags: list[dict[str, str]] = field(default_factory=list)
    existing_id: int | None = None
    sheet: str = ""
    row: int = 0


@dataclass
class AwardPlan:
    kind: str
    year: int
    title: str
    given_by: str
    decision_number: str
    decision_date: date
    consecutive_years: int | None
    person: Person | None
    organization_id: int | None
    sheet: str = ""
    row: int = 0


@dataclass
class Plan:
    new_orgs: list[NewOrg] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)  # everyone the file speaks of
    ratings: list[RatingPlan] = field(default_factory=list)  # new or changed
    org_ratings: list[OrgRatingPlan] = field(default_factory=list)
    awards: list[AwardPlan] = field(default_factory=list)

    # (member_id rather than is_new: a file of a hundred thousand people reads these several times)
    @property
    def new_people(self) -> list[Person]:
        return [p for p in self.people if p.member_id is None and p.ok]

    @property
    def profile_updates(self) -> list[Person]:
        return [p for p in self.people if p.member_id is not None and p.profile and p.ok]

    @property
    def event_additions(self) -> list[Person]:
        return [p for p in self.people if p.member_id is not None and p.events and p.ok]

    def writes(self) -> int:
        return (
            len(self.new_orgs)
            + len(self.new_people)
            + len(self.profile_updates)
            + sum(len(p.events) for p in self.event_additions)
            + len(self.ratings)
            + len(self.org_ratings)
            + len(self.awards)
        )
