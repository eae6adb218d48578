"""python manage.py dues_report --org W1 --year 2026 [--month 3] --format json|xlsx [--output FILE]"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.accounts.scope import system_actor
from dangbo.core.dates import today
from dangbo.core.exceptions import ApplicationError
from dangbo.dues.render import report_xlsx
from dangbo.dues.selectors import level_report, report_json
from dangbo.organizations.selectors import organization_by_code


class Command(BaseCommand):
    help = "Báo cáo thu, nộp đảng phí của một tổ chức và các tổ chức trực thuộc (phải thu, đã thu, còn nợ)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="mã tổ chức, ví dụ Q9")
        parser.add_argument("--year", required=True, help="năm, ví dụ 2026")
        parser.add_argument("--month", help="tháng (1–12); bỏ trống: cả năm đến tháng hiện tại")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--output", help="tệp ghi ra (xlsx: bắt buộc nếu không chuyển hướng đầu ra)")

    def handle(self, *args: Any, **options: Any) -> None:
        raw_year, raw_month = str(options["year"]).strip(), options.get("month")
        if not (raw_year.isascii() and raw_year.isdigit() and len(raw_year) == 4):
            raise CommandError(f"--year: “{raw_year[:20]}” không phải là năm (4 chữ số).")
        month = None
        if raw_month is not None:
            raw = str(raw_month).strip()
            if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= 12):
                raise CommandError(f"--month: “{raw[:20]}” không phải là tháng (1–12).")
            month = int(raw)
        actor = system_actor("lệnh dues_report")
        try:
            organization = organization_by_code(actor, options["org"])
            report = level_report(actor, organization, int(raw_year), month, today())
        except ApplicationError as error:
            option = {"year": "--year", "month": "--month"}.get(error.field or "", "--org")
            raise CommandError(f"{option}: {error.message}") from None
        if options["format"] == "json":
            body = json.dumps(report_json(report), ensure_ascii=False, indent=2) + "\n"
            if options.get("output"):
                with open(options["output"], "w", encoding="utf-8") as out:
                    out.write(body)
            else:
                self.stdout.write(body, ending="")
            return
        data = report_xlsx(report)
        if options.get("output"):
            with open(options["output"], "wb") as out:
                out.write(data)
        elif not sys.stdout.isatty():
            sys.stdout.buffer.write(data)
        else:
            raise CommandError("--format xlsx: hãy chỉ định --output TỆP.xlsx.")
