"""python manage.py target_report --org Q9 --year 2019 --format json|text"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.accounts.scope import system_actor
from dangbo.core.exceptions import ApplicationError
from dangbo.organizations.selectors import organization_by_code
from dangbo.targets.render import paragraph, summary_text
from dangbo.targets.selectors import target_kinds, target_summary


class Command(BaseCommand):
    help = "Chỉ tiêu của một năm và kết quả thực hiện (tính từ các quyết định kết nạp, thành lập)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="mã tổ chức, ví dụ Q9")
        parser.add_argument("--year", required=True, help="năm")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            year = int(options["year"])
        except ValueError:
            raise CommandError(f"--year: “{options['year']}” không phải là năm.") from None
        actor = system_actor("lệnh target_report")
        try:
            organization = organization_by_code(actor, options["org"])
            summary = target_summary(actor, organization, year)
        except ApplicationError as error:
            option = "--year" if error.field == "year" else "--org"
            raise CommandError(f"{option}: {error.message}") from None
        kinds = target_kinds()
        if options["format"] == "json":
            data = {**summary, "paragraph": paragraph(summary, kinds)}
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(summary_text(summary, kinds), ending="")
