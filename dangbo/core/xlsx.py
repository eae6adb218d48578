"""The one way every export writes a workbook (openpyxl), safe for any value the database holds.

- Every string is written as a text cell (``data_type = "s"``, an inline string): a name starting
  with ``=``, ``+``, ``-`` or ``@`` is never a formula, and ``#N/A`` never an error value.
- Characters XML cannot hold (control characters, lone surrogates, U+FFFE/U+FFFF) are dropped
  (``xml_text``, shared with the DOCX renderers), so an odd stored value cannot make an export fail.
- Numbers, dates and booleans stay typed cells.

Use ``new_workbook``, ``append`` (or ``cell`` for one value) and ``workbook_bytes``; ``workbook_bytes``
also turns any formula or error cell that slipped past into text before saving. Every sheet a user
downloads is a ``PrintedSheet`` (title rows, header frozen, repeated and filtered, landscape, fit to
the page width, page numbers) named by ``file_name``. Pure: no Django.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_CELL_TEXT = 32767  # Excel's limit on the characters of one cell

# XML 1.0's Char production: tab, line feed, carriage return and the ranges below; nothing else.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot hold (ESC, NUL, other C0 controls, lone
    surrogates, U+FFFE, U+FFFF). Every exported document (XLSX, DOCX) passes its text through it."""
    return _NOT_XML.sub("", value)


def _as_text(cell: Cell) -> Cell:
    value = cell._value  # noqa: SLF001 - openpyxl keeps the bound value here
    if isinstance(value, str):
        cell._value = xml_text(value)[:MAX_CELL_TEXT]  # noqa: SLF001
        cell.data_type = "s"
    return cell


def cell(sheet: Any, value: Any) -> Cell:
    """A detached cell for ``sheet`` holding ``value``: a string as text (cleaned), anything else typed.
    In a write-only sheet, style it and pass it to ``append``."""
    if isinstance(value, str):
        made = Cell(sheet, row=1, column=1)  # placed by append
        made._value = value  # noqa: SLF001 - bypass openpyxl's formula guess and its IllegalCharacterError
        made.data_type = "s"
        return _as_text(made)
    if isinstance(value, Cell):
        return _as_text(value)
    return Cell(sheet, row=1, column=1, value=value)


def _row_value(sheet: Any, value: Any) -> Any:
    return cell(sheet, value) if isinstance(value, (str, Cell)) else value


def append(sheet: Any, values: Iterable[Any]) -> None:
    """Append a row to ``sheet`` (normal or write-only): strings as text, other values typed,
    cells made by ``cell`` (styled) kept."""
    sheet.append([_row_value(sheet, value) for value in values])


def put(sheet: Any, row: int, column: int, value: Any) -> Cell:
    """Write ``value`` at (row, column) of a normal sheet, as ``append`` would."""
    target: Cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        target._value = value  # noqa: SLF001
        target.data_type = "s"
        return _as_text(target)
    target.value = value
    return target


def new_workbook(*, write_only: bool = False) -> Workbook:
    return Workbook(write_only=write_only)


def workbook_bytes(workbook: Workbook) -> bytes:
    """The saved workbook. In a normal workbook every cell is checked first: no export writes a
    formula or an error value, so any such cell (a value assigned without ``append``) becomes text."""
    if not workbook.write_only:
        for sheet in workbook.worksheets:
            for item in sheet._cells.values():  # noqa: SLF001 - the cells written, without creating more
                if item.data_type in ("f", "e") or isinstance(item._value, str):  # noqa: SLF001
                    item._value = "" if item._value is None else str(item._value)  # noqa: SLF001
                    _as_text(item)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- print-ready sheets ---------------------------------------------------------------------------------

A4, A3 = "A4", "A3"
_PAPER = {A4: 9, A3: 8}  # OOXML paperSize codes
FOOTER_PAGE = "Trang &P / &N"
DATE_FORMAT = "dd/mm/yyyy"
TITLE_FONT = Font(bold=True, size=14)
SUBTITLE_FONT = Font(italic=True, size=11)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
_THIN = Side(style="thin", color="999999")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def file_name(kind: str, *parts: object) -> str:
    """A download's name that says what and whose: file_name("Sổ đảng viên", "Q9-TT", date(2019, 12,
    31)) == "so-dang-vien-Q9-TT-2019-12-31.xlsx". ASCII: the kind slugged, codes kept, days ISO."""
    words = [_slug(kind)]
    for part in parts:
        if part is None or part == "":
            continue
        text = part.isoformat() if isinstance(part, date) else str(part)
        words.append(re.sub(r"[^A-Za-z0-9-]+", "-", _ascii(text)).strip("-") or "x")
    return "-".join(words) + ".xlsx"


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).encode("ascii", "ignore").decode()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _ascii(text).lower()).strip("-") or "tep"


def print_setup(sheet: Any, paper: str = A4) -> None:
    """Landscape on `paper`, fit to the page width (any number of pages down), narrow margins,
    "Trang x / y" in the footer. On a write-only sheet, call it before the first row."""
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = _PAPER[paper]
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.25, footer=0.3)
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = FOOTER_PAGE
    sheet.evenFooter.center.text = FOOTER_PAGE


