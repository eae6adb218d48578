"""XLSX exports: a round's progress (one row per organization) and an election's result. Rows in,
bytes out; never queries."""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Font

from dangbo.congresses.models import Congress, CongressRound, Election
from dangbo.congresses.selectors import Progress, is_late
from dangbo.core import xlsx

BOLD = Font(bold=True)
DATE = "DD/MM/YYYY"


def _finish(sheet: Any, widths: list[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width


def _superior(organization: Any) -> str:
    parent = organization.parent
    return parent.name if parent is not None else ""


def round_xlsx(round_: CongressRound, congresses: list[Congress], progress: Progress) -> bytes:
    workbook = xlsx.new_workbook()
    organization = round_.organization
    title = f"TIẾN ĐỘ ĐẠI HỘI NHIỆM KỲ {round_.term}"
    subtitle = xlsx.subtitle(
        organization.name, _superior(organization), f"tính đến ngày {progress.day.strftime('%d/%m/%Y')}"
    )
    summary = xlsx.PrintedSheet(
        workbook,
        "Tiến độ",
        title=title,
        subtitle=subtitle,
        headers=["Giai đoạn", "Số tổ chức", "Tổng số"],
        widths=[40, 14, 12],
        first=True,
    )
    for stage in progress.stages():
        summary.append([stage["label"], stage["count"], progress.total])
    summary.append(["Chậm so với kế hoạch", len(progress.late), progress.total])
    summary.close()
    sheet = xlsx.PrintedSheet(
        workbook,
        "Danh sách",
        title=f"DANH SÁCH TỔ CHỨC ĐẠI HỘI NHIỆM KỲ {round_.term}",
        subtitle=subtitle,
        headers=[
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
        ],
        widths=[10, 42, 18, 13, 28, 13, 13, 13, 13, 13, 18, 10],
    )
    for c in congresses:
        sheet.append(
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
            ]
        )
    sheet.close()
    return xlsx.workbook_bytes(workbook)


def election_xlsx(election: Election, rows: list[dict[str, Any]]) -> bytes:
    workbook = xlsx.new_workbook()
    congress = election.congress
    figures = [
        ("Số lượng cần bầu", election.seats),
        ("Số dự khuyết", election.alternates),
        ("Số được triệu tập", election.electors),
        ("Số có mặt", election.present),
        ("Số phiếu phát ra", election.issued),
        ("Số phiếu thu vào", election.returned),
        ("Số phiếu hợp lệ", election.valid),
        ("Số phiếu không hợp lệ", election.invalid),
        (f"Căn cứ tính quá nửa ({election.base_label})", election.base),
    ]
    sheet = xlsx.PrintedSheet(
        workbook,
        "Kết quả bầu cử",
        title=f"KẾT QUẢ BẦU CỬ — {str(election).upper()}",
        subtitle=xlsx.subtitle(
            congress.name,
            _superior(congress.organization),
            f"nhiệm kỳ {congress.round.term}",
        ),
        notes=["; ".join(f"{label}: {'' if value is None else value}" for label, value in figures)],
        headers=["STT", "Họ và tên", "Tuổi", "Do cấp ủy giới thiệu", "Số phiếu", "Tỷ lệ (%)", "Kết quả"],
        widths=[8, 34, 8, 14, 10, 10, 22],
        first=True,
    )
    for i, row in enumerate(rows, start=1):
        c = row["candidate"]
        percent = row["percent"].replace("\u00a0%", "").replace(" %", "").replace(".", "").replace(",", ".")
        sheet.append(
            [
                i,
                c.full_name,
                row["age"],
                "Có" if c.proposed_by_committee else "Không",
                c.votes,
                float(percent) if percent else None,
                c.get_result_display() if c.result else "",
            ]
        )
    sheet.close()
    return xlsx.workbook_bytes(workbook)
