"""The data rows taken under a header when the first used column is empty: the first value after it
decides, as when it is filled."""

from __future__ import annotations

from typing import Any

from dangbo.imports.reader import _data_rows, find_header


def test_a_row_whose_first_used_column_is_empty_is_judged_by_its_first_value():
    header = ["Số CCCD", "Số thẻ đảng viên", "Họ và tên", "Năm", "Xếp loại", "Lý do không xếp loại"]
    rows: list[list[Any]] = [
        header,
        ["", "00000001", "Lê Văn A", 2019, "HTNV", ""],  # kept: a number's text first
        [None, None, "Lê Văn B", 2019, "HTNV", "x"],  # kept: four cells
        ["", "", "Tổng cộng", 2019, 2, ""],  # a total row of three cells
        [None, None, "Tổng số", 2019, 2, None],
        ["", "", "họ và tên", "", "Xếp loại", ""],  # the header repeated, its first column left empty
        ["", "", "", 2019, "HTNV", ""],  # kept: a number first
        ["", None, "", "", "", ""],
    ]
    found = find_header(rows, [])
    assert found is not None
    match, header_rows, headers = found
    taken = _data_rows(rows[header_rows[-1] :], header_rows[-1], match, headers)
    assert [number for number, _ in taken] == [2, 3, 7]
