"""python manage.py restore FILE [--force]

Phục hồi toàn bộ cơ sở dữ liệu từ một bản sao lưu do `manage.py backup` tạo. Kiểm tra tệp là bản sao
lưu Dangbo còn nguyên vẹn; không ghi đè cơ sở dữ liệu đang có dữ liệu nếu không có --force."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from dangbo.accounts.scope import system_actor
from dangbo.audit.services import audit_record
from dangbo.core import backup
from dangbo.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Phục hồi cơ sở dữ liệu Dangbo từ một bản sao lưu (ghi đè toàn bộ dữ liệu hiện tại)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp sao lưu do `manage.py backup` tạo")
        parser.add_argument(
            "--force",
            action="store_true",
            help="ghi đè cơ sở dữ liệu hiện tại dù đã có dữ liệu",
        )
        parser.add_argument("--check", action="store_true", help="chỉ kiểm tra tệp sao lưu, không phục hồi")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"]).resolve()
        try:
            if options["check"]:
                info = backup.inspect(path)
                made = f", tạo lúc {info.created_at}" if info.created_at else ""
                self.stdout.write(f"Tệp {path} là bản sao lưu Dangbo hợp lệ ({info.tables} bảng{made}).")
                return
            backup.restore(path, force=options["force"])
        except ApplicationError as error:
            raise CommandError(error.message) from None
        with transaction.atomic():
            audit_record(
                actor=system_actor("lệnh restore"),
                action="backup.restore",
                target_type="database",
                target_id=backup.vendor(),
                label=f"Phục hồi toàn bộ dữ liệu từ {path.name}",
                after={"file": str(path)},
            )
        self.stdout.write(
            f"Đã phục hồi dữ liệu từ {path}. Nếu phần mềm mới hơn bản sao lưu, hãy chạy `manage.py migrate`."
        )
