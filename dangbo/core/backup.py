"""Backing up and restoring the whole database (sao lưu, phục hồi).

SQLite: SQLite's online backup API (sqlite3.Connection.backup), page by page while the server keeps
running; the copy is marked as a Dangbo backup (PRAGMA application_id and a small `dangbo_backup`
table naming when it was made and the migrations it holds). Restoring copies the file back over the
live database through the same API, after checking the mark, the file's integrity and that the code
knows every migration in it.

PostgreSQL: pg_dump in its custom format (-Fc), restored by pg_restore --clean --if-exists; the file
is checked with pg_restore --list (a custom-format archive of a database with Dangbo's tables).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader

from dangbo.core.exceptions import ApplicationError

APPLICATION_ID = 0x44414E47  # "DANG": marks a Dangbo SQLite backup (PRAGMA application_id)
INFO_TABLE = "dangbo_backup"
FORMAT_VERSION = "1"
# tables every Dangbo database has: a file without them is not a backup of this product
REQUIRED_TABLES = ("django_migrations", "organizations_organization", "members_member", "audit_auditentry")


@dataclass
class BackupInfo:
    vendor: str
    created_at: str = ""
    migrations: set[tuple[str, str]] = field(default_factory=set)
    tables: int = 0


def vendor() -> str:
    return connection.vendor


def _require_no_transaction() -> None:
    if connection.in_atomic_block:
        raise ApplicationError("Không sao lưu hay phục hồi được bên trong một giao dịch đang mở.")


def _known_migrations() -> set[tuple[str, str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return set(loader.disk_migrations)


def database_has_data() -> bool:
    """True when the live database already holds Dangbo data (anything in the main tables)."""
    tables = set(connection.introspection.table_names())
    if "django_migrations" not in tables:
        return False
    with connection.cursor() as cursor:
        for table in ("organizations_organization", "members_member", "accounts_user"):
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    return True
    return False


# --- SQLite -----------------------------------------------------------------------------------------


def _sqlite_live() -> sqlite3.Connection:
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


PRIVATE = 0o600  # a backup holds every member's file: readable by its owner only


def private_file(path: Path) -> Path:
    """An empty file only its owner may read or write, whatever the umask (the tools that fill it —
    sqlite3, pg_dump — keep the mode of an existing file)."""
    if path.exists():
        path.unlink()
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE))
    os.chmod(path, PRIVATE)  # os.open's mode is masked by the umask; never broader than 0600
    return path


def make_sqlite_private(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created: the embedded database file (and its -wal, -shm companions) readable by the
    server's user only, whatever the umask it was created under (migrate, the demo loader, serve)."""
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return
    for candidate in (name, f"{name}-wal", f"{name}-shm", f"{name}-journal"):
        try:
            if os.stat(candidate).st_mode & 0o077:
                os.chmod(candidate, PRIVATE)
        except FileNotFoundError:
            continue


def _sqlite_backup(path: Path) -> BackupInfo:
    tmp = private_file(path.with_name(path.name + ".tmp"))
    target = sqlite3.connect(tmp)
    try:
        _sqlite_live().backup(target)
        created = datetime.now(UTC).isoformat(timespec="seconds")
        target.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        target.execute(f"DROP TABLE IF EXISTS {INFO_TABLE}")
        target.execute(f"CREATE TABLE {INFO_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        target.executemany(
            f"INSERT INTO {INFO_TABLE} (key, value) VALUES (?, ?)",
            [("product", "dangbo"), ("format", FORMAT_VERSION), ("created_at", created)],
        )
        target.commit()
        # the copy leaves in WAL mode when the source is; a single self-contained file is wanted
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
    os.chmod(tmp, PRIVATE)
    os.replace(tmp, path)
    return sqlite_inspect(path)


def sqlite_inspect(path: Path) -> BackupInfo:
    """Reads a file's mark, integrity and migrations; ApplicationError when it is not a Dangbo backup."""
    not_backup = f"Tệp {path} không phải là bản sao lưu Dangbo (SQLite)."
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        raise ApplicationError(not_backup)
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (application_id,) = source.execute("PRAGMA application_id").fetchone()
        tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if application_id != APPLICATION_ID or INFO_TABLE not in tables:
            raise ApplicationError(not_backup)
        missing = [t for t in REQUIRED_TABLES if t not in tables]
        if missing:
            raise ApplicationError(f"{not_backup} Thiếu bảng: {', '.join(missing)}.")
        (check,) = source.execute("PRAGMA quick_check").fetchone()
        if check != "ok":
            raise ApplicationError(f"Tệp sao lưu {path} bị hỏng: {check}")
        info = dict(source.execute(f"SELECT key, value FROM {INFO_TABLE}").fetchall())
        if info.get("product") != "dangbo":
            raise ApplicationError(not_backup)
        migrations = {(app, name) for app, name in source.execute("SELECT app, name FROM django_migrations")}
        return BackupInfo(
            vendor="sqlite",
            created_at=info.get("created_at", ""),
            migrations=migrations,
            tables=len(tables) - 1,
        )
    except sqlite3.DatabaseError as error:
        raise ApplicationError(f"{not_backup} ({error})") from None
    finally:
        source.close()


