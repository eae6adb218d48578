"""A workbook inspected before it is read: nothing is decompressed beyond the caps and no grid is built.

calamine builds a dense grid from a sheet's declared size and its farthest cell, and keeps every
shared string: a 1,7 KB file declaring A1:XFD1048576 asks it for 549 GB. So before calamine sees a
file, the zip's directory (members, sizes, compression ratios, names) is checked, and every XML part
is streamed through expat, refusing any DTD or entity, to find each sheet's declared dimension, every
cell's coordinate (rows and cells without a reference counted as calamine places them) and the number
of shared strings. The tags are read from the text beside expat (far faster than its callbacks), as
calamine reads them: elements by their local names, attributes by their bare names; a part holding
a comment, CDATA or a processing instruction, whose text may look like tags, is read again through
expat's elements. An .ods's content.xml is read through expat's elements as calamine reads it (by the
names as written, a table to its first end), and the text that its repeats copy into many cells is
counted. calamine copies a shared string into every cell naming it (t="s"): each string's length is
taken as the bytes of its element, and the cells met times the longest bounds the text so made; past
the cap (max_uncompressed), the text the cells name is counted cell by cell. What passes bounds the memory of the read by the caps; what fails is refused with
a Vietnamese message stating the limit. Pure Python, no Django.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import IO
from xml.parsers import expat

from dangbo.core.text import format_number as n

MB = 1024 * 1024
CHUNK = 64 * 1024
_RATIO_FLOOR = MB  # parts smaller than this may compress as well as they like
_ENTRY_BYTES = 46 + 512  # a central directory entry with a long name and extra field
_REF = re.compile(r"^\$?([A-Za-z]{1,7})\$?([0-9]{1,10})$")
# a tag whose values may hold ">"; and the tags the scan of a sheet needs, whatever their prefix
_WHOLE_TAG = re.compile(rb"<[^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*>")
_TAGS = re.compile(
    rb"<(?:[A-Za-z_][\w.\-]*:)?(c|row|dimension|si|sst|worksheet|chartsheet|dialogsheet)(?=[\s/>])"
    rb"((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
)
# every attribute of a tag in turn (so a value is never read as attributes: t=' r="A1"'), its name whole:
# calamine reads r, ref, count and uniqueCount without a prefix only (x:r="A1" is another attribute)
_ATTR = re.compile(rb"([^\s=\"'/>]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_NAMES = frozenset((b"r", b"ref", b"count", b"uniqueCount"))
# the usual cell (Excel, LibreOffice, openpyxl): no prefix, its reference first; anything else goes the slow way
_FAST_CELL = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"')
_CELL_MARKS = (b"<c ", b"<c>", b"<c/", b"<c\t", b"<c\n", b"<c\r")
_SLOW_MARKS = (
    b":c ",
    b":c>",
    b":c/",
    b":c\t",
    b":c\n",
    b":c\r",
    b":si",
    b":row",
    b"dimension",
    b"sst",
)
# the root of a sheet part (worksheet, chartsheet, dialogsheet, any prefix): sought until the part has
# its grid (one per part, calamine reads on through another such element nested in it)
_SHEET_MARKS = (b"sheet ", b"sheet>", b"sheet/", b"sheet\t", b"sheet\n", b"sheet\r")
# the marks with a prefix by their first two bytes (the six of a cell share ":c"): one search per group
_PREFIXED_MARKS = tuple(
    (marks[0] if len(marks) == 1 else head, marks)
    for head in dict.fromkeys(mark[:2] for mark in _SLOW_MARKS if b":" in mark)
    for marks in [tuple(mark for mark in _SLOW_MARKS if mark.startswith(head))]
)
_SI_MARKS = (b"<si>", b"<si ", b"<si/", b"<si\t", b"<si\n", b"<si\r")
# a row the fast scan cannot follow: without r (it moves the row by one), or r not first or not a number
_ODD_ROW = re.compile(rb'<row(?! r="[0-9]{1,10}"[\s/>])')
_ROW_REF = re.compile(rb'<row r="([0-9]{1,10})"')
# the start of a shared string (any prefix), and a cell's start tag and a value (any prefix) for the exact
# count of the shared-string text a sheet makes calamine copy
_SI_START = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?si(?=[\s/>])")
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?c(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
# the usual cell naming a shared string (Excel, openpyxl), whole; and any bare attribute t, written any way
_FAST_SHARED = re.compile(rb'<c r="[A-Z]{1,3}[0-9]{1,7}"(?: s="[0-9]{1,6}")? t="s"><v>([0-9]{1,9})</v></c>')
_T_ATTR = re.compile(rb"t(?<=\st)\s*=")  # "t" first: searched for as a literal, twice as fast
_CELL_END = re.compile(rb"</(?:[A-Za-z_][\w.\-]*:)?c\s*>")
_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?v(?=[\s/>])(?:[^>\"']|\"[^\"]*\"|'[^']*')*>([^<]*)")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class WorkbookError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


NOT_A_WORKBOOK = "Không đọc được tệp: không phải tệp Excel (.xlsx) hoặc .ods hợp lệ."
# An old Excel file (.xls, BIFF in an OLE compound file) is refused, whatever its name: calamine trusts
# its declared dimensions and 16-bit cell coordinates and allocates the grid they span (a 4 KB file
# asks for 137 GB and the process aborts), and a truncated one makes it panic; inspecting BIFF and the
# OLE container before calamine would be a second reader to keep safe. Saving as .xlsx takes a minute.
OLD_EXCEL = (
    "Không nhận tệp Excel 97–2003 (.xls): hãy mở tệp bằng Excel hoặc LibreOffice, chọn “Lưu thành” "
    "(Save As) định dạng Excel Workbook (.xlsx) rồi tải lên tệp .xlsx."
)
# a password-protected .xlsx is an OLE file holding the encrypted package
ENCRYPTED = "Tệp Excel được đặt mật khẩu: hãy bỏ mật khẩu, lưu lại dạng .xlsx rồi tải lên."
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


@dataclass(frozen=True)
class Limits:
    """The caps of one import (config/settings.py DANGBO_IMPORT_MAX_*)."""

    max_rows: int = 200_000  # rows of one sheet, counted to its last row
    max_columns: int = 200  # columns of one sheet, counted to its last column
    max_cells: int = 5_000_000  # cells of the grids of all sheets (rows x columns, blanks included)
    max_shared_strings: int = 1_000_000
    max_uncompressed: int = 256 * MB  # of the whole zip
    max_ratio: int = 100  # uncompressed / compressed size of one part (of 1 MB or more)
    max_members: int = 1_000  # parts in the zip


@dataclass
class _Sheet:
    label: str
    rows: int = 0
    columns: int = 0


@dataclass
class Inspection:
    """What the inspection found (for the tests and the messages)."""

    sheets: list[_Sheet] = field(default_factory=list)
    shared_strings: int = 0
    uncompressed: int = 0
    # the shared strings' lengths in bytes (each an upper bound of its text: the bytes from its <si> to the
    # next), the longest, the cells met so far in the parts, and (once counted exactly) the text that the
    # sheets' shared-string cells make calamine copy
    string_lengths: array[int] = field(default_factory=lambda: array("I"))
    longest_string: int = 0
    cells_met: int = 0
    exact_strings: bool = False
    string_text: int = 0

    @property
    def cells(self) -> int:
        return sum(s.rows * s.columns for s in self.sheets)


def column_number(letters: str) -> int:
    """A -> 1, Z -> 26, AA -> 27."""
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def _letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def inspect_workbook(data: bytes, limits: Limits, passed: Callable[[str], None] | None = None) -> Inspection:
    """Refuse (WorkbookError) a file that is no workbook or passes a cap; else what it holds.

    `passed(name)` (.xlsx): called with a sheet's name as soon as that sheet has passed, every part
    but the sheets inspected before the first (so calamine may read it, whatever the inspection of
    the next sheets finds: it is bounded by the caps); a later refusal still raises."""
    if data.startswith(_OLE):
        raise WorkbookError(ENCRYPTED if _ENCRYPTED_PACKAGE in data[: 1 << 20] else OLD_EXCEL)
    if not data.startswith(_ZIP):
        raise WorkbookError(NOT_A_WORKBOOK)
    _check_central_directory(data, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise WorkbookError(NOT_A_WORKBOOK) from None
    _check_directory(infos, limits)
    names = {info.filename for info in infos}
    inspection = Inspection(uncompressed=sum(info.file_size for info in infos))
    budget = _Budget(limits.max_uncompressed)
    if "xl/workbook.xml" in names:
        _inspect_xlsx(archive, infos, limits, inspection, budget, passed)
    elif "content.xml" in names:
        _inspect_ods(archive, infos, limits, inspection, budget)
    else:
        raise WorkbookError(NOT_A_WORKBOOK + " (Định dạng .xlsb và các tệp nén khác không được nhận.)")
    return inspection


def _check_central_directory(data: bytes, limits: Limits) -> None:
    """The central directory's size, read from its end record before zipfile builds an object per
    entry (a 60 MB file of entries would be a million of them)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65_535))
    if end < 0 or end + 22 > len(data):
        raise WorkbookError(NOT_A_WORKBOOK)
    entries, size = struct.unpack_from("<HI", data, end + 10)
    if entries > limits.max_members or size > limits.max_members * _ENTRY_BYTES:
        raise WorkbookError(
            f"Tệp gồm quá nhiều phần (hơn {n(limits.max_members)} phần, giới hạn của một tệp Excel); "
            "có thể là tệp độc hại."
        )


