"""XLSX exports: a round's progress (one row per organization) and an election's result. Rows in,
bytes out; never queries."""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment, Font

from dangbo.congresses.models import Congress, CongressRound, Election
from dangbo.congresses.selectors import Progress, is_late
from dangbo.core import xlsx

BOLD = Font(bold=True)
DATE = "DD/MM/YYYY"


def _finish(sheet: Any, widths: list[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width


def round_xlsx(round_: CongressRound, congresses: list[Congress], progress: Progress) -> bytes:
    workbook = xlsx.new_workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = "Tiến độ"
    xlsx.append(summary, [f"Tiến độ đại hội nhiệm kỳ {round_.term} — {round_.organization.name}"])
    summary["A1"].font = Font(bold=True, size=14)
    xlsx.append(summary, [f"Tính đến ngày {progress.day.strftime('%d/%m/%Y')}"])
    xlsx.append(summary, [])
    xlsx.append(summary, ["Giai đoạn", "Số tổ chức", "Tổng số"])
    for cell in summary[4]:
        cell.font = BOLD
    for stage in progress.stages():
        xlsx.append(summary, [stage["label"], stage["count"], progress.total])
    xlsx.append(summary, ["Chậm so với kế hoạch", len(progress.late), progress.total])
    summary.column_dimensions["A"].width = 40
    summary.column_dimensions["B"].width = 14
    summary.column_dimensions["C"].width = 12

    sheet = workbook.create_sheet("Danh sách")
    headers = [
        "Mã",
        "Tổ chức",
        "Hình thức",
        "Ngày dự kiến",
        "Giai đoạn",
        "Đề án nhân sự",
        "Dự thảo văn kiện",
        "Xin ý kiến cấp trên",
        "Ngày đại hội",
        "Ngày chuẩn y",
        "Số quyết định chuẩn y",
        "Chậm kế hoạch",
    ]
    xlsx.append(sheet, headers)
    for cell in sheet[1]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for c in congresses:
        xlsx.append(
            sheet,
            [
                c.organization.code,
                c.name,
                c.get_kind_display(),
                c.planned_on,
                c.get_stage_display(),
                c.proposal_on,
                c.documents_on,
                c.opinion_on,
                c.held_on,
                c.approved_on,
                c.approval_decision,
                "Có" if is_late(c, progress.day) else "",
            ],
        )
    for row in sheet.iter_rows(min_row=2, min_col=4, max_col=10):
        for cell in row:
            cell.number_format = DATE
    _finish(sheet, [10, 42, 18, 13, 28, 13, 13, 13, 13, 13, 18, 10])
    sheet.freeze_panes = "C2"
    return xlsx.workbook_bytes(workbook)


def election_xlsx(election: Election, rows: list[dict[str, Any]]) -> bytes:
    workbook = xlsx.new_workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Kết quả bầu cử"
    congress = election.congress
    xlsx.append(sheet, [f"{election} — {congress.name}, nhiệm kỳ {congress.round.term}"])
    sheet["A1"].font = Font(bold=True, size=14)
    for label, value in (
        ("Số lượng cần bầu", election.seats),
        ("Số dự khuyết", election.alternates),
        ("Số được triệu tập", election.electors),
        ("Số có mặt", election.present),
        ("Số phiếu phát ra", election.issued),
        ("Số phiếu thu vào", election.returned),
        ("Số phiếu hợp lệ", election.valid),
        ("Số phiếu không hợp lệ", election.invalid),
        (f"Căn cứ tính quá nửa ({election.base_label})", election.base),
    ):
        xlsx.append(sheet, [label, value])
    xlsx.append(sheet, [])
    xlsx.append(
        sheet, ["STT", "Họ và tên", "Tuổi", "Do cấp ủy giới thiệu", "Số phiếu", "Tỷ lệ (%)", "Kết quả"]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for i, row in enumerate(rows, start=1):
        c = row["candidate"]
        percent = row["percent"].replace("\u00a0%", "").replace(" %", "").replace(".", "").replace(",", ".")
        xlsx.append(
            sheet,
            [
                i,
                c.full_name,
                row["age"],
                "Có" if c.proposed_by_committee else "Không",
                c.votes,
                float(percent) if percent else None,
                c.get_result_display() if c.result else "",
            ],
        )
    _finish(sheet, [34, 32, 8, 12, 10, 10, 22])
    return xlsx.workbook_bytes(workbook)
