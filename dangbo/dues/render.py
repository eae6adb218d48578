"""The dues sheets rendered as XLSX (sổ thu đảng phí of a month and of a year, the report of a level).
Rows in, bytes out; never queries. The month sheet is also the template of the import (its columns
“Họ và tên”, “Ngày sinh”, “Số tiền đã đóng (đồng)”, “Hình thức”, “Ngày đóng”, “Ghi chú”)."""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dangbo.core import xlsx
from dangbo.dues import rules
from dangbo.dues.importer import COLUMNS

BOLD = Font(bold=True)
XLSX = xlsx.XLSX
METHODS = {"cash": "Tiền mặt", "online": "Trực tuyến"}


def _head(sheet: Any, row: list[str]) -> None:
    xlsx.append(sheet, row)
    for c in sheet[sheet.max_row]:
        c.font = BOLD


def _widths(sheet: Any, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _dates(sheet: Any, columns: list[int], first_row: int) -> None:
    for column in columns:
        for cells in sheet.iter_rows(min_row=first_row, min_col=column, max_col=column):
            for c in cells:
                c.number_format = "dd/mm/yyyy"


def month_xlsx(sheet_data: dict[str, Any]) -> bytes:
    workbook = xlsx.new_workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = f"Tháng {sheet_data['month']:02d}-{sheet_data['year']}"
    cell = sheet_data["cell"]
    xlsx.append(
        sheet, [f"SỔ THU ĐẢNG PHÍ THÁNG {sheet_data['month']:02d}/{sheet_data['year']} — {cell.name}"]
    )
    sheet["A1"].font = Font(bold=True, size=14)
    xlsx.append(sheet, [f"Áp dụng {sheet_data['regime_name']}"])
    _head(
        sheet,
        [
            "STT",
            COLUMNS["full_name"][0],
            COLUMNS["birth_date"][0],
            "Đối tượng",
            "Thu nhập làm căn cứ (đồng)",
            "Phải đóng (đồng)",
            COLUMNS["amount"][0],
            COLUMNS["method"][0],
            COLUMNS["paid_on"][0],
            "Còn nợ (đồng)",
            COLUMNS["note"][0],
        ],
    )
    for number, line in enumerate(sheet_data["lines"], start=1):
        e = line.entry
        xlsx.append(
            sheet,
            [
                number,
                line.member.full_name,
                line.member.birth_date,
                line.category_label + ("" if e.declared else " (chưa khai)"),
                sheet_data["incomes"].get(line.member.pk) or None,
                e.due.amount,
                e.paid or None,
                METHODS.get(e.method, ""),
                e.paid_on,
                e.arrears,
                e.excuse,
            ],
        )
    xlsx.append(
        sheet,
        ["", "Cộng", "", "", "", sheet_data["due"], sheet_data["paid"], "", "", sheet_data["arrears"], ""],
    )
    for c in sheet[sheet.max_row]:
        c.font = BOLD
    _dates(sheet, [3, 9], 4)
    _widths(sheet, [6, 32, 12, 40, 18, 14, 18, 12, 12, 14, 30])
    return xlsx.workbook_bytes(workbook)


def year_xlsx(sheet_data: dict[str, Any]) -> bytes:
    workbook = xlsx.new_workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = f"Năm {sheet_data['year']}"
    xlsx.append(sheet, [f"SỔ THU ĐẢNG PHÍ NĂM {sheet_data['year']} — {sheet_data['cell'].name}"])
    sheet["A1"].font = Font(bold=True, size=14)
    months = sheet_data["months"]
    _head(
        sheet,
        [
            "STT",
            "Họ và tên",
            *[f"Tháng {m:02d}" for m in months],
            "Phải đóng",
            "Đã đóng",
            "Còn nợ",
            "Ghi chú",
        ],
    )
    for number, row in enumerate(sheet_data["rows"], start=1):
        xlsx.append(
            sheet,
            [
                number,
                row["member"].full_name,
                *[(e.paid if e and e.paid else None) for e in row["cells"]],
                row["due"],
                row["paid"],
                row["arrears"],
                row["ground"] or "",
            ],
        )
    xlsx.append(
        sheet,
        [
            "",
            "Cộng đã đóng",
            *[t["paid"] for t in sheet_data["totals"]],
            sheet_data["due"],
            sheet_data["paid"],
            sheet_data["arrears"],
            "",
        ],
    )
    for c in sheet[sheet.max_row]:
        c.font = BOLD
    _widths(sheet, [6, 32, *[11] * len(months), 13, 13, 13, 60])
    return xlsx.workbook_bytes(workbook)


def report_xlsx(report: dict[str, Any]) -> bytes:
    workbook = xlsx.new_workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Báo cáo"
    period = f"tháng {report['month']:02d}/{report['year']}" if report["month"] else f"năm {report['year']}"
    xlsx.append(sheet, [f"BÁO CÁO THU, NỘP ĐẢNG PHÍ {period.upper()} — {report['organization'].name}"])
    sheet["A1"].font = Font(bold=True, size=14)
    _head(
        sheet,
        [
            "Mã",
            "Tổ chức",
            "Phải thu (đồng)",
            "Đã thu (đồng)",
            "Còn nợ (đồng)",
            "Trích giữ lại (đồng)",
            "Nộp cấp trên (đồng)",
        ],
    )

    def walk(node: Any, depth: int) -> None:
        xlsx.append(
            sheet,
            [
                node.code,
                "    " * depth + node.name,
                node.due,
                node.paid,
                node.arrears,
                node.kept,
                node.sent_up,
            ],
        )
        if depth == 0:
            for c in sheet[sheet.max_row]:
                c.font = BOLD
        for child in node.children:
            walk(child, depth + 1)

    walk(report["root"], 0)
    _widths(sheet, [16, 56, 16, 16, 16, 18, 18])
    s = report["settings"]
    notes = workbook.create_sheet("Căn cứ")
    _head(notes, ["Cấp", "Tỷ lệ trích giữ lại (thiết lập, chưa xác nhận)"])
    for level, label in rules.LEVELS.items():
        xlsx.append(notes, [label, f"{s.keep_percent.get(level, 0)} %"])
    _widths(notes, [40, 44])
    return xlsx.workbook_bytes(workbook)
