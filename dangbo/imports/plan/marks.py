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

import base64
import binascii
import hashlib
import json
import sys
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date
from functools import lru_cache
from itertools import compress, repeat
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from django.db import connection

from dangbo.imports import schema
from dangbo.imports.plan.base import Person as _Person
from dangbo.imports.reader import Sheet
from dangbo.members.models import Member
from dangbo.members.services import PROFILE_FIELDS

if TYPE_CHECKING:
    from dangbo.imports.plan.base import Context, Person

FORMAT = 3
CHUNK = 900
MEMBER, RATING = "m", "r"
Mark = tuple[Any, ...]  # a row's mark: its kind, its fields (collect), its warnings last

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
    code that reads and checks a file (Dangbo's own and calamine's version), the rules' settings (a
    not-rated reason is computed from them) and the limits a file is inspected by."""
    from dangbo.evaluations.services import rule_settings
    from dangbo.imports.limits import import_limits

    return hashlib.blake2b(
        repr((FORMAT, code_version(), rule_settings(), import_limits())).encode(), digest_size=16
    ).hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of Dangbo's Python source (its tests aside) and of calamine's version: a file read or
    checked by other code may read otherwise, so the marks of another version are not used."""
    from importlib.metadata import version

    import dangbo

    root = Path(dangbo.__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=16)
    digest.update(version("python-calamine").encode())
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if "tests" in relative.parts:
            continue
        digest.update(str(relative).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def inspected_before(data: bytes, marks: Marks) -> bool:
    """Did these very bytes pass the file's inspection (dangbo.imports.guard) under the limits of now?
    Yes when an import of them finished and kept marks under the same fingerprint (limits and code
    included); those marks are then the ones the check uses, and the layout of their sheets stands
    for reading them (unread_sheets)."""
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
    marks.previous = load(marks.same_file)
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
    """Each data row's hash (by its Excel row number): the cells the checks read, salted by the sheet.
    (The salt, hundreds of bytes, is hashed once: each row's hash goes on from a copy of that state.)"""
    names, getter, needed = sheet.picker
    indexes = [sheet.columns[name] for name in names]
    result: dict[int, str] = {}
    salted = hashlib.blake2b(sheet_salt(sheet), digest_size=12).copy
    for rownum, row in sheet.rows:
        if getter is not None and len(row) >= needed:
            cells = getter(row)
        else:
            cells = tuple(row[i] if i < len(row) else None for i in indexes)
        digest = salted()
        digest.update(repr(cells).encode())
        result[rownum] = digest.hexdigest()
    return result


def hash_rows(marks: Marks, sheet: Sheet) -> None:
    """The sheet's rows' hashes into marks.hashes, unless they are there or the sheet stands unread
    (its hashes are the stored ones). Hashed when first needed: by find_skips when there are marks
    to compare them with, else for the captures' marks once the people are being written (the
    main thread has time while the writer writes: check_workbook), at the latest by stored()."""
    if sheet.name in marks.unread or not sheet.rows or (sheet.name, sheet.rows[0][0]) in marks.hashes:
        return
    name = sheet.name
    marks.hashes.update(((name, rownum), digest) for rownum, digest in row_hashes(sheet).items())


# --- the records as they stand ---------------------------------------------------------------------


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _id_filters(column: str, wanted: list[int]) -> Iterable[tuple[str, list[Any]]]:
    """(SQL condition, its parameters) that together select the sorted ids `wanted` (and maybe some
    others, which the caller leaves out): one range when the ids are dense (a file's members mostly
    are), else chunks of IN lists."""
    if not wanted:
        return
    if len(wanted) > CHUNK and wanted[-1] - wanted[0] < 2 * len(wanted):
        yield f"{column} BETWEEN %s AND %s", [wanted[0], wanted[-1]]
        return
    for chunk in _chunks(wanted):
        yield f"{column} IN ({', '.join(['%s'] * len(chunk))})", chunk


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
    wanted_set = set(wanted)
    with connection.cursor() as cursor:
        for condition, params in _id_filters(f"m.{ops.quote_name('id')}", wanted):
            cursor.execute(
                f"SELECT o.path, {_stamp_sql('m.')}, {columns} FROM {table} m "
                f"JOIN {org_table} o ON o.id = m.organization_id WHERE {condition}",
                params,
            )
            for row in cursor.fetchall():
                if row[2] not in wanted_set:
                    continue
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
            for condition, params in _id_filters(ops.quote_name("member_id"), sorted(members)):
                cursor.execute(
                    f"SELECT {_stamp_sql()}, {columns} FROM {table} WHERE {ops.quote_name('year')} = %s "
                    f"AND {condition}",
                    [year, *params],
                )
                for row in cursor.fetchall():
                    if row[1] not in members:
                        continue
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


# --- the marked sheets' layout: the same bytes are not read again -----------------------------------
#
# A finished import keeps, beside its rows' marks, what the reading of its marked sheets gave apart
# from the cells: each sheet's name, kind, header, columns and titles, its data rows' numbers and
# their hashes in order. The same bytes read by the same code (the fingerprint) give the same, so an
# import of them takes it instead of reading these sheets: their rows stand there without their
# cells (UNREAD) until one of them is not taken as unchanged; then the sheets are read after all
# (the check's `fill`), before any row is read.

UNREAD: list[Any] = []  # the cells of a row not read (never filled: a row's cells are never written)
_HEX = 24  # the length of a row's hash (row_hashes: 12 bytes)


def _layout(sheet: Sheet) -> dict[str, Any]:
    rownums = [rownum for rownum, _ in sheet.rows]
    runs: list[list[int]] = []  # [first row number, how many in a row]
    if rownums and rownums == list(range(rownums[0], rownums[0] + len(rownums))):
        runs.append([rownums[0], len(rownums)])  # (a sheet's rows mostly follow one another)
    else:
        for rownum in rownums:
            if runs and runs[-1][0] + runs[-1][1] == rownum:
                runs[-1][1] += 1
            else:
                runs.append([rownum, 1])
    return {
        "name": sheet.name,
        "kind": sheet.kind.code,
        "header_rows": list(sheet.header_rows),
        "columns": sheet.columns,
        "headers": sheet.headers,
        "titles": sheet.titles,
        "unknown": sheet.unknown,
        "rows": runs,
    }


# --- the marks of a run -----------------------------------------------------------------------------
#
# Every mark is a row's (a row marked now, or found unchanged and its mark carried), so the marks are
# stored with the layout, sheet by sheet in the order of the rows, by field: the member ids as they
# are; every other field (stamps, days, cells: few distinct values) as its values, each with the
# first mark that has it, and for every mark that first mark (nothing more when it is one value);
# the warnings of the marks that have some. The numbers are packed (base64 of 4 or 8-byte integers),
# so that a hundred thousand marks are a few strings for the JSON encoder. The rows' hashes (random:
# they would not compress) follow the compressed JSON as bytes.

_KIND = {schema.MEMBERS: MEMBER, schema.MEMBER_RATINGS: RATING}  # the marks of a marked sheet's rows
_WIDTH = {MEMBER: 7, RATING: 10}  # a mark: its kind, the member id, the other fields, the row's warnings


def dump(
    records: dict[str, Mark], fingerprint_: str, sheets: list[Sheet], hashes: dict[tuple[str, int], str]
) -> bytes:
    """The fingerprint (32 characters), the marked sheets' layout with their rows' marks as compressed
    JSON, then the rows' hashes (12 bytes each, sheet by sheet)."""
    layout = []
    digests = []
    for sheet in sheets:
        ours = list(map(hashes.__getitem__, zip(repeat(sheet.name), map(itemgetter(0), sheet.rows))))
        digests.append("".join(ours))
        layout.append({**_layout(sheet), **_by_field(list(map(records.get, ours)), _KIND[sheet.kind.code])})
    payload = json.dumps({"format": FORMAT, "sheets": layout}, separators=(",", ":"))
    return fingerprint_.encode() + zlib.compress(payload.encode(), 1) + bytes.fromhex("".join(digests))


def _by_field(found: list[Mark | None], kind: str) -> dict[str, Any]:
    """The marks of a sheet's rows (None: a row without) as stored."""
    # the rows with a mark of the sheet's kind (one of another kind would never be used), None: every row
    at = None
    if None in found or set(map(itemgetter(0), cast("list[Mark]", found))) != {kind}:
        at = [i for i, mark in enumerate(found) if mark is not None and mark[0] == kind]
    marks = cast("list[Mark]", found if at is None else [found[i] for i in at])
    stored: list[Any] = [_pack(list(map(itemgetter(1), marks)))]
    for index in range(2, _WIDTH[kind] - 1):
        values = list(map(itemgetter(index), marks))
        if values and values.count(values[0]) == len(values):
            stored.append([[[0, _plain(values[0])]], None])
            continue
        first: dict[Any, int] = {}  # each value -> the first mark that has it, which stands for it
        places = list(map(first.setdefault, values, range(len(values))))
        stored.append([[[place, _plain(value)] for value, place in first.items()], _pack(places)])
    warnings = list(map(itemgetter(-1), marks))
    warned = list(compress(range(len(warnings)), warnings))  # the marks with warnings
    return {
        "marked": None if at is None else _pack(at),
        "fields": stored,
        "warned": _pack(warned),
        "warnings": [warnings[i] for i in warned],
    }


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _pack(numbers: list[int]) -> str:
    """Integers as base64 of 4 bytes each (8 when one needs more), little-endian, after their size."""
    try:
        packed = array("i", numbers)
    except OverflowError:
        packed = array("q", numbers)
    if sys.byteorder == "big":
        packed.byteswap()
    return f"{packed.itemsize}{base64.b64encode(packed).decode('ascii')}"


def _unpack(text: str) -> list[int]:
    packed = array({"4": "i", "8": "q"}[text[:1]])
    packed.frombytes(base64.b64decode(text[1:], validate=True))
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tolist()


def load(blob: bytes | memoryview | None) -> tuple[str, dict[str, Mark], list[dict[str, Any]]]:
    """(fingerprint, the rows' marks by hash, the marked sheets' layout with their rows' hashes);
    nothing from marks stored otherwise (another format, whose fingerprint is not that of now)."""
    data = bytes(blob or b"")
    if len(data) < 32:
        return "", {}, []
    rows: dict[str, Mark] = {}
    try:
        inflate = zlib.decompressobj()
        payload = json.loads(inflate.decompress(data[32:]))
        if not inflate.eof or payload.get("format") != FORMAT:
            return "", {}, []
        digests = inflate.unused_data.hex()
        layout = payload["sheets"]
        start = 0
        for item in layout:
            end = start + _HEX * sum(count for _, count in item["rows"])
            item["hashes"] = digests[start:end]
            rows.update(_marks_of(item))
            start = end
        if start != len(digests):
            return "", {}, []
    except (zlib.error, binascii.Error, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return "", {}, []
    return data[:32].decode("ascii", "replace"), rows, layout


def _marks_of(item: dict[str, Any]) -> Iterable[tuple[str, Mark]]:
    """(hash, mark) of a stored sheet's marked rows (ValueError, IndexError… when not as dump wrote it)."""
    kind = _KIND[item["kind"]]
    digests = item["hashes"]
    keys = [digests[i : i + _HEX] for i in range(0, len(digests), _HEX)]
    marked = item.pop("marked")
    if marked is not None:
        keys = [keys[i] for i in _unpack(marked)]
    count = len(keys)
    ids, *stored = item.pop("fields")
    if len(stored) != _WIDTH[kind] - 3:
        raise ValueError("not a mark's fields")
    columns: list[Iterable[Any]] = [_unpack(ids)]
    for table, places in stored:
        if places is None:  # one value
            columns.append(repeat(table[0][1], count))
        else:
            columns.append(map(dict(table).__getitem__, _unpack(places)))
    warnings: list[list[Any]] = [[] for _ in range(count)]
    for i, found in zip(_unpack(item.pop("warned")), item.pop("warnings"), strict=True):
        warnings[i] = found
    return zip(keys, zip(repeat(kind, count), *columns, warnings, strict=True), strict=True)


def unread_sheets(marks: Marks) -> dict[str, Sheet]:
    """The marked sheets of the same bytes as their layout gives them (their rows' hashes put in
    marks.hashes), by name; kept in marks.unread until filled."""
    if marks.previous is None:
        return {}
    result: dict[str, Sheet] = {}
    for item in marks.previous[2]:
        name = item["name"]
        rownums = [first + i for first, count in item["rows"] for i in range(count)]
        digests = item["hashes"]
        if len(digests) != _HEX * len(rownums):
            return {}  # not as this module writes it: the sheets are read
        for index, rownum in enumerate(rownums):
            marks.hashes[(name, rownum)] = digests[index * _HEX : (index + 1) * _HEX]
        result[name] = Sheet(
            name=name,
            kind=schema.KIND_BY_CODE[item["kind"]],
            header_rows=tuple(item["header_rows"]),
            columns=dict(item["columns"]),
            headers=dict(item["headers"]),
            rows=[(rownum, UNREAD) for rownum in rownums],
            titles=list(item["titles"]),
            unknown=[(index, header) for index, header in item["unknown"]],
        )
    marks.unread = result
    return result


def all_skipped(marks: Marks) -> bool:
    """Is every row of the unread sheets taken as unchanged? (Else that row is to be read.)"""
    skips = marks.skips
    if {name for name, _ in skips} <= marks.unread.keys():  # (only the unread sheets' rows are marked)
        return len(skips) == sum(len(sheet.rows) for sheet in marks.unread.values())
    return all((name, rownum) in skips for name, sheet in marks.unread.items() for rownum, _ in sheet.rows)


def fill(marks: Marks, read: Any) -> None:
    """Read the sheets left unread after all (`read()`: the workbook's sheets, read in full), their
    rows hashed from their cells; what was found from their layout is found again by the caller."""
    if not marks.unread:
        return
    found = {sheet.name: sheet for sheet in read()}
    for name, sheet in marks.unread.items():
        real = found.get(name)
        if real is None or real.kind.code != sheet.kind.code:
            raise RuntimeError(f"the sheet {name!r} does not read as its layout says")  # a programming error
        vars(sheet).pop("picker", None)
        for item in fields(Sheet):
            setattr(sheet, item.name, getattr(real, item.name))
        for key in [key for key in marks.hashes if key[0] == name]:
            del marks.hashes[key]
        marks.hashes.update(((name, rownum), digest) for rownum, digest in row_hashes(sheet).items())
    marks.unread = {}
    marks.skips.clear()
    marks.carried.clear()
    marks.previous_blob = b""


# --- during a check ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Skip:
    """A row taken as unchanged: its mark, and the member's record as read now."""

    mark: Mark
    member: dict[str, Any]
    path: str

    @property
    def warnings(self) -> list[list[Any]]:
        return self.mark[-1]  # (read only: said again on the row)


@dataclass(slots=True)
class MemberCapture:
    """A members row as parsed, for its mark (by its (sheet, row) in marks.members; its hash in
    marks.hashes, made once the people are being written)."""

    profile: dict[str, Any]
    cccd: str | None
    card: str | None
    admitted_on: date | None
    official_on: date | None
    cell_code: str
    cell_field: str | None
    warnings: list[list[Any]]


@dataclass(slots=True)
class RatingCapture:
    """A ratings row as parsed, for its mark (as MemberCapture, in marks.ratings)."""

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
    carried: dict[str, Mark] = field(default_factory=dict)  # the skipped rows' marks, kept
    previous_blob: bytes = b""  # the previous marks as stored, when every one of them was carried
    same_file: bytes = b""  # the marks of a finished import of these very bytes
    previous: tuple[str, dict[str, Mark], list[dict[str, Any]]] | None = None  # same_file's, loaded
    sheets: list[Sheet] = field(default_factory=list)  # the marked sheets
    unread: dict[str, Sheet] = field(default_factory=dict)  # those standing by their layout, unread

    def skip(self, sheet: Sheet, rownum: int) -> Skip | None:
        return self.skips.get((sheet.name, rownum)) if self.skips else None


def previous_marks(marks: Marks) -> tuple[str, dict[str, Mark], bytes]:
    """The marks of the latest finished import that kept some (those of the same bytes when there
    are), and as stored."""
    from dangbo.imports.models import ImportRun

    if marks.previous is not None:
        return marks.previous[0], marks.previous[1], marks.same_file
    stored = (
        ImportRun.objects.filter(status=ImportRun.Status.DONE)
        .exclude(row_marks=None)
        .order_by("-finished_at", "-id")
        .values_list("row_marks", flat=True)
        .first()
    )
    fingerprint_, rows, _ = load(stored)
    return fingerprint_, rows, bytes(stored or b"")


def find_skips(ctx: Context, sheets: list[Sheet], marks: Marks, keys_of: Any) -> bool:
    """Which rows of the members and ratings sheets are taken as unchanged (marks.skips).
    `keys_of(sheet, rownum, row)` reads a row's member keys (CCCD, card, Dangbo number) without
    saying anything (the row is read in full later). False, with nothing found, when a row of a
    sheet left unread (marks.unread) has no mark: its keys are to be read first."""
    from dangbo.imports.plan.reviews import _in_scope

    fingerprint_, previous, blob = previous_marks(marks)
    if not previous or fingerprint_ != fingerprint():
        return not marks.unread
    for sheet in sheets:
        hash_rows(marks, sheet)
    candidates: dict[tuple[str, int], Mark] = {}
    fresh_cccds: set[str] = set()
    fresh_cards: set[str] = set()
    fresh_ids: set[int] = set()
    hashes = marks.hashes
    found = previous.get
    for sheet in sheets:
        kind = MEMBER if sheet.kind.code == schema.MEMBERS else RATING
        name = sheet.name
        for rownum, row in sheet.rows:
            where = (name, rownum)
            mark = found(hashes[where])
            if mark is not None and mark[0] == kind:
                candidates[where] = mark
                continue
            if row is UNREAD:
                return False
            cccd, card, ref = keys_of(sheet, rownum, row)
            if cccd:
                fresh_cccds.add(cccd)
            if card:
                fresh_cards.add(card)
            if ref:
                fresh_ids.add(ref)
    if not candidates:
        return True
    states = member_states(m[1] for m in candidates.values())
    ratings = rating_states((m[1], m[3]) for m in candidates.values() if m[0] == RATING)
    personal = _personal_paths(ctx)
    # the members named by more than one candidate row of a kind (rare): counted only when there are
    ids_of: dict[str, list[int]] = {MEMBER: [], RATING: []}
    for mark in candidates.values():
        ids_of[mark[0]].append(mark[1])
    repeated: set[tuple[str, int]] = set()
    for kind, ids in ids_of.items():
        if len(set(ids)) != len(ids):
            repeated.update((kind, member_id) for member_id, n in Counter(ids).items() if n > 1)
    tree = ctx.tree
    # the same few paths, cells and days for every row: each answered once
    in_personal: dict[str, bool] = {}
    placed: dict[tuple[int, int, str], bool] = {}
    skips: dict[tuple[str, int], Skip] = {}
    for where, mark in candidates.items():
        kind, member_id = mark[0], mark[1]
        state = states.get(member_id)
        if state is None or state[2] != mark[2] or (repeated and (kind, member_id) in repeated):
            fresh_ids.add(member_id)
            continue
        if personal is not None:
            path = state[1]
            visible = in_personal.get(path)
            if visible is None:
                visible = in_personal[path] = any(path.startswith(p) for p in personal)
            if not visible:
                fresh_ids.add(member_id)
                continue
        if kind == RATING:
            rating = ratings.get((member_id, mark[3]))
            if rating is None or rating[1] != mark[5]:
                fresh_ids.add(member_id)
                continue
            key = (mark[6], mark[7], mark[8])  # the cell, its grassroots organization, the day
            holds = placed.get(key)
            if holds is None:
                org_id, grassroots_id, day = key[0], key[1], date.fromisoformat(key[2])
                holds = placed[key] = (
                    org_id in tree.by_id
                    and tree.grassroots_at(org_id, day) == grassroots_id
                    and _in_scope(ctx, org_id, day)
                )
            if not holds:
                fresh_ids.add(member_id)
                continue
        skips[where] = Skip(mark, state[0], state[1])
    if fresh_ids or fresh_cccds or fresh_cards:
        skips = {
            where: skip
            for where, skip in skips.items()
            if not (
                skip.member["id"] in fresh_ids
                or skip.member["cccd"] in fresh_cccds
                or skip.member["party_card_number"] in fresh_cards
            )
        }
    marks.skips.update(skips)
    marks.carried.update((hashes[where], skip.mark) for where, skip in skips.items())
    if len(marks.carried) == len(previous):
        marks.previous_blob = blob  # every mark still holds: kept as it is unless rows are added
    return True


def _personal_paths(ctx: Context) -> list[str] | None:
    from dangbo.accounts.scope import scope_paths

    return scope_paths(ctx.actor, personal=True)


def marked_person(skip: Skip, sheet: str, rownum: int) -> Person:
    """The recorded member of a skipped members row, as the checks after it read one."""
    mark = skip.mark
    official = mark[3]
    db = skip.member  # read for this check alone
    db.update(
        visible=True,
        writable=True,
        organization__path=skip.path,
        file_official_on=date.fromisoformat(official) if official else None,
        file_cell_code=mark[4],
        file_cell_field=mark[5],
    )
    return _Person(
        db["cccd"], db["party_card_number"], db["id"], db, sheet=sheet, row=rownum,
        admitted_on=db["admitted_on"], official_on=db["official_on"],
    )  # fmt: skip


# --- after a write: the marks the run keeps ---------------------------------------------------------


@dataclass
class Inserted:
    """What the import's writer inserted (dangbo.imports.bulk): the new members' ids and the new
    ratings' member ids by year. The writer inserts a table's rows at once, each with version 1 and
    the one time of that insert, and nothing of the import writes them after it: their stamps are
    one, read once from the database, and their fields are those it wrote (the new members' as
    their Person planned them), not read back."""

    members: set[int] = field(default_factory=set)
    ratings: dict[int, set[int]] = field(default_factory=dict)
    first_rating: tuple[int, int] | None = None  # (member id, year) of the first rating written


def _stamp_of(model: Any, where: dict[str, int]) -> str:
    """The stamp of a record just inserted."""
    q = connection.ops.quote_name
    condition = " AND ".join(f"{q(column)} = %s" for column in where)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_stamp_sql()} FROM {q(model._meta.db_table)} WHERE {condition}", list(where.values())
        )
        found = cursor.fetchone()
    if found is None:
        raise RuntimeError(f"{model.__name__} {where}: not written")  # a programming error
    return str(found[0])


