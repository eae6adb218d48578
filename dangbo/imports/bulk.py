"""Writing a hundred thousand members, their events, periods and ratings fast.

members.bulk.bulk_create_members goes through Django's bulk_create: on this project's 2-core
machine it writes about 700 members a second on SQLite (Django prepares every value of every row,
and the lifecycle is replayed twice per member). An import of 100.000 members must take under 20 s,
so this module writes the same rows with one executemany per table:

- the state and periods come from the members' histories checked beforehand: by
  dangbo.members.lifecycle.replay, or, for the two histories a register row gives (admission then
  official; receiving then official), by `standard_history`, which gives exactly what replay gives
  (dangbo/imports/tests/test_bulk.py compares the two over many histories);
- the derived name columns are those of members.services.derived_text, with the words' sort keys
  cached (a district's 100.000 members share a few thousand words);
- the new members' ids are read back by their CCCD or party card number (every imported member has
  one), so nothing depends on how the database numbers rows.

The caller holds the transaction.
"""

from __future__ import annotations

import json
import queue
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

from django.db import connection
from django.utils import timezone

from dangbo.core.dates import OPEN_END
from dangbo.core.text import fold, split_name, word_key
from dangbo.evaluations.models import MemberRating
from dangbo.members import lifecycle
from dangbo.members.models import Member, MemberEvent, MemberPeriod

ADMISSION, TRANSFER_IN, OFFICIAL = lifecycle.ADMISSION, lifecycle.TRANSFER_IN, lifecycle.OFFICIAL
PROBATIONARY, OFFICIAL_STATUS = lifecycle.PROBATIONARY, lifecycle.OFFICIAL_STATUS
CHUNK = 900
SWITCH_INTERVAL = 0.0002  # seconds (Python's default: 0.005)
EMPTY: dict[str, Any] = {}  # the details of an official membership (shared, never changed)
ADMISSION_DETAILS: dict[str, Any] = {"source_group": "other", "sponsors": []}  # of an imported admission

MEMBER_COLUMNS = (
    "full_name", "surname", "middle_name", "given_name", "birth_name", "aliases", "sex", "birth_date",
    "birth_place", "hometown", "residence", "ethnicity", "religion", "cccd", "party_card_number",
    "file_number", "badge_number", "education", "profession", "political_theory", "foreign_language",
    "occupation_before", "occupation", "force", "notes", "status", "organization_id",
    "temporary_organization_id", "exempted", "admitted_on", "official_on", "ended_on", "search_text",
    "sort_key", "version", "created_at", "updated_at",
)  # fmt: skip
EVENT_COLUMNS = (
    "member_id", "kind", "effective_on", "decision_number", "decision_date", "issued_by",
    "from_organization_id", "to_organization_id", "organization_event_id", "details", "note",
    "recorded_by_id", "recorded_at",
)  # fmt: skip
PERIOD_COLUMNS = (
    "member_id", "organization_id", "temporary_organization_id", "status", "exempted", "valid_from", "valid_to",
)  # fmt: skip
RATING_COLUMNS = (
    "year", "self_rank", "proposed_rank", "rank", "not_rated_reason", "decision_number", "decision_date",
    "decided_by_id", "override_reason", "flags", "version", "updated_at", "member_id", "organization_id",
    "grassroots_id", "disciplined_in_year", "decline_concluded", "targets_met_percent", "sick_leave_months",
    "self_assessment",
)  # fmt: skip
_TEXT_DEFAULTS = {
    "birth_name": "", "aliases": "", "birth_place": "", "hometown": "", "residence": "", "ethnicity": "Kinh",
    "religion": "Không", "file_number": "", "badge_number": "", "education": "", "profession": "",
    "political_theory": "", "foreign_language": "", "occupation_before": "", "occupation": "", "force": "",
    "notes": "",
}  # fmt: skip


def check_columns() -> list[str]:
    """The models' columns this module writes must be the models' columns: the differences, if any."""
    problems = []
    for model, columns in (
        (Member, MEMBER_COLUMNS),
        (MemberEvent, EVENT_COLUMNS),
        (MemberPeriod, PERIOD_COLUMNS),
        (MemberRating, RATING_COLUMNS),
    ):
        actual = [str(f.column) for f in model._meta.concrete_fields if not f.primary_key]
        if sorted(actual) != sorted(columns):
            problems.append(f"{model.__name__}: {sorted(set(actual) ^ set(columns))}")
    return problems


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
    search = " ".join(part for part in (folded, cccd or "", card or "") if part)[:255]
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


class _Writer:
    """The rows written on the connection's DB-API connection in a thread of its own: SQLite (and
    the PostgreSQL client) release the GIL while they work, so the next rows are built meanwhile.
    SQLite: executemany. PostgreSQL: COPY (Django's client-side binding would send every row as a
    query of its own for the server to parse). The caller runs no query of its own until drain()
    returns."""

    def __init__(self) -> None:
        connection.ensure_connection()
        self.raw = connection.connection
        self.copy = connection.vendor == "postgresql"
        self.mark = "?" if connection.vendor == "sqlite" else "%s"
        self.batches: queue.Queue[tuple[str, list[tuple[Any, ...]]] | None] = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="import-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        cursor = self.raw.cursor()
        try:
            while True:
                item = self.batches.get()
                if item is None:
                    return
                if self.error is None:
                    try:
                        if self.copy:
                            with cursor.copy(item[0]) as copy:
                                for row in item[1]:
                                    copy.write_row(row)
                        else:
                            cursor.executemany(*item)
                    except BaseException as error:  # handed to the caller at drain()
                        self.error = error
                self.batches.task_done()
        finally:
            cursor.close()

    def sql(self, table: str, columns: Sequence[str]) -> str:
        quote = connection.ops.quote_name
        if self.copy:
            return f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
        return (
            f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
            f"VALUES ({', '.join([self.mark] * len(columns))})"
        )

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
        sql = self.sql(table, columns)
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 5000:
                self.batches.put((sql, batch))
                batch = []
        if batch:
            self.batches.put((sql, batch))

    def drain(self) -> None:
        self.batches.join()
        if self.error is not None:
            raise self.error

    def close(self) -> None:
        self.batches.put(None)
        self.thread.join()


