"""The year's report as an Excel workbook: a sheet per section, numbers as numbers. Never queries."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dangbo.reports.render_text import SECTION_TITLES

BOLD = Font(bold=True)


def render_xlsx(report: dict[str, Any]) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = "Tổng hợp"
    summary.append([f"Kết quả đánh giá, xếp loại chất lượng năm {report['year']}"])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([report["organization"]["name"], report["organization"]["code"]])
    summary.append([report["scheme"]["regulation"], report["scheme"]["guidance"]])
    summary.append([])
    summary.append(["Nhận xét", report["narrative"]])
    summary["B5"].alignment = Alignment(wrap_text=True, vertical="top")
    summary.column_dimensions["A"].width = 30
    summary.column_dimensions["B"].width = 100
    number_format = "0." + "0" * int(report.get("decimals", 2))
    for key, title in SECTION_TITLES.items():
        data = report["sections"][key]
        sheet = workbook.create_sheet(title[:31])
        sheet.append(["Mức xếp loại", "Số lượng", "Tỷ lệ (%)"])
        for cell in sheet[1]:
            cell.font = BOLD
        for level in data["levels"]:
            sheet.append([level["label"], level["count"], float(Decimal(level["percent"]))])
        good = data["good_or_above"]
        sheet.append(["Hoàn thành tốt nhiệm vụ trở lên", good["count"], float(Decimal(good["percent"]))])
        if "exemplary" in data:
            sheet.append(["Trong đó: tiêu biểu", data["exemplary"], None])
        sheet.append(["Được đánh giá", data["evaluated"], None])
        sheet.append(["Tổng số", data["total"], None])
        for reason in data["not_evaluated_reasons"]:
            sheet.append([f"Không đánh giá — {reason['reason']}", reason["count"], None])
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
    sectors.append(["Loại hình", "Tổng số", "HTXSNV", "HTTNV", "HTNV", "KHTNV", "Chưa đánh giá"])
    for cell in sectors[1]:
        cell.font = BOLD
    for row in report["by_sector"]:
        sectors.append(
            [row["label"], row["total"], *[level["count"] for level in row["levels"]], row["not_evaluated"]]
        )
    sectors.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
