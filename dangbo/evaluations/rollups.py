"""Keep YearRollup: a locked year's figures of every subtree, stored on its top node.

The figures of a node's subtree are the sum, over the organizations of the subtree as it stood on 31/12
of the year, of each organization's own figures (`own_figures`): its group (tổ chức cơ sở đảng or chi bộ
trực thuộc), sector and rating, the members' ratings of a cell (RatingTally) and its members on the books
(YearEndHeadcount). They are what the year's report counts (reports.selectors.year_report), so that a
locked year's report for the nation, a province or a ward reads one row instead of counting the subtree.

Who keeps them right, inside their own transaction:
- `rollups_build`: review_cycle_lock for the subtree it locks, the demo, `manage.py rebuild_rollups`;
- `rollups_follow`: a change of some organizations' own figures in a locked year (rating_correct,
  rating_rerate) adds the difference to the rollups of their ancestors;
- `rollups_after_tree_change`: a change of the tree on or before 31/12 of a locked year (establish,
  move, dissolve, merge, split, the withdrawal of a decision) builds the covering locked subtrees
  again (the organizations.signals.tree_changed receiver, and the reorganizations directly).

A build and a change that follows take turns (`_take_turns`): a build reads the figures and replaces the
rows, a change adds its difference to the rows it finds. Side by side on PostgreSQL, a build that read
the figures before a correction committed would write them back without it, and a correction that
waited on the rows a build replaced would find none to add to; either way the correction is lost. On
SQLite, writers take turns already (transaction_mode IMMEDIATE).

Keys of `figures` (a count each; a key whose count is 0 is left out):
  "o:g:n", "o:a:n"        grassroots organizations (g) and affiliated cells (a) in the subtree
  "o:g:1" … "o:g:4"      of those, rated at each level (1 = HTXSNV … 4 = KHTNV); "o:a:1" … likewise
  "o:g:x", "o:a:x"        rated and exemplary (tiêu biểu)
  "o:g:r:<reason>"        not rated, with that reason
  "s:<sector>:n"          grassroots organizations of a sector; "s:<sector>:1" … rated at each level
  "m:1" … "m:4"           members rated at each level (RatingTally)
  "m:r:<reason>"          members not rated, with that reason
  "h"                     members on the books on 31/12 (YearEndHeadcount)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from dangbo.evaluations.models import (
    OrganizationRating,
    RatingTally,
    ReviewCycle,
    YearEndHeadcount,
    YearRollup,
)
from dangbo.organizations.models import GRASSROOTS_KINDS, Kind, OrganizationVersion, path_ids
from dangbo.organizations.selectors import versions_on

Figures = Counter[str]
HEADCOUNT = "h"
GROUPS: dict[str, str] = {**dict.fromkeys(GRASSROOTS_KINDS, "g"), Kind.AFFILIATED_CELL: "a"}


# the first key of the transaction-level advisory locks of the rollups (the second is the year)
_ADVISORY_KEY = 1_800_018


def _take_turns(year: int, *, build: bool) -> None:
    """Until the transaction ends: a build of `year`'s rollups alone, the changes that follow them
    together (PostgreSQL's advisory locks, exclusive and shared; nothing on SQLite, whose writers
    already take turns). Every build and every follow takes it first, before reading any figure."""
    if connection.vendor != "postgresql":
        return
    function = "pg_advisory_xact_lock" if build else "pg_advisory_xact_lock_shared"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s, %s)", [_ADVISORY_KEY, year])


def _year_end(year: int) -> date:
    return date(year, 12, 31)


def _own(year: int, versions: QuerySet[OrganizationVersion]) -> tuple[dict[int, str], dict[int, Figures]]:
    """Each organization's path on 31/12 and its own figures, for the versions given (in force on
    31/12 of `year`). Four queries, whatever the number of organizations."""
    paths: dict[int, str] = {}
    own: dict[int, Figures] = {}
    group_of: dict[int, str] = {}
    sector_of: dict[int, str] = {}
    for organization_id, kind, path, sector in versions.values_list(
        "organization_id", "kind", "path", "organization__sector"
    ):
        paths[organization_id] = path
        figures = own[organization_id] = Counter()
        group = GROUPS.get(kind)
        if group is not None:
            group_of[organization_id] = group
            figures[f"o:{group}:n"] = 1
            if group == "g":
                sector_of[organization_id] = sector
                figures[f"s:{sector}:n"] = 1
    ids = versions.values("organization_id")
    rated = OrganizationRating.objects.filter(year=year, organization_id__in=ids)
    for organization_id, rank, exemplary, reason in rated.values_list(
        "organization_id", "rank", "exemplary", "not_rated_reason"
    ):
        group = group_of.get(organization_id)
        if group is None:
            continue  # the report counts the ratings of grassroots organizations and affiliated cells only
        figures = own[organization_id]
        if rank:
            figures[f"o:{group}:{rank}"] += 1
            if exemplary:
                figures[f"o:{group}:x"] += 1
            if group == "g":
                figures[f"s:{sector_of[organization_id]}:{rank}"] += 1
        elif reason:
            figures[f"o:{group}:r:{reason}"] += 1
    tallies = RatingTally.objects.filter(year=year, organization_id__in=ids)
    for organization_id, rank, reason, count in tallies.values_list(
        "organization_id", "rank", "not_rated_reason", "count"
    ):
        if rank:
            own[organization_id][f"m:{rank}"] += count
        elif reason:
            own[organization_id][f"m:r:{reason}"] += count
    heads = YearEndHeadcount.objects.filter(year=year, organization_id__in=ids)
    for organization_id, count in heads.values_list("organization_id", "count"):
        own[organization_id][HEADCOUNT] += count
    return paths, own


def own_figures(year: int, organization_ids: Iterable[int]) -> dict[int, Figures]:
    """The own figures of these organizations in `year` (those in force on 31/12 only)."""
    versions = versions_on(_year_end(year)).filter(organization_id__in=list(organization_ids))
    return _own(year, versions)[1]


def subtree_figures(year: int, path: str) -> dict[int, Figures]:
    """The figures of every subtree within the one at `path` (as it stood on 31/12 of `year`), by its
    top node: each node's own figures plus those of the nodes below it."""
    versions = versions_on(_year_end(year)).filter(path__under=path)
    return accumulate(*_own(year, versions))


