"""Recognising each sheet's kind from its header row (pure: no database)."""

from __future__ import annotations

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
