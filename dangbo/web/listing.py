"""Long lists: sortable columns, a page size, pages, and the filter by grassroots organization.

One small helper of our own rather than django-tables2 and django-filter (docs/architecture.md,
"Lists"): the long lists are partly Python lists computed after the query (the conversions due,
the congresses of a round), their cells are written by hand in the templates (Vietnamese dates and
numbers, badges, an action only where the user may act), the order of names is the Vietnamese one
(the stored `Member.sort_key`, `phrase_key` of an organization's name) and the filters pass through
the user's scope. The parameters a person can tamper with are read from fixed sets: a sort key not
declared, a page size outside PAGE_SIZES or an unreadable page number falls back to the default.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from django.core.paginator import Page
from django.db.models import F, QuerySet
from django.http import HttpRequest

from dangbo.accounts.models import User
from dangbo.accounts.scope import path_filter
from dangbo.core.exceptions import NotFound
from dangbo.core.text import phrase_key
from dangbo.organizations import names as org_names
from dangbo.organizations import selectors as org_selectors
from dangbo.organizations.models import GRASSROOTS_KINDS, Organization
from dangbo.web.views.common import paginate

SORT = "sap-xep"  # ?sap-xep=ten (ascending) or ?sap-xep=-ten (descending)
PAGE = "trang"
GRASSROOTS = "co-so"  # the code of a grassroots organization in the user's scope


@dataclass(frozen=True)
class Column:
    """A sortable column: `key` is the value of ?sap-xep=; `order` the model fields of a queryset
    (Vietnamese-ordered keys for names), or a function giving the sort key of a row of a list."""

    key: str
    label: str
    order: tuple[str, ...] | Callable[[Any], Any]


@dataclass(frozen=True)
class Header:
    label: str
    url: str  # the same page sorted by this column (the other way when it is the current one)
    state: str  # "ascending", "descending" or "" (aria-sort)


class Sorting:
    """The sort the request asks for among `columns` (`default` when it asks for none it knows)."""

    def __init__(self, request: HttpRequest, columns: Sequence[Column], default: str = "") -> None:
        self.request = request
        self.columns = {c.key: c for c in columns}
        raw = request.GET.get(SORT, "").strip()
        key = raw.removeprefix("-")
        if key in self.columns:
            self.key, self.descending = key, raw.startswith("-")
        else:
            self.key, self.descending = default.removeprefix("-"), default.startswith("-")

    def apply(self, items: QuerySet[Any] | list[Any]) -> QuerySet[Any] | list[Any]:
        column = self.columns.get(self.key)
        if column is None:
            return items
        if isinstance(items, QuerySet):
            if callable(column.order):
                raise TypeError("a queryset sorts by fields")
            # rows without a value (no date yet) last in both directions, on SQLite as on PostgreSQL
            fields = [
                F(f).desc(nulls_last=True) if self.descending else F(f).asc(nulls_last=True)
                for f in column.order
            ]
            return items.order_by(*fields, "pk")
        order = column.order
        if not callable(order):
            raise TypeError("a list sorts by a function")
        present = [row for row in items if order(row) is not None]
        absent = [row for row in items if order(row) is None]
        return sorted(present, key=order, reverse=self.descending) + absent

    @cached_property
    def headers(self) -> dict[str, Header]:
        """key -> the header of its column, for {% sort_header sorting "key" %}."""
        result = {}
        for key, column in self.columns.items():
            current = key == self.key
            descending = not self.descending if current else False
            query = self.request.GET.copy()
            query[SORT] = f"-{key}" if descending else key
            query.pop(PAGE, None)
            state = ("descending" if self.descending else "ascending") if current else ""
            result[key] = Header(column.label, f"?{query.urlencode()}", state)
        return result


# The sortable columns of a queryset of members; names in the Vietnamese order (the stored sort key).
MEMBER_COLUMNS = (
    Column("ten", "Họ và tên", ("sort_key",)),
    Column("ngay-sinh", "Ngày sinh", ("birth_date", "sort_key")),
    Column("vao-dang", "Ngày vào Đảng", ("admitted_on", "sort_key")),
    Column("chinh-thuc", "Ngày chính thức", ("official_on", "sort_key")),
)


def paginate_sorted(request: HttpRequest, items: QuerySet[Any] | list[Any], sorting: Sorting) -> Page:
    return paginate(request, sorting.apply(items))


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
