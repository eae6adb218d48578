"""Writing a hundred thousand members, their events, periods and ratings fast.

members.bulk.bulk_create_members goes through Django's bulk_create: on this project's 2-core
machine it writes about 700 members a second on SQLite (Django prepares every value of every row,
and the lifecycle is replayed twice per member). An import of 100.000 members must take under 20 s,
so this module writes the same rows with a few statements per table, from a thread of its own
(Writer) while the import goes on:

- the state and periods come from the members' histories checked beforehand: by
  dangbo.members.lifecycle.replay, or, for the two histories a register row gives (admission then
  official; receiving then official), by `standard_history`, which gives exactly what replay gives
  (dangbo/imports/tests/test_bulk.py compares the two over many histories);
- the derived name columns are those of members.services.derived_text, with the words' sort keys
  cached (a district's 100.000 members share a few thousand words);
- the new members' ids are reserved first (reserve_ids) and written with their rows, so their
  events, periods and ratings are queued at once, without reading anything back.

The caller holds the transaction.
"""

from __future__ import annotations

import json
import queue
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from itertools import chain, islice
from operator import attrgetter, itemgetter
from typing import Any, Protocol

from django.db import DatabaseError, connection
from django.db.models import Model
from django.utils import timezone

from dangbo.core.dates import OPEN_END
from dangbo.core.text import fold, split_name, word_key
from dangbo.evaluations.models import MemberRating
from dangbo.members import lifecycle
from dangbo.members.models import Member, MemberEvent, MemberPeriod

ADMISSION, TRANSFER_IN, OFFICIAL = lifecycle.ADMISSION, lifecycle.TRANSFER_IN, lifecycle.OFFICIAL
PROBATIONARY, OFFICIAL_STATUS = lifecycle.PROBATIONARY, lifecycle.OFFICIAL_STATUS
CHUNK = 900
EMPTY: dict[str, Any] = {}  # the details of an official membership (shared, never changed)
ADMISSION_DETAILS: dict[str, Any] = {"source_group": "other", "sponsors": []}  # of an imported admission

PERIOD_COLUMNS = (
    "member_id", "organization_id", "temporary_organization_id", "status", "exempted", "valid_from", "valid_to",
)  # fmt: skip
_TEXT_DEFAULTS = {
    "birth_name": "", "aliases": "", "birth_place": "", "hometown": "", "residence": "", "ethnicity": "Kinh",
    "religion": "Không", "file_number": "", "badge_number": "", "education": "", "profession": "",
    "political_theory": "", "foreign_language": "", "occupation_before": "", "occupation": "", "force": "",
    "notes": "",
}  # fmt: skip


@lru_cache(maxsize=100_000)
def _word_key(word: str) -> str:
    return word_key(word)


@lru_cache(maxsize=100_000)
def _fold_word(word: str) -> str:
    return fold(word)


def fold_name(full_name: str) -> str:
    """core.text.fold of an NFC name with single spaces, a word at a time (the words are cached)."""
    return " ".join(_fold_word(w) for w in full_name.split(" "))


@lru_cache(maxsize=100_000)
def _name_parts(full_name: str) -> tuple[str, str, str, str, str]:
    surname, middle, given = split_name(full_name)
    words = [given, *middle.split(" "), surname] if middle else [given, surname]
    key = "".join(_word_key(w) for w in words if w)[:250]
    return surname, middle, given, key, fold_name(full_name)


def derived(full_name: str, cccd: str | None, card: str | None) -> tuple[str, str, str, str, str]:
    """(surname, middle, given, sort_key, search_text), as members.services.derived_text computes them."""
    surname, middle, given, key, folded = _name_parts(full_name)
    search = " ".join(filter(None, (folded, cccd, card)))[:255]
    return surname, middle, given, key, search


class EventLike(Protocol):
    """An event to write (imports.plan.base.PlannedEv is one)."""

    @property
    def kind(self) -> str: ...
    @property
    def effective_on(self) -> date: ...
    @property
    def to_id(self) -> int | None: ...
    @property
    def details(self) -> dict[str, Any]: ...
    @property
    def decision_number(self) -> str: ...
    @property
    def decision_date(self) -> date | None: ...
    @property
    def issued_by(self) -> str: ...
    @property
    def note(self) -> str: ...


