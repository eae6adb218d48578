"""Recognising the rows of a file imported before, so that an unchanged re-import is not checked row
by row again (dấu các dòng đã nhập).

A finished import (status "done") keeps, with its run, a mark per row of its members sheet and of its
members' ratings sheet: a hash of the row's cells as the checks read them (salted by the sheet's kind,
columns, headers, name and titles), the member (and the year) the row was written to, the stamp of
that member's record and of that rating as they stood after the write (version and last change: every
service bumps the one and sets the other), and what the row's own reading said (its warnings, the cell
and official date it gave). Only a row a full check would now find unchanged is marked. The next
import takes a row as unchanged without reading it only when

- its hash is a mark's and the marks' fingerprint (this module's format, the rules' settings, the
  limits a file is inspected by) is that of now,
- the member's record and the rating read now from the database carry the same stamps (a member
  moved, a profile or a rating corrected since: the row is read and checked), the member is in the
  user's personal-data scope, the rating's cell is still in the tree under the same grassroots
  organization and the user may write there on the day (the checks' own _in_scope),
- no other row of the file names the same member (a changed or new row, a duplicate, a row whose
  mark no longer holds): then every row of that member is read and checked.

The hash never decides alone: what it spares is the reading of the row and its rules, and the
database is read for every row it spares. Files with an events or awards sheet are always checked in
full. A spared row gives what its check gives: its own warnings again, on the row where it is now,
and the warnings that compare it with the record (the official date, the cell) computed from the
record and the tree as they are now. The very bytes of a finished import with marks under the same
fingerprint are not inspected again (dangbo.imports.guard): they passed under the same limits.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import connection

from dangbo.imports import schema
from dangbo.imports.reader import Sheet
from dangbo.members.models import Member
from dangbo.members.services import PROFILE_FIELDS

if TYPE_CHECKING:
    from dangbo.imports.plan.base import Context, Person

FORMAT = 1
CHUNK = 900
MEMBER, RATING = "m", "r"

# A record's state as a mark keeps it: its version and its last change (every service bumps the
# version and saves, which sets the time); a member's other columns are read for the checks an
# unchanged row still gets (its numbers, name, cell, dates) and its cell's path for the scope.
_MEMBER_FIELDS = (
    "id",
    "full_name",
    "cccd",
    "party_card_number",
    "organization_id",
    "admitted_on",
    "official_on",
)
_RATING_FIELDS = (
    "member_id",
    "year",
    "rank",
    "not_rated_reason",
    "decision_number",
    "decision_date",
    "organization_id",
    "grassroots_id",
)


def fingerprint() -> str:
    """What the marks' meaning depends on besides the rows and the records: this module's format, the
    rules' settings (a not-rated reason is computed from them) and the limits a file is inspected by."""
    from dangbo.evaluations.services import rule_settings
    from dangbo.imports.limits import import_limits

    return hashlib.blake2b(
        repr((FORMAT, rule_settings(), import_limits())).encode(), digest_size=16
    ).hexdigest()


def inspected_before(data: bytes, marks: Marks) -> bool:
    """Did these very bytes pass the file's inspection (dangbo.imports.guard) under the limits of now?
    Yes when an import of them finished and kept marks under the same fingerprint (limits included);
    those marks are then the ones the check uses."""
    from dangbo.imports.models import ImportRun

    blob = (
        ImportRun.objects.filter(status=ImportRun.Status.DONE, sha256=hashlib.sha256(data).hexdigest())
        .exclude(row_marks=None)
        .order_by("-finished_at", "-id")
        .values_list("row_marks", flat=True)
        .first()
    )
    if not blob or bytes(blob[:32]) != fingerprint().encode():
        return False
    marks.same_file = bytes(blob)
    return True


def _stamp_sql(alias: str = "") -> str:
    """A record's state as a mark keeps it, computed by the database: "version@last change"."""
    q = connection.ops.quote_name
    return f"(CAST({alias}{q('version')} AS TEXT) || '@' || CAST({alias}{q('updated_at')} AS TEXT))"


def sheet_salt(sheet: Sheet) -> bytes:
    return repr(
        (
            sheet.kind.code,
            sorted(sheet.columns.items()),
            sorted(sheet.headers.items()),
            sheet.name,
            sheet.titles,
        )
    ).encode()


def row_hashes(sheet: Sheet) -> dict[int, str]:
    """Each data row's hash (by its Excel row number): the cells the checks read, salted by the sheet."""
    salt = sheet_salt(sheet)
    names, getter, needed = sheet.picker
    indexes = [sheet.columns[name] for name in names]
    result: dict[int, str] = {}
    blake = hashlib.blake2b
    for rownum, row in sheet.rows:
        if getter is not None and len(row) >= needed:
            cells = getter(row)
        else:
            cells = tuple(row[i] if i < len(row) else None for i in indexes)
        result[rownum] = blake(salt + repr(cells).encode(), digest_size=12).hexdigest()
    return result


