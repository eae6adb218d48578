"""The annual review pages: a cell's members (proposal, decision), the organizations under a node,
lock and correction, the lists of who is not yet assessed or not rated, commendation candidates
and awards. Reads through the evaluation selectors; each write is one service call."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from dangbo.accounts.requests import user_of
from dangbo.accounts.scope import path_in_scope
from dangbo.audit.figures import kept
from dangbo.core.dates import today
from dangbo.core.exceptions import ApplicationError
from dangbo.core.text import format_number
from dangbo.dues import selectors as dues_selectors
from dangbo.evaluations import quarter_selectors, rules
from dangbo.evaluations import selectors as review_selectors
from dangbo.evaluations import services as review_services
from dangbo.evaluations.models import CapRaise, MemberRating, OrganizationRating, RatingCorrection
from dangbo.members import selectors as member_selectors
from dangbo.organizations import names as org_names
from dangbo.organizations import selectors as org_selectors
from dangbo.organizations.models import CELL_KINDS, Organization, OrganizationVersion
from dangbo.organizations.pickers import org_options
from dangbo.targets import selectors as target_selectors
from dangbo.ui.views import default_year, paginate, posted, submit, visible_only, writable_only
from dangbo.web.audit import selectors as audit_selectors
from dangbo.web.audit.views import record_audit
from dangbo.web.forms.reviews import (
    STAGE_LABELS,
    AwardForm,
    CapRaiseForm,
    CloseGroupForm,
    ComparableGroupForm,
    CorrectionForm,
    LockForm,
    MemberRatingsForm,
    OrganizationRatingForm,
    SelfAssessmentForm,
    initial_rank,
    rank_value,
)
from dangbo.web.views.review_extras import cell_extras, member_extras, quarter_codes, self_assessment_form

if TYPE_CHECKING:
    from dangbo.accounts.models import User

STAGE_SLUGS = {"tu-danh-gia": "self", "de-xuat": "proposal", "quyet-dinh": "decision"}
# The steps of a review as shown per member or organization (the regulation's order).
REVIEW_STEPS = ("Chưa tự đánh giá", "Đã tự đánh giá", "Đã đề xuất", "Đã quyết định", "Đã khóa sổ")
SLUG_OF_STAGE = {stage: slug for slug, stage in STAGE_SLUGS.items()}
DEFAULT_STREAK = 5


class Refused(Exception):
    """A request that cannot be shown (an unknown year …): a page with the Vietnamese message."""

    def __init__(self, message: str, status: int = 404) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def refusable(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Refused as refusal:
            return render(
                request, "web/reviews/refused.html", {"message": refusal.message}, status=refusal.status
            )

    return wrapper


def review_year(year: int) -> rules.Scheme:
    """The scheme of a year that can be reviewed (1990 … this year), or a refusal naming the year."""
    try:
        return review_services.check_year(year)
    except ApplicationError as error:
        raise Refused(error.message) from None


def _year_end(year: int) -> date:
    return date(year, 12, 31)


def _visible(request: HttpRequest, code: str, *, personal: bool = False) -> Organization:
    """The organization if visible (404 otherwise); personal=True: a page of its members by name
    (403 for a viewer)."""
    with visible_only():
        return org_selectors.organization_by_code(user_of(request), code, personal=personal)


def _for_change(request: HttpRequest, code: str) -> Organization:
    """GET: the organization if visible (404 otherwise). POST: also writable (403 for read-only)."""
    if request.method == "POST":
        with writable_only():
            return org_selectors.organization_for_update(user_of(request), code)
    return _visible(request, code)


def _parent_link(
    request: HttpRequest, version: OrganizationVersion | None, year: int
) -> dict[str, str] | None:
    """The review page of the level above, when the user may see it."""
    parent = version.parent if version is not None else None
    if parent is None or not path_in_scope(user_of(request), parent.path):
        return None
    return {"name": parent.name, "url": reverse("review_organizations", args=[year, parent.code])}


def _page_context(request: HttpRequest, organization: Organization, year: int) -> dict[str, Any]:
    user = user_of(request)
    version = org_selectors.version_of(organization, _year_end(year))
    cycle = review_selectors.locked_cycle_over(user, organization, year, version=version)
    scheme = review_services.scheme(year)
    return {
        "organization": organization,
        "version": version,
        "name": version.name if version else organization.name,
        "year": year,
        "scheme": scheme,
        # every citation on the review's pages, from the year's scheme (never written in a template)
        "sources": {key: scheme.cite(key) for key in rules.SOURCE_KEYS},
        "cap_statement": rules.rating.cap_statement(year, settings=review_services.rule_settings()),
        "cap_raise_allowed": scheme.cap_percent_max > review_services.rule_settings().excellent_cap_percent,
        "cycle": cycle,
        "parent_link": _parent_link(request, version, year),
        "years": [y for y in range(year - 2, year + 3) if 1990 <= y <= today().year],
        # the members by name (the cell's list, the lists, the members commended): not for a viewer
        "personal": path_in_scope(user, organization.path, personal=True),
    }


def _member_levels(scheme: rules.Scheme) -> list[dict[str, Any]]:
    return [{"rank": level.rank, "code": level.code, "label": level.label} for level in scheme.member_levels]


def _level(levels: tuple[rules.Level, ...], rank: int | None) -> rules.Level | None:
    return levels[rank - 1] if rank else None


def _stages(
    levels: tuple[rules.Level, ...], rating: MemberRating | OrganizationRating | None
) -> dict[str, rules.Level | None]:
    """The level of each step of a rating, for display (None: not recorded)."""
    if rating is None:
        return {"self": None, "proposal": None, "decision": None}
    return {
        "self": _level(levels, rating.self_rank),
        "proposal": _level(levels, rating.proposed_rank),
        "decision": _level(levels, rating.rank),
    }


def review_step(rating: MemberRating | OrganizationRating | None, locked: bool) -> dict[str, Any]:
    """Where a rating stands: tự đánh giá → đề xuất → quyết định → khóa sổ (index and label)."""
    index = 0
    if rating is not None:
        if rating.rank is not None or rating.not_rated_reason:
            index = 4 if locked else 3
        elif rating.proposed_rank:
            index = 2
        elif rating.self_rank or rating.self_assessment:
            index = 1
    return {"index": index, "label": REVIEW_STEPS[index]}


# the wording before a warning, by the step the rating stands at (a decision's: none)
_WARNED_STEP = {"self": "Tự đánh giá trái quy tắc: ", "proposal": "Đề xuất trái quy tắc: ", "decision": ""}


def _rating_warnings(
    facts: rules.rating.MemberYear,
    rating: MemberRating | None,
    *,
    cap: CellCap | None,
    settings: rules.RuleSettings,
) -> tuple[str, list[rules.Violation]]:
    """The rules (rules.rating, as the decision runs them) on a member's latest step: the decision
    taken, else the cell's proposal, else the member's self-assessment, with the facts recorded on
    the rating; the 20 % cap on the grassroots organization's counts so far (decided, else
    proposed; not on a self-assessment) and an absence of 3 months or more. Warnings only: the
    decision alone is blocked by the rules (member_ratings_decide). Returns the step's wording and
    the warnings."""
    step, rank = "self", None
    if rating is not None:
        if rating.rank is not None or rating.not_rated_reason:
            step, rank = "decision", rating.rank
        elif rating.proposed_rank:
            step, rank = "proposal", rating.proposed_rank
        else:
            rank = rating.self_rank
        facts = dataclasses.replace(
            facts,
            disciplined_in_year=rating.disciplined_in_year,
            decline_concluded=rating.decline_concluded,
            targets_met_percent=rating.targets_met_percent,
            sick_leave_months=Decimal(rating.sick_leave_months or 0),
            score=review_services.rating_score(rating),
            tasks_exceeding_percent=rating.tasks_exceeding_percent,
            tasks_on_time=rating.tasks_on_time,
        )
    counts, where, percent = (
        (cap.counts, cap.where, cap.percent) if cap is not None and step != "self" else (None, "", None)
    )
    warnings = rules.rating.member_warnings(
        rank, facts, settings=settings, cap=counts, where=where, percent=percent
    )
    return _WARNED_STEP[step], warnings


def _row_warnings(
    row: review_selectors.MemberReviewRow,
    year: int,
    *,
    absent_months: int,
    cap: CellCap | None,
    settings: rules.RuleSettings,
    quarters: tuple[rules.quarters.QuarterRank, ...] = (),
    unpaid_dues_months: int = 0,
) -> tuple[str, list[rules.Violation]]:
    """_rating_warnings of a row of the cell's list (a member on the books on 31/12)."""
    facts = rules.rating.MemberYear(
        year=year,
        admitted_on=row.member.admitted_on,
        exempted=row.period.exempted,
        on_books_at_end=True,
        absent_months=absent_months,
        quarters=quarters,
        unpaid_dues_months=unpaid_dues_months,
    )
    return _rating_warnings(facts, row.rating, cap=cap, settings=settings)


