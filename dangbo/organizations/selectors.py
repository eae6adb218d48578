"""Reads of the tree, always "as of" a day and always through the user's scope."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from django.db.models import Max, QuerySet

from dangbo.accounts.scope import READ_ONLY, authorize, path_filter, path_in_scope, scope_paths
from dangbo.core.exceptions import NotFound, PermissionDenied
from dangbo.core.text import fold, phrase_key
from dangbo.organizations import names
from dangbo.organizations.models import (
    CELL_KINDS,
    GRASSROOTS_KINDS,
    Organization,
    OrganizationEvent,
    OrganizationVersion,
    path_ids,
)

if TYPE_CHECKING:
    from dangbo.accounts.models import User


def versions_on(day: date) -> QuerySet[OrganizationVersion]:
    return OrganizationVersion.objects.filter(valid_from__lte=day, valid_to__gt=day)


def version_of(organization: Organization, day: date) -> OrganizationVersion | None:
    return versions_on(day).filter(organization=organization).first()


def organization_by_code(user: User, code: str, *, personal: bool = False) -> Organization:
    """The organization with `code` in the user's scope; personal=True: for a page of its members'
    personal data (PersonalDataDenied when seen through a viewer's role only)."""
    organization = Organization.objects.filter(code=code.strip().upper()).first()
    if organization is None:
        raise NotFound(f"Không có tổ chức mã “{code}”.")
    authorize(user, organization, personal=personal)
    return organization


def visible_organizations(user: User) -> QuerySet[Organization]:
    return Organization.objects.filter(path_filter(user, "path"))


def scope_roots(user: User) -> list[Organization]:
    """The top nodes the user may see (for a superuser, the roots of the tree)."""
    paths = scope_paths(user)
    if paths is None:
        return sorted(Organization.objects.filter(parent__isnull=True), key=lambda o: phrase_key(o.name))
    return sorted(Organization.objects.filter(path__in=paths), key=lambda o: phrase_key(o.name))


def grassroots_of(version: OrganizationVersion, day: date) -> int | None:
    """The grassroots organization (TCCSĐ) a node belongs to on `day`: itself, or the ancestor
    of a grassroots kind on its path."""
    if version.kind in GRASSROOTS_KINDS:
        return version.organization_id
    ids = path_ids(version.path)
    return (
        versions_on(day)
        .filter(organization_id__in=ids, kind__in=GRASSROOTS_KINDS)
        .values_list("organization_id", flat=True)
        .first()
    )


def subtree_versions(organization: Organization, day: date) -> QuerySet[OrganizationVersion]:
    root = version_of(organization, day)
    if root is None:
        return OrganizationVersion.objects.none()
    return versions_on(day).filter(path__under=root.path)


def active_cells(user: User, day: date, *, write: bool = True) -> list[OrganizationVersion]:
    """Cells active on `day` in the user's scope, for choosing where a member goes."""
    versions = versions_on(day).filter(kind__in=CELL_KINDS).filter(path_filter(user, "path", write=write))
    return sorted(
        versions.select_related("organization"), key=lambda v: (v.path.count("/"), phrase_key(v.name))
    )


# --- Reads for the web pages (added with the UI) -------------------------------------------------


def can_write_organization(user: User, organization: Organization) -> bool:
    """May the user record changes inside `organization` (members, sub-units)?"""
    return path_in_scope(user, organization.path, write=True)


def can_reorganize(user: User, organization: Organization) -> bool:
    """May the user rename, move, split or dissolve `organization`? Such decisions are made by the
    level above: the user needs a writing role on the organization's parent (superusers: always)."""
    if scope_paths(user, write=True) is None:
        return True
    if organization.parent_id is None:
        return False
    paths = scope_paths(user, write=True) or []
    return any(organization.path.startswith(p) and organization.path != p for p in paths)


def organization_for_update(user: User, code: str, *, reorganize: bool = False) -> Organization:
    """The organization with `code`, for a change. NotFound when the user cannot see it;
    PermissionDenied when they see it but may not change it (read-only role, or a reorganization
    that belongs to the level above)."""
    try:
        organization = organization_by_code(user, code)
    except PermissionDenied:
        raise NotFound(f"Không có tổ chức mã “{code}”.") from None
    allowed = can_reorganize(user, organization) if reorganize else can_write_organization(user, organization)
    if not allowed:
        if not path_in_scope(user, organization.path, write=True):
            raise PermissionDenied(READ_ONLY)
        raise PermissionDenied("Việc này do cấp ủy cấp trên của tổ chức quyết định; bạn không có quyền.")
    return organization


def organization_versions(
    user: User, organization: Organization, *, out_of_force: bool = False
) -> QuerySet[OrganizationVersion]:
    """The organization's versions (name, kind, parent over a date range), oldest first;
    `out_of_force`: those a later decision replaced on their first day and those a withdrawn decision
    opened too (the history page marks them)."""
    authorize(user, organization)
    manager = OrganizationVersion.recorded if out_of_force else OrganizationVersion.objects
    return (
        manager.filter(organization=organization)
        .select_related("parent", "replaced_by", "withdrawn_by")
        .order_by("valid_from", "pk")
    )


def organization_events(
    user: User, organization: Organization, *, withdrawn: bool = False
) -> QuerySet[OrganizationEvent]:
    """The decision log of the organization, oldest first, each with its corrections; `withdrawn`: the
    withdrawn decisions too (the history page marks them)."""
    authorize(user, organization)
    manager = OrganizationEvent.recorded if withdrawn else OrganizationEvent.objects
    return (
        manager.filter(organization=organization)
        .select_related("counterpart", "recorded_by", "withdrawn_by", "part_of__organization")
        .prefetch_related("corrections")
        .order_by("effective_on", "pk")
    )


NO_DECISION = "Không có quyết định này."


def decision_for_correction(user: User, code: str, event_id: int) -> OrganizationEvent:
    """A decision recorded on the organization `code`, for the page that corrects it. One answer
    (NotFound) for a decision outside the user's scope, of another organization, or not there."""
    try:
        organization = organization_by_code(user, code)
    except (NotFound, PermissionDenied):
        raise NotFound(NO_DECISION) from None
    event = (
        OrganizationEvent.recorded.filter(pk=event_id, organization=organization)
        .select_related("organization", "counterpart", "part_of", "withdrawn_by")
        .first()
    )
    if event is None:
        raise NotFound(NO_DECISION)
    return event


def organization_choices(
    user: User,
    day: date,
    *,
    write: bool = False,
    personal: bool = False,
    kinds: set[str] | None = None,
    reorganizable: bool = False,
    limit: int | None = None,
) -> list[tuple[OrganizationVersion, int]]:
    """Organizations active on `day` in the user's scope, in tree order (siblings sorted the Vietnamese
    way), each with its depth below the top of the list, for select boxes. `reorganizable`: only those
    the user may reorganize (strictly below a node where they hold a writing role). `limit`: in a
    large scope (a city, the nation) only the top levels that fit, counted in the database first, so
    that a select box never loads a quarter of a million rows. `personal`: only where the user sees
    the members' personal data (the select of a member list)."""
    in_scope = versions_on(day).filter(path_filter(user, "path", write=write, personal=personal))
    if limit is not None:
        # level by level from the top, each counted only up to the rows still allowed, through the
        # index (depth, path): a city's 15.607 versions are not all counted to fill a select box
        # (one small query a level of the tree, not one a row)
        top = OrganizationVersion.recorded.aggregate(top=Max("depth"))["top"] or 0
        cumulative, deepest = 0, None
        for depth in range(top + 1):
            if deepest is not None and cumulative >= limit:
                break
            room = limit - cumulative + 1
            n = in_scope.filter(depth=depth).order_by()[:room].count()
            if n == 0:
                continue  # not in the scope at this level (a role lower down), or a gap
            if cumulative + n > limit and deepest is not None:
                break
            cumulative += n
            deepest = depth
        if deepest is not None:
            in_scope = in_scope.filter(depth__lte=deepest)
    # no ORDER BY: sorted below by the tree's keys (which end with the id); ordered by organization,
    # SQLite would walk that index over every version instead of reading the levels asked for
    versions = list(in_scope.select_related("organization").order_by())
    by_id = {v.organization_id: v for v in versions}
    keys: dict[int, tuple[str, ...]] = {}

    def key(version: OrganizationVersion) -> tuple[str, ...]:
        cached = keys.get(version.organization_id)
        if cached is not None:
            return cached
        parent = by_id.get(version.parent_id) if version.parent_id is not None else None
        result = (*(key(parent) if parent else ()), phrase_key(version.name), str(version.organization_id))
        keys[version.organization_id] = result
        return result

    ordered = sorted(versions, key=key)
    if reorganizable:
        write_paths = scope_paths(user, write=True)
        if write_paths is not None:
            ordered = [v for v in ordered if any(v.path.startswith(p) and v.path != p for p in write_paths)]
    if kinds is not None:
        ordered = [v for v in ordered if v.kind in kinds]
    top = min((v.depth for v in ordered), default=0)
    return [(v, v.depth - top) for v in ordered]


def cell_options(user: User, day: date, *, write: bool = True) -> list[tuple[OrganizationVersion, str]]:
    """active_cells() with the name (on `day`) of each cell's parent, for grouped select boxes:
    many wards have a "Chi bộ Khu phố 1". Sorted by parent, then cell, the Vietnamese way."""
    cells = active_cells(user, day, write=write)
    parent_ids = {v.parent_id for v in cells if v.parent_id is not None}
    names = dict(
        versions_on(day).filter(organization_id__in=parent_ids).values_list("organization_id", "name")
    )
    labelled = [(v, names.get(v.parent_id, "") if v.parent_id is not None else "") for v in cells]
    return sorted(labelled, key=lambda item: (phrase_key(item[1]), phrase_key(item[0].name)))


def can_write_anywhere(user: User) -> bool:
    """Does the user hold any role that writes (superusers: yes)?"""
    return scope_paths(user, write=True) != []


_folded_name = lru_cache(maxsize=65536)(fold)  # names repeat ("Chi bộ Khu phố 1"): fold each once


def search_organizations(
    user: User,
    query: str,
    day: date,
    *,
    write: bool = False,
    personal: bool = False,
    kinds: set[str] | None = None,
) -> list[OrganizationVersion]:
    """Organizations active on `day` in the user's scope (of `kinds`, when given) whose code is or
    begins with `query` (any case), or whose name holds every word typed, accents and case aside
    ("khu pho 1" finds "Chi bộ Khu phố 1"). Exact codes first, then the names in the Vietnamese order."""
    text = query.strip()
    words = fold(text).split()
    if not words:
        return []
    in_scope = versions_on(day).filter(path_filter(user, "path", write=write, personal=personal))
    if kinds is not None:
        in_scope = in_scope.filter(kind__in=kinds)
    by_code = in_scope.filter(organization__code__istartswith=text.upper()).values_list("pk", flat=True)
    ids = set(by_code[:200])
    # names are compared folded, in Python: two columns a row, each distinct name folded once
    for pk, name in in_scope.values_list("pk", "name").iterator(chunk_size=5000):
        if all(word in _folded_name(name) for word in words):
            ids.add(pk)
    found = list(OrganizationVersion.objects.filter(pk__in=ids).select_related("organization"))
    upper = text.upper()
    return sorted(found, key=lambda v: (v.organization.code != upper, phrase_key(v.name), v.organization_id))


def organization_typed(
    user: User,
    typed: str,
    day: date,
    *,
    write: bool = False,
    personal: bool = False,
    label: str = "Tổ chức",
    field: str | None = None,
    kinds: set[str] | None = None,
) -> Organization:
    """The organization a person meant in a picker: its code (any case), or its name typed with or
    without accents, among those active on `day` in the user's scope (where they write, when
    `write`). Not found, or found more than once: NotFound naming the field, the same answer for
    an organization outside the scope as for one that does not exist."""
    text = typed.strip()
    in_scope = versions_on(day).filter(path_filter(user, "path", write=write, personal=personal))
    if kinds is not None:
        in_scope = in_scope.filter(kind__in=kinds)
    exact = in_scope.filter(organization__code=text.upper()).select_related("organization").first()
    if exact is not None:
        return exact.organization
    # "Chi bộ Khu phố 1 – Đảng bộ phường An Bình" (the name shown in the pickers): its own name first
    own_name = text.replace("–", "-").split(" - ")[0]
    candidates = search_organizations(user, own_name, day, write=write, personal=personal, kinds=kinds)
    shown = names.display_names(candidates, day)
    found = names.match(text, [(v.organization, shown[v.organization_id]) for v in candidates])
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(f"{label}: không có tổ chức mã hoặc tên “{text}” trong phạm vi của bạn.", field=field)
    listed = "; ".join(f"{shown[o.pk]} ({o.code})" for o in found[:5])
    more = f" và {len(found) - 5} tổ chức khác" if len(found) > 5 else ""
    raise NotFound(
        f"{label}: “{text}” khớp với {len(found)} tổ chức: {listed}{more}. Hãy gõ mã hoặc tên đầy đủ.",
        field=field,
    )
