"""The structure of a candidate list against a personnel proposal's targets (Chỉ thị 35-CT/TW for
the 2020–2025 term: under 40 at least 10 %; women and ethnic minorities as the proposal sets)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Person:
    birth_date: date
    female: bool
    minority: bool


@dataclass(frozen=True)
class Targets:
    young_percent: int = 10  # under 40 (Chỉ thị 35-CT/TW)
    women_percent: int = 15
    minority_percent: int = 0


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    count: int
    total: int
    target_percent: int
    met: bool
    message: str


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def structure(people: list[Person], *, on: date, targets: Targets) -> list[Line]:
    """Counts of young (under 40 on the congress day), women and ethnic minorities, each against its
    target (a share of the list, rounded up: 10 % of 11 people is 2)."""
    total = len(people)
    rows = (
        (
            "young",
            "Dưới 40 tuổi",
            sum(1 for p in people if age_on(p.birth_date, on) < 40),
            targets.young_percent,
            "Chỉ thị 35-CT/TW",
        ),
        ("women", "Nữ", sum(1 for p in people if p.female), targets.women_percent, "đề án nhân sự"),
        (
            "minority",
            "Dân tộc thiểu số",
            sum(1 for p in people if p.minority),
            targets.minority_percent,
            "đề án nhân sự",
        ),
    )
    lines = []
    for key, label, count, target, source in rows:
        needed = -(-total * target // 100)
        met = count >= needed
        message = (
            ""
            if met
            else (
                f"{label}: {count}/{total} người, chưa đạt chỉ tiêu {target} % (cần ít nhất {needed}, {source})."
            )
        )
        lines.append(Line(key, label, count, total, target, met, message))
    return lines
