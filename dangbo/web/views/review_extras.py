"""The review's QĐ 366 additions beside the year's pages: the quarters shown next to the year's
rating, the documents filled from the record (Mẫu 2A/2B/2C of a member, Mẫu 01 of a cell, Mẫu 03
of a re-rating) offered for download where the record is, and the superior's re-rating of a
member (one service call: evaluations.quarter_services.rating_rerate)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from dangbo.accounts.requests import user_of
from dangbo.accounts.scope import path_in_scope
from dangbo.core.exceptions import ApplicationError, NotFound
from dangbo.core.text import fold
from dangbo.evaluations import quarter_selectors, quarter_services, rules
from dangbo.evaluations import selectors as review_selectors
from dangbo.evaluations import services as review_services
from dangbo.evaluations.models import MemberRating, OrganizationRating, Rerating
from dangbo.evaluations.rules.forms import FORMS, RULE_TEXT, SelfForm, layout_note
from dangbo.evaluations.rules.forms import self_assessment_form as form_rule
from dangbo.members.models import Member
from dangbo.organizations import selectors as org_selectors
from dangbo.organizations.models import Organization
from dangbo.organizations.names import names_on
from dangbo.reports import review_forms
from dangbo.ui.views import posted, submit, visible_only, writable_only

if TYPE_CHECKING:
    from dangbo.accounts.models import User

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FIRST_YEAR = quarter_services.QUARTER_FIRST_YEAR  # QĐ 366: quarters, the new forms


def _year_end(year: int) -> date:
    return date(year, 12, 31)


def self_assessment_form(member: Member) -> SelfForm:
    """The form the member fills, from the record (rules.forms.self_assessment_form)."""
    return form_rule(member.occupation, retired=member.force == "retired")


def quarter_codes(quarters: tuple[rules.quarters.QuarterRank, ...], year: int) -> list[dict[str, Any]]:
    """The quarters of a row as shown beside the year's rating: Q1 … Q4 with the level's code."""
    if year < FIRST_YEAR:
        return []
    by_quarter = {q.quarter: q.rank for q in quarters}
    return [
        {"quarter": q, "rank": by_quarter.get(q), "code": rules.CODES.get(by_quarter.get(q) or 0, "—")}
        for q in rules.quarters.QUARTERS
    ]


def cell_extras(user: User, cell: Organization, year: int, settings: rules.RuleSettings) -> dict[str, Any]:
    """The cell page's additions from 2025: the cell's own quarters, the quarters' rule (a setting),
    the rule choosing each member's form, and the cell's report (Mẫu 01) to download."""
    if year < FIRST_YEAR:
        return {}
    own = quarter_selectors.organization_quarters(cell.pk, year)
    rating = OrganizationRating.objects.filter(organization=cell, year=year).first()
    rank = None
    if rating is not None:
        rank = rating.rank or rating.proposed_rank or rating.self_rank
    return {
        "qd366": True,
        "cell_quarters": quarter_codes(own, year),
        "cell_quarter_warnings": rules.rating.quarter_warnings(
            rank, own, year=year, settings=settings, collective=True
        )
        + (
            rules.rating.quarter_violations(rank, own, year=year, settings=settings, collective=True)
            if settings.quarters.blocks
            else []
        ),
        "quarter_rule": settings.quarters.describe(),
        "form_rule": RULE_TEXT,
        "form_layout_note": layout_note(rules.scheme_for(year).guidance),
        "collective_report_url": reverse("review_form_cell", args=[year, cell.code]),
    }


def member_extras(user: User, member: Member, rating: MemberRating | None, year: int) -> dict[str, Any]:
    """The member page's additions from 2025: the year's quarters, the form the member fills (and
    the other two), the re-ratings with their Mẫu 03, and whether the user may re-rate."""
    if year < FIRST_YEAR:
        return {}
    quarters = quarter_selectors.member_year_quarters(user, member.pk, year)
    chosen = self_assessment_form(member)
    may_rerate = False
    if rating is not None and rating.rank is not None:
        deciding = review_services.member_deciding_level(rating.organization.path, year)
        if deciding.path:
            parent = deciding.path[: deciding.path.rstrip("/").rfind("/") + 1]
            may_rerate = parent not in ("", "/") and path_in_scope(user, parent, write=True)
    form_url = reverse("review_form_member", args=[year, member.pk])
    return {
        "qd366": True,
        "quarter_rows": [
            {
                "quarter": q,
                "row": quarters.get(q),
                "label": rules.scheme_for(year).member_level(quarters[q].rank).label,
            }
            if q in quarters
            else {"quarter": q, "row": None, "label": ""}
            for q in rules.quarters.QUARTERS
        ],
        "quarter_rule": review_services.quarter_rules().describe(),
        "self_form": chosen,
        "form_rule": RULE_TEXT,
        "form_layout_note": layout_note(rules.scheme_for(year).guidance),
        "form_links": [(code, f"{form_url}?mau={code}", code == chosen.code) for code in FORMS],
        "reratings": _rerating_lines(rating, year, collective=False),
        "rerate_url": reverse("review_rerate_member", args=[year, member.pk]) if may_rerate else "",
    }


# --- documents ---------------------------------------------------------------------------------------


def _docx(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _slug(text: str) -> str:
    return "-".join(fold(text).split()) or "tai-lieu"


def _level(year: int, rank: int | None, *, collective: bool = False) -> str:
    if rank is None:
        return ""
    scheme = rules.scheme_for(year)
    return (scheme.organization_level(rank) if collective else scheme.member_level(rank)).label


def abbreviation(name: str) -> str:
    """The issuing body's abbreviation in a document's number (HD 36): CB for a cell, QU / HU for a
    district's committee, TU for a city's or a province's, ĐU for the other committees."""
    if name.startswith("Chi bộ"):
        return "CB"
    rest = name.removeprefix("Đảng bộ ").strip()
    for prefix, code in (("Quận", "QU"), ("Huyện", "HU"), ("Thành phố", "TU"), ("Tỉnh", "TU")):
        if rest.startswith(prefix):
            return code
    return "ĐU"