# --- the records as they stand ---------------------------------------------------------------------


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def member_states(ids: Iterable[int], *, profile: bool = False) -> dict[int, tuple[dict[str, Any], str, str]]:
    """member id -> (its fields, its cell's path, its stamp), in chunks of plain SQL; `profile`: with
    the whole profile (PROFILE_FIELDS) too, as the ORM gives it."""
    from dangbo.organizations.models import Organization

    wanted = sorted(set(ids))
    ops = connection.ops
    table = ops.quote_name(Member._meta.db_table)
    names = (*_MEMBER_FIELDS, *(f for f in PROFILE_FIELDS if f not in _MEMBER_FIELDS and profile))
    columns = ", ".join(f"m.{ops.quote_name(_column(Member, f))}" for f in names)
    org_table = ops.quote_name(Organization._meta.db_table)
    found: dict[int, tuple[dict[str, Any], str, str]] = {}
    convert = _converters(Member, names)
    with connection.cursor() as cursor:
        for chunk in _chunks(wanted):
            cursor.execute(
                f"SELECT o.path, {_stamp_sql('m.')}, {columns} FROM {table} m "
                f"JOIN {org_table} o ON o.id = m.organization_id "
                f"WHERE m.id IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )
            for row in cursor.fetchall():
                record = dict(zip(names, row[2:], strict=True))
                convert(record)
                found[row[2]] = (record, row[0], row[1])
    return found


def rating_states(
    pairs: Iterable[tuple[int, int]], *, convert: bool = False
) -> dict[tuple[int, int], tuple[dict[str, Any], str]]:
    """(member id, year) -> (the rating's fields, its stamp); `convert`: the fields as the ORM gives
    them (a date, not SQLite's text)."""
    from dangbo.evaluations.models import MemberRating

    by_year: dict[int, set[int]] = {}
    for member_id, year in pairs:
        by_year.setdefault(year, set()).add(member_id)
    ops = connection.ops
    table = ops.quote_name(MemberRating._meta.db_table)
    names = _RATING_FIELDS if convert else _RATING_FIELDS[:2]
    columns = ", ".join(ops.quote_name(_column(MemberRating, f)) for f in names)
    converter = _converters(MemberRating, names)
    found: dict[tuple[int, int], tuple[dict[str, Any], str]] = {}
    with connection.cursor() as cursor:
        for year, members in sorted(by_year.items()):
            for chunk in _chunks(sorted(members)):
                cursor.execute(
                    f"SELECT {_stamp_sql()}, {columns} FROM {table} WHERE {ops.quote_name('year')} = %s "
                    f"AND {ops.quote_name('member_id')} IN ({', '.join(['%s'] * len(chunk))})",
                    [year, *chunk],
                )
                for row in cursor.fetchall():
                    record = dict(zip(names, row[1:], strict=True)) if convert else {}
                    if convert:
                        converter(record)
                    found[(row[1], row[2])] = (record, row[0])
    return found


def _column(model: Any, name: str) -> str:
    return str(model._meta.get_field(name).column)


def _converters(model: Any, names: tuple[str, ...]) -> Any:
    """A function giving a row's values as the ORM does (a date, not SQLite's text): only the fields
    whose backend converts them are touched."""
    steps: list[tuple[str, list[Any], Any]] = []
    for name in names:
        model_field = model._meta.get_field(name)
        expression = model_field.get_col(model._meta.db_table)
        chain = [*connection.ops.get_db_converters(expression), *model_field.get_db_converters(connection)]
        if chain:
            steps.append((name, chain, expression))

    def convert(record: dict[str, Any]) -> None:
        for name, chain, expression in steps:
            value = record[name]
            for step in chain:
                value = step(value, expression, connection)
            record[name] = value

    return convert


# --- the marks of a run -----------------------------------------------------------------------------


def dump(records: dict[str, list[Any]], fingerprint_: str) -> bytes:
    """The fingerprint (32 characters), then the rows' marks as compressed JSON."""
    payload = json.dumps(records, default=_iso, separators=(",", ":"))
    return fingerprint_.encode() + zlib.compress(payload.encode(), 1)


def load(blob: bytes | memoryview | None) -> tuple[str, dict[str, list[Any]]]:
    data = bytes(blob or b"")
    if len(data) < 32:
        return "", {}
    try:
        rows = json.loads(zlib.decompress(data[32:]))
    except (zlib.error, ValueError):
        return "", {}
    if not isinstance(rows, dict):
        return "", {}
    return data[:32].decode("ascii", "replace"), rows


def _iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# --- during a check ---------------------------------------------------------------------------------


@dataclass
class Skip:
    """A row taken as unchanged: its mark, and the member's record as read now."""

    mark: list[Any]
    member: dict[str, Any]
    path: str

    @property
    def warnings(self) -> list[list[Any]]:
        return list(self.mark[-1])


@dataclass
class MemberCapture:
    hash: str
    profile: dict[str, Any]
    cccd: str | None
    card: str | None
    admitted_on: date | None
    official_on: date | None
    cell_code: str
    cell_field: str | None
    warnings: list[list[Any]]


@dataclass
class RatingCapture:
    hash: str
    name_key: str
    warnings: list[list[Any]]
    person: Person | None = None
    year: int = 0
    organization_id: int = 0
    grassroots_id: int = 0
    day: date | None = None


@dataclass
class Marks:
    """The marks a check uses (skips) and those it collects for the next import (captures)."""

    capture: bool = False
    hashes: dict[tuple[str, int], str] = field(default_factory=dict)  # (sheet, row) -> hash
    skips: dict[tuple[str, int], Skip] = field(default_factory=dict)
    members: dict[tuple[str, int], MemberCapture] = field(default_factory=dict)
    ratings: dict[tuple[str, int], RatingCapture] = field(default_factory=dict)
    carried: dict[str, list[Any]] = field(default_factory=dict)  # the skipped rows' marks, kept
    previous_blob: bytes = b""  # the previous marks as stored, when every one of them was carried
    same_file: bytes = b""  # the marks of a finished import of these very bytes

    def skip(self, sheet: Sheet, rownum: int) -> Skip | None:
        return self.skips.get((sheet.name, rownum)) if self.skips else None


def previous_marks(blob: bytes = b"") -> tuple[str, dict[str, list[Any]], bytes]:
    """The marks of the latest finished import that kept some, or those given (and as stored)."""
    from dangbo.imports.models import ImportRun

    stored = blob or (
        ImportRun.objects.filter(status=ImportRun.Status.DONE)
        .exclude(row_marks=None)
        .order_by("-finished_at", "-id")
        .values_list("row_marks", flat=True)
        .first()
    )
    fingerprint_, rows = load(stored)
    return fingerprint_, rows, bytes(stored or b"")


def find_skips(ctx: Context, sheets: list[Sheet], marks: Marks, keys_of: Any) -> None:
    """Which rows of the members and ratings sheets are taken as unchanged (marks.skips).
    `keys_of(sheet, rownum, row)` reads a row's member keys (CCCD, card, Dangbo number) without
    saying anything (the row is read in full later)."""
    from dangbo.imports.plan.reviews import _in_scope

    fingerprint_, previous, blob = previous_marks(marks.same_file)
    if not previous or fingerprint_ != fingerprint():
        return
    candidates: dict[tuple[str, int], list[Any]] = {}
    fresh_cccds: set[str] = set()
    fresh_cards: set[str] = set()
    fresh_ids: set[int] = set()
    hashes = marks.hashes
    for sheet in sheets:
        kind = MEMBER if sheet.kind.code == schema.MEMBERS else RATING
        name = sheet.name
        for rownum, row in sheet.rows:
            mark = previous.get(hashes[(name, rownum)])
            if mark is not None and mark[0] == kind:
                candidates[(name, rownum)] = mark
                continue
            cccd, card, ref = keys_of(sheet, rownum, row)
            if cccd:
                fresh_cccds.add(cccd)
            if card:
                fresh_cards.add(card)
            if ref:
                fresh_ids.add(ref)
    if not candidates:
        return
    states = member_states(m[1] for m in candidates.values())
    ratings = rating_states((m[1], m[3]) for m in candidates.values() if m[0] == RATING)
    personal = _personal_paths(ctx)
    times = Counter((m[0], m[1]) for m in candidates.values())
    tree = ctx.tree
    days: dict[str, date] = {}
    skips: dict[tuple[str, int], Skip] = {}
    for where, mark in candidates.items():
        kind, member_id = mark[0], mark[1]
        state = states.get(member_id)
        if (
            state is None
            or state[2] != mark[2]
            or times[(kind, member_id)] != 1
            or (personal is not None and not any(state[1].startswith(p) for p in personal))
        ):
            fresh_ids.add(member_id)
            continue
        if kind == RATING:
            _, _, _, year, _, rating_stamp, org_id, grassroots_id, day = mark[:9]
            rating = ratings.get((member_id, year))
            day_ = days.get(day)
            if day_ is None:
                day_ = days[day] = date.fromisoformat(day)
            if (
                rating is None
                or rating[1] != rating_stamp
                or org_id not in tree.by_id
                or tree.grassroots_at(org_id, day_) != grassroots_id
                or not _in_scope(ctx, org_id, day_)
            ):
                fresh_ids.add(member_id)
                continue
        skips[where] = Skip(mark, state[0], state[1])
    for where, skip in skips.items():
        record = skip.member
        if (
            record["id"] in fresh_ids
            or record["cccd"] in fresh_cccds
            or record["party_card_number"] in fresh_cards
        ):
            continue
        marks.skips[where] = skip
        marks.carried[hashes[where]] = skip.mark
    if len(marks.carried) == len(previous):
        marks.previous_blob = blob  # every mark still holds: kept as it is unless rows are added


def _personal_paths(ctx: Context) -> list[str] | None:
    from dangbo.accounts.scope import scope_paths

    return scope_paths(ctx.actor, personal=True)


def marked_person(skip: Skip, sheet: str, rownum: int) -> Person:
    """The recorded member of a skipped members row, as the checks after it read one."""
    from dangbo.imports.plan.base import Person

    _, _, _, official, cell_code, cell_field = skip.mark[:6]
    db = skip.member  # read for this check alone
    db["visible"] = db["writable"] = True
    db["organization__path"] = skip.path
    db["file_official_on"] = _day(official)
    db["file_cell_code"] = cell_code
    db["file_cell_field"] = cell_field
    return Person(
        cccd=db["cccd"],
        card=db["party_card_number"],
        member_id=db["id"],
        db=db,
        sheet=sheet,
        row=rownum,
        admitted_on=db["admitted_on"],
        official_on=db["official_on"],
    )


# --- after a write: the marks the run keeps ---------------------------------------------------------


def collect(marks: Marks, people: list[Person]) -> dict[str, list[Any]]:
    """The marks of the rows just written or found unchanged, with the records' stamps as they stand
    now (inside the import's transaction, after its writes). A row is marked only when a full check
    of it now would find nothing to change: a new member's profile, a rating and an unchanged row are
    written as the file gives them (or were already), a profile changed through the member services
    is compared again with what they stored."""
    from dangbo.imports.plan.members import _COMPARED
    from dangbo.imports.values import choice_key

    by_row = {(p.sheet, p.row): p for p in people if p.row is not None}
    member_rows = [(capture, by_row[where]) for where, capture in marks.members.items() if where in by_row]
    rating_rows = [
        (capture, capture.person.member_id)
        for capture in marks.ratings.values()
        if capture.person is not None and capture.person.member_id is not None and capture.day is not None
    ]
    ids = {p.member_id for _, p in member_rows if p.member_id is not None}
    ids.update(member_id for _, member_id in rating_rows)
    states = member_states(ids)
    profiles = member_states(
        (p.member_id for _, p in member_rows if p.db is not None and p.profile and p.member_id is not None),
        profile=True,
    )
    ratings = rating_states((member_id, rated.year) for rated, member_id in rating_rows)
    records: dict[str, list[Any]] = dict(marks.carried)
    for capture, person in member_rows:
        state = states.get(person.member_id or 0)
        if state is None:
            continue
        db = state[0]
        changed = profiles.get(db["id"])
        if changed is not None and any(
            k in _COMPARED and v != changed[0].get(k) for k, v in capture.profile.items()
        ):
            continue  # the services stored it otherwise: a full check would change it again
        if (capture.cccd and capture.cccd != db["cccd"]) or (
            capture.card and capture.card != db["party_card_number"]
        ):
            continue
        if capture.admitted_on != db["admitted_on"] or (
            capture.official_on and db["official_on"] and capture.official_on != db["official_on"]
        ):
            continue
        records[capture.hash] = [
            MEMBER,
            db["id"],
            state[2],
            capture.official_on,
            capture.cell_code,
            capture.cell_field,
            capture.warnings,
        ]
    for rated, member_id in rating_rows:
        state = states.get(member_id)
        rating = ratings.get((member_id, rated.year))
        if state is None or rating is None:
            continue
        if rated.name_key and rated.name_key != choice_key(str(state[0]["full_name"])):
            continue  # its check warns that the name differs from the record's: always checked
        if rated.organization_id < 0 or rated.grassroots_id < 0:
            continue  # an organization the file established (its id was temporary)
        records[rated.hash] = [
            RATING,
            member_id,
            state[2],
            rated.year,
            rated.name_key,
            rating[1],
            rated.organization_id,
            rated.grassroots_id,
            rated.day,
            rated.warnings,
        ]
    return records


def stored(marks: Marks, people: list[Person]) -> bytes:
    """What the run keeps: the previous marks as they were when every one of them still held and
    no row was read in full, else the marks collected now."""
    if marks.previous_blob and not marks.members and not marks.ratings:
        return marks.previous_blob
    return dump(collect(marks, people), fingerprint())
