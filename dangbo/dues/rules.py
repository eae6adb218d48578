"""Party dues (đảng phí): the pure rules. No Django.

Sources (docs/domain.md §6 and §3):
- Quyết định 342-QĐ/TW (28/12/2010) "về chế độ đảng phí": in force until Quy định 01-QĐ/TW.
- Quy định 01-QĐ/TW (03/02/2026): 1 % of the previous month's social-insurance salary; 1 % of a sick or
  maternity benefit; 0,5 % of a pension; students 5.000 đồng a month; paid online (Cổng dịch vụ công
  quốc gia) or in cash to the cell.
- Điều lệ Đảng, Điều 8: not paying dues for 3 months in a year without reason is a ground for removal
  from the list (xóa tên).

What the sources leave UNCONFIRMED is a setting (config/settings.py DANGBO_DUES, overriding the fields
of DuesSettings below) and shown as such on the pages: the month the new regime starts, the rounding,
the rates of QĐ 342 and of the other categories of QĐ 01, the shares each level keeps, whether members
exempted from activity still pay.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

QD342 = "qd342"
QD01 = "qd01"
REGIMES = {
    QD342: "Quyết định 342-QĐ/TW ngày 28/12/2010",
    QD01: "Quy định 01-QĐ/TW ngày 03/02/2026",
}

# Categories (đối tượng đóng đảng phí): the stored key, its Vietnamese name
SALARIED = "salaried"
BENEFIT = "benefit"
PENSION = "pension"
STUDENT = "student"
OTHER = "other"
CATEGORIES = {
    SALARIED: "Hưởng tiền lương, tiền công (đóng bảo hiểm xã hội)",
    BENEFIT: "Hưởng trợ cấp bảo hiểm xã hội (ốm đau, thai sản)",
    PENSION: "Hưởng lương hưu",
    STUDENT: "Học sinh, sinh viên",
    OTHER: "Đảng viên khác (không hưởng lương, lương hưu, trợ cấp)",
}
INCOME_CATEGORIES = {SALARIED, BENEFIT, PENSION}  # a percentage of an income; the others a flat amount

# The levels that keep a share of what reaches them (by organization kind)
LEVELS = {
    "affiliated_cell": "Chi bộ trực thuộc",
    "partial_committee": "Đảng bộ bộ phận",
    "grassroots": "Tổ chức cơ sở đảng",
    "superior": "Cấp trên trực tiếp của cơ sở",
    "province": "Tỉnh ủy, thành ủy",
}
LEVEL_OF_KIND = {
    "affiliated_cell": "affiliated_cell",
    "partial_committee": "partial_committee",
    "grassroots_committee": "grassroots",
    "grassroots_cell": "grassroots",
    "commune": "superior",
    "district": "superior",
    "superior": "superior",
    "province": "province",
}

UNPAID_MONTHS_GROUND = 3  # Điều lệ Đảng, Điều 8
GROUND_SOURCE = "Điều lệ Đảng, Điều 8"
MAX_INCOME = 10_000_000_000  # đồng a month: beyond it, a typing error
MAX_PAYMENT = 100_000_000


@dataclass(frozen=True)
class Rate:
    """A category's rate under one regime: a percentage of the income, or a flat amount a month."""

    percent: Decimal | None = None
    flat: int | None = None
    confirmed: bool = False  # stated in domain.md's sources; else a setting, shown "chưa xác nhận"

    def describe(self) -> str:
        if self.percent is not None:
            text = f"{self.percent.normalize():f}".replace(".", ",")
            return f"{text} % thu nhập"
        return f"{self.flat:,} đồng/tháng".replace(",", ".")


def _default_rates() -> dict[str, dict[str, Rate]]:
    one, half = Decimal("1"), Decimal("0.5")
    return {
        QD342: {  # the salaried 1 % and the pension 0,5 % are the well-known figures; none is in domain.md
            SALARIED: Rate(percent=one),
            BENEFIT: Rate(percent=half),
            PENSION: Rate(percent=half),
            STUDENT: Rate(flat=2_000),
            OTHER: Rate(flat=3_000),
        },
        QD01: {
            SALARIED: Rate(percent=one, confirmed=True),
            BENEFIT: Rate(percent=one, confirmed=True),
            PENSION: Rate(percent=half, confirmed=True),
            STUDENT: Rate(flat=5_000, confirmed=True),
            OTHER: Rate(flat=5_000),
        },
    }


def _default_keep() -> dict[str, int]:
    return {"affiliated_cell": 30, "partial_committee": 0, "grassroots": 50, "superior": 50, "province": 50}


@dataclass(frozen=True)
class DuesSettings:
    # The first month whose dues follow QĐ 01 (UNCONFIRMED: the month it was issued, 02/2026).
    switch_year: int = 2026
    switch_month: int = 2
    # Amounts computed from an income are rounded half up to this many đồng (UNCONFIRMED).
    rounding: int = 1_000
    rates: dict[str, dict[str, Rate]] = field(default_factory=_default_rates)
    # The percentage of what reaches a level that it keeps; the rest goes up (UNCONFIRMED).
    keep_percent: dict[str, int] = field(default_factory=_default_keep)
    # Members exempted from activity (miễn sinh hoạt) still owe dues (UNCONFIRMED).
    exempted_members_pay: bool = True
    # The category of a member without a declared basis (UNCONFIRMED).
    default_category: str = OTHER


DEFAULT = DuesSettings()


