"""Each measured figure beside its raw-SQL counterparts, in one run on one database: the ratio is what
to read, the machine being shared and noisy (issue 18 item 6).

    DATABASE_URL=sqlite:////work/bench-data/city_bench.sqlite3 .venv/bin/python -m bench.compare
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangbo_bench_city .venv/bin/python -m bench.compare

| figure | its counterparts (the first one gives the ratio the issue's targets read) |
|---|---|
| the member list page `GET /dang-vien/?q=` (server time through the test client: middleware, scope, the page's queries, the template), city-wide administrator, searching a common name, 7 digits of a CCCD, a whole CCCD, a whole party card number | a raw `SELECT count(*) … WHERE search_text LIKE '%…%'` over the column searched; on SQLite the FTS5 trigram index's count of the same phrase; for a whole number, the unique index (`WHERE cccd = …`, `WHERE party_card_number = …`) |
| `subtree_stats` of the largest province on the day | a raw count of the periods open on that day under it |
| the year's report of the largest province (when a year is rated: bench/ratings.py) | a raw SUM of the stored per-cell tallies under it |

Medians of --runs timed rounds after one warm-up, interleaved (figure, its counterparts, figure, …) so
that a burst of load hits them all. Printed as a Markdown table (for bench/RESULTS.md and the README),
and written to <repo>/../bench-data/<database>.compare.json with the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from bench.common import DATA_DIR, db_label, machine, setup_django, vn


def interleaved(timed: dict[str, Callable[[], Any]], runs: int) -> dict[str, float]:
    """Median ms of each function, each called once to warm up, then `runs` rounds of all in turn."""
    for function in timed.values():
        function()
    timings: dict[str, list[float]] = {name: [] for name in timed}
    for _ in range(runs):
        for name, function in timed.items():
            started = time.perf_counter()
            function()
            timings[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in timings.items()}


def _raw(sql: str, params: Sequence[Any]) -> Callable[[], Any]:
    from django.db import connection

    def run() -> Any:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def ms(value: float) -> str:
    """A duration the Vietnamese way, with decimals where they matter: 0,004 / 0,62 / 17,3 / 738."""
    if value < 0.1:
        return vn(value, 3)
    if value < 10:
        return vn(value, 2)
    if value < 100:
        return vn(value, 1)
    return vn(value, 0)


def run(runs: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from bench.run import _largest, _users, search_queries
    from dangbo.core.text import fold
    from dangbo.members import fulltext
    from dangbo.members.models import Member
    from dangbo.members.tree_counts import subtree_stats

    province, district = _largest(0), _largest(1)
    if province is None or district is None:
        raise SystemExit("Chưa có dữ liệu: chạy bench.generate trước.")
    superuser, _officer = _users(district)
    figures: dict[str, Any] = {
        "database": db_label(),
        "machine": machine(),
        "members": Member.objects.count(),
        "measures": [],
    }
    print(f"# {figures['database']}, {vn(figures['members'])} đảng viên — {figures['machine']}", flush=True)

    def add(name: str, figure: Callable[[], Any], counterparts: dict[str, Callable[[], Any]]) -> None:
        medians = interleaved({name: figure, **counterparts}, runs)
        mine = medians.pop(name)
        counterpart_rows: list[dict[str, Any]] = [
            {
                "name": other,
                "median_ms": round(theirs, 4),
                "ratio": round(mine / theirs, 2) if theirs else None,
            }
            for other, theirs in medians.items()
        ]
        entry = {"name": name, "median_ms": round(mine, 3), "counterparts": counterpart_rows}
        figures["measures"].append(entry)
        beside = " | ".join(
            f"{c['name']}: {ms(c['median_ms'])} ms (× {vn(c['ratio'] or 0, 2)})" for c in counterpart_rows
        )
        print(f"  {name}: {ms(mine)} ms | {beside}", flush=True)

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
    fts = f"SELECT count(*) FROM {fulltext.TABLE} WHERE {fulltext.TABLE} MATCH %s"
    with_fts = fulltext.in_use()
    queries = search_queries(superuser)[:3]
    card = (
        Member.objects.exclude(party_card_number=None)
        .order_by("pk")
        .values_list("party_card_number", flat=True)
        .first()
    )
    if card:
        queries.append(("số thẻ đảng đủ / whole party card number", card))
    for label, query in queries:
        phrase = fold(query)
        counterparts = {"LIKE count": _raw(like, [f"%{phrase}%"])}
        whole_cccd = len(phrase) == 12 and phrase.isdigit()
        if with_fts and not whole_cccd:
            counterparts["FTS5 count"] = _raw(fts, ['"' + phrase.replace('"', '""') + '"'])
        if whole_cccd:
            counterparts["unique index"] = _raw("SELECT id FROM members_member WHERE cccd = %s", [phrase])
        if query == card:
            counterparts["unique index"] = _raw(
                "SELECT id FROM members_member WHERE party_card_number = %s", [phrase]
            )
        add(f"GET {url}?q= {label} “{query}”", page(query), counterparts)

    day = date(2025, 6, 30)
    counted = (
        "SELECT count(*) FROM members_memberperiod p JOIN organizations_organizationversion v "
        "ON v.organization_id = p.organization_id AND v.valid_from <= %s AND v.valid_to > %s "
        "WHERE p.valid_from <= %s AND p.valid_to > %s AND v.path >= %s AND v.path < %s"
    )
    upper = province.path[:-1] + chr(ord(province.path[-1]) + 1)  # the path range of the subtree
    add(
        f"subtree_stats {province.name} {day:%d/%m/%Y}",
        lambda: subtree_stats(superuser, province, day),
        {"raw count of open periods": _raw(counted, [day, day, day, day, province.path, upper])},
    )

    year = _rated_year()
    if year is not None:
        from dangbo.reports.selectors import year_report

        summed = (
            "SELECT t.rank, sum(t.count) FROM evaluations_ratingtally t JOIN organizations_organization o "
            "ON o.id = t.organization_id WHERE t.year = %s AND o.path >= %s AND o.path < %s GROUP BY t.rank"
        )
        add(
            f"year_report {province.name} {year}",
            lambda: year_report(superuser, province, year),
            {"raw SUM of the stored tallies": _raw(summed, [year, province.path, upper])},
        )
    else:
        print("  (no rated year: run bench/ratings.py to time the year's report)")
    connection.close()
    return figures


def _rated_year() -> int | None:
    from dangbo.evaluations.models import RatingTally

    return RatingTally.objects.order_by("-year").values_list("year", flat=True).first()


def markdown(figures: dict[str, Any]) -> str:
    """The run's table: each figure, its counterparts and the ratios, then the load average."""
    lines = [
        "| đo / measure | ms | đối chiếu (SQL thô) / raw-SQL counterpart | ms | tỉ lệ / ratio |",
        "|---|---|---|---|---|",
    ]
    for entry in figures["measures"]:
        for i, other in enumerate(entry["counterparts"]):
            name, mine = (entry["name"], ms(entry["median_ms"])) if i == 0 else ("", "")
            lines.append(
                f"| {name} | {mine} | {other['name']} | {ms(other['median_ms'])} | × {vn(other['ratio'] or 0, 2)} |"
            )
    before, after = figures["load_average"]["before"], figures["load_average"]["after"]
    lines.append("")
    lines.append(
        f"{figures['database']}, {vn(figures['members'])} đảng viên; medians of {figures['runs']} interleaved "
        f"rounds; load average (1, 5, 15 min) {' / '.join(vn(x, 1) for x in before)} before, "
        f"{' / '.join(vn(x, 1) for x in after)} after; {figures['measured_at']}."
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=9, help="timed rounds after one warm-up (default 9)")
    args = parser.parse_args(argv)
    setup_django()
    from django.conf import settings

    # every figure computed, as its raw-SQL counterpart is: none read from the figures kept between
    # requests (dangbo.audit.figures), which would time the cache
    settings.DANGBO_FIGURES_CACHE = False
    load_before = os.getloadavg()
    figures = run(args.runs)
    figures["runs"] = args.runs
    figures["load_average"] = {"before": load_before, "after": os.getloadavg()}
    figures["measured_at"] = datetime.now(UTC).strftime("%d/%m/%Y %H:%M UTC")
    table = markdown(figures)
    figures["markdown"] = table
    print()
    print(table)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / f"{db_label()}.compare.json"
    path.write_text(json.dumps(figures, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print(f"Ghi vào {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