def _check_directory(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_members:
        raise WorkbookError(
            f"Tệp gồm {n(len(infos))} phần, vượt giới hạn {n(limits.max_members)} phần của một tệp Excel; "
            "có thể là tệp độc hại."
        )
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        normal = posixpath.normpath(name)
        if (
            not name
            or name.startswith("/")
            or "\\" in name
            or "\x00" in name
            or ".." in normal.split("/")
            or name.lower() in seen
        ):
            raise WorkbookError(
                f"Tệp Excel có phần mang tên bất thường (“{name[:80]}”); có thể là tệp độc hại."
            )
        seen.add(name.lower())
        if info.flag_bits & 0x1:
            raise WorkbookError("Tệp có phần được mã hóa (đặt mật khẩu): hãy bỏ mật khẩu rồi tải lên lại.")
        total += info.file_size
        if info.file_size >= _RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise WorkbookError(
                f"Tệp nén bất thường: phần “{name[:80]}” giải nén ra gấp "
                f"{n(info.file_size // max(info.compress_size, 1))} lần, vượt giới hạn {n(limits.max_ratio)} lần; "
                "có thể là tệp độc hại."
            )
    if total > limits.max_uncompressed:
        raise WorkbookError(_too_big(total, limits))


def _too_big(size: int, limits: Limits) -> str:
    return (
        f"Tệp giải nén ra hơn {n(size / MB, 1) if size < 10 * MB else n(size // MB)} MB, vượt giới hạn "
        f"{n(limits.max_uncompressed // MB)} MB của một lần nhập."
    )


class _Budget:
    """The bytes really decompressed, whatever the directory says."""

    def __init__(self, limit: int) -> None:
        self.left = limit
        self.limit = limit

    def take(self, size: int, limits: Limits) -> None:
        self.left -= size
        if self.left < 0:
            raise WorkbookError(_too_big(self.limit - self.left, limits))


def _parse(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    budget: _Budget,
    limits: Limits,
    start: Callable[[str, dict[str, str]], None] | None = None,
    tags: Callable[[bytes], None] | None = None,
    setup: Callable[[expat.XMLParserType], None] | None = None,
    bind: Callable[[expat.XMLParserType], None] | None = None,
) -> None:
    """Stream one XML part through expat (namespaces as "uri}local"), refusing DTDs and entities;
    `start` gets each element from expat, `tags` the text of whole tags only (a tag is never cut);
    `setup` sets the handlers of a parser that gives the names as written (prefix:local); `bind` is
    given the parser (for its byte positions)."""
    parser = expat.ParserCreate() if setup is not None else expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    name = info.filename

    def refuse(*_: object) -> None:
        raise WorkbookError(
            f"Tệp chứa khai báo DTD hoặc thực thể XML (phần “{name[:80]}”), điều tệp Excel không có; "
            "có thể là tệp độc hại."
        )

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    if start is not None:
        parser.StartElementHandler = start
    if bind is not None:
        bind(parser)
    if setup is not None:
        setup(parser)
    if tags is not None:
        parser.CommentHandler = parser.ProcessingInstructionHandler = _hidden
        parser.StartCdataSectionHandler = _hidden
    try:
        with archive.open(info) as stream:
            _feed(parser, stream, budget, limits, tags)
    except WorkbookError:
        raise
    except expat.ExpatError as error:
        raise WorkbookError(
            f"Tệp Excel bị hỏng: phần “{name[:80]}” không phải XML hợp lệ "
            f"(dòng {n(error.lineno)}: {expat.ErrorString(error.code)})."
        ) from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError, NotImplementedError):
        raise WorkbookError(f"Tệp Excel bị hỏng: không giải nén được phần “{name[:80]}”.") from None


