"""Add a year's review to a benchmark database: a rating for every member on the books on 31/12
and for every grassroots organization and affiliated cell, in the usual proportions
(about 10 % HTXSNV, 75 % HTTNV, 14 % HTNV, 1 % KHTNV). Written with INSERT … SELECT, so it takes
seconds even for a nation.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangbo_bench_nation .venv/bin/python bench/ratings.py --year 2024
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import refuse_non_bench_database, setup_django, vn  # noqa: E402

# rank from a fixed hash of the id: the same figures on every run
RANK_SQL = "CASE WHEN ({id} * 7919) %% 1000 < 105 THEN 1 WHEN ({id} * 7919) %% 1000 < 855 THEN 2 WHEN ({id} * 7919) %% 1000 < 992 THEN 3 ELSE 4 END"


def _other_columns(model: Any, given: str, vendor: str) -> tuple[str, str]:
    """ ", col, …" and ", value, …" for the model's columns `given` leaves out that cannot be NULL:
    their Python defaults (an optional text: empty) as SQL literals, for fields added after this
    script was written."""
    import json

    named = {c.strip() for c in given.replace("\n", " ").split(",")}
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.column in named or field.primary_key or field.null:
            continue
        if field.has_default():
            value = field.get_default()
        elif field.blank and field.empty_strings_allowed:
            value = ""  # an optional text left empty
        else:
            continue
        if isinstance(value, bool):
            literal = ("true" if value else "false") if vendor == "postgresql" else str(int(value))
        elif isinstance(value, int | float):
            literal = str(value)
        elif isinstance(value, list | dict):
            literal = "'" + json.dumps(value).replace("'", "''") + "'"
        else:
            literal = "'" + str(value).replace("'", "''") + "'"
        columns.append(field.column)
        values.append(literal)
    return "".join(f", {c}" for c in columns), "".join(f", {v}" for v in values).replace("%", "%%")


def main() -> None:
    parser = argparse.ArgumentParser(description="Thêm kết quả đánh giá một năm vào CSDL đo hiệu năng.")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--open", action="store_true", help="không khóa sổ năm đánh giá")
    args = parser.parse_args()
    setup_django()
    from django.db import connection, transaction

    from dangbo.evaluations.models import MemberRating, OrganizationRating
    from dangbo.evaluations.tallies import rebuild_year
    from dangbo.organizations.models import GRASSROOTS_KINDS, Kind

    refuse_non_bench_database(args.force)
    day = f"{args.year}-12-31"
    kinds = ", ".join(f"'{k}'" for k in GRASSROOTS_KINDS)
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM evaluations_memberrating WHERE year = %s", [args.year])
        cursor.execute("DELETE FROM evaluations_organizationrating WHERE year = %s", [args.year])
        # the grassroots organization of every cell on that day: its nearest grassroots ancestor on
        # the path ("/1/7/23/"), found in Python (a LIKE join of cells against grassroots paths is
        # quadratic: hours over the nation's 264.781 organizations)
        cursor.execute(
            "SELECT organization_id, kind, path FROM organizations_organizationversion "
            "WHERE valid_from <= %s AND valid_to > %s",
            [day, day],
        )
        kind_of: dict[int, str] = {}
        cell_paths: list[tuple[int, str]] = []
        for organization_id, kind, path in cursor.fetchall():
            kind_of[organization_id] = kind
            if kind in (Kind.GRASSROOTS_CELL, Kind.AFFILIATED_CELL):
                cell_paths.append((organization_id, path))
        pairs = []
        for cell_id, path in cell_paths:
            for ancestor in reversed([int(part) for part in path.strip("/").split("/")]):
                if kind_of.get(ancestor) in GRASSROOTS_KINDS:
                    pairs.append((cell_id, ancestor))
                    break
        cursor.execute("DROP TABLE IF EXISTS bench_cell_grassroots")
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_cell_grassroots (cell_id bigint PRIMARY KEY, grassroots_id bigint)"
        )
        cursor.executemany(
            "INSERT INTO bench_cell_grassroots (cell_id, grassroots_id) VALUES (%s, %s)", pairs
        )
        cursor.execute("ANALYZE bench_cell_grassroots" if connection.vendor == "postgresql" else "ANALYZE")
        cells = len(pairs)
        now = "CURRENT_TIMESTAMP"
        member_more, member_values = _other_columns(
            MemberRating,
            "member_id, year, organization_id, grassroots_id, self_rank, proposed_rank, rank, not_rated_reason, "
            "decision_number, override_reason, flags, version, updated_at, disciplined_in_year, "
            "decline_concluded, sick_leave_months, self_assessment",
            connection.vendor,
        )
        org_more, org_values = _other_columns(
            OrganizationRating,
            "organization_id, year, self_rank, proposed_rank, rank, exemplary, not_rated_reason, "
            "decision_number, override_reason, flags, version, updated_at, leadership_disciplined, "
            "leadership_warning_or_above, disunity_concluded, self_assessment, sub_units_disciplined",
            connection.vendor,
        )
        cursor.execute(
            f"""
            INSERT INTO evaluations_memberrating
              (member_id, year, organization_id, grassroots_id, self_rank, proposed_rank, rank,
               not_rated_reason, decision_number, override_reason, flags, version, updated_at,
               disciplined_in_year, decline_concluded, sick_leave_months, self_assessment{member_more})
            SELECT p.member_id, %s, p.organization_id, cg.grassroots_id, r.rank, r.rank, r.rank,
                   '', 'bench', '', '[]', 1, {now}, false, false, 0, ''{member_values}
            FROM members_memberperiod p
            JOIN bench_cell_grassroots cg ON cg.cell_id = p.organization_id
            CROSS JOIN LATERAL (SELECT {RANK_SQL.format(id="p.member_id")} AS rank) r
            WHERE p.valid_from <= %s AND p.valid_to > %s
            """
            if connection.vendor == "postgresql"
            else f"""
            INSERT INTO evaluations_memberrating
              (member_id, year, organization_id, grassroots_id, self_rank, proposed_rank, rank,
               not_rated_reason, decision_number, override_reason, flags, version, updated_at,
               disciplined_in_year, decline_concluded, sick_leave_months, self_assessment{member_more})
            SELECT p.member_id, %s, p.organization_id, cg.grassroots_id,
                   {RANK_SQL.format(id="p.member_id")}, {RANK_SQL.format(id="p.member_id")},
                   {RANK_SQL.format(id="p.member_id")},
                   '', 'bench', '', '[]', 1, {now}, 0, 0, 0, ''{member_values}
            FROM members_memberperiod p
            JOIN bench_cell_grassroots cg ON cg.cell_id = p.organization_id
            WHERE p.valid_from <= %s AND p.valid_to > %s
            """,
            [args.year, day, day],
        )
        members = cursor.rowcount
        cursor.execute(
            f"""
            INSERT INTO evaluations_organizationrating
              (organization_id, year, self_rank, proposed_rank, rank, exemplary, not_rated_reason,
               decision_number, override_reason, flags, version, updated_at, leadership_disciplined,
               leadership_warning_or_above, disunity_concluded, self_assessment, sub_units_disciplined{org_more})
            SELECT v.organization_id, %s, {RANK_SQL.format(id="v.organization_id")},
                   {RANK_SQL.format(id="v.organization_id")}, {RANK_SQL.format(id="v.organization_id")},
                   {RANK_SQL.format(id="v.organization_id")} = 1 AND v.organization_id %% 10 = 0, '',
                   'bench', '', '[]', 1, {now}, false, false, false, '', 0{org_values}
            FROM organizations_organizationversion v
            WHERE v.kind IN ({kinds}, '{Kind.AFFILIATED_CELL}') AND v.valid_from <= %s AND v.valid_to > %s
            """,
            [args.year, day, day],
        )
        organizations = cursor.rowcount
    with transaction.atomic():
        rebuild_year(args.year)  # the per-cell counts the report reads
    lock_seconds = 0.0
    if not args.open:
        from dangbo.accounts.scope import system_actor
        from dangbo.evaluations.models import ReviewCycle
        from dangbo.evaluations.services import review_cycle_lock
        from dangbo.organizations.models import Organization

        ReviewCycle.objects.filter(year=args.year).delete()
        locking = time.monotonic()
        for root in Organization.objects.filter(parent__isnull=True):
            # approve and lock through the service: it takes the year-end headcounts
            review_cycle_lock(
                actor=system_actor("bench: ratings"),
                organization=root,
                year=args.year,
                decision_number="bench",
            )
        lock_seconds = time.monotonic() - locking
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    seconds = time.monotonic() - started
    print(
        f"Năm {args.year}: {vn(members)} đảng viên và {vn(organizations)} tổ chức được xếp loại "
        f"({vn(cells)} chi bộ) trong {vn(seconds, 1)} giây"
        + (f", khóa sổ {vn(lock_seconds, 1)} giây." if not args.open else ", chưa khóa sổ."),
    )


if __name__ == "__main__":
    main()
