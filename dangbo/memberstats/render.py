"""Member statistics as XLSX (the layout of the statistical forms as far as known: the sub-units down,
the categories across, a total row; HD 11-HD/BTCTW's exact layout is UNCONFIRMED) and charts (SVG).
Rows in, bytes or markup out; never queries."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font

from dangbo.core.text import format_date
from dangbo.core.xlsx import XLSX, append, new_workbook, workbook_bytes
from dangbo.memberstats import rules
from dangbo.memberstats.selectors import Statistics

__all__ = ["XLSX", "statistics_xlsx"]


def statistics_xlsx(stats: Statistics) -> bytes:
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "Chất lượng đảng viên"
    append(sheet, [f"BÁO CÁO SỐ LƯỢNG, CHẤT LƯỢNG ĐẢNG VIÊN — {stats.name.upper()}"])
    sheet["A1"].font = Font(bold=True, size=13)
    append(sheet, [f"Tính đến ngày {format_date(stats.as_of)} (số liệu từ sổ đảng viên)"])
    append(sheet, [])
    groups = [(key, label, list(stats.breakdowns[key])) for key, label in rules.BREAKDOWNS]
    header_groups: list[str] = ["STT", "Tổ chức", "Tổng số"]
    header_items: list[str] = ["", "", ""]
    for _, label, buckets in groups:
        header_groups += [label] + [""] * (len(buckets) - 1)
        header_items += buckets
    append(sheet, header_groups)
    append(sheet, header_items)
    column = 4
    for _, _, buckets in groups:
        if len(buckets) > 1:
            sheet.merge_cells(
                start_row=4, start_column=column, end_row=4, end_column=column + len(buckets) - 1
            )
        column += len(buckets)
    for row in (4, 5):
        for cell in sheet[row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for number, child in enumerate(stats.children, 1):
        values: list[object] = [number, child["name"], child["total"]]
        for key, _, buckets in groups:
            values += [child["breakdowns"][key].get(b, 0) for b in buckets]
        append(sheet, values)
    total: list[object] = ["", "Cộng", stats.total]
    for key, _, buckets in groups:
        total += [stats.breakdowns[key][b] for b in buckets]
    append(sheet, total)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["B"].width = 40
    sheet.freeze_panes = "D6"
    setup = sheet.page_setup  # A4 landscape, the page's width, the two header rows on every page
    setup.orientation = "landscape"
    setup.paperSize = 9
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "4:5"
    moves = workbook.create_sheet("Biến động")
    append(
        moves,
        [f"BIẾN ĐỘNG ĐẢNG VIÊN TỪ {format_date(stats.start)} ĐẾN {format_date(stats.as_of)} — {stats.name}"],
    )
    append(moves, [])
    append(moves, ["Đầu kỳ (ngày trước kỳ)", stats.opening])
    for key, label in rules.MOVEMENTS:
        append(moves, [label, stats.movements[key]])
    append(moves, ["Cuối kỳ (theo sổ)", stats.total])
    append(moves, ["Đối chiếu: đầu kỳ + tăng − giảm", rules.balance(stats.opening, stats.movements)])
    moves.column_dimensions["A"].width = 36
    return workbook_bytes(workbook)
