"""The review's rules as pure functions: facts in, violations out. Each message cites its source.

No Django imports. A violation blocks a live decision unless overridden with a recorded reason;
historical data that breaks a rule is kept as decided and flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dangbo.evaluations.rules.schemes import HTNV, HTTNV, HTXSNV, KHTNV, Scheme
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
    *, year: int, admitted_on: date, exempted: bool, settings: RuleSettings = DEFAULT
) -> str | None:
    """HD 21 §II.6: a member admitted less than 6 months before the year's end, or exempted from
    activity, is not rated (the newly admitted still self-review)."""
    if exempted:
        return "Miễn công tác và sinh hoạt đảng (HD 21-HD/BTCTW, mục II.6)"
    if _add_months(admitted_on, settings.minimum_months) > date(year, 12, 31):
        return f"Vào Đảng chưa đủ {settings.minimum_months} tháng (HD 21-HD/BTCTW, mục II.6)"
    return None


def organization_not_rated_reason(
    *, year: int, established_on: date, settings: RuleSettings = DEFAULT
) -> str | None:
    if _add_months(established_on, settings.minimum_months) > date(year, 12, 31):
        return f"Thành lập chưa đủ {settings.minimum_months} tháng (HD 21-HD/BTCTW, mục II.6)"
    return None


# --- members ----------------------------------------------------------------------------------


def excellent_cap(
    excellent: int, good: int, *, year: int, settings: RuleSettings = DEFAULT
) -> list[Violation]:
    """HD 21 (2019): members rated HTXSNV may not exceed 20 % of those rated HTTNV, within each
    grassroots organization. UNCONFIRMED for QĐ 124 / QĐ 366: a setting, on by default."""
    if year < 2018 or not settings.excellent_cap_enabled:
        return []
    limit = (Decimal(good) * settings.excellent_cap_percent / 100).to_integral_value(rounding="ROUND_FLOOR")
    if excellent > limit:
        return [
            Violation(
                "excellent_cap",
                f"Số đảng viên hoàn thành xuất sắc nhiệm vụ ({excellent}) vượt quá "
                f"{settings.excellent_cap_percent}% số đảng viên hoàn thành tốt nhiệm vụ ({good}; tối đa {limit}) "
                "— Hướng dẫn 21-HD/BTCTW.",
            )
        ]
    return []


@dataclass(frozen=True)
class CapCounts:
    """The two counts the cap compares, within one grassroots organization and year."""

    excellent: int  # rated HTXSNV: the numerator
    good: int  # rated HTTNV: the denominator


def excellent_cap_change(
    before: CapCounts, after: CapCounts, *, year: int, settings: RuleSettings = DEFAULT
) -> list[Violation]:
    """The 20 % cap (excellent_cap) checked on a change of the group's ratings: a change that moves
    the numerator up or the denominator down (an HTXSNV added, an HTTNV lowered or taken out of the
    rating, a member moved away) breaks the cap when the group ends above it. A change that moves
    neither the wrong way (an HTXSNV lowered, an HTTNV added) is allowed even on a group already
    over the cap: it does not make the overrun worse."""
    if after.excellent <= before.excellent and after.good >= before.good:
        return []
    violations = excellent_cap(after.excellent, after.good, year=year, settings=settings)
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
    rank: int, facts: MemberFacts, *, settings: RuleSettings = DEFAULT
) -> list[Violation]:
    """KHTNV triggers for a member (QĐ 132, HD 21) and the sick-leave ceiling."""
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
                "(Quy định 132-QĐ/TW, Hướng dẫn 21-HD/BTCTW).",
            )
        )
    if facts.sick_leave_months >= settings.sick_leave_months and rank <= HTTNV:
        violations.append(
            Violation(
                "sick_leave",
                f"Đảng viên nghỉ ốm từ {settings.sick_leave_months} tháng trở lên trong năm không xếp loại "
                "hoàn thành tốt nhiệm vụ trở lên (Hướng dẫn 21-HD/BTCTW).",
            )
        )
    return violations


# --- organizations ------------------------------------------------------------------------------


def organization_excellent_conditions(*, is_cell: bool, sub_ranks: list[int], year: int) -> list[Violation]:
    """HD 21: an organization at HTXSNV needs 100 % of its members (a cell) or sub-units
    (a committee) at HTNV or above, and at least 80 % at HTTNV or above."""
    if year < 2018:
        return []
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
                f"nhiệm vụ khi 100% {what} hoàn thành nhiệm vụ trở lên (Hướng dẫn 21-HD/BTCTW).",
            )
        )
    good = sum(1 for r in sub_ranks if r <= HTTNV)
    if good * 100 < 80 * total:
        violations.append(
            Violation(
                "org_excellent_80_percent",
                f"Chỉ {good}/{total} {what} hoàn thành tốt nhiệm vụ trở lên (dưới 80%): chưa đủ điều kiện "
                "hoàn thành xuất sắc nhiệm vụ (Hướng dẫn 21-HD/BTCTW).",
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


def collective_level_violations(rank: int, facts: CollectiveFacts) -> list[Violation]:
    """QĐ 124 / HD 16, 21: triggers that make a collective KHTNV."""
    triggers = []
    if facts.leadership_discipline_at_warning_or_above:
        triggers.append("có thành viên lãnh đạo bị kỷ luật từ cảnh cáo trở lên (Hướng dẫn 16, 21-HD/BTCTW)")
    elif facts.leadership_disciplined:
        triggers.append("tập thể lãnh đạo bị kỷ luật (Quy định 124-QĐ/TW)")
    if facts.sub_units and facts.sub_units_disciplined * 100 > 20 * facts.sub_units:
        triggers.append(
            f"{facts.sub_units_disciplined}/{facts.sub_units} tổ chức trực thuộc bị kỷ luật trong năm, "
            "quá 20% (Quy định 124-QĐ/TW)"
        )
    if facts.disunity_concluded:
        triggers.append("bị kết luận mất đoàn kết nội bộ (Quy định 124-QĐ/TW)")
    if triggers and rank != KHTNV:
        return [
            Violation(
                "collective_khtnv",
                "Tập thể " + "; ".join(triggers) + " phải xếp loại không hoàn thành nhiệm vụ.",
            )
        ]
    return []


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
                "Tổ chức " + "; ".join(reasons) + " phải xếp loại yếu kém (Hướng dẫn 27-HD/BTCTW).",
            )
        ]
    return []


# --- QĐ 366 (from 2025): the score sets the level, then the conditions apply -------------------


@dataclass(frozen=True)
class ScoreFacts:
    score: Decimal  # out of 100: general criteria 30, task results 70
    tasks_done_percent: Decimal = Decimal(100)
    tasks_exceeding_percent: Decimal = Decimal(0)
    tasks_on_time: bool = True
    collective: bool = False
    disciplined_sub_unit_or_leader: bool = False
    earlier_shortcomings_fixed: bool = True


def level_from_score(facts: ScoreFacts) -> tuple[int, list[str]]:
    """QĐ 366-QĐ/TW: HTXSNV ≥ 90 with 100 % of tasks done and ≥ 30 % exceeding (a collective also
    with no disciplined sub-unit or leader and earlier shortcomings fixed); HTTNV 70–<90 with all
    tasks on time; HTNV 50–<70; KHTNV < 50. Returns the level and why it is lower than the score's band."""
    if not Decimal(0) <= facts.score <= Decimal(100):
        raise ValueError("Điểm phải từ 0 đến 100 (Quy định 366-QĐ/TW).")
    notes: list[str] = []
    if facts.score >= 90:
        missing = []
        if facts.tasks_done_percent < 100:
            missing.append("chưa hoàn thành 100% nhiệm vụ")
        if facts.tasks_exceeding_percent < 30:
            missing.append("dưới 30% nhiệm vụ vượt mức")
        if facts.collective and facts.disciplined_sub_unit_or_leader:
            missing.append("có tổ chức trực thuộc hoặc cán bộ lãnh đạo bị kỷ luật")
        if facts.collective and not facts.earlier_shortcomings_fixed:
            missing.append("chưa khắc phục hạn chế đã chỉ ra")
        if not missing:
            return HTXSNV, notes
        notes.append("Đạt từ 90 điểm nhưng " + ", ".join(missing) + " (Quy định 366-QĐ/TW).")
    if facts.score >= 70:
        if facts.tasks_on_time and facts.tasks_done_percent >= 100:
            return HTTNV, notes
        notes.append(
            "Chưa hoàn thành 100% nhiệm vụ đúng tiến độ: không xếp hoàn thành tốt (Quy định 366-QĐ/TW)."
        )
        return HTNV, notes
    if facts.score >= 50:
        return HTNV, notes
    return KHTNV, notes


def exemplary_violations(rank: int, exemplary: bool, scheme: Scheme) -> list[Violation]:
    """HD 21: only organizations rated at the top level may be chosen "tiêu biểu"."""
    if exemplary and rank != HTXSNV:
        top = scheme.organization_level(HTXSNV).label.lower()
        return [
            Violation(
                "exemplary_only_top",
                f"Chỉ tổ chức được xếp loại “{top}” mới được chọn “{scheme.exemplary_label.lower()}” (Hướng dẫn 21-HD/BTCTW).",
            )
        ]
    return []


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