def _year_not_366(year: int) -> None:
    if year < FIRST_YEAR:
        guidance = rules.scheme_for(FIRST_YEAR).guidance
        raise Http404(f"Các mẫu của {guidance} áp dụng từ năm {FIRST_YEAR}.")


@login_required
@require_safe
def review_form_member(request: HttpRequest, year: int, member_id: int) -> HttpResponse:
    """Bản kiểm điểm cá nhân (Mẫu 2A/2B/2C, ?mau= to choose another than the record's) filled from
    the member's record of the year."""
    _year_not_366(year)
    try:
        scheme = review_services.check_year(year)
    except ApplicationError as error:
        raise Http404(error.message) from None
    user = user_of(request)
    with visible_only():
        member, rating = review_selectors.member_review(user, member_id, year)
    requested = request.GET.get("mau", "").strip().upper()
    form = FORMS[requested] if requested in FORMS else self_assessment_form(member)
    cell_id = rating.organization_id if rating is not None else member.organization_id
    cell_name = names_on([cell_id], _year_end(year)).get(cell_id, "")
    quarters = quarter_selectors.member_year_quarters(user, member.pk, year)
    body = review_forms.render_self_form(
        review_forms.MemberSelfForm(
            code=form.code,
            who=form.who,
            year=year,
            regulation=scheme.regulation,
            guidance=scheme.guidance,
            full_name=member.full_name,
            birth_date=member.birth_date,
            occupation=member.occupation,
            cell=cell_name,
            self_level=_level(year, rating.self_rank if rating else None),
            self_assessment=rating.self_assessment if rating else "",
            proposed_level=_level(year, rating.proposed_rank if rating else None),
            decided_level=_level(year, rating.rank if rating else None),
            decision_number=rating.decision_number if rating else "",
            decision_date=rating.decision_date if rating else None,
            quarters=[(q, _level(year, row.rank)) for q, row in sorted(quarters.items())],
        )
    )
    return _docx(body, f"mau-{form.code.lower()}-{_slug(member.full_name)}-{year}.docx")


