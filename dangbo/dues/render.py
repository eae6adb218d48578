"""The dues sheets rendered as XLSX (sổ thu đảng phí of a month and of a year, the report of a level).
Rows in, bytes out; never queries. The month sheet is also the template of the import (its columns
“Họ và tên”, “Ngày sinh”, “Số tiền đã đóng (đồng)”, “Hình thức”, “Ngày đóng”, “Ghi chú”)."""

from __future__ import annotations

from typing import Any

from dangbo.core import xlsx
from dangbo.dues import rules
from dangbo.dues.importer import COLUMNS

XLSX = xlsx.XLSX
METHODS = {"cash": "Tiền mặt", "online": "Trực tuyến"}


def month_xlsx(sheet_data: dict[str, Any]) -> bytes:
    """Sổ thu đảng phí of a month, print-ready (core.xlsx.PrintedSheet); its header on row 3 is also
    the import's (dangbo.dues.importer)."""
    workbook = xlsx.new_workbook()
    cell = sheet_data["cell"]
    sheet = xlsx.PrintedSheet(
        workbook,
        f"Tháng {sheet_data['month']:02d}-{sheet_data['year']}",
        title=f"SỔ THU ĐẢNG PHÍ THÁNG {sheet_data['month']:02d}/{sheet_data['year']} — {cell.name}",
        subtitle=xlsx.subtitle(
            cell.name,
            "",
            f"tháng {sheet_data['month']:02d}/{sheet_data['year']}, áp dụng {sheet_data['regime_name']}",
        ),
        headers=[
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
        widths=[6, 32, 12, 40, 18, 14, 18, 12, 12, 14, 30],
        first=True,
    )
    for number, line in enumerate(sheet_data["lines"], start=1):
        e = line.entry
        sheet.append(
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
            ]
        )
    sheet.append(
        ["", "Cộng", "", "", "", sheet_data["due"], sheet_data["paid"], "", "", sheet_data["arrears"], ""],
        bold=True,
    )
    sheet.close()
    return xlsx.workbook_bytes(workbook)


def year_xlsx(sheet_data: dict[str, Any]) -> bytes:
    workbook = xlsx.new_workbook()
    months = sheet_data["months"]
    sheet = xlsx.PrintedSheet(
        workbook,
        f"Năm {sheet_data['year']}",
        title=f"SỔ THU ĐẢNG PHÍ NĂM {sheet_data['year']} — {sheet_data['cell'].name}",
        subtitle=xlsx.subtitle(sheet_data["cell"].name, "", f"năm {sheet_data['year']}"),
        headers=[
            "STT",
            "Họ và tên",
            *[f"Tháng {m:02d}" for m in months],
            "Phải đóng",
            "Đã đóng",
            "Còn nợ",
            "Ghi chú",
        ],
        widths=[6, 32, *[11] * len(months), 13, 13, 13, 60],
        first=True,
    )
    for number, row in enumerate(sheet_data["rows"], start=1):
        sheet.append(
            [
                number,
                row["member"].full_name,
                *[(e.paid if e and e.paid else None) for e in row["cells"]],
                row["due"],
                row["paid"],
                row["arrears"],
                row["ground"] or "",
            ]
        )
    sheet.append(
        [
            "",
            "Cộng đã đóng",
            *[t["paid"] for t in sheet_data["totals"]],
            sheet_data["due"],
            sheet_data["paid"],
            sheet_data["arrears"],
            "",
        ],
        bold=True,
    )
    sheet.close()
    return xlsx.workbook_bytes(workbook)


def report_xlsx(report: dict[str, Any]) -> bytes:
    workbook = xlsx.new_workbook()
    period = f"tháng {report['month']:02d}/{report['year']}" if report["month"] else f"năm {report['year']}"
    name = report["organization"].name
    sheet = xlsx.PrintedSheet(
        workbook,
        "Báo cáo",
        title=f"BÁO CÁO THU, NỘP ĐẢNG PHÍ {period.upper()} — {name}",
        subtitle=xlsx.subtitle(name, "", period),
        headers=[
            "Mã",
            "Tổ chức",
            "Phải thu (đồng)",
            "Đã thu (đồng)",
            "Còn nợ (đồng)",
            "Trích giữ lại (đồng)",
            "Nộp cấp trên (đồng)",
        ],
        widths=[16, 56, 16, 16, 16, 18, 18],
        first=True,
    )

    def walk(node: Any, depth: int) -> None:
        sheet.append(
            [
                node.code,
                "    " * depth + node.name,
                node.due,
                node.paid,
                node.arrears,
                node.kept,
                node.sent_up,
            ],
            bold=depth == 0,
        )
        for child in node.children:
            walk(child, depth + 1)

    walk(report["root"], 0)
    sheet.close()
    s = report["settings"]
    notes = xlsx.PrintedSheet(
        workbook,
        "Căn cứ",
        title="CĂN CỨ TRÍCH GIỮ LẠI ĐẢNG PHÍ",
        subtitle=xlsx.subtitle(name, "", period),
        headers=["Cấp", "Tỷ lệ trích giữ lại (thiết lập, chưa xác nhận)"],
        widths=[40, 44],
    )
    for level, label in rules.LEVELS.items():
        notes.append([label, f"{s.keep_percent.get(level, 0)} %"])
    notes.close()
    return xlsx.workbook_bytes(workbook)
