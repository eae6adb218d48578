"""Server time and queries of every page of the menu for a district officer (issue 18, item 3).

    DATABASE_URL=sqlite:////path/demo.sqlite3 python -m bench.pages            # the demo, as `bantochuc`
    python -m bench.pages --runs 15 --user bantochuc --json ../bench-data/pages.json

The pages: the home page, every link of the page header's menu and every link of the home page's
lists (its organization cards and "Việc cần làm"), found in the HTML as the officer sees it, plus the
pages a district officer opens from them (a ward, a cell, a member, a cell's review, the lists of a
ward's review, the dues of a cell). Each page is requested through Django's test Client in this
process (no HTTP, no static files): one warm-up, then --runs requests with the figures kept between
requests (dangbo.audit.figures) and, alternately, --runs with the cache emptied first ("cold": the
first request after a change of the records); prints the median and the maximum server time in
milliseconds (wall clock, and the median CPU time of this process, which
a loaded machine inflates less) and the number of SQL queries of one request, and the machine's
load average. A page over --budget ms (40 by default) is marked. Needs a database with the demo
(`manage.py migrate && manage.py load_demo`); it writes nothing to it but the session.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import time
import warnings
from pathlib import Path
from typing import Any

from bench.common import setup_django

LINK = re.compile(r'href="(/[^"#]*)"')
# pages of the account, not of the work: they are forms of a few fields
SKIP = ("/dang-xuat/", "/static/", "/quan-tri/")


def _links(html: str, start: str, end: str) -> list[str]:
    if start not in html:
        return []
    part = html[html.index(start) :]
    part = part[: part.index(end)] if end in part else part
    return [href.replace("&amp;", "&") for href in LINK.findall(part)]


def pages_of(client: Any, officer: Any) -> list[str]:
    """The home page, its menu and its lists' links, and the pages opened from them."""
    from dangbo.accounts.models import RoleAssignment
    from dangbo.members.models import Member
    from dangbo.organizations.models import Organization

    html = client.get("/").content.decode()
    pages = ["/", *_links(html, "<nav", "</nav>"), *_links(html, "<main", "</main>")]
    role = RoleAssignment.objects.filter(user=officer, organization__isnull=False).first()
    district = role.organization if role else Organization.objects.filter(parent__isnull=True).first()
    # the ward of the demo's dues (Trường Thạnh), else the first grassroots committee
    wards = Organization.objects.filter(parent=district, kind="grassroots_committee") if district else None
    ward = (
        (wards.filter(code="Q9-TT").first() or wards.order_by("code").first()) if wards is not None else None
    )
    cell = Organization.objects.filter(parent=ward).order_by("code").first() if ward else None
    member = Member.objects.filter(periods__organization=cell).order_by("pk").first() if cell else None
    if district is not None:
        pages += [
            f"/bao-cao/danh-gia/?org={district.code}&nam=2019",
            f"/bao-cao/tong-quan/?org={district.code}",
            f"/dang-phi/?org={district.code}&nam=2026",
            "/tim-kiem/?tim=nguyen",
            "/dang-vien/?q=nguyen+van",
            "/dang-vien/?trang=3",
        ]
    if ward is not None:
        pages += [
            f"/to-chuc/{ward.code}/",
            f"/dang-vien/?org={ward.code}",
            f"/danh-gia/2019/to-chuc/{ward.code}/",
            f"/danh-gia/2019/danh-sach/{ward.code}/",
            f"/bao-cao/danh-gia/?org={ward.code}&nam=2019",
        ]
    if cell is not None:
        pages += [
            f"/to-chuc/{cell.code}/",
            f"/danh-gia/2019/{cell.code}/",
            f"/dang-phi/chi-bo/{cell.code}/2026/",
            f"/dang-phi/chi-bo/{cell.code}/2026/3/",
        ]
    if member is not None:
        pages += [f"/dang-vien/{member.pk}/", f"/danh-gia/2019/dang-vien/{member.pk}/"]
    return [page for page in dict.fromkeys(pages) if not page.startswith(SKIP)]


def measure(client: Any, url: str, runs: int) -> dict[str, Any]:
    """One warm-up (its queries counted), then `runs` requests: wall-clock and CPU time of each,
    alternately with the figures kept (dangbo.audit.figures: what a page costs while the records do
    not change) and computed afresh (the cache emptied before the request, outside the timing: what
    the first request after any change costs)."""
    from django.core.cache import cache
    from django.db import connection

    queries = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    times: dict[str, list[float]] = {"kept": [], "cold": []}
    cpu: dict[str, list[float]] = {"kept": [], "cold": []}
    for _ in range(runs):
        for mode in ("kept", "cold"):
            if mode == "cold":
                cache.clear()
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            times[mode].append((time.perf_counter() - start) * 1000)
            cpu[mode].append((time.process_time() - start_cpu) * 1000)
    return {
        "status": response.status_code,
        "queries": len(queries),
        "median_ms": round(statistics.median(times["kept"]), 1),
        "median_cpu_ms": round(statistics.median(cpu["kept"]), 1),
        "max_ms": round(max(times["kept"]), 1),
        "cold_median_ms": round(statistics.median(times["cold"]), 1),
        "cold_median_cpu_ms": round(statistics.median(cpu["cold"]), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--user", default="bantochuc", help="the login measured (the district officer)")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--budget", type=float, default=40.0, help="milliseconds of server time")
    parser.add_argument("--only", help="a regular expression: only the pages it finds")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    os.environ.setdefault("DEBUG", "false")
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic needed
    setup_django()
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.get(username=args.user)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    pages = pages_of(client, user)
    if args.only:
        pages = [page for page in pages if re.search(args.only, page)]
    load_before = os.getloadavg()
    rows = {url: measure(client, url, args.runs) for url in pages}
    load_after = os.getloadavg()
    width = max(len(url) for url in rows)
    print(
        f"{'page':<{width}} {'status':>6} {'queries':>7} {'median ms':>9} {'cpu ms':>7} {'max ms':>8}"
        f" {'cold ms':>8} {'cold cpu':>8}"
    )
    for url, row in rows.items():
        mark = "  > budget" if row["median_ms"] > args.budget else ""
        mark += "  (cold > budget)" if row["cold_median_ms"] > args.budget else ""
        print(
            f"{url:<{width}} {row['status']:>6} {row['queries']:>7} {row['median_ms']:>9} "
            f"{row['median_cpu_ms']:>7} {row['max_ms']:>8} {row['cold_median_ms']:>8} "
            f"{row['cold_median_cpu_ms']:>8}{mark}"
        )
    over = [url for url, row in rows.items() if row["median_ms"] > args.budget]
    cold_over = [url for url, row in rows.items() if row["cold_median_ms"] > args.budget]
    print(
        f"{len(rows)} pages as {args.user}, {args.runs} runs each; over {args.budget:g} ms: {len(over)} "
        f"with the figures kept, {len(cold_over)} computed afresh; "
        f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}"
    )
    if args.json:
        result = {
            "user": args.user,
            "runs": args.runs,
            "load_before": load_before,
            "load_after": load_after,
            "pages": rows,
        }
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
