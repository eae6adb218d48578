"""Quarterly ratings as a fact of the year's rating (đánh giá, xếp loại hằng quý): pure Python.

QĐ 366-QĐ/TW rates "theo nhiệm kỳ, hằng năm, hằng quý hoặc khi cần thiết": the quarters' results
feed the year's (domain.md §2). What a quarter's level requires of the year's is not confirmed by
any published guidance yet (the 2026 guidance on quarterly rating is UNCONFIRMED in its details):
it is a setting (settings.DANGBO_QUARTER_RULES, read into QuarterRules), shown as such on the pages.
The default: a member or collective with any quarter at KHTNV cannot be rated above HTNV for the
year (so neither HTXSNV nor HTTNV), and the finding is a warning, not a block. Years before the
quarterly ratings (before 2025) are never touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dangbo.evaluations.rules.schemes import CODES, KHTNV, scheme_for

QUARTERS = (1, 2, 3, 4)
RULE = "quarter"


@dataclass(frozen=True)
class QuarterRules:
    """The reading of the quarters that the year's rules apply (UNCONFIRMED: a setting).

    first_year      the first year whose quarters are rated (QĐ 366: from 2025)
    ceiling         with any quarter at KHTNV, the best rank the year may have (3: HTNV; None: no rule)
    blocks          True: a decision above the ceiling is refused unless overridden with a reason;
                    False: a warning on the steps and the decision, which stays as decided
    """

    first_year: int = 2025
    ceiling: int | None = 3
    blocks: bool = False

    def describe(self) -> str:
        """The setting as the pages say it (Vietnamese)."""
        if self.ceiling is None:
            return "Kết quả xếp loại hằng quý chỉ để tham khảo, không ràng buộc mức xếp loại năm (cài đặt)."
        effect = "chặn quyết định" if self.blocks else "cảnh báo"
        return (
            f"Từ năm {self.first_year}: có quý xếp loại {CODES[KHTNV]} thì năm không được xếp cao hơn "
            f"{CODES[self.ceiling]} ({effect}). Hướng dẫn chi tiết về xếp loại hằng quý chưa được xác nhận: "
            "đây là cài đặt của hệ thống (DANGBO_QUARTER_RULES)."
        )


DEFAULT_QUARTERS = QuarterRules()


@dataclass(frozen=True)
class QuarterRank:
    """One quarter's level as the rules read it (quarter 1–4, rank 1 best … 4 worst)."""

    quarter: int
    rank: int


def applies(year: int, rules: QuarterRules = DEFAULT_QUARTERS) -> bool:
    """Are the year's quarters rated (and so a fact of the year)?"""
    return year >= rules.first_year


def failed_quarters(quarters: Iterable[QuarterRank]) -> list[int]:
    """The quarters rated KHTNV, in order."""
    return sorted({q.quarter for q in quarters if q.rank == KHTNV})


def quarter_findings(
    rank: int | None,
    quarters: Iterable[QuarterRank],
    *,
    year: int,
    rules: QuarterRules = DEFAULT_QUARTERS,
    collective: bool = False,
) -> list[tuple[str, str]]:
    """What the year's rating at `rank` meets of the quarters' rule: (rule, message) pairs, the
    message citing the year's regulation and saying that the rule is a setting. Nothing when the
    year has no quarterly ratings, no rank, no rule, or the rank is within the ceiling."""
    if rank is None or rules.ceiling is None or not applies(year, rules):
        return []
    failed = failed_quarters(quarters)
    if not failed or rank >= rules.ceiling:
        return []
    scheme = scheme_for(year)
    levels = scheme.organization_levels if collective else scheme.member_levels
    who = "Tổ chức" if collective else "Đảng viên"
    which = ", ".join(f"quý {q}" for q in failed)
    return [
        (
            RULE,
            f"{who} có {which} năm {year} xếp loại “{levels[KHTNV - 1].label}”: năm {year} không được "
            f"xếp loại cao hơn “{levels[rules.ceiling - 1].label}” (kết quả hằng quý là căn cứ xếp loại "
            f"năm, {scheme.regulation}; mức ràng buộc là cài đặt DANGBO_QUARTER_RULES, chưa được xác nhận).",
        )
    ]
