"""Hostile workbooks, built in memory for the tests (a few KB each, the million rows a few MB).

Each is what an attacker uploads to take a worker down: a declared or real size far beyond the
caps, a zip that inflates a thousandfold or lies about its sizes, XML with a DTD, a broken file.
The zip is written by hand so that a part can be stored pre-compressed (a deflate stream of a
gigabyte is built from one compressed megabyte repeated, in a few milliseconds).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Iterable

MB = 1024 * 1024
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Đảng viên" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    '<Relationship Id="rId2" Target="sharedStrings.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
    "</Relationships>"
)
HEADER = (
    '<row r="1">'
    + "".join(
        f'<c r="{col}1" t="inlineStr"><is><t>{text}</t></is></c>'
        for col, text in zip("ABC", ("Họ và tên", "Ngày sinh", "Số CCCD"), strict=True)
    )
    + "</row>"
)
NO_STRINGS = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="0" uniqueCount="0"></sst>'

# (name, compressed bytes, crc32, uncompressed size as declared)
Entry = tuple[str, bytes, int, int]


def deflated(name: str, data: bytes | str) -> Entry:
    raw = data.encode() if isinstance(data, str) else data
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return name, c.compress(raw) + c.flush(), zlib.crc32(raw), len(raw)


def inflating(name: str, head: str, unit: str, size: int, tail: str, *, declared: int | None = None) -> Entry:
    """A part of `size` bytes (head, `unit` repeated, tail) stored as ~size/1000 compressed bytes: one
    compressed megabyte repeated (a full flush resets the compressor, so each block is the same).
    Its CRC is not computed (the reader must refuse it long before the end)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head.encode()) + c.flush(zlib.Z_FULL_FLUSH)
    block = (unit * (MB // len(unit))).encode()
    one = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    count = size // len(block)
    last = c.compress(tail.encode()) + c.flush()
    return name, first + one * count + last, 0, declared if declared is not None else count * len(block)


def zip_of(entries: Iterable[Entry]) -> bytes:
    out = bytearray()
    central = bytearray()
    count = 0
    for name, data, crc, size in entries:
        encoded = name.encode()
        offset = len(out)
        fields = (20, 0x800, 8, 0, 0x21, crc, len(data), size, len(encoded), 0)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + encoded + data
        central += struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIHH", *fields)
        central += struct.pack("<HHHII", 0, 0, 0, 0, offset) + encoded
        count += 1
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), len(out), 0)
    return bytes(out + central + end)


def xlsx_of(sheet: Entry | str, strings: Entry | str = NO_STRINGS, extra: Iterable[Entry] = ()) -> bytes:
    sheet_entry = deflated("xl/worksheets/sheet1.xml", sheet) if isinstance(sheet, str) else sheet
    strings_entry = deflated("xl/sharedStrings.xml", strings) if isinstance(strings, str) else strings
    return zip_of(
        [
            deflated("[Content_Types].xml", CONTENT_TYPES),
            deflated("_rels/.rels", ROOT_RELS),
            deflated("xl/workbook.xml", WORKBOOK),
            deflated("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            sheet_entry,
            strings_entry,
            *extra,
        ]
    )


def sheet_xml(rows: str, dimension: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{dim}<sheetData>{rows}</sheetData></worksheet>'


def cell_at(ref: str, value: str = "1") -> str:
    row = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return f'<row r="{row}"><c r="{ref}"><v>{value}</v></c></row>'


# --- the files -------------------------------------------------------------------------------------


def huge_dimension() -> bytes:
    """Finding 2: A1:XFD1048576 declared, a cell at XFD1048576 (calamine: 549 GB)."""
    return xlsx_of(sheet_xml(HEADER + cell_at("XFD1048576"), dimension="A1:XFD1048576"))


def far_coordinate() -> bytes:
    """Finding 3: one cell at ZZ200000, no dimension (5,5 GB)."""
    return xlsx_of(sheet_xml(HEADER + cell_at("ZZ200000")))


def far_row() -> bytes:
    """A cell in the last row of column A."""
    return xlsx_of(sheet_xml(HEADER + cell_at("A1048576")))


def prefixed_far_cell() -> bytes:
    """The sheet's elements under a prefix (calamine reads them by their local names)."""
    return xlsx_of(
        f'<?xml version="1.0"?><x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="1">'
        '<x:c r="A1"><x:v>1</x:v></x:c><x:c r="XFD1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>'
    )


def late_far_cell() -> bytes:
    """40.000 ordinary rows, then one cell far to the right, its reference not the first attribute."""
    rows = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>1</v></c></row>' for r in range(2, 40_002)
    )
    return xlsx_of(sheet_xml(HEADER + rows + '<row r="40002"><c t="n" r="ZZ40002"><v>1</v></c></row>'))


def sheet_by_another_name() -> bytes:
    """The worksheet stored as a .dat part, named so by the workbook's relationships."""
    data = huge_dimension()
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["xl/worksheets/sheet1.dat"] = parts.pop("xl/worksheets/sheet1.xml")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"sheet1.xml", b"sheet1.dat"
    )
    return zip_of(deflated(name, content) for name, content in parts.items())


