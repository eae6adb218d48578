"""Long lists: sortable columns, a page size and pages (the filter by grassroots organization, which
reads the tree, is dangbo.organizations.pickers.grassroots_filter).

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
from functools import cached_property
from typing import Any

from django.core.paginator import Page
from django.db.models import F, QuerySet
from django.http import HttpRequest

from dangbo.ui.views import paginate

SORT = "sap-xep"  # ?sap-xep=ten (ascending) or ?sap-xep=-ten (descending)
PAGE = "trang"


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
