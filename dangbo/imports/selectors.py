"""Reads of import runs: a user sees the runs they started (a system administrator sees all)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from dangbo.core.exceptions import NotFound
from dangbo.imports.models import ImportIssue, ImportRun

if TYPE_CHECKING:
    from dangbo.accounts.models import User


def import_runs(user: User) -> QuerySet[ImportRun]:
    runs = ImportRun.objects.defer("content").select_related("created_by")
    if user.is_superuser:
        return runs
    return runs.filter(created_by=user)


def import_run(user: User, run_id: int) -> ImportRun:
    run = import_runs(user).filter(pk=run_id).first()
    if run is None:
        raise NotFound("Không tìm thấy lần nhập tệp này.")
    return run


def run_issues(run: ImportRun, severity: str) -> QuerySet[ImportIssue]:
    return ImportIssue.objects.filter(run=run, severity=severity).order_by("id")
