"""The load test of issue 18 in one command: gunicorn on the demo, locust in its own process.

    .venv/bin/python -m bench.loadtest                       # 200 users, 5 s think time, 60 s; then saturation
    .venv/bin/python -m bench.loadtest --users 200 --think 5 --duration 60 --saturation-users 20

It prepares a SQLite database of its own with the demo (`migrate`, `load_demo --if-empty`; by default
../bench-data/loadtest-demo.sqlite3, or DATABASE_URL when it is a SQLite file whose name says "load"),
starts gunicorn as production does (config/gunicorn.conf.py: gthread, --workers processes of --threads
threads; its log in ../bench-data/loadtest-gunicorn.log), then runs locust headless (bench/locustfile.py:
district officers `bantochuc` signed in through the login form with its CSRF token, on the pages of the
menu) twice, each in its own process:

1. --users users with a think time of mean --think seconds, for --duration seconds once all have signed
   in (measured from the moment the last user has signed in: signing in, Argon2, is not measured);
2. the saturation run: --saturation-users users without think time for --duration seconds, whose
   requests per second are the server's saturation throughput (0 skips it).

Then it stops gunicorn and prints, for each run, requests/s, p50 / p95 / p99 / max in milliseconds and
the errors, overall and per page, with the load average of the machine before and after (the figures
depend on what else runs on it), and writes them as JSON to ../bench-data/loadtest-<users>u-think<s>.json
(BENCH_DATA_DIR changes the directory) and both runs to ../bench-data/loadtest.json. The target of
issue 18: the run with think time at p95 under 300 ms with no error; the exit status is 1 when it is
missed (0 otherwise).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import BASE_DIR, DATA_DIR

TARGET_P95_MS = 300.0


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _cpu() -> str:
    try:
        found = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
    except OSError:
        found = None
    return found.group(1).strip() if found else platform.machine()


def prepare(env: dict[str, str]) -> None:
    print(f"database {env['DATABASE_URL']}: migrate, load_demo --if-empty …", flush=True)
    for command in (["migrate", "--verbosity", "0"], ["load_demo", "--if-empty"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, check=True)


def start_server(env: dict[str, str], args: argparse.Namespace) -> subprocess.Popen[bytes]:
    """gunicorn with the production settings (config/gunicorn.conf.py), on its own port."""
    server_env = env | {
        "DANGBO_ADDR": f"127.0.0.1:{args.port}",
        "DANGBO_WORKERS": str(args.workers),
        "DANGBO_THREADS": str(args.threads),
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi:application"]
    log = DATA_DIR / "loadtest-gunicorn.log"
    print(
        f"DANGBO_ADDR=127.0.0.1:{args.port} DANGBO_WORKERS={args.workers} DANGBO_THREADS={args.threads} "
        f"{' '.join(command[2:])}  (log: {log})",
        flush=True,
    )
    with log.open("ab") as out:
        server = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=server_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.time() + 60
    while time.time() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped ({server.returncode}); see {log}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
            conn.request("GET", "/dang-nhap/")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit("the server did not answer within 60 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=40)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def percentile(sorted_values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by the nearest-rank method."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), int(-(-q * len(sorted_values) // 100))))
    return sorted_values[rank - 1]


def summarise(samples: list[tuple[str, float, str]], seconds: float) -> dict[str, Any]:
    """Requests, errors, requests/s and exact percentiles (ms), per page and overall."""

    def figures(rows: list[tuple[str, float, str]]) -> dict[str, Any]:
        times = sorted(ms for _, ms, _ in rows)
        return {
            "requests": len(rows),
            "errors": sum(1 for _, _, error in rows if error),
            "per_second": round(len(rows) / seconds, 1) if seconds > 0 else 0.0,
            "p50_ms": round(percentile(times, 50), 1),
            "p95_ms": round(percentile(times, 95), 1),
            "p99_ms": round(percentile(times, 99), 1),
            "max_ms": round(times[-1], 1) if times else 0.0,
        }

    by_page: dict[str, list[tuple[str, float, str]]] = {}
    errors: dict[str, int] = {}
    for sample in samples:
        by_page.setdefault(sample[0], []).append(sample)
        if sample[2]:
            kind = f"{sample[0]}: {sample[2]}"
            errors[kind] = errors.get(kind, 0) + 1
    return {
        "overall": figures(samples),
        "pages": {page: figures(rows) for page, rows in sorted(by_page.items())},
        "error_kinds": errors,
        "measured_s": seconds,
    }


def warm_up(args: argparse.Namespace) -> None:
    """Each page of the mix requested a few times, each on a new connection (so that both workers
    get some), before the runs: the first request of a process reads its templates and its caches."""
    from bench.load import VirtualUser  # the stdlib client of bench/load.py: the sign-in with its CSRF token
    from bench.menu_pages import menu_pages

    pages = menu_pages("Q9", "Q9-TT")
    user = VirtualUser("127.0.0.1", args.port, args.username, args.password, [], offset=0)
    user.login()
    started = time.perf_counter()
    for _ in range(2 * args.workers):
        for _label, path, _marker in pages:
            user.conn = None  # a new connection: another worker may answer
            user._request("GET", path, headers={"Connection": "close"})
    print(
        f"warm-up: {2 * args.workers} × {len(pages)} pages in {time.perf_counter() - started:.1f} s",
        flush=True,
    )


def wait_idle(port: int, seconds: float = 180.0) -> None:
    """Before a run: the server answers the login page within a second again (the queue of the
    previous run is drained)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/dang-nhap/", headers={"Connection": "close"})
            if conn.getresponse().status == 200 and time.perf_counter() - started < 1.0:
                return
        except OSError:
            pass
        time.sleep(2)
    print(f"the server is still busy after {seconds:g} s: running anyway", flush=True)


