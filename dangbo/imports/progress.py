"""Progress of the imports running in this process (rows done of total), for the page that polls it.

Kept in memory rather than in the run's row: on SQLite the import's transaction holds the write
lock, so the row could not be updated until the end.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    phase: str
    done: int
    total: int
    at: float

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0


_lock = threading.Lock()
_runs: dict[int, Progress] = {}


def report(run_id: int, phase: str, done: int, total: int) -> None:
    with _lock:
        _runs[run_id] = Progress(phase, done, total, time.monotonic())


def current(run_id: int) -> Progress | None:
    with _lock:
        return _runs.get(run_id)


def forget(run_id: int) -> None:
    with _lock:
        _runs.pop(run_id, None)
