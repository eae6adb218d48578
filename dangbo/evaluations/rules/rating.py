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
from functools import lru_cache
from typing import Protocol

from dangbo.evaluations.rules.checks import (
    CapCounts,
    CollectiveFacts,
    MemberFacts,
    ScoreFacts,
    Violation,
    cap_applies,
    cap_blocks,
    collective_level_violations,
    excellent_cap,
    excellent_cap_change,
    exemplary_violations,
    member_level_violations,
    member_not_rated_reason,
    organization_excellent_conditions,
    organization_not_rated_reason,
    points,
    score_missing,
    score_violations,
    weak_before_2018,
)
from dangbo.evaluations.rules.quarters import QuarterRank, quarter_findings
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


@lru_cache(maxsize=256)
def _bounds(year: int) -> tuple[date, date, date]:
    """The year's first day, the next year's, and its last day (place: an import places a file's
    hundred thousand members in a year or two)."""
    return date(year, 1, 1), date(year + 1, 1, 1), date(year, 12, 31)


def place(stays: Iterable[Stay], year: int) -> Placement | None:
    """The member's place in `year` from their periods: the last period that overlaps the year
    (None: not on the books that year)."""
    start, end, year_end = _bounds(year)
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


def suspended_at(changes: Iterable[tuple[date, bool]], day: date) -> bool:
    """Suspended from activity (đình chỉ sinh hoạt đảng) on `day`: the last of the suspensions
    (True) and their ends (False) taking effect by then, in order."""
    state = False
    for when, suspended in sorted(changes, key=lambda change: change[0]):
        if when > day:
            break
        state = suspended
    return state


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
    quarters: tuple[QuarterRank, ...] = ()  # the year's quarterly ratings (from 2025)
    suspended: bool = False  # đình chỉ sinh hoạt đảng in force at the year's end (QĐ 366, Điều 5)
    # QĐ 366 (from 2025): the 100-point score and the conditions of the levels
    score: Decimal | None = None
    tasks_exceeding_percent: Decimal | None = None
    tasks_on_time: bool = True
    unpaid_dues_months: int = 0  # months of the year with dues unpaid without reason (a warning)


