"""Keep RatingTally equal to the counts of MemberRating per (year, cell, level, reason).

Every writer of member ratings calls one of these inside its transaction: the services after each
rating (tally_cells), bulk writers (the demo, imports, benchmarks) once per year (rebuild_year).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import connection
from django.db.models import Count

from dangbo.evaluations.models import MemberRating, RatingTally, YearEndHeadcount
from dangbo.members.models import MemberPeriod
from dangbo.organizations.models import OrganizationVersion


def tally_cells(year: int, cell_ids: Iterable[int | None]) -> None:
    """Recount the cells' tallies of the year. The counts are upserted (INSERT … ON CONFLICT on
    ratingtally_unique), not deleted and inserted again: two writers tallying one cell at once on
    PostgreSQL cannot both insert the same row (the 500 of a UniqueViolation). The recount itself is
    right when the writers of a grassroots organization's ratings hold its lock
    (evaluations.locks.lock_grassroots), as the services and the import do."""
    cells = sorted({c for c in cell_ids if c is not None})
    if not cells:
        return
    rows = (
        MemberRating.objects.filter(year=year, organization_id__in=cells)
        .values("organization_id", "rank", "not_rated_reason")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[tuple[int, int, str], int] = {}
    for row in rows:
        rank = row["rank"] or 0
        key = (row["organization_id"], rank, "" if rank else row["not_rated_reason"])
        counts[key] = counts.get(key, 0) + row["n"]
    stale = [
        pk
        for pk, *key in RatingTally.objects.filter(year=year, organization_id__in=cells).values_list(
            "pk", "organization_id", "rank", "not_rated_reason"
        )
        if tuple(key) not in counts
    ]
    if stale:
        RatingTally.objects.filter(pk__in=stale).delete()
    if counts:
        RatingTally.objects.bulk_create(
            [
                RatingTally(year=year, organization_id=cell, rank=rank, not_rated_reason=reason, count=n)
                for (cell, rank, reason), n in sorted(counts.items())
            ],
            update_conflicts=True,
            unique_fields=["year", "organization", "rank", "not_rated_reason"],
            update_fields=["count"],
        )


def rebuild_year(year: int) -> None:
    RatingTally.objects.filter(year=year).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO evaluations_ratingtally (year, organization_id, rank, not_rated_reason, count)
            SELECT year, organization_id, COALESCE(rank, 0),
                   CASE WHEN rank IS NULL THEN not_rated_reason ELSE '' END, COUNT(*)
            FROM evaluations_memberrating
            WHERE year = %s
            GROUP BY year, organization_id, COALESCE(rank, 0), CASE WHEN rank IS NULL THEN not_rated_reason ELSE '' END
            """,
            [year],
        )


def headcounts_take(year: int, path: str) -> None:
    """Take YearEndHeadcount for every organization of the subtree at `path` as it stood on 31/12.

    Called when a year is locked (review_cycle_lock, the demo, bulk loaders), inside their transaction.
    """
    day = date(year, 12, 31)
    org_ids = OrganizationVersion.objects.filter(
        valid_from__lte=day, valid_to__gt=day, path__under=path
    ).values("organization_id")
    YearEndHeadcount.objects.filter(year=year, organization_id__in=org_ids).delete()
    rows = (
        MemberPeriod.objects.filter(valid_from__lte=day, valid_to__gt=day, organization_id__in=org_ids)
        .values("organization_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    YearEndHeadcount.objects.bulk_create(
        (YearEndHeadcount(year=year, organization_id=row["organization_id"], count=row["n"]) for row in rows),
        batch_size=5000,
    )