def run_locust(args: argparse.Namespace, users: int, think: float, tag: str) -> dict[str, Any]:
    spawn_rate = args.spawn_rate or min(4.0, max(1.0, users / 10))
    ramp = users / spawn_rate
    prefix = DATA_DIR / f"loadtest-{tag}"
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(BASE_DIR / "bench" / "locustfile.py"),
        "--headless",
        "--only-summary",
        "--reset-stats",  # when the last user has started: the sign-ins are not counted
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate),
        "--run-time",
        f"{int(ramp + args.duration + 600)}s",  # at most: the window closes itself (LOAD_DURATION)
        "--stop-timeout",
        str(int(think * 1.5) + 10),
        "--host",
        f"http://127.0.0.1:{args.port}",
        "--csv",
        str(prefix),
        "--loglevel",
        "WARNING",
    ]
    samples_file = Path(f"{prefix}.samples.json")
    samples_file.unlink(missing_ok=True)
    env = dict(os.environ) | {
        "LOAD_SAMPLES": str(samples_file),
        "LOAD_THINK": str(think),
        "LOAD_DURATION": str(args.duration),
        "LOAD_USERNAME": args.username,
        "LOAD_PASSWORD": args.password,
    }
    print(
        f"\nlocust: {users} users, think time {think:g} s, {args.duration:g} s after {ramp:g} s of sign-ins",
        flush=True,
    )
    print(" ".join(command[2:]), flush=True)
    wait_idle(args.port)
    load_before = _load()
    started = time.perf_counter()
    subprocess.run(command, cwd=BASE_DIR, env=env, check=False, stdout=subprocess.DEVNULL)
    if not samples_file.exists():
        raise SystemExit(f"locust wrote no samples ({samples_file}): see its output above")
    data = json.loads(samples_file.read_text(encoding="utf-8"))
    result = summarise([tuple(row) for row in data["samples"]], data["seconds"])
    result["sign_in_failures"] = data.get("sign_in_failures", 0)
    result["setup"] = {
        "users": users,
        "think_s": think,
        "duration_s": args.duration,
        "sign_in_s": round(ramp, 1),
        "wall_s": round(time.perf_counter() - started, 1),
        "login": args.username,
        "server": f"gunicorn gthread {args.workers}×{args.threads} (config/gunicorn.conf.py), SQLite, the demo",
        "client": "locust (FastHttpUser), its own process",
        "machine": {
            "cpu": _cpu(),
            "cores": os.cpu_count() or 1,
            "python": platform.python_version(),
            "load_before": load_before,
            "load_after": _load(),
        },
    }
    return result


