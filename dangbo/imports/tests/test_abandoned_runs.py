"""Runs of a dead process (issue 12, finding 9): failed with a message when the runs are shown, not
left "checking"/"importing" for ever; an exception of a background import is logged."""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import threading
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dangbo.imports import services
from dangbo.imports.models import ImportRun
from dangbo.imports.tests.helpers import MEMBER_HEADERS, xlsx

pytestmark = pytest.mark.django_db


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
    return run


@pytest.mark.parametrize("status", [ImportRun.Status.CHECKING, ImportRun.Status.IMPORTING])
def test_a_run_whose_process_died_is_failed_when_it_is_shown(as_user, personas, status):
    run = _busy_run(personas, worker=f"{socket.gethostname()}:{_dead_pid()}", status=status)
    page = as_user("officer").get(reverse("imports_run", args=[run.pk])).content.decode()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED and run.finished_at is not None
    assert "đã dừng giữa chừng" in run.message and "đã dừng giữa chừng" in page


def test_a_run_this_process_no_longer_works_on_is_failed(as_user, personas):
    """The same pid, but the run is not among this process's: its thread or an earlier process died."""
    run = _busy_run(personas, worker=services.process_id())
    as_user("officer").get(reverse("imports_index"))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED


def test_a_run_of_a_live_process_is_left_alone(as_user, personas):
    import os

    run = _busy_run(personas, worker=f"{socket.gethostname()}:{os.getppid()}", minutes=600)
    mine = _busy_run(personas, worker="", minutes=1)
    services._owned.add(mine.pk)
    try:
        ImportRun.objects.filter(pk=mine.pk).update(worker=services.process_id())
        as_user("officer").get(reverse("imports_index"))
    finally:
        services.import_run_release(mine.pk)
    run.refresh_from_db()
    mine.refresh_from_db()
    assert run.status == mine.status == ImportRun.Status.CHECKING


def test_a_run_of_another_server_is_failed_after_the_time_limit(as_user, personas, settings):
    settings.DANGBO_IMPORT_STALE_MINUTES = 60
    recent = _busy_run(personas, worker="may-khac:123", minutes=30)
    old = _busy_run(personas, worker="may-khac:124", minutes=90)
    assert services.import_runs_fail_abandoned() == 1
    recent.refresh_from_db()
    old.refresh_from_db()
    assert recent.status == ImportRun.Status.CHECKING and old.status == ImportRun.Status.FAILED


@pytest.mark.django_db(transaction=True)
def test_an_exception_of_a_background_import_is_logged(as_user, small_tree, settings, monkeypatch, caplog):
    settings.DANGBO_IMPORT_BACKGROUND_BYTES = 10

    def broken(**kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(services, "import_run_check", broken)
    data = xlsx({"Đảng viên": [MEMBER_HEADERS]})
    with caplog.at_level(logging.ERROR):
        as_user("officer").post(reverse("imports_upload"), {"file": SimpleUploadedFile("a.xlsx", data)})
        for thread in threading.enumerate():
            if thread.name.startswith("import-run-"):
                thread.join(30)
    records = [r for r in caplog.records if r.exc_info and r.exc_info[0] is RuntimeError]
    assert records and records[0].levelno == logging.ERROR
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED
