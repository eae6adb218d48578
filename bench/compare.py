"""Each measured figure beside its naive counterpart, in one run on one database: the ratio is what to
read, the machine being shared and noisy.

    DATABASE_URL=sqlite:////work/bench-data/city_bench.sqlite3 .venv/bin/python -m bench.compare
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangbo_bench_city .venv/bin/python -m bench.compare

| figure | its counterpart |
|---|---|
| the member list page (server time, the test client) searching a common name, 7 digits of a CCCD, a whole CCCD | a raw `SELECT count(*) … WHERE search_text LIKE '%…%'` over the same column |
| `subtree_stats` of the largest province on the day | a raw count of the periods open on that day under it |
| the year's report of the largest province (when a year is rated: bench/ratings.py) | a raw SUM of the stored per-cell tallies under it |

Medians of --runs timed runs after one warm-up, interleaved (figure, counterpart, figure, …) so that a
burst of load hits both. Printed, and written to <repo>/../bench-data/<database>.compare.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from bench.common import DATA_DIR, db_label, machine, setup_django, vn


def paired(figure: Callable[[], Any], counterpart: Callable[[], Any], runs: int) -> dict[str, Any]:
    """Median ms of each, timed alternately after a warm-up of each."""
    figure(), counterpart()
    mine: list[float] = []
    theirs: list[float] = []
    for _ in range(runs):
        for function, timings in ((figure, mine), (counterpart, theirs)):
            started = time.perf_counter()
            function()
            timings.append((time.perf_counter() - started) * 1000)
    median, base = statistics.median(mine), statistics.median(theirs)
    return {
        "median_ms": round(median, 2),
        "counterpart_ms": round(base, 2),
        "ratio": round(median / base, 2) if base else None,
    }


def _raw(sql: str, params: Sequence[Any]) -> Callable[[], Any]:
    from django.db import connection

    def run() -> Any:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()

    return run


def run(runs: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from bench.run import _largest, _users, search_queries
    from dangbo.core.text import fold
    from dangbo.members.tree_counts import subtree_stats

    province, district = _largest(0), _largest(1)
    if province is None or district is None:
        raise SystemExit("Chưa có dữ liệu: chạy bench.generate trước.")
    superuser, _officer = _users(district)
    figures: dict[str, Any] = {"database": db_label(), "machine": machine(), "measures": []}
    print(f"# {figures['database']} — {figures['machine']}", flush=True)

    def add(name: str, counterpart: str, result: dict[str, Any]) -> None:
        figures["measures"].append({"name": name, "counterpart": counterpart, **result})
        print(
            f"  {name}: {vn(result['median_ms'], 1)} ms | {counterpart}: {vn(result['counterpart_ms'], 1)} ms"
            f" | × {vn(result['ratio'] or 0, 2)}",
            flush=True,
        )

    client = Client(HTTP_HOST="localhost")
    client.force_login(superuser)
    url = reverse("member_list")

    def page(query: str) -> Callable[[], int]:
        def get() -> int:
            response = client.get(url, {"q": query})
            if response.status_code != 200:
                raise SystemExit(f"GET {url}?q={query}: HTTP {response.status_code}")
            return len(response.content)

        return get

    like = "SELECT count(*) FROM members_member WHERE search_text LIKE %s"
    for label, query in search_queries(superuser)[:3]:
        add(
            f"GET {url}?q= {label} “{query}”, quản trị",
            "LIKE count",
            paired(page(query), _raw(like, [f"%{fold(query)}%"]), runs),
        )

    day = date(2025, 6, 30)
    counted = (
        "SELECT count(*) FROM members_memberperiod p JOIN organizations_organizationversion v "
        "ON v.organization_id = p.organization_id AND v.valid_from <= %s AND v.valid_to > %s "
        "WHERE p.valid_from <= %s AND p.valid_to > %s AND v.path LIKE %s"
    )
    add(
        f"subtree_stats {province.name}",
        "raw count of open periods",
        paired(
            lambda: subtree_stats(superuser, province, day),
            _raw(counted, [day, day, day, day, f"{province.path}%"]),
            runs,
        ),
    )

    year = _rated_year()
    if year is not None:
        from dangbo.reports.selectors import year_report

        summed = (
            "SELECT t.rank, sum(t.count) FROM evaluations_ratingtally t JOIN organizations_organization o "
            "ON o.id = t.organization_id WHERE t.year = %s AND o.path LIKE %s GROUP BY t.rank"
        )
        add(
            f"year_report {province.name} {year}",
            "raw SUM of the stored tallies",
            paired(
                lambda: year_report(superuser, province, year),
                _raw(summed, [year, f"{province.path}%"]),
                runs,
            ),
        )
    else:
        print("  (no rated year: run bench.ratings to time the year's report)")
    connection.close()
    return figures


def _rated_year() -> int | None:
    from dangbo.evaluations.models import RatingTally

    return RatingTally.objects.order_by("-year").values_list("year", flat=True).first()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=9, help="timed pairs after one warm-up (default 9)")
    args = parser.parse_args(argv)
    setup_django()
    load_before = os.getloadavg()
    figures = run(args.runs)
    figures["load_average"] = {"before": load_before, "after": os.getloadavg()}
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / f"{db_label()}.compare.json"
    path.write_text(json.dumps(figures, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print(f"Ghi vào {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
