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
