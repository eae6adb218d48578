"""python manage.py rebuild_rollups --year 2024: build again the rollups of the year's locked subtrees."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.accounts.scope import system_actor
from dangbo.core.exceptions import ApplicationError
from dangbo.core.text import format_number
from dangbo.evaluations.services import rollups_rebuild


class Command(BaseCommand):
    help = (
        "Tính lại số liệu tổng hợp (theo từng nhánh cây) của một năm đã khóa sổ, để báo cáo năm đó đọc "
        "một dòng cho mỗi tổ chức: sau khi nâng cấp một CSDL đã khóa sổ, hoặc sau khi nạp dữ liệu hàng loạt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="năm đánh giá")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            built = rollups_rebuild(actor=system_actor("rebuild_rollups"), year=options["year"])
        except ApplicationError as error:
            raise CommandError(f"--year: {error.message}") from None
        self.stdout.write(
            f"Năm {options['year']}: đã tính lại số liệu tổng hợp của {format_number(built)} tổ chức."
        )
