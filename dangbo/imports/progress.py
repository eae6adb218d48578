"""The progress of an import run (rows done of total), written by the worker running it and read by
every web process: the page polls it, whichever process answers.

It lives in the run's row (progress_phase, progress_done, progress_total, progress_at). An import
writes in one transaction, so the worker writes its progress beside that transaction:

- outside a transaction (a check, which writes nothing else): on the run's row, on its connection;
- inside the import's transaction on PostgreSQL: on the run's row through a second connection (the
  import never writes the run's row inside its transaction, so nothing waits on it);
- inside it on SQLite, whose transaction holds the database's write lock until its end: in a small
  SQLite file beside the database (`<database file>-progress`, one row per run being imported),
  which the pages read too; the row is dropped when the run ends.

progress_at is also the worker's last sign of life (services.import_runs_fail_abandoned).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.utils import timezone

from dangbo.imports.models import ImportRun

logger = logging.getLogger(__name__)

INTERVAL = 0.5  # seconds between two writes of the same phase
_SIDE_TABLE = (
    "CREATE TABLE IF NOT EXISTS progress (run_id INTEGER PRIMARY KEY, phase TEXT NOT NULL, "
    "done INTEGER NOT NULL, total INTEGER NOT NULL, at TEXT NOT NULL)"
)


@dataclass(frozen=True)
class Progress:
    phase: str
    done: int
    total: int
    at: datetime

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0


def side_file() -> Path | None:
    """The file of the progress written during an import's transaction on SQLite (none for an
    in-memory database, or on PostgreSQL)."""
    default = connections[DEFAULT_DB_ALIAS]
    if default.vendor != "sqlite" or default.is_in_memory_db():  # type: ignore[attr-defined]
        return None
    return Path(f"{default.settings_dict['NAME']}-progress").resolve()


class Reporter:
    """progress(phase, done, total) for the import of one run, in the worker; close() at the end."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self._phase: str | None = None
        self._last = 0.0
        self._second: Any = None  # PostgreSQL: a connection of its own, outside the import's transaction
        self._side: sqlite3.Connection | None = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if phase == self._phase and done < total and now - self._last < INTERVAL:
            return
        self._phase, self._last = phase, now
        try:
            self._write(phase[:100], done, total, timezone.now())
        except (DatabaseError, sqlite3.Error, connection.Database.Error):  # type: ignore[attr-defined]
            # the progress is shown, never needed: the import goes on
            logger.warning("import run %s: its progress could not be written now", self.run_id, exc_info=True)

    def _write(self, phase: str, done: int, total: int, at: datetime) -> None:
        if not connection.in_atomic_block:
            ImportRun.objects.filter(pk=self.run_id).update(
                progress_phase=phase, progress_done=done, progress_total=total, progress_at=at
            )
        elif connection.vendor != "sqlite":
            self._write_second(phase, done, total, at)
        else:
            self._write_side(phase, done, total, at)

    def _write_second(self, phase: str, done: int, total: int, at: datetime) -> None:
        if self._second is None:
            self._second = connections.create_connection(DEFAULT_DB_ALIAS)
            with self._second.cursor() as cursor:  # never wait long on a lock: the next report will do
                cursor.execute("SET lock_timeout = 2000")
        quote = self._second.ops.quote_name
        table = quote(ImportRun._meta.db_table)
        # SKIP LOCKED: when the row is locked (its run being marked, or a test's immediate task running
        # inside the request that queued it), this report is skipped rather than waited for
        with self._second.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {quote('progress_phase')} = %s, {quote('progress_done')} = %s, "
                f"{quote('progress_total')} = %s, {quote('progress_at')} = %s WHERE {quote('id')} = "
                f"(SELECT {quote('id')} FROM {table} WHERE {quote('id')} = %s FOR UPDATE SKIP LOCKED)",
                [phase, done, total, at, self.run_id],
            )

    def _write_side(self, phase: str, done: int, total: int, at: datetime) -> None:
        path = side_file()
        if path is None:
            return  # an in-memory database (tests): nobody else can read it anyway
        if self._side is None:
            self._side = sqlite3.connect(path, timeout=2, isolation_level=None)
            self._side.execute("PRAGMA journal_mode=WAL")
            self._side.execute(_SIDE_TABLE)
        self._side.execute(
            "INSERT OR REPLACE INTO progress (run_id, phase, done, total, at) VALUES (?, ?, ?, ?, ?)",
            (self.run_id, phase, done, total, at.isoformat()),
        )

    def close(self) -> None:
        if self._second is not None:
            self._second.close()
            self._second = None
        if self._side is not None:
            try:
                self._side.execute("DELETE FROM progress WHERE run_id = ?", (self.run_id,))
            except sqlite3.Error:
                logger.warning("import run %s: its progress row is left in the side file", self.run_id)
            self._side.close()
            self._side = None


def _side_progress(run_id: int) -> Progress | None:
    path = side_file()
    if path is None or not path.exists():
        return None
    try:
        side = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            row = side.execute(
                "SELECT phase, done, total, at FROM progress WHERE run_id = ?", (run_id,)
            ).fetchone()
        finally:
            side.close()
    except sqlite3.Error:
        return None
    if row is None:
        return None
    return Progress(str(row[0]), int(row[1]), int(row[2]), datetime.fromisoformat(row[3]))


def current(run: ImportRun) -> Progress | None:
    """The run's latest progress as its worker wrote it (None before the worker's first report)."""
    found = (
        Progress(run.progress_phase, run.progress_done, run.progress_total, run.progress_at)
        if run.progress_at is not None
        else None
    )
    side = _side_progress(run.pk) if run.is_busy else None
    if side is not None and (found is None or side.at > found.at):
        return side
    return found
