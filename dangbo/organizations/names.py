"""Names that identify an organization to a person.

Every ward has its "Chi bộ Khu phố 1 … 6": a cell's own name does not say which one. Wherever an
organization is named to a person (pages, pickers, exports, documents, the audit trail), a cell or a
partial committee below a grassroots committee carries the names above it up to that committee:
"Chi bộ Khu phố 2 – Đảng bộ phường Trường Thạnh". Always, not only when the name repeats in the
reader's scope: the same unit then reads the same on every page, in every export and on paper,
whoever prints it, and does not change name when a cell of the same name is established elsewhere.
Grassroots organizations and the levels above carry their own name (they are unique in a district).

display_names() computes the names of a set of organizations in one query; label() puts them on the
objects (`display_name`), which the template filter `org_name` reads (computing it for one object
when a page did not label its list).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol

from dangbo.core.text import fold
from dangbo.organizations.models import Kind, Organization, OrganizationVersion, path_ids

QUALIFIED_KINDS = {Kind.PARTIAL_COMMITTEE, Kind.AFFILIATED_CELL}
SEPARATOR = " – "


class Named(Protocol):
    name: str
    kind: str
    path: str


def _organization_id(item: Organization | OrganizationVersion) -> int:
    return item.pk if isinstance(item, Organization) else item.organization_id


def _ancestor_rows(ids: set[int], day: date | None) -> dict[int, tuple[str, str]]:
    """id -> (name, kind): the current names (day None) or the names on `day`."""
    if not ids:
        return {}
    if day is None:
        rows = list(Organization.objects.filter(pk__in=ids).values_list("pk", "name", "kind"))
    else:
        rows = list(
            OrganizationVersion.objects.filter(
                organization_id__in=ids, valid_from__lte=day, valid_to__gt=day
            ).values_list("organization_id", "name", "kind")
        )
    return {pk: (name, kind) for pk, name, kind in rows}


def qualified_name(item: Named, ancestors: dict[int, tuple[str, str]]) -> str:
    """The item's name followed by its parents' up to the grassroots committee (cells and partial
    committees); the name alone for the other kinds or when no grassroots committee is above."""
    if item.kind not in QUALIFIED_KINDS:
        return item.name
    parts = [item.name]
    for ancestor_id in reversed(path_ids(item.path)[:-1]):
        row = ancestors.get(ancestor_id)
        if row is None:
            break
        parts.append(row[0])
        if row[1] == Kind.GRASSROOTS_COMMITTEE:
            return SEPARATOR.join(parts)
    return item.name


def display_names(
    items: Iterable[Organization | OrganizationVersion], day: date | None = None
) -> dict[int, str]:
    """Organization id -> its name to show, for Organization rows (current names; `day` None) or
    versions (the names of their parents on `day`). One query, none when no item needs qualifying."""
    items = list(items)
    needed = {
        ancestor for item in items if item.kind in QUALIFIED_KINDS for ancestor in path_ids(item.path)[:-1]
    }
    if day is None and any(isinstance(item, OrganizationVersion) for item in items):
        day = max(item.valid_from for item in items if isinstance(item, OrganizationVersion))
    ancestors = _ancestor_rows(needed, day)
    return {_organization_id(item): qualified_name(item, ancestors) for item in items}


def label(items: Iterable[Organization | OrganizationVersion | None], day: date | None = None) -> None:
    """Set `display_name` on each item (Organization or OrganizationVersion; None skipped)."""
    present = [item for item in items if item is not None]
    names = display_names(present, day)
    for item in present:
        item.display_name = names[_organization_id(item)]  # type: ignore[union-attr]


def display_name(item: Organization | OrganizationVersion) -> str:
    """The name to show for one item: its label if a page set one, computed (and kept) otherwise."""
    cached = getattr(item, "display_name", None)
    if cached is None:
        day = None
        if isinstance(item, OrganizationVersion):
            day = item.valid_from
        cached = display_names([item], day)[_organization_id(item)]
        item.display_name = cached  # type: ignore[union-attr]
    return str(cached)


def match(query: str, options: Sequence[tuple[Organization, str]]) -> list[Organization]:
    """The organizations a person meant by `query` among `options` (organization, display name):
    the code (any case); else the name, accents and case aside, whole ("chi bo khu pho 1 – dang bo
    phuong an binh" or "chi bo khu pho 1"); else every option whose name contains the words typed."""
    text = query.strip()
    if not text:
        return []
    by_code = [org for org, _ in options if org.code.upper() == text.upper()]
    if by_code:
        return by_code
    folded = fold(text).replace("–", "-").replace(" - ", " ")
    folded_options = [
        (org, fold(shown).replace("–", "-").replace(" - ", " "), fold(org.name)) for org, shown in options
    ]
    whole = [org for org, shown, own in folded_options if folded in (shown, own)]
    if len(whole) == 1:
        return whole
    words = folded.split(" ")
    return [org for org, shown, _ in folded_options if all(word in shown.split(" ") for word in words)]


INDENT = "\u00a0\u00a0\u00a0\u00a0"  # non-breaking: a select keeps them


def tree_options(choices: Sequence[tuple[OrganizationVersion, int]], day: date) -> list[tuple[str, str]]:
    """(code, label) for a select of organizations in tree order (selectors.organization_choices),
    indented by depth, each named so that it identifies the unit even when the box is closed."""
    shown = display_names([v for v, _ in choices], day)
    return [(v.organization.code, f"{INDENT * depth}{shown[v.organization_id]}") for v, depth in choices]


def names_on(organization_ids: Iterable[int], day: date) -> dict[int, str]:
    """Organization id -> its name to show as the tree stood on `day` (a year's report): two queries."""
    ids = set(organization_ids)
    if not ids:
        return {}
    versions = OrganizationVersion.objects.filter(
        organization_id__in=ids, valid_from__lte=day, valid_to__gt=day
    )
    names = display_names(list(versions), day)
    missing = ids - set(names)
    if missing:  # not active that day: the current names
        names.update(display_names(list(Organization.objects.filter(pk__in=missing))))
    return names
