"""python manage.py admission_pipeline --org Q9 --format json: the candidates per stage (counts only)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.accounts.scope import system_actor
from dangbo.admissions.selectors import pipeline_organization, pipeline_overview
from dangbo.core.dates import today
from dangbo.core.exceptions import ApplicationError

FORMATS = ("json",)


class Command(BaseCommand):
    help = (
        "Phát triển đảng viên: số quần chúng ưu tú theo giai đoạn của một tổ chức và các tổ chức trực thuộc."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="mã tổ chức, ví dụ Q9")
        parser.add_argument("--format", default="json", help="json")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = str(options["format"]).strip().lower()
        if fmt not in FORMATS:
            raise CommandError(f"--format: “{options['format']}” không được hỗ trợ; chỉ có: json.")
        actor = system_actor("lệnh admission_pipeline")
        try:
            organization = pipeline_organization(actor, str(options["org"]))
            overview = pipeline_overview(actor, organization, today())
        except ApplicationError as error:
            raise CommandError(f"--org: {error.message}") from None
        self.stdout.write(json.dumps(overview.as_json(), ensure_ascii=False, indent=2))
