"""The rating rules composed: one place that says which rules a rating meets. Facts in, violations out.

Every caller goes through these functions: the services (a decision blocks on the violations, a
historical record and a correction store them as flags), the import (historical records), the
re-check of a stored year (evaluations.audit) and the pages (the same violations as warnings at
the self-assessment and the proposal). Gathering the facts is the callers' work, with one
definition of where a member stood in a year (place). No Django imports.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

from dangbo.evaluations.rules.checks import (
    CapCounts,
    CollectiveFacts,
    MemberFacts,
    ScoreFacts,
    Violation,
    collective_level_violations,
    excellent_cap,
    excellent_cap_change,
    exemplary_violations,
    level_from_score,
    member_level_violations,
    member_not_rated_reason,
    organization_excellent_conditions,
    organization_not_rated_reason,
    weak_before_2018,
)
from dangbo.evaluations.rules.schemes import CODES, HTTNV, HTXSNV, KHTNV, scheme_for
from dangbo.evaluations.rules.settings import DEFAULT, RuleSettings

NOT_ON_BOOKS_AT_END = "Không còn trong danh sách đảng viên vào cuối năm"
# Điều lệ Đảng, Điều 8: three months in a year absent without reason: the cell considers removal.
ABSENCE_MONTHS = 3


# --- where a member stood in a year -----------------------------------------------------------------


class Stay(Protocol):
    """A period on the books (members.MemberPeriod as read by a selector, members.lifecycle.Period)."""

    @property
    def organization_id(self) -> int: ...

    @property
    def exempted(self) -> bool: ...

    @property
    def valid_from(self) -> date: ...

    @property
    def valid_to(self) -> date | None: ...  # None: still open


@dataclass(frozen=True)
class Placement:
    """Where a member was reviewed in a year: the cell on the last day on the books that year."""

    organization_id: int
    day: date  # the last day on the books that year (31/12 when still there)
    exempted: bool
    on_books_at_end: bool


def place(stays: Iterable[Stay], year: int) -> Placement | None:
    """The member's place in `year` from their periods: the last period that overlaps the year
    (None: not on the books that year)."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    year_end = date(year, 12, 31)
    last: Stay | None = None
    for stay in stays:
        overlaps = stay.valid_from < end and (stay.valid_to is None or stay.valid_to > start)
        if overlaps and (last is None or stay.valid_from > last.valid_from):
            last = stay
    if last is None:
        return None
    on_books_at_end = last.valid_to is None or last.valid_to > year_end
    day = year_end if on_books_at_end or last.valid_to is None else last.valid_to - timedelta(days=1)
    return Placement(last.organization_id, day, last.exempted, on_books_at_end)


def disciplined_in(days: Iterable[date], year: int) -> bool:
    """A discipline taking effect in `year` (QĐ 132: KHTNV)."""
    return any(day.year == year for day in days)


# --- members ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberYear:
    """A member's facts of one year, as the rules read them."""

    year: int
    admitted_on: date | None
    exempted: bool = False
    on_books_at_end: bool = True
    disciplined_in_year: bool = False
    decline_concluded: bool = False
    targets_met_percent: Decimal | None = None
    sick_leave_months: Decimal = Decimal(0)
    absent_months: int = 0  # months of the year with a meeting missed without reason (a warning)
    unpaid_dues_months: int = 0  # months of the year with dues unpaid without reason (a warning)


def member_not_rated(facts: MemberYear, *, settings: RuleSettings = DEFAULT) -> str | None:
    """Why the member is not rated that year (HD 21 §II.6; no longer on the books at the year's end),
    None when they are rated."""
    reason = member_not_rated_reason(
        year=facts.year,
        admitted_on=facts.admitted_on or date.min,  # unknown: only the exemption can say
        exempted=facts.exempted,
        settings=settings,
    )
    if reason is None and not facts.on_books_at_end:
        return NOT_ON_BOOKS_AT_END
    return reason


def not_rated_violation(reason: str, *, organization: bool = False) -> Violation:
    """The one wording of "rated although not to be rated"."""
    who = "Tổ chức" if organization else "Đảng viên"
    return Violation("not_rated", f"{who} thuộc diện không xếp loại: {reason}.")


@dataclass(frozen=True)
class CapChange:
    """The two counts of the 20 % cap in one grassroots organization, before and after a change."""

    before: CapCounts
    after: CapCounts
    where: str = ""  # the organization's name when it is not the member's own (one the member left)


