"""python manage.py evaluation_report --org Q9 --year 2019 --format json|text|docx|xlsx [--output FILE]"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.accounts.scope import system_actor
from dangbo.core.exceptions import ApplicationError
from dangbo.organizations.selectors import organization_by_code
from dangbo.reports.render_text import render_text
from dangbo.reports.selectors import year_report


class Command(BaseCommand):
    help = "Báo cáo kết quả đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên của một năm."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="mã tổ chức, ví dụ Q9")
        parser.add_argument("--year", required=True, help="năm đánh giá")
        parser.add_argument("--format", choices=["json", "text", "docx", "xlsx"], default="text")
        parser.add_argument("--decimals", type=int, choices=[1, 2], default=2)
        parser.add_argument("--output", help="tệp kết quả (bắt buộc với docx, xlsx)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            year = int(options["year"])
        except ValueError:
            raise CommandError(f"--year: “{options['year']}” không phải là năm.") from None
        actor = system_actor("lệnh evaluation_report")
        try:
            organization = organization_by_code(actor, options["org"])
            report = year_report(actor, organization, year, decimals=options["decimals"])
        except ApplicationError as error:
            option = {
                "year": "--year",
                "org": "--org",
                "organization": "--org",
                "decimals": "--decimals",
            }.get(error.field or "", "--org")
            raise CommandError(f"{option}: {error.message}") from None
        fmt = options["format"]
        if fmt in ("json", "text"):
            text = (
                json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n"
                if fmt == "json"
                else render_text(report)
            )
            if options["output"]:
                with open(options["output"], "w", encoding="utf-8") as handle:
                    handle.write(text)
            else:
                self.stdout.write(text, ending="")
            return
        if not options["output"]:
            raise CommandError(f"--output: phải chỉ định tệp kết quả cho định dạng {fmt}.")
        if fmt == "docx":
            from dangbo.reports.render_docx import render_docx

            data = render_docx(report)
        else:
            from dangbo.reports.render_xlsx import render_xlsx

            data = render_xlsx(report)
        with open(options["output"], "wb") as handle:
            handle.write(data)
        self.stdout.write(f"Đã ghi {options['output']}")
