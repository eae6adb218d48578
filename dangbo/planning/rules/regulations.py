"""The planning regulations (quy định về công tác quy hoạch cán bộ) and which one is in force on a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dangbo.planning.rules.settings import DEFAULT, PlanningSettings


class UnknownRegulation(ValueError):
    """No planning regulation is known for the day (and the analogy setting is off)."""


@dataclass(frozen=True)
class Regulation:
    code: str
    title: str
    in_force_from: date
    max_per_position: int | None  # people planned for one position (None: no limit)
    max_positions_per_person: int | None  # positions of one level per person
    first_planning_two_terms: bool  # a first planning needs two or more terms before the age limit
    young_min_percent: int
    women_min_percent: int
    by_analogy: bool = False  # applied to a day before it took effect (a setting)

    @property
    def cite(self) -> str:
        return f"{self.code}{' — áp dụng tương tự, chưa xác nhận' if self.by_analogy else ''}"


QD_50 = Regulation(
    code="Quy định 50-QĐ/TW",
    title="Quy định 50-QĐ/TW ngày 27/12/2021 của Bộ Chính trị về công tác quy hoạch cán bộ",
    in_force_from=date(2021, 12, 27),
    max_per_position=3,
    max_positions_per_person=3,
    first_planning_two_terms=True,
    young_min_percent=15,
    women_min_percent=25,
)
QD_377 = Regulation(
    code="Quy định 377-QĐ/TW",
    title="Quy định 377-QĐ/TW của Bộ Chính trị về công tác quy hoạch cán bộ (hiệu lực từ 08/10/2025)",
    in_force_from=date(2025, 10, 8),
    max_per_position=3,
    max_positions_per_person=3,
    first_planning_two_terms=False,
    young_min_percent=15,
    women_min_percent=25,
)
REGULATIONS = (QD_50, QD_377)


def regulation_for(day: date, settings: PlanningSettings = DEFAULT) -> Regulation:
    """The regulation in force on `day`; before QĐ 50, QĐ 50 by analogy when the setting allows it."""
    current = None
    for regulation in REGULATIONS:
        if regulation.in_force_from <= day:
            current = regulation
    if current is None:
        if not settings.apply_qd50_before_in_force:
            raise UnknownRegulation(
                f"Chưa có quy định về quy hoạch cán bộ áp dụng cho ngày {day:%d/%m/%Y} "
                "(Quy định 50-QĐ/TW có hiệu lực từ 27/12/2021)."
            )
        current = Regulation(**{**QD_50.__dict__, "by_analogy": True})
    if current.code == QD_50.code and not settings.limits_under_qd50:
        current = Regulation(
            **{**current.__dict__, "max_per_position": None, "max_positions_per_person": None}
        )
    return current