def _feed(
    parser: expat.XMLParserType,
    stream: IO[bytes],
    budget: _Budget,
    limits: Limits,
    tags: Callable[[bytes], None] | None,
) -> None:
    carry = b""
    while chunk := stream.read(CHUNK):
        budget.take(len(chunk), limits)
        parser.Parse(chunk, False)
        if tags is None:
            continue
        text = carry + chunk
        last = text.rfind(b"<")  # "<" never appears inside a tag (expat refuses it in a value)
        if last >= 0 and _WHOLE_TAG.match(text, last) is None:
            text, carry = text[:last], text[last:]
            if len(carry) > MB:
                raise WorkbookError("Tệp Excel bất thường: một thẻ XML dài hơn 1 MB; có thể là tệp độc hại.")
        else:
            carry = b""
        tags(text)
    parser.Parse(b"", True)


class _Hidden(Exception):
    """A comment, CDATA section or processing instruction: text holding "<" that is not a tag, which
    the tag scan would read as tags (<!-- <row r="1"> --> moves no row for calamine)."""


def _hidden(*_: object) -> None:
    raise _Hidden


class _Recount(Exception):
    """The cells met so far times the longest shared string passed the cap: the shared-string text
    of the sheets is counted exactly from then on, the sheets already read counted again."""


def _local(name: str) -> tuple[str, str]:
    ns, _, local = name.rpartition("}")
    return ns, local


# --- xlsx ------------------------------------------------------------------------------------------


