"""The due list of an occasion as XLSX and text (rows in, bytes out; never queries)."""

from __future__ import annotations

from dangbo.badges.selectors import DueList, DueRow
from dangbo.core.text import format_date, format_number
from dangbo.core.xlsx import XLSX, PrintedSheet, new_workbook, subtitle, workbook_bytes

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


def due_xlsx(due: DueList) -> bytes:
    """Danh sách đảng viên đề nghị tặng Huy hiệu Đảng: the living, then the deceased (truy tặng) on a
    sheet of their own, then the figures by level. Print-ready (core.xlsx.PrintedSheet)."""
    workbook = new_workbook()
    occasion = f"dịp {format_date(due.occasion)}"
    sheet = PrintedSheet(
        workbook,
        "Đề nghị tặng",
        title=f"DANH SÁCH ĐẢNG VIÊN ĐỀ NGHỊ TẶNG HUY HIỆU ĐẢNG DỊP {format_date(due.occasion)}",
        subtitle=subtitle(due.name, "", occasion),
        headers=HEADERS,
        widths=(6, 28, 30, 14, 12, 12, 14, 14, 14),
        first=True,
    )
    for number, row in enumerate(due.members, 1):
        sheet.append(_row(number, row))
    sheet.close()
    deceased = PrintedSheet(
        workbook,
        "Truy tặng",
        title=f"ĐẢNG VIÊN ĐÃ TỪ TRẦN — XEM XÉT TRUY TẶNG (QUYẾT ĐỊNH RIÊNG), DỊP {format_date(due.occasion)}",
        subtitle=subtitle(due.name, "", occasion),
        headers=[*HEADERS[:6], "Ngày từ trần"],
        widths=(6, 28, 30, 14, 12, 12, 14),
    )
    for number, row in enumerate(due.deceased, 1):
        deceased.append([*_row(number, row)[:6], format_date(row.died_on)])
    deceased.close()
    figures = PrintedSheet(
        workbook,
        "Tổng hợp",
        title=f"TỔNG HỢP THEO MỨC HUY HIỆU, DỊP {format_date(due.occasion)}",
        subtitle=subtitle(due.name, "", occasion),
        headers=["Mức huy hiệu (năm tuổi đảng)", "Đề nghị tặng", "Xem xét truy tặng"],
        widths=(30, 14, 18),
    )
    for years, count in due.by_years.items():
        figures.append([years, count, due.deceased_by_years.get(years, 0)])
    figures.append(["Cộng", len(due.members), len(due.deceased)], bold=True)
    figures.close()
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
