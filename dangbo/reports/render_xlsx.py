"""The year's report as an Excel workbook: a sheet per section, numbers as numbers. Never queries."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from openpyxl.styles import Alignment, Font

from dangbo.core import xlsx
from dangbo.reports.render_text import SECTION_TITLES

if TYPE_CHECKING:
    from dangbo.reports.year_data import YearReport

BOLD = Font(bold=True)


def render_xlsx(report: YearReport) -> bytes:
    workbook = xlsx.new_workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = "Tổng hợp"
    xlsx.append(summary, [f"Kết quả đánh giá, xếp loại chất lượng năm {report.year}"])
    summary["A1"].font = Font(bold=True, size=14)
    xlsx.append(summary, [report.organization.name, report.organization.code])
    xlsx.append(summary, [report.scheme.regulation, report.scheme.guidance])
    xlsx.append(summary, [])
    xlsx.append(summary, ["Nhận xét", report.narrative])
    summary["B5"].alignment = Alignment(wrap_text=True, vertical="top")
    summary.column_dimensions["A"].width = 30
    summary.column_dimensions["B"].width = 100
    number_format = "0." + "0" * report.decimals
    for key, title in SECTION_TITLES.items():
        data = report.sections.of(key)
        sheet = workbook.create_sheet(title[:31])
        xlsx.append(sheet, ["Mức xếp loại", "Số lượng", "Tỷ lệ (%)"])
        for cell in sheet[1]:
            cell.font = BOLD
        for level in data.levels:
            xlsx.append(sheet, [level.label, level.count, float(Decimal(level.percent))])
        good = data.good_or_above
        xlsx.append(sheet, ["Hoàn thành tốt nhiệm vụ trở lên", good.count, float(Decimal(good.percent))])
        if data.exemplary is not None:
            xlsx.append(sheet, ["Trong đó: tiêu biểu", data.exemplary, None])
        xlsx.append(sheet, ["Được đánh giá", data.evaluated, None])
        xlsx.append(sheet, ["Tổng số", data.total, None])
        for reason in data.not_evaluated_reasons:
            xlsx.append(sheet, [f"Không đánh giá — {reason.reason}", reason.count, None])
        for row in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
            for cell in row:
                cell.number_format = number_format
        for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
            for cell in row:
                cell.number_format = "#,##0"
        sheet.column_dimensions["A"].width = 48
        sheet.column_dimensions["B"].width = 12
        sheet.column_dimensions["C"].width = 12
    sectors = workbook.create_sheet("Theo loại hình")
    xlsx.append(sectors, ["Loại hình", "Tổng số", "HTXSNV", "HTTNV", "HTNV", "KHTNV", "Chưa đánh giá"])
    for cell in sectors[1]:
        cell.font = BOLD
    for row in report.by_sector:
        xlsx.append(
            sectors, [row.label, row.total, *[level.count for level in row.levels], row.not_evaluated]
        )
    sectors.column_dimensions["A"].width = 40
    return xlsx.workbook_bytes(workbook)