def _sqlite_restore(path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        live = _sqlite_live()
        source.backup(live)
        live.execute(f"DROP TABLE IF EXISTS {INFO_TABLE}")
        live.execute("PRAGMA application_id = 0")
        live.commit()
    finally:
        source.close()
    connection.close()


# --- PostgreSQL -------------------------------------------------------------------------------------


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump / pg_restore, from the live settings."""
    settings = connection.settings_dict
    args: list[str] = []
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def _pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        raise ApplicationError(
            f"Không tìm thấy {name} (gói postgresql-client) trên máy này; hãy cài đặt rồi chạy lại."
        )
    return tool


def _run(command: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ApplicationError(f"{Path(command[0]).name} báo lỗi: {result.stderr.strip()[:2000]}")
    return result.stdout


def pg_commands(path: Path) -> tuple[list[str], list[str]]:
    """The exact pg_dump and pg_restore command lines used (printed by --dry-run)."""
    args, _ = _pg_env()
    name = str(connection.settings_dict["NAME"])
    dump = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args, f"--file={path}", name]
    restore = [
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        *args,
        f"--dbname={name}",
        str(path),
    ]
    return dump, restore


def _pg_backup(path: Path) -> BackupInfo:
    dump, _ = pg_commands(path)
    _, env = _pg_env()
    tmp = private_file(path.with_name(path.name + ".tmp"))
    dump = [_pg_tool("pg_dump"), *dump[1:-2], f"--file={tmp}", dump[-1]]
    _run(dump, env)
    os.chmod(tmp, PRIVATE)
    os.replace(tmp, path)
    return pg_inspect(path)


def pg_inspect(path: Path) -> BackupInfo:
    not_backup = f"Tệp {path} không phải là bản sao lưu Dangbo (pg_dump -Fc)."
    with path.open("rb") as handle:
        if handle.read(5) != b"PGDMP":
            raise ApplicationError(not_backup)
    _, env = _pg_env()
    listing = _run([_pg_tool("pg_restore"), "--list", str(path)], env)
    tables = {
        line.split(" TABLE DATA ", 1)[1].split()[1]
        for line in listing.splitlines()
        if " TABLE DATA " in line and len(line.split(" TABLE DATA ", 1)[1].split()) > 1
    }
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise ApplicationError(f"{not_backup} Thiếu bảng: {', '.join(missing)}.")
    return BackupInfo(vendor="postgresql", tables=len(tables))


def _pg_restore(path: Path) -> None:
    _, restore = pg_commands(path)
    _, env = _pg_env()
    connections.close_all()
    _run([_pg_tool("pg_restore"), *restore[1:]], env)


# --- the commands' entry points ---------------------------------------------------------------------


def backup(path: Path) -> BackupInfo:
    _require_no_transaction()
    if path.is_dir():
        raise ApplicationError(f"{path} là một thư mục; hãy cho tên tệp sao lưu.")
    path.parent.mkdir(parents=True, exist_ok=True)
    if vendor() == "sqlite":
        return _sqlite_backup(path)
    if vendor() == "postgresql":
        return _pg_backup(path)
    raise ApplicationError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {vendor()}.")


def inspect(path: Path) -> BackupInfo:
    if not path.is_file():
        raise ApplicationError(f"Không có tệp {path}.")
    if vendor() == "sqlite":
        return sqlite_inspect(path)
    if vendor() == "postgresql":
        return pg_inspect(path)
    raise ApplicationError(f"Chưa hỗ trợ phục hồi cơ sở dữ liệu {vendor()}.")


def restore(path: Path, *, force: bool = False) -> dict[str, Any]:
    """Replaces the live database by the backup. Refused when the database holds data and force is
    not given, when the file is not a Dangbo backup, or when it holds migrations this code lacks."""
    _require_no_transaction()
    info = inspect(path)
    if info.migrations:
        unknown = sorted(info.migrations - _known_migrations())
        if unknown:
            names = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
            raise ApplicationError(
                f"Bản sao lưu được tạo bởi phiên bản Dangbo mới hơn (có các migration {names}); "
                "hãy cập nhật phần mềm trước khi phục hồi."
            )
    if database_has_data() and not force:
        raise ApplicationError(
            "Cơ sở dữ liệu hiện tại đã có dữ liệu; phục hồi sẽ ghi đè toàn bộ. "
            "Hãy sao lưu dữ liệu hiện tại trước, rồi chạy lại với --force."
        )
    if info.vendor == "sqlite":
        _sqlite_restore(path)
    else:
        _pg_restore(path)
    return {"created_at": info.created_at, "tables": info.tables}


# The scheduled backups (manage.py backup --dir DIR --keep N): the name sorts by time.
_SCHEDULED = re.compile(r"^dangbo-\d{8}-\d{6}\.backup$")


def scheduled_name(moment: datetime) -> str:
    """The file name of a scheduled backup taken at `moment` (local time)."""
    return moment.strftime("dangbo-%Y%m%d-%H%M%S.backup")


def rotate(directory: Path, *, keep: int) -> list[Path]:
    """Remove the scheduled backups of `directory` beyond the newest `keep`; other files are left alone.

    Returns the removed files, oldest first."""
    if keep < 1:
        raise ValueError("keep must be at least 1")
    scheduled = sorted(p for p in directory.iterdir() if p.is_file() and _SCHEDULED.match(p.name))
    removed = scheduled[:-keep]
    for path in removed:
        path.unlink()
    return removed
