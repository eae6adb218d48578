"""The year's report as an Excel workbook: a sheet per section, numbers as numbers. Never queries."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from dangbo.core import xlsx
from dangbo.reports.render_text import SECTION_TITLES

if TYPE_CHECKING:
    from dangbo.reports.year_data import YearReport


def render_xlsx(report: YearReport) -> bytes:
    """Print-ready (xlsx.PrintedSheet): each sheet titled with the organization, its superior and the
    year, its header frozen, repeated on each page and filtered, landscape A4 fit to the width."""
    workbook = xlsx.new_workbook()
    subtitle = xlsx.subtitle(report.organization.name, report.superior, f"năm {report.year}")
    title = f"KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM {report.year}"
    summary = xlsx.PrintedSheet(
        workbook,
        "Tổng hợp",
        title=title,
        subtitle=subtitle,
        headers=["Mục", "Nội dung"],
        widths=[30, 100],
        first=True,
    )
    summary.append(["Tổ chức", f"{report.organization.name} ({report.organization.code})"])
    summary.append(["Căn cứ", f"{report.scheme.regulation}; {report.scheme.guidance}"])
    summary.append(["Nhận xét", report.narrative])
    summary.close()
    number_format = "0." + "0" * report.decimals

    def numbers(sheet: xlsx.PrintedSheet, label: str, count: int, share: str | None) -> None:
        count_cell = xlsx.cell(sheet.sheet, count)
        count_cell.number_format = "#,##0"
        share_cell = xlsx.cell(sheet.sheet, float(Decimal(share)) if share is not None else None)
        share_cell.number_format = number_format
        sheet.append([label, count_cell, share_cell])

    for key, section_title in SECTION_TITLES.items():
        data = report.sections.of(key)
        sheet = xlsx.PrintedSheet(
            workbook,
            section_title,
            title=f"{section_title.upper()} — {title}",
            subtitle=subtitle,
            headers=["Mức xếp loại", "Số lượng", "Tỷ lệ (%)"],
            widths=[48, 12, 12],
        )
        for level in data.levels:
            numbers(sheet, level.label, level.count, level.percent)
        good = data.good_or_above
        numbers(sheet, "Hoàn thành tốt nhiệm vụ trở lên", good.count, good.percent)
        if data.exemplary is not None:
            numbers(sheet, "Trong đó: tiêu biểu", data.exemplary, None)
        numbers(sheet, "Được đánh giá", data.evaluated, None)
        numbers(sheet, "Tổng số", data.total, None)
        for reason in data.not_evaluated_reasons:
            numbers(sheet, f"Không đánh giá — {reason.reason}", reason.count, None)
        sheet.close()
    sectors = xlsx.PrintedSheet(
        workbook,
        "Theo loại hình",
        title=f"THEO LOẠI HÌNH — {title}",
        subtitle=subtitle,
        headers=["Loại hình", "Tổng số", "HTXSNV", "HTTNV", "HTNV", "KHTNV", "Chưa đánh giá"],
        widths=[40, 10, 10, 10, 10, 10, 14],
    )
    for row in report.by_sector:
        sectors.append([row.label, row.total, *[level.count for level in row.levels], row.not_evaluated])
    sectors.close()
    return xlsx.workbook_bytes(workbook)
