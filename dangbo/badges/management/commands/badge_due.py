"""python manage.py badge_due --org CODE --occasion DD/MM/YYYY [--format json|text|xlsx] [--output FILE]

The members of an organization's subtree due for a party badge (Huy hiệu Đảng) on an occasion: each
once, at the highest level reached by that day and not awarded on an earlier occasion; the deceased
apart (posthumous award is a separate decision). Bad input: a Vietnamese message, nothing written."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.accounts.scope import system_actor
from dangbo.badges import render, selectors
from dangbo.core.exceptions import ApplicationError
from dangbo.core.text import parse_date
from dangbo.organizations.selectors import organization_by_code


class Command(BaseCommand):
    help = "Danh sách đảng viên đến hạn tặng Huy hiệu Đảng của một tổ chức vào một dịp."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="mã tổ chức, ví dụ Q9")
        parser.add_argument(
            "--occasion", required=True, help="dịp trao tặng, dạng DD/MM/YYYY, ví dụ 07/11/2019"
        )
        parser.add_argument("--format", default="json", help="json, text hoặc xlsx")
        parser.add_argument("--output", help="tệp kết quả (bắt buộc với xlsx)")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = str(options["format"]).strip().lower()
        if fmt not in ("json", "text", "xlsx"):
            raise CommandError(f"--format: “{options['format']}” không hợp lệ; chọn json, text hoặc xlsx.")
        if fmt == "xlsx" and not options["output"]:
            raise CommandError("--output: phải chỉ định tệp kết quả cho định dạng xlsx.")
        actor = system_actor("lệnh badge_due")
        try:
            organization = organization_by_code(actor, options["org"])
        except ApplicationError as error:
            raise CommandError(f"--org: {error.message}") from None
        try:
            occasion = parse_date(options["occasion"])
        except ValueError as error:
            raise CommandError(
                f"--occasion: {error}; hãy ghi theo dạng DD/MM/YYYY, ví dụ 07/11/2019."
            ) from None
        try:
            due = selectors.due_list(actor, organization, occasion)
        except ApplicationError as error:
            raise CommandError(f"--occasion: {error.message}") from None
        if fmt == "xlsx":
            body = render.due_xlsx(due)
            with open(options["output"], "wb") as handle:
                handle.write(body)
            self.stdout.write(f"Đã ghi {options['output']}")
            return
        text = (
            json.dumps(due.as_json(), ensure_ascii=False, indent=2) + "\n"
            if fmt == "json"
            else render.due_text(due)
        )
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")
