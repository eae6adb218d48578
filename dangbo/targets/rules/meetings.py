"""Cell meetings (sinh hoạt chi bộ): the months a cell should meet, and the ground for removal from the
list of members who miss meetings without reason. Pure Python.

Điều lệ Đảng (2011), Điều 8, khoản 2: a member who misses the cell's activity or the dues three months
in a year without a valid reason is considered by the cell for removal from the list (xóa tên).
Hướng dẫn 12-HD/BTCTW (2012) and Chỉ thị 10-CT/TW (2011): the cell meets regularly once a month
(sinh hoạt thường kỳ) and holds thematic meetings (sinh hoạt chuyên đề) at least once a quarter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

ABSENCE_MONTHS = 3  # Điều lệ Đảng, Điều 8, khoản 2
ABSENCE_SOURCE = "Điều lệ Đảng, Điều 8, khoản 2"


@dataclass(frozen=True)
class Life:
    """A cell's life: [established_on, ended_on)."""

    established_on: date
    ended_on: date | None = None

    def contains(self, day: date) -> bool:
        return self.established_on <= day and (self.ended_on is None or day < self.ended_on)


def _month_start(year: int, month: int) -> date:
    return date(year, month, 1)


def _next_month(year: int, month: int) -> date:
    return date(year + (month == 12), month % 12 + 1, 1)


def months_of_life(year: int, life: Life, *, until: date | None = None) -> list[int]:
    """The months of `year` during which the cell existed (for at least one day), up to `until`."""
    months = []
    for month in range(1, 13):
        start, end = _month_start(year, month), _next_month(year, month)
        if until is not None and start > until:
            break
        if life.established_on < end and (life.ended_on is None or life.ended_on > start):
            months.append(month)
    return months


def months_without_meeting(
    year: int, life: Life, held_months: Iterable[int], *, until: date | None = None
) -> list[int]:
    """The months of the cell's life in `year` (up to `until`) with no regular meeting."""
    held = set(held_months)
    return [m for m in months_of_life(year, life, until=until) if m not in held]


def meeting_day_violations(held_on: date, life: Life, cell_name: str) -> list[str]:
    """A meeting must fall within the cell's life."""
    if held_on < life.established_on:
        return [
            f"Ngày sinh hoạt {held_on:%d/%m/%Y} trước ngày thành lập {cell_name} "
            f"({life.established_on:%d/%m/%Y})."
        ]
    if life.ended_on is not None and held_on >= life.ended_on:
        return [
            f"Ngày sinh hoạt {held_on:%d/%m/%Y}: {cell_name} đã giải thể, sáp nhập từ ngày "
            f"{life.ended_on:%d/%m/%Y}."
        ]
    return []


@dataclass(frozen=True)
class Absentee:
    """Đảng viên bỏ sinh hoạt không có lý do từ 3 tháng trở lên trong năm."""

    member_id: int
    months: tuple[int, ...]

    @property
    def message(self) -> str:
        months = ", ".join(f"{m:02d}" for m in self.months)
        return (
            f"Vắng sinh hoạt không có lý do {len(self.months)} tháng trong năm (tháng {months}): "
            f"chi bộ xem xét, đề nghị xóa tên ({ABSENCE_SOURCE})."
        )


def absentees(
    unexcused_months: Mapping[int, Iterable[int]], *, threshold: int = ABSENCE_MONTHS
) -> list[Absentee]:
    """Members absent without reason in `threshold` or more distinct months of the year."""
    found = []
    for member_id, months in unexcused_months.items():
        distinct = tuple(sorted(set(months)))
        if len(distinct) >= threshold:
            found.append(Absentee(member_id, distinct))
    return sorted(found, key=lambda a: (-len(a.months), a.member_id))
