"""The report pages: the year's review report (with its DOCX, XLSX, JSON and text downloads), the
check of figures someone else wrote, and the dashboard of a subtree. Read-only: nothing is written."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from dangbo.accounts.exports import export_record
from dangbo.accounts.requests import user_of
from dangbo.core.dates import today
from dangbo.core.exceptions import ApplicationError
from dangbo.core.text import format_number
from dangbo.evaluations import rules
from dangbo.evaluations import selectors as review_selectors
from dangbo.evaluations import services as review_services
from dangbo.evaluations.models import Rank
from dangbo.organizations import selectors as org_selectors
from dangbo.organizations.models import Organization
from dangbo.organizations.pickers import chosen_organization, org_options
from dangbo.reports import charts
from dangbo.reports.dashboard import dashboard as dashboard_figures
from dangbo.reports.figures import (
    FigureError,
    audit_figures,
    parse_bases,
    parse_cap_percent,
    parse_total,
    stated_or_recorded_cap,
)
from dangbo.reports.render_text import SECTION_TITLES, render_text
from dangbo.reports.selectors import year_report
from dangbo.reports.year_data import YearReport
from dangbo.ui.views import as_of, bound, default_year, pct, visible_only
from dangbo.web.forms.reviews import CheckFiguresForm, DashboardForm, ReportForm

DOWNLOADS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json; charset=utf-8", "json"),
    "text": ("text/plain; charset=utf-8", "txt"),
}
REPORT_ALIASES = {"year": "nam", "org": "org", "organization": "org", "decimals": "thap_phan"}
DASHBOARD_SPAN = 30
OTHER = "Khác"


# --- the year's report ------------------------------------------------------------------------------


def _section_rows(report: YearReport) -> list[dict[str, Any]]:
    sections = []
    year = report.year
    for key, title in SECTION_TITLES.items():
        data = report.sections.of(key)
        levels = [
            {
                "code": level.code,
                "label": level.label,
                "count": level.count,
                "percent_text": pct(level.percent),
            }
            for level in data.levels
        ]
        good = data.good_or_above
        sections.append(
            {
                "key": key,
                "title": title,
                "data": data,
                "levels": levels,
                "good": {"count": good.count, "percent_text": pct(good.percent)},
                "good_label": f"{data.levels[1].label} trở lên",
                "chart": charts.bar(
                    f"{title} năm {year}",
                    ["Số lượng"],
                    [(level.label, [level.count]) for level in data.levels],
                )
                if data.evaluated
                else "",
            }
        )
    return sections


def _download(report: YearReport, fmt: str, organization: Organization) -> HttpResponse:
    content_type, extension = DOWNLOADS[fmt]
    if fmt == "docx":
        from dangbo.reports.render_docx import render_docx

        parent = organization.parent
        superior = organization.superior_printed_name or (parent.name if parent is not None else "")
        body: bytes | str = render_docx(report, superior=superior)
    elif fmt == "xlsx":
        from dangbo.reports.render_xlsx import render_xlsx

        body = render_xlsx(report)
    elif fmt == "json":
        body = json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n"
    else:
        body = render_text(report)
    response = HttpResponse(body, content_type=content_type)
    filename = f"bao-cao-danh-gia-{organization.code}-{report.year}.{extension}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_safe
def report_year(request: HttpRequest) -> HttpResponse:
    """Báo cáo kết quả đánh giá, xếp loại of a year for a subtree: /bao-cao/danh-gia/?org=Q9&nam=2019."""
    user = user_of(request)
    organization = chosen_organization(request)
    defaults = {
        "org": organization.code if organization else "",
        "nam": str(default_year()),
        "thap_phan": "2",
    }
    form = ReportForm(
        bound(request, ("org", "nam", "thap_phan"), defaults),
        org_options=org_options(request, organization),
    )
    report = None
    fmt = request.GET.get("dinh_dang", "").strip().lower()
    format_error = ""
    if fmt and fmt not in DOWNLOADS:
        format_error = f"Định dạng “{fmt}” không có; chọn một trong: docx, xlsx, json, text."
    if organization is not None and form.is_valid():
        year = form.cleaned_data["nam"]
        try:
            review_services.check_year(year)
            with visible_only():
                report = year_report(user, organization, year, decimals=form.cleaned_data["thap_phan"])
        except ApplicationError as error:
            form.show_error(error, REPORT_ALIASES)
    if report is not None and organization is not None and fmt in DOWNLOADS:
        export_record(  # the report names the members commended: an export of personal data
            actor=user,
            action="export.report",
            label=f"Báo cáo đánh giá, xếp loại năm {report.year} — {organization.name} ({fmt})",
            organization=organization,
            details={"year": report.year, "format": fmt},
        )
        return _download(report, fmt, organization)
    query = request.GET.copy()
    query.pop("dinh_dang", None)
    if report is not None:
        query["org"], query["nam"] = report.organization.code, str(report.year)
        query["thap_phan"] = str(report.decimals)
    return render(
        request,
        "web/reports/year.html",
        {
            "form": form,
            "report": report,
            "organization": organization,
            "sections": _section_rows(report) if report else [],
            "query": query.urlencode(),
            "format_error": format_error,
            "targets_paragraph": report.targets if report else "",
            "level_codes": [rules.CODES[rank] for rank in (1, 2, 3, 4)],
            "level_labels": (
                [level.label for level in review_services.scheme(report.year).organization_levels]
                if report
                else []
            ),
        },
        status=400 if format_error else 200,
    )


# --- the check of figures -----------------------------------------------------------------------------


def _member_rules(
    counts: list[int], total: int, year: int, percent: Decimal | None = None
) -> list[dict[str, str]]:
    """The rule checks that can run on the four member counts (HTXSNV, HTTNV, HTNV, KHTNV); `percent`:
    the cap a recorded decision raised (else the setting's)."""
    excellent, good, done, failing = counts
    scheme = rules.scheme_for(year)
    labels = [level.label.lower() for level in scheme.member_levels]
    results: list[dict[str, str]] = []
    if sum(counts) != total:
        results.append(
            {
                "status": "warning",
                "title": "Tổng 4 mức",
                "message": f"Tổng 4 mức là {format_number(sum(counts))}, khác tổng số {format_number(total)}: "
                "tỷ lệ phải tính trên số đảng viên được đánh giá (“x/y được đánh giá”).",
            }
        )
    settings = review_services.rule_settings()
    the_percent = settings.excellent_cap_percent if percent is None else percent
    cap = f"{format_number(the_percent, 0 if the_percent == the_percent.to_integral_value() else 2)}%"
    violations = rules.rating.cap_overrun(
        rules.CapCounts(excellent, good), year=year, settings=settings, percent=percent
    )
    if violations:
        results.append({"status": "error", "title": f"Giới hạn {cap}", "message": violations[0].message})
    elif not rules.cap_applies(year, settings):
        results.append(
            {
                "status": "info",
                "title": f"Giới hạn {cap}",
                "message": f"Năm {year} không áp dụng giới hạn {cap} đảng viên {labels[0]} ({scheme.cite('regime')}"
                + ("" if settings.excellent_cap_enabled else "; đã tắt trong cấu hình")
                + ").",
            }
        )
    else:
        limit = int(good * the_percent // 100)
        results.append(
            {
                "status": "ok",
                "title": f"Giới hạn {cap}",
                "message": f"Đạt: {format_number(excellent)} đảng viên {labels[0]}, không vượt quá "
                f"{cap} của {format_number(good)} đảng viên {labels[1]} "
                f"(tối đa {format_number(limit)}) — {scheme.cite('cap')}. Giới hạn tính trong từng tổ chức cơ sở "
                "đảng; trên số liệu tổng hợp chỉ để tham khảo.",
            }
        )
    # the rules of a cell rated HTXSNV with these members (rules.rating, as the decision runs them)
    as_cell = rules.rating.OrganizationYear(
        year=year,
        established_on=date.min,  # a figure, not an organization: never "founded too late"
        is_cell=True,
        sub_ranks=(1,) * excellent + (2,) * good + (3,) * done + (4,) * failing,
    )
    conditions = [
        v
        for v in rules.rating.organization_violations(rules.HTXSNV, as_cell, settings=settings)
        if v.rule.startswith("org_excellent")  # the ratios only: a figure has no score nor facts
    ]
    if year >= 2018 and scheme.excellent_sub_unit_conditions and any(counts):
        results.append(
            {
                "status": "info",
                "title": "Điều kiện tổ chức hoàn thành xuất sắc",
                "message": (
                    "Nếu đây là đảng viên của một chi bộ: " + " ".join(v.message for v in conditions)
                    if conditions
                    else "Nếu đây là đảng viên của một chi bộ: đủ điều kiện về tỷ lệ để chi bộ được xét "
                    "hoàn thành xuất sắc nhiệm vụ (100% hoàn thành nhiệm vụ trở lên, từ 80% hoàn thành "
                    f"tốt nhiệm vụ trở lên — {scheme.cite('org_excellent')})."
                ),
            }
        )
    return results


def _recorded_cap(request: HttpRequest, code: str, year: int | None) -> tuple[Decimal, str] | None:
    """The decision recorded for the organization's stored year raising its members' cap (the user
    sees the organization: its figures, not its members), for the check of its four levels."""
    if not code:
        return None
    if year is None:
        raise FigureError(
            "Mã tổ chức chỉ dùng với số liệu đảng viên theo 4 mức và năm đánh giá.", field="org"
        )
    try:
        organization = org_selectors.organization_by_code(user_of(request), code)
    except ApplicationError as error:
        raise FigureError(error.message, field="org") from None
    return review_selectors.recorded_members_cap(user_of(request), organization, year)


@login_required
@require_safe
def check_figures(request: HttpRequest) -> HttpResponse:
    """Kiểm tra số liệu: are the percentages of a report right? (/bao-cao/kiem-tra-so-lieu/)"""
    bound = "tong" in request.GET or "so_lieu" in request.GET
    form = CheckFiguresForm(request.GET if bound else None, initial={"nam": str(default_year())})
    results: list[dict[str, Any]] = []
    rule_results: list[dict[str, str]] = []
    total = 0
    problems: list[dict[str, Any]] = []
    if bound and form.is_valid():
        year, members = form.cleaned_data["nam"], form.cleaned_data["dang_vien"]
        try:
            total = parse_total(form.cleaned_data["tong"])
            settings = review_services.rule_settings()
            stated = parse_cap_percent(form.cleaned_data["gioi_han"], year if members else None, settings)
            percent, decision = stated_or_recorded_cap(
                stated, _recorded_cap(request, form.cleaned_data["to_chuc"], year if members else None)
            )
            checks, found = audit_figures(
                total,
                form.figures(),
                base_alternatives=parse_bases(form.cleaned_data["co_so_khac"]),
                four_levels=bool(members),
                year=year if members else None,
                settings=settings,
                cap_percent=percent,
                cap_decision=decision,
            )
        except FigureError as error:
            field = {
                "total": "tong",
                "figures": "so_lieu",
                "base_alternatives": "co_so_khac",
                "year": "nam",
                "four_levels": "dang_vien",
                "cap_percent": "gioi_han",
                "org": "to_chuc",
            }
            form.add_error(field[error.field], error.message)
        else:
            problems = [p.as_dict() for p in found]
            typos = {p["figure"]: p["fits"] for p in problems if p["kind"] == "count_typo"}
            levels = [lv.label for lv in rules.scheme_for(year).member_levels] if members else []
            results = [
                {
                    "count": c.count,
                    "stated": c.stated,
                    "correct": c.correct,
                    "ok": c.ok,
                    "level": levels[index] if members else "",
                    "fits": typos.get(index + 1),
                }
                for index, c in enumerate(checks)
            ]
            if members:
                # the sum and the cap are said once, as problems of the line
                kinds = {p["kind"] for p in problems}
                rule_results = [
                    r
                    for r in _member_rules([c.count for c in checks], total, year, percent)
                    if not (r["status"] == "warning" and "sum_mismatch" in kinds)
                    and not (r["status"] == "error" and r["title"].startswith("Giới hạn") and "cap" in kinds)
                ]
    return render(
        request,
        "web/reports/check_figures.html",
        {
            "form": form,
            "results": results,
            "rule_results": rule_results,
            "problems": problems,
            "total": total,
            "wrong": sum(1 for r in results if not r["ok"]),
        },
    )


# --- the dashboard --------------------------------------------------------------------------------------


def _top(parts: list[tuple[str, int]], keep: int = 7) -> list[tuple[str, int]]:
    """The largest parts, the rest summed as "Khác" (a pie of 40 ethnic groups says nothing)."""
    if len(parts) <= keep + 1:
        return parts
    rest = sum(n for _, n in parts[keep:])
    return [*parts[:keep], (OTHER, rest)]


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """Tổng quan: members over the years, admissions, ratings by year, composition (?org=CODE)."""
    user = user_of(request)
    organization = chosen_organization(request)
    day, date_error = as_of(request)
    last = today().year
    defaults = {
        "org": organization.code if organization else "",
        "tu_nam": str(last - 9),
        "den_nam": str(last),
    }
    form = DashboardForm(
        bound(request, ("org", "tu_nam", "den_nam"), defaults),
        org_options=org_options(request, organization),
    )
    data = None
    figures: dict[str, Any] = {}
    if organization is not None and form.is_valid():
        first_year = form.cleaned_data["tu_nam"] or int(defaults["tu_nam"])
        last_year = form.cleaned_data["den_nam"] or int(defaults["den_nam"])
        if last_year > last:
            form.add_error("den_nam", f"Đến năm {last_year} chưa tới (năm nay là {last}).")
        elif first_year > last_year:
            form.add_error("tu_nam", f"Từ năm {first_year} sau đến năm {last_year}.")
        elif last_year - first_year >= DASHBOARD_SPAN:
            form.add_error("tu_nam", f"Chỉ xem tối đa {DASHBOARD_SPAN} năm một lần.")
        elif first_year < 1930:
            form.add_error("tu_nam", "Từ năm phải từ 1930 trở đi.")
        else:
            with visible_only():
                data = dashboard_figures(
                    user, organization, first_year=first_year, last_year=last_year, day=day
                )
    if data is not None:
        years = [str(y) for y in data["years"]]
        composition = data["composition"]
        ratings = data["ratings_by_year"]
        figures = {
            "members": charts.bar(
                "Số đảng viên ngày 31/12 hằng năm", years, [("Đảng viên", data["members_by_year"])]
            ),
            "admissions": charts.bar("Kết nạp đảng viên", years, [("Kết nạp", data["admissions_by_year"])]),
            "ratings": charts.bar(
                "Xếp loại đảng viên theo năm",
                years,
                [(rank.label, [row[index] for row in ratings]) for index, rank in enumerate(Rank)],
                stacked=True,
            ),
            "age": charts.bar(
                "Độ tuổi",
                [label for label, _ in composition["age"]],
                [("Đảng viên", [n for _, n in composition["age"]])],
            ),
            "sex": charts.pie("Giới tính", composition["sex"]),
            "ethnicity": charts.pie("Dân tộc", _top(composition["ethnicity"])),
            "education": charts.bar(
                "Trình độ học vấn",
                [label for label, _ in _top(composition["education"])],
                [("Đảng viên", [n for _, n in _top(composition["education"])])],
            ),
            "political_theory": charts.pie("Lý luận chính trị", composition["political_theory"]),
        }
    return render(
        request,
        "web/reports/dashboard.html",
        {
            "form": form,
            "data": data,
            "figures": figures,
            "organization": organization,
            "day": day,
            "date_error": date_error,
            "ngay": request.GET.get("ngay", ""),
            "rating_table": (
                [
                    {"year": year, "counts": counts, "total": sum(counts)}
                    for year, counts in zip(data["years"], data["ratings_by_year"], strict=True)
                ]
                if data
                else []
            ),
            "ranks": [{"code": rules.CODES[rank.value], "label": rank.label} for rank in Rank],
        },
    )
