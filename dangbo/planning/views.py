"""The planning pages: the plan of an organization for a term, add a candidate (the rule's message
next to the member field), remove with a reason, the yearly review, rotations, the XLSX export.
Each view parses input, checks scope through a selector and calls one service."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from dangbo.accounts.exports import export_record
from dangbo.accounts.requests import user_of
from dangbo.accounts.scope import path_in_scope, require_personal_data
from dangbo.core import xlsx
from dangbo.core.dates import today
from dangbo.core.exceptions import ApplicationError, RuleViolation
from dangbo.core.text import phrase_key
from dangbo.members import selectors as member_selectors
from dangbo.members.models import Member, Status
from dangbo.organizations import names as org_names
from dangbo.organizations import selectors as org_selectors
from dangbo.organizations.models import Organization
from dangbo.planning import selectors, services
from dangbo.planning.forms import CandidacyForm, PositionForm, RemovalForm, ReviewForm, RotationForm
from dangbo.planning.models import PlanningTerm
from dangbo.planning.render import XLSX, plan_xlsx
from dangbo.ui.listing import Column, Sorting, paginate_sorted
from dangbo.ui.views import as_of, posted, submit, visible_only, writable_only


def _term(slug: str) -> PlanningTerm:
    try:
        return selectors.term_from_slug(slug)
    except ApplicationError as error:
        raise Http404(error.message) from None


def _plan_url(organization: Organization, term: PlanningTerm) -> str:
    return reverse("planning_plan", args=[organization.code, term.slug])


def _default_term() -> str:
    year = today().year
    start = 2020 + 5 * ((year - 2020) // 5)
    return f"{start}-{start + 5}"


@login_required
@require_safe
def planning_index(request: HttpRequest) -> HttpResponse:
    """The plans in the user's scope, and a form to open one (organization code, term). Personnel
    planning names cadres: refused (403) to a user holding only viewer roles."""
    user = user_of(request)
    with visible_only():
        require_personal_data(user)
    code = request.GET.get("org", "").strip()
    term = request.GET.get("nhiem_ky", "").strip()
    error = ""
    if code and term:
        try:
            organization = org_selectors.organization_typed(user, code[:255], today(), personal=True)
            services.parse_term(term)
        except ApplicationError as refusal:
            error = refusal.message
        else:
            return redirect("planning_plan", organization.code, term.replace(" ", ""))
    roots = org_selectors.scope_roots(user)
    plans = selectors.plans_in_scope(user)
    org_names.label(organization for organization, _, _ in plans)
    sorting = Sorting(request, PLAN_COLUMNS)  # none asked: the tree's order
    return render(
        request,
        "planning/index.html",
        {
            "page": paginate_sorted(request, plans, sorting),
            "sorting": sorting,
            "code": code or (roots[0].code if roots else ""),
            "term": term or _default_term(),
            "error": error,
        },
    )


PLAN_COLUMNS = (
    Column("to-chuc", "Tổ chức", lambda p: (phrase_key(org_names.display_name(p[0])), p[1].start_year)),
    Column("nhiem-ky", "Nhiệm kỳ", lambda p: (p[1].start_year, p[0].path)),
    Column("so-chuc-danh", "Số chức danh", lambda p: (p[2], p[0].path)),
)


@login_required
def planning_plan(request: HttpRequest, code: str, term: str) -> HttpResponse:
    """The plan: positions × candidates, structure against targets; POST adds a position."""
    user = user_of(request)
    with visible_only():  # the cadres planned, by name: 403 to a viewer
        organization = org_selectors.organization_by_code(user, code, personal=True)
    planning_term = _term(term)
    can_write = path_in_scope(user, organization.path, write=True)
    form = PositionForm(posted(request))
    if request.method == "POST":
        with writable_only():
            org_selectors.organization_for_update(user, organization.code)

        def run(data: dict[str, Any]) -> tuple[str, str]:
            position = services.position_create(
                actor=user,
                organization=organization,
                term=planning_term,
                kind=data["kind"],
                title=data["title"],
                seats=data["seats"],
            )
            return f"Đã thêm chức danh “{position.title}”.", _plan_url(organization, position.term)

        if (response := submit(request, form, run)) is not None:
            return response
    day, day_error = _day(request, planning_term)
    plan = selectors.plan_for(user, organization, planning_term, day=day)
    return render(
        request,
        "planning/plan.html",
        {
            "plan": plan,
            "organization": organization,
            "term": planning_term,
            "form": form,
            "can_write": can_write,
            "day_error": day_error,
            "ngay": request.GET.get("ngay", ""),
        },
    )


@login_required
@require_safe
def planning_export(request: HttpRequest, code: str, term: str) -> HttpResponse:
    user = user_of(request)
    with visible_only():  # the cadres planned, by name: 403 to a viewer
        organization = org_selectors.organization_by_code(user, code, personal=True)
    planning_term = _term(term)
    day, _ = _day(request, planning_term)
    plan = selectors.plan_for(user, organization, planning_term, day=day)
    export_record(  # the plan names its candidates: an export of personal data
        actor=user,
        action="export.planning",
        label=f"Quy hoạch {organization.name}, nhiệm kỳ {planning_term.slug}",
        organization=organization,
    )
    superior = organization.parent.name if organization.parent is not None else ""
    response = HttpResponse(plan_xlsx(plan, superior=superior), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, xlsx.file_name("Quy hoạch", organization.code, planning_term.slug)
    )
    return response


def _day(request: HttpRequest, term: PlanningTerm) -> tuple[date, str]:
    """?ngay=dd/mm/yyyy; by default today, or the term's last day once the term is over."""
    if request.GET.get("ngay", "").strip():
        return as_of(request)
    return min(today(), date(term.end_year, 12, 31)), ""


