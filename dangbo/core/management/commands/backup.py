"""python manage.py backup FILE [--print-commands]
python manage.py backup --dir DIR [--keep N]   (the scheduled backup: a file named by the time, the oldest beyond N removed)

Sao lưu toàn bộ cơ sở dữ liệu vào FILE: SQLite qua API sao lưu trực tuyến (máy chủ vẫn chạy),
PostgreSQL qua pg_dump -Fc. Việc sao lưu được ghi vào nhật ký thay đổi (xuất dữ liệu cá nhân)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from dangbo.accounts.scope import system_actor
from dangbo.audit.services import audit_record
from dangbo.core import backup
from dangbo.core.exceptions import ApplicationError
from dangbo.core.text import format_number


class Command(BaseCommand):
    help = "Sao lưu toàn bộ cơ sở dữ liệu Dangbo vào một tệp (SQLite: API sao lưu; PostgreSQL: pg_dump -Fc)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="tệp sao lưu sẽ được tạo (ghi đè nếu đã có)")
        parser.add_argument(
            "--dir",
            help="thư mục sao lưu theo lịch: tệp dangbo-YYYYMMDD-HHMMSS.backup được tạo trong thư mục này",
        )
        parser.add_argument(
            "--keep",
            type=int,
            help="cùng --dir: chỉ giữ N bản sao lưu mới nhất của thư mục, xóa các bản cũ hơn",
        )
        parser.add_argument(
            "--print-commands",
            action="store_true",
            help="PostgreSQL: chỉ in lệnh pg_dump / pg_restore tương ứng, không chạy",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if bool(options["file"]) == bool(options["dir"]):
            raise CommandError("Cần đúng một trong hai: tên tệp sao lưu, hoặc --dir THƯ_MỤC.")
        if options["keep"] is not None and (not options["dir"] or options["keep"] < 1):
            raise CommandError("--keep cần --dir và một số từ 1 trở lên.")
        if options["dir"]:
            directory = Path(options["dir"]).resolve()
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            path = directory / backup.scheduled_name(timezone.localtime())
        else:
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
                actor=system_actor("lệnh backup"),
                action="backup.create",
                target_type="database",
                target_id=backup.vendor(),
                label=f"Sao lưu toàn bộ dữ liệu vào {path.name}",
                after={"file": str(path), "size": path.stat().st_size},
            )
        self.stdout.write(
            f"Đã sao lưu vào {path} ({format_number(path.stat().st_size)} byte, {info.tables} bảng)."
        )
        if options["keep"]:
            for old in backup.rotate(path.parent, keep=options["keep"]):
                self.stdout.write(f"Đã xóa bản sao lưu cũ {old.name}.")
