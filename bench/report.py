"""Time the year's review report (dangbo.reports.selectors.year_report) on a benchmark database
with ratings (bench/ratings.py): the whole tree, its largest first-level subtree and a subtree two
levels down. Prints the median of several runs.

    DATABASE_URL=... .venv/bin/python bench/report.py --year 2024 [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import DATA_DIR, db_label, machine, setup_django, vn  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description="Đo thời gian lập báo cáo đánh giá, xếp loại một năm.")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    from django.db.models import Count

    from dangbo.accounts.scope import system_actor
    from dangbo.organizations.models import Organization
    from dangbo.reports.selectors import year_report

    actor = system_actor("bench: report")
    root = Organization.objects.filter(parent__isnull=True).order_by("pk").first()
    if root is None:
        raise SystemExit("Cơ sở dữ liệu chưa có dữ liệu đo hiệu năng (bench/generate.py).")
    subjects = [root]
    for _ in range(2):
        children = (
            Organization.objects.filter(parent=subjects[-1], ended_on__isnull=True)
            .annotate(n=Count("children"))
            .order_by("-n", "pk")
        )
        child = children.first()
        if child is None:
            break
        subjects.append(child)
    results = []
    for organization in subjects:
        timings = []
        report = None
        for _ in range(args.runs):
            started = time.perf_counter()
            report = year_report(actor, organization, args.year)
            timings.append((time.perf_counter() - started) * 1000)
        assert report is not None
        members = report.sections.members
        row: dict[str, Any] = {
            "subject": organization.name,
            "members_evaluated": members.evaluated,
            "grassroots": report.sections.grassroots.total,
            "median_ms": round(statistics.median(timings), 1),
            "first_ms": round(timings[0], 1),
        }
        results.append(row)
        print(
            f"{row['subject']}: {vn(row['members_evaluated'])} đảng viên được đánh giá, "
            f"{vn(row['grassroots'])} TCCSĐ — trung vị {vn(row['median_ms'], 1)} ms (lần đầu {vn(row['first_ms'], 1)} ms)"
        )
    output = {"database": db_label(), "year": args.year, "machine": machine(), "report": results}
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / f"{db_label()}.report.json"
    path.write_text(json.dumps(output, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Ghi vào {path}")


if __name__ == "__main__":
    main()
