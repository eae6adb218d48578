"""The check every print-ready XLSX passes (issue 17): used by the tests of each writer."""

from __future__ import annotations

import io

from openpyxl import load_workbook

GUIDES = ("Hướng dẫn",)  # the instructions of an import: text, not a table


def assert_print_ready(content: bytes, *, a3: tuple[str, ...] = (), title: str | None = None) -> list[str]:
    """Each table sheet of the workbook: a bold title on row 1 and a subtitle on row 2, the header
    rows repeated on every printed page and frozen below, an autofilter on the last header row,
    landscape on A4 (A3 for the sheets named in `a3`), fit to one page wide and any number down, and
    "Trang &P / &N" in the footer. Returns the sheets checked."""
    workbook = load_workbook(io.BytesIO(content))
    checked: list[str] = []
    for sheet in workbook.worksheets:
        if sheet.title in GUIDES:
            assert sheet.page_setup.orientation == "landscape", sheet.title
            continue
        name = sheet.title
        assert sheet["A1"].value and sheet["A1"].font.bold, name
        assert sheet["A2"].value, name
        if title is not None and not checked:
            assert title in str(sheet["A1"].value), (name, sheet["A1"].value)
        first, last = (int(part.strip("$")) for part in sheet.print_title_rows.split(":"))
        assert first >= 3 and sheet.cell(first, 1).font.bold, (name, sheet.print_title_rows)
        assert sheet.freeze_panes == f"A{last + 1}", (name, sheet.freeze_panes)
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith(f"A{last}:"), (
            name,
            sheet.auto_filter.ref,
        )
        assert sheet.page_setup.orientation == "landscape", name
        assert int(sheet.page_setup.paperSize) == (8 if name in a3 else 9), (name, sheet.page_setup.paperSize)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, name
        assert int(sheet.page_setup.fitToWidth) == 1 and int(sheet.page_setup.fitToHeight) == 0, name
        assert sheet.oddFooter.center.text == "Trang &P / &N", name
        assert all(
            sheet.cell(first, c).alignment.wrap_text
            for c in range(1, sheet.max_column + 1)
            if sheet.cell(first, c).value
        ), name
        checked.append(name)
    assert checked, "no table sheet"
    return checked