CAP_RULE = "excellent_cap"


def _split_cap_warnings(
    warnings: list[rules.Violation],
) -> tuple[list[rules.Violation], list[rules.Violation]]:
    """A row's warnings of the cap (a fact of the whole group, said once above the table, the row
    only marked) apart from its own."""
    return [w for w in warnings if w.rule == CAP_RULE], [w for w in warnings if w.rule != CAP_RULE]


@dataclass(frozen=True)
class CellCap:
    """The cap's counts so far in the group a cell's members count in (their grassroots
    organization's, or a group of comparable subjects defined for the cell: rules.groups), the
    group's name, the percent in force (a recorded raise, else the setting's), the raise and the
    most it allows (the warning is the rows', said once above the table)."""

    counts: rules.CapCounts
    where: str
    percent: Decimal
    raised: CapRaise | None = None
    defined: bool = False
    limit: int = 0


def _cell_cap(user: User, cell: Organization, year: int) -> CellCap | None:
    """The cap's counts so far in the group of the cell's members, its name and percent."""
    head = review_selectors.cell_group(user, cell, year)  # the scope's check, the grassroots' name
    if head is None:
        return None
    settings = review_services.rule_settings()
    # the same for every user who may see the cell: kept while the records do not change
    return kept(
        "cell_cap", (cell.pk, year, head.name, settings), lambda: _group_cap(cell, year, head.name, settings)
    )