def _sheet_labels(
    archive: zipfile.ZipFile, names: set[str], budget: _Budget, limits: Limits
) -> tuple[dict[str, str], set[str]]:
    """Worksheet part -> the sheet's name as the user knows it (from workbook.xml and its rels), and
    every part the workbook's relationships name (read by calamine whatever its extension)."""
    sheets: dict[str, str] = {}  # relationship id -> sheet name
    targets: dict[str, str] = {}  # relationship id -> part

    def on_sheet(name: str, attrs: dict[str, str]) -> None:
        if _local(name)[1] == "sheet":
            rid = attrs.get(f"{_REL}}}id") or attrs.get("r:id")
            if rid:
                sheets[rid] = attrs.get("name", "")

    def on_rel(name: str, attrs: dict[str, str]) -> None:
        if _local(name)[1] == "Relationship" and attrs.get("Id"):
            target = attrs.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            targets[attrs["Id"]] = part

    _parse(archive, archive.getinfo("xl/workbook.xml"), budget, limits, on_sheet)
    if "xl/_rels/workbook.xml.rels" in names:
        _parse(archive, archive.getinfo("xl/_rels/workbook.xml.rels"), budget, limits, on_rel)
    labels = {targets[rid]: label for rid, label in sheets.items() if rid in targets}
    return labels, set(targets.values())


def _inspect_xlsx(
    archive: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    limits: Limits,
    inspection: Inspection,
    budget: _Budget,
    passed: Callable[[str], None] | None = None,
) -> None:
    names = {info.filename for info in infos}
    labels, related = _sheet_labels(archive, names, budget, limits)
    parts = [
        info
        for info in infos
        if info.filename not in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")
        and (info.filename in related or info.filename.lower().endswith((".xml", ".rels", ".vml")))
    ]
    # the sheets last (in the zip's order): the shared strings, styles and the rest that calamine
    # reads with any sheet have then passed when a sheet has
    parts.sort(key=lambda info: info.filename in labels)
    done: list[zipfile.ZipInfo] = []
    for info in parts:
        label = labels.get(info.filename, info.filename)
        sheets, left = len(inspection.sheets), budget.left
        try:
            _scan_xlsx_part(archive, info, label, limits, inspection, budget)
        except _Recount:
            del inspection.sheets[sheets:]
            budget.left = left
            _recount(archive, done, labels, limits, inspection, budget)
            _scan_xlsx_part(archive, info, label, limits, inspection, budget)
        if info.filename in labels:
            done.append(info)
        if passed is not None and info.filename in labels:
            passed(label)


def _scan_xlsx_part(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    label: str,
    limits: Limits,
    inspection: Inspection,
    budget: _Budget,
) -> None:
    scan = _XlsxPart(label, limits, inspection)
    sheets, left, text = len(inspection.sheets), budget.left, inspection.string_text
    try:
        _parse(archive, info, budget, limits, tags=scan.tags)
    except _Hidden:  # read again, each element as expat reports it (its bytes counted once)
        del inspection.sheets[sheets:]
        budget.left = left
        inspection.string_text = text
        scan = _XlsxPart(label, limits, inspection)
        _parse(archive, info, budget, limits, start=scan.element, bind=scan.bind)
    scan.close(info.file_size)


def _recount(
    archive: zipfile.ZipFile,
    done: list[zipfile.ZipInfo],
    labels: dict[str, str],
    limits: Limits,
    inspection: Inspection,
    budget: _Budget,
) -> None:
    """From now on the shared-string text is counted exactly: the sheets already read are read again
    for it alone (their bytes counted once, their grids already in the inspection)."""
    inspection.exact_strings = True
    inspection.string_text = 0
    for info in done:
        scratch = Inspection(
            string_lengths=inspection.string_lengths,
            longest_string=inspection.longest_string,
            exact_strings=True,
            string_text=inspection.string_text,
        )
        left = budget.left
        _scan_xlsx_part(archive, info, labels[info.filename], limits, scratch, budget)
        budget.left = left
        inspection.string_text = scratch.string_text


def _needs_full_scan(text: bytes) -> bool:
    """Whether any of _SLOW_MARKS is in the piece: the marks with a prefix all hold a ":", found by
    memchr when there is none (and Excel's rows hold one: spans="1:14" x14ac:dyDescent="0.25"), then
    sought by group; three to six short searches of the piece rather than twelve."""
    if b":" in text and any(
        head in text and any(mark in text for mark in marks) for head, marks in _PREFIXED_MARKS
    ):
        return True
    return b"dimension" in text or b"sst" in text


def _only_cells(text: bytes, cells: int) -> bool:
    """Whether the piece holds no element <c but the `cells` that _FAST_CELL found in it (the count
    of _CELL_MARKS is `cells`). Each of those is one of the marks, and every mark begins with "<c":
    when "<c" itself is found just `cells` times the marks are too (one search of the piece rather
    than six); else they are counted one by one (a piece with <col>, <cfRule>, …)."""
    if text.count(b"<c") == cells:
        return True
    return sum(text.count(mark) for mark in _CELL_MARKS) == cells


