"""The guard's scan of a sheet's tags: the fast path answers what the full scan answers, piece by
piece, and both place rows and cells where calamine does (a file the scan misread would reach
calamine with a grid larger than the caps)."""

from __future__ import annotations

import io
import random

import pytest
from python_calamine import CalamineWorkbook

from dangbo.imports import guard
from dangbo.imports.guard import Limits, WorkbookError, inspect_workbook
from dangbo.imports.tests import hostile

FRAGMENTS = [
    b'<row r="5">',
    b'<row r="12" spans="1:3" x14ac:dyDescent="0.25">',
    b"<row>",
    b"<row/>",
    b"<row\n>",
    b'<row\tr="3">',
    b'<row spans="1:2" r="7">',
    b'<row r="x">',
    b"</row>",
    b'<x:row r="9">',
    b"<x:row>",
    b'<c r="A1"/>',
    b'<c r="B7" t="s"><v>1</v></c>',
    b'<c r="N100003" s="1" t="n"><v>32840</v></c>',
    b'<c r="AB40"><is><t>Ghi ch\xc3\xba: 12:30</t></is></c>',
    b"<c>",
    b"<c/>",
    b"</c>",
    b'<c t="s" r="C3">',
    b"<c r='D4'>",
    b'<c\nr="E5">',
    b'<c r = "F6">',
    b'<x:c r="G8">',
    b'<c r="H9" x:r="A1">',
    b'<c r="J2" foo=\' r="Z99"\'>',
    b'<c r="ZZZ1"/>',
    b'<c r="A9999999"/>',
    b'<c r="A0"/>',
    b'<c r="A01"/>',
    b"<si>",
    b"<si\n>",
    b"<si/>",
    b"</si>",
    b"<x:si>",
    b'<col min="1"/>',
    b"<cfRule/>",
    b"<rowBreaks>",
    b'<dimension ref="A1:B2"/>',
    b'<sst count="1" uniqueCount="2">',
    b"<worksheet>",
    b"<worksheet\n>",
    b"<sheetData>",
    b"Ghi ch\xc3\xba: ",
    b"<v>12:30</v>",
]
# the fragments a sheet's data is made of, for pieces the fast path takes
USUAL = [0, 1, 8, 11, 12, 13, 14, 17, 32, 41, 42, 43]
LIMITS = [Limits(), Limits(max_rows=50, max_columns=5, max_shared_strings=3)]


def _answer(piece: bytes, limits: Limits, prior: bytes, scan: str) -> object:
    inspection = guard.Inspection()
    part = guard._XlsxPart("s", limits, inspection)
    try:
        part._slow(prior)
        if scan == "slow":
            part._slow(piece)
        else:
            part.tags(piece)
    except WorkbookError as error:
        return error.message
    part.close()
    return [(s.rows, s.columns) for s in inspection.sheets], part.row, part.column, inspection.shared_strings


def _pieces(seed: int, count: int, choices: list[int]) -> list[bytes]:
    chance = random.Random(seed)
    return [
        b"".join(FRAGMENTS[chance.choice(choices)] for _ in range(chance.randint(0, 12)))
        for _ in range(count)
    ]


@pytest.mark.parametrize("limits", LIMITS)
def test_the_fast_path_answers_what_the_full_scan_answers_on_every_piece(limits):
    everything = list(range(len(FRAGMENTS)))
    pieces = _pieces(1, 3000, everything) + _pieces(2, 1500, USUAL) + FRAGMENTS
    priors = [b"", b'<row r="4"><c r="B4"/>', b'<row r="8"></row><row>', b"<si><si>"]
    fast = 0
    for index, piece in enumerate(pieces):
        prior = priors[index % len(priors)]
        assert _answer(piece, limits, prior, "tags") == _answer(piece, limits, prior, "slow"), (prior, piece)
        part = guard._XlsxPart("s", limits, guard.Inspection())
        fast += not guard._needs_full_scan(piece) and part._fast(piece)
    assert fast > 1000  # the fast path was taken, not only the full scan