@contextmanager
def _writer() -> Iterator[_Writer]:
    # The writer thread takes the GIL back after every row SQLite inserts; while this thread builds
    # rows, it would wait up to the switch interval (5 ms) each time, and the two would take turns
    # instead of working at once. A short interval while writing lets them overlap.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(min(interval, SWITCH_INTERVAL))
    writer = _Writer()
    try:
        yield writer
        writer.drain()
    finally:
        writer.close()
        sys.setswitchinterval(interval)


def _insert(table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
    with _writer() as writer:
        writer.insert(table, columns, rows)


def insert_members(members: Sequence[NewMember]) -> list[int]:
    """Write the members, their events and periods; returns their ids, in order."""
    problems = check_columns()
    if problems:  # a model changed and this writer was not told
        raise RuntimeError(f"dangbo.imports.bulk does not match the models: {problems}")
    _bigger_cache()
    adapt_json, adapt_datetime = _adapters()
    now = adapt_datetime(timezone.now())

    def member_row(item: NewMember) -> tuple[Any, ...]:
        p = item.profile
        s = item.state
        full_name = p["full_name"]
        cccd = p.get("cccd") or None
        card = p.get("party_card_number") or None
        surname, middle, given, key, search = derived(full_name, cccd, card)
        get = p.get
        return (
            full_name, surname, middle, given, get("birth_name", ""), get("aliases", ""), p["sex"],
            p["birth_date"], get("birth_place", ""), get("hometown", ""), get("residence", ""),
            get("ethnicity", "Kinh"), get("religion", "Không"), cccd, card, get("file_number", ""),
            get("badge_number", ""), get("education", ""), get("profession", ""), get("political_theory", ""),
            get("foreign_language", ""), get("occupation_before", ""), get("occupation", ""), get("force", ""),
            get("notes", ""), s.status, s.organization_id, s.temporary_organization_id, s.exempted,
            s.admitted_on, s.official_on, s.ended_on, search, key, 1, now, now,
        )  # fmt: skip

    shared: dict[int, Any] = {}

    def json_of(details: dict[str, Any]) -> Any:
        # the details of generated events are shared objects (an admission's, an official's): once each
        found = shared.get(id(details))
        if found is None:
            found = adapt_json(details)
            if details is EMPTY or details is ADMISSION_DETAILS:
                shared[id(details)] = found
        return found

    after = _last_id()
    with _writer() as writer:
        writer.insert(Member._meta.db_table, MEMBER_COLUMNS, (member_row(item) for item in members))
        writer.drain()
        ids = _ids_by_keys(members, after)
        open_end = OPEN_END
        writer.insert(
            MemberEvent._meta.db_table,
            EVENT_COLUMNS,
            (
                (
                    member_id, event.kind, event.effective_on, event.decision_number,
                    event.decision_date, event.issued_by, source, event.to_id, None,
                    json_of(event.details), event.note, None, now,
                )
                for member_id, item in zip(ids, members, strict=True)
                for event, source in zip(item.events, item.sources, strict=True)
            ),
        )  # fmt: skip
        writer.insert(
            MemberPeriod._meta.db_table,
            PERIOD_COLUMNS,
            (
                (
                    member_id, period.organization_id, period.temporary_organization_id, period.status,
                    period.exempted, period.valid_from,
                    period.valid_to or open_end,
                )
                for member_id, item in zip(ids, members, strict=True)
                for period in item.periods
            ),
        )  # fmt: skip
    return ids


def _last_id() -> int:
    return Member.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _ids_by_keys(members: Sequence[NewMember], after: int) -> list[int]:
    """The ids the database gave the new members, read back in one query (rows above the last id
    before the insert) and matched by CCCD or card number, so nothing depends on the numbering."""
    by_cccd: dict[str, int] = {}
    by_card: dict[str, int] = {}
    for member_id, cccd, card in Member.objects.filter(pk__gt=after).values_list(
        "pk", "cccd", "party_card_number"
    ):
        if cccd:
            by_cccd[cccd] = member_id
        if card:
            by_card[card] = member_id
    return [
        by_cccd[m.profile["cccd"]] if m.profile.get("cccd") else by_card[m.profile["party_card_number"]]
        for m in members
    ]


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


def insert_ratings(ratings: Sequence[NewRating]) -> None:
    ratings = sorted(ratings, key=lambda r: (r.year, r.organization_id, r.member_id))  # indexes in order
    adapt_json, adapt_datetime = _adapters()
    now = adapt_datetime(timezone.now())
    zero = connection.ops.adapt_decimalfield_value(
        MemberRating._meta.get_field("sick_leave_months").get_default(), 4, 1
    )
    empty_flags = adapt_json([])
    _insert(
        MemberRating._meta.db_table,
        RATING_COLUMNS,
        (
            (
                r.year, None, None, r.rank, r.not_rated_reason, r.decision_number, r.decision_date,
                r.decided_by_id, "", adapt_json(r.flags) if r.flags else empty_flags, 1, now, r.member_id,
                r.organization_id, r.grassroots_id, r.disciplined_in_year, False, None, zero, "",
            )
            for r in ratings
        ),
    )  # fmt: skip