def settings_from(overrides: Mapping[str, Any] | None) -> DuesSettings:
    """DuesSettings from config/settings.py DANGBO_DUES: {"switch_month": 1, "rounding": 1, "rates":
    {"qd01": {"other": {"flat": 10000}}}, "keep_percent": {"grassroots": 70}, ...}. A rate given in
    the settings is a setting (unconfirmed) even where the default was confirmed."""
    if not overrides:
        return DEFAULT
    given = dict(overrides)
    rates = {regime: dict(table) for regime, table in DEFAULT.rates.items()}
    for regime, table in (given.pop("rates", None) or {}).items():
        if regime not in rates:
            raise ValueError(f"DANGBO_DUES: rates[{regime!r}] is unknown (qd342, qd01)")
        for category, value in table.items():
            if category not in CATEGORIES:
                raise ValueError(f"DANGBO_DUES: rates[{regime!r}][{category!r}] is unknown")
            percent, flat = value.get("percent"), value.get("flat")
            rates[regime][category] = Rate(
                percent=Decimal(str(percent)) if percent is not None else None,
                flat=int(flat) if flat is not None else None,
            )
    keep = {**DEFAULT.keep_percent, **(given.pop("keep_percent", None) or {})}
    for level, value in keep.items():
        if level not in LEVELS or not 0 <= int(value) <= 100:
            raise ValueError(f"DANGBO_DUES: keep_percent[{level!r}] = {value!r} is invalid")
    result = replace(DEFAULT, rates=rates, keep_percent=keep, **given)
    if result.rounding < 1 or result.default_category not in CATEGORIES or not 1 <= result.switch_month <= 12:
        raise ValueError("DANGBO_DUES: rounding, default_category or switch_month is invalid")
    return result


# --- the monthly amount ------------------------------------------------------------------------------


def regime(year: int, month: int, settings: DuesSettings = DEFAULT) -> str:
    """The regulation in force for the dues of a month: QĐ 342 before the switch month, QĐ 01 from it."""
    return QD01 if (year, month) >= (settings.switch_year, settings.switch_month) else QD342


def round_amount(value: Decimal, step: int) -> int:
    """Half up to a multiple of `step` đồng (53.070 -> 53.000; 53.500 -> 54.000 with step 1.000)."""
    units = (value / Decimal(step)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(units) * step


@dataclass(frozen=True)
class Due:
    amount: int
    regime: str
    rate: Rate
    category: str

    @property
    def confirmed(self) -> bool:
        return self.rate.confirmed


def monthly_due(category: str, income: int, year: int, month: int, settings: DuesSettings = DEFAULT) -> Due:
    """Mức đóng đảng phí of a month: the category's rate under the regime of that month, applied to the
    declared income (the previous month's social-insurance salary, the benefit, the pension) for the
    income categories, rounded (settings.rounding); the flat amount for the others. A percentage of an
    income that rounds to nothing is at least one rounding step (a member always pays something)."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown dues category {category!r}")
    key = regime(year, month, settings)
    rate = settings.rates[key][category]
    if rate.percent is not None:
        amount = round_amount(Decimal(max(income, 0)) * rate.percent / 100, settings.rounding)
        amount = max(amount, settings.rounding) if income > 0 else 0
    else:
        amount = int(rate.flat or 0)
    return Due(amount, key, rate, category)


def basis_violations(category: str, income: int | None) -> list[str]:
    """Vietnamese messages of a declared basis that cannot be used."""
    if category not in CATEGORIES:
        return ["Đối tượng đóng đảng phí không hợp lệ."]
    if category in INCOME_CATEGORIES:
        if income is None or income <= 0:
            return [f"{CATEGORIES[category]}: phải nhập thu nhập làm căn cứ (đồng/tháng, lớn hơn 0)."]
        if income > MAX_INCOME:
            return ["Thu nhập quá lớn (tối đa 10.000.000.000 đồng/tháng): kiểm tra lại."]
    elif income not in (None, 0):
        return [f"{CATEGORIES[category]} đóng mức cố định: không nhập thu nhập."]
    return []


def arrears(due: int, paid: int) -> int:
    """What is still owed for a month (nợ đảng phí): never negative; paying more does not carry over."""
    return max(due - paid, 0)


# --- the removal ground ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthRecord:
    """One month of a member's dues as the ground reads it."""

    month: int
    due: int
    paid: int
    excused: bool  # a reason recorded by the cell (lý do chưa đóng)
    book_kept: bool  # the cell kept its dues book that month (something recorded for it)


def unpaid_months(records: Iterable[MonthRecord]) -> tuple[int, ...]:
    """The months of a year a member owed dues, paid nothing and gave no reason, counted only where the
    cell kept its book that month (before the book was kept, nothing is known)."""
    return tuple(
        sorted({r.month for r in records if r.book_kept and r.due > 0 and r.paid <= 0 and not r.excused})
    )


def removal_ground(months: Iterable[int], year: int) -> str | None:
    """The ground for removal (Điều lệ Đảng, Điều 8) when 3 or more months are unpaid without reason."""
    found = sorted(set(months))
    if len(found) < UNPAID_MONTHS_GROUND:
        return None
    listed = ", ".join(f"{m:02d}" for m in found)
    return (
        f"Không đóng đảng phí {len(found)} tháng trong năm {year} không có lý do (tháng {listed}): "
        f"chi bộ xem xét, đề nghị xóa tên ({GROUND_SOURCE})."
    )


# --- the shares ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Split:
    received: int
    kept: int
    sent_up: int


def split(received: int, level: str, settings: DuesSettings = DEFAULT) -> Split:
    """What a level keeps of what reaches it (rounded half up to the đồng) and sends up; the two add up
    to what it received."""
    percent = settings.keep_percent.get(level, 0)
    kept = round_amount(Decimal(received) * percent / 100, 1)
    return Split(received, kept, received - kept)


def level_of(kind: str) -> str:
    return LEVEL_OF_KIND.get(kind, "superior")
