"""The review's rules as pure functions: facts in, violations out. Each message cites its source.

No Django imports. A violation blocks a live decision unless overridden with a recorded reason;
historical data that breaks a rule is kept as decided and flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dangbo.evaluations.rules.schemes import HTNV, HTTNV, HTXSNV, KHTNV, Scheme, scheme_for
from dangbo.evaluations.rules.settings import DEFAULT, RuleSettings


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > date.max.year:  # a stored 9999-12-31 (an odd value) plus months: later than any review
        return date.max
    if year < date.min.year:
        return date.min
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)


# --- who is not rated -------------------------------------------------------------------------


def member_not_rated_reason(
    *,
    year: int,
    admitted_on: date,
    exempted: bool,
    suspended: bool = False,
    settings: RuleSettings = DEFAULT,
) -> str | None:
    """HD 21 §II.6: a member admitted less than 6 months before the year's end, or exempted from
    activity, is not rated (the newly admitted still self-review); from 2025 (QĐ 366, Điều 5) also
    a member suspended from activity (đình chỉ sinh hoạt đảng). Cited from the year's scheme."""
    scheme = scheme_for(year)
    source = scheme.cite("not_rated")
    if exempted:
        return f"Miễn công tác và sinh hoạt đảng ({source})"
    if suspended and scheme.suspended_not_rated:
        return f"Đình chỉ sinh hoạt đảng ({scheme.cite('suspended')})"
    if _add_months(admitted_on, settings.minimum_months) > date(year, 12, 31):
        return f"Vào Đảng chưa đủ {settings.minimum_months} tháng ({source})"
    return None


def organization_not_rated_reason(
    *, year: int, established_on: date, settings: RuleSettings = DEFAULT
) -> str | None:
    if _add_months(established_on, settings.minimum_months) > date(year, 12, 31):
        source = scheme_for(year).cite("not_rated")
        return f"Thành lập chưa đủ {settings.minimum_months} tháng ({source})"
    return None


# --- members ----------------------------------------------------------------------------------


def cap_applies(year: int, settings: RuleSettings = DEFAULT) -> bool:
    """Whether the HTXSNV cap is checked in `year` (from 2018, unless the setting turns it off)."""
    return scheme_for(year).has_cap and settings.excellent_cap_enabled


def cap_blocks(year: int, settings: RuleSettings = DEFAULT) -> bool:
    """Whether the cap blocks a decision in `year` (else it only warns): a setting per scheme
    (RuleSettings.cap_blocks; domain.md §2: 2023–2024 warn)."""
    return bool(dict(settings.cap_blocks).get(scheme_for(year).code, True))


def excellent_cap(
    excellent: int,
    good: int,
    *,
    year: int,
    settings: RuleSettings = DEFAULT,
    percent: Decimal | None = None,
    who: str = "đảng viên",
) -> list[Violation]:
    """HD 21 (2019): members rated HTXSNV may not exceed 20 % of those rated HTTNV, within each
    grassroots organization. QĐ 366 (2025, Điều 11, khoản 1.5): collectives and individuals, within
    a group of comparable subjects; the competent level may allow up to 25 % (`percent`: the
    percent in force for the group, the setting's when None). Cited from the year's scheme; said
    as a warning when the setting makes the cap warn (cap_blocks)."""
    if not cap_applies(year, settings):
        return []
    the_percent = settings.excellent_cap_percent if percent is None else Decimal(percent)
    limit = (Decimal(good) * the_percent / 100).to_integral_value(rounding="ROUND_FLOOR")
    if excellent > limit:
        warn = (
            "" if cap_blocks(year, settings) else " Theo cài đặt, năm này giới hạn chỉ cảnh báo, không chặn."
        )
        return [
            Violation(
                "excellent_cap",
                f"Số {who} hoàn thành xuất sắc nhiệm vụ ({excellent}) vượt quá "
                f"{points(the_percent)}% số {who} hoàn thành tốt nhiệm vụ ({good}; tối đa {limit}) "
                f"— {scheme_for(year).cite('cap')}.{warn}",
            )
        ]
    return []


