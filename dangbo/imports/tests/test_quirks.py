"""What real files contain, one small generated file per quirk: each is read, or the error says exactly
what is wrong."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from dangbo.imports.tests.helpers import (
    MEMBER_HEADERS,
    RATING_HEADERS,
    errors,
    member_row,
    run,
    warnings,
    xlsx,
)
from dangbo.members.models import Member

pytestmark = pytest.mark.django_db


def test_title_rows_above_the_header_are_skipped(small_tree):
    data = xlsx(
        {
            "DS": [
                ["ĐẢNG BỘ PHƯỜNG AN BÌNH"],
                ["DANH SÁCH ĐẢNG VIÊN NĂM 2024", None, None, "(kèm theo báo cáo số 12-BC/ĐU)"],
                [],
                MEMBER_HEADERS,
                member_row(),
            ]
        }
    )
    outcome = run(data)
    assert outcome.ok, errors(outcome)
    assert Member.objects.get().full_name == "Nguyễn Văn Mới"


def test_a_header_on_two_rows_with_merged_cells_is_read(small_tree):
    top = ["Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Ngày", None, "Mã tổ chức"]
    bottom = [None, None, None, None, "vào Đảng", "chính thức", None]
    data = xlsx(
        {
            "DS": [
                top,
                bottom,
                [
                    "Lê Thị Gộp",
                    "Nữ",
                    date(1991, 1, 2),
                    "079091000001",
                    date(2015, 6, 1),
                    date(2016, 6, 1),
                    "W1A",
                ],
            ]
        },
        merges={"DS": ["A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:F1", "G1:G2"]},
    )
    outcome = run(data)
    assert outcome.ok, errors(outcome)
    member = Member.objects.get()
    assert (member.admitted_on, member.official_on) == (date(2015, 6, 1), date(2016, 6, 1))


def test_dates_as_serial_numbers_and_as_text_in_every_usual_form(small_tree):
    rows = [
        member_row(
            "Nguyễn Văn Một", cccd="079090000001", birth=32874.0, admitted=42506, official="16/05/2017"
        ),
        member_row(
            "Nguyễn Văn Hai",
            cccd="079090000002",
            birth="1/1/1990",
            admitted="2016-05-16",
            official="16.05.2017",
        ),
        member_row(
            "Nguyễn Văn Ba", cccd="079090000003", birth="32874", admitted="16-05-2016", official="16/5/2017"
        ),
    ]
    outcome = run(xlsx({"DS": [MEMBER_HEADERS, *rows]}))
    assert outcome.ok, errors(outcome)
    for member in Member.objects.all():
        assert member.birth_date == date(1990, 1, 1)
        assert member.admitted_on == date(2016, 5, 16)
        assert member.official_on == date(2017, 5, 16)


def test_a_date_that_cannot_be_read_names_its_cell(small_tree):
    outcome = run(xlsx({"DS": [MEMBER_HEADERS, member_row(birth="30/02/1990")]}))
    assert not outcome.ok
    (issue,) = outcome.result.issues.errors
    assert (issue.sheet, issue.row, issue.column, issue.header, issue.value) == (
        "DS",
        2,
        "C",
        "Ngày sinh",
        "30/02/1990",
    )
    assert "không phải là ngày hợp lệ" in issue.message
    assert Member.objects.count() == 0


def test_numbers_stored_as_text_and_text_stored_as_numbers(small_tree):
    members = [member_row(cccd="079090000001", card=12345678.0)]
    ratings = [["079090000001", "", "", "2019", "HTTNV", ""]]
    outcome = run(xlsx({"DS": [MEMBER_HEADERS, *members], "XL": [RATING_HEADERS, *ratings]}))
    assert outcome.ok, errors(outcome)
    member = Member.objects.get()
    assert member.party_card_number == "12345678"
    assert member.ratings.get().year == 2019


def test_a_cccd_that_lost_its_leading_zero_is_repaired_and_said_so(small_tree):
    outcome = run(xlsx({"DS": [MEMBER_HEADERS, member_row(cccd=79090000001)]}))
    assert outcome.ok, errors(outcome)
    assert Member.objects.get().cccd == "079090000001"
    (warning,) = [w for w in outcome.result.issues.warnings if w.column == "G"]
    assert warning.row == 2 and "11 chữ số" in warning.message


def test_decomposed_text_is_stored_composed(small_tree):
    nfd = unicodedata.normalize("NFD", "Phạm Thị Hồng Nhung")
    outcome = run(xlsx({"DS": [MEMBER_HEADERS, member_row(nfd, sex=unicodedata.normalize("NFD", "Nữ"))]}))
    assert outcome.ok, errors(outcome)
    member = Member.objects.get()
    assert member.full_name == "Phạm Thị Hồng Nhung"
    assert unicodedata.is_normalized("NFC", member.full_name)
    assert member.sex == "female"


def test_stray_spaces_in_values_codes_and_headers(small_tree):
    headers = [f"  {h} " for h in MEMBER_HEADERS]
    row = member_row("  Nguyễn   Văn  Mới ", cell=" w1a ", hometown=" Quảng  Nam ")
    outcome = run(xlsx({"DS": [headers, row]}))
    assert outcome.ok, errors(outcome)
    member = Member.objects.get()
    assert member.full_name == "Nguyễn Văn Mới"
    assert member.hometown == "Quảng Nam"
    assert member.organization.code == "W1A"


def test_empty_trailing_rows_are_ignored(small_tree):
    blank = [""] * len(MEMBER_HEADERS)
    spaces = [" "] * len(MEMBER_HEADERS)
    outcome = run(xlsx({"DS": [MEMBER_HEADERS, member_row(), blank, spaces, [None] * 3, blank]}))
    assert outcome.ok, errors(outcome)
    assert outcome.result.total_rows == 1


def test_one_sheet_per_cell_named_by_code_by_title_or_by_name(small_tree):
    headers = [h for h in MEMBER_HEADERS if h != "Mã tổ chức"]

    def row(name: str, cccd: str) -> list[object]:
        values = member_row(name, cccd=cccd)
        del values[MEMBER_HEADERS.index("Mã tổ chức")]
        return values

    data = xlsx(
        {
            "W1A": [headers, row("Nguyễn Văn Một", "079090000001")],
            "Tờ 2": [
                ["CHI BỘ KHU PHỐ 2"],
                ["Mã chi bộ: W1B"],
                headers,
                row("Nguyễn Văn Hai", "079090000002"),
            ],
            "Chi bộ Trường THPT Đông Hòa": [headers, row("Nguyễn Văn Ba", "079090000003")],
        }
    )
    outcome = run(data)
    assert outcome.ok, errors(outcome)
    cells = dict(Member.objects.values_list("full_name", "organization__code"))
    assert cells == {"Nguyễn Văn Một": "W1A", "Nguyễn Văn Hai": "W1B", "Nguyễn Văn Ba": "S1"}


def test_a_sheet_whose_cell_cannot_be_told_is_an_error_naming_the_sheet(small_tree):
    headers = [h for h in MEMBER_HEADERS if h != "Mã tổ chức"]
    values = member_row()
    del values[MEMBER_HEADERS.index("Mã tổ chức")]
    outcome = run(xlsx({"Sheet1": [headers, values]}))
    (issue,) = outcome.result.issues.errors
    assert issue.sheet == "Sheet1" and "không xác định được chi bộ" in issue.message


def test_headers_without_diacritics_aliases_and_any_order(small_tree):
    headers = ["Ma chi bo", "So CCCD", "HO TEN", "Ngay ket nap", "Gioi tinh", "ngay sinh", "So the"]
    row = ["W1B", "079090000009", "Đỗ Văn Chín", "19/05/2016", "nam", "05/04/1990", "99887766"]
    outcome = run(xlsx({"DS": [headers, row]}))
    assert outcome.ok, errors(outcome)
    member = Member.objects.get()
    assert (member.full_name, member.party_card_number, member.organization.code) == (
        "Đỗ Văn Chín",
        "99887766",
        "W1B",
    )
    assert member.status == "probationary"


def test_a_row_of_column_numbers_a_repeated_header_and_a_total_row_are_skipped(small_tree):
    numbers = [f"({i})" for i in range(1, len(MEMBER_HEADERS) + 1)]
    rows = [
        MEMBER_HEADERS,
        numbers,
        member_row("Nguyễn Văn Một", cccd="079090000001"),
        MEMBER_HEADERS,
        member_row("Nguyễn Văn Hai", cccd="079090000002"),
        ["Tổng cộng: 2 đảng viên"],
    ]
    outcome = run(xlsx({"DS": rows}))
    assert outcome.ok, errors(outcome)
    assert Member.objects.count() == 2


def test_an_education_typed_as_12_12_that_excel_made_a_date_is_read_back(small_tree):
    outcome = run(xlsx({"DS": [MEMBER_HEADERS, member_row(education=date(2024, 12, 12))]}))
    assert outcome.ok, errors(outcome)
    assert Member.objects.get().education == "12/12"


def test_a_column_that_means_nothing_is_a_warning(small_tree):
    headers = [*MEMBER_HEADERS, "Sở thích"]
    outcome = run(xlsx({"DS": [headers, [*member_row(), "bóng đá"]]}))
    assert outcome.ok
    assert any("Sở thích" in w for w in warnings(outcome))


def test_a_sheet_that_is_not_recognised_is_skipped_and_said_so(small_tree):
    outcome = run(
        xlsx(
            {"Ghi chú": [["Một ghi chú"], ["không phải", "danh sách"]], "DS": [MEMBER_HEADERS, member_row()]}
        )
    )
    assert outcome.ok
    assert [s.name for s in outcome.result.skipped] == ["Ghi chú"]