def cells_without_references() -> bytes:
    """Cells and rows without r: calamine places each after the previous one (row 1, column 20.000)."""
    return xlsx_of(sheet_xml("<row>" + "<c><v>1</v></c>" * 20_000 + "</row>"))


def shared_strings_bomb() -> bytes:
    """Finding 3: 1,2 MB of shared strings inflating to 1,2 GB."""
    strings = inflating(
        "xl/sharedStrings.xml",
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}"><si><t>',
        "A" * 1024,
        1200 * MB,
        "</t></si></sst>",
    )
    return xlsx_of(sheet_xml(HEADER + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'), strings)


def lying_zip() -> bytes:
    """A sheet whose directory entry says it is as small as its compressed size, inflating to 1,2 GB."""
    sheet = inflating(
        "xl/worksheets/sheet1.xml",
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{HEADER}'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>',
        "x" * 1024,
        1200 * MB,
        "</t></is></c></row></sheetData></worksheet>",
        declared=1,
    )
    name, data, crc, _ = sheet
    return xlsx_of((name, data, crc, len(data)))


def zip_bomb_part() -> bytes:
    """An extra part (a picture, by its name) inflating to 2 GB: never read by anyone."""
    return xlsx_of(
        sheet_xml(HEADER), extra=[inflating("xl/media/image1.png", "", "\x00" * 1024, 2000 * MB, "")]
    )


def declared_strings() -> bytes:
    """A shared-strings table declaring four billion strings."""
    return xlsx_of(
        sheet_xml(HEADER),
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="4000000000" '
        'uniqueCount="4000000000"><si><t>a</t></si></sst>',
    )


def many_strings() -> bytes:
    """1,1 million distinct shared strings (compressing honestly)."""
    body = "".join(f"<si><t>{i:x}</t></si>" for i in range(1_100_000))
    return xlsx_of(
        sheet_xml(HEADER), f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{body}</sst>'
    )


def million_rows() -> bytes:
    """Finding 3: 1.048.575 rows under the header (22 MB in the finding; level-1 compressed here)."""
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Nguyễn Văn {r}</t></is></c><c r="C{r}"><v>{r}</v></c></row>'
        for r in range(2, 1_048_577)
    )
    raw = sheet_xml(HEADER + rows).encode()
    c = zlib.compressobj(1, zlib.DEFLATED, -15)
    return xlsx_of(("xl/worksheets/sheet1.xml", c.compress(raw) + c.flush(), zlib.crc32(raw), len(raw)))


def malformed_xml() -> bytes:
    return xlsx_of(f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"')


def billion_laughs() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    return xlsx_of(
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]><worksheet xmlns="{MAIN}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    )


def external_entity() -> bytes:
    return xlsx_of(
        f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c>'
        "</row></sheetData></worksheet>"
    )


def not_a_zip() -> bytes:
    return b"Ho va ten;Ngay sinh\n" * 50


def truncated_zip() -> bytes:
    return huge_dimension()[:-30]


def many_parts() -> bytes:
    return zip_of([deflated(f"xl/media/p{i}.xml", "<a/>") for i in range(5_000)])


def odd_names() -> bytes:
    return xlsx_of(sheet_xml(HEADER), extra=[deflated("../../etc/cron.d/x.xml", "<a/>")])


def ods_repeated() -> bytes:
    """An .ods whose one valued cell is repeated over 1.048.576 rows and 16.384 columns."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
        '<table:table table:name="Đảng viên"><table:table-row table:number-rows-repeated="1048576">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row></table:table>"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    return zip_of(
        [
            ("mimetype", *_stored(b"application/vnd.oasis.opendocument.spreadsheet")),
            deflated("content.xml", content),
        ]
    )


def _stored(data: bytes) -> tuple[bytes, int, int]:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(), zlib.crc32(data), len(data)


# --- old Excel (.xls): BIFF8 records in an OLE compound file, written by hand -------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def _record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def biff8(dimensions: tuple[int, int, int, int], cells: Iterable[tuple[int, int, float]]) -> bytes:
    """A workbook stream of one sheet "Đảng viên": its DIMENSIONS record (first row, last row + 1,
    first column, last column + 1, as declared) and NUMBER cells (row, column, value)."""
    bof = struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x06)
    name = "Đảng viên".encode("utf-16-le")
    sheet_bof = struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 0x06)
    body = _record(0x0809, sheet_bof) + _record(0x0200, struct.pack("<IIHHH", *dimensions, 0))
    for row, col, value in cells:
        body += _record(0x0203, struct.pack("<HHHd", row, col, 0, value))
    body += _record(0x000A, b"")

    def globals_(sheet_at: int) -> bytes:
        boundsheet = struct.pack("<IHBB", sheet_at, 0, len("Đảng viên"), 1) + name
        return (
            _record(0x0809, bof)
            + _record(0x0042, struct.pack("<H", 1200))
            + _record(0x0085, boundsheet)
            + _record(0x000A, b"")
        )

    head = globals_(0)
    return globals_(len(head)) + body


def ole(stream: bytes, name: str = "Workbook") -> bytes:
    """An OLE compound file (version 3, 512-byte sectors) holding one stream, padded to 4.096 bytes
    so that it lives in ordinary sectors: sector 0 the FAT, 1 the directory, 2… the stream."""
    stream = stream + b"\x00" * max(0, 4096 - len(stream))
    sectors = -(-len(stream) // 512)
    fat = [_FAT, _END, *range(3, 2 + sectors), _END]
    fat += [_FREE] * (128 - len(fat))
    header = (
        _OLE_MAGIC
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", _FREE) * 108
    )

    def entry(title: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (title + "\x00").encode("utf-16-le") if title else b""
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", _FREE, _FREE, child)
            + b"\x00" * 16
            + b"\x00" * 4
            + b"\x00" * 16
            + struct.pack("<IQ", start, size)
        )

    directory = (
        entry("Root Entry", 5, 1, _END, 0)
        + entry(name, 2, _FREE, 2, len(stream))
        + entry("", 0, _FREE, 0, 0) * 2
    )
    assert len(header) == 512 and len(directory) == 512
    fat_sector = b"".join(struct.pack("<I", x) for x in fat)
    return header + fat_sector + directory + stream.ljust(sectors * 512, b"\x00")


def xls_plain() -> bytes:
    """An ordinary .xls: a header-less sheet of three numbers (calamine reads it)."""
    return ole(biff8((0, 2, 0, 2), [(0, 0, 1.0), (0, 1, 2.0), (1, 0, 3.0)]))


def xls_huge_dimension() -> bytes:
    """DIMENSIONS declaring 4.294.967.295 rows and 65.535 columns (calamine reserves the grid)."""
    return ole(biff8((0, 0xFFFFFFFF, 0, 0xFFFF), [(0, 0, 1.0)]))


def xls_far_cell() -> bytes:
    """A cell at row 65.536, column 65.536 (BIFF8 keeps 16 bits for each: calamine builds the
    4.294.967.296-cell grid from the farthest cell)."""
    return ole(biff8((0, 1, 0, 1), [(0, 0, 1.0), (0xFFFF, 0xFFFF, 2.0)]))


def xls_not_ole() -> bytes:
    """Not a workbook, whatever its name says."""
    return b"<html><body><table><tr><td>Nguyen Van A</td></tr></table></body></html>" * 20


def xls_truncated() -> bytes:
    return xls_plain()[:1500]


HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    # name: (builder, what the refusal must say)
    "huge_dimension": (huge_dimension, "vượt giới hạn 200.000 dòng"),
    "far_coordinate": (far_coordinate, "vượt giới hạn 200 cột"),
    "far_row": (far_row, "vượt giới hạn 200.000 dòng"),
    "prefixed_far_cell": (prefixed_far_cell, "vượt giới hạn 200 cột"),
    "late_far_cell": (late_far_cell, "vượt giới hạn 200 cột"),
    "sheet_by_another_name": (sheet_by_another_name, "vượt giới hạn 200.000 dòng"),
    "cells_without_references": (cells_without_references, "vượt giới hạn 200 cột"),
    "shared_strings_bomb": (shared_strings_bomb, "vượt giới hạn 100 lần"),
    "lying_zip": (lying_zip, "không giải nén được"),
    "zip_bomb_part": (zip_bomb_part, "vượt giới hạn 100 lần"),
    "declared_strings": (declared_strings, "vượt giới hạn 1.000.000"),
    "many_strings": (many_strings, "vượt giới hạn 1.000.000"),
    "million_rows": (million_rows, "vượt giới hạn 200.000 dòng"),
    "malformed_xml": (malformed_xml, "không phải XML hợp lệ"),
    "billion_laughs": (billion_laughs, "DTD"),
    "external_entity": (external_entity, "DTD"),
    "not_a_zip": (not_a_zip, "không phải tệp Excel"),
    "truncated_zip": (truncated_zip, "không phải tệp Excel"),
    "many_parts": (many_parts, "quá nhiều phần"),
    "odd_names": (odd_names, "tên bất thường"),
    "ods_repeated": (ods_repeated, "vượt giới hạn 200.000 dòng"),
    # old Excel (.xls): refused whatever it holds (calamine would allocate 11 PB, or 137 GB, or panic)
    "xls_huge_dimension": (xls_huge_dimension, "Không nhận tệp Excel 97–2003 (.xls)"),
    "xls_far_cell": (xls_far_cell, "Không nhận tệp Excel 97–2003 (.xls)"),
    "xls_truncated": (xls_truncated, "Không nhận tệp Excel 97–2003 (.xls)"),
    "xls_plain": (xls_plain, "hãy mở tệp bằng Excel hoặc LibreOffice"),
    "xls_not_ole": (xls_not_ole, "không phải tệp Excel"),
}
