"""Member statistics as XLSX (the layout of the statistical forms as far as known: the sub-units down,
the categories across, a total row; HD 11-HD/BTCTW's exact layout is UNCONFIRMED) and charts (SVG).
Rows in, bytes or markup out; never queries."""

from __future__ import annotations

from dangbo.core.text import format_date
from dangbo.core.xlsx import XLSX, PrintedSheet, new_workbook, subtitle, workbook_bytes
from dangbo.memberstats import rules
from dangbo.memberstats.selectors import Statistics

__all__ = ["XLSX", "statistics_xlsx"]


def statistics_xlsx(stats: Statistics) -> bytes:
    """Print-ready (core.xlsx.PrintedSheet): the categories on two header rows, merged over a group."""
    workbook = new_workbook()
    groups = [(key, label, list(stats.breakdowns[key])) for key, label in rules.BREAKDOWNS]
    header_groups: list[str] = ["STT", "Tổ chức", "Tổng số"]
    header_items: list[str] = ["", "", ""]
    for _, label, buckets in groups:
        header_groups += [label] + [""] * (len(buckets) - 1)
        header_items += buckets
    sheet = PrintedSheet(
        workbook,
        "Chất lượng đảng viên",
        title=f"BÁO CÁO SỐ LƯỢNG, CHẤT LƯỢNG ĐẢNG VIÊN — {stats.name.upper()}",
        subtitle=subtitle(
            stats.name, "", f"tính đến ngày {format_date(stats.as_of)} (số liệu từ sổ đảng viên)"
        ),
        headers=header_groups,
        extra_header_rows=[header_items],
        widths=[5, 40, 9] + [10] * (len(header_groups) - 3),
        first=True,
    )
    column = 4
    for _, _, buckets in groups:
        if len(buckets) > 1:
            sheet.sheet.merge_cells(
                start_row=sheet.header_row,
                start_column=column,
                end_row=sheet.header_row,
                end_column=column + len(buckets) - 1,
            )
        column += len(buckets)
    for number, child in enumerate(stats.children, 1):
        values: list[object] = [number, child["name"], child["total"]]
        for key, _, buckets in groups:
            values += [child["breakdowns"][key].get(b, 0) for b in buckets]
        sheet.append(values)
    total: list[object] = ["", "Cộng", stats.total]
    for key, _, buckets in groups:
        total += [stats.breakdowns[key][b] for b in buckets]
    sheet.append(total, bold=True)
    sheet.close()
    moves = PrintedSheet(
        workbook,
        "Biến động",
        title=f"BIẾN ĐỘNG ĐẢNG VIÊN TỪ {format_date(stats.start)} ĐẾN {format_date(stats.as_of)}",
        subtitle=subtitle(stats.name),
        headers=["Chỉ số", "Số đảng viên"],
        widths=[36, 14],
    )
    moves.append(["Đầu kỳ (ngày trước kỳ)", stats.opening])
    for key, label in rules.MOVEMENTS:
        moves.append([label, stats.movements[key]])
    moves.append(["Cuối kỳ (theo sổ)", stats.total])
    moves.append(["Đối chiếu: đầu kỳ + tăng − giảm", rules.balance(stats.opening, stats.movements)])
    moves.close()
    return workbook_bytes(workbook)
