"""Load test: N concurrent signed-in users on the mixed pages of a working day.

    python -m bench.load --serve                 # migrate + load_demo into DATABASE_URL, start gunicorn,
                                                 # run 50 users for 60 s without pause (saturation)
    python -m bench.load --serve --users 200 --think 5 --duration 120   # 200 people, 5 s between pages
    python -m bench.load --base http://127.0.0.1:8000 --users 50 --duration 60   # against a running server

With --think S each user waits between pages a random time of mean S seconds (uniform from 0,5 S to
1,5 S; the first wait is spread over the whole range so that the users do not start in step), as a
person reading the page does; without it the users request without pause and the throughput printed
is the server's saturation throughput.

Each virtual user is a thread with its own keep-alive HTTP connection and its own session: it signs in
through the login form (the CSRF token of the page, then the session cookie), then requests the pages of
PAGES in turn, without pause, until the time is up. Signing in is not measured. A request counts as an
error when the connection fails, the status is not 200, or the page lacks the text that proves it is
the page asked for (a redirect to the login page, an error page). Prints requests, errors, throughput
and p50 / p95 / p99 per page and overall (milliseconds), and writes them as JSON with --json.

The client is stdlib only (http.client, threads); the server is gunicorn (a dependency of the project).
With --serve the database must be a file of its own: DATABASE_URL=sqlite:////tmp/dangbo-load.sqlite3
(the default for --serve when DATABASE_URL is unset).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DB = "sqlite:////tmp/dangbo-load.sqlite3"

# (label, path, text the page must contain)
PAGES: list[tuple[str, str, str]] = [
    ("home", "/", "Dangbo"),
    ("organization tree", "/to-chuc/", "Tổ chức"),
    ("a ward's page", "/to-chuc/{ward}/", "Tổ chức"),
    ("member list", "/dang-vien/", "Đảng viên"),
    ("member list, page 3", "/dang-vien/?trang=3", "Đảng viên"),
    ("member search “nguyen van”", "/dang-vien/?q=nguyen+van", "Đảng viên"),
    ("year's report Q9 2019", "/bao-cao/danh-gia/?org=Q9&nam=2019", "5.852"),
    ("year's report, a ward, 2019", "/bao-cao/danh-gia/?org={ward}&nam=2019", "Báo cáo"),
    ("review of a ward, 2019", "/danh-gia/2019/to-chuc/{ward}/", "Đánh giá"),
    ("dashboard Q9", "/bao-cao/tong-quan/?org=Q9", "Tổng quan"),
    ("targets", "/chi-tieu/", "Chỉ tiêu"),
    ("header search “tran”", "/tim-kiem/?tim=tran", "Tìm"),
]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def percentile(sorted_values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by the nearest-rank method."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), int(-(-q * len(sorted_values) // 100))))
    return sorted_values[rank - 1]


def cookies_of(response: http.client.HTTPResponse) -> dict[str, str]:
    found = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            found[name.strip()] = rest.split(";", 1)[0]
    return found


@dataclass
class Sample:
    page: str
    ms: float
    error: str = ""


@dataclass
class VirtualUser:
    host: str
    port: int
    username: str
    password: str
    pages: list[tuple[str, str, str]]
    offset: int
    think: float = 0.0
    cookies: dict[str, str] = field(default_factory=dict)
    samples: list[Sample] = field(default_factory=list)
    conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        return self.conn

    def _request(
        self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        all_headers = {"Host": f"{self.host}:{self.port}", "Connection": "keep-alive"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.request(method, path, body=body, headers=all_headers)
                response = conn.getresponse()
                text = response.read().decode("utf-8", errors="replace")
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # the server closed an idle keep-alive connection: open a new one, once
                conn.close()
                self.conn = None
                if attempt == 2:
                    raise
                continue
            self.cookies.update(cookies_of(response))
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                self.conn = None
            return response.status, dict(response.getheaders()), text
        raise AssertionError("unreachable")

    def login(self) -> None:
        status, _, text = self._request("GET", "/dang-nhap/")
        found = CSRF_INPUT.search(text)
        if status != 200 or not found:
            raise RuntimeError(f"the login page answered {status}")
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": found.group(1), "username": self.username, "password": self.password}
        )
        status, headers, _ = self._request(
            "POST",
            "/dang-nhap/",
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{self.host}:{self.port}/dang-nhap/",
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"signing in as {self.username} failed ({status})")

    def run(self, until: float) -> None:
        index = self.offset
        pause = random.Random(self.offset)
        if self.think:  # the first wait spread over the whole range: the users do not start in step
            time.sleep(pause.uniform(0, 1.5 * self.think))
        while time.perf_counter() < until:
            if self.think and index != self.offset:
                time.sleep(pause.uniform(0.5 * self.think, 1.5 * self.think))
                if time.perf_counter() >= until:
                    break
            label, path, marker = self.pages[index % len(self.pages)]
            index += 1
            start = time.perf_counter()
            error = ""
            try:
                status, headers, text = self._request("GET", path)
                if status != 200:
                    error = f"HTTP {status}" + (
                        f" → {headers.get('Location')}" if status in (301, 302) else ""
                    )
                elif marker not in text:
                    error = "unexpected page"
            except Exception as exc:  # every failure is an error of the run, with its kind
                error = type(exc).__name__
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
            self.samples.append(Sample(label, (time.perf_counter() - start) * 1000, error))


def summarise(samples: list[Sample], seconds: float) -> dict[str, Any]:
    def figures(values: list[Sample]) -> dict[str, Any]:
        times = sorted(s.ms for s in values)
        return {
            "requests": len(values),
            "errors": sum(1 for s in values if s.error),
            "p50_ms": round(percentile(times, 50), 1),
            "p95_ms": round(percentile(times, 95), 1),
            "p99_ms": round(percentile(times, 99), 1),
            "max_ms": round(times[-1], 1) if times else 0.0,
        }

    by_page: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_page[sample.page].append(sample)
    errors: dict[str, int] = defaultdict(int)
    for sample in samples:
        if sample.error:
            errors[f"{sample.page}: {sample.error}"] += 1
    return {
        "overall": figures(samples) | {"per_second": round(len(samples) / seconds, 1) if seconds else 0.0},
        "pages": {label: figures(values) for label, values in by_page.items()},
        "error_kinds": dict(errors),
    }


def machine() -> dict[str, str]:
    cpu = platform.machine()
    try:
        found = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
        if found:
            cpu = found.group(1).strip()
    except OSError:
        pass
    try:
        load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = ""
    return {"cpu": cpu, "cores": str(os.cpu_count() or 1), "python": platform.python_version(), "load": load}


def run_load(args: argparse.Namespace) -> dict[str, Any]:
    parsed = urllib.parse.urlsplit(args.base)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 80
    pages = [(label, path.format(ward=args.ward), marker) for label, path, marker in PAGES]
    users = [
        VirtualUser(host, port, args.username, args.password, pages, offset=i, think=args.think)
        for i in range(args.users)
    ]
    print(f"signing in {args.users} users as {args.username} …", flush=True)
    for user in users:  # one after another: the login (Argon2) is not what is measured
        user.login()
    load_before = machine()["load"]
    print(f"{args.users} users for {args.duration} s on {len(pages)} pages …", flush=True)
    start = time.perf_counter()
    until = start + args.duration
    threads = [threading.Thread(target=user.run, args=(until,), daemon=True) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    samples = [sample for user in users for sample in user.samples]
    result = summarise(samples, seconds)
    result["setup"] = {
        "users": args.users,
        "think_s": args.think,
        "duration_s": round(seconds, 1),
        "base": args.base,
        "login": args.username,
        "server": args.server_label,
        "machine": machine() | {"load_before": load_before},
    }
    return result


def print_result(result: dict[str, Any]) -> None:
    overall = result["overall"]
    setup = result["setup"]
    print(
        f"\n{setup['users']} users, think time {setup['think_s']} s, {setup['duration_s']} s, "
        f"{setup['server']} — "
        f"{setup['machine']['cpu']}, {setup['machine']['cores']} cores, load average before "
        f"{setup['machine']['load_before']}, after {setup['machine']['load']}"
    )
    header = (
        f"{'page':<32} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}"
    )
    print(header)
    print("-" * len(header))
    rows = [*result["pages"].items(), ("ALL", overall)]
    for label, f in rows:
        print(
            f"{label:<32} {f['requests']:>8} {f['errors']:>6} {f['p50_ms']:>8} {f['p95_ms']:>8} "
            f"{f['p99_ms']:>8} {f['max_ms']:>8}"
        )
    print(f"throughput: {overall['per_second']} requests/s")
    for kind, count in result["error_kinds"].items():
        print(f"error: {kind} × {count}")


def _manage(env: dict[str, str], *command: str) -> None:
    subprocess.run([sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, check=True)


def serve(args: argparse.Namespace) -> subprocess.Popen[bytes]:
    """Migrate, load the demo (once) and start gunicorn on the port of --base."""
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", DEFAULT_DB)
    if not env["DATABASE_URL"].startswith("sqlite:") or "load" not in env["DATABASE_URL"]:
        raise SystemExit("--serve: DATABASE_URL must be a SQLite file of its own, e.g. " + DEFAULT_DB)
    env.setdefault("DEBUG", "false")
    print(f"database {env['DATABASE_URL']}: migrate, load_demo --if-empty …", flush=True)
    _manage(env, "migrate", "--verbosity", "0")
    _manage(env, "load_demo", "--if-empty")
    bind = urllib.parse.urlsplit(args.base).netloc
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        bind,
        "--worker-class",
        "gthread",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--backlog",
        "256",
        "--keep-alive",
        "30",
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    print(" ".join(command[2:]), flush=True)
    server = subprocess.Popen(command, cwd=BASE_DIR, env=env, start_new_session=True)
    deadline = time.time() + 60
    host, port = bind.split(":")
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection(host, int(port), timeout=5)
            conn.request("GET", "/dang-nhap/")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("the server did not answer within 60 s")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base", default="http://127.0.0.1:8765")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds between a user's pages")
    parser.add_argument("--username", default="bantochuc", help="demo login (district officer)")
    parser.add_argument("--password", default="dangbo2019")
    parser.add_argument("--ward", default="Q9-TT", help="code of the ward of the second report")
    parser.add_argument("--serve", action="store_true", help="prepare the database and start gunicorn")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes (--serve)")
    parser.add_argument("--threads", type=int, default=25, help="threads per gunicorn process (--serve)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    args.server_label = (
        f"gunicorn gthread {args.workers}×{args.threads}, SQLite, the demo" if args.serve else args.base
    )
    server = serve(args) if args.serve else None
    try:
        result = run_load(args)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    print_result(result)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
