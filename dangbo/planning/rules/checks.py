"""Eligibility of a planned cadre (cán bộ quy hoạch) and the structure of the pool: facts in,
violations out. No Django imports; each message cites its source.

Blocking: a violation of candidate_violations refuses the candidacy; removal_reasons name why an
active candidacy must leave the plan (the yearly review applies them). Structure warnings (young,
women) are reported, never blocking: a pool is built over the year, and the target is for the whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dangbo.core.text import format_date, format_percent
from dangbo.planning.rules.regulations import Regulation
from dangbo.planning.rules.settings import DEFAULT, PlanningSettings

ON_BOOKS = ("official", "probationary")
DISCIPLINE_NAMES = {
    "reprimand": "khiển trách",
    "warning": "cảnh cáo",
    "dismissal": "cách chức",
    "expulsion": "khai trừ",
}
SETTING = "thiết lập của hệ thống, chưa xác nhận"


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str
    field: str = "member"
    blocking: bool = True


@dataclass(frozen=True)
class Discipline:
    on: date
    form: str  # reprimand, warning, dismissal, expulsion


@dataclass(frozen=True)
class PersonFacts:
    name: str
    birth_date: date
    sex: str  # "male" / "female"
    ethnicity: str = "Kinh"
    status: str = "official"
    disciplines: tuple[Discipline, ...] = ()


@dataclass(frozen=True)
class TermFacts:
    start_year: int
    end_year: int

    @property
    def starts_on(self) -> date:
        return date(self.start_year, 1, 1)

    @property
    def label(self) -> str:
        return f"{self.start_year} - {self.end_year}"


@dataclass(frozen=True)
class PositionFacts:
    title: str
    seats: int = 1
    planned: int = 0  # people already planned for it (active candidacies)


def age_on(birth_date: date, day: date) -> int:
    """Completed years on `day`."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def retirement_date(birth_date: date, sex: str, settings: PlanningSettings = DEFAULT) -> date:
    """The day the retirement age is reached: the age of the year in which it is reached (the
    stepped schedule from retirement_reform_year; a setting)."""
    base = settings.retirement_base_months[sex]
    step = settings.retirement_step_months[sex]
    cap = settings.retirement_cap_months[sex]
    months = base
    while months < cap:
        reached = add_months(birth_date, months)
        steps = max(0, reached.year - settings.retirement_reform_year + 1)
        if months >= min(cap, base + step * steps):
            return reached
        months += 1
    return add_months(birth_date, cap)


def _months_text(months: int) -> str:
    years, rest = divmod(months, 12)
    return f"{years} năm" + (f" {rest} tháng" if rest else "")


def candidate_violations(
    person: PersonFacts,
    *,
    position: PositionFacts,
    term: TermFacts,
    day: date,
    regulation: Regulation,
    first_planning: bool,
    other_positions_same_level: int,
    already_planned: bool = False,
    settings: PlanningSettings = DEFAULT,
) -> list[Violation]:
    """Why `person` may not be planned for `position` of `term` on `day` (empty: eligible)."""
    found: list[Violation] = []
    cite = regulation.cite
    if person.status not in ON_BOOKS:
        found.append(
            Violation(
                "on_books",
                f"Đồng chí {person.name} không còn trong danh sách đảng viên; không thể đưa vào quy hoạch.",
            )
        )
    elif person.status != "official":
        found.append(
            Violation(
                "official_member",
                f"Đồng chí {person.name} là đảng viên dự bị: đảng viên dự bị không có quyền ứng cử vào cơ quan "
                "lãnh đạo của Đảng nên chưa đưa vào quy hoạch cấp ủy (Điều lệ Đảng, Điều 5).",
            )
        )
    if already_planned:
        found.append(
            Violation(
                "duplicate", f"Đồng chí {person.name} đã có trong quy hoạch chức danh “{position.title}”."
            )
        )
    if regulation.max_per_position is not None:
        limit = regulation.max_per_position * max(1, position.seats)
        if position.planned >= limit:
            per = "người" if position.seats <= 1 else f"người cho mỗi vị trí ({position.seats} vị trí)"
            found.append(
                Violation(
                    "max_per_position",
                    f"Chức danh “{position.title}” đã có {position.planned} người trong quy hoạch; mỗi chức danh "
                    f"quy hoạch không quá {regulation.max_per_position} {per}, tối đa {limit} ({cite}).",
                )
            )
    if regulation.max_positions_per_person is not None and (
        other_positions_same_level >= regulation.max_positions_per_person
    ):
        found.append(
            Violation(
                "max_positions_per_person",
                f"Đồng chí {person.name} đã được quy hoạch {other_positions_same_level} chức danh cùng cấp trong nhiệm "
                f"kỳ {term.label}; một người quy hoạch không quá {regulation.max_positions_per_person} chức danh "
                f"cùng cấp ({cite}).",
            )
        )
    needed = (
        settings.first_planning_months_before_age_limit
        if first_planning and regulation.first_planning_two_terms
        else settings.minimum_months_before_age_limit
    )
    retires = retirement_date(person.birth_date, person.sex, settings)
    must_serve_until = add_months(term.starts_on, needed)
    if retires < must_serve_until:
        why = (
            "lần đầu quy hoạch phải đủ tuổi công tác từ hai nhiệm kỳ trở lên"
            if first_planning and regulation.first_planning_two_terms
            else "phải đủ tuổi công tác ít nhất trọn một nhiệm kỳ"
        )
        found.append(
            Violation(
                "age_limit",
                f"Đồng chí {person.name} (sinh ngày {format_date(person.birth_date)}) đến tuổi nghỉ hưu ngày "
                f"{format_date(retires)}, trước ngày {format_date(must_serve_until)}: {why} "
                f"({_months_text(needed)} kể từ đầu nhiệm kỳ {term.label}) ({cite}; tuổi nghỉ hưu và thời gian "
                f"công tác tối thiểu là {SETTING}).",
            )
        )
    for discipline in person.disciplines:
        months = settings.discipline_bar_months.get(discipline.form, 0)
        if discipline.on <= day < add_months(discipline.on, months):
            found.append(
                Violation(
                    "discipline",
                    f"Đồng chí {person.name} bị kỷ luật {DISCIPLINE_NAMES.get(discipline.form, discipline.form)} "
                    f"ngày {format_date(discipline.on)}: cán bộ bị kỷ luật từ khiển trách trở lên không được "
                    f"quy hoạch ({cite}; thời hạn {_months_text(months)} là {SETTING}).",
                )
            )
    return found


