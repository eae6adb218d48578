"""python manage.py member_statistics --org CODE --as-of YYYY-MM-DD [--from YYYY-MM-DD] [--format json|xlsx] [--output FILE]

The members of an organization's subtree on a day by sex, age band, ethnicity, religion, education,
expertise, political theory, occupation and party age, and the movements of the period, computed from
the register. Bad input: a Vietnamese message, nothing written."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.accounts.scope import system_actor
from dangbo.core.exceptions import ApplicationError
from dangbo.memberstats import render, selectors
from dangbo.organizations.selectors import organization_by_code


def _day(raw: str, option: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise CommandError(
            f"{option}: “{raw}” không phải là ngày hợp lệ; hãy ghi theo dạng YYYY-MM-DD, ví dụ 2019-12-31."
        ) from None


class Command(BaseCommand):
    help = "Thống kê đảng viên của một tổ chức vào một ngày và biến động trong kỳ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="mã tổ chức, ví dụ Q9")
        parser.add_argument("--as-of", dest="as_of", required=True, help="ngày thống kê, YYYY-MM-DD")
        parser.add_argument("--from", dest="start", help="ngày đầu kỳ của biến động (mặc định: 1/1 của năm)")
        parser.add_argument("--format", default="json", help="json hoặc xlsx")
        parser.add_argument("--output", help="tệp kết quả (bắt buộc với xlsx)")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = str(options["format"]).strip().lower()
        if fmt not in ("json", "xlsx"):
            raise CommandError(f"--format: “{options['format']}” không hợp lệ; chọn json hoặc xlsx.")
        if fmt == "xlsx" and not options["output"]:
            raise CommandError("--output: phải chỉ định tệp kết quả cho định dạng xlsx.")
        as_of = _day(options["as_of"], "--as-of")
        start = _day(options["start"], "--from") if options["start"] else None
        actor = system_actor("lệnh member_statistics")
        try:
            organization = organization_by_code(actor, options["org"])
        except ApplicationError as error:
            raise CommandError(f"--org: {error.message}") from None
        try:
            stats = selectors.member_statistics(actor, organization, as_of, start, children=fmt == "xlsx")
        except ApplicationError as error:
            raise CommandError(
                f"{'--from' if error.field == 'start' else '--as-of'}: {error.message}"
            ) from None
        if fmt == "xlsx":
            body = render.statistics_xlsx(stats)
            with open(options["output"], "wb") as handle:
                handle.write(body)
            self.stdout.write(f"Đã ghi {options['output']}")
            return
        text = json.dumps(stats.as_json(), ensure_ascii=False, indent=2) + "\n"
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")
