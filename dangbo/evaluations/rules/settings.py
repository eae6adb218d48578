"""Rules whose reading is not confirmed are settings (domain.md: UNCONFIRMED), shown as such in the UI."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from dangbo.evaluations.rules.quarters import DEFAULT_QUARTERS, QuarterRules


@dataclass(frozen=True)
class RuleSettings:
    # HD 21 (2019): HTXSNV members ≤ 20 % of those rated HTTNV, per grassroots organization.
    # UNCONFIRMED whether QĐ 124 / QĐ 366 keep it: on by default for every year from 2018.
    excellent_cap_enabled: bool = True
    excellent_cap_percent: Decimal = Decimal(20)
    # Not rated when admitted (or founded) less than this many months before the year's end (HD 21 §II.6).
    minimum_months: int = 6
    # Sick leave of this many months or more in the year: no HTTNV or above.
    sick_leave_months: int = 3
    # UNCONFIRMED: the grassroots committee delegating the decision on members to its partial
    # committees (đảng ủy bộ phận). Off: the grassroots committee decides (domain.md §2).
    partial_committee_decides_members: bool = False
    # UNCONFIRMED: what a quarter's rating requires of the year's (rules/quarters.py).
    quarters: QuarterRules = DEFAULT_QUARTERS


DEFAULT = RuleSettings()