def _member_from_ref(user: Any, ref: str) -> Member:
    found, _ = member_selectors.members_by_refs(user, [ref])
    if not found:
        raise RuleViolation(
            f"Không tìm thấy đảng viên “{ref}” trong phạm vi của bạn (nhập mã số #… hoặc số thẻ đảng viên).",
            field="member",
        )
    return found[0]


@login_required
def planning_candidate_add(request: HttpRequest, position_id: int) -> HttpResponse:
    """Bổ sung quy hoạch: a member for a position; a rule's refusal shows next to the member field."""
    user = user_of(request)
    with writable_only():
        position = selectors.position_for_update(user, position_id)
    form = CandidacyForm(posted(request), initial={"added_on": today()})

    def run(data: dict[str, Any]) -> tuple[str, str]:
        member = _member_from_ref(user, data["member"])
        services.candidacy_add(
            actor=user,
            position=position,
            member=member,
            added_on=data["added_on"],
            decision_number=data["decision_number"],
            note=data["note"],
        )
        return (
            f"Đã bổ sung đồng chí {member.full_name} vào quy hoạch chức danh “{position.title}”.",
            _plan_url(position.organization, position.term),
        )

    if (response := submit(request, form, run)) is not None:
        return response
    q = request.GET.get("q", "").strip()
    found: list[Member] = []
    if len(q) >= 2:
        found = list(member_selectors.search_members(user, query=q, statuses=(Status.OFFICIAL,))[:10])
    return render(
        request,
        "planning/candidate_form.html",
        {
            "position": position,
            "form": form,
            "q": q,
            "found": found,
            "plan_url": _plan_url(position.organization, position.term),
        },
    )


@login_required
def planning_candidate_remove(request: HttpRequest, candidacy_id: int) -> HttpResponse:
    user = user_of(request)
    with writable_only():
        candidacy = selectors.candidacy_for_update(user, candidacy_id)
    form = RemovalForm(posted(request), initial={"removed_on": today()})
    position = candidacy.position

    def run(data: dict[str, Any]) -> tuple[str, str]:
        services.candidacy_remove(
            actor=user,
            candidacy=candidacy,
            removed_on=data["removed_on"],
            removal_kind=data["removal_kind"],
            reason=data["reason"],
        )
        return (
            f"Đã đưa đồng chí {candidacy.member.full_name} ra khỏi quy hoạch chức danh “{position.title}”.",
            _plan_url(position.organization, position.term),
        )

    if (response := submit(request, form, run)) is not None:
        return response
    return render(
        request,
        "planning/action_form.html",
        {
            "title": "Đưa ra khỏi quy hoạch",
            "candidacy": candidacy,
            "form": form,
            "plan_url": _plan_url(position.organization, position.term),
        },
    )


