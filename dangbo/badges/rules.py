"""Party badges (Huy hiệu Đảng): party age and the level due on an occasion. Pure Python, no Django.

Sources: domain.md §6; Hướng dẫn 01-HD/TW (28/9/2021) of the Central Committee on the Statute, mục 18
(as quoted by thuvienphapluat.vn): members with 30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85 or 90 years
of party age are considered for the badge, awarded on the anniversaries 3/2, 19/5, 2/9 and 7/11 and
other important occasions; a member who died may be awarded posthumously up to 12 months early.
Party age counts from the admission decision (domain.md §3); the time out of the party of a readmitted
member is not counted. The levels, the occasions, whether time out is deducted and the posthumous
windows are settings (DANGBO_BADGES), marked UNCONFIRMED where domain.md says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

SOURCE = "Hướng dẫn 01-HD/TW ngày 28/9/2021, mục 18"
LEVELS = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
OCCASIONS = ((3, 2), (19, 5), (2, 9), (7, 11))  # (day, month): UNCONFIRMED (domain.md §6)


@dataclass(frozen=True)
class Break:
    """Thời gian ra khỏi Đảng of a readmitted member: [left_on, returned_on), not counted."""

    left_on: date
    returned_on: date

    @property
    def days(self) -> int:
        return (self.returned_on - self.left_on).days


@dataclass(frozen=True)
class BadgeSettings:
    levels: tuple[int, ...] = LEVELS
    occasions: tuple[tuple[int, int], ...] = OCCASIONS
    deduct_time_out: bool = True
    posthumous_early_months: int = 12  # HD 01-HD/TW mục 18: up to 12 months early for the deceased
    posthumous_within_months: int = 12  # deaths listed: within this many months before the occasion

    @classmethod
    def from_mapping(cls, values: dict) -> BadgeSettings:
        data = dict(values)
        if "levels" in data:
            data["levels"] = tuple(sorted(int(x) for x in data["levels"]))
        if "occasions" in data:
            data["occasions"] = tuple(parse_occasion(str(x)) for x in data["occasions"])
        return cls(**data)


def parse_occasion(text: str) -> tuple[int, int]:
    """ "07/11" -> (7, 11); ValueError otherwise."""
    day_text, _, month_text = text.strip().partition("/")
    day, month = int(day_text), int(month_text)
    date(2000, month, day)  # a real day of the year (29/02 included)
    return day, month


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29/02 falls on 28/02 in a common year (the anniversary is not
    pushed into March)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _counted_breaks(admitted_on: date, breaks: Iterable[Break], settings: BadgeSettings) -> list[Break]:
    if not settings.deduct_time_out:
        return []
    return sorted((b for b in breaks if b.returned_on > b.left_on >= admitted_on), key=lambda b: b.left_on)


def level_reached_on(
    admitted_on: date, years: int, breaks: Iterable[Break] = (), settings: BadgeSettings | None = None
) -> date:
    """The day the party age reaches `years`: the anniversary of the admission decision, moved later by
    every stretch out of the party that began before it."""
    settings = settings or BadgeSettings()
    reached = add_years(admitted_on, years)
    for stretch in _counted_breaks(admitted_on, breaks, settings):
        if stretch.left_on < reached:
            reached += timedelta(days=stretch.days)
    return reached


def party_years(
    admitted_on: date, on_day: date, breaks: Iterable[Break] = (), settings: BadgeSettings | None = None
) -> int:
    """Completed years of party age on `on_day` (0 before the first anniversary)."""
    settings = settings or BadgeSettings()
    listed = list(breaks)
    years = max(0, on_day.year - admitted_on.year + 1)
    while years > 0 and level_reached_on(admitted_on, years, listed, settings) > on_day:
        years -= 1
    return years


def level_on(
    admitted_on: date, on_day: date, breaks: Iterable[Break] = (), settings: BadgeSettings | None = None
) -> int | None:
    """The highest badge level the party age has reached by `on_day`, or None."""
    settings = settings or BadgeSettings()
    years = party_years(admitted_on, on_day, breaks, settings)
    reached = [level for level in settings.levels if level <= years]
    return max(reached) if reached else None


def due_level(
    admitted_on: date,
    on_day: date,
    *,
    awarded: Iterable[int] = (),
    breaks: Iterable[Break] = (),
    settings: BadgeSettings | None = None,
) -> int | None:
    """The level a member is due on `on_day`: the highest reached and not yet awarded (a member
    appears once, at that level; the lower levels skipped are not proposed any more). None when
    nothing is due: no level reached, or that level (or a higher one) awarded already."""
    level = level_on(admitted_on, on_day, breaks, settings)
    if level is None:
        return None
    if max(awarded, default=0) >= level:
        return None
    return level


def posthumous_level(
    admitted_on: date,
    died_on: date,
    *,
    awarded: Iterable[int] = (),
    breaks: Iterable[Break] = (),
    settings: BadgeSettings | None = None,
) -> int | None:
    """The level a deceased member may be awarded posthumously (truy tặng): the highest reached by the
    day of death, or up to `posthumous_early_months` later (HD 01-HD/TW, mục 18), not yet awarded."""
    settings = settings or BadgeSettings()
    horizon = add_months(died_on, settings.posthumous_early_months)
    return due_level(admitted_on, horizon, awarded=awarded, breaks=breaks, settings=settings)


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months; the 31st falls on the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def occasion_problems(day: date, settings: BadgeSettings | None = None) -> list[str]:
    """Why `day` is not an occasion for awarding badges (empty when it is one)."""
    settings = settings or BadgeSettings()
    if (day.day, day.month) in settings.occasions:
        return []
    listed = ", ".join(f"{d:02d}/{m:02d}" for d, m in settings.occasions)
    return [
        f"Ngày {day:%d/%m/%Y} không phải là dịp trao Huy hiệu Đảng; các dịp theo cài đặt: {listed} "
        f"({SOURCE}: các ngày lễ lớn 3/2, 19/5, 2/9, 7/11)."
    ]


def next_occasion(day: date, settings: BadgeSettings | None = None) -> date:
    """The first occasion on or after `day`."""
    settings = settings or BadgeSettings()
    for year in (day.year, day.year + 1):
        for d, m in sorted(settings.occasions, key=lambda o: (o[1], o[0])):
            candidate = _safe_day(year, m, d)
            if candidate >= day:
                return candidate
    raise ValueError(day)  # pragma: no cover - an empty list of occasions is refused by the settings


def _safe_day(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, 28)


def break_problems(admitted_on: date, left_on: date, returned_on: date) -> list[str]:
    """Why a stretch out of the party cannot be recorded as given."""
    problems = []
    if returned_on <= left_on:
        problems.append("Ngày kết nạp lại phải sau ngày ra khỏi Đảng.")
    if left_on < admitted_on:
        problems.append(f"Ngày ra khỏi Đảng phải sau ngày vào Đảng ({admitted_on:%d/%m/%Y}).")
    return problems


@dataclass(frozen=True)
class Tally:
    """by_years of a list: every level, zeros included, in order."""

    counts: dict[int, int] = field(default_factory=dict)

    @classmethod
    def of(cls, levels: Sequence[int], chosen: Iterable[int]) -> Tally:
        counts = dict.fromkeys(levels, 0)
        for level in chosen:
            counts[level] = counts.get(level, 0) + 1
        return cls(counts)
