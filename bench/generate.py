"""Synthetic data of any size, written straight into the project's tables (after `manage.py migrate`).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangbo_bench_city \\
        .venv/bin/python -m bench.generate --preset city
    DATABASE_URL=sqlite:////work/bench-data/district.sqlite3 \\
        .venv/bin/python -m bench.generate --preset district --migrate
    .venv/bin/python -m bench.generate --members 100000 --grassroots 900 --reset

Presets: district (≈ 6 000 members, 45 grassroots organizations, Quận 9 in 2019), city (≈ 370 000,
3 000 grassroots organizations under 22 districts and 3 other superior committees of Hồ Chí Minh City)
and nation (≈ 5,4 million, 52 000 grassroots organizations in 63 provinces). The tree is the one of
30/6/2025, the last day of the district level. Deterministic for a --seed.

PostgreSQL: COPY from one worker process per core, with the six tables' secondary indexes and
foreign keys dropped during the load and rebuilt after, then VACUUM ANALYZE. SQLite: executemany in
big transactions, indexes rebuilt after, ANALYZE. Prints rows/s; the figures also go to
<repo>/../bench-data/<database>.load.json (BENCH_DATA_DIR) for bench/run.py.
The database's name must contain "bench": the generator empties tables (--reset).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from datetime import date as ddate
from datetime import time as dtime
from typing import Any

from bench.common import DATA_DIR, db_label, refuse_non_bench_database, setup_django, write_load_stats
from bench.members import (
    EVENT_COLUMNS,
    MEMBER_COLUMNS,
    NULL,
    PERIOD_COLUMNS,
    ChunkRows,
    Extras,
    MemberGenerator,
)
from bench.tree import PRESETS, REF_DAY, Shape, Tree, build_tree, custom_shape

ORG_COLUMNS = (
    "id",
    "code",
    "sector",
    "established_on",
    "ended_on",
    "name",
    "kind",
    "parent_id",
    "path",
    "version",
)
VERSION_COLUMNS = (
    "id",
    "organization_id",
    "name",
    "kind",
    "parent_id",
    "path",
    "depth",
    "valid_from",
    "valid_to",
)
ORG_EVENT_COLUMNS = (
    "id",
    "organization_id",
    "action",
    "effective_on",
    "decision_number",
    "decision_date",
    "issued_by",
    "counterpart_id",
    "details",
    "note",
    "recorded_by_id",
    "recorded_at",
)
ORG_TABLES = (
    "organizations_organization",
    "organizations_organizationversion",
    "organizations_organizationevent",
)
MEMBER_TABLES = ("members_member", "members_memberevent", "members_memberperiod")


@dataclass
class Table:
    name: str
    columns: tuple[str, ...]  # the generator's columns, then any the models gained since
    extra: str  # constant text for the extra columns, appended to each line
    booleans: tuple[int, ...]  # positions of boolean columns (SQLite wants 1/0)


def _tables() -> dict[str, Table]:
    """The six tables, checked against the models: a column the generator does not know must have a
    default (it is then filled with it), and every column the generator writes must exist."""
    from django.db import models

    from dangbo.members.models import Member, MemberEvent, MemberPeriod
    from dangbo.organizations.models import Organization, OrganizationEvent, OrganizationVersion

    result = {}
    for model, known in (
        (Organization, ORG_COLUMNS),
        (OrganizationVersion, VERSION_COLUMNS),
        (OrganizationEvent, ORG_EVENT_COLUMNS),
        (Member, MEMBER_COLUMNS),
        (MemberEvent, EVENT_COLUMNS),
        (MemberPeriod, PERIOD_COLUMNS),
    ):
        fields = {f.column: f for f in model._meta.concrete_fields}
        missing = [c for c in known if c not in fields]
        if missing:
            raise SystemExit(
                f"{model.__name__}: the generator writes {missing}, which the model no longer has."
            )
        extra_columns, extra_values = [], []
        for column, model_field in fields.items():
            if column in known:
                continue
            if model_field.has_default():
                value = model_field.get_default()
            elif model_field.null:
                value = None
            elif model_field.blank and model_field.empty_strings_allowed:
                value = ""  # an optional text ("ký hiệu cơ quan ban hành"): empty
            else:
                raise SystemExit(
                    f"{model.__name__}.{model_field.name} has no default: bench/members.py must fill it."
                )
            extra_columns.append(column)
            extra_values.append(
                NULL if value is None else "t" if value is True else "f" if value is False else str(value)
            )
        columns = (*known, *extra_columns)
        booleans = tuple(i for i, c in enumerate(columns) if isinstance(fields[c], models.BooleanField))
        table = model._meta.db_table
        result[table] = Table(table, columns, "".join(f"\t{v}" for v in extra_values), booleans)
    return result


def organization_rows(tree: Tree, tables: dict[str, Table], timestamp: str) -> dict[str, list[str]]:
    orgs, versions, events = [], [], []
    t_org, t_ver, t_ev = (tables[name] for name in ORG_TABLES)
    for org in tree.orgs:
        day = ddate.fromordinal(org.established).isoformat()
        parent = NULL if org.parent is None else str(org.parent.id)
        orgs.append(
            f"{org.id}\t{org.code}\t{org.sector}\t{day}\t{NULL}\t{org.name}\t{org.kind}\t{parent}\t{org.path}\t1{t_org.extra}\n"
        )
        versions.append(
            f"{org.id}\t{org.id}\t{org.name}\t{org.kind}\t{parent}\t{org.path}\t{org.depth}\t{day}\t9999-12-31{t_ver.extra}\n"
        )
        issuer = org.parent.authority if org.parent else "Ban Chấp hành Trung ương"
        number = f"{org.id * 37 % 900 + 1}-QĐ/{'TW' if org.parent is None else 'TU'}"
        events.append(
            f"{org.id}\t{org.id}\testablish\t{day}\t{number}\t{day}\t{issuer}\t{parent}\t{{}}\t\t{NULL}\t{timestamp}{t_ev.extra}\n"
        )
    return dict(zip(ORG_TABLES, (orgs, versions, events), strict=True))


# --- Worker processes (fork): each generates chunks of members; on PostgreSQL it also COPYs them ----

_GENERATOR: MemberGenerator | None = None
_POSTGRES: PostgresLoader | None = None
_CONNECTION: Any = None


def _init_worker() -> None:
    global _CONNECTION
    if _POSTGRES is not None:
        _CONNECTION = _POSTGRES.connect()


def _generate(index: int) -> ChunkRows:
    assert _GENERATOR is not None
    return _GENERATOR.chunk(index)


def _generate_and_copy(index: int) -> tuple[int, int, int]:
    assert _GENERATOR is not None and _POSTGRES is not None
    rows = _GENERATOR.chunk(index)
    _POSTGRES.copy_chunk(_CONNECTION, rows)
    return len(rows.members), len(rows.events), len(rows.periods)


class Progress:
    def __init__(self, total_members: int) -> None:
        self.total = total_members
        self.started = time.perf_counter()
        self.members = self.rows = 0
        self.last_print = 0.0

    def add(self, members: int, events: int, periods: int) -> None:
        self.members += members
        self.rows += members + events + periods
        now = time.perf_counter()
        if now - self.last_print >= 15 or self.members == self.total:
            self.last_print = now
            elapsed = now - self.started
            print(
                f"  {self.members:>10,} / {self.total:,} members, {self.rows:,} rows, "
                f"{elapsed:7.1f} s, {self.rows / max(elapsed, 1e-9):,.0f} rows/s",
                flush=True,
            )


def _chunks_in_parallel(jobs: int, work: Callable[[int], Any], chunks: int, ordered: bool) -> Iterator[Any]:
    if jobs <= 1:
        _init_worker()
        yield from (work(i) for i in range(chunks))
        return
    from django.db import connections

    connections.close_all()  # never share a connection with the children
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_init_worker) as pool:
        mapper = pool.imap if ordered else pool.imap_unordered
        yield from mapper(work, range(chunks), chunksize=1)


# --- PostgreSQL -----------------------------------------------------------------------------------


@dataclass
class Ddl:
    table: str
    name: str
    kind: str  # "index", "unique" (an index, then a constraint using it) or "foreign_key"
    sql: str


class PostgresLoader:
    def __init__(self, tables: dict[str, Table]) -> None:
        from django.db import connection

        settings = connection.settings_dict
        self.params = {
            key: value
            for key, value in (
                ("dbname", settings["NAME"]),
                ("user", settings.get("USER")),
                ("password", settings.get("PASSWORD")),
                ("host", settings.get("HOST")),
                ("port", settings.get("PORT")),
            )
            if value
        }
        self.tables = tables
        self.ddl_file = DATA_DIR / f"{db_label()}.dropped-ddl.json"

    def connect(self) -> Any:
        import psycopg

        connection = psycopg.connect(**self.params)
        connection.execute("SET synchronous_commit = off")
        connection.commit()
        return connection

    def copy(self, connection: Any, table_name: str, lines: Sequence[str]) -> None:
        table = self.tables[table_name]
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {table.name} ({', '.join(table.columns)}) FROM STDIN") as copy,
        ):
            for start in range(0, len(lines), 50_000):
                copy.write("".join(lines[start : start + 50_000]))

    def copy_chunk(self, connection: Any, rows: ChunkRows) -> None:
        self.copy(connection, "members_member", rows.members)
        self.copy(connection, "members_memberevent", rows.events)
        self.copy(connection, "members_memberperiod", rows.periods)
        connection.commit()

    def prepare(self, reset: bool) -> None:
        with self.connect() as connection:
            if self.ddl_file.exists():
                print("Khôi phục chỉ mục của lần nạp trước bị dừng giữa chừng…")
                self.rebuild([Ddl(**d) for d in json.loads(self.ddl_file.read_text())], jobs=2)
            if reset:
                connection.execute(
                    f"TRUNCATE {', '.join(MEMBER_TABLES + ORG_TABLES)} RESTART IDENTITY CASCADE"
                )
                connection.commit()
            _refuse_data(self.count_rows(connection))

    def count_rows(self, connection: Any) -> dict[str, int]:
        return {
            t: connection.execute(f"SELECT count(*) FROM (SELECT 1 FROM {t} LIMIT 1) s").fetchone()[0]
            for t in ORG_TABLES + MEMBER_TABLES
        }

    def load_organizations(self, rows: dict[str, list[str]]) -> None:
        with self.connect() as connection:
            for table in ORG_TABLES:
                self.copy(connection, table, rows[table])
            connection.commit()

    def drop_secondary(self) -> list[Ddl]:
        """Drop the six tables' indexes (not the primary keys), unique and foreign key constraints;
        return how to rebuild them."""
        ddl: list[Ddl] = []
        with self.connect() as connection:
            for table in ORG_TABLES + MEMBER_TABLES:
                for name, kind, sql in connection.execute(
                    """
                    SELECT c.conname, c.contype, CASE WHEN c.contype = 'u' THEN pg_get_indexdef(c.conindid)
                           ELSE pg_get_constraintdef(c.oid) END
                    FROM pg_constraint c WHERE c.conrelid = %s::regclass AND c.contype IN ('f', 'u')
                    ORDER BY c.conname
                    """,
                    [table],
                ).fetchall():
                    ddl.append(Ddl(table, name, "unique" if kind == "u" else "foreign_key", sql))
                for name, sql in connection.execute(
                    """
                    SELECT ic.relname, pg_get_indexdef(i.indexrelid)
                    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                    WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
                      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                    ORDER BY ic.relname
                    """,
                    [table],
                ).fetchall():
                    ddl.append(Ddl(table, name, "index", sql))
            DATA_DIR.mkdir(parents=True, exist_ok=True)
            self.ddl_file.write_text(json.dumps([d.__dict__ for d in ddl], indent=1))
            for item in ddl:
                if item.kind == "index":
                    connection.execute(f'DROP INDEX IF EXISTS "{item.name}"')
                else:
                    connection.execute(f'ALTER TABLE {item.table} DROP CONSTRAINT IF EXISTS "{item.name}"')
            connection.commit()
        return ddl

    def rebuild(self, ddl: list[Ddl], jobs: int) -> None:
        """Indexes in parallel (one connection per job), then unique and foreign key constraints."""

        def build(item: Ddl) -> None:
            with self.connect() as connection:
                connection.execute("SET maintenance_work_mem = '1GB'")
                started = time.perf_counter()
                connection.execute(
                    item.sql.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1).replace(
                        "CREATE UNIQUE INDEX", "CREATE UNIQUE INDEX IF NOT EXISTS", 1
                    )
                )
                connection.commit()
                print(f"  {item.name}: {time.perf_counter() - started:.1f} s", flush=True)

        indexes = [d for d in ddl if d.kind in ("index", "unique")]
        # the biggest first: members before events and periods before organizations, GIN before b-trees
        order = MEMBER_TABLES + ORG_TABLES
        indexes.sort(key=lambda d: (order.index(d.table), "gin" not in d.sql.lower()))
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            list(pool.map(build, indexes))
        with self.connect() as connection:
            for item in ddl:
                exists = connection.execute(
                    "SELECT 1 FROM pg_constraint WHERE conname = %s AND conrelid = %s::regclass",
                    [item.name, item.table],
                ).fetchone()
                if item.kind == "index" or exists:
                    continue
                started = time.perf_counter()
                if item.kind == "unique":
                    connection.execute(
                        f'ALTER TABLE {item.table} ADD CONSTRAINT "{item.name}" UNIQUE USING INDEX "{item.name}"'
                    )
                else:
                    connection.execute(f'ALTER TABLE {item.table} ADD CONSTRAINT "{item.name}" {item.sql}')
                connection.commit()
                print(f"  {item.name}: {time.perf_counter() - started:.1f} s", flush=True)
        self.ddl_file.unlink(missing_ok=True)

    def finish(self) -> None:
        with self.connect() as connection:
            connection.autocommit = True
            for table in ORG_TABLES + MEMBER_TABLES:
                connection.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                )
            for table in ORG_TABLES + MEMBER_TABLES:
                connection.execute(f"VACUUM (ANALYZE) {table}")


# --- SQLite ---------------------------------------------------------------------------------------


class SqliteLoader:
    def __init__(self, tables: dict[str, Table]) -> None:
        from django.db import connection

        self.tables = tables
        self.connection = sqlite3.connect(str(connection.settings_dict["NAME"]), isolation_level=None)
        # the CHECK constraint on the CCCD uses REGEXP, which Django registers on its own connections
        self.connection.create_function("REGEXP", 2, _regexp, deterministic=True)
        for pragma in (
            "foreign_keys = OFF",
            "synchronous = OFF",
            "cache_size = -1000000",
            "temp_store = MEMORY",
        ):
            self.connection.execute(f"PRAGMA {pragma}")
        self.dropped: list[tuple[str, str]] = []

    def insert(self, table_name: str, lines: Sequence[str]) -> None:
        table = self.tables[table_name]
        booleans = table.booleans
        rows = []
        for line in lines:
            values: list[Any] = [None if v == NULL else v for v in line.rstrip("\n").split("\t")]
            for i in booleans:
                values[i] = 1 if values[i] == "t" else 0
            rows.append(values)
        marks = ", ".join("?" * len(table.columns))
        self.connection.executemany(
            f"INSERT INTO {table.name} ({', '.join(table.columns)}) VALUES ({marks})", rows
        )

    def prepare(self, reset: bool) -> None:
        if reset:
            self.connection.execute("BEGIN")
            for table in (*reversed(MEMBER_TABLES), *reversed(ORG_TABLES)):
                self.connection.execute(f"DELETE FROM {table}")
            self.connection.execute("COMMIT")
        _refuse_data(
            {
                t: self.connection.execute(f"SELECT count(*) FROM (SELECT 1 FROM {t} LIMIT 1)").fetchone()[0]
                for t in ORG_TABLES + MEMBER_TABLES
            }
        )

    def load_organizations(self, rows: dict[str, list[str]]) -> None:
        self.connection.execute("BEGIN")
        for table in ORG_TABLES:
            self.insert(table, rows[table])
        self.connection.execute("COMMIT")

    def drop_secondary(self) -> None:
        marks = ", ".join("?" * len(MEMBER_TABLES))
        self.dropped = self.connection.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})",
            MEMBER_TABLES,
        ).fetchall()
        for name, _ in self.dropped:
            self.connection.execute(f'DROP INDEX "{name}"')
        # the search index's triggers too: the index is filled once, after the load
        from dangbo.members import fulltext

        fulltext.drop_triggers(self.connection.execute)

    def rebuild(self) -> None:
        for name, sql in self.dropped:
            started = time.perf_counter()
            self.connection.execute(sql)
            print(f"  {name}: {time.perf_counter() - started:.1f} s", flush=True)
        from dangbo.members import fulltext

        started = time.perf_counter()
        fulltext.restore(self.connection.execute)
        print(f"  {fulltext.TABLE}: {time.perf_counter() - started:.1f} s", flush=True)
        problems = self.connection.execute("PRAGMA foreign_key_check").fetchmany(5)
        if problems:
            raise SystemExit(f"foreign key check failed: {problems}")

    def finish(self) -> None:
        self.connection.execute("ANALYZE")
        self.connection.execute("PRAGMA optimize")
        self.connection.close()


def _regexp(pattern: str | None, value: object) -> bool | None:
    if pattern is None or value is None:
        return None
    return re.search(pattern, str(value)) is not None


def _refuse_data(counts: dict[str, int]) -> None:
    filled = [t for t, n in counts.items() if n]
    if filled:
        raise SystemExit(f"Các bảng {', '.join(filled)} đã có dữ liệu; thêm --reset để xóa và nạp lại.")


# --- Main -----------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--preset", choices=sorted(PRESETS), help="district, city or nation")
    parser.add_argument(
        "--members", type=int, help="number of members (with --grassroots, or overriding the preset)"
    )
    parser.add_argument("--grassroots", type=int, help="number of grassroots organizations")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: cores)"
    )
    parser.add_argument("--reset", action="store_true", help="empty the organization and member tables first")
    parser.add_argument("--migrate", action="store_true", help="run `manage.py migrate` first")
    parser.add_argument("--force", action="store_true", help="allow a database whose name lacks “bench”")
    args = parser.parse_args(argv)
    if not args.preset and not (args.members and args.grassroots):
        parser.error("choose --preset, or give --members and --grassroots")
    return args


def shape_of(args: argparse.Namespace) -> Shape:
    if args.preset:
        shape = PRESETS[args.preset]
        if args.grassroots:
            return custom_shape(args.members or shape.members, args.grassroots)
        return replace(shape, members=args.members) if args.members else shape
    return custom_shape(args.members, args.grassroots)


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    args = parse_args(argv)
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    refuse_non_bench_database(args.force)
    if args.migrate:
        call_command("migrate", verbosity=0)
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise SystemExit(f"unsupported database: {vendor}")
    # 1/7/2025 00:00 in Việt Nam, as stored by Django (UTC)
    loaded_at = datetime.combine(REF_DAY, dtime(17, 0), tzinfo=UTC)
    timestamp = loaded_at.strftime("%Y-%m-%d %H:%M:%S") + ("+00" if vendor == "postgresql" else "")
    shape = shape_of(args)
    started = time.perf_counter()
    seconds: dict[str, float] = {}
    print(
        f"Cơ sở dữ liệu: {db_label()}; {shape.members:,} đảng viên, {shape.grassroots:,} TCCSĐ, seed {args.seed}"
    )

    tree = build_tree(shape, args.seed)
    tables = _tables()
    generator = MemberGenerator(
        tree,
        args.seed,
        timestamp,
        Extras(
            tables["members_member"].extra,
            tables["members_memberevent"].extra,
            tables["members_memberperiod"].extra,
        ),
    )
    seconds["tree"] = time.perf_counter() - started
    print(f"Cây tổ chức: {len(tree.orgs):,} tổ chức, {len(tree.cells):,} chi bộ ({seconds['tree']:.1f} s)")

    global _GENERATOR, _POSTGRES
    _GENERATOR = generator
    step = time.perf_counter()
    org_rows = organization_rows(tree, tables, timestamp)
    if vendor == "postgresql":
        loader = PostgresLoader(tables)
        loader.prepare(args.reset)
        ddl = loader.drop_secondary()
        loader.load_organizations(org_rows)
        seconds["organizations"] = time.perf_counter() - step
        step = time.perf_counter()
        print(f"Nạp đảng viên bằng COPY, {args.jobs} tiến trình…", flush=True)
        _POSTGRES = loader
        progress = Progress(generator.total)
        for counts in _chunks_in_parallel(args.jobs, _generate_and_copy, generator.chunks, ordered=False):
            progress.add(*counts)
        seconds["members"] = time.perf_counter() - step
        step = time.perf_counter()
        print("Tạo lại chỉ mục và khóa ngoại…", flush=True)
        loader.rebuild(ddl, args.jobs)
        seconds["indexes"] = time.perf_counter() - step
        step = time.perf_counter()
        print("VACUUM ANALYZE…", flush=True)
        loader.finish()
        seconds["analyze"] = time.perf_counter() - step
    else:
        sqlite = SqliteLoader(tables)
        sqlite.prepare(args.reset)
        sqlite.load_organizations(org_rows)
        seconds["organizations"] = time.perf_counter() - step
        sqlite.drop_secondary()
        step = time.perf_counter()
        print(f"Nạp đảng viên bằng executemany, {args.jobs} tiến trình sinh dữ liệu…", flush=True)
        progress = Progress(generator.total)
        sqlite.connection.execute("BEGIN")
        for number, rows in enumerate(
            _chunks_in_parallel(args.jobs, _generate, generator.chunks, ordered=True), 1
        ):
            sqlite.insert("members_member", rows.members)
            sqlite.insert("members_memberevent", rows.events)
            sqlite.insert("members_memberperiod", rows.periods)
            if number % 20 == 0:
                sqlite.connection.execute("COMMIT")
                sqlite.connection.execute("BEGIN")
            progress.add(len(rows.members), len(rows.events), len(rows.periods))
        sqlite.connection.execute("COMMIT")
        seconds["members"] = time.perf_counter() - step
        step = time.perf_counter()
        print("Tạo lại chỉ mục…", flush=True)
        sqlite.rebuild()
        seconds["indexes"] = time.perf_counter() - step
        step = time.perf_counter()
        print("ANALYZE…", flush=True)
        sqlite.finish()
        seconds["analyze"] = time.perf_counter() - step
    seconds["total"] = time.perf_counter() - started
    org_total = sum(len(v) for v in org_rows.values())
    rows_total = org_total + progress.rows
    stats: dict[str, Any] = {
        "database": db_label(),
        "preset": args.preset or "custom",
        "seed": args.seed,
        "jobs": args.jobs,
        "reference_day": REF_DAY.isoformat(),
        "members": progress.members,
        "organizations": len(tree.orgs),
        "grassroots": tree.grassroots,
        "cells": len(tree.cells),
        "rows": rows_total,
        "seconds": {k: round(v, 1) for k, v in seconds.items()},
        "rows_per_second": round(rows_total / seconds["total"]),
        "member_rows_per_second": round(progress.rows / seconds["members"]),
        "loaded_on": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    connection.close()  # a fresh connection: the workers were forked after the old one was closed
    with connection.cursor() as cursor:
        for key, table in (("events", "members_memberevent"), ("periods", "members_memberperiod")):
            cursor.execute(f"SELECT count(*) FROM {table}")
            stats[key] = cursor.fetchone()[0]
    path = write_load_stats(stats)
    print(
        f"Xong: {rows_total:,} dòng trong {seconds['total']:.1f} s ({stats['rows_per_second']:,} dòng/s; "
        f"riêng đảng viên {stats['member_rows_per_second']:,} dòng/s). "
        + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items())
    )
    print(f"Số liệu nạp ghi vào {path}")
    return stats


if __name__ == "__main__":
    main(sys.argv[1:])