@login_required
def planning_rotation(request: HttpRequest, candidacy_id: int) -> HttpResponse:
    user = user_of(request)
    with writable_only():
        candidacy = selectors.candidacy_for_update(user, candidacy_id)
    form = RotationForm(posted(request))
    position = candidacy.position

    def run(data: dict[str, Any]) -> tuple[str, str]:
        to_organization = None
        if data["to_organization"]:
            to_organization = org_selectors.organization_typed(
                user,
                data["to_organization"],
                data["starts_on"] or today(),
                label="Nơi đến",
                field="to_organization",
            )
        rotation = services.rotation_record(
            actor=user,
            candidacy=candidacy,
            kind=data["kind"],
            to_post=data["to_post"],
            to_organization=to_organization,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            decision_number=data["decision_number"],
            note=data["note"],
        )
        return (
            f"Đã ghi {rotation.get_kind_display().lower()} đồng chí {candidacy.member.full_name}.",
            _plan_url(position.organization, position.term),
        )

    if (response := submit(request, form, run)) is not None:
        return response
    return render(
        request,
        "planning/action_form.html",
        {
            "title": "Luân chuyển, điều động",
            "candidacy": candidacy,
            "form": form,
            "plan_url": _plan_url(position.organization, position.term),
        },
    )


@login_required
def planning_review(request: HttpRequest, code: str, term: str) -> HttpResponse:
    """The yearly review (rà soát, bổ sung quy hoạch): POST records it (and takes out whoever must
    leave the plan); GET shows the year's figures and the paragraph for the year's report."""
    user = user_of(request)
    with visible_only():  # the cadres planned, by name: 403 to a viewer
        organization = org_selectors.organization_by_code(user, code, personal=True)
    planning_term = _term(term)
    if planning_term.pk is None:
        raise Http404("Chưa có quy hoạch nhiệm kỳ này.")
    year = _year(request.GET.get("nam"), default=min(today().year, planning_term.end_year))
    form = ReviewForm(posted(request), initial={"year": year, "reviewed_on": date(year, 12, 31)})
    if request.method == "POST":
        with writable_only():
            org_selectors.organization_for_update(user, organization.code)

        def run(data: dict[str, Any]) -> tuple[str, str]:
            outcome = services.plan_review_record(
                actor=user,
                organization=organization,
                term=planning_term,
                year=data["year"],
                reviewed_on=data["reviewed_on"],
                decision_number=data["decision_number"],
                note=data["note"],
            )
            removed = len(outcome.removed)
            message = f"Đã ghi rà soát quy hoạch năm {outcome.review.year}"
            message += f"; đưa ra khỏi quy hoạch {removed} đồng chí theo quy định." if removed else "."
            url = reverse("planning_review", args=[organization.code, planning_term.slug])
            return message, f"{url}?nam={outcome.review.year}"

        if (response := submit(request, form, run)) is not None:
            return response
    report = selectors.year_report(user, organization, planning_term, year)
    return render(
        request,
        "planning/review.html",
        {
            "organization": organization,
            "term": planning_term,
            "year": year,
            "report": report,
            "heading": f"Rà soát, bổ sung quy hoạch năm {year}",
            "reviews": selectors.reviews_of(user, organization, planning_term),
            "review_day": date.fromisoformat(report["review"]["reviewed_on"]) if report["review"] else None,
            "form": form,
            "can_write": path_in_scope(user, organization.path, write=True),
            "plan_url": _plan_url(organization, planning_term),
        },
    )


def _year(raw: str | None, *, default: int) -> int:
    try:
        year = int(str(raw).strip())
    except (TypeError, ValueError):
        return default
    return year if 1990 <= year <= 2100 else default
