"""The guard's reading of an .ods: every cell calamine keeps is counted where calamine places it, or
the file is refused (a crafted content.xml read otherwise would reach calamine with a grid, or a text,
larger than the caps). calamine reads content.xml by the names as written (table:table-row, whatever
namespace its prefix is bound to), a cell as holding a value by any value attribute, and the cells of
a row until the first end of a cell or a row, wherever it stands."""

from __future__ import annotations

import io

import pytest
from python_calamine import CalamineWorkbook

from dangbo.imports.guard import Limits, WorkbookError, inspect_workbook
from dangbo.imports.tests import hostile

NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
)
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
DC = "http://purl.org/dc/elements/1.1/"
XLINK = "http://www.w3.org/1999/xlink"
# small caps, so that calamine builds the grids the cases compare in a few milliseconds
LIMITS = Limits(
    max_rows=100, max_columns=20, max_cells=1_000, max_ratio=1_000_000, max_uncompressed=hostile.MB
)


def ods_of(body: str, extra: tuple[hostile.Entry, ...] = ()) -> bytes:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NAMESPACES}>'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    )
    return hostile.zip_of(
        [
            ("mimetype", *hostile._stored(b"application/vnd.oasis.opendocument.spreadsheet")),
            hostile.deflated("META-INF/manifest.xml", MANIFEST),
            hostile.deflated("content.xml", content),
            *extra,
        ]
    )


def table(rows: str, name: str = "S") -> str:
    return f'<table:table table:name="{name}">{rows}</table:table>'


def row(cells: str, repeat: int = 1) -> str:
    return f'<table:table-row table:number-rows-repeated="{repeat}">{cells}</table:table-row>'


def cell(attrs: str = 'office:value-type="float" office:value="1"', repeat: int = 1, text: str = "") -> str:
    return f'<table:table-cell table:number-columns-repeated="{repeat}" {attrs}>{text}</table:table-cell>'


