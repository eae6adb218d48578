"""Runs of a dead worker (issue 12 finding 9, issue 14 item 4): failed with a message, with their
task, when a worker starts — not left "checking"/"importing" for ever; the web only shows them; an
exception of an import's task is logged and recorded on the run."""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from dangbo.imports import services
from dangbo.imports.models import ImportRun
from dangbo.imports.tests.helpers import MEMBER_HEADERS, xlsx

pytestmark = pytest.mark.django_db
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _busy_run(personas, *, worker: str, status=ImportRun.Status.CHECKING, minutes: int = 1) -> ImportRun:
    data = xlsx({"Đảng viên": [MEMBER_HEADERS]})
    run = services.import_run_create(actor=personas["officer"], filename="a.xlsx", content=data)
    ImportRun.objects.filter(pk=run.pk).update(
        status=status, worker=worker, worker_since=timezone.now() - timedelta(minutes=minutes)
    )
    run.refresh_from_db()
    return run


def _running_task(run: ImportRun) -> DBTaskResult:
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [run.pk, "check"], "kwargs": {}},
        task_path="dangbo.imports.tasks.import_run_job",
        backend_name="default",
        run_after=timezone.now(),
        status=TaskResultStatus.RUNNING,
        worker_ids=[run.worker],
    )
    ImportRun.objects.filter(pk=run.pk).update(task_id=str(task.id))
    return task


@pytest.mark.django_db(transaction=True)  # the worker closes a connection left inside a transaction
@pytest.mark.parametrize("status", [ImportRun.Status.CHECKING, ImportRun.Status.IMPORTING])
def test_a_run_whose_worker_died_is_failed_with_its_task_when_a_worker_starts(personas, settings, status):
    settings.TASKS = DATABASE_TASKS
    run = _busy_run(personas, worker=f"{socket.gethostname()}:{_dead_pid()}", status=status)
    task = _running_task(run)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:  # the worker's own command: nothing queued, so it fails the dead run and stops (--batch)
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    run.refresh_from_db()
    task.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED and run.finished_at is not None
    assert run.message == services.ABANDONED and "đã dừng giữa chừng" in run.message
    assert task.status == TaskResultStatus.FAILED and task.exception_class_path.endswith("WorkerGone")


def test_the_page_shows_a_failed_run_and_never_fails_one_itself(as_user, personas):
    """The web only polls: a dead worker's run stays as it is until a worker starts."""
    run = _busy_run(personas, worker=f"{socket.gethostname()}:{_dead_pid()}")
    client = as_user("officer")
    client.get(reverse("imports_index"))
    client.get(reverse("imports_run", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKING
    assert services.import_runs_fail_abandoned() == 1
    page = client.get(reverse("imports_run", args=[run.pk])).content.decode()
    assert "đã dừng giữa chừng" in page and "Không nhập được" in page


def test_a_run_recorded_under_the_starting_workers_own_pid_is_an_earlier_processs(personas):
    run = _busy_run(personas, worker=services.process_id())
    assert services.import_runs_fail_abandoned() == 1
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED


def test_a_run_of_a_live_worker_and_a_queued_run_are_left_alone(personas):
    running = _busy_run(personas, worker=f"{socket.gethostname()}:{os.getppid()}", minutes=600)
    queued = _busy_run(personas, worker="", minutes=600, status=ImportRun.Status.IMPORTING)
    assert services.import_runs_fail_abandoned() == 0
    running.refresh_from_db()
    queued.refresh_from_db()
    assert running.status == ImportRun.Status.CHECKING and queued.status == ImportRun.Status.IMPORTING


def test_a_run_of_another_server_is_failed_after_the_time_limit_without_a_sign_of_life(personas, settings):
    settings.DANGBO_IMPORT_STALE_MINUTES = 60
    recent = _busy_run(personas, worker="may-khac:123", minutes=30)
    old = _busy_run(personas, worker="may-khac:124", minutes=90)
    reporting = _busy_run(personas, worker="may-khac:125", minutes=90)
    ImportRun.objects.filter(pk=reporting.pk).update(
        progress_phase=services.CHECKING, progress_done=10, progress_total=100, progress_at=timezone.now()
    )
    assert services.import_runs_fail_abandoned() == 1
    for run in (recent, old, reporting):
        run.refresh_from_db()
    assert recent.status == reporting.status == ImportRun.Status.CHECKING
    assert old.status == ImportRun.Status.FAILED


def test_an_exception_of_an_imports_task_is_logged_and_recorded(as_user, small_tree, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(services, "import_run_check", broken)
    data = xlsx({"Đảng viên": [MEMBER_HEADERS]})
    with caplog.at_level(logging.ERROR):
        as_user("officer").post(reverse("imports_upload"), {"file": SimpleUploadedFile("a.xlsx", data)})
    records = [r for r in caplog.records if r.exc_info and r.exc_info[0] is RuntimeError]
    assert records and records[0].levelno == logging.ERROR
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED and run.message == services.UNEXPECTED
