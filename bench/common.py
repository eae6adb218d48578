"""Shared by the benchmark scripts: Django setup, where load figures are kept, the machine."""

from __future__ import annotations

import json
import os
import platform
import re
import sys
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
# Big files stay out of the repository: <repo>/../bench-data unless BENCH_DATA_DIR says otherwise.
DATA_DIR = Path(os.environ.get("BENCH_DATA_DIR", str(BASE_DIR.parent / "bench-data")))


def vn(value: float, decimals: int = 0) -> str:
    """Numbers the Vietnamese way: 5852 -> "5.852", 19.05 -> "19,05"."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def setup_django() -> None:
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def db_label() -> str:
    """A short name for the database in use: the PostgreSQL database name or the SQLite file stem."""
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    return f"{connection.vendor}-{Path(name).stem if connection.vendor == 'sqlite' else name}"


def refuse_non_bench_database(force: bool) -> None:
    """The generator empties tables: only run it on a database whose name says it is for benchmarks."""
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if force or "bench" in name:
        return
    raise SystemExit(
        f"Cơ sở dữ liệu “{name}” không có chữ “bench” trong tên hay đường dẫn; "
        "hãy dùng một cơ sở dữ liệu riêng cho đo hiệu năng (hoặc thêm --force)."
    )


def stats_path() -> Path:
    return DATA_DIR / f"{db_label()}.load.json"


def write_load_stats(stats: dict[str, Any]) -> Path:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = stats_path()
    path.write_text(json.dumps(stats, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def read_load_stats() -> dict[str, Any] | None:
    path = stats_path()
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def machine() -> dict[str, str]:
    """CPU model, cores, RAM, OS, Python and database versions."""
    from django import get_version
    from django.db import connection

    cpu = platform.processor() or platform.machine()
    try:
        text = Path("/proc/cpuinfo").read_text()
        found = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
        if found:
            cpu = found.group(1).strip()
    except OSError:
        pass
    ram = ""
    try:
        found = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
        if found:
            ram = f"{int(found.group(1)) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
            cursor.execute("SHOW shared_buffers")
            database += f" (shared_buffers {cursor.fetchone()[0]})"
        else:
            cursor.execute("SELECT sqlite_version()")
            database = f"SQLite {cursor.fetchone()[0]}"
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count() or 1),
        "ram": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "django": get_version(),
        "database": database,
    }
