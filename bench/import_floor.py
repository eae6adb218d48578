"""The import's naive counterpart, timed in the same run (bench_import.py --floor): what the bare tools
take on the same data, so that the first import reads as a ratio to it.

- The bare reader: python_calamine reading every sheet of the workbook into Python lists
  (to_python), with no guard, no header search, no check.
- The bare writer: the very statements the first import wrote, captured while it ran (the bulk
  writer's INSERTs, bulk.Writer._cursor wrapped; every INSERT, UPDATE and DELETE of the ORM,
  connection.execute_wrapper: the organizations' ratings, the tallies, the run with its file and
  marks, its audit entry), replayed by plain sqlite3 on a copy of the database as it was before the
  import, in one transaction (BEGIN IMMEDIATE … COMMIT), with the pragmas of the import's connection.
  The inserts and the COMMIT are timed apart. Left out: what the import reads (its SELECTs, the
  marks read back), its savepoints, and the SQL Python functions Django registers (the tables
  written call none: bulk.Writer).

SQLite only: on PostgreSQL the copy of the database and the replay of the COPY rows are not done.
"""

from __future__ import annotations

import io
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
# what the replaying connection copies of the import's (journal_mode: kept in the file itself)
PRAGMAS = (
    "journal_mode",
    "synchronous",
    "cache_size",
    "foreign_keys",
    "temp_store",
    "mmap_size",
    "busy_timeout",
    "wal_autocheckpoint",
    "cache_spill",
)


@dataclass
class Timing:
    wall: float
    cpu: float  # process_time: every thread of this process

    def plus(self, other: Timing) -> Timing:
        return Timing(self.wall + other.wall, self.cpu + other.cpu)

    def as_dict(self) -> dict[str, float]:
        return {"wall": round(self.wall, 3), "cpu": round(self.cpu, 3)}


@contextmanager
def timed() -> Iterator[list[Timing]]:
    """with timed() as found: …; found[0] is the block's Timing once it ends."""
    found: list[Timing] = []
    wall, cpu = time.perf_counter(), time.process_time()
    yield found
    found.append(Timing(time.perf_counter() - wall, time.process_time() - cpu))


def bare_reader(data: bytes) -> tuple[Timing, int]:
    """calamine alone: every sheet of the workbook into lists; (its time, the rows read)."""
    from python_calamine import CalamineWorkbook

    with timed() as found:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [book.get_sheet_by_name(name).to_python() for name in book.sheet_names]
    return found[0], sum(len(rows) for rows in sheets)


@dataclass
class Statement:
    sql: str  # as run: qmark style for the bulk writer's, Django's format style for the ORM's
    params: Any
    many: bool
    orm: bool

    @property
    def table(self) -> str:
        """The table written: INSERT INTO t, UPDATE t, DELETE FROM t."""
        words = self.sql.split(None, 3)
        name = words[2] if len(words) > 2 and words[1].upper() in ("INTO", "FROM") else words[1]
        return name.strip('"')