def member_not_rated(facts: MemberYear, *, settings: RuleSettings = DEFAULT) -> str | None:
    """Why the member is not rated that year (HD 21 §II.6; no longer on the books at the year's end),
    None when they are rated."""
    reason = member_not_rated_reason(
        year=facts.year,
        admitted_on=facts.admitted_on or date.min,  # unknown: only the exemption can say
        exempted=facts.exempted,
        suspended=facts.suspended,
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
    percent: Decimal | None = None  # the group's cap when a recorded decision raised it (QĐ 366)
    who: str = "đảng viên"  # what the group counts: members, or collectives ("tổ chức")


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


def cap_change(
    others: CapCounts,
    before: int | None,
    after: int | None,
    where: str = "",
    *,
    percent: Decimal | None = None,
    who: str = "đảng viên",
) -> CapChange:
    """The group's counts before and after one rating changes, the others' being `others`."""
    mine_before, mine_after = counted(before), counted(after)
    return CapChange(
        CapCounts(others.excellent + mine_before.excellent, others.good + mine_before.good),
        CapCounts(others.excellent + mine_after.excellent, others.good + mine_after.good),
        where,
        percent,
        who,
    )


def cap_violations(change: CapChange, *, year: int, settings: RuleSettings = DEFAULT) -> list[Violation]:
    """The 20 % cap on one group's change (excellent_cap_change), named after the group when it is
    not the member's own."""
    found = excellent_cap_change(
        change.before, change.after, year=year, settings=settings, percent=change.percent, who=change.who
    )
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
    rated, the KHTNV triggers and the sick-leave ceiling (QĐ 132, HD 21; the bar gone from 2025),
    the score's band and the top level's conditions (QĐ 366, from 2025), and the cap on each group
    whose counts the change moves (`cap`: the caller counts the group)."""
    violations: list[Violation] = []
    the_scheme = scheme_for(facts.year)
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
            year=facts.year,
            settings=settings,
        )
        if the_scheme.scored and not reason:
            if facts.score is None:
                violations.append(score_missing(year=facts.year, collective=False))
            else:
                violations += score_violations(
                    rank,
                    ScoreFacts(
                        score=Decimal(facts.score),
                        tasks_done_percent=Decimal(
                            100 if facts.targets_met_percent is None else facts.targets_met_percent
                        ),
                        tasks_exceeding_percent=Decimal(facts.tasks_exceeding_percent or 0),
                        tasks_on_time=facts.tasks_on_time,
                    ),
                    year=facts.year,
                    scheme=the_scheme,
                    settings=settings,
                )
    if settings.quarters.blocks:
        violations += quarter_violations(rank, facts.quarters, year=facts.year, settings=settings)
    for change in cap:
        violations += cap_violations(change, year=facts.year, settings=settings)
    return violations


def quarter_violations(
    rank: int | None,
    quarters: Sequence[QuarterRank],
    *,
    year: int,
    settings: RuleSettings = DEFAULT,
    collective: bool = False,
) -> list[Violation]:
    """The quarters' rule on the year's rank (rules.quarters; a setting, UNCONFIRMED)."""
    found = quarter_findings(rank, quarters, year=year, rules=settings.quarters, collective=collective)
    return [Violation(rule, message) for rule, message in found]


def quarter_warnings(
    rank: int | None,
    quarters: Sequence[QuarterRank],
    *,
    year: int,
    settings: RuleSettings = DEFAULT,
    collective: bool = False,
) -> list[Violation]:
    """The quarters' rule when it only warns (settings.quarters.blocks off): said on the steps and
    beside the decision, never blocking; nothing when it blocks (it is then a violation)."""
    if settings.quarters.blocks:
        return []
    return quarter_violations(rank, quarters, year=year, settings=settings, collective=collective)


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


def cap_overrun(
    counts: CapCounts,
    *,
    year: int,
    settings: RuleSettings = DEFAULT,
    percent: Decimal | None = None,
    who: str = "đảng viên",
) -> list[Violation]:
    """The cap on the counts of a whole group (a stored year, a page's figures)."""
    return excellent_cap(
        counts.excellent, counts.good, year=year, settings=settings, percent=percent, who=who
    )


def cap_warning(
    counts: CapCounts,
    *,
    year: int,
    where: str = "",
    settings: RuleSettings = DEFAULT,
    percent: Decimal | None = None,
    who: str = "đảng viên",
) -> list[Violation]:
    """The cap on a group's counts so far (decided, else proposed), said with the two counts."""
    found = cap_overrun(counts, year=year, settings=settings, percent=percent, who=who)
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
    percent: Decimal | None = None,
) -> list[Violation]:
    """What a step before the decision (the self-assessment, the proposal) is warned of, never
    blocked by: the violations the decision would meet at `rank`, the cap on the group's counts
    `cap` when the member is at HTXSNV, an absence of 3 months or more and dues unpaid as long."""
    warnings = member_violations(rank, facts, settings=settings)
    if cap is not None and rank == HTXSNV:
        warnings += cap_warning(cap, year=facts.year, where=where, settings=settings, percent=percent)
    warnings += quarter_warnings(rank, facts.quarters, year=facts.year, settings=settings)
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
    quarters: tuple[QuarterRank, ...] = ()  # the year's quarterly ratings (from 2025)
    # QĐ 366 (from 2025): the conditions of the top level besides the score
    tasks_done_percent: Decimal | None = None
    tasks_exceeding_percent: Decimal | None = None
    tasks_on_time: bool = True
    shortcomings_fixed: bool = True


def organization_not_rated(facts: OrganizationYear, *, settings: RuleSettings = DEFAULT) -> str | None:
    return organization_not_rated_reason(
        year=facts.year, established_on=facts.established_on, settings=settings
    )


def organization_violations(
    rank: int | None,
    facts: OrganizationYear,
    *,
    settings: RuleSettings = DEFAULT,
    cap: Sequence[CapChange] = (),
) -> list[Violation]:
    """Every rule an organization's rating at `rank` meets (None: not rated): rated although not
    to be rated, tiêu biểu only at the top, the conditions of the top level (HD 21), "yếu kém"
    before 2018 (HD 27), the collective's KHTNV triggers from 2018 (QĐ 132, 124), the score's band
    (QĐ 366) with the top level's conditions, and from 2025 the cap on the group of comparable
    collectives (`cap`, counted by the caller)."""
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
            year=facts.year,
        )
    if the_scheme.scored and not reason:
        if facts.score is None:
            violations.append(score_missing(year=facts.year, collective=True))
        else:
            violations += score_violations(
                rank,
                ScoreFacts(
                    score=Decimal(facts.score),
                    tasks_done_percent=Decimal(
                        100 if facts.tasks_done_percent is None else facts.tasks_done_percent
                    ),
                    tasks_exceeding_percent=Decimal(facts.tasks_exceeding_percent or 0),
                    tasks_on_time=facts.tasks_on_time,
                    collective=True,
                    disciplined_sub_unit_or_leader=facts.leadership_disciplined
                    or facts.leadership_warning_or_above
                    or facts.sub_units_disciplined > 0,
                    earlier_shortcomings_fixed=facts.shortcomings_fixed,
                ),
                year=facts.year,
                scheme=the_scheme,
                settings=settings,
            )
    if the_scheme.cap_covers_collectives:
        for change in cap:
            violations += cap_violations(change, year=facts.year, settings=settings)
    if settings.quarters.blocks:
        violations += quarter_violations(
            rank, facts.quarters, year=facts.year, settings=settings, collective=True
        )
    return violations


