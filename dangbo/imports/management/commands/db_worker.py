"""python manage.py db_worker [options of django-tasks-db's db_worker]: the worker of the imports.

It is django-tasks-db's own worker (every option, its queue and its task results), started after
one thing of this project's: the import runs left "checking" or "importing" by a worker that is
gone (killed, the machine restarted) are failed first, with a Vietnamese message on the run and an
error on their task (services.import_runs_fail_abandoned). This command takes the name of the one it
extends because dangbo.imports comes before django_tasks_db in INSTALLED_APPS."""

from __future__ import annotations

import logging
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from dangbo.imports.services import import_runs_fail_abandoned

logger = logging.getLogger("dangbo.imports")


class Command(DatabaseWorker):
    help = (
        "Runs the queued tasks (the checks and imports of Excel files); first fails the import runs "
        "whose worker is gone."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        failed = import_runs_fail_abandoned()
        if failed and options.get("verbosity", 1) > 0:
            self.stdout.write(f"{failed} lần nhập của tiến trình đã dừng được đánh dấu không nhập được.")
        super().handle(*args, **options)
