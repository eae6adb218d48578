"""Planning figures that domain.md does not confirm are settings (config/settings.py DANGBO_PLANNING),
shown as such in the UI."""

from __future__ import annotations

from dataclasses import dataclass, field


def _discipline_bar() -> dict[str, int]:
    return {"reprimand": 12, "warning": 12, "dismissal": 24, "expulsion": 10_000}


@dataclass(frozen=True)
class PlanningSettings:
    # Retirement age (UNCONFIRMED here: Bộ luật Lao động 2019, Điều 169; Nghị định 135/2020/NĐ-CP):
    # until 2020 men 60, women 55; from 2021 +3 months a year for men up to 62, +4 months a year for
    # women up to 60, the age of the year in which it is reached. In months.
    retirement_base_months: dict[str, int] = field(default_factory=lambda: {"male": 720, "female": 660})
    retirement_step_months: dict[str, int] = field(default_factory=lambda: {"male": 3, "female": 4})
    retirement_cap_months: dict[str, int] = field(default_factory=lambda: {"male": 744, "female": 720})
    retirement_reform_year: int = 2021
    # "Young" (cán bộ trẻ): under this age at the term's start (domain.md: under 40 at province/district level).
    young_age_limit: int = 40
    # Time to serve before the age limit, counted from the term's start (UNCONFIRMED: one full term).
    minimum_months_before_age_limit: int = 60
    # QĐ 50: a cadre planned for the first time needs two or more terms.
    first_planning_months_before_age_limit: int = 120
    # Months after a discipline decision during which a member is not planned (UNCONFIRMED), by form.
    discipline_bar_months: dict[str, int] = field(default_factory=_discipline_bar)
    # QĐ 50's limits (3 people per position, 3 positions per person): confirmed in domain.md for QĐ 377
    # only; applied to QĐ 50 as well unless switched off.
    limits_under_qd50: bool = True
    # Dates before QĐ 50 (27/12/2021), e.g. the 2020–2025 plan approved in 2019: QĐ 50's rules apply by
    # analogy (UNCONFIRMED; the former Hướng dẫn 15-HD/BTCTW is not in the sources).
    apply_qd50_before_in_force: bool = True


DEFAULT = PlanningSettings()