def accumulate(paths: Mapping[int, str], own: Mapping[int, Figures]) -> dict[int, Figures]:
    """Each node's figures plus those of every node below it, for the nodes of one subtree (`paths`:
    each node's materialised path, "/1/7/23/"). A node whose parent is not among them is a top."""
    totals = {organization_id: Counter(own.get(organization_id, {})) for organization_id in paths}
    # the deepest first: each node's total is complete when it is added to its parent's
    for organization_id in sorted(paths, key=lambda i: -paths[i].count("/")):
        ids = path_ids(paths[organization_id])
        parent = ids[-2] if len(ids) > 1 else None
        if parent is not None and parent in totals:
            totals[parent].update(totals[organization_id])
    return totals


def _stored(figures: Mapping[str, int]) -> dict[str, int]:
    return {key: n for key, n in sorted(figures.items()) if n}


def rollups_build(year: int, path: str) -> int:
    """Build the rollups of `year` for every node of the subtree at `path` (its path on 31/12),
    replacing those there were. Returns the number of nodes."""
    _take_turns(year, build=True)
    totals = subtree_figures(year, path)
    versions = versions_on(_year_end(year)).filter(path__under=path)
    YearRollup.objects.filter(year=year, organization_id__in=versions.values("organization_id")).delete()
    YearRollup.objects.bulk_create(
        (
            YearRollup(year=year, organization_id=organization_id, figures=_stored(figures))
            for organization_id, figures in totals.items()
        ),
        batch_size=2000,
    )
    return len(totals)


