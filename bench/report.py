"""Time the year's review report (dangbo.reports.selectors.year_report) on a benchmark database
with ratings (bench/ratings.py): the whole tree (the national root of the nation preset, the city),
its largest first-level subtree and a subtree two levels down. For each, in one run and alternately:
the report, a raw SQL SUM of the stored per-cell tallies under the same node (the counterpart: what
the report cannot beat by much), and, for a locked year, the report counted without its rollups (the
year's YearRollup rows removed inside a transaction rolled back: the computation of an open year, or
of a database locked before the rollups). Medians; the load average before and after.

    DATABASE_URL=... .venv/bin/python -m bench.report --year 2024 [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import DATA_DIR, db_label, machine, setup_django, vn  # noqa: E402

TALLIES_SUM = (
    "SELECT t.rank, t.not_rated_reason, sum(t.count) FROM evaluations_ratingtally t "
    "JOIN organizations_organization o ON o.id = t.organization_id "
    "WHERE t.year = %s AND o.path >= %s AND o.path < %s GROUP BY t.rank, t.not_rated_reason"
)  # the subtree as a range of paths (as bench/compare.py), which the index on path serves
# at the root, the tightest counterpart: every tally of the year, no join
ALL_TALLIES_SUM = (
    "SELECT rank, not_rated_reason, sum(count) FROM evaluations_ratingtally WHERE year = %s "
    "GROUP BY rank, not_rated_reason"
)


def _median_ms(functions: dict[str, Callable[[], Any]], runs: int) -> dict[str, dict[str, float]]:
    """Each function once to warm up, then `runs` rounds calling each in turn (so that a change of
    the machine's load falls on all alike); the median and the first timing of each."""
    timings: dict[str, list[float]] = {name: [] for name in functions}
    for name, function in functions.items():
        started = time.perf_counter()
        function()
        timings[name].append((time.perf_counter() - started) * 1000)
    for _ in range(runs):
        for name, function in functions.items():
            started = time.perf_counter()
            function()
            timings[name].append((time.perf_counter() - started) * 1000)
    return {
        name: {"median_ms": round(statistics.median(t[1:]), 2), "first_ms": round(t[0], 2)}
        for name, t in timings.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Đo thời gian lập báo cáo đánh giá, xếp loại một năm.")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    setup_django()
    from django.db import connection, transaction
    from django.db.models import Count

    from dangbo.accounts.scope import system_actor
    from dangbo.evaluations.models import YearRollup
    from dangbo.evaluations.services import locked_cycle
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

    def report_of(organization: Organization) -> Callable[[], Any]:
        return lambda: year_report(actor, organization, args.year)

    def raw(sql: str, params: list[Any]) -> Callable[[], Any]:
        def run() -> Any:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        return run

    def tallies_sum(organization: Organization) -> Callable[[], Any]:
        upper = organization.path[:-1] + chr(ord(organization.path[-1]) + 1)
        return raw(TALLIES_SUM, [args.year, organization.path, upper])

    def without_rollups(organization: Organization) -> Callable[[], Any]:
        def run() -> Any:
            with transaction.atomic():
                YearRollup.objects.filter(year=args.year, organization=organization).delete()
                report = year_report(actor, organization, args.year)
                transaction.set_rollback(True)
            return report

        return run

    load_before = os.getloadavg()
    results = []
    for organization in subjects:
        locked = locked_cycle(organization.path, args.year) is not None
        stored = YearRollup.objects.filter(year=args.year, organization=organization).exists()
        functions: dict[str, Callable[[], Any]] = {
            "report": report_of(organization),
            "tallies_sum": tallies_sum(organization),
        }
        if organization.parent_id is None:
            functions["all_tallies_sum"] = raw(ALL_TALLIES_SUM, [args.year])
        if stored:
            functions["report_without_rollups"] = without_rollups(organization)
        timed = _median_ms(functions, args.runs)
        report = year_report(actor, organization, args.year)
        if stored:
            assert report.as_json() == without_rollups(organization)().as_json(), organization.name
        members = report.sections.members
        row: dict[str, Any] = {
            "subject": organization.name,
            "locked": locked,
            "rollups": stored,
            "members_on_books": members.total,
            "members_evaluated": members.evaluated,
            "grassroots": report.sections.grassroots.total,
            **{f"{name}_{k}": v for name, figures in timed.items() for k, v in figures.items()},
        }
        row["ratio_to_tallies_sum"] = round(row["report_median_ms"] / row["tallies_sum_median_ms"], 2)
        if "all_tallies_sum_median_ms" in row:
            row["ratio_to_all_tallies_sum"] = round(
                row["report_median_ms"] / row["all_tallies_sum_median_ms"], 2
            )
        results.append(row)
        without = (
            f", không dùng số liệu tổng hợp {vn(row['report_without_rollups_median_ms'], 1)} ms"
            if stored
            else ""
        )
        print(
            f"{row['subject']}: {vn(row['members_evaluated'])} đảng viên được đánh giá, "
            f"{vn(row['grassroots'])} TCCSĐ — báo cáo {vn(row['report_median_ms'], 1)} ms, "
            f"SUM số liệu từng chi bộ {vn(row['tallies_sum_median_ms'], 1)} ms "
            f"(tỷ lệ {vn(row['ratio_to_tallies_sum'], 2)})"
            + (
                f", SUM mọi số liệu của năm {vn(row['all_tallies_sum_median_ms'], 1)} ms "
                f"(tỷ lệ {vn(row['ratio_to_all_tallies_sum'], 2)})"
                if "all_tallies_sum_median_ms" in row
                else ""
            )
            + without
            + ("" if locked else "; năm chưa khóa sổ"),
            flush=True,
        )
    load = {"before": load_before, "after": os.getloadavg()}
    print(f"Tải máy (loadavg 1, 5, 15 phút): trước {load['before']}, sau {load['after']}")
    output = {
        "database": db_label(),
        "year": args.year,
        "runs": args.runs,
        "machine": machine(),
        "load_average": load,
        "report": results,
    }
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / f"{db_label()}.report.json"
    path.write_text(json.dumps(output, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Ghi vào {path}")


if __name__ == "__main__":
    main()