class _XlsxPart:
    """Any XML part: a worksheet's rows and cells, the shared strings' count."""

    def __init__(self, label: str, limits: Limits, inspection: Inspection) -> None:
        self.label = label
        self.limits = limits
        self.inspection = inspection
        self.sheet: _Sheet | None = None
        self.row = 0
        self.column = 0
        self.strings = 0
        self.cells = 0  # the cells met (for the bound of the shared-string text they name)
        self.exact = inspection.exact_strings  # the text counted cell by cell
        self.pending = False  # a cell naming a shared string whose value may be in the next piece
        self.offset = 0  # of the piece in the part
        self.si_at = -1  # where the last shared string met starts
        self.lengths = array("I")  # of the shared strings met, but the last
        self.parser: expat.XMLParserType | None = None

    def bind(self, parser: expat.XMLParserType) -> None:
        self.parser = parser

    def tags(self, text: bytes) -> None:
        """The tags of a piece of the part (expat checks the XML itself). calamine finds elements by
        their local names whatever the prefix, and so does the full scan (`_slow`); the usual piece,
        every cell written `<c r="A1"…` and every row `<row r="1"…` as Excel writes them, is measured
        at C speed instead (`_fast`), to the same answer."""
        strings = self.strings
        if (
            _needs_full_scan(text)
            or (self.sheet is None and b"sheet" in text and any(mark in text for mark in _SHEET_MARKS))
            or not self._fast(text)
        ):
            self._slow(text)
        if self.strings != strings:  # the piece holds shared strings: their lengths (else no search)
            self._measure(text)
        self.offset += len(text)
        if self.exact:
            self._count(text)
        elif (
            self.inspection.cells_met + self.cells
        ) * self.inspection.longest_string > self.limits.max_uncompressed:
            raise _Recount

    def _measure(self, text: bytes) -> None:
        """The length of each shared string, as the bytes from its start to the next one's."""
        offset, lengths = self.offset, self.lengths
        for match in _SI_START.finditer(text):
            at = offset + match.start()
            if self.si_at >= 0:
                lengths.append(min(at - self.si_at, 0xFFFFFFFF))
            self.si_at = at

    def _count(self, text: bytes) -> None:
        """The text of the shared strings the piece's cells name (t="s", as calamine reads it: the bare
        attribute, any quoting), from their values; a value that may be cut or hold a reference counts
        as the longest string, an index out of range as nothing (calamine gives no text). The usual
        piece, each attribute t written as Excel writes it and every t="s" in a usual cell, is counted
        at C speed (the cell a piece cuts read the full way, the one the last piece cut too)."""
        start, total = 0, 0
        if self.pending:  # the values of the cell the last piece left open: to the next cell's tag
            first = _CELL_TAG.search(text)
            start = len(text) if first is None else first.start()
            total = self._values(text, 0, start)
            self.pending = first is None and _CELL_END.search(text) is None
        cut = text.rfind(b"<c ")  # the last cell: maybe cut, read the full way
        if cut > start and not self.pending:
            # every attribute t written ` t="…"`, and each naming a shared string in a usual cell
            indices = _FAST_SHARED.findall(text, start, cut)
            if text.count(b' t="s"', start, cut) == len(indices) and text.count(b' t="', start, cut) == len(
                _T_ATTR.findall(text, start, cut)
            ):
                try:
                    total += sum(map(self.inspection.string_lengths.__getitem__, map(int, indices)))
                except IndexError:  # an index out of range: the full count
                    pass
                else:
                    start = cut
        pending, at = self.pending, start
        for match in _CELL_TAG.finditer(text, start):
            if pending:
                total += self._values(text, at, match.start())
            raw = match.group(1)
            pending = not raw.endswith(b"/") and _names_shared_string(raw)
            at = match.end()
        if pending:
            total += self._values(text, at, len(text))
        # the last cell's values are all in the piece once it is closed in it
        self.pending = pending and _CELL_END.search(text, at) is None
        self._add_text(total)

    def _values(self, text: bytes, start: int, end: int) -> int:
        lengths, longest, total = self.inspection.string_lengths, self.inspection.longest_string, 0
        for match in _VALUE.finditer(text, start, end):
            value = match.group(1).strip()
            if match.end() >= end or b"&" in value:
                total += longest
            elif value.isdigit() and len(value.lstrip(b"0")) <= 10:
                index = int(value)
                total += lengths[index] if index < len(lengths) else 0
        return total

    def _add_text(self, size: int) -> None:
        inspection = self.inspection
        inspection.string_text += size
        if inspection.string_text > self.limits.max_uncompressed:
            raise WorkbookError(
                f"Tệp có các ô trỏ tới chuỗi văn bản dùng chung, chép ra thành hơn "
                f"{n(inspection.string_text // MB)} MB văn bản, vượt giới hạn "
                f"{n(self.limits.max_uncompressed // MB)} MB của một lần nhập; có thể là tệp độc hại."
            )

    def _fast(self, text: bytes) -> bool:
        """The piece measured with a regular expression and a set of its columns and rows, leaving
        the row and column where the full scan would; False, nothing done, if it takes the full scan:
        a cell or row written otherwise, or a cap passed (the full scan names the first cell past it)."""
        pairs = _FAST_CELL.findall(text)
        if not _only_cells(text, len(pairs)) or _ODD_ROW.search(text) is not None:
            return False
        strings = self.strings + (sum(map(text.count, _SI_MARKS)) if b"<si" in text else 0)
        if strings > self.limits.max_shared_strings:
            return False
        if pairs:
            widest = max(set(map(itemgetter(0), pairs)), key=lambda c: (len(c), c)).decode()
            row, column = max(map(int, set(map(itemgetter(1), pairs)))), column_number(widest)
            if row > self.limits.max_rows or column > self.limits.max_columns:
                return False
            self._cell(row, column)
            self.cells += len(pairs)
        self.strings = strings
        row_at = text.rfind(b"<row ")
        if pairs and text.rfind(b'<c r="') > row_at:  # the last cell moved the row
            self.row, self.column = int(pairs[-1][1]), column_number(pairs[-1][0].decode())
        elif row_at >= 0:
            match = _ROW_REF.match(text, row_at)
            assert match is not None  # every row is `<row r="…"` here
            self.row, self.column = int(match[1]), 0
        return True

    def _slow(self, text: bytes) -> None:
        start = self.start
        for match in _TAGS.finditer(text):
            raw = match.group(2)
            attrs: dict[str, str] = {}
            if raw:
                for attr in _ATTR.finditer(raw):
                    if attr.group(1) in _NAMES:
                        value = attr.group(2) if attr.group(2) is not None else attr.group(3)
                        attrs[attr.group(1).decode()] = value.decode("utf-8", "replace")
            start(match.group(1).decode(), attrs)

    def element(self, name: str, attrs: dict[str, str]) -> None:
        """An element as expat reports it: its attributes without a prefix keep their bare names."""
        self.start(_local(name)[1], attrs)

    def start(self, local: str, attrs: dict[str, str]) -> None:
        if local == "c":
            self.cells += 1
            if self.exact and self.parser is not None and attrs.get("t") == "s":
                self._add_text(self.inspection.longest_string)  # its value not read here: the longest
            ref = attrs.get("r")
            if ref:
                row, column = self._ref(ref)
                self.row = row  # a reference in a row without one moves the row (as calamine reads it)
            else:
                row, column = self.row, self.column + 1
            self.column = column
            self._cell(row, column)
        elif local == "row":
            ref = attrs.get("r")
            if ref is not None:
                if not ref.isdigit() or len(ref) > 10:
                    self._bad(ref)
                self.row = int(ref)
            else:
                self.row += 1
            self.column = 0
        elif local == "si":
            if self.parser is not None:  # read through expat: its position from it
                at = self.parser.CurrentByteIndex
                if self.si_at >= 0:
                    self.lengths.append(min(at - self.si_at, 0xFFFFFFFF))
                self.si_at = at
            self.strings += 1
            if self.strings > self.limits.max_shared_strings:
                self._too_many_strings(self.strings)
        elif local == "sst":
            for key in ("count", "uniqueCount"):
                declared = attrs.get(key, "0")
                if not declared.isdigit() or len(declared) > 10:
                    self._bad(declared)
                if key == "uniqueCount" and int(declared) > self.limits.max_shared_strings:
                    self._too_many_strings(int(declared))
        elif local == "dimension":
            self._dimension(attrs.get("ref", ""))
        elif local in ("worksheet", "chartsheet", "dialogsheet") and self.sheet is None:
            # one grid per part: calamine reads on through another such element nested in it
            self.sheet = _Sheet(self.label)
            self.inspection.sheets.append(self.sheet)

    def _ref(self, ref: str) -> tuple[int, int]:
        match = _REF.match(ref)
        if match is None:
            self._bad(ref)
        assert match is not None
        return int(match.group(2)), column_number(match.group(1))

    def _bad(self, value: str) -> None:
        raise WorkbookError(
            f"Sheet “{self.label}”: địa chỉ ô “{value[:40]}” không hợp lệ; tệp Excel bị hỏng."
        )

    def _cell(self, row: int, column: int) -> None:
        sheet = self.sheet
        if sheet is None:
            sheet = self.sheet = _Sheet(self.label)
            self.inspection.sheets.append(sheet)
        if row > sheet.rows:
            if row > self.limits.max_rows:
                raise WorkbookError(
                    f"Sheet “{self.label}” có dữ liệu ở dòng {n(row)}, vượt giới hạn "
                    f"{n(self.limits.max_rows)} dòng của một lần nhập; hãy chia tệp thành nhiều tệp nhỏ hơn."
                )
            sheet.rows = row
        if column > sheet.columns:
            if column > self.limits.max_columns:
                raise WorkbookError(
                    f"Sheet “{self.label}” có dữ liệu ở cột {_letters(column)} (cột thứ {n(column)}), vượt giới "
                    f"hạn {n(self.limits.max_columns)} cột của một lần nhập."
                )
            sheet.columns = column

    def _dimension(self, ref: str) -> None:
        parts = ref.split(":")
        if not ref or len(parts) > 2:
            self._bad(ref)
        rows, columns = zip(*(self._ref(part) for part in parts), strict=True)
        last_row, last_column = max(rows), max(columns)
        if last_row > self.limits.max_rows or last_column > self.limits.max_columns:
            raise WorkbookError(
                f"Sheet “{self.label}” khai báo vùng dữ liệu {ref[:40]} ({n(last_row)} dòng, {n(last_column)} cột), "
                f"vượt giới hạn {n(self.limits.max_rows)} dòng và {n(self.limits.max_columns)} cột "
                "của một lần nhập."
            )
        self._cell(last_row, last_column)

    def _too_many_strings(self, count: int) -> None:
        raise WorkbookError(
            f"Tệp có {n(count)} chuỗi văn bản dùng chung, vượt giới hạn {n(self.limits.max_shared_strings)} "
            "của một lần nhập."
        )

    def close(self, size: int = 0) -> None:
        """`size`: the part's, the end of its last shared string."""
        inspection = self.inspection
        if self.si_at >= 0:
            self.lengths.append(min(max(size - self.si_at, 0), 0xFFFFFFFF))
        if self.lengths:  # by index, the longer of the parts' strings (calamine reads one such part)
            have, mine = inspection.string_lengths, self.lengths
            for index in range(min(len(have), len(mine))):
                have[index] = max(have[index], mine[index])
            have.extend(mine[len(have) :])
            inspection.longest_string = max(inspection.longest_string, max(mine))
        if (
            not self.exact
            and (inspection.cells_met + self.cells) * inspection.longest_string > self.limits.max_uncompressed
        ):
            raise _Recount
        inspection.cells_met += self.cells
        inspection.shared_strings += self.strings
        _check_cells(inspection, self.limits)


