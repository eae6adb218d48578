"""The one text cleaner (core.text.clean_text) and the one date policy (core.dates): what comes in
by a form, the API or the import is refused with a Vietnamese message naming the field."""

from __future__ import annotations

from datetime import date

import pytest

from dangbo.core import dates
from dangbo.core.text import TextRefused, clean_text, parse_date


def clean_name(value: str) -> str:
    return clean_text(value, label="Họ và tên", max_length=120, name=True)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("Nguyễn\x1bVăn An", "Họ và tên chứa ký tự điều khiển không hợp lệ (U+001B)."),
        ("Nguyễn Văn An\x00", "Họ và tên chứa ký tự điều khiển không hợp lệ (U+0000)."),
        ("Nguyễn\x85Văn", "Họ và tên chứa ký tự điều khiển không hợp lệ (U+0085)."),  # C1
        ("Nguyễn Văn\x7f An", "Họ và tên chứa ký tự điều khiển không hợp lệ (U+007F)."),
        ("Nguyễn\u200bVăn An", "Họ và tên chứa ký tự vô hình không hợp lệ (U+200B)"),
        ("Nguyễn Văn\u2060An", "Họ và tên chứa ký tự vô hình không hợp lệ (U+2060)"),
        ("\u202eNguyễn Văn An", "Họ và tên chứa ký tự đảo chiều hiển thị không hợp lệ (U+202E)."),
        ("Nguyễn \u2066Văn An", "Họ và tên chứa ký tự đảo chiều hiển thị không hợp lệ (U+2066)."),
        ("Nguyễn\u200fVăn", "Họ và tên chứa ký tự đảo chiều hiển thị không hợp lệ (U+200F)."),
        ("\u0301", "Họ và tên có dấu đứng riêng, không gắn với chữ cái nào."),
        ("Nguyễn \u0301\u0323", "Họ và tên có dấu đứng riêng, không gắn với chữ cái nào."),
        ("123 456", "Họ và tên phải có chữ cái."),
        ("Nguyễn\nVăn An", "Họ và tên có dấu xuống dòng hoặc tab ở giữa: hãy viết trên một dòng."),
        ("Nguyễn\ud800", "Họ và tên chứa ký tự không hợp lệ (U+D800)."),
        ("Nguyễn\uffff", "Họ và tên chứa ký tự không hợp lệ (U+FFFF)."),
        ("A" * 5000, "Họ và tên dài tối đa 120 ký tự (đang có 5000)."),
    ],
)
def test_a_hostile_name_is_refused_with_a_message_naming_the_field(value, reason):
    with pytest.raises(TextRefused) as refused:
        clean_name(value)
    assert refused.value.message.startswith(reason)


def test_text_is_nfc_trimmed_and_collapsed_and_invisible_ends_are_dropped():
    assert clean_name("  Nguye\u0302\u0303n\u00a0  Va\u0306n\tAn ".replace("\t", " ")) == "Nguyễn Văn An"
    assert clean_name("\ufeffNguyễn Văn An\u200b") == "Nguyễn Văn An"
    assert clean_name("   ") == ""
    assert clean_name("H'Hen Niê") == "H'Hen Niê"


def test_a_multi_line_field_keeps_its_lines_and_refuses_other_controls():
    assert (
        clean_text(" dòng 1 \r\n\r\n\r\n  dòng   2\t\n", label="Ghi chú", multiline=True)
        == "dòng 1\n\ndòng 2"
    )
    with pytest.raises(TextRefused, match="Ghi chú chứa ký tự điều khiển"):
        clean_text("dòng 1\x1b", label="ghi chú", multiline=True)


@pytest.mark.parametrize(
    "raw", ["01/01/0000", "1/1/20", "5/3/85", "31/12/99999", "29/02/2019", "2019-02-29", "x"]
)
def test_a_date_needs_a_real_day_and_a_four_digit_year(raw):
    with pytest.raises(ValueError, match="không phải là ngày hợp lệ"):
        parse_date(raw)


def test_dates_are_read_in_the_ways_people_write_them():
    assert parse_date("05/03/1985") == parse_date("5.3.1985") == parse_date("05-03-1985") == date(1985, 3, 5)
    assert parse_date(" 1985-03-05 ") == date(1985, 3, 5)


TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("kind", "value", "reason"),
    [
        (dates.DateKind.BIRTH, date(2100, 1, 1), "Ngày sinh 01/01/2100 ở tương lai."),
        (dates.DateKind.BIRTH, date(1, 1, 1), "Ngày sinh 01/01/0001 trước năm 1900: không hợp lệ."),
        (dates.DateKind.BIRTH, date(9999, 12, 31), "Ngày sinh 31/12/9999 ở tương lai."),
        (
            dates.DateKind.DECISION,
            date(1930, 2, 2),
            "Ngày sinh 02/02/1930 trước ngày thành lập Đảng (03/02/1930): không hợp lệ.",
        ),
        (
            dates.DateKind.DECISION,
            date(9999, 12, 31),
            "Ngày sinh 31/12/9999 quá xa trong tương lai (muộn nhất 07/12/2027).",
        ),
    ],
)
def test_a_day_outside_its_kind_is_refused_naming_the_field(kind, value, reason):
    with pytest.raises(dates.DateRefused) as refused:
        dates.check_date(value, kind=kind, label="ngày sinh", today_=TODAY)
    assert refused.value.message == reason


def test_the_bounds_of_each_kind():
    assert dates.check_date(date(1900, 1, 1), kind=dates.DateKind.BIRTH, label="x", today_=TODAY)
    assert dates.check_date(TODAY, kind=dates.DateKind.BIRTH, label="x", today_=TODAY)
    assert dates.check_date(date(1930, 2, 3), kind=dates.DateKind.DECISION, label="x", today_=TODAY)
    assert dates.check_date(date(2027, 12, 7), kind=dates.DateKind.DECISION, label="x", today_=TODAY)
    with pytest.raises(dates.DateRefused, match="Năm 1989 không hợp lệ"):
        dates.check_review_year(1989, today_=TODAY)
    with pytest.raises(dates.DateRefused, match="Năm 2027 không hợp lệ"):
        dates.check_review_year(2027, today_=TODAY)
    assert dates.check_review_year(2026, today_=TODAY) == 2026
