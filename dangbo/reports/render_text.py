"""Plain-text rendering of the year's report (rows in, text out; never queries)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dangbo.core.text import format_number

if TYPE_CHECKING:
    from dangbo.reports.year_data import YearReport

SECTION_TITLES = {
    "grassroots": "Tổ chức cơ sở đảng",
    "affiliated_cells": "Chi bộ trực thuộc",
    "members": "Đảng viên",
}


def _pct(text: str) -> str:
    return text.replace(".", ",") + " %"


def render_text(report: YearReport) -> str:
    lines = [
        f"BÁO CÁO KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM {report.year}",
        f"{report.organization.name} ({report.organization.code})",
        f"Căn cứ: {report.scheme.regulation}; {report.scheme.guidance}",
        "",
    ]
    for key, title in SECTION_TITLES.items():
        section = report.sections.of(key)
        lines.append(
            f"{title}: {format_number(section.evaluated)}/{format_number(section.total)} được đánh giá"
        )
        for level in section.levels:
            lines.append(f"  - {level.label}: {format_number(level.count)} ({_pct(level.percent)})")
        good = section.good_or_above
        lines.append(f"  Hoàn thành tốt nhiệm vụ trở lên: {format_number(good.count)} ({_pct(good.percent)})")
        if section.exemplary is not None:
            lines.append(f"  Trong đó tiêu biểu: {format_number(section.exemplary)}")
        for reason in section.not_evaluated_reasons:
            lines.append(f"  Không đánh giá — {reason.reason}: {format_number(reason.count)}")
        lines.append("")
    if report.commendations:
        lines.append("Khen thưởng:")
        for award in report.commendations:
            lines.append(f"  - {award.kind}: {award.title} — {award.target} ({award.decision_number})")
        lines.append("")
    lines.append(report.narrative)
    return "\n".join(lines) + "\n"


def render_figures(checks: list[dict[str, Any]], total: int) -> str:
    lines = [f"Tổng số: {format_number(total)}"]
    for check in checks:
        mark = "đúng" if check["ok"] else f"SAI — đúng là {check['correct']} %"
        lines.append(f"  {format_number(check['count'])}: {check['stated']} % → {mark}")
    return "\n".join(lines) + "\n"
