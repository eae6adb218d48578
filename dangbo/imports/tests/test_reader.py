"""Recognising each sheet's kind from its header row (pure: no database)."""

from __future__ import annotations

from typing import Any

import pytest

from dangbo.imports import schema
from dangbo.imports.reader import column_letter, read_workbook
from dangbo.imports.tests.helpers import MEMBER_HEADERS, ORG_HEADERS, ORG_RATING_HEADERS, RATING_HEADERS, xlsx


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        (ORG_HEADERS, schema.ORGANIZATIONS),
        (MEMBER_HEADERS, schema.MEMBERS),
        (RATING_HEADERS, schema.MEMBER_RATINGS),
        (ORG_RATING_HEADERS, schema.ORGANIZATION_RATINGS),
        (["So the dang vien", "Nam", "Xep loai"], schema.MEMBER_RATINGS),
        (["Số CCCD", "Sự kiện", "Ngày hiệu lực", "Mã tổ chức đến"], schema.EVENTS),
        (["Mã tổ chức", "Năm", "Hình thức khen thưởng", "Nội dung khen thưởng"], schema.AWARDS),
        (list(schema.REGISTER_HEADERS), schema.REGISTER),
    ],
)
def test_each_kind_is_told_by_its_headers(headers, kind):
    match = schema.match_headers(headers)
    assert match is not None and match.kind.code == kind


def test_a_table_that_is_not_ours_is_not_recognised():
    assert schema.match_headers(["Tên hàng", "Số lượng", "Đơn giá"]) is None


def test_headers_compare_without_diacritics_case_punctuation_or_notes():
    assert schema.header_key("Số CCCD (12 số)*") == "so cccd"
    assert schema.header_key("NGÀY VÀO ĐẢNG:") == "ngay vao dang"


def test_the_printed_register_is_recognised_and_skipped_with_the_reason():
    data = xlsx({"Mẫu 7": [["SỔ DANH SÁCH ĐẢNG VIÊN"], list(schema.REGISTER_HEADERS), list(range(1, 15))]})
    sheets, skipped = read_workbook(data)
    assert sheets == []
    assert skipped[0].kind is schema.REGISTER_KIND and "không dùng để nhập" in skipped[0].reason


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701)] == ["A", "Z", "AA", "AB", "ZZ"]


def test_a_short_rating_row_is_kept_and_totals_blanks_and_repeated_headers_are_not():
    """Rows of three cells (CCCD, year, rank) take the quick way; what only looks like them does not."""
    header = ["Số CCCD", "Số thẻ đảng viên", "Họ và tên", "Năm", "Xếp loại", "Lý do không xếp loại"]
    rows: list[list[Any]] = [
        ["KẾT QUẢ XẾP LOẠI NĂM 2019"],
        header,
        ["079000000001", "", "", 2019, "Hoàn thành tốt nhiệm vụ", ""],
        ["  ", "", "", "", "", "   "],  # spaces only
        ["Tổng cộng", "", "", 2019, 2, ""],  # a total row of three cells
        header,  # the header repeated on the next printed page
        [" 079000000002", None, None, 2019.0, "HTNV", None],
        [79000000003, "", "", 2019, "HTXSNV", ""],  # a CCCD typed as a number comes first
        ["", "", "", "", "", ""],
    ]
    sheets, _ = read_workbook(xlsx({"Xếp loại": rows}))
    assert [number for number, _ in sheets[0].rows] == [3, 7, 8]
