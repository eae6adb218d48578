"""Small display helpers for the web pages: {{ member.cccd|mask_cccd }}, {{ period.valid_to|until }},
the sortable column headers and the page size of a long list."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe

from dangbo.core.dates import OPEN_END
from dangbo.core.templatetags.vn import vn_date
from dangbo.core.text import format_date, format_number
from dangbo.organizations.templatetags.org_names import org_name
from dangbo.ui.views import COUNT, COUNT_ALL, PAGE_SIZES, SIZE, page_size
from dangbo.web.tree import render_rows

register = template.Library()


@register.simple_tag
def select_options(options: list[tuple[str, str]], chosen: str) -> str:
    """<option>s of (value, label) pairs, `chosen` selected: a select of a district's organizations
    written in Python, not by a template loop (the same HTML)."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == chosen else "", label) for value, label in options),
    )


@register.simple_tag
def member_rows(page: Any) -> str:
    """The rows of the member list (web/member_list.html) written in Python, one string a member,
    rather than by a template loop of a dozen tags a row: the same HTML, every value escaped."""
    start = page.start_index()
    parts = []
    for number, member in enumerate(page.object_list, start):
        url = escape(reverse("member_detail", args=[member.pk]))
        exempted = ' <span class="badge">miễn SH</span>' if member.exempted else ""
        parts.append(
            "\n      <tr>\n"
            f'        <td class="num stack-hide">{format_number(number)}</td>\n'
            f'        <td class="lead"><a href="{url}">{escape(member.full_name)}</a></td>\n'
            f'        <td data-label="Giới tính">{escape(member.get_sex_display())}</td>\n'
            f'        <td data-label="Ngày sinh">{escape(vn_date(member.birth_date))}</td>\n'
            f'        <td class="org">{escape(org_name(member.organization))}</td>\n'
            f'        <td><span class="badge status-{escape(member.status)}">{escape(member.get_status_display())}'
            f"</span>{exempted}</td>\n"
            f'        <td data-label="Ngày vào Đảng">{escape(vn_date(member.admitted_on))}</td>\n'
            f'        <td data-label="Ngày chính thức">{escape(vn_date(member.official_on))}</td>\n'
            f'        <td class="mono" data-label="Số CCCD">{escape(mask_cccd(member.cccd))}</td>\n'
            "      </tr>\n    "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


@register.simple_tag
def period_member_rows(member_rows: list[tuple[Any, Any]]) -> str:
    """The rows of the members of an organization's page (web/org_detail.html): (member, their
    period on the day shown, or None), written in Python like member_rows (the same HTML)."""
    parts = []
    for member, period in member_rows:
        url = escape(reverse("member_detail", args=[member.pk]))
        status = ""
        if period:
            exempted = ' <span class="badge">miễn SH</span>' if period.exempted else ""
            status = (
                f'<span class="badge status-{escape(period.status)}">{escape(period.get_status_display())}'
                f"</span>{exempted}"
            )
        organization = org_name(period.organization) if period is not None else ""
        parts.append(
            "\n      <tr>\n"
            f'        <td class="lead"><a href="{url}">{escape(member.full_name)}</a></td>\n'
            f'        <td data-label="Giới tính">{escape(member.get_sex_display())}</td>\n'
            f'        <td data-label="Ngày sinh">{escape(vn_date(member.birth_date))}</td>\n'
            f'        <td class="org">{escape(organization)}</td>\n'
            f"        <td>{status}</td>\n"
            f'        <td data-label="Ngày vào Đảng">{escape(vn_date(member.admitted_on))}</td>\n'
            "      </tr>\n    "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


@register.simple_tag
def tree_rows(rows: list[Any], ngay: str = "") -> str:
    """The rows of an organization tree (web/_tree.html), written by dangbo.web.tree.render_rows."""
    return render_rows(rows, ngay or "")


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