V = cell()
VALUED = {  # calamine keeps a cell holding any of these, office:value-type or not
    "office:value": 'office:value="1"',
    "office:string-value": 'office:string-value="x"',
    "office:boolean-value": 'office:boolean-value="true"',
    "office:date-value": 'office:date-value="2020-01-01"',
    "office:time-value": 'office:time-value="PT1H"',
    "an empty string-value": 'office:string-value=""',
    "a string without text": 'office:value-type="string"',
}
CASES = {
    **{
        f"{name} without a value type, repeated": table(row(cell(attrs, 30)))
        for name, attrs in VALUED.items()
    },
    **{
        f"{name} without a value type, rows repeated": table(row(cell(attrs), 150))
        for name, attrs in VALUED.items()
    },
    "the table prefix bound to another namespace": table(row(cell('office:value="1"'), 150)).replace(
        "<table:table ", '<table:table xmlns:table="urn:x" ', 1
    ),
    "the office prefix bound to another namespace": table(
        row(cell('xmlns:office="urn:x" office:value-type="float" office:value="1"'), 150)
    ),
    "another prefix for the table namespace": table(row(V, 150))
    .replace("table:", "t:")
    .replace("<t:table ", '<t:table xmlns:t="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ', 1),
    "a table nested in the table": table(row(V, 60) + table(row(cell(repeat=20)), "T")),
    "a table nested in a row group": table(
        row(V, 60) + f"<table:table-row-group>{table(row(cell(repeat=20)), 'T')}</table:table-row-group>"
    ),
    "rows in groups and header rows": table(
        "<table:table-row-group><table:table-header-rows>"
        + row(V, 60)
        + "</table:table-header-rows>"
        + row(V, 60)
        + "</table:table-row-group><table:table-rows>"
        + row(V)
        + "</table:table-rows>"
    ),
    "a row inside a string cell": table(
        row(
            cell(repeat=10)
            + cell(
                'office:value-type="string"',
                text="<table:table-row>" + cell("") + cell(repeat=10) + "</table:table-row>",
            ),
            40,
        )
    ),
    "a table inside a string cell": table(
        row(
            cell(repeat=10)
            + cell(
                'office:value-type="string"',
                text=table(row(cell("") + cell(repeat=10)) + row(V, 150), "T"),
            ),
            40,
        )
    ),
    "a table inside a valued cell": table(
        row(cell(repeat=10) + cell(text=table(row(cell(repeat=30), 150), "T")), 40)
    ),
    "a table in a drawing frame of a cell": table(
        row(
            cell(
                "", text=f"<draw:frame><draw:text-box>{table(row(V, 150), 'T')}</draw:text-box></draw:frame>"
            )
        )
    ),
    "a table in an annotation": f"<office:annotation>{table(row(V, 150))}</office:annotation>",
    "a cell's annotation holding cells": table(
        row(
            cell(
                'office:value-type="string"',
                text="<office:annotation><table:table-cell/></office:annotation>" + cell(repeat=30),
            ),
            2,
        )
    ),
    "a table without a name around a named one": f"<table:table>{row(V, 60)}{table(row(cell(repeat=20)), 'T')}</table:table>",
    "covered cells": table(
        row('<table:covered-table-cell table:number-columns-repeated="30" office:value="1"/>', 150)
    ),
    "spanned cells": table(
        row(
            cell(
                'office:value-type="float" office:value="1" table:number-columns-spanned="30" table:number-rows-spanned="150"'
            )
        )
    ),
    "formulas only": table(row(cell('table:formula="of:=1"', 30), 2)),
    "a value after a million empty rows": table(row("<table:table-cell/>", 1_048_000) + row(V)),
    "a value repeated over columns": table(row(cell(repeat=300))),
    "a value repeated over rows": table(row(V, 300)),
    "a repeat of 0": table(row(V, 0) + row(cell(repeat=0))),
    "rows repeated 0 times before a value": table(row(V, 0) * 150 + row(V)),  # calamine: row 151
    "empty rows repeated 0 times before a value": table(row("<table:table-cell/>", 0) * 150 + row(V)),
    "a string cell with text but no value type": table(row(cell("", 30, "<text:p>x</text:p>"), 150)),
    "a float cell without a value": table(row(cell('office:value-type="float"', 30), 150)),
}


