"""/api/organizations: the tree as of a day, one organization with its history, a subtree's counts."""

# ruff: noqa: B008 — ninja declares parameters with Query(...) defaults

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from dangbo.api.endpoints.common import ERRORS, user_of, visible_only
from dangbo.api.schemas import Code, MemberCounts, OrganizationOut, QueryDay, StatsOut, TreeNodeOut, TreeOut
from dangbo.core.dates import OPEN_END, today
from dangbo.core.exceptions import NotFound
from dangbo.core.text import format_date
from dangbo.members import tree_counts
from dangbo.members.tree_counts import Node
from dangbo.organizations import selectors
from dangbo.organizations.models import Kind, Organization, Sector

router = Router(tags=["Tổ chức đảng"])

MAX_DEPTH = 30


def _label(choices: type[Kind] | type[Sector], value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _flatten(node: Node, codes: dict[int, str], top: int, out: list[TreeNodeOut]) -> None:
    version = node.version
    out.append(
        TreeNodeOut(
            code=node.organization.code,
            name=version.name,
            kind=version.kind,
            kind_label=_label(Kind, version.kind),
            sector=node.organization.sector,
            parent_code=codes.get(version.parent_id) if version.parent_id is not None else None,
            level=version.depth - top,
            grassroots=node.counts["grassroots"],
            cells=node.counts["cells"],
            members=MemberCounts(
                probationary=node.counts["probationary"],
                official=node.counts["official"],
                exempted=node.counts["exempted"],
                total=node.total,
            ),
        )
    )
    for child in node.children:
        _flatten(child, codes, top, out)


def _collect_codes(node: Node, codes: dict[int, str]) -> None:
    codes[node.organization.pk] = node.organization.code
    for child in node.children:
        _collect_codes(child, codes)


@router.get("/organizations", response={200: TreeOut, **ERRORS}, summary="Cây tổ chức tại một ngày")
def organization_tree(
    request: HttpRequest,
    as_of: QueryDay | None = Query(None, description="the day (YYYY-MM-DD); today when absent"),
    root: Code | None = Query(
        None, description="code of the top of the subtree; the user's scope when absent"
    ),
    depth: int | None = Query(None, ge=0, le=MAX_DEPTH, description="levels below the top to include"),
) -> TreeOut:
    """The subtree (or the user's subtrees) as it stood on `as_of`, with grassroots organizations,
    cells and members on the books rolled up per node."""
    user = user_of(request)
    day = as_of or today()
    if root:
        with visible_only():
            tops = [selectors.organization_by_code(user, root)]
    else:
        tops = selectors.scope_roots(user)
    nodes: list[TreeNodeOut] = []
    for organization in tops:
        tree = tree_counts.tree(user, organization, day, max_depth=depth)
        if tree is None:
            if root:
                raise NotFound(
                    f"{organization.code} không hoạt động vào ngày {format_date(day)}.", field="as_of"
                )
            continue
        codes: dict[int, str] = {}
        _collect_codes(tree, codes)
        if tree.version.parent_id is not None:
            parent = (
                Organization.objects.filter(pk=tree.version.parent_id).values_list("code", flat=True).first()
            )
            if parent is not None:
                codes[tree.version.parent_id] = parent
        _flatten(tree, codes, tree.version.depth, nodes)
    return TreeOut(as_of=day, nodes=nodes)


@router.get(
    "/organizations/{code}", response={200: OrganizationOut, **ERRORS}, summary="Một tổ chức và lịch sử"
)
def organization_detail(
    request: HttpRequest,
    code: Code,
    as_of: QueryDay | None = Query(None, description="YYYY-MM-DD; today when absent"),
) -> dict[str, Any]:
    """The organization on `as_of` (name, kind, parent), all its versions and its decision log."""
    user = user_of(request)
    day = as_of or today()
    with visible_only():
        organization = selectors.organization_by_code(user, code)
    versions = list(selectors.organization_versions(user, organization))
    events = list(selectors.organization_events(user, organization))
    current = next((v for v in versions if v.valid_from <= day < v.valid_to), None)
    shown = current or (versions[-1] if versions else None)
    return {
        "code": organization.code,
        "as_of": day,
        "active": current is not None,
        "name": shown.name if shown else organization.name,
        "kind": shown.kind if shown else organization.kind,
        "kind_label": _label(Kind, shown.kind if shown else organization.kind),
        "parent_code": shown.parent.code if shown and shown.parent else None,
        "sector": organization.sector,
        "sector_label": _label(Sector, organization.sector),
        "established_on": organization.established_on,
        "ended_on": organization.ended_on,
        "can_write": selectors.can_write_organization(user, organization),
        "versions": [
            {
                "name": v.name,
                "kind": v.kind,
                "kind_label": _label(Kind, v.kind),
                "parent_code": v.parent.code if v.parent else None,
                "valid_from": v.valid_from,
                "valid_to": None if v.valid_to == OPEN_END else v.valid_to,
            }
            for v in versions
        ],
        "events": [
            {
                "action": e.action,
                "action_label": e.get_action_display(),
                "effective_on": e.effective_on,
                "decision_number": e.decision_number,
                "decision_date": e.decision_date,
                "issued_by": e.issued_by,
                "counterpart_code": e.counterpart.code if e.counterpart else None,
                "note": e.note,
            }
            for e in events
        ],
    }


@router.get(
    "/organizations/{code}/stats", response={200: StatsOut, **ERRORS}, summary="Thống kê cây tại một ngày"
)
def organization_stats(
    request: HttpRequest,
    code: Code,
    as_of: QueryDay | None = Query(None, description="YYYY-MM-DD; today when absent"),
) -> dict[str, Any]:
    """Counts of the subtree on `as_of`: organizations by kind, members by status — the JSON of
    `manage.py tree_stats --format json`."""
    user = user_of(request)
    with visible_only():
        organization = selectors.organization_by_code(user, code)
        return tree_counts.subtree_stats(user, organization, as_of or today())
