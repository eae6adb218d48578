"""Checking figures someone else wrote: "8 : 19,04 %" of 42 — is 19,04 the count over the total,
rounded half-up to the decimals it was written with? Pure Python."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from dangbo.core.text import percent

_FIGURE = re.compile(r"^\s*(?P<count>\d[\d.]*)\s*:\s*(?P<percent>\d+(?:[.,]\d+)?)\s*%?\s*$", re.ASCII)
# The same, as the API's schema states it (on text already cleaned: one space where there were several).
FIGURE_PATTERN = r"(?:[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+){space}*:{space}*[0-9]+(?:[.,][0-9]+)?{space}*%?"
# A total: a positive whole number, written plainly or with thousands dots (5.852).
TOTAL_PATTERN = r"0*[1-9][0-9]*|[1-9][0-9]{0,2}(?:\.[0-9]{3})+"


class FigureError(ValueError):
    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class FigureCheck:
    count: int
    stated: str
    correct: str
    ok: bool


def parse_total(text: str) -> int:
    raw = (
        str(text).strip().replace(".", "")
        if re.fullmatch(r"[1-9][0-9]{0,2}(\.[0-9]{3})+", str(text).strip())
        else str(text).strip()
    )
    if not (raw.isascii() and raw.isdigit()) or int(raw) <= 0:
        raise FigureError(f"Tổng số “{text}” phải là một số nguyên dương.", field="total")
    return int(raw)


def check_figure(total: int, figure: str) -> FigureCheck:
    """figure: "COUNT:PERCENT" with the percentage as written (comma or dot, any decimals)."""
    match = _FIGURE.match(figure)
    if not match:
        raise FigureError(f"“{figure}” không đúng dạng SỐ_LƯỢNG:TỶ_LỆ (ví dụ 8:19,05).", field="figures")
    count_text = match["count"]
    if "." in count_text and not re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})+", count_text):
        raise FigureError(f"Số lượng “{count_text}” không phải là số nguyên.", field="figures")
    count = int(count_text.replace(".", ""))
    if count > total:
        raise FigureError(f"Số lượng {count} lớn hơn tổng số {total}.", field="figures")
    stated = match["percent"]
    separator = "," if "," in stated else "."
    decimals = len(stated.split(separator)[1]) if separator in stated else 0
    correct = percent(count, total, decimals)
    correct_text = f"{correct:.{decimals}f}".replace(".", separator)
    ok = Decimal(stated.replace(",", ".")) == correct
    return FigureCheck(count=count, stated=stated, correct=correct_text, ok=ok)


def check_figures(total: int, figures: list[str]) -> list[FigureCheck]:
    if not figures:
        raise FigureError("Phải nhập ít nhất một số liệu dạng SỐ_LƯỢNG:TỶ_LỆ.", field="figures")
    return [check_figure(total, figure) for figure in figures]
