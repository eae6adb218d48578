"""python manage.py congress_progress --org CODE --term YYYY-YYYY [--as-of YYYY-MM-DD] [--format json|text]

Per stage, how many organizations of the subtree have reached it in the term's congress round, and
which are late (not held by their planned day, or held after it).
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.accounts.scope import system_actor
from dangbo.congresses.selectors import progress_json, subtree_progress
from dangbo.core.dates import today
from dangbo.core.exceptions import NotFound
from dangbo.core.text import format_date, format_number
from dangbo.organizations.selectors import organization_by_code

TERM = re.compile(r"^\s*(\d{4})\s*[-–]\s*(\d{4})\s*$")


class Command(BaseCommand):
    help = "Tiến độ đại hội nhiệm kỳ của một cây tổ chức: số tổ chức đạt từng giai đoạn, các tổ chức chậm."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="Mã tổ chức, ví dụ Q9.")
        parser.add_argument("--term", required=True, help="Nhiệm kỳ, ví dụ 2020-2025.")
        parser.add_argument("--as-of", dest="as_of", help="Tính đến ngày YYYY-MM-DD (mặc định hôm nay).")
        parser.add_argument("--format", choices=("json", "text"), default="text", help="json hoặc text.")

    def handle(self, *args: Any, **options: Any) -> None:
        match = TERM.match(options["term"])
        if not match or int(match.group(2)) <= int(match.group(1)):
            raise CommandError(f"--term: “{options['term']}” không hợp lệ; hãy ghi dạng 2020-2025.")
        start, end = int(match.group(1)), int(match.group(2))
        day = today()
        if options["as_of"]:
            try:
                day = date.fromisoformat(options["as_of"].strip())
            except ValueError:
                raise CommandError(f"--as-of: “{options['as_of']}” không phải ngày YYYY-MM-DD.") from None
        actor = system_actor("lệnh congress_progress")
        try:
            organization = organization_by_code(actor, options["org"])
        except NotFound as error:
            raise CommandError(f"--org: {error.message}") from None
        found = subtree_progress(actor, organization, start, day=day)
        if found is None or found[0].term_end != end:
            raise CommandError(
                f"--term: chưa mở đợt đại hội nhiệm kỳ {start}–{end} cho {organization.name} hoặc cấp trên."
            )
        data = progress_json(found[1], found[0], organization)
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(text_lines(data)))


def text_lines(data: dict[str, Any]) -> list[str]:
    n = format_number
    lines = [
        f"{data['organization']['name']} ({data['organization']['code']}) — đại hội nhiệm kỳ {data['term']}, "
        f"đến ngày {format_date(date.fromisoformat(data['as_of']))}",
        f"Số tổ chức: {n(data['total'])}; đã tiến hành đại hội: {n(data['held'])}; "
        f"chậm kế hoạch: {n(data['late'])} ({n(data['late_held'])} tiến hành muộn, "
        f"{n(data['late_not_held'])} quá ngày dự kiến chưa tiến hành)",
        "Theo giai đoạn:",
    ]
    lines += [f"  {s['label']}: {n(s['count'])} ({s['percent']})" for s in data["stages"]]
    if data["late_organizations"]:
        lines.append("Chậm kế hoạch:")
        for row in data["late_organizations"]:
            held = f", tiến hành {format_date(date.fromisoformat(row['held_on']))}" if row["held_on"] else ""
            lines.append(
                f"  {row['code']} {row['name']}: dự kiến {format_date(date.fromisoformat(row['planned_on']))}{held}"
            )
    return lines