def cap_raise_refusal(year: int, percent: Decimal, *, settings: RuleSettings = DEFAULT) -> str | None:
    """Why a decision raising the cap to `percent` in `year` cannot be recorded (None: it can): the
    competent level may allow up to 25 % from 2025 (QĐ 366, Điều 11, khoản 1.5), above the cap in
    force, never before."""
    scheme = scheme_for(year)
    if not scheme.has_cap or scheme.cap_percent_max <= settings.excellent_cap_percent:
        return (
            f"Năm {year} không có quy định cho cấp có thẩm quyền nâng giới hạn hoàn thành xuất sắc nhiệm vụ "
            f"({scheme.cite('regime')})."
        )
    if not settings.excellent_cap_percent < percent <= scheme.cap_percent_max:
        return (
            f"Tỷ lệ nâng giới hạn phải lớn hơn {settings.excellent_cap_percent}% và không quá "
            f"{scheme.cap_percent_max}% ({scheme.cite('cap_raise')})."
        )
    return None


def cap_percent(year: int, raised: Decimal | None, *, settings: RuleSettings = DEFAULT) -> Decimal:
    """The cap in force for a group: the recorded decision's percent (never above the scheme's
    most), else the setting's."""
    if raised is None:
        return settings.excellent_cap_percent
    return min(Decimal(raised), Decimal(scheme_for(year).cap_percent_max))


@dataclass(frozen=True)
class CapCounts:
    """The two counts the cap compares, within one grassroots organization and year."""

    excellent: int  # rated HTXSNV: the numerator
    good: int  # rated HTTNV: the denominator


def excellent_cap_change(
    before: CapCounts,
    after: CapCounts,
    *,
    year: int,
    settings: RuleSettings = DEFAULT,
    percent: Decimal | None = None,
    who: str = "đảng viên",
) -> list[Violation]:
    """The 20 % cap (excellent_cap) checked on a change of the group's ratings: a change that moves
    the numerator up or the denominator down (an HTXSNV added, an HTTNV lowered or taken out of the
    rating, a member moved away) breaks the cap when the group ends above it. A change that moves
    neither the wrong way (an HTXSNV lowered, an HTTNV added) is allowed even on a group already
    over the cap: it does not make the overrun worse."""
    if after.excellent <= before.excellent and after.good >= before.good:
        return []
    violations = excellent_cap(
        after.excellent, after.good, year=year, settings=settings, percent=percent, who=who
    )
    if violations and after.good < before.good:
        first = violations[0]
        violations[0] = Violation(
            first.rule,
            f"{first.message} Trước thay đổi này: {before.excellent} hoàn thành xuất sắc, "
            f"{before.good} hoàn thành tốt nhiệm vụ; giảm số hoàn thành tốt nhiệm vụ làm vượt giới hạn.",
        )
    return violations


@dataclass(frozen=True)
class MemberFacts:
    disciplined_in_year: bool = False
    decline_concluded: bool = (
        False  # "suy thoái", "tự diễn biến", "tự chuyển hóa" concluded by a competent body
    )
    targets_met_percent: Decimal | None = None
    sick_leave_months: Decimal = Decimal(0)


def member_level_violations(
    rank: int, facts: MemberFacts, *, year: int, settings: RuleSettings = DEFAULT
) -> list[Violation]:
    """KHTNV triggers for a member (QĐ 132, HD 21; QĐ 366, Điều 11) and the sick-leave ceiling
    (HD 21; gone from 2025, HD 43 7.5: rated on the year's results)."""
    scheme = scheme_for(year)
    violations = []
    triggers = []
    if facts.disciplined_in_year:
        triggers.append("bị kỷ luật trong năm")
    if facts.decline_concluded:
        triggers.append("bị cấp có thẩm quyền kết luận suy thoái, “tự diễn biến”, “tự chuyển hóa”")
    if facts.targets_met_percent is not None and facts.targets_met_percent < 50:
        triggers.append("hoàn thành dưới 50% chỉ tiêu, nhiệm vụ")
    if triggers and rank != KHTNV:
        violations.append(
            Violation(
                "member_khtnv",
                "Đảng viên " + "; ".join(triggers) + " phải xếp loại không hoàn thành nhiệm vụ "
                f"({scheme.cite('member_khtnv')}).",
            )
        )
    if scheme.sick_leave_bar and facts.sick_leave_months >= settings.sick_leave_months and rank <= HTTNV:
        violations.append(
            Violation(
                "sick_leave",
                f"Đảng viên nghỉ ốm từ {settings.sick_leave_months} tháng trở lên trong năm không xếp loại "
                f"hoàn thành tốt nhiệm vụ trở lên ({scheme.cite('sick_leave')}).",
            )
        )
    return violations


