"""Figures for the README: loading time, subtree counts, the tree with counts, the member search page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangbo_bench_city .venv/bin/python -m bench.run

Each measure runs once to warm up, then --runs times (once only when the warm-up took over 10 s);
the median, min and max are printed (ms), with the first (cold-ish) run, and the load average of the
machine before and after (other work on the machine slows every figure). The machine and the database version come first. The figures also go to
<repo>/../bench-data/<database>.run.json, which bench/results.py turns into the RESULTS.md table.
Run it on data made by bench/generate.py (it creates a superuser "bench" and a district officer
"bench_district" in that database, nothing else).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from bench.common import DATA_DIR, db_label, machine, read_load_stats, setup_django, vn

SLOW_MS = 10_000  # a measure whose warm-up takes longer is timed once more only


def measure(function: Callable[[], Any], runs: int) -> dict[str, Any]:
    timings: list[float] = []
    result = None
    while len(timings) < runs + 1:
        started = time.perf_counter()
        result = function()
        timings.append((time.perf_counter() - started) * 1000)
        if timings[0] > SLOW_MS:
            runs = min(runs, 1)
    warm = timings[1:] or timings
    return {
        "median_ms": round(statistics.median(warm), 1),
        "min_ms": round(min(warm), 1),
        "max_ms": round(max(warm), 1),
        "first_ms": round(timings[0], 1),
        "result": result,
    }


def _largest(depth: int) -> Any:
    """The organization at `depth` (0: province, 1: district) with the most members on the books."""
    from django.db.models import Count

    from dangbo.members.models import ON_BOOKS, Member
    from dangbo.organizations.models import Organization

    paths = dict(Organization.objects.values_list("id", "path"))
    # the national root of the nation preset (Trung ương) is above depth 0
    central = {str(i) for i in Organization.objects.filter(kind="central").values_list("id", flat=True)}
    totals: dict[str, int] = defaultdict(int)
    for row in Member.objects.filter(status__in=ON_BOOKS).values("organization_id").annotate(n=Count("id")):
        parts = [p for p in paths[row["organization_id"]].strip("/").split("/") if p not in central]
        if len(parts) > depth:
            totals[parts[depth]] += row["n"]
    if not totals:
        return None
    best = max(totals, key=lambda k: (totals[k], -int(k)))
    return Organization.objects.get(pk=int(best))


def _users(district: Any) -> tuple[Any, Any]:
    from dangbo.accounts.models import RoleAssignment, User

    superuser, created = User.objects.get_or_create(
        username="bench", defaults={"is_superuser": True, "is_staff": True, "full_name": "Đo hiệu năng"}
    )
    if created:
        superuser.set_unusable_password()
        superuser.save()
    officer, created = User.objects.get_or_create(
        username="bench_district", defaults={"full_name": "Cán bộ quận"}
    )
    if created:
        officer.set_unusable_password()
        officer.save()
    RoleAssignment.objects.filter(user=officer).exclude(organization=district).delete()
    RoleAssignment.objects.get_or_create(
        user=officer, organization=district, role=RoleAssignment.Role.COMMITTEE_OFFICER
    )
    return superuser, officer


def search_queries(user: Any) -> list[tuple[str, str]]:
    """("what", query): the commonest name, seven digits of a CCCD, a whole CCCD, and the full name
    of a member with a rare surname whom the search finds alone (the usual "find this person")."""
    from bench.vocab import RARE_SURNAME
    from dangbo.core.text import fold
    from dangbo.members.models import ON_BOOKS, Member
    from dangbo.members.selectors import search_members

    on_books = Member.objects.filter(status__in=ON_BOOKS).order_by("pk")
    middle = on_books.only("cccd")[on_books.count() // 2]
    cccd = middle.cccd or ""
    queries = [
        ("tên phổ biến / common name", "nguyen van a"),
        ("7 số CCCD / CCCD digits", cccd[-7:]),
        ("CCCD đủ 12 số / whole CCCD", cccd),
    ]
    for member in on_books.filter(surname=RARE_SURNAME).only("full_name")[:20]:
        name = fold(member.full_name)
        if search_members(user, query=name).count() == 1:
            queries.append(("tên hiếm, một người / rare name, one match", name))
            break
    return queries


def run(runs: int) -> dict[str, Any]:
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from dangbo.members.models import Member, MemberEvent, MemberPeriod
    from dangbo.members.selectors import search_members
    from dangbo.members.tree_counts import subtree_stats, tree
    from dangbo.organizations.models import Organization
    from dangbo.organizations.selectors import scope_roots

    load = read_load_stats() or {}
    day = date.fromisoformat(load.get("reference_day", "2025-06-30"))
    figures: dict[str, Any] = {
        "database": db_label(),
        "machine": machine(),
        "day": day.isoformat(),
        "load": load,
        "rows": {
            "organizations": Organization.objects.count(),
            "members": Member.objects.count(),
            "events": MemberEvent.objects.count(),
            "periods": MemberPeriod.objects.count(),
        },
        "measures": [],
    }
    province, district = _largest(0), _largest(1)
    superuser, officer = _users(district)
    roots = scope_roots(superuser)
    print(f"# {figures['database']}: {figures['rows']}", flush=True)
    print(f"  {figures['machine']}", flush=True)

    def add(name: str, subject: str, function: Callable[[], Any], describe: Callable[[Any], str]) -> None:
        timing = measure(function, runs)
        result = describe(timing.pop("result"))
        entry = {"name": name, "subject": subject, "result": result, **timing}
        figures["measures"].append(entry)
        print(
            f"  {name} — {subject}: median {timing['median_ms']} ms (min {timing['min_ms']}, "
            f"max {timing['max_ms']}, first {timing['first_ms']}) → {result}",
            flush=True,
        )

    def members_of(stats: dict[str, Any]) -> str:
        m = stats["members"]
        return f"{vn(m['total'])} đảng viên, {vn(stats['organizations']['grassroots'])} TCCSĐ"

    add(
        "subtree_stats",
        f"quận/huyện: {district.name}",
        lambda: subtree_stats(superuser, district, day),
        members_of,
    )
    add(
        "subtree_stats",
        f"tỉnh/thành phố: {province.name}",
        lambda: subtree_stats(superuser, province, day),
        members_of,
    )
    if len(roots) == 1 and roots[0].kind == "central":  # the nation preset's national root: one call
        add(
            "subtree_stats",
            f"toàn quốc: {roots[0].name}",
            lambda: subtree_stats(superuser, roots[0], day),
            members_of,
        )
    elif len(roots) > 1:

        def nation() -> dict[str, Any]:
            total = {"members": {"total": 0}, "organizations": {"grassroots": 0}}
            for root in roots:
                stats = subtree_stats(superuser, root, day)
                total["members"]["total"] += stats["members"]["total"]
                total["organizations"]["grassroots"] += stats["organizations"]["grassroots"]
            return total

        add("subtree_stats", f"toàn quốc: {len(roots)} tỉnh, thành phố", nation, members_of)
    add(
        "tree (có số liệu)",
        f"quận/huyện: {district.name}",
        lambda: tree(superuser, district, day),
        lambda node: f"{vn(node.total)} đảng viên, {vn(node.grassroots)} TCCSĐ" if node else "—",
    )

    def page_of(user: Any, query: str) -> Callable[[], tuple[int, int]]:
        def search() -> tuple[int, int]:
            page = Paginator(search_members(user, query=query), 50).get_page(1)
            return page.paginator.count, len(list(page.object_list))

        return search

    def found(result: tuple[int, int]) -> str:
        return f"{vn(result[0])} kết quả, trang đầu {result[1]} dòng"

    queries = search_queries(superuser)
    for label, query in queries:
        add("search_members + trang 50", f"{label} “{query}”, quản trị", page_of(superuser, query), found)
    for label, query in queries[:1]:
        add(
            "search_members + trang 50",
            f"{label} “{query}”, cán bộ {district.name}",
            page_of(officer, query),
            found,
        )
    try:
        url = reverse("member_list")
    except NoReverseMatch:
        url = ""
    if url:
        client = Client(HTTP_HOST="localhost")
        client.force_login(superuser)

        def get(query: str) -> Callable[[], int]:
            def fetch() -> int:
                response = client.get(url, {"q": query})
                if response.status_code != 200:
                    raise SystemExit(f"GET {url}?q={query}: HTTP {response.status_code}")
                return len(response.content)

            return fetch

        for label, query in queries:
            add(
                f"GET {url}?q=…",
                f"{label} “{query}”, quản trị",
                get(query),
                lambda size: f"HTTP 200, {vn(size / 1024)} KiB",
            )
    connection.close()
    return figures


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7, help="timed runs after one warm-up (default 7)")
    args = parser.parse_args(argv)
    setup_django()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise SystemExit("Cơ sở dữ liệu chưa cập nhật: chạy `manage.py migrate` trước.")
    load_before = os.getloadavg()
    figures = run(args.runs)
    figures["load_average"] = {"before": load_before, "after": os.getloadavg()}
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / f"{db_label()}.run.json"
    path.write_text(json.dumps(figures, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    load = figures["load"]
    if load:
        print(
            f"  nạp dữ liệu / load: {load['rows']:,} dòng trong {load['seconds']['total']} s "
            f"({load['rows_per_second']:,} dòng/s) {load['seconds']}"
        )
    print(f"Ghi vào {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