def _names_shared_string(raw: bytes) -> bool:
    """Whether a cell's attributes make it name a shared string: t="s", the bare name (x:t is another)."""
    for attr in _ATTR.finditer(raw):
        if attr.group(1) == b"t":
            return (attr.group(2) if attr.group(2) is not None else attr.group(3)) == b"s"
    return False


def _check_cells(inspection: Inspection, limits: Limits) -> None:
    if inspection.cells > limits.max_cells:
        raise WorkbookError(
            f"Tệp có {n(inspection.cells)} ô (tính cả ô trống trong vùng dữ liệu của các sheet), vượt giới hạn "
            f"{n(limits.max_cells)} ô của một lần nhập; hãy chia tệp thành nhiều tệp nhỏ hơn."
        )


# --- ods -------------------------------------------------------------------------------------------

# calamine reads content.xml by the names as written, whatever namespace a prefix is bound to
_CELLS = ("table:table-cell", "table:covered-table-cell")
# any of these gives a cell a value (office:value-type or not); a string without one is its text
_VALUES = frozenset(
    ("office:value", "office:string-value", "office:date-value", "office:time-value", "office:boolean-value")
)
_TEXTS = frozenset(("office:string-value", "office:date-value", "office:time-value", "table:formula"))
_NESTED = frozenset(("table:table", "table:table-row", *_CELLS))
_COUNT = re.compile(r"[0-9]{1,20}")
_OUTSIDE, _IN_TABLE, _IN_ROW, _IN_CELL, _IN_TEXT, _IN_NOTE = range(6)