def print_result(result: dict[str, Any]) -> None:
    setup = result["setup"]
    machine = setup["machine"]
    print(
        f"\n{setup['users']} users, think time {setup['think_s']:g} s, {setup['duration_s']:g} s — {setup['server']}; "
        f"{machine['cpu']}, {machine['cores']} cores, load average before {machine['load_before']}, "
        f"after {machine['load_after']}"
    )
    header = f"{'page':<28} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}"
    print(header)
    print("-" * len(header))
    for label, f in [*result["pages"].items(), ("ALL", result["overall"])]:
        print(
            f"{label:<28} {f['requests']:>8} {f['errors']:>6} {f['per_second']:>7} {f['p50_ms']:>7g} "
            f"{f['p95_ms']:>7g} {f['p99_ms']:>7g} {f['max_ms']:>7g}"
        )
    for kind, count in result["error_kinds"].items():
        print(f"error: {kind} × {count}")
    if result["sign_in_failures"]:
        print(f"users who could not sign in: {result['sign_in_failures']}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds between a user's pages")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds measured in each run")
    parser.add_argument(
        "--saturation-users", type=int, default=20, help="users without think time afterwards (0: none)"
    )
    parser.add_argument(
        "--spawn-rate",
        type=float,
        default=0.0,
        help="users started (signing in) per second: users/10, at most 4 (a sign-in is Argon2: ~100 MB, 8 threads)",
    )
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes (deploy: 2)")
    parser.add_argument("--threads", type=int, default=8, help="threads per process (deploy: 8)")
    parser.add_argument("--username", default="bantochuc", help="the demo login (the district officer)")
    parser.add_argument("--password", default="dangbo2019")
    args = parser.parse_args()

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    database = env.get("DATABASE_URL") or f"sqlite:///{DATA_DIR.resolve() / 'loadtest-demo.sqlite3'}"
    if not database.startswith("sqlite:") or "load" not in database:
        raise SystemExit(
            "DATABASE_URL must be a SQLite file of its own whose name says “load” "
            "(or unset: ../bench-data/loadtest-demo.sqlite3)"
        )
    env |= {"DATABASE_URL": database, "DEBUG": "false", "DANGBO_HTTPS": "false"}
    prepare(env)
    server = start_server(env, args)
    runs: list[dict[str, Any]] = []
    try:
        warm_up(args)
        runs.append(run_locust(args, args.users, args.think, f"{args.users}u-think{args.think:g}"))
        if args.saturation_users:
            runs.append(run_locust(args, args.saturation_users, 0.0, f"{args.saturation_users}u-saturation"))
    finally:
        stop_server(server)
    for result in runs:
        print_result(result)
        setup = result["setup"]
        tag = (
            f"{setup['users']}u-think{setup['think_s']:g}"
            if setup["think_s"]
            else f"{setup['users']}u-saturation"
        )
        (DATA_DIR / f"loadtest-{tag}.json").write_text(
            json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    first = runs[0]["overall"]
    met = (
        bool(first["requests"])
        and first["p95_ms"] < TARGET_P95_MS
        and first["errors"] == 0
        and runs[0]["sign_in_failures"] == 0
    )
    summary = {
        "think": {
            k: runs[0]["overall"].get(k) for k in ("per_second", "p50_ms", "p95_ms", "p99_ms", "errors")
        }
        | {"sign_in_failures": runs[0]["sign_in_failures"]},
        "saturation_per_second": runs[1]["overall"].get("per_second") if len(runs) > 1 else None,
        "target": f"p95 < {TARGET_P95_MS:g} ms and 0 errors with think time: {'met' if met else 'missed'}",
        "runs": runs,
    }
    (DATA_DIR / "loadtest.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"\n{summary['target']}")
    if summary["saturation_per_second"] is not None:
        print(f"saturation throughput: {summary['saturation_per_second']} requests/s")
    print(f"figures: {DATA_DIR / 'loadtest.json'}")
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
