"""The pages of party badges (Huy hiệu Đảng): the due list of an organization for an occasion (its
figures for a viewer, the names for those who may see them), its XLSX, the proposal sent up, and a
member's awards with the form recording a decision. Each view parses input, checks permission and
calls one service or selector."""

from __future__ import annotations

import json
from datetime import date
from html import escape
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_http_methods, require_safe

from dangbo.accounts.exports import export_record
from dangbo.accounts.requests import user_of
from dangbo.accounts.scope import authorize, path_in_scope
from dangbo.badges import render as renderers
from dangbo.badges import rules, selectors, services
from dangbo.badges.forms import AwardForm, BreakForm, PickForm, ProposalForm
from dangbo.core.dates import query_day, today
from dangbo.core.exceptions import ApplicationError, NotFound, PermissionDenied
from dangbo.core.templatetags.vn import vn_number
from dangbo.core.text import format_date
from dangbo.organizations import selectors as org_selectors
from dangbo.organizations.pickers import chosen_organization, org_options
from dangbo.ui.links import row_links
from dangbo.ui.views import bound, visible_only, writable_only


def _file(body: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _settings_shown() -> list[tuple[str, str]]:
    """The badge settings, shown on the page as what they are: settings, some UNCONFIRMED."""
    config = selectors.badge_settings()
    return [
        ("Các mức huy hiệu (năm tuổi đảng)", ", ".join(str(x) for x in config.levels)),
        ("Các dịp trao tặng (chưa xác nhận)", ", ".join(f"{d:02d}/{m:02d}" for d, m in config.occasions)),
        (
            "Không tính thời gian ra khỏi Đảng của đảng viên kết nạp lại (chi tiết chưa xác nhận)",
            "có" if config.deduct_time_out else "không",
        ),
        ("Truy tặng sớm tối đa", f"{config.posthumous_early_months} tháng"),
        (
            "Liệt kê đảng viên từ trần trong (chưa xác nhận)",
            f"{config.posthumous_within_months} tháng trước dịp",
        ),
    ]


# A district's due list holds thousands of names: the page shows the first LIST_LIMIT (the whole list
# in the XLSX, or on the page with ?tat-ca=1, where the proposal is sent from)
LIST_LIMIT = 100
ALL = "tat-ca"


def _context(
    request: HttpRequest, form: PickForm, organization: Any, occasion: date | None
) -> dict[str, Any]:
    user = user_of(request)
    due = None
    names = False
    writable = False
    if organization is not None and occasion is not None:
        names = path_in_scope(user, organization.path, personal=True)
        try:
            with visible_only():
                due = selectors.due_list(user, organization, occasion, personal=names)
        except ApplicationError as error:
            form.show_error(error, {"occasion": "dip"})
        writable = names and org_selectors.can_write_organization(user, organization)
    proposals = (
        list(selectors.proposals_of(user, organization).filter(occasion=occasion)[:50])
        if organization is not None and occasion is not None and due is not None
        else []
    )
    everyone = request.GET.get(ALL, "") == "1" or request.method == "POST"
    shown = due.members if due is not None and everyone else (due.members[:LIST_LIMIT] if due else [])
    return {
        "form": form,
        "organization": organization,
        "due": due,
        "shown": shown,
        "truncated": due is not None and len(shown) < len(due.members),
        "all_param": ALL,
        "names": names,
        "writable": writable,
        "by_years": [(y, n, due.deceased_by_years.get(y, 0)) for y, n in due.by_years.items()] if due else [],
        "proposals": proposals,
        "settings_shown": _settings_shown(),
        "source": rules.SOURCE,
        "query": urlencode({"org": organization.code, "dip": format_date(occasion)})
        if organization is not None and occasion is not None
        else "",
    }


def _pick(request: HttpRequest) -> tuple[PickForm, Any, date | None]:
    organization = chosen_organization(request)
    default = rules.next_occasion(today(), selectors.badge_settings())
    defaults = {"org": organization.code if organization else "", "dip": format_date(default)}
    form = PickForm(bound(request, ("org", "dip"), defaults), org_options=org_options(request, organization))
    occasion = form.cleaned_data["dip"] if form.is_valid() else None
    return form, organization, occasion


@login_required
@require_safe
def badges_index(request: HttpRequest) -> HttpResponse:
    """Huy hiệu Đảng: /huy-hieu/?org=Q9&dip=07/11/2019 (&dinh_dang=xlsx|json)."""
    user = user_of(request)
    form, organization, occasion = _pick(request)
    context = _context(request, form, organization, occasion)
    due = context["due"]
    fmt = request.GET.get("dinh_dang", "").strip().lower()
    if due is not None and fmt in ("xlsx", "json"):
        name = f"huy-hieu-dang-{due.organization.code}-{due.occasion:%Y%m%d}"
        if fmt == "json":
            body = json.dumps(due.as_json(names=context["names"]), ensure_ascii=False, indent=2) + "\n"
            return _file(body, "application/json; charset=utf-8", f"{name}.json")
        if not context["names"]:
            raise Forbidden(
                "Danh sách họ tên dành cho vai trò được xem hồ sơ đảng viên; bạn chỉ xem số liệu."
            )
        export_record(
            actor=user,
            action="export.badges",
            label=f"Đảng viên đến hạn tặng Huy hiệu Đảng dịp {format_date(due.occasion)} — {due.name}",
            organization=due.organization,
        )
        return _file(renderers.due_xlsx(due), renderers.XLSX, f"{name}.xlsx")
    context["proposal_form"] = ProposalForm(initial={"sent_on": today()})
    context["posthumous_form"] = ProposalForm(initial={"sent_on": today()}, prefix="tt")
    context["rows_html"] = _due_rows_html(context)
    return render(request, "badges/index.html", context)


def _day(value: date | None) -> str:
    """The template's |date:"d/m/Y"."""
    return "" if value is None else f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def _due_rows_html(context: dict[str, Any]) -> SafeString:
    """The rows of the list of members due (100 shown, a link or two each), written out in Python
    rather than by the template row by row: the same HTML the template wrote."""
    due = context["due"]
    if due is None or not context["names"]:
        return mark_safe("")  # noqa: S308 - empty
    writable, truncated = context["writable"], context["truncated"]
    checked = context.get("checked")
    member_url = row_links("badge_member")
    occasion = _day(due.occasion)
    parts = []
    for r in context["shown"]:
        link = f"{escape(member_url(r.member_id))}?dip={escape(occasion)}&amp;muc={r.years}"
        name = escape(r.full_name)
        choose = ""
        if writable and not truncated:
            box = (
                f'<input type="checkbox" name="dv-{r.member_id}" aria-label="Chọn {name}" '
                f"{'checked' if not checked or r.member_id in checked else ''}>"
                if not r.proposal
                else ""
            )
            choose = f"<td>{box}</td>"
        days_out = (
            f' <small class="muted">(không tính {vn_number(r.days_out)} ngày)</small>' if r.days_out else ""
        )
        decide = (
            f'<a class="button small" href="{link}">Ghi quyết định</a>' if writable and not r.decision else ""
        )
        parts.append(
            f'\n        <tr data-member="{r.member_id}">\n'
            f"          {choose}\n"
            f'          <td><a href="{link}">{name}</a></td>\n'
            f"          <td>{escape(r.organization)}</td>\n"
            f"          <td>{_day(r.admitted_on)}{days_out}</td>\n"
            f'          <td class="num">{r.years} năm</td>\n'
            f"          <td>{escape(r.proposal)}</td><td>{escape(r.decision)}</td><td>{escape(r.badge_number)}</td>\n"
            f"          <td>{decide}</td>\n"
            "        </tr>\n      "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value in it escaped


@login_required
@require_http_methods(["POST"])
def badge_proposal(request: HttpRequest, code: str) -> HttpResponse:
    """Gửi tờ trình: POST /huy-hieu/<mã>/de-nghi/?dip=dd/mm/yyyy[&truy-tang=1] with dv-<id> checked."""
    user = user_of(request)
    with writable_only():
        try:
            organization = org_selectors.organization_by_code(user, code)
        except PermissionDenied:
            raise NotFound(f"Không có tổ chức mã “{code}”.") from None
        authorize(user, organization, personal=True)  # a viewer's role only: 403
        if not org_selectors.can_write_organization(user, organization):
            raise PermissionDenied("Vai trò của bạn chỉ cho phép xem.")
    posthumous = request.GET.get("truy-tang", "") == "1"
    raw = request.GET.get("dip", "")
    try:
        occasion: date | None = query_day(raw)
    except ValueError:
        occasion = None
    proposal_form = ProposalForm(request.POST, prefix="tt" if posthumous else None)
    if proposal_form.is_valid() and occasion is not None:
        chosen = [int(key[3:]) for key in request.POST if key.startswith("dv-") and key[3:].isdigit()]
        data = proposal_form.cleaned_data
        try:
            proposal = services.badge_proposal_send(
                actor=user,
                organization=organization,
                occasion=occasion,
                number=data["number"],
                sent_on=data["sent_on"],
                member_ids=chosen[:5000],
                posthumous=posthumous,
                note=data.get("note") or "",
            )
        except ApplicationError as error:
            proposal_form.show_error(error, {"members": ""})
        else:
            messages.success(
                request,
                f"Đã gửi tờ trình {proposal.number}: {proposal.lines.count()} đảng viên đề nghị "
                f"{'truy tặng' if posthumous else 'tặng'} Huy hiệu Đảng dịp {format_date(occasion)}.",
            )
            query = urlencode({"org": organization.code, "dip": format_date(occasion)})
            return redirect(f"{reverse('badges_index')}?{query}")
    elif occasion is None:
        proposal_form.add_error(None, "Dịp trao tặng không hợp lệ (dd/mm/yyyy).")
    pick = PickForm({"org": organization.code, "dip": raw}, org_options=org_options(request, organization))
    pick.is_valid()
    context = _context(request, pick, organization, occasion)
    context["proposal_form"] = ProposalForm(initial={"sent_on": today()}) if posthumous else proposal_form
    context["posthumous_form"] = (
        proposal_form if posthumous else ProposalForm(initial={"sent_on": today()}, prefix="tt")
    )
    context["checked"] = {int(k[3:]) for k in request.POST if k.startswith("dv-") and k[3:].isdigit()}
    context["rows_html"] = _due_rows_html(context)
    return render(request, "badges/index.html", context, status=400)


@login_required
def badge_member(request: HttpRequest, member_id: int) -> HttpResponse:
    """A member's badges: the awards, the stretches out of the party, and the forms recording them."""
    user = user_of(request)
    with visible_only():
        member = selectors.member_for_badge(user, member_id)
    writable = org_selectors.can_write_organization(user, member.organization)
    config = selectors.badge_settings()
    action = request.POST.get("viec", "") if request.method == "POST" else ""
    if request.method == "POST" and not writable:
        with writable_only():
            raise PermissionDenied("Vai trò của bạn chỉ cho phép xem.")
    initial: dict[str, Any] = {"issued_by": ""}
    with_default = request.GET.get("muc", "")
    if with_default.isdigit():
        initial["years"] = with_default
    raw = request.GET.get("dip", "")
    try:
        initial["occasion"] = query_day(raw) if raw.strip() else rules.next_occasion(today(), config)
    except ValueError:
        initial["occasion"] = rules.next_occasion(today(), config)
    initial["posthumous"] = request.GET.get("truy-tang", "") == "1"
    award_form = AwardForm(
        request.POST if action == "huy-hieu" else None, levels=config.levels, initial=initial
    )
    break_form = BreakForm(request.POST if action == "ra-khoi-dang" else None)
    if action == "huy-hieu" and award_form.is_valid():
        data = award_form.cleaned_data
        try:
            award = services.badge_award_record(
                actor=user,
                member=member,
                years=data["years"],
                occasion=data["occasion"],
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                issued_by=data.get("issued_by") or "",
                badge_number=data.get("badge_number") or "",
                posthumous=bool(data.get("posthumous")),
                proposal=selectors.waiting_proposal(member.pk, data["years"]),
            )
        except ApplicationError as error:
            award_form.show_error(error)
        else:
            messages.success(
                request, f"Đã ghi quyết định {award.decision_number}: Huy hiệu {award.years} năm tuổi đảng."
            )
            return redirect("badge_member", member_id=member.pk)
    if action == "ra-khoi-dang" and break_form.is_valid():
        data = break_form.cleaned_data
        try:
            services.party_age_break_record(
                actor=user,
                member=member,
                left_on=data["left_on"],
                returned_on=data["returned_on"],
                decision_number=data["break_decision"],
                note=data.get("break_note") or "",
            )
        except ApplicationError as error:
            break_form.show_error(error, {"decision_number": "break_decision", "note": "break_note"})
        else:
            messages.success(request, "Đã ghi thời gian ra khỏi Đảng (không tính tuổi đảng).")
            return redirect("badge_member", member_id=member.pk)
    breaks = list(selectors.member_breaks(member))
    facts = [rules.Break(b.left_on, b.returned_on) for b in breaks]
    years_now = rules.party_years(member.admitted_on, member.ended_on or today(), facts, config)
    failed = (action == "huy-hieu" and award_form.errors) or (action == "ra-khoi-dang" and break_form.errors)
    return render(
        request,
        "badges/member.html",
        {
            "member": member,
            "awards": list(selectors.member_awards(member)),
            "breaks": breaks,
            "years_now": years_now,
            "writable": writable,
            "award_form": award_form,
            "break_form": break_form,
        },
        status=400 if failed else 200,
    )
