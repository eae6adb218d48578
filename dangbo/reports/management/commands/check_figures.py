"""python manage.py check_figures --total 42 8:19,04 33:78,6 1:2,3 [--base-alternatives N,M]
[--four-levels [--year YYYY] [--cap-percent 25] [--org CODE]] --format json|text"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from dangbo.accounts.scope import system_actor
from dangbo.core.exceptions import ApplicationError
from dangbo.evaluations.selectors import recorded_members_cap
from dangbo.evaluations.services import rule_settings
from dangbo.organizations.selectors import organization_by_code
from dangbo.reports.figures import (
    FigureError,
    audit_figures,
    parse_bases,
    parse_cap_percent,
    parse_total,
    stated_or_recorded_cap,
)
from dangbo.reports.render_text import render_figures


class Command(BaseCommand):
    help = (
        "Kiểm tra số liệu trong một báo cáo: SỐ_LƯỢNG:TỶ_LỆ so với tổng số — tỷ lệ sai, tổng không khớp, "
        "tỷ lệ bị cắt bỏ chữ số, tỷ lệ tính trên cơ sở khác, số lượng ghi nhầm, giới hạn hoàn thành xuất sắc."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--total", required=True, help="tổng số (mẫu số)")
        parser.add_argument("figures", nargs="+", help="SỐ_LƯỢNG:TỶ_LỆ, ví dụ 8:19,04")
        parser.add_argument(
            "--base-alternatives",
            default="",
            help="các cơ sở khác mà báo cáo có thể đã dùng, ví dụ 5.900,5.852 (tổng số đảng viên, số được đánh giá)",
        )
        parser.add_argument(
            "--four-levels",
            action="store_true",
            help="số liệu đảng viên theo 4 mức (xuất sắc, tốt, hoàn thành, không hoàn thành — đúng thứ tự)",
        )
        parser.add_argument(
            "--year", default=None, help="năm đánh giá (giới hạn hoàn thành xuất sắc của năm)"
        )
        parser.add_argument(
            "--cap-percent",
            default=None,
            help="giới hạn đã được cấp có thẩm quyền nâng (từ năm 2025: 20 đến 25), ví dụ 25",
        )
        parser.add_argument(
            "--org",
            default=None,
            help="mã tổ chức cơ sở đảng có số liệu: đọc quyết định nâng giới hạn đã ghi cho năm --year",
        )
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            year = _year(options["year"])
            total = parse_total(options["total"])
            bases = parse_bases(options["base_alternatives"])
            settings = rule_settings()
            stated = parse_cap_percent(options["cap_percent"], year, settings)
            percent, decision = stated_or_recorded_cap(stated, _recorded(options["org"], year))
            checks, problems = audit_figures(
                total,
                options["figures"],
                base_alternatives=bases,
                four_levels=options["four_levels"],
                year=year,
                settings=settings,
                cap_percent=percent,
                cap_decision=decision,
            )
        except FigureError as error:
            raise CommandError(
                error.message
                if error.field == "figures"
                else f"--{error.field.replace('_', '-')}: {error.message}"
            ) from None
        figures = [asdict(c) for c in checks]
        found = [p.as_dict() for p in problems]
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {"total": total, "figures": figures, "problems": found}, ensure_ascii=False, indent=2
                )
            )
        else:
            self.stdout.write(render_figures(figures, total, found), ending="")


def _recorded(code: str | None, year: int | None) -> tuple[Any, str] | None:
    """The decision recorded for the organization's stored year raising its members' cap, if any."""
    if code is None or str(code).strip() == "":
        return None
    if year is None:
        raise FigureError("Đọc quyết định nâng giới hạn đã ghi cần năm đánh giá (--year).", field="org")
    actor = system_actor("lệnh check_figures")
    try:
        organization = organization_by_code(actor, str(code)[:40])
    except ApplicationError as error:
        raise FigureError(error.message, field="org") from None
    return recorded_members_cap(actor, organization, year)


def _year(text: str | None) -> int | None:
    if text is None or str(text).strip() == "":
        return None
    value = str(text).strip()
    current = timezone.localdate().year
    if not (value.isascii() and value.isdigit()) or not 1990 <= int(value) <= current:
        raise FigureError(f"Năm đánh giá “{value[:20]}” không hợp lệ (từ 1990 đến {current}).", field="year")
    return int(value)
