"""python manage.py load_demo [--if-empty]: the demo data of Đảng bộ Quận 9 (2014–2019)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.core.exceptions import ApplicationError
from dangbo.demo.generator import load_demo
from dangbo.organizations.models import Organization


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu Đảng bộ Quận 9 (2014–2019): cây tổ chức, đảng viên, tài khoản thử."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Chỉ nạp khi cơ sở dữ liệu chưa có tổ chức đảng nào.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Organization.objects.exists():
            self.stdout.write("Cơ sở dữ liệu đã có tổ chức đảng; không nạp dữ liệu mẫu.")
            return
        try:
            summary = load_demo()
        except ApplicationError as error:  # e.g. a code of the demo already used by another organization
            raise CommandError(
                f"Không nạp được dữ liệu mẫu (không có gì thay đổi): {error.message}"
            ) from None
        for line in summary.lines():
            self.stdout.write(line)