@dataclass(frozen=True)
class Event:
    kind: str
    effective_on: date
    to_id: int | None
    details: dict[str, Any]
    decision_number: str = ""
    decision_date: date | None = None
    issued_by: str = ""
    note: str = ""


def standard_history(
    events: Sequence[EventLike],
) -> tuple[lifecycle.State, list[lifecycle.Period], list[int | None]] | None:
    """State, periods and source cells of the histories a register row gives — admission (or
    receiving) into a cell, then possibly the official membership — as lifecycle.replay and
    lifecycle.event_sources give them; None for any other history (replay it)."""
    if not events or len(events) > 2:
        return None
    first = events[0]
    cell = first.to_id
    if cell is None or first.kind not in (ADMISSION, TRANSFER_IN):
        return None
    start = first.effective_on
    admitted: date | None
    official: date | None
    if first.kind == ADMISSION:
        status, admitted, official = PROBATIONARY, start, None
    else:
        status = first.details.get("status", OFFICIAL_STATUS)
        if status not in (PROBATIONARY, OFFICIAL_STATUS):
            return None
        admitted = _as_date(first.details.get("admitted_on"))
        official = _as_date(first.details.get("official_on"))
    if len(events) == 1:
        state = lifecycle.State(
            status=status,
            organization_id=cell,
            admitted_on=admitted or start,
            official_on=official,
            last_event_on=start,
        )
        return state, [lifecycle.Period(cell, None, status, False, start, None)], [None]
    second = events[1]
    if second.kind != OFFICIAL or status != PROBATIONARY or second.effective_on < start:
        return None
    day = second.effective_on
    state = lifecycle.State(
        status=OFFICIAL_STATUS,
        organization_id=cell,
        admitted_on=admitted or start,
        official_on=day,
        last_event_on=day,
    )
    if day == start:
        periods = [lifecycle.Period(cell, None, OFFICIAL_STATUS, False, start, None)]
    else:
        periods = [
            lifecycle.Period(cell, None, PROBATIONARY, False, start, day),
            lifecycle.Period(cell, None, OFFICIAL_STATUS, False, day, None),
        ]
    return state, periods, [None, cell]


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def history(events: Sequence[EventLike]) -> tuple[lifecycle.State, list[lifecycle.Period], list[int | None]]:
    """The state, periods and source cells of a history (LifecycleError when it does not fit)."""
    standard = standard_history(events)
    if standard is not None:
        return standard
    facts = [lifecycle.EventFact(e.kind, e.effective_on, e.to_id, e.details) for e in events]
    state, periods = lifecycle.replay(facts)
    return state, periods, lifecycle.event_sources(facts)


@dataclass
class NewMember:
    profile: dict[str, Any]  # clean personal fields (as members.services.clean_profile returns them)
    events: Sequence[EventLike]
    state: lifecycle.State
    periods: list[lifecycle.Period]
    sources: list[int | None]


def _adapters() -> tuple[Any, Any]:
    """(JSON, datetime) adapters of the connection. Dates go to the driver as they are: the
    PostgreSQL client takes them, and on SQLite the adapter Django registers with the sqlite3
    module writes them as Django does (ISO 8601), without a Python call per value here."""
    if connection.vendor not in ("sqlite", "postgresql"):
        raise RuntimeError(f"dangbo.imports.bulk writes to SQLite or PostgreSQL, not {connection.vendor}")
    ops = connection.ops
    if connection.vendor == "sqlite":
        return json.dumps, ops.adapt_datetimefield_value  # what adapt_json_value(value, None) does
    return (lambda value: ops.adapt_json_value(value, None)), ops.adapt_datetimefield_value


def _bigger_cache() -> None:
    """SQLite: a page cache of 256 MB for this connection, so that the indexes (CCCD, names, sort
    keys: random order) are updated in memory rather than page by page."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")


def _sqlite_parameters(raw: Any) -> int:
    """How many parameters one SQLite statement takes (32.766 since SQLite 3.32; 999 before)."""
    try:
        return int(raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    except (AttributeError, sqlite3.Error):  # Python < 3.11
        return 999


def sql_literal(value: Any) -> str:
    """An SQLite literal of a constant column's value (stored as the same value bound would be)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, str) and "\x00" not in value:
        return "'" + str.__str__(value).replace("'", "''") + "'"
    raise TypeError(f"no SQL literal for a constant column's {type(value).__name__}")


