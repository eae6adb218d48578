"""Building small workbooks in memory for the tests (openpyxl), and running the import on them."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from openpyxl import Workbook

MEMBER_HEADERS = [
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Dân tộc",
    "Tôn giáo",
    "Quê quán",
    "Số CCCD",
    "Số thẻ đảng viên",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Mã tổ chức",
    "Trình độ học vấn",
    "Lý luận chính trị",
    "Chuyên môn",
]
RATING_HEADERS = ["Số CCCD", "Số thẻ đảng viên", "Họ và tên", "Năm", "Xếp loại", "Lý do không xếp loại"]
ORG_HEADERS = [
    "Mã tổ chức",
    "Tên tổ chức",
    "Mã tổ chức cấp trên",
    "Cấp tổ chức",
    "Loại hình",
    "Ngày thành lập",
]
ORG_RATING_HEADERS = ["Mã tổ chức", "Tên tổ chức", "Năm", "Xếp loại", "Tiêu biểu"]


def xlsx(sheets: dict[str, Sequence[Sequence[Any]]], *, merges: dict[str, list[str]] | None = None) -> bytes:
    workbook = Workbook()
    first = True
    for name, rows in sheets.items():
        if first:
            sheet = workbook.active
            assert sheet is not None
            sheet.title = name
            first = False
        else:
            sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        for cell_range in (merges or {}).get(name, []):
            sheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def big_member_file(rows: int, *, prefix: str = "079", bad_row: int = 0) -> bytes:
    """`rows` new members of cells W1A, W1B and S1 (the small tree), their CCCD starting with
    `prefix` (3 digits); the birth date of sheet row `bad_row` (a title row, the headers, then the
    members from row 3) is impossible."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Đảng viên")
    sheet.append(["DANH SÁCH ĐẢNG VIÊN"])
    sheet.append(MEMBER_HEADERS)
    for i in range(rows):
        birth = date(1960, 1, 1) + timedelta(days=i % 9000)
        admitted = birth + timedelta(days=365 * 25)
        values = [
            f"Nguyễn Văn {'ABCDEGHIKLMNOPQRSTUVXY'[i % 22]}", "Nam", birth, "Kinh", "Không", "Quảng Nam",
            f"{prefix}{i:09d}", "", admitted, admitted + timedelta(days=366), ("W1A", "W1B", "S1")[i % 3], "12/12", "", "",
        ]  # fmt: skip
        if i + 3 == bad_row:
            values[2] = "31/13/1990"
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def member_row(
    name: str = "Nguyễn Văn Mới",
    *,
    sex: Any = "Nam",
    birth: Any = date(1990, 4, 5),
    cccd: Any = "079090000001",
    card: Any = "",
    admitted: Any = date(2016, 5, 19),
    official: Any = date(2017, 5, 19),
    cell: Any = "W1A",
    **extra: Any,
) -> list[Any]:
    return [
        name,
        sex,
        birth,
        extra.get("ethnicity", "Kinh"),
        extra.get("religion", "Không"),
        extra.get("hometown", "Quảng Nam"),
        cccd,
        card,
        admitted,
        official,
        cell,
        extra.get("education", "12/12"),
        extra.get("theory", "Sơ cấp"),
        extra.get("profession", "Kỹ sư"),
    ]


def run(data: bytes, actor: Any = None, *, dry_run: bool = False, today: date | None = None):  # type: ignore[no-untyped-def]
    from dangbo.accounts.scope import system_actor
    from dangbo.imports.services import import_workbook

    return import_workbook(
        data,
        actor=actor or system_actor("kiểm thử"),
        filename="thu.xlsx",
        dry_run=dry_run,
        today=today or date(2025, 6, 30),
    )


def errors(outcome: Any) -> list[str]:
    return [issue.line() for issue in outcome.result.issues.errors]


def warnings(outcome: Any) -> list[str]:
    return [issue.line() for issue in outcome.result.issues.warnings]
