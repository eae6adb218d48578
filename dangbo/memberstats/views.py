"""The statistics pages: the figures of a subtree on a day with their charts and the movements of a
period (a viewer sees them: figures, never names), the XLSX in the forms' layout, and the monthly
lists of birthdays and anniversaries of admission (names: roles that see personal data only)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header, urlencode
from django.views.decorators.http import require_safe

from dangbo.accounts.exports import export_record
from dangbo.accounts.requests import user_of
from dangbo.accounts.scope import path_in_scope
from dangbo.core.dates import today
from dangbo.core.exceptions import ApplicationError
from dangbo.core.text import format_date, format_percent
from dangbo.memberstats import render as renderers
from dangbo.memberstats import rules, selectors
from dangbo.memberstats.forms import MonthForm, StatsForm
from dangbo.organizations.pickers import chosen_organization, org_options
from dangbo.reports import charts
from dangbo.ui.views import bound, visible_only

PIES = ("sex", "political_theory", "religion", "ethnicity")


def _file(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _chart(key: str, label: str, buckets: dict[str, int]) -> str:
    parts = [(name, n) for name, n in buckets.items() if n]
    if key in PIES:
        return charts.pie(label, parts)
    return charts.bar(label, [name for name, _ in parts], [("Đảng viên", [n for _, n in parts])])


@login_required
@require_safe
def statistics_index(request: HttpRequest) -> HttpResponse:
    """Thống kê đảng viên: /thong-ke/?org=Q9&ngay=31/12/2019&tu=01/01/2019 (&dinh_dang=xlsx|json)."""
    user = user_of(request)
    organization = chosen_organization(request)
    day = today()
    defaults = {"org": organization.code if organization else "", "ngay": format_date(day)}
    form = StatsForm(
        bound(request, ("org", "ngay"), defaults), org_options=org_options(request, organization)
    )
    stats = None
    if organization is not None and form.is_valid():
        fmt = request.GET.get("dinh_dang", "").strip().lower()
        try:
            with visible_only():
                stats = selectors.member_statistics(
                    user,
                    organization,
                    form.cleaned_data["ngay"],
                    form.cleaned_data.get("tu"),
                    children=fmt == "xlsx",
                )
        except ApplicationError as error:
            form.show_error(error, {"start": "tu", "as_of": "ngay"})
        if stats is not None and fmt == "json":
            import json

            body = json.dumps(stats.as_json(), ensure_ascii=False, indent=2) + "\n"
            return _file(
                body.encode(), "application/json; charset=utf-8", f"thong-ke-{organization.code}.json"
            )
        if stats is not None and fmt == "xlsx":
            export_record(  # figures only, but a document of the subtree: recorded like the other exports
                actor=user,
                action="export.member_statistics",
                label=f"Thống kê đảng viên {stats.name} ngày {format_date(stats.as_of)}",
                organization=organization,
            )
            return _file(
                renderers.statistics_xlsx(stats),
                renderers.XLSX,
                f"thong-ke-dang-vien-{organization.code}-{stats.as_of:%Y%m%d}.xlsx",
            )
    sections: list[dict[str, Any]] = []
    if stats is not None:
        for key, label in rules.BREAKDOWNS:
            buckets = stats.breakdowns[key]
            sections.append(
                {
                    "key": key,
                    "label": label,
                    "rows": [(name, n, format_percent(n, stats.total)) for name, n in buckets.items()],
                    "sum": sum(buckets.values()),
                    "chart": _chart(key, label, buckets),
                }
            )
    return render(
        request,
        "memberstats/index.html",
        {
            "form": form,
            "organization": organization,
            "stats": stats,
            "sections": sections,
            "moves": [(label, stats.movements[key], key in rules.INCOMING) for key, label in rules.MOVEMENTS]
            if stats
            else [],
            "names": organization is not None and path_in_scope(user, organization.path, personal=True),
            "query": urlencode(
                {"org": organization.code, "ngay": format_date(stats.as_of), "tu": format_date(stats.start)}
            )
            if stats is not None and organization is not None
            else "",
        },
    )


@login_required
@require_safe
def statistics_monthly(request: HttpRequest) -> HttpResponse:
    """Sinh nhật và ngày vào Đảng trong tháng: /thong-ke/hang-thang/?org=Q9-TT-KP1&thang=11/2019."""
    user = user_of(request)
    organization = chosen_organization(request)
    day = today()
    defaults = {"org": organization.code if organization else "", "thang": f"{day.month:02d}/{day.year}"}
    form = MonthForm(
        bound(request, ("org", "thang"), defaults), org_options=org_options(request, organization)
    )
    birthdays: list[selectors.MonthlyRow] = []
    anniversaries: list[selectors.MonthlyRow] = []
    month = None
    if organization is not None and form.is_valid():
        year, month = form.cleaned_data["thang"]
        try:
            with visible_only():
                birthdays, anniversaries = selectors.monthly_lists(user, organization, year, month)
        except ApplicationError as error:
            form.show_error(error, {"month": "thang"})
    return render(
        request,
        "memberstats/monthly.html",
        {
            "form": form,
            "organization": organization,
            "month": month,
            "birthdays": birthdays,
            "anniversaries": anniversaries,
        },
    )
