"""Reading one cell as real files have it (pure, no database)."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest

from dangbo.imports import values


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (date(1985, 3, 5), date(1985, 3, 5)),
        (datetime(1985, 3, 5, 0, 0), date(1985, 3, 5)),  # noqa: DTZ001 — what calamine returns for a date cell
        (31111.0, date(1985, 3, 5)),  # an Excel serial number
        ("31111", date(1985, 3, 5)),  # the serial number stored as text
        ("05/03/1985", date(1985, 3, 5)),
        ("5/3/1985", date(1985, 3, 5)),
        ("1985-03-05", date(1985, 3, 5)),
        ("05.03.1985", date(1985, 3, 5)),
        ("05-03-1985", date(1985, 3, 5)),
        (" 05/03/1985 ", date(1985, 3, 5)),
        ("1985-03-05 00:00:00", date(1985, 3, 5)),
        ("", None),
        (None, None),
    ],
)
def test_it_reads_dates_as_excel_and_people_write_them(cell, expected):
    assert values.date_value(cell) == expected


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("31/02/1985", "không phải là ngày hợp lệ"),
        ("1985", "Chỉ có năm (1985)"),
        (1985.0, "Chỉ có năm (1985)"),
        ("hôm qua", "không phải là ngày hợp lệ"),
        ("5/3/85", "năm đủ 4 chữ số"),  # 1985? 2085? refused, not guessed
        ("01/01/0000", "năm đủ 4 chữ số"),
    ],
)
def test_it_says_what_is_wrong_with_a_date(cell, reason):
    with pytest.raises(values.CellError) as error:
        values.date_value(cell)
    assert reason in error.value.message


def test_a_cccd_that_lost_its_leading_zero_is_padded_with_a_warning():
    cccd, warning = values.cccd_value(79090000001.0)
    assert cccd == "079090000001"
    assert warning is not None and "11 chữ số" in warning and "079090000001" in warning
    assert values.cccd_value("79090000001") == ("079090000001", warning)


@pytest.mark.parametrize("cell", ["079090000001", " 079 090 000 001 ", "079.090.000.001", "'079090000001"])
def test_a_cccd_written_with_separators_is_read(cell):
    assert values.cccd_value(cell) == ("079090000001", None)


def test_a_cccd_in_scientific_notation_is_read():
    assert values.cccd_value("7.9090000001E+10")[0] == "079090000001"


@pytest.mark.parametrize(
    ("cell", "reason"),
    [("123456789", "số CMND 9 chữ số"), ("12345", "đúng 12 chữ số"), ("07909000000X", "chỉ được gồm chữ số")],
)
def test_a_wrong_cccd_is_explained(cell, reason):
    with pytest.raises(values.CellError) as error:
        values.cccd_value(cell)
    assert reason in error.value.message


def test_text_is_nfc_with_single_spaces_and_no_invisible_characters():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hồng")
    assert decomposed != "Nguyễn Thị Hồng"
    assert values.text(f"  {decomposed}\u200b  ") == "Nguyễn Thị Hồng"
    assert values.text("Nguyễn\u00a0 Văn   An") == "Nguyễn Văn An"


def test_numbers_stored_as_numbers_lose_only_the_point_zero():
    assert values.text(2019.0) == "2019"
    assert values.card_value(12345678.0) == "12345678"
    assert values.year_value("2019") == 2019
    assert values.year_value(2019.0) == 2019
    assert values.year_value("Năm 2019") == 2019


def test_flags_and_choices_ignore_case_and_diacritics():
    assert values.flag_value("x") is True
    assert values.flag_value("X") is True
    assert values.flag_value("") is False
    options = values.folded_options({"female": ["Nữ"], "male": ["Nam"]})
    assert values.choice_value("NU", options, "Giới tính", "Nam, Nữ") == "female"
    assert values.choice_value(" nữ ", options, "Giới tính", "Nam, Nữ") == "female"
    with pytest.raises(values.CellError):
        values.choice_value("khác", options, "Giới tính", "Nam, Nữ")


def test_cells_holding_only_spaces_are_empty():
    assert values.is_empty("   ")
    assert values.is_empty("\u200b")
    assert values.is_empty(None)
    assert not values.is_empty(0)


@pytest.mark.django_db
def test_the_names_of_a_city_file_stay_cached_through_its_import_and_go_after_it(small_tree):
    """choice_key holds every name of a 100.000-member file (its checks compare a rating's name with
    its member's three times a row), and the worker keeps none of them after the import."""
    from dangbo.imports.tests.helpers import MEMBER_HEADERS, member_row, run, xlsx

    assert (values.choice_key.cache_info().maxsize or 0) >= 200_000
    values.choice_key("Nguyễn Văn Còn Lại")
    outcome = run(xlsx({"Đảng viên": [MEMBER_HEADERS, member_row()]}))
    assert outcome.result.ok
    assert values.choice_key.cache_info().currsize == 0
