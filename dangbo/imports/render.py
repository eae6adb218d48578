"""Workbooks from rows (exports, templates, the list of errors): openpyxl in write-only mode, dates
as real Excel dates shown dd/mm/yyyy, CCCD and card numbers as text. Never queries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
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
# Mẫu 7-HSĐV's 14 columns, in characters: A3 landscape at about 85 % (LibreOffice and Excel alike)
REGISTER_WIDTHS = (5, 24, 10, 26, 26, 24, 11, 13, 10, 18, 30, 12, 16, 20)


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


def _write_sheet(workbook: Workbook, data: SheetData, subtitle: str) -> None:
    columns = list(data.columns)
    widths = [data.kind.column(name).width for name in columns] + [18] * len(data.extra_headers)
    title = data.lines[0] if data.lines else data.title.upper()
    notes = [line for line in data.lines[1:] if line and line != subtitle]
    sheet = xlsx.PrintedSheet(
        workbook,
        data.title,
        title=title,
        subtitle=subtitle or (notes.pop(0) if notes else data.title),
        notes=notes,
        headers=data.headers,
        widths=widths,
    )
    dates = data.date_columns
    texts = {i for i, name in enumerate(columns) if name in TEXT_COLUMNS}
    for row in data.rows:
        values: list[Any] = []
        for i, value in enumerate(row):
            if i in dates and isinstance(value, date):
                values.append(_cell(sheet.sheet, value, number_format=DATE_FORMAT))
            elif i in texts and value not in (None, ""):
                values.append(_cell(sheet.sheet, str(value), number_format="@"))
            else:
                values.append(value)
        sheet.append(values)
    sheet.close()


def _instructions(workbook: Workbook, kinds: Sequence[schema.SheetKind], lines: Sequence[str] = ()) -> None:
    sheet = workbook.create_sheet("Hướng dẫn")
    xlsx.print_setup(sheet)
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
    sheets: Sequence[SheetData],
    *,
    instructions: bool = True,
    register: Register | None = None,
    subtitle: str = "",
) -> bytes:
    """The export: the register (Mẫu 7-HSĐV) first when given, a sheet per SheetData, the instructions.
    `subtitle`: the organization with its superior and the day or year, under each sheet's title."""
    workbook = xlsx.new_workbook(write_only=True)
    if register is not None:
        _write_register(workbook, register, subtitle)
    for data in sheets:
        _write_sheet(workbook, data, subtitle)
    if instructions:
        _instructions(workbook, [s.kind for s in sheets])
    return xlsx.workbook_bytes(workbook)


def template_bytes(kind: schema.SheetKind) -> bytes:
    """A blank template: a title, the canonical header row (text format for the CCCD and codes) on row
    3 — the import skips the rows above the header — and the instructions."""
    workbook = xlsx.new_workbook()
    columns = kind.template
    printed = xlsx.PrintedSheet(
        workbook,
        kind.title,
        title=f"MẪU NHẬP: {kind.title.upper()}",
        subtitle="Điền từ dòng 4, mỗi dòng một bản ghi; hai dòng trên cùng được bỏ qua khi nhập.",
        headers=[column.header for column in columns],
        widths=[column.width for column in columns],
        first=True,
    )
    sheet: Worksheet = printed.sheet
    first_row = printed.header_row + 1
    for index, column in enumerate(columns, start=1):
        if column.name in TEXT_COLUMNS:
            for row in range(first_row, first_row + 1000):
                sheet.cell(row=row, column=index).number_format = "@"
        elif column.is_date:
            for row in range(first_row, first_row + 1000):
                sheet.cell(row=row, column=index).number_format = DATE_FORMAT
    printed.rows = 1000
    printed.close()
    guide = workbook.create_sheet("Hướng dẫn")
    xlsx.print_setup(guide)
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


def _write_register(workbook: Workbook, register: Register, subtitle: str) -> None:
    """Mẫu 7-HSĐV on A3 landscape: the 14 columns with their numbers as a second header row."""
    sheet = xlsx.PrintedSheet(
        workbook,
        "Sổ đảng viên (Mẫu 7-HSĐV)",
        title="SỔ DANH SÁCH ĐẢNG VIÊN",
        subtitle=subtitle or f"{register.organization_name} — tại ngày {register.day:%d/%m/%Y}",
        notes=["Mẫu 7-HSĐV"],
        headers=schema.REGISTER_HEADERS,
        extra_header_rows=[list(range(1, 15))],
        widths=REGISTER_WIDTHS,
        paper=xlsx.A3,
        font_size=9,
    )
    for row in register.rows:
        sheet.append(row)
    sheet.close()


def issues_bytes(rows: Iterable[Sequence[Any]], *, subtitle: str = "") -> bytes:
    """The list of errors and warnings of an import, to fix the file with."""
    workbook = xlsx.new_workbook(write_only=True)
    sheet = xlsx.PrintedSheet(
        workbook,
        "Lỗi và cảnh báo",
        title="LỖI VÀ CẢNH BÁO KHI NHẬP DỮ LIỆU",
        subtitle=subtitle or "Sửa tệp theo từng dòng rồi nhập lại.",
        headers=("Loại", "Sheet", "Dòng", "Cột", "Tên cột", "Giá trị", "Lý do"),
        widths=(10, 24, 8, 8, 24, 24, 90),
    )
    for row in rows:
        sheet.append(list(row))
    sheet.close()
    return xlsx.workbook_bytes(workbook)
