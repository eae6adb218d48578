"""The import's job (django-tasks): the web enqueues it (services.import_run_enqueue), a worker
(`manage.py db_worker`) runs it. Everything it does is services.import_run_process; here only what
belongs to the worker's process: the process-wide tuning of a large import."""

from __future__ import annotations

from django_tasks import TaskContext, task

from dangbo.imports import services
from dangbo.imports.tuning import tuned_for_import


@task(takes_context=True)
def import_run_job(context: TaskContext, run_id: int, work: str) -> str:
    """Check (work="check") or import (work="import") run `run_id`; returns the run's status."""
    with tuned_for_import():
        run = services.import_run_process(run_id=run_id, work=work, task_id=str(context.task_result.id))
    return str(run.status)
