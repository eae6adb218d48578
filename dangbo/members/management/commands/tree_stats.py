"""python manage.py tree_stats --org CODE [--as-of YYYY-MM-DD] [--format json|text]

The counts of an organization's subtree on a day (organizations by kind, members by status), as the
selector subtree_stats (dangbo.members.tree_counts) returns them.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.accounts.scope import system_actor
from dangbo.core.dates import today
from dangbo.core.exceptions import NotFound
from dangbo.core.text import format_date, format_number
from dangbo.members.tree_counts import subtree_stats
from dangbo.organizations.models import Kind
from dangbo.organizations.selectors import organization_by_code


class Command(BaseCommand):
    help = "Thống kê cây tổ chức đảng vào một ngày: số tổ chức theo cấp, số đảng viên theo tình trạng."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="Mã tổ chức, ví dụ Q9.")
        parser.add_argument(
            "--as-of",
            dest="as_of",
            help="Ngày thống kê, dạng YYYY-MM-DD (mặc định: hôm nay, giờ Việt Nam).",
        )
        parser.add_argument("--format", choices=("json", "text"), default="text", help="json hoặc text.")

    def handle(self, *args: Any, **options: Any) -> None:
        day = _parse_day(options["as_of"]) if options["as_of"] else today()
        actor = system_actor("lệnh tree_stats")
        try:
            organization = organization_by_code(actor, options["org"])
        except NotFound as error:
            raise CommandError(f"--org: {error.message}") from None
        try:
            stats = subtree_stats(actor, organization, day)
        except NotFound as error:
            raise CommandError(f"--as-of: {error.message}") from None
        if options["format"] == "json":
            self.stdout.write(json.dumps(stats, ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(text_lines(stats)))


def _parse_day(raw: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise CommandError(
            f"--as-of: “{raw}” không phải là ngày hợp lệ; hãy ghi theo dạng YYYY-MM-DD, ví dụ 2019-12-31."
        ) from None


def text_lines(stats: dict[str, Any]) -> list[str]:
    organizations = stats["organizations"]
    members = stats["members"]
    n = format_number
    lines = [
        f"{stats['organization']['name']} ({stats['organization']['code']}), "
        f"ngày {format_date(date.fromisoformat(stats['as_of']))}",
        f"Tổ chức cơ sở đảng: {n(organizations['grassroots'])}",
        f"Chi bộ (cơ sở và trực thuộc): {n(organizations['cells'])}",
        "Theo cấp tổ chức:",
    ]
    lines.extend(
        f"  {Kind(kind).label}: {n(count)}" for kind, count in organizations["by_kind"].items() if count
    )
    lines += [
        f"Đảng viên: {n(members['total'])} (chính thức {n(members['official'])}, dự bị {n(members['probationary'])})",
        f"  Miễn công tác và sinh hoạt đảng: {n(members['exempted'])}",
    ]
    return lines
