"""Where a page's server time goes: its SQL queries one by one (each timed) and the Python functions
that cost most (cProfile), for a user of the benchmark database.

    DATABASE_URL=sqlite:////work/bench-data/city_bench.sqlite3 .venv/bin/python -m bench.profile_page \
        "/dang-vien/?q=079123456789" --runs 20 --top 25

The page is asked once to warm up, then --runs times: the median server time, then the queries of
one run (time, SQL cut to 160 characters) and the cProfile top of the profiled runs by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from collections.abc import Sequence

from bench.common import setup_django


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("url", help="the page, with its query string")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--top", type=int, default=30, help="functions of the profile shown")
    parser.add_argument("--user", default="bench", help="username (default: bench, the superuser)")
    parser.add_argument(
        "--sort", default="cumulative", help="the profile's order: cumulative (default), tottime, ncalls …"
    )
    args = parser.parse_args(argv)
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.run import _largest, _users
    from dangbo.accounts.models import User

    if not User.objects.filter(username=args.user).exists():
        _users(_largest(1))
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username=args.user))

    def get() -> None:
        response = client.get(args.url)
        if response.status_code != 200:
            raise SystemExit(f"GET {args.url}: HTTP {response.status_code}")

    get()
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        get()
        timings.append((time.perf_counter() - started) * 1000)
    print(f"GET {args.url}: median {statistics.median(timings):.1f} ms, min {min(timings):.1f} ms")
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        get()
        total = (time.perf_counter() - started) * 1000
    sql_ms = sum(float(q["time"]) for q in queries) * 1000
    print(f"{len(queries)} queries, {sql_ms:.1f} ms of SQL in a run of {total:.1f} ms:")
    for q in queries:
        print(f"  {float(q['time']) * 1000:7.2f} ms  {q['sql'][:160]}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.runs):
        get()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main(sys.argv[1:])
