"""Rules whose reading is not confirmed are settings (domain.md: UNCONFIRMED), shown as such in the UI."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from dangbo.evaluations.rules.quarters import DEFAULT_QUARTERS, QuarterRules

# domain.md §2: the cap is confirmed for 2018–2022 (HD 21) and 2025 on (QĐ 366, Điều 11, khoản 1.5);
# for 2023–2024 (QĐ 124) it is UNCONFIRMED: warn, do not block. Keys are scheme codes.
CAP_BLOCKS = {"QD132-2018": True, "QD124-2023": False, "QD366-2025": True}


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
    # Whether the cap blocks a decision (True) or only warns (False), per scheme code (CAP_BLOCKS); a
    # mapping given is kept as sorted pairs (the settings are hashed: lru_cache keys)
    cap_blocks: tuple[tuple[str, bool], ...] = tuple(sorted(CAP_BLOCKS.items()))

    def __post_init__(self) -> None:
        if isinstance(self.cap_blocks, Mapping):
            object.__setattr__(self, "cap_blocks", tuple(sorted(self.cap_blocks.items())))
        if not isinstance(self.score_bands, tuple):
            object.__setattr__(self, "score_bands", tuple(Decimal(str(v)) for v in self.score_bands))

    # QĐ 366 (2025): the score's bands, HTXSNV from, HTTNV from, HTNV from (domain.md §2: 90, 70, 50;
    # the published figures, not yet read in the regulation's own text: settings).
    score_bands: tuple[Decimal, Decimal, Decimal] = (Decimal(90), Decimal(70), Decimal(50))
    # QĐ 366: HTXSNV needs at least this share of the tasks done beyond the target (domain.md: 30 %).
    excellent_exceeding_percent: Decimal = Decimal(30)
    # UNCONFIRMED: what a quarter's rating requires of the year's (rules/quarters.py).
    quarters: QuarterRules = DEFAULT_QUARTERS


DEFAULT = RuleSettings()