def test_a_piece_with_a_row_or_cell_written_otherwise_takes_the_full_scan():
    part = guard._XlsxPart("s", Limits(), guard.Inspection())
    assert part._fast(b'<row r="2"><c r="A2"/><c r="B2"/></row>')
    for piece in (
        b'<row r="2"><c r="A2"/></row><row></row>',  # a row without r moves the row
        b'<row r="2"><c r="A2"/></row><row/>',
        b'<row spans="1:1" r="3"><c r="A3"/></row>',
        b'<row r="3"><c r="A3"/><c/></row>',
        b'<row r="3"><c t="s" r="A3"/></row>',
    ):
        assert not part._fast(piece), piece


def _extent(data: bytes) -> tuple[int, int]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    end = book.get_sheet_by_name(book.sheet_names[0]).end
    assert end is not None
    return end[0] + 1, end[1] + 1


def _guarded(sheet: str) -> tuple[bytes, tuple[int, int]]:
    data = hostile.xlsx_of(sheet)
    inspection = inspect_workbook(data, Limits(max_ratio=1_000_000))
    return data, (inspection.sheets[0].rows, inspection.sheets[0].columns)


FIRST = '<row r="1"><c r="A1"><v>1</v></c></row><row r="9"><c r="A9"><v>1</v></c></row>'
LAST = "<row><c><v>1</v></c></row>"
X = f'xmlns:x="{hostile.MAIN}"'
# rows and cells as calamine places them, over pieces of the scan (64 KB) taken either way
PLACED = {
    "rows without r": FIRST + "<row></row>" * 20_000 + LAST,
    "empty rows without r": FIRST + "<row/>" * 20_000 + LAST,
    "prefixed rows": FIRST + f"<x:row {X}></x:row>" * 5_000 + LAST,
    "a row's start last in a piece": FIRST
    + '<row r="10"><c r="C10"><v>1</v></c></row>' * 7_000
    + "<row><c><v>1</v></c><c><v>1</v></c></row>",
    "a cell far from its row": '<row r="1"><c r="A1"><v>1</v></c><c r="B90"><v>1</v></c></row>' * 3_000
    + LAST,
    "rows hidden in comments": FIRST + ("<row></row>" * 3_000 + '<!-- <row r="1"> -->') * 4 + LAST,
    "rows hidden in CDATA": FIRST + ("<row></row>" * 3_000 + '<![CDATA[<row r="1">]]>') * 4 + LAST,
    "rows hidden in instructions": FIRST + ("<row></row>" * 3_000 + '<?x <row r="1">?>') * 4 + LAST,
    "an r inside another value": '<row r="1"><c r="C300" foo=\' r="A1"\'><v>1</v></c></row>',
    "a prefixed r": f'<row r="1"><c r="C30" {X} x:r="A1"><v>1</v></c></row>',
    "a sheet nested in the sheet": '<row r="1000"><c r="A1000"><v>1</v></c></row><worksheet/>'
    + '<row r="1"><c r="CV1"><v>1</v></c></row>',
    "only a prefixed r": f'<row r="1"><c r="A1"><v>1</v></c><c {X} x:r="C30"><v>1</v></c></row>',
}


@pytest.mark.parametrize("name", PLACED)
@pytest.mark.parametrize("dimension", ["", "A1:A1"])
def test_the_guard_places_rows_and_cells_where_calamine_does(name, dimension):
    data, (rows, columns) = _guarded(hostile.sheet_xml(PLACED[name], dimension))
    placed = _extent(data)
    assert rows >= placed[0] and columns >= placed[1]  # never less than calamine's grid
    if name != "a cell far from its row":  # there the guard moves on from the cell, calamine from the row
        assert (rows, columns) == placed


def test_a_far_cell_behind_a_quoted_or_prefixed_r_is_refused():
    for cell in ('<c r="XFD1048576" foo=\' r="A1"\'>', f'<c r="XFD1048576" {X} x:r="A1">'):
        data = hostile.xlsx_of(hostile.sheet_xml(f'<row r="1">{cell}<v>1</v></c></row>', "A1:A1"))
        with pytest.raises(WorkbookError, match="dòng 1.048.576"):
            inspect_workbook(data, Limits())


def test_every_shared_string_is_counted_however_its_tag_is_written():
    strings = (
        f'<sst xmlns="{hostile.MAIN}">' + "<si><t>a</t></si><si\n><t>b</t></si><si/>" * 10_000 + "</sst>"
    )
    inspection = inspect_workbook(
        hostile.xlsx_of(hostile.sheet_xml(FIRST), strings), Limits(max_ratio=1_000_000)
    )
    assert inspection.shared_strings == 30_000
