"""The pages of party dues (đảng phí): the report of a level, a cell's month (record a payment, a
reason, import the month from Excel) and year, a member's basis. Each parses input, checks
permission and calls one service or selector."""

from __future__ import annotations

import json
from html import escape
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from dangbo.accounts.exports import export_record
from dangbo.accounts.requests import user_of
from dangbo.accounts.scope import scope_paths
from dangbo.core.dates import today
from dangbo.core.exceptions import ApplicationError
from dangbo.core.templatetags.vn import vn_number
from dangbo.core.text import format_number
from dangbo.core.uploads import max_upload_bytes, upload_refusal
from dangbo.dues import importer, rules, selectors, services
from dangbo.dues import render as renderers
from dangbo.dues.forms import BasisForm, CorrectionForm, ExcuseForm, ImportForm, PaymentForm, PickForm
from dangbo.organizations import selectors as org_selectors
from dangbo.organizations.models import CELL_KINDS, Organization
from dangbo.organizations.pickers import chosen_organization, org_options
from dangbo.ui.links import row_links
from dangbo.ui.views import bound, submit, submit_confirmed, visible_only, writable_only


def _file(body: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _period(year: int, month: int | None = None) -> tuple[int, int | None]:
    try:
        selectors.check_year(year)
        if month is not None:
            selectors.check_month(month)
    except ApplicationError as error:
        raise Http404(error.message) from None
    return year, month


def _settings_notes(s: rules.DuesSettings) -> dict[str, Any]:
    return {
        "switch": f"{s.switch_month:02d}/{s.switch_year}",
        "rounding": format_number(s.rounding),
        "keep": [(label, s.keep_percent.get(level, 0)) for level, label in rules.LEVELS.items()],
        "exempted_pay": s.exempted_members_pay,
        "default_category": rules.CATEGORIES[s.default_category],
        "rates": {
            key: {"name": rules.REGIMES[key], "rows": selectors.rate_table(s, key)}
            for key in (rules.QD342, rules.QD01)
        },
    }


# --- the report of a level ---------------------------------------------------------------------------


@login_required
@require_safe
def dues_index(request: HttpRequest) -> HttpResponse:
    """Báo cáo thu, nộp đảng phí: /dang-phi/?org=Q9&nam=2026(&thang=3)(&dinh_dang=xlsx|json)."""
    user = user_of(request)
    organization = chosen_organization(request)
    now = today()
    defaults = {"org": organization.code if organization else "", "nam": str(now.year), "thang": ""}
    form = PickForm(
        bound(request, ("org", "nam", "thang"), defaults), org_options=org_options(request, organization)
    )
    report = None
    if organization is not None and form.is_valid():
        month = int(form.cleaned_data["thang"]) if form.cleaned_data.get("thang") else None
        try:
            with visible_only():
                report = selectors.level_report(user, organization, form.cleaned_data["nam"], month, now)
        except ApplicationError as error:
            form.show_error(error, {"year": "nam", "month": "thang"})
    fmt = request.GET.get("dinh_dang", "").strip().lower()
    if report is not None and organization is not None:
        name = f"dang-phi-{organization.code}-{report['year']}" + (
            f"-{report['month']:02d}" if report["month"] else ""
        )
        if fmt == "xlsx":
            return _file(renderers.report_xlsx(report), renderers.XLSX, f"{name}.xlsx")
        if fmt == "json":
            body = json.dumps(selectors.report_json(report), ensure_ascii=False, indent=2) + "\n"
            return _file(body, "application/json; charset=utf-8", f"{name}.json")
    rows: list[dict[str, Any]] = []
    if report is not None:

        def walk(node: selectors.Node, depth: int) -> None:
            rows.append({"node": node, "depth": depth, "is_cell": node.kind in CELL_KINDS})
            for child in node.children:
                walk(child, depth + 1)

        walk(report["root"], 0)
        paths = dict(
            Organization.objects.filter(pk__in=[r["node"].id for r in rows]).values_list("pk", "path")
        )
        personal_paths = scope_paths(user, personal=True)
        for row in rows:
            row["personal"] = row["is_cell"] and (
                personal_paths is None or any(paths[row["node"].id].startswith(p) for p in personal_paths)
            )
    return render(
        request,
        "dues/index.html",
        {
            "form": form,
            "organization": organization,
            "report": report,
            "rows": rows,
            "rows_html": _report_rows_html(rows, report, now.month) if report is not None else "",
            "notes": _settings_notes(selectors.dues_settings()),
            "regime_names": [rules.REGIMES[k] for k in report["regimes"]] if report else [],
            "query": urlencode(
                {
                    "org": organization.code,
                    "nam": report["year"],
                    **({"thang": report["month"]} if report["month"] else {}),
                }
            )
            if report and organization
            else "",
            "this_month": now.month,
        },
    )


def _report_rows_html(rows: list[dict[str, Any]], report: dict[str, Any], this_month: int) -> SafeString:
    """The rows of the report's table, written out in Python rather than by the template row by row
    (a district's 215 organizations, two links a cell): the same HTML the template wrote."""
    year = report["year"]
    month = report["month"] or this_month
    month_url = row_links("dues_cell_month", year, month)  # reversed once, each cell's code put in
    year_url = row_links("dues_cell_year", year)
    parts = []
    for row in rows:
        node, depth = row["node"], row["depth"]
        name = escape(node.name)  # what the template's autoescape wrote (html.escape)
        links = (
            f'<br><a class="small-link" href="{escape(month_url(node.code))}">Sổ thu tháng</a> · '
            f'<a class="small-link" href="{escape(year_url(node.code))}">Sổ thu năm</a>'
            if row["personal"]
            else ""
        )
        total = ' class="total"' if depth == 0 else ""
        shown = f"<strong>{name}</strong>" if depth == 0 else name
        parts.append(
            f'\n      <tr data-code="{escape(node.code)}"{total}>\n'
            f'        <td style="padding-left: {depth}em">{shown}\n'
            f"          {links}</td>\n"
            f'        <td class="num">{vn_number(node.due)}</td><td class="num">{vn_number(node.paid)}</td>'
            f'<td class="num">{vn_number(node.arrears)}</td>\n'
            f'        <td class="num">{vn_number(node.kept)}</td><td class="num">{vn_number(node.sent_up)}</td>\n'
            "      </tr>\n    "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value in it escaped


# --- a cell's month -----------------------------------------------------------------------------------


def _member_choices(sheet: dict[str, Any]) -> list[tuple[str, str]]:
    return [(str(line.member.pk), line.member.full_name) for line in sheet["lines"]]


@login_required
def cell_month(request: HttpRequest, code: str, year: int, month: int) -> HttpResponse:
    """Sổ thu đảng phí tháng của chi bộ, with the forms recording a payment or a reason."""
    user = user_of(request)
    year, month_ = _period(year, month)
    assert month_ is not None
    with visible_only():
        cell = selectors.dues_cell(user, code)
    with visible_only():
        sheet = selectors.cell_month(user, cell, year, month_)
    can_write = org_selectors.can_write_organization(user, cell)
    if request.GET.get("dinh_dang") == "xlsx":
        export_record(
            actor=user,
            action="export.dues",
            label=f"Sổ thu đảng phí tháng {month_:02d}/{year} — {cell.name}",
            organization=cell,
        )
        return _file(
            renderers.month_xlsx(sheet), renderers.XLSX, f"dang-phi-{cell.code}-{year}-{month_:02d}.xlsx"
        )
    choices = _member_choices(sheet)
    here = reverse("dues_cell_month", args=[cell.code, year, month_])
    posted = request.POST if request.method == "POST" else None
    which = request.POST.get("bieu-mau", "") if posted is not None else ""
    payment = PaymentForm(posted if which != "ly-do" else None, members=choices, prefix="thu")
    excuse = ExcuseForm(posted if which == "ly-do" else None, members=choices, prefix="ly-do")
    response = None
    if posted is not None:
        with writable_only():
            selectors.dues_cell(user, code, write=True)
        members = {line.member.pk: line.member for line in sheet["lines"]}
        if which == "ly-do":

            def run_excuse(d: dict[str, Any]) -> tuple[str, str]:
                member = members[int(d["member"])]
                services.dues_excuse_record(
                    actor=user, cell=cell, member=member, year=year, month=month_, reason=d["reason"]
                )
                return f"Đã ghi lý do chưa đóng đảng phí của đồng chí {member.full_name}.", here

            response = submit(request, excuse, run_excuse)
        else:

            def run_payment(d: dict[str, Any]) -> tuple[str, str]:
                member = members[int(d["member"])]
                services.dues_payment_record(
                    actor=user,
                    cell=cell,
                    member=member,
                    year=year,
                    month=month_,
                    amount=d["amount"],
                    method=d["method"],
                    paid_on=d["paid_on"],
                    note=d.get("note", ""),
                )
                return (
                    f"Đã ghi đảng phí tháng {month_:02d}/{year} của đồng chí {member.full_name}: "
                    f"{format_number(d['amount'])} đồng.",
                    here,
                )

            response = submit(request, payment, run_payment)
        if response is not None:
            return response
    if not payment.is_bound:
        payment.initial = {"paid_on": min(selectors.month_end(year, month_), today()), "method": "cash"}
    return render(
        request,
        "dues/cell_month.html",
        {
            "cell": cell,
            "sheet": sheet,
            "payment": payment,
            "excuse": excuse,
            "import_form": ImportForm(),
            "can_write": can_write and (year, month_) <= (today().year, today().month),
            "previous": _shift(year, month_, -1),
            "next": _shift(year, month_, 1),
            "notes": _settings_notes(selectors.dues_settings()),
        },
        status=400 if posted is not None else 200,
    )


@login_required
def payment_correct(request: HttpRequest, code: str, year: int, month: int, payment_id: int) -> HttpResponse:
    """Sửa hoặc hủy một khoản thu đảng phí ghi nhầm: the original is kept, marked with the reason."""
    user = user_of(request)
    year, month_ = _period(year, month)
    assert month_ is not None
    with writable_only():
        cell = selectors.dues_cell(user, code, write=True)
    with visible_only():
        payment = selectors.payment_of_cell(cell, year, month_, payment_id)
    member = payment.member
    here = reverse("dues_cell_month", args=[cell.code, year, month_])
    form = CorrectionForm(
        request.POST if request.method == "POST" else None,
        initial={"amount": payment.amount, "method": payment.method, "action": "sua"},
    )
    was = f"{format_number(payment.amount)} đồng, {payment.get_method_display().lower()}"

    def run(d: dict[str, Any]) -> tuple[str, str]:
        correcting = d["action"] == "sua"
        services.dues_payment_withdraw(
            actor=user,
            payment=payment,
            reason=d["reason"],
            amount=d["amount"] if correcting else None,
            method=d["method"] if correcting else None,
        )
        if correcting:
            return (
                f"Đã sửa khoản thu đảng phí tháng {month_:02d}/{year} của đồng chí {member.full_name}: "
                f"{format_number(d['amount'])} đồng (khoản ghi nhầm {was} được giữ lại, đánh dấu đã sửa).",
                here,
            )
        return (
            f"Đã hủy khoản thu đảng phí tháng {month_:02d}/{year} của đồng chí {member.full_name} ({was}); "
            "tháng này trở lại chưa đóng.",
            here,
        )

    def consequence(d: dict[str, Any]) -> str:
        if d["action"] == "sua":
            return (
                f"Khoản thu tháng {month_:02d}/{year} của đồng chí {member.full_name} ({was}) sẽ được thay "
                f"bằng {format_number(d['amount'])} đồng; khoản cũ được giữ lại trong sổ, đánh dấu đã sửa, "
                "và số đã thu, còn nợ của chi bộ tính theo số mới. Việc này không hoàn tác được."
            )
        return (
            f"Khoản thu tháng {month_:02d}/{year} của đồng chí {member.full_name} ({was}) sẽ bị hủy: "
            "được giữ lại trong sổ, đánh dấu đã hủy, không còn tính vào số đã thu; tháng này trở lại "
            "chưa đóng (còn nợ). Việc này không hoàn tác được."
        )

    response = submit_confirmed(
        request,
        form,
        run,
        consequence,
        title="Sửa hoặc hủy khoản thu đảng phí",
        afterwards="Khoản thu cũ vẫn được giữ và đánh dấu, kèm lý do; nếu ghi nhầm lần nữa, có thể sửa hoặc hủy tiếp.",
    )
    if response is not None:
        return response
    return render(
        request,
        "dues/payment_correct.html",
        {"cell": cell, "payment": payment, "member": member, "year": year, "month": month_, "form": form},
        status=400 if form.is_bound else 200,
    )


def _shift(year: int, month: int, step: int) -> tuple[int, int] | None:
    index = year * 12 + month - 1 + step
    y, m = divmod(index, 12)
    return (y, m + 1) if 1990 <= y <= 2100 else None


@login_required
def cell_import(request: HttpRequest, code: str, year: int, month: int) -> HttpResponse:
    """Nhập thu đảng phí tháng từ Excel: every error at once (row and column), nothing half-written."""
    user = user_of(request)
    year, month_ = _period(year, month)
    assert month_ is not None
    with writable_only():
        cell = selectors.dues_cell(user, code, write=True)
    here = reverse("dues_cell_month", args=[cell.code, year, month_])
    if request.method != "POST":
        return redirect(here)
    files = request.FILES
    refusal = upload_refusal(request)
    form = ImportForm(request.POST, files)
    problems: list[str] = []
    if refusal is not None:
        problems = [refusal]
    elif not form.is_valid():
        problems = [str(e) for errors in form.errors.values() for e in errors]
    else:
        uploaded = form.cleaned_data["file"]
        if uploaded.size is not None and uploaded.size > max_upload_bytes():
            problems = ["Tệp lớn quá giới hạn của một lần tải lên."]
        else:
            reading = importer.read_payments(uploaded.read())
            try:
                result = services.dues_payments_import(
                    actor=user,
                    cell=cell,
                    year=year,
                    month=month_,
                    rows=reading.rows,
                    problems=reading.problems,
                    columns=reading.columns,
                    filename=str(uploaded.name or ""),
                )
            except services.ImportRefused as refused:
                problems = [refused.message] + [p.line() for p in refused.problems]
            except ApplicationError as error:
                problems = [error.message]
            else:
                already = f"; {result.already} dòng đã ghi từ trước" if result.already else ""
                messages.success(
                    request,
                    f"Đã nhập {result.recorded} khoản đảng phí tháng {month_:02d}/{year}, tổng "
                    f"{format_number(result.total)} đồng{already}.",
                )
                return redirect(here)
    with visible_only():
        sheet = selectors.cell_month(user, cell, year, month_)
    choices = _member_choices(sheet)
    return render(
        request,
        "dues/cell_month.html",
        {
            "cell": cell,
            "sheet": sheet,
            "payment": PaymentForm(members=choices, prefix="thu"),
            "excuse": ExcuseForm(members=choices, prefix="ly-do"),
            "import_form": form,
            "import_problems": problems,
            "can_write": True,
            "previous": _shift(year, month_, -1),
            "next": _shift(year, month_, 1),
            "notes": _settings_notes(selectors.dues_settings()),
        },
        status=400,
    )


@login_required
@require_safe
def cell_year(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """Sổ thu đảng phí năm của chi bộ: a row per member, a column per month."""
    user = user_of(request)
    year, _ = _period(year)
    with visible_only():
        cell = selectors.dues_cell(user, code)
        sheet = selectors.cell_year(user, cell, year, today())
    if request.GET.get("dinh_dang") == "xlsx":
        export_record(
            actor=user,
            action="export.dues",
            label=f"Sổ thu đảng phí năm {year} — {cell.name}",
            organization=cell,
        )
        return _file(renderers.year_xlsx(sheet), renderers.XLSX, f"dang-phi-{cell.code}-{year}.xlsx")
    return render(request, "dues/cell_year.html", {"cell": cell, "sheet": sheet})


# --- a member's basis ---------------------------------------------------------------------------------


@login_required
def member_basis(request: HttpRequest, member_id: int) -> HttpResponse:
    """Khai căn cứ tính đảng phí của một đảng viên (đối tượng, thu nhập, từ tháng)."""
    user = user_of(request)
    with visible_only():
        member = selectors.member_for_dues(user, member_id)
    bases = list(member.dues_bases.order_by("-valid_from"))
    now = today()
    form = BasisForm(
        request.POST if request.method == "POST" else None,
        initial={
            "year": str(now.year),
            "month": str(now.month),
            "category": bases[0].category if bases else "salaried",
        },
    )
    if request.method == "POST":
        with writable_only():
            selectors.member_for_dues(user, member_id, write=True)

    def run(d: dict[str, Any]) -> tuple[str, str]:
        services.dues_basis_set(
            actor=user,
            member=member,
            category=d["category"],
            income=d.get("income"),
            year=d["year"],
            month=int(d["month"]),
            note=d.get("note", ""),
        )
        return f"Đã khai căn cứ tính đảng phí của đồng chí {member.full_name}.", reverse(
            "dues_member_basis", args=[member.pk]
        )

    response = submit(request, form, run)
    if response is not None:
        return response
    labels = dict(rules.CATEGORIES)
    return render(
        request,
        "dues/basis.html",
        {
            "member": member,
            "form": form,
            "bases": [{"basis": b, "label": labels.get(b.category, b.category)} for b in bases],
            "notes": _settings_notes(selectors.dues_settings()),
        },
        status=400 if form.is_bound else 200,
    )
