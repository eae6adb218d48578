"""A site of its own for the tests of the imports' jobs across processes (test_jobs.py): a SQLite
file database, and each part — a web process, a second web process, the worker — in a process of
its own, as under gunicorn and systemd. Run as `python -m dangbo.imports.tests.jobsite COMMAND …`
with DATABASE_URL and DANGBO_VAR_DIR naming the site's files.

  setup                 migrate, a small tree and the district's officer (bantochuc)
  upload FILE           the officer uploads FILE on the import page; prints the run's id
  confirm RUN           the officer confirms the run on its page
  watch RUN SECONDS     another web process signs in (prints "ready"), then polls the run's
                        progress fragment until the run is over; prints each distinct fragment's
                        text (JSON)
  worker [PAUSE]        `manage.py db_worker`; PAUSE seconds after each progress report (a test's
                        slowing down, in this process only, to see a run mid-way)
  status RUN            the run, its task and the members (JSON)
"""

from __future__ import annotations

import json
import re
import sys
import time
from datetime import date
from typing import Any


def _setup() -> None:
    from django.core.management import call_command

    from dangbo.accounts.models import RoleAssignment, User
    from dangbo.accounts.scope import system_actor
    from dangbo.organizations.models import Kind, Sector
    from dangbo.organizations.services import Decision, organization_establish

    call_command("migrate", verbosity=0, interactive=False)
    start = date(2015, 1, 1)

    def make(code: str, name: str, kind: str, sector: str, parent: Any) -> Any:
        return organization_establish(
            actor=system_actor("test: the job site"),
            code=code,
            name=name,
            kind=kind,
            sector=sector,
            parent=parent,
            effective_on=start,
            decision=Decision(number="01-QĐ/QU", date=start),
        )

    district = make("D", "Đảng bộ Quận Thử", Kind.DISTRICT, Sector.OTHER, None)
    ward = make("W1", "Đảng bộ phường An Bình", Kind.GRASSROOTS_COMMITTEE, Sector.WARD, district)
    make("W1A", "Chi bộ Khu phố 1", Kind.AFFILIATED_CELL, Sector.RESIDENTIAL, ward)
    make("W1B", "Chi bộ Khu phố 2", Kind.AFFILIATED_CELL, Sector.RESIDENTIAL, ward)
    make("S1", "Chi bộ Trường THPT Đông Hòa", Kind.GRASSROOTS_CELL, Sector.PUBLIC_SCHOOL, district)
    user = User.objects.create_user(username="bantochuc", password="mat-khau-thu-1")
    RoleAssignment.objects.create(
        user=user, organization=district, role=RoleAssignment.Role.COMMITTEE_OFFICER
    )


def _client() -> Any:
    from django.test import Client

    from dangbo.accounts.models import User

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username="bantochuc"))
    return client


def _upload(path: str) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from dangbo.imports.models import ImportRun

    with open(path, "rb") as file:
        response = _client().post(
            reverse("imports_upload"), {"file": SimpleUploadedFile("lon.xlsx", file.read())}
        )
    assert response.status_code == 302, response.status_code
    print(ImportRun.objects.latest("id").pk)


def _confirm(run_id: int) -> None:
    from django.urls import reverse

    response = _client().post(reverse("imports_run_confirm", args=[run_id]))
    assert response.status_code == 302, response.status_code


def _watch(run_id: int, seconds: float) -> None:
    from django.urls import reverse

    client = _client()  # signed in first: a sign-in writes, which waits while an import holds SQLite's lock
    print("ready", flush=True)
    seen: list[str] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        response = client.get(reverse("imports_run_progress", args=[run_id]))
        if response.get("HX-Refresh") == "true":  # the run is not busy: over, or not started yet
            if seen:
                break
            time.sleep(0.05)
            continue
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()
        if not seen or seen[-1] != text:
            seen.append(text)
        time.sleep(0.05)
    else:
        seen.append("TIMEOUT")
    print(json.dumps(seen, ensure_ascii=False))


def _worker(pause: float) -> None:
    from django.core.management import call_command

    if pause:
        from dangbo.imports import progress

        write = progress.Reporter._write

        def slow(self: Any, *args: Any) -> None:
            write(self, *args)
            time.sleep(pause)

        progress.Reporter._write = slow  # type: ignore[method-assign,assignment]
    call_command("db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.1")


def _status(run_id: int) -> None:
    from django_tasks_db.models import DBTaskResult

    from dangbo.imports.models import ImportRun
    from dangbo.members.models import Member

    run = ImportRun.objects.get(pk=run_id)
    task = DBTaskResult.objects.filter(id=run.task_id).first() if run.task_id else None
    print(
        json.dumps(
            {
                "status": run.status,
                "message": run.message,
                "worker": run.worker,
                "task": task.status if task else None,
                "members": Member.objects.count(),
            },
            ensure_ascii=False,
        )
    )


def main(argv: list[str]) -> None:
    import django

    django.setup()
    command, *args = argv
    if command == "setup":
        _setup()
    elif command == "upload":
        _upload(args[0])
    elif command == "confirm":
        _confirm(int(args[0]))
    elif command == "watch":
        _watch(int(args[0]), float(args[1]))
    elif command == "worker":
        _worker(float(args[0]) if args else 0.0)
    elif command == "status":
        _status(int(args[0]))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
