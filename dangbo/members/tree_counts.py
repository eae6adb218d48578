"""The organization tree with its members counted (số đảng viên, số tổ chức cơ sở đảng, chi bộ): the
subtree of an organization as it stood on a day, each node with the members on its books that day
rolled up, and the counts of a subtree. Reads through the user's scope. Here, in the members' layer,
because it counts the members' periods; the tree alone is read in dangbo.organizations.selectors."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from dangbo.accounts.scope import authorize
from dangbo.audit.figures import kept
from dangbo.core.exceptions import NotFound
from dangbo.core.text import phrase_key
from dangbo.members.models import MemberPeriod, Status
from dangbo.organizations.models import CELL_KINDS, GRASSROOTS_KINDS, Kind, Organization, OrganizationVersion
from dangbo.organizations.selectors import subtree_versions, version_of

if TYPE_CHECKING:
    from dangbo.accounts.models import User


@dataclass
class Node:
    version: OrganizationVersion
    children: list[Node] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def organization(self) -> Organization:
        return self.version.organization

    @property
    def total(self) -> int:
        return self.counts["probationary"] + self.counts["official"]

    @property
    def grassroots(self) -> int:
        return self.counts["grassroots"]


def member_counts_by_org(org_ids_query: QuerySet[Any], day: date) -> dict[int, dict[str, int]]:
    rows = (
        MemberPeriod.objects.filter(valid_from__lte=day, valid_to__gt=day, organization_id__in=org_ids_query)
        .values("organization_id", "status", "exempted")
        .annotate(n=Count("id"))
    )
    result: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        counts = result[row["organization_id"]]
        counts[row["status"]] += row["n"]
        if row["exempted"]:
            counts["exempted"] += row["n"]
    return result


def tree(user: User, organization: Organization, day: date, *, max_depth: int | None = None) -> Node | None:
    """The subtree of `organization` as it stood on `day`, with member and unit counts rolled up (the
    members' counts kept while the records do not change: dangbo.audit.figures.kept)."""
    authorize(user, organization)
    versions_qs = subtree_versions(organization, day)
    versions = list(versions_qs.select_related("organization"))
    if not versions:
        return None
    counts = kept(  # the same subtree on the same day: the counts of before while nothing changed
        "tree_counts",
        (organization.pk, day.isoformat()),
        lambda: {
            org_id: dict(by_status)
            for org_id, by_status in member_counts_by_org(versions_qs.values("organization_id"), day).items()
        },
    )
    nodes = {v.organization_id: Node(v) for v in versions}
    root: Node | None = None
    for version in sorted(versions, key=lambda v: -v.depth):
        node = nodes[version.organization_id]
        for key, value in counts.get(version.organization_id, {}).items():
            node.counts[key] += value
        if version.kind in GRASSROOTS_KINDS:
            node.counts["grassroots"] += 1
        if version.kind in CELL_KINDS:
            node.counts["cells"] += 1
        if version.kind == Kind.AFFILIATED_CELL:
            node.counts["affiliated_cells"] += 1
        parent = (
            nodes.get(version.parent_id)
            if version.parent_id is not None and version.organization_id != organization.pk
            else None
        )
        if parent is None:
            root = node
            continue
        parent.children.append(node)
        for key, value in node.counts.items():
            parent.counts[key] += value
    for node in nodes.values():
        node.children.sort(key=lambda n: phrase_key(n.version.name))
    if max_depth is not None and root is not None:
        _prune(root, root.version.depth + max_depth)
    return root


def _prune(node: Node, depth_limit: int) -> None:
    if node.version.depth >= depth_limit:
        node.children = []
        return
    for child in node.children:
        _prune(child, depth_limit)


def subtree_stats(user: User, organization: Organization, day: date) -> dict[str, Any]:
    """Counts of the subtree on `day`: organizations by kind, members by status (kept while the
    records do not change: dangbo.audit.figures.kept)."""
    authorize(user, organization)
    return kept(
        "subtree_stats", (organization.pk, day.isoformat()), lambda: _subtree_stats(organization, day)
    )


def _subtree_stats(organization: Organization, day: date) -> dict[str, Any]:
    root = version_of(organization, day)
    if root is None:
        raise NotFound(f"{organization.name} không hoạt động vào ngày {day:%d/%m/%Y}.")
    versions_qs = subtree_versions(organization, day)
    by_kind = {row["kind"]: row["n"] for row in versions_qs.values("kind").annotate(n=Count("id"))}
    # one row of conditional counts, not a GROUP BY (which sorts every row of a city in a temporary
    # b-tree first): read from the index memberperiod_org_dates alone
    counted = MemberPeriod.objects.filter(
        valid_from__lte=day, valid_to__gt=day, organization_id__in=versions_qs.values("organization_id")
    ).aggregate(
        probationary=Count("id", filter=Q(status=Status.PROBATIONARY)),
        official=Count("id", filter=Q(status=Status.OFFICIAL)),
        exempted=Count("id", filter=Q(exempted=True)),
    )
    members: dict[str, int] = {key: counted[key] or 0 for key in ("probationary", "official", "exempted")}
    members["total"] = members["probationary"] + members["official"]
    kinds = {kind.value: by_kind.get(kind.value, 0) for kind in Kind}
    return {
        "organization": {"code": organization.code, "name": root.name},
        "as_of": day.isoformat(),
        "organizations": {
            "grassroots": sum(by_kind.get(k, 0) for k in GRASSROOTS_KINDS),
            "cells": sum(by_kind.get(k, 0) for k in CELL_KINDS),
            "by_kind": kinds,
        },
        "members": members,
    }