# --- organizations ------------------------------------------------------------------------------


def organization_excellent_conditions(*, is_cell: bool, sub_ranks: list[int], year: int) -> list[Violation]:
    """HD 21: an organization at HTXSNV needs 100 % of its members (a cell) or sub-units
    (a committee) at HTNV or above, and at least 80 % at HTTNV or above."""
    scheme = scheme_for(year)
    if year < 2018 or not scheme.excellent_sub_unit_conditions:
        return []
    source = scheme.cite("org_excellent")
    what = "đảng viên" if is_cell else "tổ chức trực thuộc"
    total = len(sub_ranks)
    if total == 0:
        return []
    violations = []
    failing = sum(1 for r in sub_ranks if r == KHTNV)
    if failing:
        violations.append(
            Violation(
                "org_excellent_all_complete",
                f"Còn {failing} {what} không hoàn thành nhiệm vụ: tổ chức chỉ được xếp loại hoàn thành xuất sắc "
                f"nhiệm vụ khi 100% {what} hoàn thành nhiệm vụ trở lên ({source}).",
            )
        )
    good = sum(1 for r in sub_ranks if r <= HTTNV)
    if good * 100 < 80 * total:
        violations.append(
            Violation(
                "org_excellent_80_percent",
                f"Chỉ {good}/{total} {what} hoàn thành tốt nhiệm vụ trở lên (dưới 80%): chưa đủ điều kiện "
                f"hoàn thành xuất sắc nhiệm vụ ({source}).",
            )
        )
    return violations


@dataclass(frozen=True)
class CollectiveFacts:
    leadership_disciplined: bool = False
    leadership_discipline_at_warning_or_above: bool = False
    sub_units: int = 0
    sub_units_disciplined: int = 0
    disunity_concluded: bool = False


def collective_level_violations(rank: int, facts: CollectiveFacts, *, year: int) -> list[Violation]:
    """QĐ 124 / HD 16, 21 (QĐ 366, Điều 11): triggers that make a collective KHTNV."""
    scheme = scheme_for(year)
    source = scheme.cite("collective_khtnv")
    triggers = []
    if facts.leadership_discipline_at_warning_or_above:
        triggers.append(
            f"có thành viên lãnh đạo bị kỷ luật từ cảnh cáo trở lên ({scheme.cite('leader_warning')})"
        )
    elif facts.leadership_disciplined:
        triggers.append(f"tập thể lãnh đạo bị kỷ luật ({source})")
    if facts.sub_units and facts.sub_units_disciplined * 100 > 20 * facts.sub_units:
        triggers.append(
            f"{facts.sub_units_disciplined}/{facts.sub_units} tổ chức trực thuộc bị kỷ luật trong năm, "
            f"quá 20% ({source})"
        )
    if facts.disunity_concluded:
        triggers.append(f"bị kết luận mất đoàn kết nội bộ ({source})")
    if triggers and rank != KHTNV:
        return [
            Violation(
                "collective_khtnv",
                "Tập thể " + "; ".join(triggers) + " phải xếp loại không hoàn thành nhiệm vụ.",
            )
        ]
    return []


_BEFORE_2018 = scheme_for(2017)


