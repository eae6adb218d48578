"""python manage.py planning_report --org Q9 --term 2020-2025 [--year 2019] --format json|text|xlsx [--output FILE]"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.accounts.scope import system_actor
from dangbo.core.exceptions import ApplicationError
from dangbo.core.text import format_date
from dangbo.organizations.selectors import organization_by_code
from dangbo.planning import selectors


def render_text(report: dict[str, Any]) -> str:
    s = report["structure"]
    lines = [
        f"Quy hoạch cấp ủy và cán bộ lãnh đạo, quản lý nhiệm kỳ {report['term']} — {report['organization']['name']}",
        f"Năm {report['year']}, tại ngày {format_date(date.fromisoformat(report['as_of']))}; áp dụng {report['regulation']}",
        "",
    ]
    for position in report["positions"]:
        lines.append(f"{position['title']} ({len(position['candidates'])}):")
        lines.extend(f"  {i}. {name}" for i, name in enumerate(position["candidates"], 1))
    lines += [
        "",
        f"Bổ sung trong năm: {report['added']}; đưa ra: {report['removed']}; luân chuyển: {report['rotated']}; "
        f"điều động: {report['transferred']}",
        f"Cơ cấu: {s['total']} đồng chí; trẻ {s['young']} ({s['young_percent']}); nữ {s['women']} "
        f"({s['women_percent']}); dân tộc thiểu số {s['minorities']} ({s['minorities_percent']})",
    ]
    lines.extend(f"Lưu ý: {w}" for w in report["warnings"])
    lines.extend(
        f"Phải đưa ra: {f['name']} ({f['position']}): {' '.join(f['reasons'])}" for f in report["flagged"]
    )
    lines += ["", report["paragraph"]]
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Quy hoạch cán bộ của một tổ chức cho một nhiệm kỳ: danh sách, cơ cấu, đoạn báo cáo năm."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="mã tổ chức, ví dụ Q9")
        parser.add_argument("--term", required=True, help="nhiệm kỳ, ví dụ 2020-2025")
        parser.add_argument("--year", help="năm rà soát (mặc định: năm trước nhiệm kỳ)")
        parser.add_argument("--format", choices=["json", "text", "xlsx"], default="text")
        parser.add_argument("--output", help="tệp kết quả (bắt buộc với xlsx)")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = system_actor("lệnh planning_report")
        try:
            organization = organization_by_code(actor, options["org"])
            term = selectors.term_from_slug(options["term"])
        except ApplicationError as error:
            raise CommandError(f"{'--term' if error.field == 'term' else '--org'}: {error.message}") from None
        if term.pk is None:
            raise CommandError(f"--term: chưa có quy hoạch nhiệm kỳ {term.label}.")
        raw_year = options["year"] or str(term.start_year - 1)
        if not raw_year.isdigit() or not 1990 <= int(raw_year) <= 2100:
            raise CommandError(f"--year: “{raw_year}” không phải là năm.")
        year = int(raw_year)
        fmt = options["format"]
        if fmt == "xlsx":
            if not options["output"]:
                raise CommandError("--output: phải chỉ định tệp kết quả cho định dạng xlsx.")
            from dangbo.planning.render import plan_xlsx

            plan = selectors.plan_for(actor, organization, term, day=date(year, 12, 31))
            with open(options["output"], "wb") as handle:
                handle.write(plan_xlsx(plan))
            self.stdout.write(f"Đã ghi {options['output']}")
            return
        report = selectors.year_report(actor, organization, term, year)
        text = (
            json.dumps(report, ensure_ascii=False, indent=2) + "\n" if fmt == "json" else render_text(report)
        )
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")
