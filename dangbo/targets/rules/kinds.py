"""The kinds of target (chỉ tiêu) and how an achievement compares with its target. Pure Python.

A kind says what it measures: admissions (kết nạp đảng viên, optionally only some source groups) or
establishments (thành lập tổ chức đảng, only in some sectors). The three kinds of the seed article are
built in; others come from the setting DANGBO_TARGET_KINDS (a list of dicts with the same fields).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

ADMISSIONS = "admissions"
ESTABLISHMENTS = "establishments"
MEASURES = (ADMISSIONS, ESTABLISHMENTS)


class KindError(ValueError):
    """A configured kind that cannot be used (the message is Vietnamese)."""


@dataclass(frozen=True)
class TargetKind:
    """Loại chỉ tiêu."""

    key: str
    label: str  # "Phát triển đảng viên mới": the name of the target ("chỉ tiêu phát triển đảng viên mới")
    measure: str  # ADMISSIONS or ESTABLISHMENTS
    verb: str  # "kết nạp", "thành lập được"
    unit: str  # "đảng viên mới", "chi bộ"
    source_groups: tuple[str, ...] = ()  # admissions: only these source groups (empty: all)
    sectors: tuple[str, ...] = ()  # establishments: only organizations of these sectors (empty: all)
    short: str = ""  # a column heading; the label when empty
    where: str = ""  # "trong khu chung cư": said after the unit when there is no target to name it

    @property
    def heading(self) -> str:
        return self.short or self.label


DEFAULT_KINDS: tuple[TargetKind, ...] = (
    TargetKind(
        "new_members",
        "Phát triển đảng viên mới",
        ADMISSIONS,
        "kết nạp",
        "đảng viên mới",
        short="Đảng viên mới",
    ),
    TargetKind(
        "cells_non_state",
        "Thành lập chi bộ trong doanh nghiệp ngoài khu vực nhà nước, đơn vị sự nghiệp ngoài công lập",
        ESTABLISHMENTS,
        "thành lập được",
        "chi bộ",
        sectors=("non_state_enterprise", "non_public_unit"),
        where="trong doanh nghiệp ngoài khu vực nhà nước, đơn vị sự nghiệp ngoài công lập",
        short="Chi bộ DN ngoài nhà nước, ĐVSN ngoài công lập",
    ),
    TargetKind(
        "cells_apartment",
        "Thành lập chi bộ trong khu chung cư",
        ESTABLISHMENTS,
        "thành lập được",
        "chi bộ",
        sectors=("apartment",),
        where="trong khu chung cư",
        short="Chi bộ chung cư",
    ),
)


def build_kinds(extra: Iterable[Mapping[str, Any]] = ()) -> tuple[TargetKind, ...]:
    """The built-in kinds followed by the configured ones; a bad configuration fails loudly."""
    kinds = list(DEFAULT_KINDS)
    for raw in extra:
        try:
            kind = TargetKind(
                key=str(raw["key"]),
                label=str(raw["label"]),
                measure=str(raw["measure"]),
                verb=str(
                    raw.get("verb") or ("kết nạp" if raw["measure"] == ADMISSIONS else "thành lập được")
                ),
                unit=str(raw.get("unit") or raw["label"]).strip(),
                source_groups=tuple(raw.get("source_groups", ())),
                sectors=tuple(raw.get("sectors", ())),
                short=str(raw.get("short", "")),
                where=str(raw.get("where", "")),
            )
        except KeyError as missing:
            raise KindError(f"Loại chỉ tiêu cấu hình thiếu trường {missing} (DANGBO_TARGET_KINDS).") from None
        if kind.measure not in MEASURES:
            raise KindError(
                f"Loại chỉ tiêu “{kind.key}”: cách tính “{kind.measure}” không có "
                f"(chọn {ADMISSIONS} hoặc {ESTABLISHMENTS})."
            )
        if any(k.key == kind.key for k in kinds):
            raise KindError(f"Loại chỉ tiêu “{kind.key}” bị khai báo hai lần (DANGBO_TARGET_KINDS).")
        kinds.append(kind)
    return tuple(kinds)


def achievement_percent(achieved: int, target: int | None) -> Decimal | None:
    """achieved/target as a percentage rounded half-up to 2 decimals; None without a target."""
    if not target:
        return None
    return (Decimal(achieved) * 100 / Decimal(target)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def check_target_value(value: Any) -> list[str]:
    """A target is a whole number from 1 to 1.000.000."""
    if isinstance(value, bool) or not isinstance(value, int):
        return ["Chỉ tiêu phải là số nguyên."]
    if value < 1:
        return ["Chỉ tiêu phải lớn hơn 0 (bỏ trống nếu không giao chỉ tiêu này)."]
    if value > 1_000_000:
        return ["Chỉ tiêu quá lớn (tối đa 1.000.000)."]
    return []
