from datetime import date
from decimal import Decimal

import pytest

from dangbo.core import text


def test_fold_drops_diacritics_case_and_maps_d_stroke():
    assert text.fold("Nguyễn Văn A") == "nguyen van a"
    assert text.fold("ĐẶNG Thị Đào") == "dang thi dao"


def test_nfc_composes_decomposed_text_and_trims_spaces():
    decomposed = "Nguye\u0302\u0303n  Va\u0306n   An "
    assert text.nfc(decomposed) == "Nguyễn Văn An"
    assert len(text.nfc(decomposed)) == len("Nguyễn Văn An")


def test_split_name_takes_first_word_as_surname_and_last_as_given_name():
    assert text.split_name("Nguyễn Thị Minh Khai") == ("Nguyễn", "Thị Minh", "Khai")
    assert text.split_name("Lê Lợi") == ("Lê", "", "Lợi")


def test_names_sort_by_given_name_first_in_the_vietnamese_alphabet():
    names = ["Trần Văn Đức", "Nguyễn Văn Dũng", "Lê Thị Ánh", "Phạm Văn An", "Bùi Thị Ân", "Võ Văn Ăn"]
    assert text.vn_sorted(names) == [
        "Phạm Văn An",
        "Lê Thị Ánh",
        "Võ Văn Ăn",
        "Bùi Thị Ân",
        "Nguyễn Văn Dũng",
        "Trần Văn Đức",
    ]


def test_same_given_name_sorts_by_middle_name_then_surname():
    names = ["Nguyễn Văn Bình", "Trần Thị Bình", "Lê Văn Bình"]
    assert text.vn_sorted(names) == ["Trần Thị Bình", "Lê Văn Bình", "Nguyễn Văn Bình"]


def test_tones_break_ties_in_dictionary_order():
    # ngang, huyền, hỏi, ngã, sắc, nặng
    given = ["Mạ", "Má", "Mã", "Mả", "Mà", "Ma"]
    names = [f"Lê Văn {g}" for g in given]
    assert [n.split()[-1] for n in text.vn_sorted(names)] == ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]


def test_shorter_word_sorts_before_its_extension():
    assert text.vn_sorted(["Lê Anh", "Lê An"]) == ["Lê An", "Lê Anh"]


def test_sort_key_uses_only_collation_safe_characters():
    key = text.sort_key("Đặng Thị Ngọc Ánh")
    assert set(key) <= set("0123456789abcdefghijklmnopqrstuvwxyz")


def test_numbers_and_percentages_are_written_the_vietnamese_way():
    assert text.format_number(5852) == "5.852"
    assert text.format_number(1234567) == "1.234.567"
    assert text.format_number(Decimal("19.05"), 2) == "19,05"
    assert text.format_percent(8, 42) == "19,05 %"
    assert text.format_percent(1, 42) == "2,38 %"
    assert text.format_percent(21, 5852) == "0,36 %"
    assert text.format_percent(0, 0) == "0,00 %"


def test_percent_rounds_half_up():
    assert text.percent(1, 8, 2) == Decimal("12.50")
    assert text.percent(1, 8, 1) == Decimal("12.5")
    assert text.percent(5, 8, 0) == Decimal("63")  # 62.5 rounds up, not to even


def test_dates_are_written_and_read_as_dd_mm_yyyy():
    assert text.format_date(date(2019, 3, 10)) == "10/03/2019"
    assert text.parse_date("10/03/2019") == date(2019, 3, 10)
    assert text.parse_date("1/7/2019") == date(2019, 7, 1)
    assert text.parse_date("2019-07-01") == date(2019, 7, 1)


def test_a_bad_date_gets_a_vietnamese_message():
    with pytest.raises(ValueError, match="không phải là ngày hợp lệ"):
        text.parse_date("31/02/2019")


def test_format_number_of_an_int_is_that_of_its_decimal():
    for value in (0, 7, 999, 1000, 5852, -1234, 1234567, -999999, 10**12):
        assert text.format_number(value) == text.format_number(Decimal(value)), value
    assert text.format_number(1234567) == "1.234.567"
    assert text.format_number(-1234) == "-1.234"
