"""The plan as an Excel workbook: the plan (positions × candidates), the structure, the removed and the
rotations. Rows in, bytes out; never queries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dangbo.core import xlsx
from dangbo.core.text import format_date

if TYPE_CHECKING:
    from dangbo.planning.selectors import Plan

XLSX = xlsx.XLSX


def plan_xlsx(plan: Plan, *, superior: str = "") -> bytes:
    """Print-ready (xlsx.PrintedSheet): the plan, its structure, the removed and the yearly reviews."""
    workbook = xlsx.new_workbook()
    title = f"QUY HOẠCH CẤP ỦY VÀ CÁN BỘ LÃNH ĐẠO, QUẢN LÝ NHIỆM KỲ {plan.term.label}"
    subtitle = xlsx.subtitle(plan.organization.name, superior, f"tại ngày {format_date(plan.day)}")
    sheet = xlsx.PrintedSheet(
        workbook,
        "Quy hoạch",
        title=title,
        subtitle=subtitle,
        notes=[plan.regulation.cite],
        headers=[
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
        widths=[28, 5, 26, 12, 9, 10, 30, 12, 16, 8, 10, 12, 36, 60],
        first=True,
    )
    for row in plan.rows:
        if not row.candidates:
            sheet.append([row.position.title] + [""] * 13)
        for number, c in enumerate(row.candidates, 1):
            member = c.candidacy.member
            sheet.append(
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
                ]
            )
    sheet.close()
    s = plan.structure
    structure = xlsx.PrintedSheet(
        workbook,
        "Cơ cấu",
        title=f"CƠ CẤU — {title}",
        subtitle=subtitle,
        headers=["Chỉ số", "Số người", "Tỷ lệ (%)", "Mục tiêu"],
        widths=[40, 10, 12, 16],
    )
    structure.append(["Tổng số cán bộ trong quy hoạch", s.total, 100 if s.total else 0, ""])
    for label, count, target in (
        (
            f"Cán bộ trẻ (dưới {plan.settings.young_age_limit} tuổi)",
            s.young,
            f"≥ {plan.regulation.young_min_percent} %",
        ),
        ("Cán bộ nữ", s.women, f"≥ {plan.regulation.women_min_percent} %"),
        ("Người dân tộc thiểu số", s.minorities, ""),
    ):
        structure.append([label, count, round(count * 100 / s.total, 2) if s.total else 0, target])
    for warning in s.warnings:
        structure.append([warning.message, None, None, None])
    structure.close()
    removed = xlsx.PrintedSheet(
        workbook,
        "Đã đưa ra",
        title=f"ĐÃ ĐƯA RA KHỎI QUY HOẠCH — {title}",
        subtitle=subtitle,
        headers=["Họ và tên", "Chức danh", "Ngày bổ sung", "Ngày đưa ra", "Lý do"],
        widths=[26, 28, 12, 12, 80],
    )
    for candidacy in plan.removed:
        removed.append(
            [
                candidacy.member.full_name,
                candidacy.position.title,
                format_date(candidacy.added_on),
                format_date(candidacy.removed_on),
                candidacy.removal_reason,
            ]
        )
    removed.close()
    reviews = xlsx.PrintedSheet(
        workbook,
        "Rà soát hằng năm",
        title=f"RÀ SOÁT HẰNG NĂM — {title}",
        subtitle=subtitle,
        headers=["Năm", "Ngày rà soát", "Số quyết định", "Bổ sung", "Đưa ra", "Trong quy hoạch"],
        widths=[8, 12, 18, 10, 10, 16],
    )
    for review in plan.reviews:
        reviews.append(
            [
                review.year,
                format_date(review.reviewed_on),
                review.decision_number,
                review.added,
                review.removed,
                review.planned,
            ]
        )
    reviews.close()
    return xlsx.workbook_bytes(workbook)
