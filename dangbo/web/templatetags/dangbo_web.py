"""Small display helpers for the web pages: {{ member.cccd|mask_cccd }}, {{ period.valid_to|until }},
the sortable column headers and the page size of a long list."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.utils.html import format_html_join

from dangbo.core.dates import OPEN_END
from dangbo.core.text import format_date, format_number
from dangbo.ui.views import COUNT, COUNT_ALL, PAGE_SIZES, SIZE, page_size

register = template.Library()


@register.filter
def mask_cccd(value: str | None) -> str:
    """Show only the last four digits of a citizen ID: ********1234."""
    if not value:
        return ""
    return "*" * max(len(value) - 4, 0) + value[-4:]


@register.filter
def until(value: date | None) -> str:
    """The end of an effective-dated range: "nay" (now) for an open one."""
    if value is None or value == OPEN_END:
        return "nay"
    return format_date(value)


@register.inclusion_tag("web/_sort_header.html")
def sort_header(sorting: Any, key: str, css: str = "") -> dict[str, Any]:
    """<th> of a sortable column: {% sort_header sorting "ten" %} (ui/listing.py Sorting)."""
    return {"header": sorting.headers[key], "css": css}


@register.inclusion_tag("web/_page_size.html", takes_context=True)
def page_size_form(context: dict[str, Any], page: Any) -> dict[str, Any]:
    """The choice of rows a page, keeping the other query parameters (and going back to page 1)."""
    request = context["request"]
    kept = [(k, v) for k, values in request.GET.lists() if k not in (SIZE, "trang") for v in values]
    return {"page": page, "sizes": PAGE_SIZES, "current": page_size(request), "kept": kept, "name": SIZE}


@register.simple_tag(takes_context=True)
def keep_list_params(context: dict[str, Any]) -> str:
    """Hidden inputs keeping the sort and the page size of a list when its filters are submitted."""
    request = context["request"]
    kept = [(k, request.GET[k]) for k in ("sap-xep", SIZE) if request.GET.get(k)]
    return format_html_join("", '<input type="hidden" name="{}" value="{}">', kept)


@register.filter
def row_count(page: Any) -> str:
    """The rows of a paged list: "1.234", or "hơn 1.000" when it was counted only up to its cap."""
    paginator = page.paginator
    if getattr(paginator, "exact", True):
        return format_number(paginator.count)
    return f"hơn {format_number(paginator.cap)}"


@register.inclusion_tag("web/_count_note.html", takes_context=True)
def count_note(context: dict[str, Any], page: Any) -> dict[str, Any]:
    """Beside a count cut at its cap: why, and a link that counts the whole list."""
    request = context["request"]
    query = request.GET.copy()
    query[COUNT] = COUNT_ALL
    paginator = page.paginator
    return {
        "capped": not getattr(paginator, "exact", True),
        "cap": getattr(paginator, "cap", None),
        "url": f"?{query.urlencode()}",
    }