def collect(marks: Marks, people: list[Person], inserted: Inserted) -> dict[str, Mark]:
    """The marks of the rows just written or found unchanged, with the records' stamps as they stand
    now (inside the import's transaction, after its writes). A row is marked only when a full check
    of it now would find nothing to change: a new member's profile, a rating and an unchanged row are
    written as the file gives them (or were already), a profile changed through the member services
    is compared again with what they stored. What the writer inserted is taken as it wrote it
    (Inserted); the other records are read."""
    from dangbo.evaluations.models import MemberRating
    from dangbo.imports.plan.members import _COMPARED
    from dangbo.imports.values import choice_key

    new_members, new_ratings = inserted.members, inserted.ratings
    member_stamp = _stamp_of(Member, {"id": next(iter(new_members))}) if new_members else ""
    rating_stamp = ""
    if inserted.first_rating is not None:  # (read as soon as the writer wrote it: services._apply)
        first_id, first_year = inserted.first_rating
        rating_stamp = _stamp_of(MemberRating, {"member_id": first_id, "year": first_year})
    else:
        for year, rated_members in new_ratings.items():
            if rated_members:
                rating_stamp = _stamp_of(MemberRating, {"member_id": next(iter(rated_members)), "year": year})
                break
    records: dict[str, Mark] = dict(marks.carried)

    def member_mark(
        digest: str,
        capture: MemberCapture,
        member_id: int,
        stamp: str,
        cccd: Any,
        card: Any,
        admitted_on: Any,
        official_on: Any,
    ) -> None:
        if (capture.cccd and capture.cccd != cccd) or (capture.card and capture.card != card):
            return
        if capture.admitted_on != admitted_on or (
            capture.official_on and official_on and capture.official_on != official_on
        ):
            return
        records[digest] = (
            MEMBER,
            member_id,
            stamp,
            capture.official_on,
            capture.cell_code,
            capture.cell_field,
            capture.warnings,
        )

    def rating_mark(
        digest: str, rated: RatingCapture, member_id: int, stamp: str, its_stamp: str, record: dict[str, Any]
    ) -> None:
        if rated.name_key and rated.name_key != choice_key(str(record["full_name"])):
            return  # its check warns that the name differs from the record's: always checked
        if rated.organization_id < 0 or rated.grassroots_id < 0:
            return  # an organization the file established (its id was temporary)
        records[digest] = (
            RATING,
            member_id,
            stamp,
            rated.year,
            rated.name_key,
            its_stamp,
            rated.organization_id,
            rated.grassroots_id,
            rated.day,
            rated.warnings,
        )

    # the rows of what the writer inserted at once, the others once their records are read
    captured, hashes = marks.members, marks.hashes
    recorded: list[tuple[str, MemberCapture, Person, int]] = []
    for person in people:
        member_id = person.member_id
        if member_id is None or person.row is None:
            continue
        where = (person.sheet, person.row)
        capture = captured.get(where)
        if capture is None:
            continue
        if member_id not in new_members:
            recorded.append((hashes[where], capture, person, member_id))
            continue
        profile, state = person.profile, person.state  # as bulk.insert_members wrote them
        assert state is not None  # (a new member's state is planned before it is written)
        cccd, card = profile.get("cccd") or None, profile.get("party_card_number") or None
        member_mark(
            hashes[where], capture, member_id, member_stamp, cccd, card, state.admitted_on, state.official_on
        )
    rated_later: list[tuple[str, RatingCapture, Person, int]] = []
    for where, rated in marks.ratings.items():
        owner = rated.person
        if owner is None or owner.member_id is None or rated.day is None:
            continue
        member_id = owner.member_id
        if member_id in new_members and member_id in new_ratings.get(rated.year, ()):
            rating_mark(hashes[where], rated, member_id, member_stamp, rating_stamp, owner.profile)
        else:
            rated_later.append((hashes[where], rated, owner, member_id))
    ids = {member_id for *_, member_id in recorded}
    ids.update(member_id for *_, member_id in rated_later if member_id not in new_members)
    states = member_states(ids)
    profiles = member_states(
        (member_id for _, _, person, member_id in recorded if person.db is not None and person.profile),
        profile=True,
    )
    ratings = rating_states(
        (member_id, rated.year)
        for _, rated, _, member_id in rated_later
        if member_id not in new_ratings.get(rated.year, ())
    )
    for digest, capture, _, member_id in recorded:
        found = states.get(member_id)
        if found is None:
            continue
        changed = profiles.get(member_id)
        if changed is not None and any(
            k in _COMPARED and v != changed[0].get(k) for k, v in capture.profile.items()
        ):
            continue  # the services stored it otherwise: a full check would change it again
        db = found[0]
        member_mark(
            digest,
            capture,
            member_id,
            found[2],
            db["cccd"],
            db["party_card_number"],
            db["admitted_on"],
            db["official_on"],
        )
    for digest, rated, owner, member_id in rated_later:
        if member_id in new_members:
            stamp, record = member_stamp, owner.profile
        else:
            found = states.get(member_id)
            if found is None:
                continue
            stamp, record = found[2], found[0]
        if member_id in new_ratings.get(rated.year, ()):
            its_stamp = rating_stamp
        else:
            rating = ratings.get((member_id, rated.year))
            if rating is None:
                continue
            its_stamp = rating[1]
        rating_mark(digest, rated, member_id, stamp, its_stamp, record)
    return records


def stored(marks: Marks, people: list[Person], inserted: Inserted) -> bytes:
    """What the run keeps: the marks of the same bytes as they were stored when every one of them
    still held and no row was read in full, else the marks collected now with the sheets' layout."""
    if marks.previous_blob and marks.same_file and not marks.members and not marks.ratings:
        return marks.previous_blob
    for sheet in marks.sheets:  # (a sheet whose rows were not parsed: a missing column, say)
        hash_rows(marks, sheet)
    return dump(collect(marks, people, inserted), fingerprint(), marks.sheets, marks.hashes)
