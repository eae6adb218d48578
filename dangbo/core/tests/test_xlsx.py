"""The one workbook writer: text as text whatever it starts with, nothing XML cannot hold, other values typed."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from dangbo.core import xlsx

HOSTILE = ["=1+1", '=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)", "#N/A", "a\x1bb\x00c\ufffe\ud800d"]


@pytest.mark.parametrize("write_only", [False, True])
def test_strings_are_text_cells_cleaned_and_other_values_stay_typed(write_only):
    workbook = xlsx.new_workbook(write_only=write_only)
    sheet = workbook.create_sheet("Thử")
    xlsx.append(sheet, [*HOSTILE, 5, 2.5, date(2019, 12, 31), date(1, 1, 1), None, "x" * 40000])
    row = next(load_workbook(io.BytesIO(xlsx.workbook_bytes(workbook)))["Thử"].iter_rows())
    texts = [(c.value, c.data_type) for c in row[: len(HOSTILE)]]
    assert texts == [(text, "s") for text in HOSTILE[:-1]] + [("abcd", "s")]
    assert [(c.value, c.data_type) for c in row[len(HOSTILE) : len(HOSTILE) + 2]] == [(5, "n"), (2.5, "n")]
    assert row[len(HOSTILE) + 2].value.date() == date(2019, 12, 31)
    assert row[len(HOSTILE) + 2].is_date
    assert len(row[-1].value) == xlsx.MAX_CELL_TEXT


def test_a_value_assigned_around_append_is_turned_into_text_on_saving():
    workbook = xlsx.new_workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"] = "=1+1"
    sheet["B1"] = "#DIV/0!"
    cell = sheet["A1"]
    assert cell.data_type == "f"
    row = next(load_workbook(io.BytesIO(xlsx.workbook_bytes(workbook))).active.iter_rows())
    assert [(c.value, c.data_type) for c in row] == [("=1+1", "s"), ("#DIV/0!", "s")]


def test_xml_text_keeps_vietnamese_tabs_and_line_breaks():
    assert xlsx.xml_text("Nguyễn\tVăn\nAn\r😀") == "Nguyễn\tVăn\nAn\r😀"
    assert xlsx.xml_text("".join(chr(n) for n in range(32)) + "\x7f") == "\t\n\r\x7f"


def test_a_printed_sheet_is_print_ready_in_both_modes():
    from datetime import date

    from dangbo.core import xlsx
    from dangbo.core.tests.print_ready import assert_print_ready

    for write_only in (True, False):
        workbook = xlsx.new_workbook(write_only=write_only)
        sheet = xlsx.PrintedSheet(
            workbook, "Thử", title="TIÊU ĐỀ", subtitle="Chi bộ A (Đảng bộ B) — năm 2019",
            headers=["Họ và tên", "Ngày"], widths=[10, 12], first=True,
        )  # fmt: skip
        sheet.append(["Nguyễn Văn An Nguyễn Văn An Nguyễn Văn An", date(2019, 1, 2)])
        sheet.append(["=1+1", None])
        sheet.close()
        content = xlsx.workbook_bytes(workbook)
        assert assert_print_ready(content, title="TIÊU ĐỀ") == ["Thử"]
        loaded = load_workbook(io.BytesIO(content))["Thử"]
        assert loaded["A4"].alignment.wrap_text and loaded["B4"].number_format == "dd/mm/yyyy"
        assert loaded.row_dimensions[4].height > 15  # the wrapped name takes several lines
        assert loaded["A5"].data_type == "s" and loaded["A5"].value == "=1+1"
        assert loaded.auto_filter.ref == "A3:B5"


def test_file_names_say_what_and_whose():
    from datetime import date

    from dangbo.core import xlsx

    assert xlsx.file_name("Sổ đảng viên", "Q9-TT", date(2019, 12, 31)) == "so-dang-vien-Q9-TT-2019-12-31.xlsx"
    assert xlsx.file_name("Xếp loại-đảng-viên", "Q9", 2019) == "xep-loai-dang-vien-Q9-2019.xlsx"
    assert (
        xlsx.file_name("Danh sách đảng viên", None, date(2020, 1, 2)) == "danh-sach-dang-vien-2020-01-02.xlsx"
    )
    assert xlsx.file_name("Đại hội", "Đ/1 x", "2020-2025") == "dai-hoi-D-1-x-2020-2025.xlsx"