@login_required
@require_safe
def review_form_cell(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """Báo cáo kiểm điểm tập thể (Mẫu 01) of a cell, filled from its record of the year."""
    _year_not_366(year)
    try:
        scheme = review_services.check_year(year)
    except ApplicationError as error:
        raise Http404(error.message) from None
    user = user_of(request)
    with visible_only():
        cell = org_selectors.organization_by_code(user, code, personal=True)
        rows = review_selectors.cell_review(user, cell, year)
    day = _year_end(year)
    version = org_selectors.version_of(cell, day)
    if version is None:
        raise Http404(f"{cell.name} không hoạt động vào ngày 31/12/{year}.")
    parent_id = version.parent_id
    names = names_on([cell.pk, *([parent_id] if parent_id else [])], day)
    rating = OrganizationRating.objects.filter(organization=cell, year=year).first()
    counts: dict[int, int] = {}
    for row in rows:
        if row.rating is not None and row.rating.rank is not None:
            counts[row.rating.rank] = counts.get(row.rating.rank, 0) + 1
    own = quarter_selectors.organization_quarters(cell.pk, year)
    body = review_forms.render_collective_report(
        review_forms.CollectiveReport(
            head=review_forms.head_for(
                version.parent.name if version.parent else "",
                version.name,
                f"Số      -BC/{abbreviation(version.name)}",
                None,
            ),
            name=names[cell.pk],
            year=year,
            regulation=scheme.regulation,
            guidance=scheme.guidance,
            self_level=_level(year, rating.self_rank if rating else None, collective=True),
            self_assessment=rating.self_assessment if rating else "",
            proposed_level=_level(year, rating.proposed_rank if rating else None, collective=True),
            decided_level=_level(year, rating.rank if rating else None, collective=True),
            decision_number=rating.decision_number if rating else "",
            members_total=len(rows),
            member_levels=[(level.label, counts.get(level.rank, 0)) for level in scheme.member_levels],
            quarters=[(q.quarter, _level(year, q.rank, collective=True)) for q in own],
        )
    )
    return _docx(body, f"mau-01-{_slug(version.name)}-{year}.docx")


def _rerating_of(user: User, rerating_id: int) -> Rerating:
    rerating = (
        Rerating.objects.select_related(
            "member_rating__member", "member_rating__organization", "organization_rating__organization"
        )
        .filter(pk=rerating_id)
        .first()
        if 0 < rerating_id < 2**63
        else None
    )
    if rerating is None:
        raise Http404("Không tìm thấy quyết định xếp loại lại.")
    try:
        if rerating.member_rating is not None:
            review_selectors.member_rating_of(
                user, rerating.member_rating.member_id, rerating.member_rating.year
            )
        else:
            assert rerating.organization_rating is not None
            review_selectors.organization_rating_of(
                user, rerating.organization_rating.organization, rerating.organization_rating.year
            )
    except NotFound:
        raise Http404("Không tìm thấy quyết định xếp loại lại.") from None
    return rerating


@login_required
@require_safe
def review_form_rerating(request: HttpRequest, rerating_id: int) -> HttpResponse:
    """Quyết định hủy kết quả xếp loại và xếp loại lại (Mẫu 03) of one recorded re-rating."""
    user = user_of(request)
    with visible_only():
        rerating = _rerating_of(user, rerating_id)
    rating: MemberRating | OrganizationRating
    if rerating.member_rating is not None:
        rating = rerating.member_rating
    else:
        assert rerating.organization_rating is not None
        rating = rerating.organization_rating
    year = rating.year
    scheme = rules.scheme_for(year)
    is_member = isinstance(rating, MemberRating)
    day = _year_end(year)
    decider = rerating.deciding_organization
    parent = decider.path.rstrip("/").split("/")[-2:-1]
    superior_id = int(parent[0]) if parent and parent[0] else None
    names = names_on([rating.organization_id, decider.pk, *([superior_id] if superior_id else [])], day)
    if isinstance(rating, MemberRating):
        subject = f"đồng chí {rating.member.full_name}, đảng viên {names[rating.organization_id]}"
    else:
        subject = names[rating.organization_id]
    cancelled = ""
    if rerating.cancelled_decision_number:
        when = (
            f" ngày {rerating.cancelled_decision_date.strftime('%d/%m/%Y')}"
            if rerating.cancelled_decision_date
            else ""
        )
        cancelled = f"Quyết định số {rerating.cancelled_decision_number}{when}"
    body = review_forms.render_rerate_decision(
        review_forms.RerateDecision(
            head=review_forms.head_for(
                names.get(superior_id, "") if superior_id else "",
                names[decider.pk],
                f"Số {rerating.decision_number}",
                rerating.decision_date,
            ),
            subject=subject,
            is_member=is_member,
            year=year,
            regulation=scheme.regulation,
            guidance=scheme.guidance,
            cancelled_level=_level(year, rerating.cancelled_rank, collective=not is_member),
            cancelled_decision=cancelled,
            new_level=_level(year, rerating.new_rank, collective=not is_member),
            reason=rerating.reason,
        )
    )
    return _docx(body, f"mau-03-{_slug(rerating.decision_number)}.docx")


@login_required
def review_rerate_member(request: HttpRequest, year: int, member_id: int) -> HttpResponse:
    """Hủy kết quả xếp loại và xếp loại lại a member (the superior of the deciding level)."""
    from dangbo.web.forms.quarters import RerateForm
    from dangbo.web.views.reviews import Refused, _page_context, refusable

    @refusable
    def page(request: HttpRequest) -> HttpResponse:
        _year_not_366(year)
        try:
            scheme = review_services.check_year(year)
        except ApplicationError as error:
            raise Refused(error.message) from None
        user = user_of(request)
        if request.method == "POST":
            with writable_only():
                member, rating = review_selectors.member_review(user, member_id, year, write=True)
        else:
            with visible_only():
                member, rating = review_selectors.member_review(user, member_id, year)
        context = {
            "year_links": [(year, request.path)],
            "member": member,
            "subject": member,
            "rating": rating,
            "back": reverse("review_member", args=[year, member.pk]),
            "reratings": _rerating_lines(rating, year, collective=False),
        }
        if rating is None or rating.rank is None:  # nothing decided: nothing to cancel
            cell = rating.organization if rating is not None else member.organization
            return render(
                request, "web/reviews/rerate.html", {**_page_context(request, cell, year), **context}
            )
        form = RerateForm(posted(request), levels=scheme.member_levels, scheme=scheme)
        here = reverse("review_member", args=[year, member.pk])

        def run(d: dict[str, Any]) -> tuple[str, str]:
            quarter_services.rating_rerate(
                actor=user,
                rating=rating,
                rank=d["rank"],
                reason=d["reason"],
                decision_number=d["decision_number"],
                decision_date=d["decision_date"],
            )
            return f"Đã ghi quyết định hủy và xếp loại lại năm {year} của đồng chí {member.full_name}.", here

        response = submit(request, form, run)
        if response is not None:
            return response
        return render(
            request,
            "web/reviews/rerate.html",
            {
                **_page_context(request, rating.organization, year),
                **context,
                "current": scheme.member_level(rating.rank),
                "form": form,
            },
        )

    return page(request)


@login_required
def review_rerate_organization(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """Hủy kết quả xếp loại và xếp loại lại an organization (the superior of the deciding level),
    with the re-ratings recorded and their Mẫu 03."""
    from dangbo.web.forms.quarters import RerateForm
    from dangbo.web.views.reviews import Refused, _page_context, refusable

    @refusable
    def page(request: HttpRequest) -> HttpResponse:
        _year_not_366(year)
        try:
            scheme = review_services.check_year(year)
        except ApplicationError as error:
            raise Refused(error.message) from None
        user = user_of(request)
        if request.method == "POST":
            with writable_only():
                organization = org_selectors.organization_for_update(user, code)
        else:
            with visible_only():
                organization = org_selectors.organization_by_code(user, code)
        rating = OrganizationRating.objects.filter(organization=organization, year=year).first()
        context = {
            **_page_context(request, organization, year),
            "year_links": [(year, request.path)],
            "subject": organization,
            "rating": rating,
            "back": reverse("review_organizations", args=[year, organization.code]),
            "reratings": _rerating_lines(rating, year, collective=True),
        }
        if rating is None or rating.rank is None:  # nothing decided: nothing to cancel
            return render(request, "web/reviews/rerate.html", context)
        form = RerateForm(posted(request), levels=scheme.organization_levels, scheme=scheme)

        def run(d: dict[str, Any]) -> tuple[str, str]:
            quarter_services.rating_rerate(
                actor=user,
                rating=rating,
                rank=d["rank"],
                reason=d["reason"],
                decision_number=d["decision_number"],
                decision_date=d["decision_date"],
            )
            return f"Đã ghi quyết định hủy và xếp loại lại năm {year} của {organization.name}.", request.path

        response = submit(request, form, run)
        if response is not None:
            return response
        return render(
            request,
            "web/reviews/rerate.html",
            {**context, "current": scheme.organization_level(rating.rank), "form": form},
        )

    return page(request)


def _rerating_lines(
    rating: MemberRating | OrganizationRating | None, year: int, *, collective: bool
) -> list[dict[str, Any]]:
    """The re-ratings of a rating with the levels' wording and their Mẫu 03."""
    if rating is None:
        return []
    return [
        {
            "row": r,
            "cancelled": _level(year, r.cancelled_rank, collective=collective),
            "new": _level(year, r.new_rank, collective=collective),
            "url": reverse("review_form_rerating", args=[r.pk]),
        }
        for r in quarter_selectors.reratings_of(rating)
    ]