def counted(rank: int | None) -> CapCounts:
    """What one rating adds to the cap's counts."""
    return CapCounts(int(rank == HTXSNV), int(rank == HTTNV))


def moves_cap(before: int | None, after: int | None) -> bool:
    """Does changing one rating from `before` to `after` move a count of the cap the wrong way (an
    HTXSNV added, an HTTNV taken away)? Nothing else can break it."""
    return (after == HTXSNV and before != HTXSNV) or (before == HTTNV and after != HTTNV)


def carries_cap_flag(before: int | None, after: int | None) -> bool:
    """On a group over the cap after a list of changes (a list decision, a file), the ratings that
    share its flag: each at HTXSNV, and each HTTNV taken away."""
    return after == HTXSNV or (before == HTTNV and after != HTTNV)


def cap_change(others: CapCounts, before: int | None, after: int | None, where: str = "") -> CapChange:
    """The group's counts before and after one rating changes, the others' being `others`."""
    mine_before, mine_after = counted(before), counted(after)
    return CapChange(
        CapCounts(others.excellent + mine_before.excellent, others.good + mine_before.good),
        CapCounts(others.excellent + mine_after.excellent, others.good + mine_after.good),
        where,
    )


def cap_violations(change: CapChange, *, year: int, settings: RuleSettings = DEFAULT) -> list[Violation]:
    """The 20 % cap on one group's change (excellent_cap_change), named after the group when it is
    not the member's own."""
    found = excellent_cap_change(change.before, change.after, year=year, settings=settings)
    if change.where:
        found = [Violation(v.rule, f"{change.where}: {v.message}") for v in found]
    return found


def member_violations(
    rank: int | None,
    facts: MemberYear,
    *,
    settings: RuleSettings = DEFAULT,
    cap: Sequence[CapChange] = (),
) -> list[Violation]:
    """Every rule a member's rating at `rank` meets (None: not rated): rated although not to be
    rated, the KHTNV triggers and the sick-leave ceiling (QĐ 132, HD 21), and the 20 % cap on each
    group whose counts the change moves (`cap`: the caller counts the group)."""
    violations: list[Violation] = []
    if rank is not None:
        reason = member_not_rated(facts, settings=settings)
        if reason:
            violations.append(not_rated_violation(reason))
        violations += member_level_violations(
            rank,
            MemberFacts(
                disciplined_in_year=facts.disciplined_in_year,
                decline_concluded=facts.decline_concluded,
                targets_met_percent=facts.targets_met_percent,
                sick_leave_months=Decimal(facts.sick_leave_months or 0),
            ),
            settings=settings,
        )
    for change in cap:
        violations += cap_violations(change, year=facts.year, settings=settings)
    return violations


def absence_warning(facts: MemberYear) -> list[Violation]:
    """3 months or more of the year absent without reason: a warning on the member's row, never a
    block (Điều lệ Đảng, Điều 8: the cell considers proposing removal)."""
    if facts.absent_months < ABSENCE_MONTHS:
        return []
    return [
        Violation(
            "absent",
            f"Vắng sinh hoạt không có lý do {facts.absent_months} tháng trong năm {facts.year}. "
            "Bỏ sinh hoạt đảng 3 tháng trong năm không có lý do chính đáng: chi bộ xem xét, đề nghị "
            "xóa tên (Điều lệ Đảng, Điều 8).",
        )
    ]


def dues_warning(facts: MemberYear) -> list[Violation]:
    """3 months or more of the year with dues unpaid without reason: a warning beside the absence,
    never a block (Điều lệ Đảng, Điều 8: the cell considers proposing removal)."""
    if facts.unpaid_dues_months < ABSENCE_MONTHS:
        return []
    return [
        Violation(
            "dues_unpaid",
            f"Không đóng đảng phí {facts.unpaid_dues_months} tháng trong năm {facts.year} không có lý do. "
            "Không đóng đảng phí 3 tháng trong năm không có lý do chính đáng: chi bộ xem xét, đề nghị "
            "xóa tên (Điều lệ Đảng, Điều 8).",
        )
    ]


def cap_overrun(counts: CapCounts, *, year: int, settings: RuleSettings = DEFAULT) -> list[Violation]:
    """The 20 % cap on the counts of a whole group (a stored year, a page's figures)."""
    return excellent_cap(counts.excellent, counts.good, year=year, settings=settings)