def organization_warnings(
    rank: int | None, facts: OrganizationYear, *, settings: RuleSettings = DEFAULT
) -> list[Violation]:
    """What an organization's rating at `rank` is warned of, never blocked by: the violations the
    decision meets, and the quarters' rule when it only warns."""
    return organization_violations(rank, facts, settings=settings) + quarter_warnings(
        rank, facts.quarters, year=facts.year, settings=settings, collective=True
    )


# --- what blocks, what warns; what a page says ----------------------------------------------------


def blocking(
    violations: Sequence[Violation], *, year: int, settings: RuleSettings = DEFAULT
) -> list[Violation]:
    """The violations that block a live decision (unless overridden with a reason): all but the cap
    in a year whose setting makes it warn (RuleSettings.cap_blocks)."""
    if cap_blocks(year, settings):
        return list(violations)
    return [v for v in violations if v.rule != "excellent_cap"]


def cap_statement(year: int, *, settings: RuleSettings = DEFAULT, percent: Decimal | None = None) -> str:
    """The cap as a page states it for `year`: the percent in force, what it counts, whether it
    blocks or warns, and its source from the year's scheme; "" when it does not apply."""
    if not cap_applies(year, settings):
        return ""
    the_scheme = scheme_for(year)
    the_percent = points(settings.excellent_cap_percent if percent is None else percent)
    if the_scheme.cap_covers_collectives:
        who = (
            "tập thể, cá nhân hoàn thành xuất sắc nhiệm vụ không vượt quá "
            f"{the_percent}% số hoàn thành tốt nhiệm vụ, trong từng nhóm đối tượng tương đồng (đảng viên "
            "của một tổ chức cơ sở đảng; các chi bộ trực thuộc một đảng ủy cơ sở; các tổ chức cơ sở đảng "
            f"trực thuộc một cấp ủy); cấp có thẩm quyền có thể quyết định nâng tới {the_scheme.cap_percent_max}%"
        )
    else:
        who = (
            f"đảng viên hoàn thành xuất sắc nhiệm vụ không vượt quá {the_percent}% số đảng viên hoàn thành "
            "tốt nhiệm vụ, tính trong từng tổ chức cơ sở đảng"
        )
    how = "" if cap_blocks(year, settings) else "; theo cài đặt, năm này chỉ cảnh báo, không chặn quyết định"
    return f"Giới hạn: {who} ({the_scheme.cite('cap')}){how}."


def regime(year: int) -> str:
    """The review's regulation and guidance for `year`, as a page's heading cites them."""
    return scheme_for(year).cite("regime")
