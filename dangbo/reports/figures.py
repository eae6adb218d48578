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


def cap_for(
    year: int | None,
    settings: RuleSettings = DEFAULT_RULES,
    *,
    percent: Decimal | None = None,
    decision: str = "",
) -> Cap | None:
    """The cap on HTXSNV members for a four-level line: the year's — none where its scheme has none
    (before 2018) or the setting turns it off, else the settings' share cited from the scheme, or
    `percent` where a decision of the competent level raised it (QĐ 366: up to 25 %; checked by
    parse_cap_percent; `decision` says which) — else the default 20 %."""
    if year is None:
        return Cap(DEFAULT_RULES.excellent_cap_percent)
    scheme = scheme_for(year)
    if not scheme.has_cap or not settings.excellent_cap_enabled:
        return None
    source = scheme.cite("cap")
    if percent is not None and percent != settings.excellent_cap_percent:
        source = f"{source}; nâng theo {decision or 'quyết định của cấp có thẩm quyền'} ({scheme.cite('cap_raise')})"
    return Cap(settings.excellent_cap_percent if percent is None else percent, source)


def parse_cap_percent(
    value: str | int | float | Decimal | None, year: int | None, settings: RuleSettings = DEFAULT_RULES
) -> Decimal | None:
    """The cap stated for a line (a recorded decision of the competent level raising it): "25",
    "22,5". Only with a year whose scheme lets the competent level raise it (QĐ 366: from the
    setting's 20 % to 25 %); in another year only the setting's own percent. None: not stated."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]{1,3}(?:[.,][0-9]{1,2})?", text, re.ASCII):
        raise FigureError(
            f"Giới hạn “{text[:20]}” phải là một tỷ lệ phần trăm, ví dụ 25.", field="cap_percent"
        )
    percent = Decimal(text.replace(",", "."))
    if year is None:
        raise FigureError(
            "Giới hạn đã nâng chỉ dùng với năm đánh giá (giới hạn của năm đó).", field="cap_percent"
        )
    scheme = scheme_for(year)
    least, most = settings.excellent_cap_percent, Decimal(scheme.cap_percent_max)
    shown = f"{percent.normalize():f}".replace(".", ",")
    if not scheme.has_cap or most <= least:
        if scheme.has_cap and percent == least:
            return percent
        raise FigureError(
            f"Năm {year} không có quy định cho cấp có thẩm quyền nâng giới hạn hoàn thành xuất sắc nhiệm vụ "
            f"({scheme.cite('regime')}): không nhận giới hạn {shown}%.",
            field="cap_percent",
        )
    if not least <= percent <= most:
        raise FigureError(
            f"Giới hạn {shown}% không hợp lệ: năm {year} chỉ từ {least}% đến {most}% "
            f"({scheme.cite('cap_raise')}).",
            field="cap_percent",
        )
    return percent


def stated_or_recorded_cap(
    stated: Decimal | None, recorded: tuple[Decimal, str] | None
) -> tuple[Decimal | None, str]:
    """The cap of a line and the decision it comes from: the decision recorded for the organization's
    stored year (its percent and its "quyết định số … ngày …"), else the one stated; a stated cap
    that contradicts the recorded decision is refused."""
    if recorded is None:
        return stated, ""
    percent, decision = recorded
    if stated is not None and stated != percent:
        shown = f"{stated.normalize():f}".replace(".", ",")
        raised = f"{Decimal(percent).normalize():f}".replace(".", ",")
        raise FigureError(
            f"Giới hạn đã nhập {shown}% khác {decision} đã ghi cho tổ chức này ({raised}%).",
            field="cap_percent",
        )
    return Decimal(percent), decision


def audit_figures(
    total: int,
    figures: list[str],
    *,
    base_alternatives: tuple[int, ...] = (),
    four_levels: bool = False,
    year: int | None = None,
    settings: RuleSettings = DEFAULT_RULES,
    cap_percent: Decimal | None = None,
    cap_decision: str = "",
) -> tuple[list[FigureCheck], list[Problem]]:
    """The checks of each figure (check_figures) and the problems of the line (rules.figures.audit);
    `cap_percent`: the cap a recorded decision raised (parse_cap_percent), `cap_decision` which."""
    checks = check_figures(total, figures)
    if cap_percent is not None and not four_levels:
        raise FigureError("Giới hạn chỉ dùng với số liệu đảng viên theo 4 mức.", field="cap_percent")
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
        cap=cap_for(year, settings, percent=cap_percent, decision=cap_decision) if four_levels else None,
        level_labels=labels,
    )
    return checks, problems