class RowsNotWritten(DatabaseError):
    """An INSERT of the writer wrote fewer rows than it was given, without an error (SQLite: see
    Writer). A DatabaseError, so that the import's callers treat it as the writer's failure."""


class Writer:
    """Rows written on the connection's DB-API connection by a thread of its own, while this
    thread goes on (building the next rows, or checking the rest of the file).

    SQLite: one INSERT of many rows a batch, which SQLite runs without the GIL; PostgreSQL: COPY
    (Django's client-side binding would send every row as a query of its own for the server to
    parse). The batches queue without a bound (every row is in memory already). While batches are
    pending the caller may read (SQLite and psycopg serialize the two threads' statements on the
    connection) but writes nothing itself until drain() returns: its own inserts would interleave
    with the writer's. The statements the writer runs must call no Python function (a CHECK or a
    trigger using Django's REGEXP, say): SQLite would wait for the GIL while holding the connection,
    and the reading thread hold the GIL while waiting for the connection, for ever
    (test_bulk.test_the_tables_the_writer_fills_call_no_python_function_on_sqlite).

    SQLite: Python's sqlite3 module reads a failed statement's error from the connection
    (sqlite3_errcode) after the statement, not under the connection's lock: when the reading thread
    runs a statement in between, the error read is that statement's, and the failed INSERT either
    raises a DatabaseError of the wrong class ("another row available") or returns as if it had
    written its rows (rowcount 0). The writer therefore checks that each INSERT wrote all its rows
    (RowsNotWritten otherwise), and the caller must not trust the class of an error from SQLite
    (imports.services.PeopleWrite.taken_meanwhile asks the database what was taken). Without the
    check, a lost UNIQUE failure on the members let their events, periods and ratings be written
    after them (foreign keys are checked at COMMIT on SQLite) and the import report success."""

    def __init__(self) -> None:
        connection.ensure_connection()
        self.raw = connection.connection
        self.copy = connection.vendor == "postgresql"
        # (statement, parameters or COPY rows, how many rows); an Event, set when the writer reaches it
        # (every batch queued before it done); None at the end
        self.batches: queue.Queue[tuple[str, Sequence[Any], int] | threading.Event | None] = queue.Queue()
        self.params = _sqlite_parameters(self.raw) if not self.copy else 0
        self.error: BaseException | None = None
        self.cancelled = False
        self.thread = threading.Thread(target=self._run, name="import-writer", daemon=True)
        self.thread.start()

    def _cursor(self) -> Any:
        """The writer thread's cursor (a test replaces it to lose an error as sqlite3 can)."""
        return self.raw.cursor()

    def _run(self) -> None:
        try:
            cursor = self._cursor()
        except BaseException as error:  # no cursor (a closed connection): the thread must still take
            self.error, cursor = error, None  # the batches, or drain() would wait for ever
        try:
            while True:
                item = self.batches.get()
                if item is None:
                    return
                if isinstance(item, threading.Event):
                    item.set()  # (after an error too: the waiter then reads self.error)
                elif self.error is None and not self.cancelled:
                    try:
                        if self.copy:
                            with cursor.copy(item[0]) as copy:
                                for row in item[1]:
                                    copy.write_row(row)
                        else:
                            cursor.execute(item[0], item[1])
                            if cursor.rowcount != item[2]:  # a failure whose error sqlite3 lost (above)
                                raise RowsNotWritten(f"{cursor.rowcount} of {item[2]} rows: {item[0][:60]}")
                    except BaseException as error:  # handed to the caller at drain()
                        self.error = error
                self.batches.task_done()
        finally:
            if cursor is not None:
                cursor.close()

    def insert(
        self,
        table: str,
        columns: Sequence[str],
        rows: Iterable[tuple[Any, ...]],
        constants: Mapping[str, Any] | None = None,
        first: threading.Event | None = None,
    ) -> None:
        """Queue the rows (built here, as they are taken from `rows`). `constants`: columns whose
        value is the same in every row, given once: on SQLite they are literals of the statement,
        so that neither thread handles them per row (a rating has 16 such columns of 30). `first`:
        set once the first batch of these rows is written (the caller may then read that row)."""
        quote = connection.ops.quote_name
        constants = constants or {}
        names = ", ".join(quote(c) for c in (*columns, *constants))
        if self.copy:
            sql = f"COPY {quote(table)} ({names}) FROM STDIN"
            tail = tuple(constants.values())
            batch: list[tuple[Any, ...]] = []
            for row in rows:
                batch.append(row + tail)
                if len(batch) >= 5000:
                    self._put((sql, batch, len(batch)), first)
                    first, batch = None, []
            if batch:
                self._put((sql, batch, len(batch)), first)
            elif first is not None:  # no rows: set when the writer gets there
                self.batches.put(first)
            return
        # SQLite: INSERT … VALUES (…), (…), … with as many rows as its parameters allow. Row by row
        # (executemany) the writer took the GIL back after every row SQLite inserted, and waited for
        # it while this thread worked; a statement of many rows takes it once.
        per = max(1, min(2000, self.params // max(1, len(columns))))
        one = f"({', '.join([*(['?'] * len(columns)), *map(sql_literal, constants.values())])})"
        statements: dict[int, str] = {}
        iterator = iter(rows)
        while batch := list(islice(iterator, per)):
            if len(batch) not in statements:
                values = ", ".join([one] * len(batch))
                statements[len(batch)] = f"INSERT INTO {quote(table)} ({names}) VALUES {values}"
            self._put((statements[len(batch)], list(chain.from_iterable(batch)), len(batch)), first)
            first = None
        if first is not None:  # no rows: set when the writer gets there
            self.batches.put(first)

    def _put(self, batch: tuple[str, Sequence[Any], int], then: threading.Event | None) -> None:
        self.batches.put(batch)
        if then is not None:
            self.batches.put(then)

    def drain(self) -> None:
        """Wait until every queued row is written; the writer's error, if any, is raised here."""
        self.batches.join()
        if self.error is not None:
            raise self.error

    def cancel(self) -> None:
        """Drop what is still queued (the transaction is to be rolled back)."""
        self.cancelled = True

    def close(self) -> None:
        self.batches.put(None)
        self.thread.join()


@contextmanager
def writer() -> Iterator[Writer]:
    """A Writer for the block; drained at its end (cancelled when the block raises). The processes
    that import shorten Python's switch interval meanwhile (dangbo.imports.tuning)."""
    background = Writer()
    try:
        yield background
        if not background.cancelled:
            background.drain()
    except BaseException:
        background.cancel()
        raise
    finally:
        background.close()


def reserve_ids(model: type[Model], count: int) -> list[int]:
    """`count` ids for new rows of `model`, written with the rows (so no row need be read back).
    PostgreSQL: from the table's sequence. SQLite: after the highest id ever given (AUTOINCREMENT's
    sqlite_sequence, or the rows'), safe since the import's transaction holds the write lock from
    its start (transaction_mode IMMEDIATE; under another mode a concurrent insert would make ours
    fail on the primary key, never write a wrong row)."""
    if count <= 0:
        return []
    table = model._meta.db_table
    pk = str(model._meta.pk.column) if model._meta.pk is not None else "id"
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), pk, count],
            )
            return [int(row[0]) for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
            f"coalesce((SELECT max({quote(pk)}) FROM {quote(table)}), 0))",
            [table],
        )
        (last,) = cursor.fetchone()
    return list(range(int(last) + 1, int(last) + 1 + count))