def subtitle(organization: str, superior: str = "", when: str = "") -> str:
    """The subtitle row: "Chi bộ Khu phố 2 (Đảng bộ Phường Long Bình) — tại ngày 31/12/2019"."""
    text = f"{organization} ({superior})" if superior else organization
    return f"{text} — {when}" if when else text


class PrintedSheet:
    """A sheet that prints well (issue 17): a title row and a subtitle row (the organization with its
    superior, the day or the year), optional note rows, then the header — frozen below, repeated on
    every printed page, with an autofilter — and the data rows, wrapped at the widths given; landscape
    on A4 (A3 for the register), fit to the page width, any number of pages down, and "Trang x / y" in
    the footer. Works on normal and write-only workbooks (the widths, the frozen pane and the fit are
    set before the first row, as a write-only sheet needs). Use ``append`` for each data row and
    ``close`` at the end (it sets the autofilter over the rows written)."""

    def __init__(
        self,
        workbook: Workbook,
        name: str,
        *,
        title: str,
        subtitle: str,
        headers: Sequence[str],
        widths: Sequence[float],
        paper: str = A4,
        notes: Sequence[str] = (),
        extra_header_rows: Sequence[Sequence[Any]] = (),
        first: bool = False,
        font_size: float | None = None,
    ) -> None:
        if first and not workbook.write_only and workbook.active is not None:
            sheet = workbook.active
            sheet.title = name[:31]
        else:
            sheet = workbook.create_sheet(name[:31])
        self.sheet: Any = sheet
        self.columns = max(len(headers), 1)
        self.font = Font(size=font_size) if font_size else None
        self.font_size = font_size or 11
        self.widths = list(widths)
        self.next_row = 1
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        self.header_row = 3 + len(notes)
        last_header = self.header_row + len(extra_header_rows)
        sheet.freeze_panes = f"A{last_header + 1}"
        print_setup(sheet, paper)
        sheet.print_title_rows = f"{self.header_row}:{last_header}"
        self.rows = 0
        self._plain(title, TITLE_FONT)
        self._plain(subtitle, SUBTITLE_FONT)
        for note in notes:
            self._plain(note, None)
        self._header(headers)
        for row in extra_header_rows:
            self._header(row)
        self.last_header = last_header

    def _plain(self, text: str, font: Font | None) -> None:
        made = cell(self.sheet, text)
        if font is not None:
            made.font = font
        self._add([made])

    def _header(self, values: Sequence[Any]) -> None:
        row = []
        for value in values:
            made = cell(self.sheet, value)
            made.font, made.fill, made.alignment, made.border = (
                HEADER_FONT,
                HEADER_FILL,
                HEADER_ALIGNMENT,
                BOX,
            )
            row.append(made)
        self._add(row, wrapped=True, size=11)

    def _add(self, row: list[Any], *, wrapped: bool = False, size: float | None = None) -> None:
        """Append `row`, its height set to the lines its wrapped texts take at the columns' widths:
        neither Excel's file nor LibreOffice grows a row on opening, and a row left at one line
        prints its wrapped lines over the next rows."""
        if wrapped:
            lines = max((self._lines(index, made) for index, made in enumerate(row)), default=1)
            if lines > 1:
                height = lines * (size or self.font_size) * 1.25 + 2
                self.sheet.row_dimensions[self.next_row].height = round(height, 1)
        self.sheet.append(row)
        self.next_row += 1

    def _lines(self, index: int, made: Any) -> int:
        value = made._value if isinstance(made, Cell) else made  # noqa: SLF001
        if not isinstance(value, str) or not value:
            return 1
        width = self.widths[index] if index < len(self.widths) else 8.43
        per_line = int(max(1.0, (width - 1) * 11 / self.font_size))
        return sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))

    def append(self, values: Iterable[Any], *, bold: bool = False, border: bool = True) -> None:
        """A data row: strings as text, wrapped at the top of the cell; cells made by ``cell`` keep
        their number format; every cell boxed (unless ``border`` is off)."""
        row: list[Any] = []
        for value in values:
            made = (
                value if isinstance(value, Cell) and value.parent is self.sheet else cell(self.sheet, value)
            )
            made = _as_text(made) if isinstance(made._value, str) else made  # noqa: SLF001
            made.alignment = Alignment(
                wrap_text=True,
                vertical="top",
                horizontal=made.alignment.horizontal if made.has_style else None,
            )
            if isinstance(made._value, date) and made.number_format in (
                "General",
                "yyyy-mm-dd",
                "yyyy-mm-dd h:mm:ss",
            ):  # noqa: SLF001
                made.number_format = DATE_FORMAT
            if border:
                made.border = BOX
            if bold or self.font is not None:
                made.font = Font(bold=bold, size=self.font.size if self.font is not None else None)
            row.append(made)
        self._add(row, wrapped=True)
        self.rows += 1

    def close(self) -> Any:
        last = get_column_letter(self.columns)
        self.sheet.auto_filter.ref = f"A{self.last_header}:{last}{self.last_header + max(self.rows, 1)}"
        return self.sheet