def _group_cap(cell: Organization, year: int, head_name: str, settings: rules.RuleSettings) -> CellCap | None:
    group = review_selectors.member_group_of(year, cell.pk)
    if group is None:
        return None
    raised = review_selectors.cap_raise(year, group)
    percent = rules.cap_percent(year, raised.percent if raised else None, settings=settings)
    counts = review_selectors.member_group_counts(year, group)
    where = rules.groups.group_label(group, head_name) if group.group == rules.groups.DEFINED else head_name
    return CellCap(
        counts,
        where,
        percent,
        raised,
        defined=group.group == rules.groups.DEFINED,
        limit=int(counts.good * percent // 100),
    )


def _warned_count(rows: list[review_selectors.MemberReviewRow], year: int, saved: list[MemberRating]) -> int:
    """How many of the saved ratings the rules warn of (their own rules and the absence)."""
    by_member = {rating.member_id: rating for rating in saved}
    absences = target_selectors.unexcused_absence_months(list(by_member), year)
    unpaid = dues_selectors.unpaid_dues_months(list(by_member), year, today())
    settings = review_services.rule_settings()
    count = 0
    for row in rows:
        rating = by_member.get(row.member.pk)
        if rating is None:
            continue
        current = review_selectors.MemberReviewRow(row.member, row.period, rating, row.excluded_reason)
        _, warnings = _row_warnings(
            current,
            year,
            absent_months=absences.get(row.member.pk, 0),
            cap=None,
            settings=settings,
            unpaid_dues_months=unpaid.get(row.member.pk, 0),
        )
        count += bool(warnings)
    return count


def _warned_note(count: int) -> str:
    if not count:
        return ""
    return (
        f" {format_number(count)} đảng viên có cảnh báo quy tắc (xem cột Ghi chú): chỉ là cảnh báo, "
        "cấp có thẩm quyền xem xét khi quyết định."
    )


def _correction_lines(corrections: list[RatingCorrection], scheme: rules.Scheme) -> list[dict[str, Any]]:
    """Corrections for display: the levels before and after in the scheme's wording."""

    def label(snapshot: dict[str, Any], levels: tuple[rules.Level, ...]) -> str:
        rank = snapshot.get("rank")
        text = levels[rank - 1].label if isinstance(rank, int) and 1 <= rank <= 4 else "Không xếp loại"
        return f"{text}, tiêu biểu" if snapshot.get("exemplary") else text

    lines = []
    for correction in corrections:
        if correction.member_rating is not None:
            target, levels = correction.member_rating.member.full_name, scheme.member_levels
        else:
            assert correction.organization_rating is not None
            target, levels = correction.organization_rating.organization.name, scheme.organization_levels
        lines.append(
            {
                "when": correction.corrected_at,
                "target": target,
                "before": label(correction.before, levels),
                "after": label(correction.after, levels),
                "reason": correction.reason,
                "decision_number": correction.decision_number,
                "by": correction.corrected_by,
            }
        )
    return lines


# --- the index -----------------------------------------------------------------------------------


@login_required
@require_safe
@refusable
def review_index(request: HttpRequest) -> HttpResponse:
    """Choose an organization and a year; a cell opens its members, a committee its organizations."""
    user = user_of(request)
    code = request.GET.get("org", "").strip()
    raw_year = request.GET.get("nam", "").strip()
    error = ""
    if code or raw_year:
        if not raw_year.isdigit() or len(raw_year) != 4:
            error = f"Năm “{raw_year}” không hợp lệ: hãy nhập 4 chữ số, ví dụ 2019."
        else:
            organization = _visible(request, code) if code else None
            if organization is not None:
                # a cell opens its members where the user sees them, else its own rating
                members = organization.kind in CELL_KINDS and path_in_scope(
                    user, organization.path, personal=True
                )
                view = "review_cell" if members else "review_organizations"
                return redirect(view, int(raw_year), organization.code)
            error = "Phải chọn tổ chức đảng."
    year = default_year()
    return render(
        request,
        "web/reviews/index.html",
        {
            # each root lists the years it has ratings or a cycle for, and the year under review
            "roots": [
                (
                    root,
                    path_in_scope(user, root.path, personal=True),
                    sorted({year, *review_selectors.review_years(root)}, reverse=True),
                )
                for root in org_selectors.scope_roots(user)
            ],
            "year": year,
            "org_options": org_options(request),
            "code": code,
            "raw_year": raw_year or str(year),
            "error": error,
        },
    )


def _cap_overruns(request: HttpRequest, organization: Organization, year: int) -> dict[str, Any]:
    """The grassroots organizations over the 20 % cap in the year (the partial _cap_overruns.html)."""
    settings = review_services.rule_settings()
    percent = Decimal(settings.excellent_cap_percent)
    return {
        "cap_overruns": review_selectors.excellent_cap_overruns(
            user_of(request), organization, year, settings=settings
        ),
        "cap_percent": format_number(percent, 0 if percent == percent.to_integral_value() else 2),
    }


# --- a cell's members ------------------------------------------------------------------------------


def _shown(value: Decimal | None) -> Decimal | None:
    """A stored score as an input shows it: 27 and 40,5, not 27,00 and 40,50."""
    if value is None:
        return None
    value = Decimal(value)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _member_initial(rows: list[review_selectors.MemberReviewRow], stage: str) -> dict[str, Any]:
    """Pre-filled selects: the decision made, else the cell's proposal; for a proposal, the proposal
    made, else the self-assessment. Members the rules exclude start at "Không xếp loại"."""
    initial: dict[str, Any] = {"stage": stage}
    numbers: Counter[str] = Counter()
    dates: Counter[date] = Counter()
    for row in rows:
        rating = row.rating
        excluded = row.excluded_reason is not None
        pk = row.member.pk
        if rating is not None:  # the score's parts: the step's own, else the step's before
            if stage == "decision":
                own = review_services.decision_score_start(rating)
            elif stage == "self":
                own = (rating.self_score_general, rating.self_score_results)
            else:
                own = (rating.proposed_score_general, rating.proposed_score_results)
            if own == (None, None) and stage == "proposal":
                own = (rating.self_score_general, rating.self_score_results)
            initial[f"general_{pk}"], initial[f"results_{pk}"] = (_shown(part) for part in own)
            initial[f"exceeding_{pk}"] = _shown(rating.tasks_exceeding_percent)
            initial[f"late_{pk}"] = not rating.tasks_on_time
            initial[f"temporary_{pk}"] = rating.temporary_comment
        if stage == "self":
            initial[f"rank_{pk}"] = str(rating.self_rank or "") if rating else ""
            initial[f"self_text_{pk}"] = rating.self_assessment if rating else ""
            continue
        if rating is not None:
            initial[f"targets_{pk}"] = rating.targets_met_percent
            initial[f"sick_{pk}"] = rating.sick_leave_months or None
            initial[f"decline_{pk}"] = rating.decline_concluded
        value = initial_rank(None, excluded)
        if rating is not None:
            decided = rating.rank is not None or bool(rating.not_rated_reason)
            if stage == "decision" and decided:
                value = initial_rank(rating.rank, excluded)
                if rating.decision_number:
                    numbers[rating.decision_number] += 1
                if rating.decision_date:
                    dates[rating.decision_date] += 1
            elif stage == "decision" and rating.proposed_rank:
                value = str(rating.proposed_rank)
            elif stage == "proposal" and (rating.proposed_rank or rating.self_rank):
                value = str(rating.proposed_rank or rating.self_rank)
        initial[f"rank_{row.member.pk}"] = value
    if numbers:
        initial["decision_number"] = numbers.most_common(1)[0][0]
    if dates:
        initial["decision_date"] = dates.most_common(1)[0][0]
    return initial


def _typed(field: Any) -> Any:
    """A bound field's value as its field reads it (a posted "25,5" is 25.5); None when it is not one."""
    try:
        return field.field.to_python(field.value())
    except ValidationError:
        return None


def score_suggestion(
    general: Any, results: Any, rating: MemberRating | None, year: int, settings: rules.RuleSettings
) -> dict[str, Any] | None:
    """The level the score's band suggests for the parts shown at the decision (QĐ 366: the band,
    lowered when the top level's conditions are missing), with the conditions recorded on the
    rating; None when there is no score or a part is not a number in range."""
    try:
        total = rules.score_total(
            None if general in (None, "") else Decimal(str(general)),
            None if results in (None, "") else Decimal(str(results)),
            year=year,
        )
    except (ArithmeticError, ValueError):
        return None
    if total is None:
        return None
    facts = rules.ScoreFacts(
        score=total,
        tasks_done_percent=Decimal(100)
        if rating is None or rating.targets_met_percent is None
        else Decimal(rating.targets_met_percent),
        tasks_exceeding_percent=Decimal(rating.tasks_exceeding_percent or 0) if rating else Decimal(0),
        tasks_on_time=rating.tasks_on_time if rating else True,
    )
    rank, notes = rules.level_from_score(facts, year=year, settings=settings)
    level = rules.scheme_for(year).member_level(rank)
    return {"total": total, "level": level, "notes": notes}


def _tally(rows: list[review_selectors.MemberReviewRow], scheme: rules.Scheme) -> list[dict[str, Any]]:
    counts = Counter(r.rating.rank for r in rows if r.rating is not None and r.rating.rank is not None)
    not_rated = sum(
        1 for r in rows if r.rating is not None and r.rating.rank is None and r.rating.not_rated_reason
    )
    tally = [
        {"code": level.code, "label": level.label, "count": counts[level.rank]}
        for level in scheme.member_levels
    ]
    tally.append({"code": "", "label": "Không xếp loại", "count": not_rated})
    return tally


@login_required
@refusable
def review_cell(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """Đánh giá, xếp loại đảng viên of one cell, in the regulation's order, for the whole list at
    once: the members' self-assessments (entered by the cell), the cell's proposal with the facts
    the rules use, and the decision of the competent level (the grassroots committee)."""
    scheme = review_year(year)
    user = user_of(request)
    cell = _for_change(request, code)
    if cell.kind not in CELL_KINDS:
        return redirect("review_organizations", year, cell.code)
    context = _page_context(request, cell, year)
    version = context["version"]
    deciding = review_services.member_deciding_level(version.path, year) if version is not None else None
    can_decide = deciding is not None and deciding.allows(user)
    with visible_only():  # the members by name: 403 for a viewer
        rows = review_selectors.cell_review(user, cell, year)
    source = request.POST if request.method == "POST" else request.GET
    default_stage = "decision" if can_decide else "proposal"
    stage = source.get("stage") or STAGE_SLUGS.get(source.get("buoc", ""), default_stage)
    if stage not in SLUG_OF_STAGE:
        stage = default_stage
    form = MemberRatingsForm(
        posted(request), rows=rows, scheme=scheme, stage=stage, initial=_member_initial(rows, stage)
    )
    here = reverse("review_cell", args=[year, cell.code]) + f"?buoc={SLUG_OF_STAGE[stage]}"

    def run(d: dict[str, Any]) -> tuple[str, str]:
        if stage == "self":
            saved = review_services.member_self_assessments_record(
                actor=user, year=year, entries=d["entries"], scores=d["scores"]
            )
            note = _warned_note(_warned_count(rows, year, saved))
            return f"Đã ghi tự đánh giá năm {year} của {len(saved)} đảng viên.{note}", here
        if stage == "decision":
            saved = review_services.member_ratings_decide(
                actor=user,
                year=year,
                decisions=d["entries"],
                decision_number=d["decision_number"],
                decision_date=d["decision_date"],
                override_reason=d["override_reason"],
                facts=d["facts"],
            )
            overridden = sum(1 for rating in saved if rating.override_reason)
            note = f" {overridden} trường hợp vượt quy tắc, đã ghi lý do." if overridden else ""
            return f"Đã ghi quyết định xếp loại năm {year} của {len(saved)} đảng viên.{note}", here
        saved = review_services.member_ratings_propose(
            actor=user, year=year, proposals=d["entries"], facts=d["facts"]
        )
        note = _warned_note(_warned_count(rows, year, saved))
        return f"Đã ghi đề xuất xếp loại năm {year} của {len(saved)} đảng viên.{note}", here

    can_write = (
        org_selectors.can_write_organization(user, cell)
        and version is not None
        and rows != []
        and context["cycle"] is None
    )
    response = submit(request, form, run)
    if response is not None:
        return response
    settings = review_services.rule_settings()
    locked = context["cycle"] is not None
    absences = target_selectors.unexcused_absence_months([row.member.pk for row in rows], year)
    unpaid = dues_selectors.unpaid_dues_months([row.member.pk for row in rows], year, today())
    cap = _cell_cap(user, cell, year)
    # the decision shown on a corrected row is the latest correction's (newest first)
    corrections = review_selectors.corrections(user, cell, year)
    corrected: dict[int, RatingCorrection] = {}
    for correction in corrections:
        if correction.member_rating_id is not None:
            corrected.setdefault(correction.member_rating_id, correction)
    quarters = quarter_selectors.member_quarters([row.member.pk for row in rows], year)
    lines = []
    cap_warnings: dict[str, int] = {}  # a group's cap warning, said once above the table: its number
    for row, fields in form.member_rows():
        prefix, warnings = _row_warnings(
            row,
            year,
            absent_months=absences.get(row.member.pk, 0),
            cap=cap,
            settings=settings,
            quarters=quarters.get(row.member.pk, ()),
            unpaid_dues_months=unpaid.get(row.member.pk, 0),
        )
        capped, warnings = _split_cap_warnings(warnings)
        lines.append(
            {
                "row": row,
                "fields": fields,
                "field": fields["rank"],
                "step": review_step(row.rating, locked),
                "checks_prefix": prefix,
                "checks": warnings,
                "cap_marks": [cap_warnings.setdefault(w.message, len(cap_warnings) + 1) for w in capped],
                "correction": corrected.get(row.rating.pk) if row.rating else None,
                "quarters": quarter_codes(quarters.get(row.member.pk, ()), year),
                "self_form": self_assessment_form(row.member).code if year >= 2025 else "",
                "suggestion": score_suggestion(
                    _typed(fields["general"]), _typed(fields["results"]), row.rating, year, settings
                )
                if stage == "decision" and fields["general"] is not None
                else None,
                **_stages(scheme.member_levels, row.rating),
            }
        )
    return render(
        request,
        "web/reviews/cell.html",
        {
            **context,
            "form": form,
            "stage": stage,
            "stage_label": STAGE_LABELS[stage],
            "stage_slugs": SLUG_OF_STAGE,
            "can_write": can_write,
            "can_enter": can_write and (stage != "decision" or can_decide),
            "can_decide": can_decide,
            "deciding": deciding,
            "levels": _member_levels(scheme),
            "lines": lines,
            "tally": _tally(rows, scheme),
            **_cap_overruns(request, cell, year),
            "corrections": _correction_lines(corrections, scheme),
            "cell_cap": cap,
            "cap_warnings": list(cap_warnings),
            "cap_statement": rules.rating.cap_statement(
                year, settings=settings, percent=cap.percent if cap else None
            ),
            **cell_extras(user, cell, year, settings),
            # what the page's script needs to say the band's level as a score is typed (QĐ 366)
            "band_rule": {
                "bands": ",".join(str(b) for b in settings.score_bands),
                "exceeding": str(settings.excellent_exceeding_percent),
                "codes": ",".join(level.code for level in scheme.member_levels),
                "labels": "|".join(level.label for level in scheme.member_levels),
                "source": scheme.cite("score"),
            }
            if scheme.scored
            else None,
        },
    )


@login_required
@refusable
def review_member(request: HttpRequest, year: int, member_id: int) -> HttpResponse:
    """One member's review of the year: the self-assessment (level and tự kiểm điểm, entered here
    by the cell on the member's behalf), the cell's proposal with the facts, the decision, the lock."""
    scheme = review_year(year)
    user = user_of(request)
    if request.method == "POST":
        with writable_only():
            member, rating = review_selectors.member_review(user, member_id, year, write=True)
    else:
        with visible_only():
            member, rating = review_selectors.member_review(user, member_id, year)
    try:
        facts = review_services.member_year_facts(member, year)
    except ApplicationError as error:
        raise Refused(error.message) from None
    cell = (
        rating.organization if rating is not None else Organization.objects.get(pk=facts["organization_id"])
    )
    context = _page_context(request, cell, year)
    deciding = review_services.member_deciding_level(facts["path"], year)
    initial = {
        "rank": str(rating.self_rank or "") if rating else "",
        "self_assessment": rating.self_assessment if rating else "",
    }
    form = SelfAssessmentForm(posted(request), scheme=scheme, initial=initial)
    here = request.path

    def run(d: dict[str, Any]) -> tuple[str, str]:
        review_services.member_rating_record(
            actor=user,
            member=member,
            year=year,
            stage="self",
            rank=rank_value(d["rank"]),
            self_assessment=d["self_assessment"],
        )
        return f"Đã ghi tự đánh giá năm {year} của đồng chí {member.full_name}.", here

    response = submit(request, form, run)
    if response is not None:
        return response
    locked = context["cycle"] is not None
    absent = target_selectors.unexcused_absence_months([member.pk], year).get(member.pk, 0)
    unpaid = dues_selectors.unpaid_dues_months([member.pk], year, today()).get(member.pk, 0)
    warned_step, warnings = _rating_warnings(
        dataclasses.replace(facts["facts"], absent_months=absent, unpaid_dues_months=unpaid),
        rating,
        cap=_cell_cap(user, cell, year),
        settings=review_services.rule_settings(),
    )
    return render(
        request,
        "web/reviews/member.html",
        {
            **context,
            "member": member,
            "year_links": [(y, reverse("review_member", args=[y, member.pk])) for y in context["years"]],
            "rating": rating,
            "facts": facts,
            "form": form,
            "deciding": deciding,
            "step": review_step(rating, locked),
            "steps": REVIEW_STEPS[1:],
            "excluded_reason": facts["not_rated_reason"],
            "warned_step": warned_step,
            "warnings": warnings,
            "can_write": not locked and path_in_scope(user, facts["path"], write=True),
            **member_extras(user, member, rating, year),
            **_stages(scheme.member_levels, rating),
        },
    )


# --- the organizations under a node ----------------------------------------------------------------


def _organization_initial(rating: OrganizationRating | None, excluded: bool) -> dict[str, Any]:
    if rating is None:
        return {"stage": "decision", "rank": initial_rank(None, excluded)}
    decided = rating.rank is not None or bool(rating.not_rated_reason)
    rank = rating.rank if decided else rating.proposed_rank or rating.self_rank
    return {
        "stage": "decision",
        "rank": initial_rank(rank, excluded or bool(rating.not_rated_reason)),
        "exemplary": rating.exemplary,
        "decision_number": rating.decision_number,
        "decision_date": rating.decision_date,
        "score": rating.score,
        "not_rated_reason": rating.not_rated_reason,
        "leadership_disciplined": rating.leadership_disciplined,
        "leadership_warning_or_above": rating.leadership_warning_or_above,
        "disunity_concluded": rating.disunity_concluded,
        "sub_units_disciplined": rating.sub_units_disciplined,
        "self_assessment": rating.self_assessment,
        # the parts the decision starts from (the page's step is the decision by default)
        "score_general": _shown(review_services.decision_score_start(rating)[0]),
        "score_results": _shown(review_services.decision_score_start(rating)[1]),
        "tasks_done_percent": rating.tasks_done_percent,
        "tasks_exceeding_percent": rating.tasks_exceeding_percent,
        "tasks_late": not rating.tasks_on_time,
        "shortcomings_open": not rating.shortcomings_fixed,
    }


def _organization_suggestion(
    rating: OrganizationRating | None, year: int, settings: rules.RuleSettings
) -> dict[str, Any] | None:
    """The level a collective's score band suggests (QĐ 366), from the score the decision reads or
    starts from, with the top level's conditions recorded on the rating."""
    if rating is None:
        return None
    total = review_services.rating_score(rating)
    if total is None or not Decimal(0) <= total <= Decimal(100):
        return None
    facts = rules.ScoreFacts(
        score=total,
        tasks_done_percent=Decimal(100 if rating.tasks_done_percent is None else rating.tasks_done_percent),
        tasks_exceeding_percent=Decimal(rating.tasks_exceeding_percent or 0),
        tasks_on_time=rating.tasks_on_time,
        collective=True,
        disciplined_sub_unit_or_leader=rating.leadership_disciplined
        or rating.leadership_warning_or_above
        or rating.sub_units_disciplined > 0,
        earlier_shortcomings_fixed=rating.shortcomings_fixed,
    )
    rank, notes = rules.level_from_score(facts, year=year, settings=settings)
    return {"total": total, "level": rules.scheme_for(year).organization_level(rank), "notes": notes}


@login_required
@refusable
def review_organizations(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """Xếp loại tổ chức đảng: the grassroots organizations (or, under a grassroots committee, its
    affiliated cells) with their ratings, and a form for each."""
    scheme = review_year(year)
    user = user_of(request)
    node = _for_change(request, code)
    context = _page_context(request, node, year)
    rows = review_selectors.rated_units(user, node, year)
    posted_id = request.POST.get("don_vi", "") if request.method == "POST" else ""
    forms: dict[int, OrganizationRatingForm] = {}
    deciding: dict[int, review_services.DecidingLevel] = {}
    known: dict[tuple[int | None, bool], review_services.DecidingLevel] = {}
    for row in rows:
        # the deciding level depends only on the parent (and whether the unit is below grassroots)
        key = (row.version.parent_id, row.version.kind in review_selectors.RATED_BELOW_GRASSROOTS)
        if key not in known:
            known[key] = review_services.organization_deciding_level(row.version.path, year)
        level = deciding[row.organization.pk] = known[key]
        allowed = level.allows(user)
        refusal = "" if allowed else level.refusal(f"“{row.version.name}”")
        initial = _organization_initial(row.rating, row.excluded_reason is not None)
        if not allowed:
            initial["stage"] = "self" if row.organization.pk == node.pk else "proposal"
        data = posted(request) if str(row.organization.pk) == posted_id else None
        forms[row.organization.pk] = OrganizationRatingForm(
            data,
            scheme=scheme,
            prefix=f"u{row.organization.pk}",
            initial=initial,
            decide_refusal=refusal,
            is_cell=row.is_cell,
        )
    here = reverse("review_organizations", args=[year, node.code])
    if request.method == "POST":
        target = next((r for r in rows if str(r.organization.pk) == posted_id), None)
        if target is None:
            messages.error(request, "Không có tổ chức này trong danh sách xếp loại; hãy tải lại trang.")
            return redirect(here)
        form = forms[target.organization.pk]
        unit, unit_name = target.organization, target.version.name

        def run(d: dict[str, Any]) -> tuple[str, str]:
            rating = review_services.organization_rating_record(
                actor=user,
                organization=unit,
                year=year,
                stage=d["stage"],
                rank=rank_value(d["rank"]),
                exemplary=d["exemplary"],
                score=d.get("score"),
                decision_number=d["decision_number"],
                decision_date=d["decision_date"],
                override_reason=d["override_reason"],
                leadership_disciplined=d["leadership_disciplined"],
                leadership_warning_or_above=d["leadership_warning_or_above"],
                disunity_concluded=d["disunity_concluded"],
                sub_units_disciplined=d.get("sub_units_disciplined"),
                not_rated_reason=d["not_rated_reason"],
                self_assessment=d["self_assessment"] if d["stage"] == "self" else None,
                score_general=d.get("score_general"),
                score_results=d.get("score_results"),
                tasks_done_percent=d.get("tasks_done_percent"),
                tasks_exceeding_percent=d.get("tasks_exceeding_percent"),
                tasks_on_time=not d["tasks_late"] if "tasks_late" in d else None,
                shortcomings_fixed=not d["shortcomings_open"] if "shortcomings_open" in d else None,
            )
            note = " Có vượt quy tắc, đã ghi lý do." if rating.override_reason else ""
            what = STAGE_LABELS[d["stage"]].lower()
            return (
                f"Đã ghi {what} xếp loại năm {year} của {unit_name}.{note}",
                f"{here}#don-vi-{unit.pk}",
            )

        response = submit(request, form, run)
        if response is not None:
            return response
    can_write = (
        org_selectors.can_write_organization(user, node)
        and context["version"] is not None
        and context["cycle"] is None
    )
    settings = review_services.rule_settings()
    return render(
        request,
        "web/reviews/organizations.html",
        {
            **context,
            "lines": [
                {
                    "row": row,
                    "form": forms[row.organization.pk],
                    "deciding": deciding[row.organization.pk],
                    "personal": path_in_scope(user, row.organization.path, personal=True),
                    "step": review_step(row.rating, context["cycle"] is not None),
                    "suggestion": _organization_suggestion(row.rating, year, settings)
                    if scheme.scored
                    else None,
                    **_stages(scheme.organization_levels, row.rating),
                }
                for row in rows
            ],
            "can_write": can_write,
            "is_cell": node.kind in CELL_KINDS,
            "inline_names": [
                "stage",
                "rank",
                "exemplary",
                "decision_number",
                "decision_date",
                "score_general",
                "score_results",
                "sub_units_disciplined",
                "self_assessment",
            ],
            "locked_below": review_selectors.locked_cycles_below(user, node, year),
            **_cap_overruns(request, node, year),
            "sub_committees": review_selectors.sub_committees(user, node, year),
            "corrections": _correction_lines(review_selectors.corrections(user, node, year), scheme),
            "org_levels": [
                {"code": level.code, "label": level.label} for level in scheme.organization_levels
            ],
        },
    )


# --- the cap raised by the competent level (QĐ 366, from 2025) ------------------------------------


def _headed_group_rows(user: User, organization: Organization, year: int, name: str) -> list[dict[str, Any]]:
    """The groups the organization heads, each with what it counts, its counts so far, its cap and
    the warning (rules.rating.cap_overrun, as the decision counts)."""
    settings = review_services.rule_settings()
    rows = []
    for headed in review_selectors.headed_groups(user, organization, year):
        percent = rules.cap_percent(year, headed.raised.percent if headed.raised else None, settings=settings)
        in_force = headed.record is None or headed.record.closed_on is None
        who = "đảng viên" if headed.subjects == rules.groups.MEMBERS else "tổ chức"
        over = (
            rules.rating.cap_overrun(headed.counts, year=year, settings=settings, percent=percent, who=who)
            if in_force
            else []
        )
        label = rules.groups.group_label(headed.group, name)
        rows.append(
            {
                "headed": headed,
                "label": label[:1].upper() + label[1:],
                "who": who,
                "percent": percent,
                "limit": int(headed.counts.good * percent // 100),
                "warning": over[0].message if over else "",
                "in_force": in_force,
            }
        )
    return rows


@login_required
@refusable
def review_cap_raise(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """Giới hạn hoàn thành xuất sắc nhiệm vụ: the groups of comparable subjects this organization heads
    (its defaults and those it defined, QĐ 366 from 2025) with their counts, cap and warning; the
    decision raising a group's cap; a group defined, or closed, with its decision."""
    scheme = review_year(year)
    user = user_of(request)
    organization = _for_change(request, code)
    context = _page_context(request, organization, year)
    here = reverse("review_cap_raise", args=[year, organization.code])
    action = request.POST.get("action", "") if request.method == "POST" else ""
    headed = _headed_group_rows(user, organization, year, context["name"])
    in_force = [
        row["headed"].record for row in headed if row["headed"].record is not None and row["in_force"]
    ]
    can_write = org_selectors.can_write_organization(user, organization) and context["cycle"] is None
    form = CapRaiseForm(posted(request) if action == "" else None, scheme=scheme, defined=in_force)
    group_form = ComparableGroupForm(
        posted(request) if action == "nhom" else None,
        units=review_selectors.group_unit_choices(user, organization, year) if can_write else (),
        auto_id="nhom_%s",  # beside the raise's form on one page: ids of its own
    )
    close_form = CloseGroupForm(posted(request) if action == "thoi" else None)

    def run(d: dict[str, Any]) -> tuple[str, str]:
        raised = review_services.cap_raise_record(
            actor=user,
            organization=organization,
            year=year,
            group=d["group"],
            percent=d["percent"],
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
            reason=d["reason"],
            comparable_group=d.get("comparable_group"),
        )
        what = (
            raised.comparable_group.name
            if raised.comparable_group is not None
            else raised.get_group_display().lower()
        )
        return (
            f"Đã ghi quyết định số {raised.decision_number}: giới hạn {format_number(raised.percent, 0)}% "
            f"cho nhóm “{what}” của {context['name']} năm {year}.",
            here,
        )

    def define(d: dict[str, Any]) -> tuple[str, str]:
        group = review_services.comparable_group_define(
            actor=user,
            organization=organization,
            year=year,
            name=d["name"],
            subjects=d["subjects"],
            units=d["units"],
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
            note=d["note"],
        )
        return (
            f"Đã ghi nhóm đối tượng tương đồng “{group.name}” năm {year} (quyết định số {group.decision_number}).",
            here + "#nhom",
        )

    def close(d: dict[str, Any]) -> tuple[str, str]:
        group = review_selectors.comparable_group_of(user, organization, year, d["group_id"])
        review_services.comparable_group_close(
            actor=user,
            group=group,
            closed_on=d["closed_on"],
            reason=d["close_reason"],
            decision_number=d["close_decision_number"],
        )
        return (
            f"Nhóm “{group.name}” thôi áp dụng từ quyết định số {group.close_decision_number}.",
            here + "#nhom",
        )

    aliases = {"year": "percent", "organization": "group"}
    response = (
        submit(request, group_form, define, {"year": "name", "organization": "name"})
        if action == "nhom"
        else submit(
            request,
            close_form,
            close,
            {
                "reason": "close_reason",
                "decision_number": "close_decision_number",
                "decision_date": "closed_on",
                "year": "close_reason",
                "name": "close_reason",
            },
        )
        if action == "thoi"
        else submit(request, form, run, aliases)
    )
    closing = request.POST.get("group_id", "") if action == "thoi" else ""
    for row in headed:
        record = row["headed"].record
        if record is not None and row["in_force"]:
            row["close_form"] = (
                close_form
                if closing == str(record.pk)
                else CloseGroupForm(initial={"group_id": record.pk}, auto_id=f"id_thoi{record.pk}_%s")
            )
    return response or render(
        request,
        "web/reviews/cap_raise.html",
        {
            **context,
            "form": form,
            "group_form": group_form,
            "closing": closing,
            "headed": headed,
            "raises": review_selectors.cap_raises(user, organization, year),
            "allowed": scheme.cap_percent_max > review_services.rule_settings().excellent_cap_percent,
            "groups_allowed": rules.groups.definition_refusal(year) is None,
            "can_write": can_write,
        },
    )


# --- lock and correction ---------------------------------------------------------------------------


@login_required
@refusable
def review_lock(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """Phê duyệt và khóa sổ the year's review of a subtree."""
    review_year(year)
    user = user_of(request)
    organization = _for_change(request, code)
    context = _page_context(request, organization, year)
    form = LockForm(posted(request))
    back = reverse("review_organizations", args=[year, organization.code])

    def run(d: dict[str, Any]) -> tuple[str, str]:
        review_services.review_cycle_lock(
            actor=user,
            organization=organization,
            year=year,
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
        )
        return (
            f"Đã phê duyệt và khóa sổ kết quả đánh giá, xếp loại năm {year} của {context['name']}.",
            back,
        )

    pending_members = review_selectors.not_yet_assessed_count(user, organization, year)
    pending_units = len(review_selectors.units_not_yet_assessed(user, organization, year))
    return submit(request, form, run, {"year": "decision_number"}) or render(
        request,
        "web/reviews/lock.html",
        {
            **context,
            "form": form,
            "pending_members": pending_members,
            "pending_units": pending_units,
            "locked_below": review_selectors.locked_cycles_below(user, organization, year),
            "can_write": org_selectors.can_write_organization(user, organization),
        },
    )


def _correct(
    request: HttpRequest,
    rating: MemberRating | OrganizationRating,
    *,
    title: str,
    back: str,
    levels: tuple[rules.Level, ...],
) -> HttpResponse:
    user = user_of(request)
    is_organization = isinstance(rating, OrganizationRating)
    initial: dict[str, Any] = {"rank": str(rating.rank or "")}
    if isinstance(rating, OrganizationRating):
        initial["exemplary"] = rating.exemplary
    scheme = review_services.scheme(rating.year)
    form = CorrectionForm(posted(request), scheme=scheme, organization=is_organization, initial=initial)
    deciding = review_services.rating_deciding_level(rating)
    here = request.path

    def run(d: dict[str, Any]) -> tuple[str, str]:
        review_services.rating_correct(
            actor=user,
            rating=rating,
            rank=rank_value(d["rank"]),
            reason=d["reason"],
            decision_number=d["decision_number"],
            exemplary=d.get("exemplary") if is_organization else None,
        )
        return f"Đã ghi điều chỉnh kết quả xếp loại năm {rating.year}: {title}.", here

    return submit(request, form, run) or render(
        request,
        "web/reviews/correct.html",
        {
            "form": form,
            "rating": rating,
            "title": title,
            "year": rating.year,
            "scheme": scheme,
            "level_label": levels[rating.rank - 1].label if rating.rank else "",
            "is_organization": is_organization,
            "corrections": _correction_lines(list(review_selectors.rating_corrections(rating)), scheme),
            "back": back,
            "cycle": review_selectors.locked_cycle_over(user, rating.organization, rating.year),
            "can_write": org_selectors.can_write_organization(user, rating.organization)
            and deciding.allows(user),
            "deciding": deciding,
            **record_audit(
                request,
                audit_selectors.rating_audit_entries(user, rating),
                loai=rating._meta.label_lower,
                ma=rating.pk,
            ),
        },
    )


@login_required
@refusable
def review_correct_member(request: HttpRequest, year: int, member_id: int) -> HttpResponse:
    """Điều chỉnh a member's rating (of a locked year too): who, why, under which decision."""
    scheme = review_year(year)
    user = user_of(request)
    if request.method == "POST":
        with writable_only():
            rating = review_selectors.member_rating_of(user, member_id, year, write=True)
    else:
        with visible_only():
            rating = review_selectors.member_rating_of(user, member_id, year)
    return _correct(
        request,
        rating,
        title=f"đồng chí {rating.member.full_name}",
        back=reverse("review_cell", args=[year, rating.organization.code]),
        levels=scheme.member_levels,
    )


@login_required
@refusable
def review_correct_organization(request: HttpRequest, year: int, code: str) -> HttpResponse:
    scheme = review_year(year)
    user = user_of(request)
    organization = _visible(request, code)
    if request.method == "POST":
        with writable_only():
            rating = review_selectors.organization_rating_of(user, organization, year, write=True)
    else:
        with visible_only():
            rating = review_selectors.organization_rating_of(user, organization, year)
    version = org_selectors.version_of(organization, _year_end(year))
    parent = version.parent if version is not None else organization.parent
    back = reverse("review_organizations", args=[year, (parent or organization).code])
    return _correct(
        request,
        rating,
        title=version.name if version else organization.name,
        back=back,
        levels=scheme.organization_levels,
    )


# --- lists ------------------------------------------------------------------------------------------


@login_required
@require_safe
@refusable
def review_lists(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """Chưa đánh giá, and không xếp loại with the reason: members and organizations of a subtree."""
    review_year(year)
    user = user_of(request)
    organization = _visible(request, code, personal=True)
    context = _page_context(request, organization, year)
    pending = paginate(request, review_selectors.not_yet_assessed(user, organization, year))
    periods = member_selectors.periods_on([m.pk for m in pending.object_list], _year_end(year))
    org_names.label((p.organization for p in periods.values()), _year_end(year))
    units_pending = review_selectors.units_not_yet_assessed(user, organization, year)
    units_not_rated = review_selectors.units_not_rated(user, organization, year)
    # the units' names in one query, not one a unit when the template shows them
    org_names.label((row.version for row in [*units_pending, *units_not_rated]), _year_end(year))
    return render(
        request,
        "web/reviews/lists.html",
        {
            **context,
            "pending": pending,
            "pending_rows": [(m, periods.get(m.pk)) for m in pending.object_list],
            "not_rated": review_selectors.not_rated(user, organization, year),
            "units_pending": units_pending,
            "units_not_rated": units_not_rated,
        },
    )


# --- commendation ------------------------------------------------------------------------------------


def _streak_length(request: HttpRequest) -> tuple[int, str]:
    raw = request.GET.get("so-nam", "").strip()
    if not raw:
        return DEFAULT_STREAK, ""
    if not raw.isdigit() or not 1 <= int(raw) <= 30:
        return (
            DEFAULT_STREAK,
            f"Số năm liền “{raw}” không hợp lệ (từ 1 đến 30); đang dùng {DEFAULT_STREAK} năm.",
        )
    return int(raw), ""


@login_required
@refusable
def review_commendations(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """Đề nghị khen thưởng: organizations tiêu biểu and members HTXSNV N years running; the award."""
    scheme = review_year(year)
    user = user_of(request)
    organization = _for_change(request, code)
    context = _page_context(request, organization, year)
    years, years_error = _streak_length(request)
    exemplary = request.GET.get("tieu-bieu", "1") != "0"
    org_candidates = review_selectors.organization_candidates(
        user, organization, year=year, years=years, exemplary=exemplary
    )
    # the members by name where the user sees personal data; a viewer gets their number
    member_candidates, hidden_members = [], 0
    if context["personal"]:
        member_candidates = review_selectors.member_candidates(user, organization, year=year, years=years)
    else:
        hidden_members = review_selectors.member_candidate_count(user, organization, year=year, years=years)
    by_key = {f"o{c.target_id}": c for c in org_candidates} | {
        f"m{c.target_id}": c for c in member_candidates
    }
    chosen = by_key.get(request.GET.get("doi-tuong", ""))
    initial: dict[str, Any] = {"kind": "certificate"}
    if chosen is not None:
        key = request.GET["doi-tuong"]
        if key.startswith("o"):
            what = scheme.exemplary_label.lower() if exemplary else scheme.organization_level(1).label.lower()
        else:
            what = scheme.member_level(1).label.lower()
        initial |= {
            "target": key,
            "consecutive_years": chosen.years,
            "title": f"Đạt {what} {chosen.years} năm liền ({year - chosen.years + 1}–{year})",
        }
    form = AwardForm(
        posted(request), organizations=org_candidates, members=member_candidates, initial=initial
    )
    query = request.GET.urlencode()
    here = request.path + (f"?{query}" if query else "")

    def run(d: dict[str, Any]) -> tuple[str, str]:
        key = d["target"]
        candidate = by_key[key]
        target: dict[str, Any] = {}
        if key.startswith("o"):
            with writable_only():
                target["organization"] = org_selectors.organization_for_update(user, candidate.code)
        else:
            with visible_only():
                target["member"] = member_selectors.member_detail(user, candidate.target_id)
        award = review_services.award_record(
            actor=user,
            kind=d["kind"],
            year=year,
            title=d["title"],
            given_by=d["given_by"],
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
            consecutive_years=d["consecutive_years"],
            **target,
        )
        return f"Đã ghi {award.get_kind_display().lower()} cho {candidate.name}.", here

    awards = review_selectors.awards_given(user, organization, year)
    awarded = {f"o{a.organization_id}" for a in awards if a.organization_id} | {
        f"m{a.member_id}" for a in awards if a.member_id
    }
    return submit(request, form, run) or render(
        request,
        "web/reviews/commendations.html",
        {
            **context,
            "form": form,
            "streak": years,
            "streak_error": years_error,
            "exemplary": exemplary,
            "org_candidates": org_candidates,
            "member_candidates": member_candidates,
            "hidden_members": hidden_members,
            "org_rows": [(c, f"o{c.target_id}") for c in org_candidates],
            "member_rows": [(c, f"m{c.target_id}") for c in member_candidates],
            "awards": awards,
            "awarded": awarded,
            "can_write": org_selectors.can_write_organization(user, organization),
        },
    )