class _IsoDates(dict[date | None, str | None]):
    """date -> the text Django's SQLite adapter writes for it (ISO 8601), made here rather than by
    the sqlite3 module in the writer's thread, under its GIL. A dict: an import's hundreds of
    thousands of dates are a few thousand days, each converted once and then looked up in C."""

    def __missing__(self, day: date | None) -> str | None:
        text = None if day is None else day.isoformat()
        self[day] = text
        return text


class _SameDates(dict[date | None, date | None]):
    """The PostgreSQL client takes date objects as they are."""

    def __missing__(self, day: date | None) -> date | None:
        return day


def _dates() -> dict[date | None, Any]:
    """How a date goes into a row: `dates[day]`."""
    return _IsoDates() if connection.vendor == "sqlite" else _SameDates()


def check_columns(model: type[Model], columns: Sequence[str], constants: Mapping[str, Any]) -> None:
    """The columns a row gives and the constants are the model's, each once (a model changed and this
    writer was not told: RuntimeError before anything is queued)."""
    given = [*columns, *constants]
    expected = [str(f.column) for f in model._meta.concrete_fields if not f.primary_key or f.column in given]
    if sorted(given) != sorted(expected):
        raise RuntimeError(
            f"dangbo.imports.bulk writes {model.__name__} as {sorted(given)}, not {sorted(expected)}"
        )


