"""The table of RESULTS.md, from the figures bench/run.py left in <repo>/../bench-data/*.run.json.

    .venv/bin/python -m bench.results sqlite-district sqlite-city postgresql-dangbo_bench_district \\
        postgresql-dangbo_bench_city postgresql-dangbo_bench_nation

Each argument is a database label (the file name without .run.json), or label=Heading. Prints
markdown: medians in milliseconds, Vietnamese number format (1.234,5), a dash where not measured.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from bench.common import DATA_DIR, vn

ROWS = [
    ("load", "Nạp dữ liệu (generate.py) / load"),
    ("subtree_stats|quận/huyện", "subtree_stats — quận, huyện lớn nhất / largest district"),
    ("subtree_stats|tỉnh/thành phố", "subtree_stats — tỉnh, thành phố lớn nhất / largest province"),
    ("subtree_stats|toàn quốc", "subtree_stats — toàn quốc (63 lần gọi) / whole country"),
    ("tree|quận/huyện", "tree() có số liệu, quận lớn nhất / tree with counts"),
    ("search_members|common name|quản trị", "search_members + trang 50: “nguyen van a”"),
    ("search_members|7 số CCCD", "search_members + trang 50: 7 số CCCD / 7 CCCD digits"),
    ("search_members|CCCD đủ", "search_members + trang 50: CCCD đủ 12 số (1 người) / whole CCCD"),
    ("search_members|rare name", "search_members + trang 50: tên hiếm (1 người) / rare name"),
    ("search_members|common name|cán bộ", "search_members “nguyen van a”, cán bộ quận / district officer"),
    ("GET|common name", "GET /dang-vien/?q=nguyen van a (quản trị)"),
    ("GET|7 số CCCD", "GET /dang-vien/?q=(7 số CCCD)"),
    ("GET|CCCD đủ", "GET /dang-vien/?q=(CCCD đủ 12 số)"),
    ("GET|rare name", "GET /dang-vien/?q=(tên hiếm)"),
]


def _matches(key: str, measure: dict[str, Any]) -> bool:
    name, *parts = key.split("|")
    return measure["name"].startswith(name) and all(p in measure["subject"] for p in parts)


def cell(key: str, figures: dict[str, Any]) -> str:
    if key == "load":
        load = figures.get("load") or {}
        if not load:
            return "—"
        return f"{vn(load['seconds']['total'], 0)} s ({vn(load['rows'])} dòng, {vn(load['rows_per_second'])} dòng/s)"
    for measure in figures["measures"]:
        if _matches(key, measure):
            median = measure["median_ms"]
            return f"{vn(median, 0 if median >= 100 else 1)} ms"
    return "—"


def table(labels: Sequence[str]) -> str:
    columns = []
    for argument in labels:
        label, _, heading = argument.partition("=")
        figures = json.loads((DATA_DIR / f"{label}.run.json").read_text(encoding="utf-8"))
        columns.append((heading or label, figures))
    lines = [
        "| Phép đo / measure | " + " | ".join(h for h, _ in columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    rows = {k: f["rows"] for k, (_, f) in enumerate(columns)}
    lines.append(
        "| Dữ liệu / data | "
        + " | ".join(f"{vn(r['members'])} đảng viên, {vn(r['organizations'])} tổ chức" for r in rows.values())
        + " |"
    )
    lines.append(
        "| Tải máy khi đo (loadavg 1 phút, trước → sau) / machine load | "
        + " | ".join(
            f"{vn(f['load_average']['before'][0], 1)} → {vn(f['load_average']['after'][0], 1)}"
            if f.get("load_average")
            else "—"
            for _, f in columns
        )
        + " |"
    )
    for key, title in ROWS:
        values = [cell(key, f) for _, f in columns]
        if any(v != "—" for v in values):
            lines.append(f"| {title} | " + " | ".join(values) + " |")
    return "\n".join(lines)


def details(labels: Sequence[str]) -> str:
    """What each measure counted or found, per database."""
    out = []
    for argument in labels:
        label, _, heading = argument.partition("=")
        figures = json.loads((DATA_DIR / f"{label}.run.json").read_text(encoding="utf-8"))
        out.append(f"- {heading or label}:")
        for m in figures["measures"]:
            out.append(
                f"  - {m['name']} — {m['subject']}: {m['result']} "
                f"(median {vn(m['median_ms'], 1)} ms, min {vn(m['min_ms'], 1)}, max {vn(m['max_ms'], 1)}, "
                f"lần đầu / first {vn(m['first_ms'], 1)})"
            )
    return "\n".join(out)


def main(argv: Sequence[str]) -> None:
    if not argv:
        raise SystemExit(__doc__)
    print(table(argv))
    print()
    print(details(argv))


if __name__ == "__main__":
    main(sys.argv[1:])