def removal_reasons(
    person: PersonFacts,
    *,
    added_on: date,
    day: date,
    regulation: Regulation,
    settings: PlanningSettings = DEFAULT,
) -> list[Violation]:
    """Why an active candidacy (planned since `added_on`) must leave the plan on `day`."""
    found: list[Violation] = []
    cite = regulation.cite
    if person.status not in ON_BOOKS:
        found.append(
            Violation("on_books", f"Đồng chí {person.name} không còn trong danh sách đảng viên ({cite}).")
        )
    for discipline in person.disciplines:
        if added_on <= discipline.on <= day:
            found.append(
                Violation(
                    "discipline",
                    f"Đồng chí {person.name} bị kỷ luật {DISCIPLINE_NAMES.get(discipline.form, discipline.form)} "
                    f"ngày {format_date(discipline.on)}: đưa ra khỏi quy hoạch cán bộ bị kỷ luật từ khiển trách "
                    f"trở lên ({cite}).",
                )
            )
    retires = retirement_date(person.birth_date, person.sex, settings)
    if retires <= day:
        found.append(
            Violation(
                "age_limit",
                f"Đồng chí {person.name} đã đến tuổi nghỉ hưu ngày {format_date(retires)}: đưa ra khỏi quy hoạch "
                f"({cite}; tuổi nghỉ hưu là {SETTING}).",
            )
        )
    return found


@dataclass(frozen=True)
class Structure:
    total: int
    young: int
    women: int
    minorities: int
    warnings: list[Violation] = field(default_factory=list)

    def percent(self, part: int) -> str:
        return format_percent(part, self.total)


def is_young(person: PersonFacts, term: TermFacts, settings: PlanningSettings = DEFAULT) -> bool:
    return age_on(person.birth_date, term.starts_on) < settings.young_age_limit


def pool_structure(
    people: list[PersonFacts],
    *,
    term: TermFacts,
    regulation: Regulation,
    settings: PlanningSettings = DEFAULT,
) -> Structure:
    """The pool's young (under the limit at the term's start), women and ethnic minorities (not Kinh)
    against the targets; a shortfall is a warning (not blocking). `people`: distinct persons."""
    total = len(people)
    young = sum(1 for p in people if is_young(p, term, settings))
    women = sum(1 for p in people if p.sex == "female")
    minorities = sum(1 for p in people if p.ethnicity.strip().casefold() != "kinh")
    warnings: list[Violation] = []
    if total:
        if young * 100 < regulation.young_min_percent * total:
            warnings.append(
                Violation(
                    "young_share",
                    f"Cán bộ trẻ (dưới {settings.young_age_limit} tuổi) chiếm {format_percent(young, total)} "
                    f"({young}/{total}), thấp hơn mức ít nhất {regulation.young_min_percent} % ({regulation.cite}).",
                    field="",
                    blocking=False,
                )
            )
        if women * 100 < regulation.women_min_percent * total:
            warnings.append(
                Violation(
                    "women_share",
                    f"Cán bộ nữ chiếm {format_percent(women, total)} ({women}/{total}), thấp hơn mức ít nhất "
                    f"{regulation.women_min_percent} % ({regulation.cite}).",
                    field="",
                    blocking=False,
                )
            )
    return Structure(total=total, young=young, women=women, minorities=minorities, warnings=warnings)
