"""The import and export pages: upload → preview (counts per sheet, every error, warnings) →
confirm; the progress of a run; templates; exports of lists, the register and the reviews.
Each page parses input, checks permission and calls one service or selector. The check and the
import of a file are jobs: the pages queue them (services.import_run_enqueue) and show the run as
the worker records it (dangbo.imports.tasks)."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST, require_safe

from dangbo.accounts.exports import export_record
from dangbo.accounts.requests import user_of
from dangbo.core import xlsx
from dangbo.core.dates import query_day, query_year, today
from dangbo.core.exceptions import ApplicationError, RuleViolation
from dangbo.core.uploads import max_upload_bytes, upload_refusal
from dangbo.imports import exports, progress, schema
from dangbo.imports import selectors as run_selectors
from dangbo.imports import services as import_services
from dangbo.imports.forms import DayExportForm, UploadForm, YearExportForm
from dangbo.imports.models import ImportIssue, ImportRun
from dangbo.imports.render import XLSX, issues_bytes, template_bytes, workbook_bytes
from dangbo.members import selectors as member_selectors
from dangbo.members.models import Sex
from dangbo.organizations import selectors as org_selectors
from dangbo.organizations.models import Organization
from dangbo.organizations.pickers import org_options
from dangbo.ui.views import paginate, visible_only

logger = logging.getLogger(__name__)

SHOWN_ERRORS = 500
SHOWN_WARNINGS = 200
TEMPLATES = {
    "to-chuc": schema.ORGANIZATION_KIND,
    "dang-vien": schema.MEMBER_KIND,
    "qua-trinh-sinh-hoat": schema.EVENT_KIND,
    "xep-loai-dang-vien": schema.MEMBER_RATING_KIND,
    "xep-loai-to-chuc": schema.ORGANIZATION_RATING_KIND,
    "khen-thuong": schema.AWARD_KIND,
}


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _require_writer(request: HttpRequest) -> None:
    if not org_selectors.can_write_anywhere(user_of(request)):
        raise Forbidden("Vai trò của bạn chỉ cho phép xem; không nhập được dữ liệu.")


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    options = org_options(request)
    first = options[0][0] if options else ""
    # the register names the members: only where the user sees personal data (not a viewer's subtree)
    personal_options = org_options(request, personal=True)
    last_year = today().year - 1
    return render(
        request,
        "imports/index.html",
        {
            "form": UploadForm(),
            "can_import": org_selectors.can_write_anywhere(user),
            "templates": list(TEMPLATES.items()),
            "day_form": DayExportForm(options=options, initial={"org": first, "ngay": today()}),
            "register_form": DayExportForm(
                options=personal_options,
                initial={"org": personal_options[0][0] if personal_options else "", "ngay": today()},
            ),
            "year_form": YearExportForm(options=options, initial={"org": first, "nam": last_year}),
            "runs": paginate(request, run_selectors.import_runs(user)),  # newest first, in pages
        },
    )


def _subtitle(organization: Organization | None, when: str) -> str:
    """The subtitle row of an export: the organization with its superior, and the day or year."""
    if organization is None:
        return when
    superior = organization.parent.name if organization.parent is not None else ""
    return xlsx.subtitle(organization.name, superior, when)


@login_required
@require_safe
def template_download(request: HttpRequest, slug: str) -> HttpResponse:
    kind = TEMPLATES.get(slug)
    if kind is None:
        raise Http404("Không có mẫu này.")
    return _xlsx(template_bytes(kind), xlsx.file_name("Mẫu nhập", slug))


# --- import ---------------------------------------------------------------------------------------


@login_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    _require_writer(request)
    user = user_of(request)
    files = request.FILES  # parsed here (or by the CSRF check): a file over the cap is dropped as it arrives
    refusal = upload_refusal(request)
    if refusal is not None:
        messages.error(request, refusal)
        return redirect("imports_index")
    form = UploadForm(request.POST, files)
    if not form.is_valid():
        messages.error(request, "Hãy chọn một tệp Excel để tải lên.")
        return redirect("imports_index")
    uploaded = form.cleaned_data["file"]
    if uploaded.size is not None and uploaded.size > max_upload_bytes():  # before reading it
        messages.error(
            request, f"Tệp lớn quá {settings.DANGBO_UPLOAD_MAX_MB} MB, giới hạn của một lần tải lên."
        )
        return redirect("imports_index")
    try:
        run = import_services.import_run_create(actor=user, filename=uploaded.name, content=uploaded.read())
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("imports_index")
    except DatabaseError:  # SQLite busy with an import's transaction beyond its wait: nothing kept
        logger.warning("an upload could not be recorded now", exc_info=True)
        messages.error(request, import_services.NOT_QUEUED)
        return redirect("imports_index")
    try:
        import_services.import_run_enqueue(run=run, actor=user, work=import_services.CHECK)
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("imports_run", run_id=run.pk)


def _run_or_404(request: HttpRequest, run_id: int) -> ImportRun:
    with visible_only():
        return run_selectors.import_run(user_of(request), run_id)


@login_required
@require_safe
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run_or_404(request, run_id)
    errors = list(run_selectors.run_issues(run, ImportIssue.Severity.ERROR)[:SHOWN_ERRORS])
    warnings = list(run_selectors.run_issues(run, ImportIssue.Severity.WARNING)[:SHOWN_WARNINGS])
    summary = run.summary or {}
    return render(
        request,
        "imports/run.html",
        {
            "run": run,
            "errors": errors,
            "warnings": warnings,
            "sheets": summary.get("sheets", []),
            "skipped": summary.get("skipped", []),
            "written": summary.get("written", {}),
            "writes_planned": summary.get("writes_planned", 0),
            "progress": progress.current(run),
            "can_confirm": run.status == ImportRun.Status.CHECKED,
        },
    )


@login_required
@require_safe
def run_progress(request: HttpRequest, run_id: int) -> HttpResponse:
    """The progress fragment, polled by htmx while the run is busy; when it is done, the page reloads."""
    run = _run_or_404(request, run_id)
    if not run.is_busy:
        response = HttpResponse("")
        response["HX-Refresh"] = "true"
        return response
    return render(request, "imports/_progress.html", {"run": run, "progress": progress.current(run)})


@login_required
@require_POST
def run_confirm(request: HttpRequest, run_id: int) -> HttpResponse:
    _require_writer(request)
    user = user_of(request)
    run = _run_or_404(request, run_id)
    if run.status != ImportRun.Status.CHECKED:
        messages.error(request, "Tệp này không ở trạng thái chờ xác nhận.")
        return redirect("imports_run", run_id=run.pk)
    try:
        import_services.import_run_enqueue(run=run, actor=user, work=import_services.IMPORT)
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("imports_run", run_id=run.pk)


@login_required
@require_safe
def run_issues_download(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run_or_404(request, run_id)
    labels = dict(ImportIssue.Severity.choices)
    rows = (
        (labels[i.severity], i.sheet, i.row, i.column, i.header, i.value, i.message)
        for i in ImportIssue.objects.filter(run=run).order_by("severity", "id").iterator()
    )
    export_record(
        actor=user_of(request),
        action="export.import_issues",
        label=f"Danh sách lỗi của tệp nhập {run.filename}",
        details={"run": run.pk},
    )
    subtitle = f"Tệp “{run.filename}”"
    return _xlsx(issues_bytes(rows, subtitle=subtitle), xlsx.file_name("Lỗi nhập", run.pk))


# --- exports ---------------------------------------------------------------------------------------


def _organization(request: HttpRequest) -> Organization:
    code = request.GET.get("org", "").strip()
    user = user_of(request)
    with visible_only():
        if code:
            return org_selectors.organization_by_code(user, code)
        roots = org_selectors.scope_roots(user)
        if not roots:
            raise Http404("Bạn chưa được phân công vai trò nào.")
        return roots[0]


def _day(request: HttpRequest) -> date:
    raw = request.GET.get("ngay", "").strip()
    if not raw:
        return today()
    try:
        return query_day(raw)
    except ValueError as error:
        raise RuleViolation(str(error), field="ngay") from None


def _year(request: HttpRequest) -> int:
    """?nam=: four digits, 1900 to 2100; else refused with the reason (the page shows it)."""
    raw = request.GET.get("nam", "").strip()
    if not raw:
        raise RuleViolation("Phải chọn năm.", field="nam")
    try:
        return query_year(raw)
    except ValueError as error:
        raise RuleViolation(str(error), field="nam") from None


def _refused(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    messages.error(request, error.message)
    return redirect("imports_index")


@login_required
@require_safe
def export_members(request: HttpRequest) -> HttpResponse:
    """The member list with the filters of its page (the same query parameters), and their history."""
    from dangbo.members.selectors import EXEMPTED_FILTERS, STATUS_FILTERS

    user = user_of(request)
    status = request.GET.get("tinh-trang", "")
    status = status if status in STATUS_FILTERS else ""
    sex = request.GET.get("gioi-tinh", "")
    sex = sex if sex in Sex.values else ""
    exempted = request.GET.get("mien", "")
    exempted = exempted if exempted in EXEMPTED_FILTERS else ""
    organization = None
    code = request.GET.get("org", "").strip()
    with visible_only():  # personal data: 404 outside the scope, 403 to a viewer
        if code:
            organization = org_selectors.organization_by_code(user, code, personal=True)
        members = member_selectors.search_members(
            user,
            query=request.GET.get("q", "").strip(),
            organization=organization,
            statuses=STATUS_FILTERS[status][1],
            sex=sex,
            exempted=EXEMPTED_FILTERS[exempted][1],
        )
    title = f"DANH SÁCH ĐẢNG VIÊN{' — ' + organization.name.upper() if organization else ''} (xuất ngày {today():%d/%m/%Y})"
    export_record(
        actor=user,
        action="export.members",
        label=f"Danh sách đảng viên{' — ' + organization.name if organization else ''}",
        organization=organization,
        details={"count": members.count(), **{k: v for k, v in request.GET.items() if v}},
    )
    content = workbook_bytes(
        [exports.member_sheet(user, members, title=title), exports.event_sheet(user, members)],
        subtitle=_subtitle(organization, f"xuất ngày {today():%d/%m/%Y}"),
    )
    return _xlsx(content, xlsx.file_name("Danh sách đảng viên", organization and organization.code, today()))


@login_required
@require_safe
def export_register(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    organization = _organization(request)
    try:
        day = _day(request)
        with visible_only():  # the register names the members: 403 to a viewer
            register = exports.register(user, organization, day)
    except ApplicationError as error:
        return _refused(request, error)
    members = exports.member_sheet(
        user,
        register.members,
        title=f"ĐẢNG VIÊN — {register.organization_name.upper()} — TẠI NGÀY {day:%d/%m/%Y}",
        cells=register.cells,
    )
    content = workbook_bytes(
        [members], register=register, subtitle=_subtitle(organization, f"tại ngày {day:%d/%m/%Y}")
    )
    export_record(
        actor=user,
        action="export.register",
        label=f"Sổ đảng viên — {register.organization_name} tại ngày {day:%d/%m/%Y}",
        organization=organization,
        details={"day": day, "count": len(register.rows)},
    )
    return _xlsx(content, xlsx.file_name("Sổ đảng viên", organization.code, day))


@login_required
@require_safe
def export_organizations(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    organization = _organization(request)
    try:
        day = _day(request)
        sheet = exports.organization_sheet(user, organization, day)
    except ApplicationError as error:
        return _refused(request, error)
    return _xlsx(
        workbook_bytes([sheet], subtitle=_subtitle(organization, f"tại ngày {day:%d/%m/%Y}")),
        xlsx.file_name("Tổ chức", organization.code, day),
    )


@login_required
@require_safe
def export_reviews(request: HttpRequest) -> HttpResponse:
    """The year's ratings of members and of organizations, and its commendations (?phan= one of them)."""
    user = user_of(request)
    organization = _organization(request)
    try:
        year = _year(request)
    except ApplicationError as error:
        return _refused(request, error)
    part = request.GET.get("phan", "")
    makers: dict[str, Any] = {
        "dang-vien": exports.member_rating_sheet,
        "to-chuc": exports.organization_rating_sheet,
        "khen-thuong": exports.award_sheet,
    }
    chosen = [makers[part]] if part in makers else list(makers.values())
    try:
        with visible_only():  # the members' ratings and the awards name members: 403 to a viewer
            sheets = [make(user, organization, year) for make in chosen]
    except ApplicationError as error:
        return _refused(request, error)
    suffix = f"-{part}" if part in makers else ""
    export_record(
        actor=user,
        action="export.reviews",
        label=f"Kết quả xếp loại năm {year} — {organization.name}",
        organization=organization,
        details={"year": year, "part": part or "tat-ca"},
    )
    return _xlsx(
        workbook_bytes(sheets, subtitle=_subtitle(organization, f"năm {year}")),
        xlsx.file_name(f"Xếp loại{suffix}", organization.code, year),
    )
