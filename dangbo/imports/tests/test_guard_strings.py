"""The shared-string text a workbook's cells make calamine copy: calamine copies a shared string into
every cell naming it (t="s"), so a few KB of .xlsx can ask it for gigabytes. The guard bounds it by
the cells met times the longest string, and past the cap counts it cell by cell (each string's
length taken as the bytes of its element): more than max_uncompressed is refused."""

from __future__ import annotations

import io
import re

import pytest
from python_calamine import CalamineWorkbook

from dangbo.imports.guard import Limits, WorkbookError, inspect_workbook
from dangbo.imports.tests import hostile

LIMITS = Limits(max_ratio=1_000_000, max_uncompressed=hostile.MB)
LONG = 10_000  # the text of the long string; its element, <si><t>…</t></si>, a few bytes more


def _strings(*texts: str) -> str:
    items = "".join(f"<si><t>{text}</t></si>" for text in texts)
    return f'<sst xmlns="{hostile.MAIN}" count="{len(texts)}" uniqueCount="{len(texts)}">{items}</sst>'


def _sheet(cells: int, cell: str = '<c r="{ref}" t="s"><v>1</v></c>') -> str:
    rows = []
    for r in range(1, cells // 10 + 1):
        refs = [f"{c}{r}" for c in "ABCDEFGHIJ"]
        rows.append(f'<row r="{r}">' + "".join(cell.format(ref=ref) for ref in refs) + "</row>")
    return hostile.sheet_xml("".join(rows))


def _workbook(cells: int, cell: str = '<c r="{ref}" t="s"><v>1</v></c>') -> bytes:
    return hostile.xlsx_of(_sheet(cells, cell), _strings("short", "x" * LONG))


def _calamine_text(data: bytes) -> int:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return sum(
        len(str(v))
        for name in book.sheet_names
        for row in book.get_sheet_by_name(name).to_python()
        for v in row
    )


def test_cells_naming_a_long_string_within_the_cap_pass():
    data = _workbook(100)  # 100 x 10 KB: 1 MB less the elements' few bytes
    assert 99 * LONG < _calamine_text(data) <= 100 * LONG
    inspect_workbook(data, LIMITS)


def test_cells_naming_a_long_string_past_the_cap_are_refused():
    data = _workbook(110)
    assert _calamine_text(data) == 110 * LONG
    with pytest.raises(WorkbookError, match="chuỗi văn bản dùng chung.*vượt giới hạn 1 MB"):
        inspect_workbook(data, LIMITS)


def test_many_cells_naming_a_short_string_pass_though_the_bound_passes():
    # 2.000 cells x 10 KB (the longest) passes the cap: counted cell by cell, 2.000 x "short"
    found = inspect_workbook(_workbook(2000, '<c r="{ref}" t="s"><v>0</v></c>'), LIMITS)
    assert found.exact_strings and found.string_text < 100_000


@pytest.mark.parametrize(
    "cell",
    [
        "<c r='{ref}' t='s'><v>1</v></c>",
        '<c r="{ref}" t = "s" ><v>1</v></c>',
        '<c t="s" r="{ref}" s="0"><v>1</v></c>',
        '<c r="{ref}" t="s"><f>A1</f><v>1</v></c>',
        '<x:c xmlns:x="' + hostile.MAIN + '" r="{ref}" t="s"><x:v>1</x:v></x:c>',
        '<c r="{ref}" t="s"><v>0001</v></c>',
    ],
)
def test_a_shared_string_cell_written_otherwise_is_counted(cell):
    data = _workbook(110, cell)
    assert _calamine_text(data) >= 110 * LONG
    with pytest.raises(WorkbookError, match="chuỗi văn bản dùng chung"):
        inspect_workbook(data, LIMITS)


@pytest.mark.parametrize(
    "cell",
    [
        '<c xmlns:x="urn:other" r="{ref}" x:t="s"><v>1</v></c>',  # a prefixed t: a number for calamine
        '<c r="{ref}" t="n"><v>1</v></c>',
        '<c r="{ref}" t="s"/>',
    ],
)
def test_a_cell_calamine_gives_no_shared_string_is_not_counted(cell):
    data = _workbook(200, cell)
    assert _calamine_text(data) < 200 * LONG // 2
    assert inspect_workbook(data, LIMITS).string_text < LONG


def _two_sheets(first: int, second: int) -> bytes:
    workbook = hostile.WORKBOOK.replace("</sheets>", '<sheet name="Hai" sheetId="2" r:id="rId3"/></sheets>')
    rels = hostile.WORKBOOK_RELS.replace(
        "</Relationships>",
        '<Relationship Id="rId3" Target="worksheets/sheet2.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>',
    )
    return hostile.zip_of(
        [
            hostile.deflated("[Content_Types].xml", hostile.CONTENT_TYPES),
            hostile.deflated("_rels/.rels", hostile.ROOT_RELS),
            hostile.deflated("xl/workbook.xml", workbook),
            hostile.deflated("xl/_rels/workbook.xml.rels", rels),
            hostile.deflated("xl/worksheets/sheet1.xml", _sheet(first)),
            hostile.deflated("xl/worksheets/sheet2.xml", _sheet(second)),
            hostile.deflated("xl/sharedStrings.xml", _strings("short", "x" * LONG)),
        ]
    )


def test_the_cells_of_all_sheets_are_counted_together():
    """The second sheet passes the bound: the first is counted again, exactly, with it."""
    under, over = _two_sheets(50, 50), _two_sheets(60, 50)
    assert _calamine_text(under) == 100 * LONG < hostile.MB < _calamine_text(over)
    assert [s.rows for s in inspect_workbook(under, LIMITS).sheets] == [5, 5]
    with pytest.raises(WorkbookError, match="chuỗi văn bản dùng chung"):
        inspect_workbook(over, LIMITS)


def test_an_index_out_of_range_counts_nothing():
    data = _workbook(200, '<c r="{ref}" t="s"><v>7</v></c>')
    with pytest.raises(Exception, match="index not found in shared strings"):
        _calamine_text(data)  # calamine refuses the sheet
    assert inspect_workbook(data, LIMITS).string_text == 0


@pytest.mark.parametrize("value", ["&#49;", " 1 "])
def test_a_value_the_guard_does_not_read_as_calamine_is_counted_high(value):
    """A reference in the value, or spaces: calamine gives no cell, or string 0; the guard counts the
    longest string, or string 1 (more than calamine copies, never less)."""
    data = _workbook(110, '<c r="{ref}" t="s"><v>' + value + "</v></c>")
    assert _calamine_text(data) < hostile.MB
    with pytest.raises(WorkbookError, match="chuỗi văn bản dùng chung"):
        inspect_workbook(data, LIMITS)


def test_the_exact_count_of_a_usual_workbook_over_many_pieces_is_what_calamine_copies():
    """Thousands of cells over many 64 KB pieces (cells cut between them), counted cell by cell:
    calamine's text plus at most the element's own bytes (<si><t></t></si>, and </sst> after the
    last) per cell, and the longest string per piece (a value at a piece's end, maybe cut)."""
    texts = [f"Nguyễn Văn Tên {i}" for i in range(500)] + [
        f"Ghi chú về đảng viên {i} " * 4 for i in range(50)
    ]
    strings = _strings(*texts)
    rows = "".join(
        f'<row r="{r}" spans="1:6">'
        + "".join(f'<c r="{c}{r}" t="s"><v>{(r * k) % len(texts)}</v></c>' for k, c in enumerate("ABCDE", 1))
        + f'<c r="F{r}" s="1"><v>{r}</v></c></row>'
        for r in range(1, 20_001)
    )
    data = hostile.xlsx_of(hostile.sheet_xml(rows), strings)
    found = inspect_workbook(data, Limits(max_ratio=1_000_000, max_uncompressed=8 * hostile.MB))
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    copied = sum(
        len(v.encode()) for row in book.get_sheet_by_index(0).to_python() for v in row if isinstance(v, str)
    )
    assert found.exact_strings
    # and a value at the end of a piece, maybe cut, as the longest string
    pieces = found.uncompressed // (64 * 1024) + 1
    assert (
        copied
        <= found.string_text
        <= copied + 100_000 * len("<si><t></t></si></sst>") + pieces * found.longest_string
    )


def test_the_exact_count_reads_the_full_way_only_the_cells_the_pieces_cut(monkeypatch):
    """A workbook as Excel and openpyxl write it (styles, numbers typed t="n", dates, booleans): past
    the bound, each 64 KB piece is counted at C speed but for the cell it cuts and the one the last
    piece cut; the same total as the count made cell by cell. (The cell a piece cut sent every later
    piece the full way, and a number typed t="n" sent its piece: 3 to 4 times the inspection's time
    for a sheet of a million cells and one note of a few KB among its strings.)"""
    from dangbo.imports import guard

    texts = [f"Nguyễn Văn Tên {i}" for i in range(500)] + ["Ghi chú rất dài. " * 300]
    rows = "".join(
        f'<row r="{r}" spans="1:7">'
        + "".join(f'<c r="{c}{r}" s="2" t="s"><v>{(r * k) % 500}</v></c>' for k, c in enumerate("ABCD", 1))
        + f'<c r="E{r}" s="1" t="n"><v>{30000 + r}</v></c><c r="F{r}" t="b"><v>1</v></c>'
        + f'<c r="G{r}" t="str"><f>A{r}</f><v>x</v></c></row>'
        for r in range(1, 20_001)
    )
    data = hostile.xlsx_of(hostile.sheet_xml(rows), _strings(*texts))
    limits = Limits(max_ratio=1_000_000, max_uncompressed=8 * hostile.MB)
    calls = 0
    values = guard._XlsxPart._values

    def counted(self, text, start, end):
        nonlocal calls
        calls += 1
        return values(self, text, start, end)

    monkeypatch.setattr(guard._XlsxPart, "_values", counted)
    found = inspect_workbook(data, limits)
    assert found.exact_strings
    pieces = found.uncompressed // (64 * 1024) + 1
    assert 0 < calls <= 2 * pieces, (calls, pieces)

    monkeypatch.setattr(guard, "_FAST_SHARED", re.compile(rb"(?!)(x)"))  # every cell the full way
    assert inspect_workbook(data, limits).string_text == found.string_text
