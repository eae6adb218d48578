"""Targets and meetings rendered: the report paragraph (in the manner of the published reports),
text, XLSX. Rows in, text or bytes out; never queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from dangbo.core import xlsx
from dangbo.core.text import format_number
from dangbo.targets import rules

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


def _pct(text: str | None) -> float | None:
    return float(Decimal(text)) if text else None


def targets_xlsx(
    summary: dict[str, Any], kinds: tuple[rules.TargetKind, ...], *, superior: str = ""
) -> bytes:
    """Print-ready (xlsx.PrintedSheet): the targets, by unit, the sources of admissions."""
    workbook = xlsx.new_workbook()
    title = f"CHỈ TIÊU NĂM {summary['year']}"
    subtitle = xlsx.subtitle(summary["organization"]["name"], superior, f"năm {summary['year']}")
    sheet = xlsx.PrintedSheet(
        workbook,
        "Chỉ tiêu",
        title=title,
        subtitle=subtitle,
        headers=["Loại chỉ tiêu", "Chỉ tiêu", "Đạt", "Tỷ lệ (%)"],
        widths=[70, 12, 12, 12],
        first=True,
    )
    for row in summary["targets"]:
        share = xlsx.cell(sheet.sheet, _pct(row["percent"]))
        share.number_format = "0.00"
        sheet.append([row["label"], row["target"], row["achieved"], share])
    sheet.append(["Nhận xét", paragraph(summary, kinds), None, None])
    sheet.close()
    header = ["Mã", "Tổ chức"]
    for kind in kinds:
        header += [f"{kind.label} — chỉ tiêu", "đạt", "tỷ lệ (%)"]
    units = xlsx.PrintedSheet(
        workbook,
        "Theo đơn vị",
        title=f"{title} — THEO ĐƠN VỊ",
        subtitle=subtitle,
        headers=header,
        widths=[14, 50] + [16, 8, 10] * len(kinds),
    )
    for child in summary["children"]:
        line: list[Any] = [child["code"], child["name"]]
        for row in child["rows"]:
            line += [row["target"], row["achieved"], _pct(row["percent"])]
        units.append(line)
    total: list[Any] = ["", "Cộng các đơn vị"]
    for row in summary["children_total"]:
        total += [row["target"], row["achieved"], None]
    units.append(total, bold=True)
    units.close()
    sources = xlsx.PrintedSheet(
        workbook,
        "Nguồn kết nạp",
        title=f"{title} — NGUỒN KẾT NẠP",
        subtitle=subtitle,
        headers=["Nguồn kết nạp", "Số đảng viên"],
        widths=[40, 14],
    )
    for source in summary["admissions_by_source"]:
        sources.append([source["label"], source["count"]])
    sources.close()
    return xlsx.workbook_bytes(workbook)


def meetings_xlsx(overview: dict[str, Any], *, superior: str = "") -> bytes:
    """Print-ready (xlsx.PrintedSheet): the cells' meetings, each meeting, the absentees."""
    workbook = xlsx.new_workbook()
    title = f"SINH HOẠT CHI BỘ NĂM {overview['year']}"
    subtitle = xlsx.subtitle(overview["organization"]["name"], superior, f"năm {overview['year']}")
    sheet = xlsx.PrintedSheet(
        workbook,
        "Chi bộ",
        title=title,
        subtitle=subtitle,
        headers=["Mã", "Chi bộ", "Trực thuộc", "Thường kỳ", "Chuyên đề", "Tháng không sinh hoạt thường kỳ"],
        widths=[16, 50, 40, 11, 11, 40],
        first=True,
    )
    for cell in overview["cells"]:
        sheet.append(
            [
                cell.code,
                cell.name,
                cell.parent,
                cell.regular,
                cell.thematic,
                ", ".join(f"{m:02d}" for m in cell.months_without),
            ]
        )
    sheet.close()
    meetings = xlsx.PrintedSheet(
        workbook,
        "Buổi sinh hoạt",
        title=f"{title} — CÁC BUỔI SINH HOẠT",
        subtitle=subtitle,
        headers=["Chi bộ", "Ngày", "Hình thức", "Nội dung"],
        widths=[50, 12, 22, 80],
    )
    for cell in overview["cells"]:
        for meeting in cell.meetings:
            meetings.append([cell.name, meeting.held_on, meeting.get_kind_display(), meeting.topics])
    meetings.close()
    absent = xlsx.PrintedSheet(
        workbook,
        "Vắng không lý do",
        title=f"{title} — VẮNG KHÔNG LÝ DO",
        subtitle=subtitle,
        headers=["Đảng viên", "Chi bộ", "Số tháng", "Các tháng", "Ghi chú"],
        widths=[30, 40, 10, 24, 80],
    )
    for row in overview["absentees"]:
        absent.append(
            [
                row["member"].full_name,
                row["cell"],
                len(row["months"]),
                ", ".join(f"{m:02d}" for m in row["months"]),
                row["message"],
            ]
        )
    absent.close()
    return xlsx.workbook_bytes(workbook)
