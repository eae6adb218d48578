"""The due list of an occasion as XLSX and text (rows in, bytes out; never queries)."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from dangbo.badges.selectors import DueList, DueRow
from dangbo.core.text import format_date, format_number
from dangbo.core.xlsx import XLSX, append, new_workbook, workbook_bytes

__all__ = ["XLSX", "due_text", "due_xlsx"]

HEADERS = (
    "STT",
    "Họ và tên",
    "Chi bộ",
    "Ngày vào Đảng",
    "Thời gian không tính (ngày)",
    "Mức huy hiệu (năm)",
    "Tờ trình",
    "Quyết định",
    "Số huy hiệu",
)


def _row(number: int, row: DueRow) -> list[object]:
    return [
        number,
        row.full_name,
        row.organization,
        format_date(row.admitted_on),
        row.days_out or "",
        row.years,
        row.proposal,
        row.decision,
        row.badge_number,
    ]


def _print_ready(sheet: Worksheet, *, title_rows: str) -> None:
    """A4 landscape, fitted to the page's width, the header row repeated on every page."""
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = 9  # A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows


def due_xlsx(due: DueList) -> bytes:
    """Danh sách đảng viên đề nghị tặng Huy hiệu Đảng: the living, then the deceased (truy tặng) on a
    sheet of their own, then the figures by level."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "Đề nghị tặng"
    title = f"DANH SÁCH ĐẢNG VIÊN ĐỀ NGHỊ TẶNG HUY HIỆU ĐẢNG DỊP {format_date(due.occasion)}"
    append(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=13)
    append(sheet, [due.name])
    append(sheet, [])
    append(sheet, list(HEADERS))
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for number, row in enumerate(due.members, 1):
        append(sheet, _row(number, row))
    for column, width in zip("ABCDEFGHI", (6, 28, 30, 14, 12, 12, 14, 14, 14), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A5"
    _print_ready(sheet, title_rows="4:4")
    deceased = workbook.create_sheet("Truy tặng")
    append(
        deceased,
        [f"ĐẢNG VIÊN ĐÃ TỪ TRẦN — XEM XÉT TRUY TẶNG (QUYẾT ĐỊNH RIÊNG), DỊP {format_date(due.occasion)}"],
    )
    append(deceased, [])
    append(deceased, [*HEADERS[:6], "Ngày từ trần"])
    for number, row in enumerate(due.deceased, 1):
        append(deceased, [*_row(number, row)[:6], format_date(row.died_on)])
    figures = workbook.create_sheet("Tổng hợp")
    append(figures, ["Mức huy hiệu (năm tuổi đảng)", "Đề nghị tặng", "Xem xét truy tặng"])
    for years, count in due.by_years.items():
        append(figures, [years, count, due.deceased_by_years.get(years, 0)])
    append(figures, ["Cộng", len(due.members), len(due.deceased)])
    return workbook_bytes(workbook)


def due_text(due: DueList) -> str:
    n = format_number
    lines = [
        f"Đảng viên đến hạn tặng Huy hiệu Đảng dịp {format_date(due.occasion)} — {due.name}: {n(len(due.members))}",
        "Theo mức: "
        + "; ".join(f"{years} năm: {n(count)}" for years, count in due.by_years.items() if count),
    ]
    lines.extend(
        f"  {i}. {r.full_name} — {r.organization} — vào Đảng {format_date(r.admitted_on)} — {r.years} năm"
        for i, r in enumerate(due.members, 1)
    )
    if due.deceased:
        lines.append(
            f"Đã từ trần trước dịp trao tặng (xem xét truy tặng, quyết định riêng): {n(len(due.deceased))}"
        )
        lines.extend(
            f"  {i}. {r.full_name} — {r.organization} — từ trần {format_date(r.died_on)} — {r.years} năm"
            for i, r in enumerate(due.deceased, 1)
        )
    return "\n".join(lines) + "\n"