@dataclass
class Capture:
    """The write statements of an import on SQLite, in the order they were called."""

    statements: list[Statement] = field(default_factory=list)
    others: Counter[str] = field(default_factory=Counter)  # the statements not replayed, by first word

    def orm(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        """A connection.execute_wrapper: the ORM's statements (in the thread that imports)."""
        verb = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
        if verb not in WRITES:
            self.others[verb] += 1
            return execute(sql, params, many, context)
        if many:
            params = list(params)  # a generator would be spent by the import
        self.statements.append(Statement(sql, params, many, orm=True))
        return execute(sql, params, many, context)

    def writer(self, sql: str, params: Sequence[Any]) -> None:
        self.statements.append(Statement(sql, params, many=False, orm=False))

    def counts(self) -> dict[str, int]:
        return {
            "bulk_writer": sum(not s.orm for s in self.statements),
            "orm": sum(s.orm for s in self.statements),
            "rows_bulk_writer": sum(_rows_of(s) for s in self.statements if not s.orm),
        }

    def tables(self) -> list[str]:
        """The tables the captured statements insert into, in the order first met."""
        found = {s.table: None for s in self.statements if s.sql.lstrip()[:6].upper() == "INSERT"}
        return list(found)


def _rows_of(statement: Statement) -> int:
    """The rows of a bulk writer's INSERT … VALUES (…), (…): its parameters over those of a row."""
    head, _, values = statement.sql.partition(" VALUES ")
    per_row = values.split("), (", 1)[0].count("?") if values else 0
    return len(statement.params) // per_row if per_row else 1


class _RecordingCursor:
    """The bulk writer's cursor, its statements recorded before they run."""

    def __init__(self, cursor: Any, capture: Capture) -> None:
        self.cursor = cursor
        self.capture = capture

    def execute(self, sql: str, params: Sequence[Any]) -> Any:
        self.capture.writer(sql, params)
        return self.cursor.execute(sql, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.cursor, name)


@contextmanager
def capturing() -> Iterator[Capture]:
    """The write statements run on the default connection while the block runs."""
    from django.db import connection

    from dangbo.imports import bulk

    if connection.vendor != "sqlite":
        raise RuntimeError("the import's floor is measured on SQLite only")
    capture = Capture()
    original = bulk.Writer._cursor

    def recording(self: bulk.Writer) -> Any:
        return _RecordingCursor(original(self), capture)

    bulk.Writer._cursor = recording  # type: ignore[method-assign]
    try:
        with connection.execute_wrapper(capture.orm):
            yield capture
    finally:
        bulk.Writer._cursor = original  # type: ignore[method-assign]


def copy_database(target: Path) -> None:
    """The default connection's SQLite database as it stands, into `target` (sqlite3's backup: the
    committed state, whatever the WAL holds)."""
    from django.db import connection

    remove_database(target)
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def connection_pragmas() -> dict[str, Any]:
    """The PRAGMAS of the default connection as they are now (after the import: its page cache)."""
    from django.db import connection

    found = {}
    with connection.cursor() as cursor:
        for name in PRAGMAS:
            cursor.execute(f"PRAGMA {name}")
            row = cursor.fetchone()
            if row is not None:
                found[name] = row[0]
    return found


def _prepared(statement: Statement) -> tuple[str, Any]:
    """The statement as sqlite3 takes it: the ORM's in Django's format style turned to qmark (or
    named) style exactly as Django's SQLiteCursorWrapper turns them."""
    if not statement.orm or statement.params is None:
        return statement.sql, statement.params
    from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX

    sample = statement.params[0] if statement.many and statement.params else statement.params
    if isinstance(sample, Mapping):
        return statement.sql % {name: f":{name}" for name in sample}, statement.params
    return FORMAT_QMARK_REGEX.sub("?", statement.sql).replace("%%", "%"), statement.params


@dataclass
class Replay:
    inserts: Timing  # BEGIN IMMEDIATE and every statement
    commit: Timing
    rows: int  # the rows the statements changed, as sqlite3 counts them
    tables: dict[str, Timing]  # the statements' time by the table they write, in the order first met


def replay(statements: Sequence[Statement], database: Path, pragmas: Mapping[str, Any]) -> Replay:
    """The statements run by a fresh sqlite3 connection on `database`, in one transaction."""
    prepared = [(*_prepared(s), s.many, s.table) for s in statements]
    tables = {table: Timing(0.0, 0.0) for *_, table in prepared}
    raw = sqlite3.connect(database, isolation_level=None)  # autocommit: BEGIN and COMMIT are said here
    try:
        for name, value in pragmas.items():
            raw.execute(f"PRAGMA {name} = {value}")
        cursor = raw.cursor()
        rows = 0
        with timed() as inserts:
            cursor.execute("BEGIN IMMEDIATE")
            for sql, params, many, table in prepared:
                wall, cpu = time.perf_counter(), time.process_time()
                if many:
                    cursor.executemany(sql, params)
                elif params is None:
                    cursor.execute(sql)
                else:
                    cursor.execute(sql, params)
                if cursor.description is not None:  # … RETURNING: its rows, as Django fetches them
                    cursor.fetchall()
                rows += cursor.rowcount
                spent = Timing(time.perf_counter() - wall, time.process_time() - cpu)
                tables[table] = tables[table].plus(spent)
        with timed() as commit:
            cursor.execute("COMMIT")
        return Replay(inserts[0], commit[0], rows, tables)
    finally:
        raw.close()


def row_counts(tables: Sequence[str], database: Path | None = None) -> dict[str, int]:
    """Rows of each table: in `database`, or through the default connection."""
    quoted = [f'"{t}"' for t in tables]
    if database is None:
        from django.db import connection

        with connection.cursor() as cursor:
            found = {}
            for table, name in zip(tables, quoted, strict=True):
                cursor.execute(f"SELECT count(*) FROM {name}")
                found[table] = int(cursor.fetchone()[0])
            return found
    raw = sqlite3.connect(database)
    try:
        return {
            table: int(raw.execute(f"SELECT count(*) FROM {name}").fetchone()[0])
            for table, name in zip(tables, quoted, strict=True)
        }
    finally:
        raw.close()


def ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 2) if denominator > 0 else None
