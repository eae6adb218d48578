"""Checking figures someone else wrote: "8 : 19,04 %" of 42 — is 19,04 the count over the total,
rounded half-up to the decimals it was written with? Pure Python."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from dangbo.core.text import percent
from dangbo.evaluations.rules import RuleSettings, UnknownYear, scheme_for
from dangbo.evaluations.rules.settings import DEFAULT as DEFAULT_RULES
from dangbo.reports.rules.figures import Cap, Problem, Written, audit

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


def _written(figure: str) -> Written:
    match = _FIGURE.match(figure)
    assert match is not None  # check_figure read it first
    stated = match["percent"].replace(",", ".")
    return Written(
        count=int(match["count"].replace(".", "")),
        stated=Decimal(stated),
        decimals=len(stated.split(".")[1]) if "." in stated else 0,
    )


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


def parse_bases(value: str | list[str] | list[int] | None) -> tuple[int, ...]:
    """Other bases a report may have used: "5.900,5.852" (commas, semicolons or spaces between), or a
    list. Each a positive whole number, written plainly or with thousands dots."""
    if value is None or value == "":
        return ()
    tokens: list[str] = (
        [t for t in re.split(r"[,;\s]+", value.strip()) if t]
        if isinstance(value, str)
        else [str(v) for v in value]
    )
    bases = []
    for token in tokens[:21]:
        try:
            bases.append(parse_total(token))
        except FigureError:
            raise FigureError(
                f"Cơ sở khác “{token[:40]}” phải là một số nguyên dương (ví dụ 5.900).",
                field="base_alternatives",
            ) from None
    if len(tokens) > 20:
        raise FigureError("Nhiều nhất 20 cơ sở khác.", field="base_alternatives")
    return tuple(bases)


def cap_for(year: int | None, settings: RuleSettings = DEFAULT_RULES) -> Cap | None:
    """The cap on HTXSNV members for a four-level line: the year's — none where its scheme has none
    (before 2018) or the setting turns it off, else the settings' share cited from the scheme (a
    recorded decision raising it, QĐ 366's up to 25 %, belongs to one group, not to a line of
    figures) — else the default 20 %."""
    if year is None:
        return Cap(DEFAULT_RULES.excellent_cap_percent)
    scheme = scheme_for(year)
    if not scheme.has_cap or not settings.excellent_cap_enabled:
        return None
    return Cap(settings.excellent_cap_percent, scheme.cite("cap"))


def audit_figures(
    total: int,
    figures: list[str],
    *,
    base_alternatives: tuple[int, ...] = (),
    four_levels: bool = False,
    year: int | None = None,
    settings: RuleSettings = DEFAULT_RULES,
) -> tuple[list[FigureCheck], list[Problem]]:
    """The checks of each figure (check_figures) and the problems of the line (rules.figures.audit)."""
    checks = check_figures(total, figures)
    if four_levels and len(figures) != 4:
        raise FigureError(
            f"Số liệu đảng viên theo 4 mức phải có đúng 4 số liệu (đã nhập {len(figures)}).",
            field="four_levels",
        )
    try:
        labels = tuple(level.label for level in scheme_for(year).member_levels[:2]) if year else ()
    except UnknownYear:
        raise FigureError(f"Năm đánh giá “{year}” không hợp lệ.", field="year") from None
    problems = audit(
        total,
        [_written(figure) for figure in figures],
        base_alternatives=base_alternatives,
        four_levels=four_levels,
        cap=cap_for(year, settings) if four_levels else None,
        level_labels=labels,
    )
    return checks, problems
