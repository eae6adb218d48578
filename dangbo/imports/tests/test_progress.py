"""The progress of a run is in the database, where any web process reads it (issue 14 item 4): each
write the worker makes is read back here through another connection, as another process would.
On SQLite, the progress written inside the import's transaction goes through the side file: that
path runs across processes on a database file in test_jobs.py."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

from dangbo.imports import progress, services
from dangbo.imports.models import ImportRun
from dangbo.imports.tests.helpers import big_member_file

pytestmark = pytest.mark.django_db(transaction=True)  # what is written is committed, as in a worker


def _read_elsewhere(run_id: int) -> tuple[Any, ...]:
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT progress_phase, progress_done, progress_total FROM imports_importrun WHERE id = %s",
                [run_id],
            )
            return tuple(cursor.fetchone())
    finally:
        other.close()


@pytest.fixture
def watched(monkeypatch) -> list[tuple[bool, tuple[Any, ...], tuple[Any, ...]]]:
    """(inside a transaction?, what the worker wrote, what another connection reads then)."""
    seen: list[tuple[bool, tuple[Any, ...], tuple[Any, ...]]] = []
    write = progress.Reporter._write

    def spy(self, phase, done, total, at):  # type: ignore[no-untyped-def]
        write(self, phase, done, total, at)
        seen.append((connection.in_atomic_block, (phase, done, total), _read_elsewhere(self.run_id)))

    monkeypatch.setattr(progress.Reporter, "_write", spy)
    monkeypatch.setattr(progress, "INTERVAL", 0.0)  # every report written
    return seen


def _queued(personas, settings, work: str) -> ImportRun:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    officer = personas["officer"]
    run = services.import_run_create(actor=officer, filename="a.xlsx", content=big_member_file(4_500))
    run = services.import_run_enqueue(run=run, actor=officer, work=services.CHECK)
    if work == services.IMPORT:
        services.import_run_process(run_id=run.pk, work=services.CHECK)
        run = services.import_run_enqueue(run=run, actor=officer, work=services.IMPORT)
    return run


def test_the_checks_progress_is_on_the_runs_row_for_any_connection(small_tree, personas, settings, watched):
    run = _queued(personas, settings, services.CHECK)
    run = services.import_run_process(run_id=run.pk, work=services.CHECK)
    assert run.status == ImportRun.Status.CHECKED
    outside = [(wrote, read) for inside, wrote, read in watched if not inside]
    assert len(outside) >= 3 and all(wrote == read for wrote, read in outside)
    assert {done for _, (_, done, _) in outside} >= {0, 2_000, 4_000, 4_500}
    assert outside[-1][0] == (services.CHECKING, 4_500, 4_500)


def test_the_imports_progress_inside_its_transaction_is_seen_by_another_connection(
    small_tree, personas, settings, watched
):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite holds its write lock: the side file, across processes in test_jobs.py")
    run = _queued(personas, settings, services.IMPORT)
    watched.clear()
    run = services.import_run_process(run_id=run.pk, work=services.IMPORT)
    assert run.status == ImportRun.Status.DONE
    inside = [(wrote, read) for inside, wrote, read in watched if inside]
    assert len(inside) >= 3 and all(wrote == read for wrote, read in inside)
    assert {phase for (phase, _, _), _ in inside} == {services.CHECKING, services.WRITING}


def test_a_busy_database_leaves_the_run_as_it_was_and_says_to_try_again(as_user, small_tree, monkeypatch):
    from django.db import OperationalError
    from django.urls import reverse

    from dangbo.imports import tasks
    from dangbo.members.models import Member

    client = as_user("officer")
    client.post(reverse("imports_upload"), {"file": _file()})
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.CHECKED

    def locked(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr(type(tasks.import_run_job), "enqueue", locked)
    page = client.post(reverse("imports_run_confirm", args=[run.pk]), follow=True).content.decode()
    assert "Cơ sở dữ liệu đang bận" in page and "hãy thử lại sau ít phút" in page
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKED and Member.objects.count() == 0


def test_the_side_file_is_newer_than_the_row_while_sqlite_imports(
    small_tree, personas, tmp_path, monkeypatch
):
    """What the pages read on SQLite: the row, or the side file's row for the run when newer."""
    officer = personas["officer"]
    run = services.import_run_create(actor=officer, filename="a.xlsx", content=big_member_file(3))
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.IMPORTING, progress_phase=services.CHECKING, progress_done=0, progress_total=3
    )
    ImportRun.objects.filter(pk=run.pk).update(progress_at=timezone.now())
    monkeypatch.setattr(progress, "side_file", lambda: tmp_path / "db.sqlite3-progress")
    reporter = progress.Reporter(run.pk)
    reporter._write_side(services.WRITING, 2, 3, timezone.now())
    run.refresh_from_db()
    assert progress.current(run) is not None
    assert (progress.current(run).phase, progress.current(run).done) == (services.WRITING, 2)  # type: ignore[union-attr]
    reporter.close()  # the run's row in the side file is dropped at its end
    assert (progress.current(run).phase, progress.current(run).done) == (services.CHECKING, 0)  # type: ignore[union-attr]


def _file() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("a.xlsx", big_member_file(2))
