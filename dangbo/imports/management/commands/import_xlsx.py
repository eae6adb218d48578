"""python manage.py import_xlsx FILE [--dry-run] [--user USERNAME]

Checks every sheet and row of the file and, when nothing is wrong, writes it all in one transaction.
Prints progress (rows done of total) and a summary; lists every error. Exits with status 1 when
nothing was written because of errors.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.accounts.scope import system_actor
from dangbo.core.text import format_number as n
from dangbo.imports.bulk import statistics_refresh
from dangbo.imports.services import import_workbook, summary_of
from dangbo.imports.tuning import tuned_for_import


class Command(BaseCommand):
    help = "Nhập tệp Excel (tổ chức, đảng viên, quá trình sinh hoạt, xếp loại, khen thưởng)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
        parser.add_argument("--user", help="nhập với quyền của người dùng này (mặc định: quản trị hệ thống)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        if options["user"]:
            from dangbo.accounts.models import User

            user = User.objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"Không có người dùng “{options['user']}”.")
            actor = user
        else:
            actor = system_actor("lệnh import_xlsx")
        last: dict[str, Any] = {"at": 0.0, "phase": ""}

        def progress(phase: str, done: int, total: int) -> None:
            now = time.monotonic()
            if phase != last["phase"] or now - last["at"] >= 1 or done == total:
                last.update(at=now, phase=phase)
                self.stdout.write(f"{phase}: {n(done)}/{n(total)}")
                self.stdout.flush()

        with tuned_for_import():  # this process exists to import: see dangbo.imports.tuning
            outcome = import_workbook(
                path.read_bytes(),
                actor=actor,
                filename=path.name,
                dry_run=options["dry_run"],
                progress=progress,
            )
        if outcome.ok and outcome.written.total and not options["dry_run"]:
            statistics_refresh()  # after the commit: see dangbo.imports.bulk
        summary = summary_of(outcome)
        result = outcome.result
        self.stdout.write("")
        for sheet in summary["sheets"]:
            self.stdout.write(
                f"Sheet “{sheet['name']}” ({sheet['label']}): {n(sheet['rows'])} dòng — mới {n(sheet['new'])}, "
                f"cập nhật {n(sheet['updated'])}, không đổi {n(sheet['unchanged'])}, lỗi {n(sheet['invalid'])}."
            )
        for skipped in summary["skipped"]:
            self.stdout.write(f"Sheet “{skipped['name']}”: bỏ qua — {skipped['reason']}")
        for issue in result.issues.warnings:
            self.stdout.write(f"Cảnh báo: {issue.line()}")
        if result.issues.warnings_dropped:
            self.stdout.write(f"… và {n(result.issues.warnings_dropped)} cảnh báo khác.")
        if result.issues.errors:
            for issue in result.issues.errors:
                self.stderr.write(f"Lỗi: {issue.line()}")
            self.stderr.write(
                f"{n(len(result.issues.errors))} lỗi: không có gì được ghi ({n(outcome.seconds, 1)} giây)."
            )
            sys.exit(1)
        written = outcome.written
        if options["dry_run"]:
            self.stdout.write(
                f"Kiểm tra xong, không có lỗi: {n(result.plan.writes())} thay đổi sẽ được ghi "
                f"({n(outcome.seconds, 1)} giây). Chưa ghi gì (--dry-run)."
            )
            return
        self.stdout.write(
            f"Đã nhập trong {n(outcome.seconds, 1)} giây: {n(written.organizations)} tổ chức, "
            f"{n(written.members_new)} đảng viên mới, {n(written.members_updated)} cập nhật, "
            f"{n(written.events)} sự kiện, {n(written.member_ratings_new + written.member_ratings_updated)} "
            f"xếp loại đảng viên, {n(written.organization_ratings_new + written.organization_ratings_updated)} "
            f"xếp loại tổ chức, {n(written.awards)} khen thưởng."
            + (" Không có gì thay đổi." if written.total == 0 else "")
        )
