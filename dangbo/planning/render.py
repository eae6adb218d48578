"""The plan as an Excel workbook: the plan (positions × candidates), the structure, the removed and the
rotations. Rows in, bytes out; never queries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.styles import Alignment, Font

from dangbo.core import xlsx
from dangbo.core.text import format_date

if TYPE_CHECKING:
    from dangbo.planning.selectors import Plan

BOLD = Font(bold=True)
XLSX = xlsx.XLSX


def _header(sheet, titles: list[str], widths: list[int]) -> None:
    xlsx.append(sheet, titles)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = f"A{sheet.max_row + 1}"


def plan_xlsx(plan: Plan) -> bytes:
    workbook = xlsx.new_workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Quy hoạch"
    xlsx.append(sheet, [f"Quy hoạch cấp ủy và cán bộ lãnh đạo, quản lý nhiệm kỳ {plan.term.label}"])
    sheet["A1"].font = Font(bold=True, size=14)
    xlsx.append(sheet, [plan.organization.name, f"Tại ngày {format_date(plan.day)}", plan.regulation.cite])
    xlsx.append(sheet, [])
    _header(
        sheet,
        [
            "Chức danh",
            "STT",
            "Họ và tên",
            "Ngày sinh",
            "Giới tính",
            "Dân tộc",
            "Chi bộ",
            "Ngày bổ sung",
            "Số quyết định",
            "Lần đầu",
            "Tuổi đầu nhiệm kỳ",
            "Nghỉ hưu",
            "Luân chuyển, điều động",
            "Phải đưa ra",
        ],
        [28, 5, 26, 12, 9, 10, 30, 12, 16, 8, 10, 12, 36, 60],
    )
    for row in plan.rows:
        if not row.candidates:
            xlsx.append(sheet, [row.position.title])
        for number, c in enumerate(row.candidates, 1):
            member = c.candidacy.member
            xlsx.append(
                sheet,
                [
                    row.position.title,
                    number,
                    member.full_name,
                    format_date(member.birth_date),
                    member.get_sex_display(),
                    member.ethnicity,
                    member.organization.name,
                    format_date(c.candidacy.added_on),
                    c.candidacy.decision_number,
                    "x" if c.candidacy.first_planning else "",
                    c.age,
                    format_date(c.retires),
                    "; ".join(
                        f"{r.get_kind_display()}: {r.to_post} ({format_date(r.starts_on)})"
                        for r in c.rotations
                    ),
                    " ".join(f.message for f in c.flags),
                ],
            )
    s = plan.structure
    structure = workbook.create_sheet("Cơ cấu")
    _header(structure, ["Chỉ số", "Số người", "Tỷ lệ (%)", "Mục tiêu"], [40, 10, 12, 16])
    xlsx.append(structure, ["Tổng số cán bộ trong quy hoạch", s.total, 100 if s.total else 0, ""])
    for label, count, target in (
        (
            f"Cán bộ trẻ (dưới {plan.settings.young_age_limit} tuổi)",
            s.young,
            f"≥ {plan.regulation.young_min_percent} %",
        ),
        ("Cán bộ nữ", s.women, f"≥ {plan.regulation.women_min_percent} %"),
        ("Người dân tộc thiểu số", s.minorities, ""),
    ):
        xlsx.append(structure, [label, count, round(count * 100 / s.total, 2) if s.total else 0, target])
    for warning in s.warnings:
        xlsx.append(structure, [warning.message])
    removed = workbook.create_sheet("Đã đưa ra")
    _header(removed, ["Họ và tên", "Chức danh", "Ngày bổ sung", "Ngày đưa ra", "Lý do"], [26, 28, 12, 12, 80])
    for candidacy in plan.removed:
        xlsx.append(
            removed,
            [
                candidacy.member.full_name,
                candidacy.position.title,
                format_date(candidacy.added_on),
                format_date(candidacy.removed_on),
                candidacy.removal_reason,
            ],
        )
    reviews = workbook.create_sheet("Rà soát hằng năm")
    _header(
        reviews,
        ["Năm", "Ngày rà soát", "Số quyết định", "Bổ sung", "Đưa ra", "Trong quy hoạch"],
        [8, 12, 18, 10, 10, 16],
    )
    for review in plan.reviews:
        xlsx.append(
            reviews,
            [
                review.year,
                format_date(review.reviewed_on),
                review.decision_number,
                review.added,
                review.removed,
                review.planned,
            ],
        )
    return xlsx.workbook_bytes(workbook)
