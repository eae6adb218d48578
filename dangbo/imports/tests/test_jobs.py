"""Imports as jobs across processes (issue 14 item 4), on a SQLite file database as served: the web
process enqueues, the worker (`manage.py db_worker`) runs, another web process shows the progress
(from the database: no process shares memory with another here); a worker killed mid-import leaves
nothing written, and its run is failed when a worker starts.

Each part runs in a process of its own (dangbo.imports.tests.jobsite). The worker is slowed down
(a pause after each progress report, in the worker's process only) so that a run is seen mid-way."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from dangbo.imports.tests.helpers import big_member_file

ROOT = Path(__file__).resolve().parents[3]
ROWS = 5_000
ABANDONED = "Tiến trình xử lý tệp đã dừng giữa chừng"


@dataclass
class Site:
    directory: Path
    env: dict[str, str]

    @property
    def database(self) -> Path:
        return self.directory / "dangbo.sqlite3"

    def run(self, *args: str, timeout: float = 300) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "dangbo.imports.tests.jobsite", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout.strip()

    def worker(self, pause: float = 0.0) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "dangbo.imports.tests.jobsite", "worker", str(pause)],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    def watch(self, run_id: int) -> subprocess.Popen[str]:
        """Another web process, signed in and polling the run's progress (its fragments: seen())."""
        process = subprocess.Popen(
            [sys.executable, "-m", "dangbo.imports.tests.jobsite", "watch", str(run_id), "240"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        return process

    @staticmethod
    def seen(watcher: subprocess.Popen[str]) -> list[str]:
        out, err = watcher.communicate(timeout=300)
        assert watcher.returncode == 0, err[-3000:]
        fragments = list(json.loads(out.strip().splitlines()[-1]))
        assert "TIMEOUT" not in fragments
        return fragments

    def status(self, run_id: int) -> dict[str, object]:
        return dict(json.loads(self.run("status", str(run_id))))

    def row(self, sql: str, *params: object) -> tuple[object, ...] | None:
        """Read the site's database directly (read-only), as a third process would."""
        db = sqlite3.connect(f"{self.database.as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            return db.execute(sql, params).fetchone()
        finally:
            db.close()

    def side_progress(self, run_id: int) -> tuple[object, ...] | None:
        side = Path(f"{self.database}-progress")
        if not side.exists():
            return None
        db = sqlite3.connect(f"{side.as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            return db.execute("SELECT done, total FROM progress WHERE run_id = ?", (run_id,)).fetchone()
        except sqlite3.OperationalError:  # the table is not there yet
            return None
        finally:
            db.close()

    def upload(self, rows: int, prefix: str) -> int:
        path = self.directory / f"lon-{prefix}.xlsx"
        path.write_bytes(big_member_file(rows, prefix=prefix))
        return int(self.run("upload", str(path)))

    def wait_for(self, run_id: int, status: str, seconds: float = 240) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.row("SELECT status FROM imports_importrun WHERE id = ?", run_id) == (status,):
                return
            time.sleep(0.2)
        raise AssertionError(f"run {run_id} not {status} after {seconds} s")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    directory = tmp_path_factory.mktemp("jobsite")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "DJANGO_", "PYTEST", "DANGBO_"))
    }
    env.update(
        DATABASE_URL=f"sqlite:///{directory / 'dangbo.sqlite3'}",
        DANGBO_VAR_DIR=str(directory),
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONPATH=str(ROOT),
    )
    made = Site(directory, env)
    made.run("setup", timeout=600)
    return made


@pytest.fixture
def worker(site: Site) -> Iterator[list[subprocess.Popen[str]]]:
    """The workers a test starts, stopped (SIGTERM, then SIGKILL) at its end."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _mid_way(fragments: list[str], phases: tuple[str, ...]) -> list[tuple[int, int]]:
    """The (done, total) of the fragments showing one of `phases` part-way, done < total."""
    found = []
    for text in fragments:
        numbers = re.search(r"([\d.]+)/([\d.]+) dòng", text)
        if numbers and any(text.startswith(phase) for phase in phases):
            done, total = (int(n.replace(".", "")) for n in numbers.groups())
            if 0 < done < total:
                found.append((done, total))
    return found


def test_an_import_started_on_the_web_shows_its_progress_from_another_web_process(site, worker):
    run_id = site.upload(ROWS, "081")  # web process 1: enqueued, nothing run yet
    assert site.status(run_id)["status"] == "checking"
    assert site.row("SELECT worker FROM imports_importrun WHERE id = ?", run_id) == ("",)
    watcher = site.watch(run_id)  # web process 2
    worker.append(site.worker(pause=0.6))
    checking = site.seen(watcher)
    assert _mid_way(checking, ("Đang kiểm tra",)), checking
    assert site.status(run_id)["status"] == "checked"

    watcher = site.watch(run_id)  # web process 2 again
    site.run("confirm", str(run_id))  # web process 1 again
    importing = site.seen(watcher)
    # inside the import's transaction (SQLite's write lock held): the worker's side file
    assert _mid_way(importing, ("Đang kiểm tra", "Đang ghi vào cơ sở dữ liệu")), importing
    status = site.status(run_id)
    assert status["status"] == "done" and status["task"] == "SUCCESSFUL"
    assert site.row("SELECT count(*) FROM members_member WHERE cccd LIKE '081%'") == (ROWS,)
    assert site.side_progress(run_id) is None  # dropped at the end


def test_a_killed_workers_run_is_failed_when_a_worker_starts(site, worker):
    run_id = site.upload(ROWS, "082")
    checker = site.worker()
    worker.append(checker)
    site.wait_for(run_id, "checked")
    checker.send_signal(signal.SIGTERM)  # stopped: the slow worker below takes the import
    assert checker.wait(60) == 0
    site.run("confirm", str(run_id))
    slow = site.worker(pause=0.6)
    worker.append(slow)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:  # mid-import: the worker reported progress inside its transaction
        progress = site.side_progress(run_id)
        if progress is not None and 0 < int(progress[0]) < int(progress[1]):  # type: ignore[call-overload]
            break
        time.sleep(0.1)
    else:
        pytest.fail("the import was never seen mid-way")
    for process in worker:
        process.send_signal(signal.SIGKILL)
        process.wait()
    status = site.status(run_id)
    assert status["status"] == "importing" and status["task"] == "RUNNING"  # as the dead worker left it
    assert site.row("SELECT count(*) FROM members_member WHERE cccd LIKE '082%'") == (0,)

    restarted = subprocess.run(  # a worker starts: the real command, with nothing queued (--batch)
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=site.env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert restarted.returncode == 0, restarted.stderr[-3000:]
    status = site.status(run_id)
    assert status["status"] == "failed" and str(status["message"]).startswith(ABANDONED)
    assert status["task"] == "FAILED"
    assert site.row("SELECT count(*) FROM members_member WHERE cccd LIKE '082%'") == (0,)
