"""Workbooks from rows (exports, templates, the list of errors): openpyxl in write-only mode, dates
as real Excel dates shown dd/mm/yyyy, CCCD and card numbers as text. Never queries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dangbo.core import xlsx
from dangbo.imports import schema
from dangbo.imports.exports import Register, SheetData

DATE_FORMAT = "dd/mm/yyyy"
TEXT_COLUMNS = {"cccd", "party_card_number", "code", "parent_code", "organization_code", "to_code"}
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
XLSX = xlsx.XLSX


def _cell(sheet: Any, value: Any, *, font: Font | None = None, fill: PatternFill | None = None,
          number_format: str | None = None, alignment: Alignment | None = None, border: Border | None = None) -> Cell:  # fmt: skip
    cell = xlsx.cell(sheet, value)
    if font:
        cell.font = font
    if fill:
        cell.fill = fill
    if number_format:
        cell.number_format = number_format
    if alignment:
        cell.alignment = alignment
    if border:
        cell.border = border
    return cell


def _write_sheet(workbook: Workbook, data: SheetData) -> None:
    sheet = workbook.create_sheet(data.title[:31])
    headers = data.headers
    columns = list(data.columns)
    widths = [data.kind.column(name).width for name in columns] + [18] * len(data.extra_headers)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for line in data.lines:
        xlsx.append(sheet, [_cell(sheet, line, font=TITLE)])
    if data.lines:
        xlsx.append(sheet, [])
    header_row = len(data.lines) + (2 if data.lines else 1)
    sheet.freeze_panes = f"A{header_row + 1}"
    xlsx.append(
        sheet, [_cell(sheet, h, font=BOLD, fill=HEADER_FILL, alignment=CENTER, border=BOX) for h in headers]
    )
    dates = data.date_columns
    texts = {i for i, name in enumerate(columns) if name in TEXT_COLUMNS}
    for row in data.rows:
        values: list[Any] = []
        for i, value in enumerate(row):
            if i in dates and isinstance(value, date):
                values.append(_cell(sheet, value, number_format=DATE_FORMAT))
            elif i in texts and value not in (None, ""):
                values.append(_cell(sheet, str(value), number_format="@"))
            else:
                values.append(value)
        xlsx.append(sheet, values)


def _instructions(workbook: Workbook, kinds: Sequence[schema.SheetKind], lines: Sequence[str] = ()) -> None:
    sheet = workbook.create_sheet("Hướng dẫn")
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 90
    xlsx.append(sheet, [_cell(sheet, "HƯỚNG DẪN NHẬP DỮ LIỆU TỪ EXCEL", font=TITLE)])
    general = [
        *lines,
        "Mỗi sheet được nhận ra theo dòng tiêu đề (tên cột); thứ tự cột tùy ý, tên cột có thể viết không dấu. "
        "Các dòng tiêu đề phía trên dòng tên cột được bỏ qua.",
        "Ngày ghi dd/mm/yyyy (ví dụ 05/03/1985) hoặc để Excel định dạng ngày. Số CCCD gồm 12 chữ số: định dạng cột "
        "là Văn bản để Excel không bỏ số 0 ở đầu.",
        "Tệp được kiểm tra toàn bộ trước khi ghi: nếu có lỗi ở bất kỳ ô nào thì không ghi gì, và danh sách lỗi "
        "ghi rõ sheet, dòng, cột, giá trị và lý do. Nhập lại cùng một tệp không thay đổi gì.",
    ]
    for line in general:
        xlsx.append(sheet, ["", "", _cell(sheet, line, alignment=WRAP)])
    for kind in kinds:
        xlsx.append(sheet, [])
        xlsx.append(sheet, [_cell(sheet, f"Sheet “{kind.title}”", font=BOLD)])
        for line in kind.instructions:
            xlsx.append(sheet, ["", "", _cell(sheet, line, alignment=WRAP)])
        xlsx.append(
            sheet,
            [
                _cell(sheet, "Cột", font=BOLD),
                _cell(sheet, "Bắt buộc", font=BOLD),
                _cell(sheet, "Ghi chú", font=BOLD),
            ],
        )
        for column in kind.columns:
            aliases = f" Cũng nhận: {', '.join(column.aliases)}." if column.aliases else ""
            xlsx.append(
                sheet,
                [
                    column.header,
                    "x" if column.required else "",
                    _cell(sheet, f"{column.note}{aliases}".strip(), alignment=WRAP),
                ],
            )


def workbook_bytes(
    sheets: Sequence[SheetData], *, instructions: bool = True, register: Register | None = None
) -> bytes:
    workbook = xlsx.new_workbook(write_only=True)
    if register is not None:
        _write_register(workbook, register)
    for data in sheets:
        _write_sheet(workbook, data)
    if instructions:
        _instructions(workbook, [s.kind for s in sheets])
    return xlsx.workbook_bytes(workbook)


def template_bytes(kind: schema.SheetKind) -> bytes:
    """A blank template: the canonical header row (text format for the CCCD and codes), and the instructions."""
    workbook = xlsx.new_workbook()
    sheet: Worksheet = workbook.active  # type: ignore[assignment]
    sheet.title = kind.title[:31]
    columns = kind.template
    for index, column in enumerate(columns, start=1):
        cell = xlsx.put(sheet, 1, index, column.header)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = CENTER
        cell.border = BOX
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.name in TEXT_COLUMNS:
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = "@"
        elif column.is_date:
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet("Hướng dẫn")
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 12
    guide.column_dimensions["C"].width = 90
    xlsx.append(guide, [f"MẪU NHẬP: {kind.title.upper()}"])
    guide["A1"].font = TITLE
    for line in kind.instructions:
        xlsx.append(guide, ["", "", line])
    xlsx.append(guide, ["Cột", "Bắt buộc", "Ghi chú"])
    for cell in guide[guide.max_row]:
        cell.font = BOLD
    for column in kind.columns:
        aliases = f" Cũng nhận: {', '.join(column.aliases)}." if column.aliases else ""
        xlsx.append(guide, [column.header, "x" if column.required else "", f"{column.note}{aliases}".strip()])
    for row in guide.iter_rows(min_row=2):
        row[2].alignment = WRAP
    return xlsx.workbook_bytes(workbook)


def _write_register(workbook: Workbook, register: Register) -> None:
    sheet = workbook.create_sheet("Sổ đảng viên (Mẫu 7-HSĐV)"[:31])
    widths = [6, 26, 14, 22, 24, 22, 13, 16, 12, 20, 20, 14, 16, 20]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    xlsx.append(sheet, [_cell(sheet, "SỔ DANH SÁCH ĐẢNG VIÊN", font=TITLE)])
    xlsx.append(
        sheet, [_cell(sheet, f"{register.organization_name} — tại ngày {register.day:%d/%m/%Y}", font=BOLD)]
    )
    xlsx.append(sheet, ["Mẫu 7-HSĐV"])
    xlsx.append(
        sheet,
        [
            _cell(sheet, h, font=BOLD, fill=HEADER_FILL, alignment=CENTER, border=BOX)
            for h in schema.REGISTER_HEADERS
        ],
    )
    xlsx.append(sheet, [_cell(sheet, i, alignment=CENTER, border=BOX) for i in range(1, 15)])
    for row in register.rows:
        xlsx.append(sheet, [_cell(sheet, value, alignment=WRAP, border=BOX) for value in row])


def issues_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    """The list of errors and warnings of an import, to fix the file with."""
    workbook = xlsx.new_workbook(write_only=True)
    sheet = workbook.create_sheet("Lỗi và cảnh báo")
    for index, width in enumerate([10, 24, 8, 8, 24, 24, 90], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    xlsx.append(
        sheet,
        [
            _cell(sheet, h, font=BOLD, fill=HEADER_FILL)
            for h in ("Loại", "Sheet", "Dòng", "Cột", "Tên cột", "Giá trị", "Lý do")
        ],
    )
    for row in rows:
        xlsx.append(sheet, list(row))
    return xlsx.workbook_bytes(workbook)