def weak_before_2018(
    *,
    rank: int,
    score: Decimal | None = None,
    is_cell: bool,
    sub_units: int = 0,
    weak_sub_units: int = 0,
    members: int = 0,
    members_not_completing: int = 0,
) -> list[Violation]:
    """HD 27 (until 2017): "yếu kém" for an organization scoring under 50 points, a committee with
    more than a third of its sub-units yếu kém, or a cell with more than half its members not
    completing their duties."""
    reasons = []
    if score is not None and score < 50:
        reasons.append(f"đạt {score} điểm, dưới 50 điểm")
    if not is_cell and sub_units and weak_sub_units * 3 > sub_units:
        reasons.append(f"có {weak_sub_units}/{sub_units} tổ chức trực thuộc yếu kém, quá một phần ba")
    if is_cell and members and members_not_completing * 2 > members:
        reasons.append(
            f"có {members_not_completing}/{members} đảng viên không hoàn thành nhiệm vụ, quá một nửa"
        )
    if reasons and rank != KHTNV:
        return [
            Violation(
                "weak_before_2018",
                "Tổ chức " + "; ".join(reasons) + f" phải xếp loại yếu kém ({_BEFORE_2018.cite('weak')}).",
            )
        ]
    return []


# --- QĐ 366 (from 2025): the score sets the level, then the conditions apply -------------------


def points(value: Decimal) -> str:
    """A score as a Vietnamese page writes it: 65, 92,5."""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")


GENERAL_MAX = Decimal(30)  # the general criteria (tiêu chí chung): 30 of the 100 points
RESULTS_MAX = Decimal(70)  # the results of the tasks (kết quả thực hiện nhiệm vụ): 70


@dataclass(frozen=True)
class ScoreFacts:
    score: Decimal  # out of 100: general criteria 30, task results 70
    tasks_done_percent: Decimal = Decimal(100)
    tasks_exceeding_percent: Decimal = Decimal(0)
    tasks_on_time: bool = True
    collective: bool = False
    disciplined_sub_unit_or_leader: bool = False
    earlier_shortcomings_fixed: bool = True


def score_total(general: Decimal | None, results: Decimal | None, *, year: int) -> Decimal | None:
    """The 100-point score from its two parts (general criteria ≤ 30, results ≤ 70); None when
    neither is given. A part out of its range raises ValueError with the Vietnamese reason."""
    if general is None and results is None:
        return None
    source = scheme_for(year).cite("score")
    for value, most, what in ((general, GENERAL_MAX, "tiêu chí chung"), (results, RESULTS_MAX, "kết quả")):
        if value is not None and not Decimal(0) <= Decimal(value) <= most:
            raise ValueError(f"Điểm {what} phải từ 0 đến {most} ({source}).")
    return Decimal(general or 0) + Decimal(results or 0)


def score_band(score: Decimal, *, settings: RuleSettings = DEFAULT) -> int:
    """The level a score's band suggests, before the conditions (QĐ 366: ≥ 90, 70–<90, 50–<70,
    < 50; the figures are settings: RuleSettings.score_bands)."""
    excellent, good, complete = settings.score_bands
    if score >= excellent:
        return HTXSNV
    if score >= good:
        return HTTNV
    if score >= complete:
        return HTNV
    return KHTNV