class _PlainText(dict[Any, Any]):
    """A choice (a str enum) -> the plain str of its value. sqlite3 binds a str subclass through its
    adaptation protocol (a registry lookup and two attribute lookups, in the writer's thread under
    the GIL), a str at once; the PostgreSQL client dumps both alike."""

    def __missing__(self, value: Any) -> Any:
        plain = str.__str__(value) if isinstance(value, str) else value
        self[value] = plain
        return plain


def _flags() -> dict[bool, Any]:
    """How a boolean goes into a row: `flags[value]`. SQLite stores it as the integer 1 or 0, and sqlite3
    binds a bool (an int subclass) through its adaptation protocol; PostgreSQL takes the bool."""
    return {False: 0, True: 1} if connection.vendor == "sqlite" else {False: False, True: True}


def insert_members(members: Sequence[NewMember], into: Writer) -> list[int]:
    """Queue the members, their events and periods on the writer (its caller drains it); returns
    the members' ids, in order."""
    _bigger_cache()
    adapt_json, adapt_datetime = _adapters()
    day = _dates()
    text = _PlainText()
    flag = _flags()
    now = adapt_datetime(timezone.now())
    ids = reserve_ids(Member, len(members))

    # the optional text columns no profile has (a file has a few of the register's columns) are
    # constants; the others are taken from the profile over their defaults, in one C call a member
    given = set().union(*(item.profile.keys() for item in members))
    texts = [column for column in _TEXT_DEFAULTS if column in given]
    defaults = {column: _TEXT_DEFAULTS[column] for column in texts}
    profile_values = itemgetter("full_name", "sex", *texts)
    member_constants = {
        **{column: value for column, value in _TEXT_DEFAULTS.items() if column not in given},
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    member_columns = (
        "id", "full_name", "sex", *texts, "birth_date", "cccd", "party_card_number", "surname", "middle_name",
        "given_name", "sort_key", "search_text", "status", "organization_id", "temporary_organization_id",
        "exempted", "admitted_on", "official_on", "ended_on",
    )  # fmt: skip

    state_values = attrgetter(
        "status",
        "organization_id",
        "temporary_organization_id",
        "exempted",
        "admitted_on",
        "official_on",
        "ended_on",
    )

    def member_row(member_id: int, item: NewMember) -> tuple[Any, ...]:
        p = item.profile
        status, cell, temporary, exempted, admitted, official, ended = state_values(item.state)
        cccd = p.get("cccd") or None
        card = p.get("party_card_number") or None
        surname, middle, given, key, search = derived(p["full_name"], cccd, card)
        return (
            member_id, *profile_values({**defaults, **p}), day[p["birth_date"]], cccd, card, surname, middle,
            given, key, search, text[status], cell, temporary, flag[exempted], day[admitted], day[official],
            day[ended],
        )  # fmt: skip

    check_columns(Member, member_columns, member_constants)
    into.insert(
        Member._meta.db_table,
        member_columns,
        (member_row(member_id, item) for member_id, item in zip(ids, members, strict=True)),
        member_constants,
    )
    # the details of generated events are shared objects (an admission's, an official's): once each
    shared = {id(details): adapt_json(details) for details in (EMPTY, ADMISSION_DETAILS)}
    event_columns = (
        "member_id", "kind", "effective_on", "decision_number", "decision_date", "issued_by",
        "from_organization_id", "to_organization_id", "details", "note",
    )  # fmt: skip
    event_constants = {"organization_event_id": None, "recorded_by_id": None, "recorded_at": now}
    check_columns(MemberEvent, event_columns, event_constants)
    check_columns(MemberPeriod, PERIOD_COLUMNS, {})
    into.insert(
        MemberEvent._meta.db_table,
        event_columns,
        (
            (
                member_id, text[event.kind], day[event.effective_on], event.decision_number,
                day[event.decision_date], event.issued_by, source, event.to_id,
                shared.get(id(event.details)) or adapt_json(event.details), event.note,
            )
            for member_id, item in zip(ids, members, strict=True)
            for event, source in zip(item.events, item.sources, strict=True)
        ),
        event_constants,
    )  # fmt: skip
    into.insert(
        MemberPeriod._meta.db_table,
        PERIOD_COLUMNS,
        (
            (
                member_id, period.organization_id, period.temporary_organization_id, text[period.status],
                flag[period.exempted], day[period.valid_from], day[period.valid_to or OPEN_END],
            )
            for member_id, item in zip(ids, members, strict=True)
            for period in item.periods
        ),
    )  # fmt: skip
    return ids


@dataclass
class NewRating:
    member_id: int
    year: int
    rank: int | None
    not_rated_reason: str
    decision_number: str
    decision_date: date | None
    decided_by_id: int | None
    flags: list[dict[str, str]]
    organization_id: int
    grassroots_id: int
    disciplined_in_year: bool
    decided_score_general: Decimal | None = None  # the decision's score from 2025 (QĐ 366)
    decided_score_results: Decimal | None = None


def insert_ratings(
    ratings: Sequence[NewRating], into: Writer, first: threading.Event | None = None
) -> tuple[int, int] | None:
    """Queue the ratings on the writer (its caller drains it); `first` is set once the first batch is
    written. The (member id, year) of the first rating written, if any."""
    ratings = sorted(ratings, key=lambda r: (r.year, r.organization_id, r.member_id))  # indexes in order
    adapt_json, adapt_datetime = _adapters()
    adapt_decimal = connection.ops.adapt_decimalfield_value
    day = _dates()
    flag = _flags()
    now = adapt_datetime(timezone.now())
    empty_flags = adapt_json([])
    # what the import leaves to the rating's later steps (self-assessment, proposal): the same in every row
    constants = {
        "self_rank": None, "proposed_rank": None, "override_reason": "", "version": 1, "updated_at": now,
        "decline_concluded": False, "targets_met_percent": None,
        "sick_leave_months": adapt_decimal(MemberRating._meta.get_field("sick_leave_months").get_default(), 4, 1),
        "self_assessment": "", "self_score_general": None, "self_score_results": None,
        "proposed_score_general": None, "proposed_score_results": None, "tasks_exceeding_percent": None,
        "tasks_on_time": True, "temporary_cell": "", "temporary_comment": "",
    }  # fmt: skip
    columns = (
        "year", "rank", "not_rated_reason", "decision_number", "decision_date", "decided_by_id", "flags",
        "member_id", "organization_id", "grassroots_id", "disciplined_in_year", "decided_score_general",
        "decided_score_results",
    )  # fmt: skip
    check_columns(MemberRating, columns, constants)
    into.insert(
        MemberRating._meta.db_table,
        columns,
        (
            (
                r.year, r.rank, r.not_rated_reason, r.decision_number, day[r.decision_date], r.decided_by_id,
                adapt_json(r.flags) if r.flags else empty_flags, r.member_id, r.organization_id, r.grassroots_id,
                flag[r.disciplined_in_year],
                None if r.decided_score_general is None else adapt_decimal(r.decided_score_general, 4, 2),
                None if r.decided_score_results is None else adapt_decimal(r.decided_score_results, 4, 2),
            )
            for r in ratings
        ),
        constants,
        first,
    )  # fmt: skip
    return (ratings[0].member_id, ratings[0].year) if ratings else None


# rows SQLite's ANALYZE reads of each index when it refreshes the statistics after an import
# (approximate statistics, in milliseconds instead of seconds on a city's database)
ANALYSIS_LIMIT = 1000


def statistics_refresh() -> None:
    """After an import wrote in bulk (outside its transaction): on SQLite, PRAGMA optimize, which
    analyzes the tables whose statistics are missing or far from their size, so that the query
    planner of the pages that follow chooses by the data (a database filled by imports alone never had
    statistics: a ward's member list read every member of the district through the status index).
    PostgreSQL's autovacuum keeps its own."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        cursor.execute("PRAGMA optimize")
