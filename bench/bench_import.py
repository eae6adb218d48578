"""Times the Excel import: a generated workbook of N members with their ratings, into an empty database.

    .venv/bin/python bench/bench_import.py [--members 100000] [--keep] [--reuse] [--floor]

The workbook (made with openpyxl, not timed) has the tree (a district, its grassroots organizations
and cells), the members (the 14 columns of the template, some CCCDs typed as numbers that lost their
leading zero, dates as Excel dates and as text), their 2019 ratings and the organizations' 2019
ratings. The import is timed from the file's bytes to the commit (reading with calamine, checking
every row, writing in bulk), then timed again on the same file (nothing to change). Prints figures,
and writes them to ../bench-data/<database>.import.json. With --floor (SQLite only), each import is
timed beside its naive counterpart on the same data (bench/import_floor.py): the first import beside
the bare reader plus the bare writer (its very statements replayed by plain sqlite3) and the commit,
the second beside the bare reader.

The database is a SQLite file in ../bench-data (BENCH_DATA_DIR) unless DATABASE_URL names one whose
name contains "bench"; it is emptied first.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import sys
import time
from contextlib import nullcontext
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import import_floor as floor  # noqa: E402
from bench.common import DATA_DIR, refuse_non_bench_database, setup_django  # noqa: E402

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Hoàng", "Ngọc", "Đức", "Thu", "Quốc", "Hữu", "Kim", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hà",
    "Hải",
    "Hạnh",
    "Hòa",
    "Hùng",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Phương",
    "Quang",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Trang",
    "Tuấn",
    "Vân",
    "Yến",
]
HOMETOWNS = [
    "Quảng Nam",
    "Nghệ An",
    "Hà Tĩnh",
    "Thanh Hóa",
    "Bình Định",
    "Long An",
    "Tiền Giang",
    "TP. Hồ Chí Minh",
]
RANKS = [
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Không hoàn thành nhiệm vụ",
]


def build_workbooks(members: int, seed: int = 2019) -> tuple[bytes, bytes, dict[str, int]]:
    """(the tree's workbook, the members' workbook, counts)."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    grassroots = max(1, members // 2000)
    cells_per = 10
    tree_book = Workbook(write_only=True)
    orgs = tree_book.create_sheet("Tổ chức đảng")
    orgs.append(
        ["Mã tổ chức", "Tên tổ chức", "Mã tổ chức cấp trên", "Cấp tổ chức", "Loại hình", "Ngày thành lập"]
    )
    orgs.append(["BQ", "Đảng bộ Quận Đo Thử", "", "Đảng bộ quận, huyện", "Khác", "01/01/2000"])
    cells = []
    for g in range(1, grassroots + 1):
        code = f"BQ-{g:03d}"
        orgs.append(
            [code, f"Đảng bộ phường Số {g}", "BQ", "Đảng bộ cơ sở", "Xã, phường, thị trấn", date(2000, 1, 1)]
        )
        for c in range(1, cells_per + 1):
            cell = f"{code}-{c:02d}"
            orgs.append([cell, f"Chi bộ Khu phố {c}", code, "Chi bộ trực thuộc", "Khu phố, ấp", "2000-01-01"])
            cells.append(cell)
    workbook = Workbook(write_only=True)
    people = workbook.create_sheet("Đảng viên")
    people.append(["DANH SÁCH ĐẢNG VIÊN ĐẢNG BỘ QUẬN ĐO THỬ"])
    people.append([])
    people.append(
        [
            "Họ và tên",
            "Giới tính",
            "Ngày sinh",
            "Dân tộc",
            "Tôn giáo",
            "Quê quán",
            "Số CCCD",
            "Số thẻ đảng viên",
            "Ngày vào Đảng",
            "Ngày chính thức",
            "Mã tổ chức",
            "Trình độ học vấn",
            "Lý luận chính trị",
            "Chuyên môn",
        ]
    )
    ratings = workbook.create_sheet("Xếp loại đảng viên")
    ratings.append(["Số CCCD", "Số thẻ đảng viên", "Họ và tên", "Năm", "Xếp loại", "Lý do không xếp loại"])
    per_cell: dict[str, list[int]] = {}
    for i in range(members):
        female = rng.random() < 0.45
        name = f"{rng.choice(SURNAMES)} {'Thị' if female else rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        birth = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 45))
        admitted = max(birth + timedelta(days=365 * 19 + 5), date(1975, 1, 1)) + timedelta(
            days=rng.randrange(0, 365 * 20)
        )
        admitted = min(admitted, date(2018, 6, 1))
        official = admitted + timedelta(days=366)
        cccd = f"0{79 + i % 10:02d}{i:09d}"
        cccd_cell: object = (
            int(cccd) if i % 7 == 0 else cccd
        )  # a CCCD typed as a number: its leading 0 is lost
        admitted_cell: object = admitted.strftime("%d/%m/%Y") if i % 5 == 0 else admitted
        cell = cells[i % len(cells)]
        people.append(
            [
                name,
                "Nữ" if female else "Nam",
                birth,
                "Kinh",
                "Không",
                rng.choice(HOMETOWNS),
                cccd_cell,
                f"{i + 1:08d}",
                admitted_cell,
                official,
                cell,
                "12/12",
                rng.choice(["Sơ cấp", "Trung cấp", "Cao cấp", ""]),
                "Cử nhân",
            ]
        )
        per_cell.setdefault(cell, []).append(i)
    ranks_of: dict[int, int] = {}
    for indices in per_cell.values():
        # within the 20 % cap: one excellent for every six good
        for position, index in enumerate(indices):
            ranks_of[index] = (
                0 if position % 7 == 0 else 3 if position % 97 == 5 else 2 if position % 9 == 4 else 1
            )
    for i in range(members):
        cccd = f"0{79 + i % 10:02d}{i:09d}"
        ratings.append([cccd, "", "", 2019, RANKS[ranks_of[i]], ""])
    org_ratings = workbook.create_sheet("Xếp loại tổ chức")
    org_ratings.append(["Mã tổ chức", "Tên tổ chức", "Năm", "Xếp loại", "Tiêu biểu"])
    for g in range(1, grassroots + 1):
        org_ratings.append([f"BQ-{g:03d}", "", 2019, "Hoàn thành tốt nhiệm vụ", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    tree_buffer = io.BytesIO()
    tree_book.save(tree_buffer)
    return (
        tree_buffer.getvalue(),
        buffer.getvalue(),
        {
            "organizations": 1 + grassroots * (1 + cells_per),
            "members": members,
            "member_ratings": members,
            "organization_ratings": grassroots,
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument(
        "--keep", action="store_true", help="keep the generated workbooks in the data directory"
    )
    parser.add_argument("--reuse", action="store_true", help="use the workbooks kept by an earlier --keep")
    parser.add_argument("--force", action="store_true", help="allow a database without 'bench' in its name")
    parser.add_argument(
        "--untuned",
        action="store_true",
        help="import without dangbo.imports.tuning (collector paused, short switch interval), as the "
        "worker's task and the import_xlsx command do; to measure what it gives",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=1,
        help="import into an emptied database this many times and report each run and the best "
        "(the machine may be shared: the best run is the one least slowed by other work)",
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="SQLite only: time each import beside the bare reader (calamine into lists) and the first "
        "beside the bare writer too (the import's own statements replayed by plain sqlite3 on a copy of "
        "the database, in one transaction, commit apart), and give the ratios (bench/import_floor.py)",
    )
    args = parser.parse_args()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{DATA_DIR / 'bench-import.sqlite3'}")
    setup_django()
    refuse_non_bench_database(args.force)
    from django.core.management import call_command
    from django.db import connection

    from bench.common import db_label
    from dangbo.accounts.scope import system_actor
    from dangbo.core.text import format_number as n
    from dangbo.imports.services import import_workbook
    from dangbo.imports.tuning import tuned_for_import

    if args.floor and connection.vendor != "sqlite":
        raise SystemExit(
            f"--floor: SQLite only (the bare writer replays the import's statements with sqlite3 on a "
            f"copy of the database file); this database is {connection.vendor}."
        )
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    kept = (
        DATA_DIR / f"bench-import-{args.members}-tree.xlsx",
        DATA_DIR / f"bench-import-{args.members}.xlsx",
    )
    if args.reuse and all(p.exists() for p in kept):
        tree_data, data = kept[0].read_bytes(), kept[1].read_bytes()
        grassroots = max(1, args.members // 2000)
        counts = {
            "organizations": 1 + grassroots * 11,
            "members": args.members,
            "member_ratings": args.members,
            "organization_ratings": grassroots,
        }
    else:
        tree_data, data, counts = build_workbooks(args.members)
    made = time.perf_counter() - started
    if args.keep:
        (DATA_DIR / f"bench-import-{args.members}-tree.xlsx").write_bytes(tree_data)
        (DATA_DIR / f"bench-import-{args.members}.xlsx").write_bytes(data)
    print(
        f"Workbooks: the tree ({n(counts['organizations'])} organizations), then {n(counts['members'])} members "
        f"with {n(counts['member_ratings'])} member ratings and {n(counts['organization_ratings'])} organization "
        f"ratings ({n(len(data) / 1e6, 1)} MB); made in {n(made, 1)} s (not timed)"
    )
    phases: dict[str, float] = {}
    clock: dict[str, Any] = {"phase": "", "at": time.perf_counter()}

    def progress(phase: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if phase != clock["phase"]:
            if not clock["phase"]:
                phases["reading the file"] = now - float(clock["at"])
            clock.update(phase=phase, at=now)
        phases[phase] = now - float(clock["at"])

    def server_cpu() -> float | None:
        """PostgreSQL on this machine: the CPU seconds of this connection's server process so far."""
        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def additions() -> float:
        """CPU seconds for 10.000.000 Python additions: how fast this (shared) machine is right now."""
        started = time.process_time()
        total = 0
        for i in range(10_000_000):
            total += i
        return time.process_time() - started

    actor = system_actor("bench: import")
    best: dict[str, tuple[float, float]] = {}
    every: dict[str, list[float]] = {}
    runs: list[dict[str, Any]] = []
    copy = Path(str(connection.settings_dict["NAME"])).with_suffix(".floor.sqlite3")
    first, again = (
        "members and ratings, first import",
        "members and ratings, same file again (nothing to change)",
    )
    for run in range(1, args.runs + 1):
        call_command("flush", interactive=False, verbosity=0)
        started = time.perf_counter()
        outcome = import_workbook(tree_data, actor=actor, filename="bench-tree.xlsx")
        if not outcome.ok:
            raise SystemExit(
                "the tree's workbook: " + "; ".join(i.line() for i in outcome.result.issues.errors[:5])
            )
        print(
            f"run {run}: the tree, {n(outcome.written.organizations)} organizations in "
            f"{n(time.perf_counter() - started, 1)} s (through organization_establish, one by one)"
        )
        if args.floor:
            floor.copy_database(copy)  # the database the members' import starts from (not timed)
        phases.clear()
        figures: dict[str, Any] = {"run": run}
        for attempt in (first, again):
            speed = additions()
            reader: floor.Timing | None = None
            if args.floor:  # under the import's tuning: a paused collector would not walk the last import's
                with nullcontext() if args.untuned else tuned_for_import():  # objects meanwhile
                    reader, read_rows = floor.bare_reader(data)
            clock.update(phase="", at=time.perf_counter())
            server_before = server_cpu()
            started, cpu = time.perf_counter(), time.process_time()
            with (
                floor.capturing() if args.floor and attempt == first else nullcontext() as capture,
                nullcontext() if args.untuned else tuned_for_import(),
            ):
                outcome = import_workbook(data, actor=actor, filename="bench.xlsx", progress=progress)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            server_after = server_cpu()
            server = (
                f", PostgreSQL server process CPU {n(server_after - server_before, 1)} s"
                if server_before is not None and server_after is not None
                else ""
            )
            if not outcome.ok:
                for issue in outcome.result.issues.errors[:20]:
                    print("  error:", issue.line())
                raise SystemExit(f"{attempt}: {len(outcome.result.issues.errors)} errors")
            written = outcome.written
            print(
                f"run {run}, {attempt}: {n(seconds, 1)} s (CPU {n(cpu, 1)} s, every thread{server}) — "
                f"{n(outcome.result.total_rows)} rows; written: "
                f"{n(written.members_new)} members, {n(written.events)} events, "
                f"{n(written.member_ratings_new + written.member_ratings_updated)} member ratings, "
                f"{n(written.organization_ratings_new)} organization ratings; "
                f"{n(outcome.result.issues.warning_count)} warnings; load average {os.getloadavg()[0]:.1f}; "
                f"10.000.000 additions in {n(speed, 2)} s just before"
            )
            print("   phases: " + ", ".join(f"{name} {n(value, 1)} s" for name, value in phases.items()))
            key = "first" if attempt == first else "again"
            figures[key] = {
                "wall": round(seconds, 3),
                "cpu": round(cpu, 3),
                "phases": {name: round(value, 3) for name, value in phases.items()},
                "additions": round(speed, 3),
                "load_average": os.getloadavg()[0],
            }
            phases.clear()
            if reader is not None:
                figures[key]["floor"] = print_floor(
                    run, attempt, seconds, cpu, reader, read_rows, capture, copy
                )
                capture = None  # the statements, hundreds of megabytes, go before the next import
            every.setdefault(attempt, []).append(seconds)
            if attempt not in best or seconds < best[attempt][0]:
                best[attempt] = (seconds, cpu)
        runs.append(figures)
    if args.runs > 1:
        for attempt, (seconds, cpu) in best.items():
            print(
                f"best of {args.runs} runs, {attempt}: {n(seconds, 1)} s (CPU {n(cpu, 1)} s); "
                f"median {n(statistics.median(every[attempt]), 1)} s"
            )
    import platform

    print(
        f"Speed of this machine: 10.000.000 Python additions in {n(additions(), 2)} s of CPU "
        "(a current desktop core: about 0,4 s)."
    )
    print(
        f"Database: {db_label()} ({connection.vendor}); machine: {platform.machine()}, {os.cpu_count()} CPU, "
        f"Python {platform.python_version()}; load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    path = DATA_DIR / f"{db_label()}.import.json"
    path.write_text(
        json.dumps(
            {
                "database": db_label(),
                "counts": counts,
                "megabytes": round(len(data) / 1e6, 2),
                "tuned": not args.untuned,
                "measured_at": time.strftime("%d/%m/%Y %H:%M UTC", time.gmtime()),
                "runs": runs,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"Figures: {path}")


def print_floor(
    run: int,
    attempt: str,
    seconds: float,
    cpu: float,
    reader: floor.Timing,
    read_rows: int,
    capture: floor.Capture | None,
    copy: Path,
) -> dict[str, Any]:
    """The import beside its naive counterpart (bench/import_floor.py): printed, and returned for the
    JSON. The first import (its statements captured) is replayed on the copy made before it."""
    from dangbo.core.text import format_number as n

    figures: dict[str, Any] = {"reader": reader.as_dict(), "rows_read": read_rows}
    line = (
        f"   floor: bare reader {n(reader.wall, 2)} s (CPU {n(reader.cpu, 2)} s; calamine, every sheet into "
        f"lists, {n(read_rows)} rows)"
    )
    if capture is None:  # the same file again: beside the bare reader
        figures["ratio"] = {"wall": floor.ratio(seconds, reader.wall), "cpu": floor.ratio(cpu, reader.cpu)}
        print(f"{line}; the import is × {n(figures['ratio']['wall'] or 0, 2)} of it (CPU × "
              f"{n(figures['ratio']['cpu'] or 0, 2)})")  # fmt: skip
        return figures
    pragmas = floor.connection_pragmas()
    tables = capture.tables()
    done = floor.replay(capture.statements, copy, pragmas)
    expected, found = floor.row_counts(tables), floor.row_counts(tables, copy)
    floor.remove_database(copy)
    if found != expected:
        raise SystemExit(f"run {run}: the replay did not write what the import wrote: {found} != {expected}")
    total = reader.plus(done.inserts).plus(done.commit)
    counted = capture.counts()
    by_table = ", ".join(
        f"{table} {n(timing.wall, 2)} s (CPU {n(timing.cpu, 2)})"
        for table, timing in done.tables.items()
        if timing.wall >= 0.01
    )
    others = ", ".join(f"{verb or '?'} {count}" for verb, count in sorted(capture.others.items()))
    figures.update(
        inserts=done.inserts.as_dict(),
        commit=done.commit.as_dict(),
        total=total.as_dict(),
        ratio={"wall": floor.ratio(seconds, total.wall), "cpu": floor.ratio(cpu, total.cpu)},
        by_table={table: timing.as_dict() for table, timing in done.tables.items()},
        statements=counted,
        rows_changed=done.rows,
        not_replayed=dict(capture.others),
        pragmas=pragmas,
        tables=expected,
    )
    print(
        f"{line}\n          + bare writer {n(done.inserts.wall, 2)} s (CPU {n(done.inserts.cpu, 2)} s; plain "
        f"sqlite3 replaying the import's {n(counted['bulk_writer'])} bulk INSERTs "
        f"({n(counted['rows_bulk_writer'])} rows) and {n(counted['orm'])} ORM writes, {n(done.rows)} rows "
        f"changed) + COMMIT {n(done.commit.wall, 2)} s (CPU {n(done.commit.cpu, 2)} s)\n"
        f"          bare writer by table: {by_table}\n"
        f"          = {n(total.wall, 2)} s (CPU {n(total.cpu, 2)} s): the import is × "
        f"{n(figures['ratio']['wall'] or 0, 2)} of it (CPU × {n(figures['ratio']['cpu'] or 0, 2)}); "
        f"not replayed: {others}\n"
        f"          the replaying connection's pragmas, the import's connection's after the import: "
        + ", ".join(f"{name} {value}" for name, value in pragmas.items())
    )
    return figures


if __name__ == "__main__":
    main()