def level_from_score(
    facts: ScoreFacts, *, year: int = 2025, settings: RuleSettings = DEFAULT
) -> tuple[int, list[str]]:
    """QĐ 366-QĐ/TW: HTXSNV ≥ 90 with 100 % of tasks done and ≥ 30 % exceeding (a collective also
    with no disciplined sub-unit or leader and earlier shortcomings fixed); HTTNV 70–<90 with all
    tasks on time; HTNV 50–<70; KHTNV < 50. Returns the level and why it is lower than the score's
    band, each reason citing the year's scheme (`year`: a year of a scored scheme)."""
    source = scheme_for(year).cite("score")
    if not Decimal(0) <= facts.score <= Decimal(100):
        raise ValueError(f"Điểm phải từ 0 đến 100 ({source}).")
    excellent, good, _ = settings.score_bands
    notes: list[str] = []
    band = score_band(facts.score, settings=settings)
    if band == HTXSNV:
        missing = []
        if facts.tasks_done_percent < 100:
            missing.append("chưa hoàn thành 100% nhiệm vụ")
        if facts.tasks_exceeding_percent < settings.excellent_exceeding_percent:
            missing.append(f"dưới {settings.excellent_exceeding_percent}% nhiệm vụ vượt mức")
        if facts.collective and facts.disciplined_sub_unit_or_leader:
            missing.append("có tổ chức trực thuộc hoặc cán bộ lãnh đạo bị kỷ luật")
        if facts.collective and not facts.earlier_shortcomings_fixed:
            missing.append("chưa khắc phục hạn chế đã chỉ ra")
        if not missing:
            return HTXSNV, notes
        notes.append(f"Đạt từ {excellent} điểm nhưng " + ", ".join(missing) + f" ({source}).")
        band = HTTNV
    if band == HTTNV:
        if facts.tasks_on_time and facts.tasks_done_percent >= 100:
            return HTTNV, notes
        notes.append(
            f"Đạt từ {good} điểm nhưng chưa hoàn thành 100% nhiệm vụ đúng tiến độ: không xếp hoàn "
            f"thành tốt nhiệm vụ ({source})."
        )
        return HTNV, notes
    return band, notes


def score_violations(
    rank: int, facts: ScoreFacts, *, year: int, scheme: Scheme, settings: RuleSettings = DEFAULT
) -> list[Violation]:
    """A rating above what the score and the conditions allow (QĐ 366): the level's label from the
    scheme, the conditions missing, the article."""
    allowed, notes = level_from_score(facts, year=year, settings=settings)
    if rank >= allowed:
        return []
    levels = scheme.organization_level if facts.collective else scheme.member_level
    because = (" " + " ".join(notes)) if notes else ""
    return [
        Violation(
            "score_band",
            f"Điểm {points(facts.score)} chỉ cho phép mức “{levels(allowed).label}”, không xếp "
            f"“{levels(rank).label}” ({scheme.cite('score')}).{because}",
        )
    ]


def score_missing(*, year: int, collective: bool) -> Violation:
    """From 2025 the level comes from a 100-point score: a decision without one."""
    who = "Tập thể" if collective else "Đảng viên"
    return Violation(
        "score_missing",
        f"{who} chưa có điểm đánh giá (thang 100 điểm: tiêu chí chung 30, kết quả thực hiện nhiệm vụ 70) "
        f"({scheme_for(year).cite('score')}).",
    )


def exemplary_violations(rank: int, exemplary: bool, scheme: Scheme) -> list[Violation]:
    """HD 21: only organizations rated at the top level may be chosen "tiêu biểu"."""
    if exemplary and rank != HTXSNV:
        top = scheme.organization_level(HTXSNV).label.lower()
        return [
            Violation(
                "exemplary_only_top",
                f"Chỉ tổ chức được xếp loại “{top}” mới được chọn “{scheme.exemplary_label.lower()}” "
                f"({scheme.cite('exemplary')}).",
            )
        ]
    return []


def commendation_refusal(year: int) -> str:
    """Only members and organizations rated at the top level may be commended (HD 21), cited from
    the year's scheme."""
    scheme = scheme_for(year)
    return (
        f"Chỉ khen thưởng đảng viên, tổ chức được xếp loại hoàn thành xuất sắc nhiệm vụ năm {year} "
        f"({scheme.cite('commendation')})."
    )


def consecutive_years(history: dict[int, tuple[int, bool]], *, until: int, exemplary: bool) -> int:
    """How many years up to `until` in a row were at the top level (and exemplary, if asked).
    `history` maps a year to (rank, exemplary). Streaks cross scheme changes: "trong sạch, vững
    mạnh tiêu biểu" (2015–2017) then "HTXSNV, tiêu biểu" (2018–2019) is one five-year streak."""
    count = 0
    year = until
    while year in history:
        rank, was_exemplary = history[year]
        if rank != HTXSNV or (exemplary and not was_exemplary):
            break
        count += 1
        year -= 1
    return count
