"""Targets and meetings rendered: the report paragraph (in the manner of the published reports),
text, XLSX. Rows in, text or bytes out; never queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openpyxl.styles import Alignment, Font

from dangbo.core import xlsx
from dangbo.core.text import format_number
from dangbo.targets import rules

BOLD = Font(bold=True)
XLSX = xlsx.XLSX


def percent_words(text: str) -> str:
    """ "104.00" -> "104 %"; "103.83" -> "103,83 %" (whole percentages as the reports print them)."""
    value = Decimal(text)
    if value == value.to_integral_value():
        return f"{format_number(value)} %"
    return f"{format_number(value, 2)} %"


def paragraph(summary: dict[str, Any], kinds: tuple[rules.TargetKind, ...]) -> str:
    """The year's sentence on targets: "Năm 2019, Đảng bộ Quận 9 hoàn thành đạt 104 % chỉ tiêu phát
    triển đảng viên mới (kết nạp 260 đảng viên mới, chỉ tiêu 250; ...), 100 % chỉ tiêu ...". Empty
    when there is neither a target nor an achievement."""
    by_key = {k.key: k for k in kinds}
    with_target, without = [], []
    for row in summary["targets"]:
        kind = by_key.get(row["kind"])
        if kind is None:
            continue
        count = f"{kind.verb} {format_number(row['achieved'])} {kind.unit}"
        detail = ""
        if kind.measure == rules.ADMISSIONS and not kind.source_groups:
            parts = [
                f"{format_number(s['count'])} {s['label'].lower()}"
                for s in summary.get("admissions_by_source", [])
                if s["count"] and s["source_group"] != "other"
            ]
            if parts:
                detail = ", trong đó " + ", ".join(parts)
        if row["target"]:
            name = kind.label[:1].lower() + kind.label[1:]
            with_target.append(
                f"{percent_words(row['percent'])} chỉ tiêu {name} "
                f"({count}{detail}; chỉ tiêu {format_number(row['target'])})"
            )
        elif row["achieved"]:
            where = f" {kind.where}" if kind.where else ""
            without.append(f"{count}{where}{detail} (không giao chỉ tiêu)")
    if not with_target and not without:
        return ""
    head = f"Năm {summary['year']}, {summary['organization']['name']}"
    clauses = []
    if with_target:
        clauses.append("hoàn thành đạt " + ", ".join(with_target))
    clauses.extend(without)
    return f"{head} " + "; ".join(clauses) + "."


def summary_text(summary: dict[str, Any], kinds: tuple[rules.TargetKind, ...]) -> str:
    lines = [
        f"Chỉ tiêu năm {summary['year']} — {summary['organization']['name']} ({summary['organization']['code']})"
    ]
    for row in summary["targets"]:
        target = format_number(row["target"]) if row["target"] else "chưa giao"
        percent = percent_words(row["percent"]) if row["percent"] else "—"
        lines.append(
            f"  {row['label']}: chỉ tiêu {target}; đạt {format_number(row['achieved'])}; tỷ lệ {percent}"
        )
    sources = [s for s in summary["admissions_by_source"] if s["count"]]
    if sources:
        lines.append(
            "Kết nạp theo nguồn: " + "; ".join(f"{s['label']} {format_number(s['count'])}" for s in sources)
        )
    text = paragraph(summary, kinds)
    if text:
        lines.extend(["", text])
    return "\n".join(lines) + "\n"


def _widths(sheet: Any, widths: list[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width


def _head(sheet: Any, row: list[str]) -> None:
    xlsx.append(sheet, row)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD


def _pct(text: str | None) -> float | None:
    return float(Decimal(text)) if text else None


def targets_xlsx(summary: dict[str, Any], kinds: tuple[rules.TargetKind, ...]) -> bytes:
    workbook = xlsx.new_workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Chỉ tiêu"
    xlsx.append(sheet, [f"Chỉ tiêu năm {summary['year']} — {summary['organization']['name']}"])
    sheet["A1"].font = Font(bold=True, size=14)
    _head(sheet, ["Loại chỉ tiêu", "Chỉ tiêu", "Đạt", "Tỷ lệ (%)"])
    for row in summary["targets"]:
        xlsx.append(sheet, [row["label"], row["target"], row["achieved"], _pct(row["percent"])])
    xlsx.append(sheet, [])
    xlsx.append(sheet, ["Nhận xét", paragraph(summary, kinds)])
    sheet.cell(sheet.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    for cells in sheet.iter_rows(min_row=3, min_col=4, max_col=4):
        for cell in cells:
            cell.number_format = "0.00"
    _widths(sheet, [70, 12, 12, 12])
    units = workbook.create_sheet("Theo đơn vị")
    header = ["Mã", "Tổ chức"]
    for kind in kinds:
        header += [f"{kind.label} — chỉ tiêu", "đạt", "tỷ lệ (%)"]
    _head(units, header)
    for child in summary["children"]:
        line: list[Any] = [child["code"], child["name"]]
        for row in child["rows"]:
            line += [row["target"], row["achieved"], _pct(row["percent"])]
        xlsx.append(units, line)
    total: list[Any] = ["", "Cộng các đơn vị"]
    for row in summary["children_total"]:
        total += [row["target"], row["achieved"], None]
    xlsx.append(units, total)
    for cell in units[units.max_row]:
        cell.font = BOLD
    _widths(units, [14, 50] + [16, 8, 10] * len(kinds))
    sources = workbook.create_sheet("Nguồn kết nạp")
    _head(sources, ["Nguồn kết nạp", "Số đảng viên"])
    for source in summary["admissions_by_source"]:
        xlsx.append(sources, [source["label"], source["count"]])
    _widths(sources, [40, 14])
    return xlsx.workbook_bytes(workbook)


def meetings_xlsx(overview: dict[str, Any]) -> bytes:
    workbook = xlsx.new_workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Chi bộ"
    xlsx.append(sheet, [f"Sinh hoạt chi bộ năm {overview['year']} — {overview['organization']['name']}"])
    sheet["A1"].font = Font(bold=True, size=14)
    _head(sheet, ["Mã", "Chi bộ", "Trực thuộc", "Thường kỳ", "Chuyên đề", "Tháng không sinh hoạt thường kỳ"])
    for cell in overview["cells"]:
        xlsx.append(
            sheet,
            [
                cell.code,
                cell.name,
                cell.parent,
                cell.regular,
                cell.thematic,
                ", ".join(f"{m:02d}" for m in cell.months_without),
            ],
        )
    _widths(sheet, [16, 50, 40, 11, 11, 40])
    meetings = workbook.create_sheet("Buổi sinh hoạt")
    _head(meetings, ["Chi bộ", "Ngày", "Hình thức", "Nội dung"])
    for cell in overview["cells"]:
        for meeting in cell.meetings:
            xlsx.append(meetings, [cell.name, meeting.held_on, meeting.get_kind_display(), meeting.topics])
    for cells in meetings.iter_rows(min_row=2, min_col=2, max_col=2):
        for c in cells:
            c.number_format = "dd/mm/yyyy"
    _widths(meetings, [50, 12, 22, 80])
    absent = workbook.create_sheet("Vắng không lý do")
    _head(absent, ["Đảng viên", "Chi bộ", "Số tháng", "Các tháng", "Ghi chú"])
    for row in overview["absentees"]:
        xlsx.append(
            absent,
            [
                row["member"].full_name,
                row["cell"],
                len(row["months"]),
                ", ".join(f"{m:02d}" for m in row["months"]),
                row["message"],
            ],
        )
    _widths(absent, [30, 40, 10, 24, 80])
    return xlsx.workbook_bytes(workbook)
