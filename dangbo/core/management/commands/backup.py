"""python manage.py backup FILE [--print-commands]

Sao lưu toàn bộ cơ sở dữ liệu vào FILE: SQLite qua API sao lưu trực tuyến (máy chủ vẫn chạy),
PostgreSQL qua pg_dump -Fc. Việc sao lưu được ghi vào nhật ký thay đổi (xuất dữ liệu cá nhân)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from dangbo.audit.services import audit_record
from dangbo.core import backup
from dangbo.core.exceptions import ApplicationError
from dangbo.core.text import format_number


class Command(BaseCommand):
    help = "Sao lưu toàn bộ cơ sở dữ liệu Dangbo vào một tệp (SQLite: API sao lưu; PostgreSQL: pg_dump -Fc)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp sao lưu sẽ được tạo (ghi đè nếu đã có)")
        parser.add_argument(
            "--print-commands",
            action="store_true",
            help="PostgreSQL: chỉ in lệnh pg_dump / pg_restore tương ứng, không chạy",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"]).resolve()
        if options["print_commands"]:
            if backup.vendor() != "postgresql":
                raise CommandError("--print-commands chỉ dùng với PostgreSQL.")
            dump, restore = backup.pg_commands(path)
            self.stdout.write(" ".join(dump))
            self.stdout.write(" ".join(restore))
            return
        try:
            info = backup.backup(path)
        except ApplicationError as error:
            raise CommandError(error.message) from None
        with transaction.atomic():
            audit_record(
                actor=None,
                action="backup.create",
                target_type="database",
                target_id=backup.vendor(),
                label=f"Sao lưu toàn bộ dữ liệu vào {path.name}",
                after={"file": str(path), "size": path.stat().st_size},
            )
        self.stdout.write(
            f"Đã sao lưu vào {path} ({format_number(path.stat().st_size)} byte, {info.tables} bảng)."
        )
