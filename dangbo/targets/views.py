"""The pages of targets (chỉ tiêu) and cell meetings (sinh hoạt chi bộ). Each parses input, checks
permission and calls one service or selector."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from html import escape
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from dangbo.accounts.exports import export_record
from dangbo.accounts.requests import user_of
from dangbo.accounts.scope import authorize, path_in_scope
from dangbo.core import xlsx
from dangbo.core.dates import query_day, today
from dangbo.core.exceptions import ApplicationError, NotFound, PermissionDenied
from dangbo.core.text import format_date, phrase_key
from dangbo.organizations import selectors as org_selectors
from dangbo.organizations.models import Organization
from dangbo.organizations.pickers import chosen_organization, org_options
from dangbo.targets import render as renderers
from dangbo.targets import selectors, services
from dangbo.targets.forms import STATUS_CHOICES, MeetingForm, PickForm, TargetForm
from dangbo.targets.models import Attendance
from dangbo.ui.links import row_links
from dangbo.ui.listing import Column, Sorting, paginate_sorted
from dangbo.ui.views import bound, default_year, pct, visible_only, writable_only


def _file(body: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _pick(request: HttpRequest) -> tuple[PickForm, Organization | None, int | None]:
    organization = chosen_organization(request)
    defaults = {"org": organization.code if organization else "", "nam": str(default_year())}
    form = PickForm(bound(request, ("org", "nam"), defaults), org_options=org_options(request, organization))
    year = form.cleaned_data["nam"] if form.is_valid() else None
    return form, organization, year


def _percent_texts(summary: dict[str, Any]) -> None:
    """Add "percent_text" ("104,00 %") to every row of the summary, for the page."""
    rows = list(summary["targets"])
    for child in summary["children"]:
        rows.extend(child["rows"])
    for row in rows:
        row["percent_text"] = pct(row["percent"]) if row["percent"] else ""


# --- targets ------------------------------------------------------------------------------------------


@login_required
@require_safe
def targets_index(request: HttpRequest) -> HttpResponse:
    """Chỉ tiêu của một năm: /chi-tieu/?org=Q9&nam=2019 (&dinh_dang=xlsx|json|text)."""
    user = user_of(request)
    form, organization, year = _pick(request)
    summary = None
    if organization is not None and year is not None:
        try:
            with visible_only():
                summary = selectors.target_summary(user, organization, year)
        except ApplicationError as error:
            form.show_error(error, {"year": "nam"})
    kinds = selectors.target_kinds()
    fmt = request.GET.get("dinh_dang", "").strip().lower()
    if summary is not None and organization is not None:
        name = f"chi-tieu-{organization.code}-{summary['year']}"
        if fmt == "xlsx":
            superior = organization.parent.name if organization.parent is not None else ""
            content = renderers.targets_xlsx(summary, kinds, superior=superior)
            return _file(
                content, renderers.XLSX, xlsx.file_name("Chỉ tiêu", organization.code, summary["year"])
            )
        if fmt == "json":
            body = json.dumps(summary, ensure_ascii=False, indent=2) + "\n"
            return _file(body, "application/json; charset=utf-8", f"{name}.json")
    children = []
    if summary is not None:
        _percent_texts(summary)
        codes = [c["code"] for c in summary["children"]]
        settable = {
            o.code for o in Organization.objects.filter(code__in=codes) if selectors.can_set_targets(user, o)
        }
        children = [{**c, "can_set": c["code"] in settable} for c in summary["children"]]
    return render(
        request,
        "targets/index.html",
        {
            "form": form,
            "organization": organization,
            "summary": summary,
            "children": children,
            "paragraph": renderers.paragraph(summary, kinds) if summary else "",
            "can_set": organization is not None and selectors.can_set_targets(user, organization),
            "query": urlencode({"org": organization.code, "nam": summary["year"]})
            if summary and organization
            else "",
        },
    )


@login_required
def target_set(request: HttpRequest, code: str) -> HttpResponse:
    """Giao chỉ tiêu cho một tổ chức (by the level above): /chi-tieu/<mã>/giao/?nam=2019."""
    user = user_of(request)
    with writable_only():
        try:
            organization = org_selectors.organization_by_code(user, code)
        except PermissionDenied:
            raise NotFound(f"Không có tổ chức mã “{code}”.") from None
        authorize(
            user,
            organization,
            write=True,
            superior=True,
            refusal=services.SET_BY_SUPERIOR.format(name=organization.name),
        )
    kinds = selectors.target_kinds()
    initial_year = request.GET.get("nam", "").strip() or str(default_year())
    form = TargetForm(
        request.POST if request.method == "POST" else None, kinds=kinds, initial={"year": initial_year}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.targets_set(
                actor=user,
                organization=organization,
                year=data["year"],
                values={k.key: data.get(k.key) for k in kinds},
                decision_number=data.get("decision_number", ""),
                note=data.get("note", ""),
            )
        except ApplicationError as error:
            form.show_error(error, {"values": ""})
        else:
            messages.success(request, f"Đã giao chỉ tiêu năm {data['year']} cho {organization.name}.")
            parent = organization.parent
            target = parent if parent is not None and path_in_scope(user, parent.path) else organization
            return redirect(
                f"{reverse('targets_index')}?{urlencode({'org': target.code, 'nam': data['year']})}"
            )
    year = form.cleaned_data.get("year") if form.is_bound and form.is_valid() else None
    try:
        shown_year = int(year or initial_year)
    except ValueError:
        shown_year = default_year()
    current = selectors.target_summary(user, organization, shown_year) if 1990 <= shown_year <= 2100 else None
    return render(
        request,
        "targets/set.html",
        {"form": form, "organization": organization, "current": current, "year": shown_year},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- cell meetings ------------------------------------------------------------------------------------


@login_required
@require_safe
def meetings_index(request: HttpRequest) -> HttpResponse:
    """Sinh hoạt chi bộ của một năm: /sinh-hoat/?org=Q9-TT&nam=2019 (&dinh_dang=xlsx)."""
    user = user_of(request)
    form, organization, year = _pick(request)
    overview = None
    if organization is not None and year is not None:
        try:
            with visible_only():
                overview = selectors.meetings_overview(user, organization, year, today=today())
        except ApplicationError as error:
            form.show_error(error, {"year": "nam"})
    if overview is not None and organization is not None and request.GET.get("dinh_dang") == "xlsx":
        export_record(  # attendance names the members: an export of personal data
            actor=user_of(request),
            action="export.meetings",
            label=f"Sinh hoạt chi bộ {organization.name}, năm {overview['year']}",
            organization=organization,
        )
        return _file(
            renderers.meetings_xlsx(
                overview, superior=organization.parent.name if organization.parent is not None else ""
            ),
            renderers.XLSX,
            xlsx.file_name("Sinh hoạt chi bộ", organization.code, overview["year"]),
        )
    writable = set()
    sorting = Sorting(request, MEETING_COLUMNS)  # none asked: by grassroots organization, then cell
    page = paginate_sorted(request, overview["cells"] if overview is not None else [], sorting)
    if overview is not None:
        codes = [c.code for c in page.object_list]
        writable = {
            o.code
            for o in Organization.objects.filter(code__in=codes, ended_on__isnull=True)
            if org_selectors.can_write_organization(user, o)
        }
    return render(
        request,
        "targets/meetings.html",
        {
            "form": form,
            "organization": organization,
            "overview": overview,
            "writable": writable,
            "page": page,
            "rows_html": _meeting_rows_html(page.object_list, writable) if overview is not None else "",
            "sorting": sorting,
            "query": urlencode({"org": organization.code, "nam": overview["year"]})
            if overview and organization
            else "",
        },
    )


def _meeting_rows_html(cells: Iterable[selectors.CellYear], writable: set[str]) -> SafeString:
    """The rows of the cells' table, written out in Python rather than by the template (50 cells
    of a page, a link to each of their meetings, 600 on a district's page): the same HTML."""
    record_url = row_links("meeting_record")
    detail_url = row_links("meeting_detail")
    parts = []
    for c in cells:
        parent = f'<br><small class="muted">{escape(c.parent)}</small>' if c.parent else ""
        record = (
            f'<br><a class="small-link" href="{escape(record_url(c.code))}">Ghi buổi sinh hoạt</a>'
            if c.code in writable
            else ""
        )
        months = (
            "".join(f'<span class="badge">{m:02d}</span> ' for m in c.months_without)
            if c.months_without
            else '<span class="badge ok">đủ</span>'
        )
        meetings = ", ".join(
            f'<a href="{escape(detail_url(m.pk))}" title="{escape(str(m.get_kind_display()))}">'
            f"{escape(format_date(m.held_on))}</a>"
            if c.personal
            else f'<span title="{escape(str(m.get_kind_display()))}">{escape(format_date(m.held_on))}</span>'
            for m in c.meetings
        )
        parts.append(
            f'\n      <tr data-code="{escape(c.code)}"><td><strong>{escape(c.name)}</strong>{parent}\n'
            f"          {record}</td>\n"
            f'        <td class="num">{c.regular}</td><td class="num">{c.thematic}</td>\n'
            f'        <td class="months">{months}</td>\n'
            f"        <td>{meetings}</td></tr>\n    "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value in it escaped


MEETING_COLUMNS = (
    Column("chi-bo", "Chi bộ", lambda c: (phrase_key(c.name), phrase_key(c.parent))),
    Column("thuong-ky", "Thường kỳ", lambda c: (c.regular, phrase_key(c.parent), phrase_key(c.name))),
    Column("chuyen-de", "Chuyên đề", lambda c: (c.thematic, phrase_key(c.parent), phrase_key(c.name))),
    Column(
        "thang-thieu",
        "Tháng không sinh hoạt thường kỳ",
        lambda c: (len(c.months_without), phrase_key(c.parent), phrase_key(c.name)),
    ),
)


def _attendance_rows(request: HttpRequest, members: list[Any]) -> list[dict[str, Any]]:
    data = request.POST if request.method == "POST" else {}
    return [
        {
            "member": m,
            "status": data.get(f"dv-{m.pk}", Attendance.Status.PRESENT),
            "reason": data.get(f"ly-do-{m.pk}", ""),
        }
        for m in members
    ]


@login_required
def meeting_record(request: HttpRequest, code: str) -> HttpResponse:
    """Ghi buổi sinh hoạt của chi bộ: /sinh-hoat/<mã>/ghi/?ngay=dd/mm/yyyy (the list of members of that day)."""
    user = user_of(request)
    with writable_only():
        cell = selectors.meeting_cell(user, code, write=True)
    form = MeetingForm(request.POST if request.method == "POST" else None)
    day = today()
    raw = request.POST.get("held_on", "") if request.method == "POST" else request.GET.get("ngay", "")
    with contextlib.suppress(ValueError):
        day = query_day(raw) if raw.strip() else day
    if not form.is_bound:
        form.initial = {"held_on": day}
    members = list(selectors.expected_attendees(cell, day))
    rows = _attendance_rows(request, members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        attendance = {
            row["member"].pk: services.Presence(status=row["status"], reason=row["reason"]) for row in rows
        }
        try:
            meeting = services.meeting_record(
                actor=user,
                cell=cell,
                held_on=data["held_on"],
                kind=data["kind"],
                topics=data["topics"],
                note=data.get("note", ""),
                attendance=attendance,
            )
        except ApplicationError as error:
            form.show_error(error, {"attendance": ""})
        else:
            messages.success(
                request, f"Đã ghi buổi sinh hoạt ngày {format_date(meeting.held_on)} của {cell.name}."
            )
            return redirect("meeting_detail", meeting_id=meeting.pk)
    return render(
        request,
        "targets/meeting_form.html",
        {"form": form, "cell": cell, "rows": rows, "day": day, "statuses": STATUS_CHOICES},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_safe
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = user_of(request)
    with visible_only():
        meeting = selectors.meeting_detail(user, meeting_id)
    attendance = selectors.meeting_attendance(meeting)
    counts = {label: sum(1 for a in attendance if a.status == value) for value, label in STATUS_CHOICES}
    return render(
        request,
        "targets/meeting_detail.html",
        {"meeting": meeting, "attendance": attendance, "counts": counts},
    )