def cap_warning(
    counts: CapCounts, *, year: int, where: str = "", settings: RuleSettings = DEFAULT
) -> list[Violation]:
    """The 20 % cap on a group's counts so far (decided, else proposed), said with the two counts."""
    found = cap_overrun(counts, year=year, settings=settings)
    if not found:
        return []
    place_name = f" ở {where}" if where else ""
    return [
        Violation(
            found[0].rule,
            f"{counts.excellent} {CODES[HTXSNV]} / {counts.good} {CODES[HTTNV]}{place_name} "
            f"(đã quyết định hoặc đề xuất): {found[0].message}",
        )
    ]


def member_warnings(
    rank: int | None,
    facts: MemberYear,
    *,
    settings: RuleSettings = DEFAULT,
    cap: CapCounts | None = None,
    where: str = "",
) -> list[Violation]:
    """What a step before the decision (the self-assessment, the proposal) is warned of, never
    blocked by: the violations the decision would meet at `rank`, the cap on the group's counts
    `cap` when the member is at HTXSNV, an absence of 3 months or more and dues unpaid as long."""
    warnings = member_violations(rank, facts, settings=settings)
    if cap is not None and rank == HTXSNV:
        warnings += cap_warning(cap, year=facts.year, where=where, settings=settings)
    return warnings + absence_warning(facts) + dues_warning(facts)


# --- organizations --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganizationYear:
    """An organization's facts of one year, as the rules read them."""

    year: int
    established_on: date
    is_cell: bool
    sub_ranks: tuple[int, ...] = ()  # the decided ranks of a cell's members or a committee's sub-units
    sub_units: int = 0  # a committee's direct sub-units on 31/12 (a cell: 0)
    score: Decimal | None = None
    exemplary: bool = False
    leadership_disciplined: bool = False
    leadership_warning_or_above: bool = False
    sub_units_disciplined: int = 0
    disunity_concluded: bool = False


def organization_not_rated(facts: OrganizationYear, *, settings: RuleSettings = DEFAULT) -> str | None:
    return organization_not_rated_reason(
        year=facts.year, established_on=facts.established_on, settings=settings
    )


def organization_violations(
    rank: int | None, facts: OrganizationYear, *, settings: RuleSettings = DEFAULT
) -> list[Violation]:
    """Every rule an organization's rating at `rank` meets (None: not rated): rated although not
    to be rated, tiêu biểu only at the top, the conditions of the top level (HD 21), "yếu kém"
    before 2018 (HD 27), the collective's KHTNV triggers from 2018 (QĐ 132, 124), the score's band
    (QĐ 366)."""
    if rank is None:
        return []
    violations: list[Violation] = []
    the_scheme = scheme_for(facts.year)
    reason = organization_not_rated(facts, settings=settings)
    if reason:
        violations.append(not_rated_violation(reason, organization=True))
    violations += exemplary_violations(rank, facts.exemplary, the_scheme)
    ranks = list(facts.sub_ranks)
    if rank == HTXSNV:
        violations += organization_excellent_conditions(
            is_cell=facts.is_cell, sub_ranks=ranks, year=facts.year
        )
    if facts.year < 2018:
        failing = sum(1 for r in ranks if r == KHTNV)
        violations += weak_before_2018(
            rank=rank,
            score=facts.score,
            is_cell=facts.is_cell,
            sub_units=len(ranks),
            weak_sub_units=failing,
            members=len(ranks),
            members_not_completing=failing,
        )
    else:
        violations += collective_level_violations(
            rank,
            CollectiveFacts(
                leadership_disciplined=facts.leadership_disciplined,
                leadership_discipline_at_warning_or_above=facts.leadership_warning_or_above,
                sub_units=0 if facts.is_cell else facts.sub_units,
                sub_units_disciplined=facts.sub_units_disciplined,
                disunity_concluded=facts.disunity_concluded,
            ),
        )
    if the_scheme.scored and facts.score is not None:
        band, _ = level_from_score(ScoreFacts(score=Decimal(facts.score), collective=True))
        if rank < band:
            violations.append(
                Violation(
                    "score_band",
                    f"Điểm {facts.score} chỉ cho phép mức “{the_scheme.organization_level(band).label}” "
                    "(Quy định 366-QĐ/TW).",
                )
            )
    return violations