def _calamine(data: bytes) -> list[tuple[int, int]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    extents = []
    for name in book.sheet_names:
        end = book.get_sheet_by_name(name).end
        extents.append((end[0] + 1, end[1] + 1) if end is not None else (0, 0))
    return extents


def _never_less(data: bytes, limits: Limits) -> None:
    """The guard refuses the file or counts at least the grid calamine builds of it."""
    try:
        found = inspect_workbook(data, limits)
    except WorkbookError:
        return
    try:
        built = _calamine(data)
    except Exception:  # noqa: BLE001 - calamine refused it: nothing built
        return
    rows = [s.rows for s in found.sheets]
    columns = [s.columns for s in found.sheets]
    assert max(rows, default=0) >= max((r for r, _ in built), default=0), (found, built)
    assert max(columns, default=0) >= max((c for _, c in built), default=0), (found, built)
    assert found.cells >= sum(r * c for r, c in built), (found, built)


@pytest.mark.parametrize("name", CASES)
def test_the_guard_counts_every_cell_calamine_keeps_or_refuses_the_file(name):
    _never_less(ods_of(CASES[name]), LIMITS)


def test_the_cases_reach_calamine_s_grid():
    """The cases are what they claim: calamine builds a grid beyond the caps of most of them."""
    beyond = 0
    for body in CASES.values():
        try:
            built = _calamine(ods_of(body))
        except Exception:  # noqa: BLE001, S112 - calamine refused it
            continue
        beyond += any(r > LIMITS.max_rows or c > LIMITS.max_columns for r, c in built) or (
            sum(r * c for r, c in built) > LIMITS.max_cells
        )
    assert beyond >= 27


def test_a_table_in_another_part_than_content_xml_is_not_read_by_calamine_nor_counted():
    styles = hostile.deflated(
        "styles.xml",
        f'<?xml version="1.0"?><office:document-styles {NAMESPACES}>{table(row(V, 300))}</office:document-styles>',
    )
    other = hostile.deflated(
        "sub/content.xml", f'<?xml version="1.0"?><x {NAMESPACES}>{table(row(V, 300))}</x>'
    )
    data = ods_of(table(row(V)), (styles, other))
    assert [(s.rows, s.columns) for s in inspect_workbook(data, LIMITS).sheets] == [(1, 1)] == _calamine(data)


@pytest.mark.parametrize(
    "text",
    [
        "<text:p>" + "x" * 2_000 + "</text:p>",  # calamine clones the text into every cell the repeats make
        '<text:p><text:s text:c="2000"/></text:p>',  # a space repeated by its count
        '<text:p><text:s text:c="2000000000"/></text:p>',
    ],
)
def test_a_text_repeated_over_many_cells_is_refused(text):
    data = ods_of(table(row(cell('office:value-type="string"', 20, text), 30)))
    with pytest.raises(WorkbookError, match="vượt giới hạn 1 MB"):
        inspect_workbook(data, LIMITS)


def test_a_formula_or_string_value_repeated_over_many_cells_is_refused():
    for attrs in (f"table:formula=\"of:='{'x' * 2_000}'\"", f'office:string-value="{"x" * 2_000}"'):
        data = ods_of(table(row(cell(attrs, 20), 30)))
        with pytest.raises(WorkbookError, match="vượt giới hạn 1 MB"):
            inspect_workbook(data, LIMITS)


def test_a_usual_sheet_passes_with_its_text_notes_and_pictures():
    note = "<office:annotation><dc:creator>A</dc:creator><text:p>Ghi chú</text:p></office:annotation>"
    picture = '<draw:frame draw:name="Ảnh"><draw:image xlink:href="Pictures/1.png"/></draw:frame>'
    rows = "".join(
        row(
            cell(
                'office:value-type="string"', text=f"{note}<text:p>Nguyễn Văn {i}</text:p><text:p>x</text:p>"
            )
            + cell('office:value-type="float" office:value="1"', 2, f"{picture}<text:p>1</text:p>")
            + '<table:table-cell table:number-columns-repeated="1021"/>'
        )
        for i in range(90)
    )
    body = table(rows + row('<table:table-cell table:number-columns-repeated="1024"/>', 1_048_000))
    data = ods_of(body.replace("<table:table ", f'<table:table xmlns:dc="{DC}" xmlns:xlink="{XLINK}" ', 1))
    found = inspect_workbook(data, LIMITS)
    assert [(s.rows, s.columns) for s in found.sheets] == [(90, 3)] == _calamine(data)


def test_a_long_shared_string_named_by_many_cells_of_an_xlsx_is_refused():
    """A few KB of .xlsx: 1.000 cells (far within the caps) naming one shared string of 400 KB make
    calamine build 400 MB of text (measured: 2.000 cells naming 100 KB, 191 MB more resident);
    5.000.000 cells would be 2 TB."""
    strings = f'<sst xmlns="{hostile.MAIN}" count="1" uniqueCount="1"><si><t>{"x" * 400_000}</t></si></sst>'
    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="s"><v>0</v></c>' for c in "ABCDEFGHIJ") + "</row>"
        for r in range(1, 101)
    )
    with pytest.raises(WorkbookError):
        inspect_workbook(hostile.xlsx_of(hostile.sheet_xml(rows), strings), Limits(max_ratio=1_000_000))


def test_the_empty_part_libreoffice_writes_beside_the_content_passes():
    empty = hostile.deflated("Configurations2/accelerator/current.xml", "")
    data = ods_of(table(row(V)), (empty,))
    assert [(s.rows, s.columns) for s in inspect_workbook(data, LIMITS).sheets] == [(1, 1)] == _calamine(data)
