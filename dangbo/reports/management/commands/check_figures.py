"""python manage.py check_figures --total 42 8:19,04 33:78,6 1:2,3 --format json|text"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.reports.figures import FigureError, check_figures, parse_total
from dangbo.reports.render_text import render_figures


class Command(BaseCommand):
    help = "Kiểm tra tỷ lệ phần trăm trong một báo cáo: SỐ_LƯỢNG:TỶ_LỆ so với tổng số."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--total", required=True, help="tổng số (mẫu số)")
        parser.add_argument("figures", nargs="+", help="SỐ_LƯỢNG:TỶ_LỆ, ví dụ 8:19,04")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            total = parse_total(options["total"])
            checks = [asdict(c) for c in check_figures(total, options["figures"])]
        except FigureError as error:
            raise CommandError(
                f"--{error.field}: {error.message}" if error.field == "total" else error.message
            ) from None
        if options["format"] == "json":
            self.stdout.write(json.dumps({"total": total, "figures": checks}, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_figures(checks, total), ending="")
