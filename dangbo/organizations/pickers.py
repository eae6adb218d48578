"""Pickers of an organization on a page: the select of the organizations of the user's scope, the
?org= chosen one, and the filter of a long list by grassroots organization (?co-so=). They read the
tree through the user's scope, so they live here rather than in the UI kit (dangbo.ui)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import HttpRequest

from dangbo.accounts.models import User
from dangbo.accounts.requests import user_of
from dangbo.accounts.scope import path_filter, scope_paths
from dangbo.audit.figures import kept
from dangbo.core.dates import today
from dangbo.core.exceptions import NotFound
from dangbo.core.text import phrase_key
from dangbo.organizations import names as org_names
from dangbo.organizations import selectors as org_selectors
from dangbo.organizations.models import CELL_KINDS, GRASSROOTS_KINDS, Organization
from dangbo.ui.views import visible_only

GRASSROOTS = "co-so"  # the code of a grassroots organization in the user's scope
MAX_ORG_OPTIONS = 400  # a larger scope leaves the cells out of the select (reached from their page)


def org_options(
    request: HttpRequest, chosen: Organization | None = None, *, personal: bool = False
) -> list[tuple[str, str]]:
    """The organizations of the user's scope for a select, in tree order (without the cells when
    the scope is large: they are reached from their own page), and the chosen one even when it is no
    longer active. `personal`: only where the user sees the members' personal data. Every page's
    select of an organization comes from here. Kept between requests while the records do not
    change (dangbo.audit.figures.kept), under what the list depends on: the scope's paths (the same
    for every user holding the same roles), the day and `personal`."""
    user = user_of(request)
    day = today()

    def compute() -> list[tuple[str, str]]:
        choices = org_selectors.organization_choices(user, day, personal=personal, limit=MAX_ORG_OPTIONS)
        if len(choices) > MAX_ORG_OPTIONS:
            choices = [(v, depth) for v, depth in choices if v.kind not in CELL_KINDS]
        return org_names.tree_options(choices, day)

    paths = scope_paths(user, personal=personal)
    key = (None if paths is None else tuple(paths), day.isoformat(), personal, MAX_ORG_OPTIONS)
    options = list(kept("org_options", key, compute))
    if chosen is not None and chosen.code not in {code for code, _ in options}:
        options.append((chosen.code, org_names.display_name(chosen)))
    return options


def chosen_organization(request: HttpRequest) -> Organization | None:
    """?org=CODE: the organization if the user may see it (404 otherwise), else the first root."""
    user = user_of(request)
    code = request.GET.get("org", "").strip()
    if code:
        with visible_only():
            return org_selectors.organization_by_code(user, code)
    roots = org_selectors.scope_roots(user)
    return roots[0] if roots else None


MAX_GRASSROOTS_OPTIONS = 400  # beyond (a province, the nation): the code or the name is typed


@dataclass(frozen=True)
class GrassrootsFilter:
    organization: Organization | None
    code: str
    options: list[tuple[str, str]]  # (code, name) of the grassroots organizations in scope; [] : typed
    error: str
    typed: str = ""  # what was typed, when the scope has too many for a select


def grassroots_filter(
    request: HttpRequest, user: User, day: date, *, personal: bool = False
) -> GrassrootsFilter:
    """?co-so=: one of the grassroots organizations in the user's scope (where they see the
    members' personal data when `personal`), chosen in a select, or typed (code or name, with or
    without accents) when the scope holds more than MAX_GRASSROOTS_OPTIONS of them. Anything else,
    unknown or another subtree's, gets one neutral message and no filter."""
    in_scope = org_selectors.versions_on(day).filter(
        path_filter(user, "path", personal=personal), kind__in=GRASSROOTS_KINDS
    )
    options: list[tuple[str, str]] = []
    if in_scope.count() <= MAX_GRASSROOTS_OPTIONS:
        versions = list(in_scope.select_related("organization"))
        shown = org_names.display_names(versions, day)
        options = sorted(
            ((v.organization.code, shown[v.organization_id]) for v in versions),
            key=lambda o: phrase_key(o[1]),
        )
    raw = request.GET.get(GRASSROOTS, "").strip()[:255]
    if not raw:
        return GrassrootsFilter(None, "", options, "")
    try:
        found = org_selectors.organization_typed(
            user, raw, day, personal=personal, kinds=set(GRASSROOTS_KINDS), label="Tổ chức cơ sở"
        )
    except NotFound as refused:
        return GrassrootsFilter(None, "", options, f"{refused.message} Đang hiển thị toàn bộ.", raw)
    return GrassrootsFilter(found, found.code, options, "", raw)