def _inspect_ods(
    archive: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    limits: Limits,
    inspection: Inspection,
    budget: _Budget,
) -> None:
    for info in infos:
        # LibreOffice writes an empty Configurations2/accelerator/current.xml: no XML, and a part calamine
        # never reads (the two it reads are parsed whatever size they declare)
        if info.filename.lower().endswith((".xml", ".rdf")) and (
            info.file_size or info.filename in ("content.xml", "META-INF/manifest.xml")
        ):
            if info.filename == "content.xml":
                scan = _OdsPart(limits, inspection)
                _parse(archive, info, budget, limits, setup=scan.setup)
                scan.close()
            else:
                _parse(archive, info, budget, limits)


class _OdsPart:
    """content.xml read as calamine reads it: the elements and attributes by their names as written
    (the table: prefix bound to any namespace, another prefix for the table namespace not read); a
    table from its start to the first end of a table (one nested in it is read as its rows); a row
    only directly in a table's reading, its cells until its end; a cell holding a value by any value
    attribute, or as a string by its type (then its text up to the first end of a cell, wherever).
    Rows and cells are repeated by number-rows/columns-repeated; only the extent of the cells holding
    a value counts (LibreOffice ends every sheet with a million repeated empty rows). A table, row or
    cell inside a cell is refused: calamine reads its pieces into the cell's row, none of a file
    LibreOffice or Excel writes. And the text calamine copies into every cell the repeats make is
    counted (a 2 KB text repeated over a million cells is 2 GB of memory)."""

    def __init__(self, limits: Limits, inspection: Inspection) -> None:
        self.limits = limits
        self.inspection = inspection
        self.parser = expat.ParserCreate()  # the part's own, once set up
        self.sheet: _XlsxPart | None = None
        self.state = _OUTSIDE
        self.row = 0  # rows before the current one
        self.row_repeat = 0  # how many rows the current one stands for
        self.column = 0
        self.cell = ""  # the name of the cell being read
        self.cell_repeat = 0  # how many copies of its text calamine makes (0: no value)
        self.cell_at = 0  # where the cell's content starts, and its text outside of it
        self.cell_text = 0
        self.row_text = 0  # the text of the current row's cells, and of the file
        self.text = 0

    def setup(self, parser: expat.XMLParserType) -> None:
        self.parser = parser
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end

    def _repeat(self, attrs: dict[str, str], key: str) -> int:
        raw = attrs.get(key)
        if raw is None:
            return 1
        if not raw.isascii() or not raw.isdigit() or len(raw) > 10:
            raise WorkbookError(f"Tệp .ods bị hỏng: số lần lặp “{raw[:20]}” không hợp lệ.")
        # a row repeated 0 times still moves calamine's next rows (its index is at least the row's)
        return max(int(raw), 1)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        state = self.state
        if state >= _IN_CELL:  # in a cell: its paragraphs, notes, pictures
            if name in _NESTED:
                self._nested(name)
            if state == _IN_TEXT:
                if name == "text:s":
                    count = attrs.get("text:c", "1")
                    if _COUNT.fullmatch(count):
                        self.cell_text += int(count)
                elif name == "office:annotation":
                    self.state = _IN_NOTE
        elif state == _IN_ROW:
            if name in _CELLS:
                self._cell(name, attrs)
        elif state == _IN_TABLE:
            if name == "table:table-row":
                self.row += self.row_repeat
                self.row_repeat = self._repeat(attrs, "table:number-rows-repeated")
                self.column = self.row_text = 0
                self.state = _IN_ROW
        elif name == "table:table":
            if self.sheet is not None:
                self.sheet.close()
            self.sheet = _XlsxPart(attrs.get("table:name", ""), self.limits, self.inspection)
            self.sheet.sheet = _Sheet(self.sheet.label)
            self.inspection.sheets.append(self.sheet.sheet)
            self.row = self.row_repeat = 0
            self.state = _IN_TABLE

    def _cell(self, name: str, attrs: dict[str, str]) -> None:
        repeat = self._repeat(attrs, "table:number-columns-repeated")
        self.column += repeat
        valued = not _VALUES.isdisjoint(attrs)
        as_text = not valued and attrs.get("office:value-type") == "string"
        self.cell = name
        if valued or as_text or attrs.get("table:formula"):
            assert self.sheet is not None
            self.sheet._cell(self.row + self.row_repeat, self.column)
            self.cell_repeat = repeat
            texts = _TEXTS.intersection(attrs)
            self.cell_text = sum(len(attrs[key].encode()) for key in texts) if texts else 0
            self.cell_at = self.parser.CurrentByteIndex
        else:
            self.cell_repeat = 0
        self.state = _IN_TEXT if as_text else _IN_CELL

    def end(self, name: str) -> None:
        state = self.state
        if state == _IN_TEXT:
            if name in _CELLS:  # the first end of a cell, whichever
                self._cell_end(self.parser.CurrentByteIndex - self.cell_at)
        elif state == _IN_CELL:
            if name == self.cell:  # no cell is nested in it
                self._cell_end(0)
        elif state == _IN_ROW:
            if name == "table:table-row":
                self.text += self.row_text * self.row_repeat
                if self.text > self.limits.max_uncompressed:
                    self._too_much_text()
                self.state = _IN_TABLE
        elif state == _IN_TABLE:
            if name == "table:table":
                assert self.sheet is not None
                self.sheet.close()
                self.sheet = None
                self.state = _OUTSIDE
        elif state == _IN_NOTE and name == "office:annotation":
            self.state = _IN_TEXT

    def _cell_end(self, content: int) -> None:
        if self.cell_repeat:
            self.row_text += (self.cell_text + content) * self.cell_repeat
            if self.row_text > self.limits.max_uncompressed:
                self._too_much_text()
        self.state = _IN_ROW

    def _nested(self, name: str) -> None:
        raise WorkbookError(
            f"Tệp .ods có phần tử {name} nằm trong một ô, điều tệp bảng tính không có; có thể là tệp độc hại."
        )

    def _too_much_text(self) -> None:
        raise WorkbookError(
            f"Tệp .ods có văn bản được lặp lại qua nhiều ô thành hơn "
            f"{n(max(self.text, self.row_text) // MB)} MB, vượt giới hạn {n(self.limits.max_uncompressed // MB)} MB "
            "của một lần nhập; có thể là tệp độc hại."
        )

    def close(self) -> None:
        if self.sheet is not None:
            self.sheet.close()
