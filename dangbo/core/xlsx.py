"""The one way every export writes a workbook (openpyxl), safe for any value the database holds.

- Every string is written as a text cell (``data_type = "s"``, an inline string): a name starting
  with ``=``, ``+``, ``-`` or ``@`` is never a formula, and ``#N/A`` never an error value.
- Characters XML cannot hold (control characters, lone surrogates, U+FFFE/U+FFFF) are dropped
  (``xml_text``, shared with the DOCX renderers), so an odd stored value cannot make an export fail.
- Numbers, dates and booleans stay typed cells.

Use ``new_workbook``, ``append`` (or ``cell`` for one value) and ``workbook_bytes``; ``workbook_bytes``
also turns any formula or error cell that slipped past into text before saving. Pure: no Django.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell

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