def rollups_rebuild_year(year: int) -> int:
    """Build the rollups of `year` for the subtree of every locked cycle of that year (none when the
    year is locked nowhere): `manage.py rebuild_rollups`, the demo, a database migrated after its lock."""
    built = 0
    for path in _locked_paths(ReviewCycle.objects.filter(year=year, stage=ReviewCycle.Stage.LOCKED)):
        built += rollups_build(year, path)
    return built


def _locked_paths(cycles: QuerySet[ReviewCycle]) -> list[str]:
    """The paths on 31/12 of the locked cycles' organizations, the outermost only (a cycle locked
    inside another's subtree is built with it)."""
    paths = []
    for cycle in cycles.order_by("pk"):
        version = versions_on(_year_end(cycle.year)).filter(organization_id=cycle.organization_id).first()
        if version is not None:
            paths.append(version.path)
    return [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]


@contextmanager
def rollups_follow(year: int, organization_ids: Collection[int]) -> Iterator[None]:
    """Wrap a change of these organizations' own figures of `year` (a rating, the cell's tallies):
    once it is made, the difference goes to the rollups of the organizations and their ancestors
    on 31/12 (those that have rollups: the nodes of a locked subtree). Inside the caller's transaction."""
    _take_turns(year, build=False)  # a build under way ends first; its rows are then the ones held
    versions = versions_on(_year_end(year)).filter(organization_id__in=list(organization_ids))
    paths = dict(versions.values_list("organization_id", "path"))
    ancestors = {i for path in paths.values() for i in path_ids(path)}
    # the rows to change, locked before the figures are read (in id order, as _add takes them): two
    # corrections under one ancestor take turns, each reading what the other committed
    held = list(
        YearRollup.objects.select_for_update()
        .filter(year=year, organization_id__in=ancestors)
        .order_by("organization_id")
        .values_list("pk", flat=True)
    )
    if not held:
        yield  # no rollups to keep (a year not locked here)
        return
    before = own_figures(year, paths)
    yield
    after = own_figures(year, paths)
    _add(year, {i: _difference(before.get(i), after.get(i)) for i in paths}, paths)


def _difference(before: Figures | None, after: Figures | None) -> Figures:
    change: Figures = Counter(after or {})
    change.subtract(before or {})
    return change


def _add(year: int, changes: Mapping[int, Figures], paths: Mapping[int, str]) -> None:
    """Add each organization's change to the rollups of its path (itself and its ancestors)."""
    total_by_node: dict[int, Figures] = {}
    for organization_id, change in changes.items():
        if not any(change.values()):
            continue
        for node in path_ids(paths[organization_id]):
            total_by_node.setdefault(node, Counter()).update(change)
    if not total_by_node:
        return
    rows = list(
        YearRollup.objects.select_for_update()
        .filter(year=year, organization_id__in=total_by_node)
        .order_by("organization_id")
    )
    for row in rows:
        figures: Figures = Counter(row.figures)
        figures.update(total_by_node[row.organization_id])
        row.figures = _stored(figures)
    YearRollup.objects.bulk_update(rows, ["figures"])


def rollups_after_tree_change(paths: Iterable[str], day: date) -> None:
    """The tree changed from `day` at these paths (the paths of the organizations it moved, ended or
    established, before and after): build again the rollups of each locked year from `day`'s on whose
    cycle covers one of them, as that year's report would count the subtree now."""
    ancestors = {i for path in paths for i in path_ids(path)}
    if not ancestors:
        return
    cycles = ReviewCycle.objects.filter(
        stage=ReviewCycle.Stage.LOCKED, year__gte=day.year, organization_id__in=ancestors
    )
    years = sorted(set(cycles.values_list("year", flat=True)))
    for year in years:
        for path in _locked_paths(cycles.filter(year=year)):
            rollups_build(year, path)


def tree_changed_receiver(sender: Any, *, paths: Iterable[str], day: date, **kwargs: Any) -> None:
    """organizations.signals.tree_changed: organizations sit below evaluations and cannot call it."""
    rollups_after_tree_change(paths, day)
