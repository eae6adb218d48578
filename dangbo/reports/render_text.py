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


def render_figures(
    checks: list[dict[str, Any]], total: int, problems: list[dict[str, Any]] | None = None
) -> str:
    """Each figure right or wrong, then each problem of the line (rules.figures) in Vietnamese. A count
    that is the likely typo is said as such, not as a wrong percentage."""
    problems = problems or []
    typos = {p["figure"]: p for p in problems if p["kind"] == "count_typo"}
    lines = [f"Tổng số: {format_number(total)}"]
    for number, check in enumerate(checks, start=1):
        if check["ok"]:
            mark = "đúng"
        elif number in typos:
            mark = (
                f"SAI — số lượng có lẽ là {format_number(typos[number]['fits'])} "
                f"({check['stated']} % của {format_number(total)})"
            )
        else:
            mark = f"SAI — đúng là {check['correct']} %"
        lines.append(f"  {format_number(check['count'])}: {check['stated']} % → {mark}")
    if problems:
        lines.append(f"Phát hiện {len(problems)} vấn đề:")
        lines += [f"  - {p['message']}" for p in problems]
    else:
        lines.append("Không phát hiện vấn đề nào khác.")
    return "\n".join(lines) + "\n"
