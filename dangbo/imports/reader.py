"""Reading a workbook fast (python-calamine) and finding, in each sheet, the header row and its kind.

Real files have title rows above the header, headers on two rows with merged cells ("Ngày" over
"vào Đảng" and "chính thức"), a row of column numbers under the header, repeated headers where a
printout runs over several pages, "Tổng cộng" rows and empty trailing rows: all are handled here.
Pure Python apart from calamine; no Django.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, islice
from operator import itemgetter
from typing import Any

from python_calamine import CalamineSheet, CalamineWorkbook

from dangbo.core.text import fold
from dangbo.imports.guard import NOT_A_WORKBOOK, Limits, WorkbookError, inspect_workbook
from dangbo.imports.schema import HeaderMatch, SheetKind, match_headers
from dangbo.imports.values import is_empty, text

__all__ = ["Limits", "Sheet", "Skipped", "WorkbookError", "read_workbook"]

HEADER_SEARCH_ROWS = 25
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Sheet:
    """One sheet whose kind is known: its data rows with their Excel row numbers."""

    name: str
    kind: SheetKind
    header_rows: tuple[int, ...]  # 1-based Excel row numbers
    columns: dict[str, int]  # field -> 0-based column index
    headers: dict[str, str]  # field -> the header as written in the file
    rows: list[tuple[int, list[Any]]]  # (Excel row number, cell values)
    titles: list[str] = field(default_factory=list)  # texts above the header
    unknown: list[tuple[int, str]] = field(default_factory=list)

    @cached_property
    def picker(self) -> tuple[tuple[str, ...], Any, int]:
        """(field names, a getter of their cells in a row, the width a row needs for it): a row's
        cells by field are then taken in C (dangbo.imports.plan.base.RowReader)."""
        names = tuple(self.columns)
        indexes = [self.columns[name] for name in names]
        if len(indexes) < 2:
            return names, None, 0
        return names, itemgetter(*indexes), max(indexes) + 1

    def cell(self, row: list[Any], name: str) -> Any:
        index = self.columns.get(name)
        if index is None or index >= len(row):
            return None
        return row[index]

    def letter(self, name: str) -> str:
        index = self.columns.get(name)
        return column_letter(index) if index is not None else ""


@dataclass
class Skipped:
    """A sheet that is not read, and why (empty, unknown headers, the printed register)."""

    name: str
    reason: str
    kind: SheetKind | None = None


def open_workbook(data: bytes) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # noqa: B036 - calamine's errors, and a panic of its Rust code
        # (pyo3's PanicException derives from BaseException: a damaged file must not escape as one)
        raise WorkbookError(f"{NOT_A_WORKBOOK[:-1]} ({type(error).__name__}).") from None


Merged = list[tuple[tuple[int, int], tuple[int, int]]]
RawSheet = tuple[CalamineSheet, Merged] | Exception


def _load(data: bytes, name: str) -> RawSheet:
    try:
        raw = open_workbook(data).get_sheet_by_name(name)
        return raw, list(raw.merged_cell_ranges or [])
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # noqa: B036 - a damaged sheet (or a panic of calamine on it): said on its own
        return error if isinstance(error, Exception) else WorkbookError(f"{type(error).__name__}: {error}")


def _rows(sheet: CalamineSheet) -> Iterator[list[Any]]:
    """The sheet's rows one at a time, from A1: calamine's iter_rows starts at the first row but at
    the first column holding a value, so the columns before it are put back."""
    start = sheet.start
    pad = [""] * start[1] if start else []
    if not pad:
        return iter(sheet.iter_rows())
    return (pad + row for row in sheet.iter_rows())


def read_workbook(
    data: bytes,
    limits: Limits | None = None,
    *,
    inspected: bool = False,
    known: dict[str, Sheet] | None = None,
) -> tuple[list[Sheet], list[Skipped]]:
    """The sheets of a file inspected first (dangbo.imports.guard): a file passing a cap is refused
    (WorkbookError) before calamine builds any grid of it; the rows are then taken one at a time.
    `inspected`: these very bytes passed the inspection under these limits before (an import of
    them finished: dangbo.imports.plan.marks), which is not done again. `known`: sheets of these
    bytes already known by name (their layout kept by that import), taken as they are, unread.

    calamine parses without the GIL, in two threads: a sheet is read as soon as the inspection has
    passed it (and every part it needs), while the next sheet is inspected, and a sheet's rows are
    taken here while the next one is still being read."""
    known = known or {}
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="xlsx") as pool:
        reading: dict[str, Future[RawSheet]] = {}

        def read(name: str) -> None:
            if name not in reading and name not in known:
                reading[name] = pool.submit(_load, data, name)

        if not inspected:
            inspect_workbook(data, limits or Limits(), read)
        names = list(open_workbook(data).sheet_names)
        for name in names:
            read(name)
        return _sheets(names, reading, known)


def _sheets(
    names: list[str], reading: dict[str, Future[RawSheet]], known: dict[str, Sheet]
) -> tuple[list[Sheet], list[Skipped]]:
    sheets: list[Sheet] = []
    skipped: list[Skipped] = []
    for name in names:
        if name in known:
            sheets.append(known[name])
            continue
        loaded = reading[name].result()
        if isinstance(loaded, Exception):
            skipped.append(Skipped(name, f"Không đọc được sheet ({type(loaded).__name__})."))
            continue
        raw, merged = loaded
        stream = _rows(raw)
        rows = list(islice(stream, HEADER_SEARCH_ROWS + 1))  # the rows where the header is looked for
        found = find_header(rows, merged)
        if found is None:
            if not any(not is_empty(v) for row in chain(rows, stream) for v in row):
                skipped.append(Skipped(name, "Sheet trống."))
            else:
                skipped.append(
                    Skipped(
                        name,
                        "Không nhận ra dòng tiêu đề của sheet này (cần các cột như trong tệp mẫu, "
                        "ví dụ “Họ và tên”, “Ngày sinh”, “Số CCCD”, “Ngày vào Đảng”); sheet được bỏ qua.",
                    )
                )
            continue
        match, header_rows, headers = found
        if match.kind.code == "register":
            skipped.append(
                Skipped(
                    name,
                    "Sổ danh sách đảng viên (Mẫu 7-HSĐV) là bản để in: không có ngày sinh và số CCCD nên "
                    "không dùng để nhập; dữ liệu được nhập từ sheet “Đảng viên”.",
                    match.kind,
                )
            )
            continue
        last_header = header_rows[-1]
        titles = [text(v) for row in rows[: header_rows[0] - 1] for v in row if not is_empty(v)]
        data_rows = _data_rows(chain(rows[last_header:], stream), last_header, match, headers)
        sheets.append(
            Sheet(
                name=name,
                kind=match.kind,
                header_rows=header_rows,
                columns=match.columns,
                headers={f: headers[i] for f, i in match.columns.items()},
                rows=data_rows,
                titles=titles,
                unknown=match.unknown,
            )
        )
    return sheets, skipped


def _texts(row: list[Any]) -> list[str]:
    return [text(v) if not is_empty(v) else "" for v in row]


def find_header(
    rows: list[list[Any]], merged: list[tuple[tuple[int, int], tuple[int, int]]]
) -> tuple[HeaderMatch, tuple[int, ...], list[str]] | None:
    """The best (match, header row numbers, header texts) among the first rows: one row, or two
    rows whose merged cells are spread over the columns they cover."""
    best: tuple[HeaderMatch, tuple[int, ...], list[str]] | None = None
    limit = min(len(rows), HEADER_SEARCH_ROWS)
    filled = _fill_merged(rows[: limit + 1], merged)
    for r in range(limit):
        single = _texts(rows[r])
        if sum(1 for t in single if t) < 2:
            continue
        candidates: list[tuple[tuple[int, ...], list[str]]] = [((r + 1,), single)]
        if r + 1 < len(filled):
            top, bottom = filled[r], filled[r + 1]
            width = max(len(top), len(bottom))
            combined = []
            for c in range(width):
                upper = top[c] if c < len(top) else ""
                lower = bottom[c] if c < len(bottom) else ""
                if upper and lower and upper != lower:
                    combined.append(f"{upper} {lower}")
                else:
                    combined.append(upper or lower)
            candidates.append(((r + 1, r + 2), combined))
            # the lower row alone may carry the names where the upper one only groups them
            candidates.append(
                ((r + 1, r + 2), [lower or upper for upper, lower in zip(top, bottom, strict=False)])
            )
        for header_rows, headers in candidates:
            match = match_headers(headers)
            if match is None:
                continue
            if best is None or match.score > best[0].score:
                best = (match, header_rows, headers)
    return best


def _fill_merged(
    rows: list[list[Any]], merged: list[tuple[tuple[int, int], tuple[int, int]]]
) -> list[list[str]]:
    """Header texts with each merged range's value copied into every cell it covers."""
    texts = [_texts(row) for row in rows]
    for (r1, c1), (r2, c2) in merged:
        if r1 >= len(texts):
            continue
        value = texts[r1][c1] if c1 < len(texts[r1]) else ""
        for r in range(r1, min(r2, len(texts) - 1) + 1):
            for c in range(c1, c2 + 1):
                if c < len(texts[r]):
                    texts[r][c] = value
    return texts


def _data_rows(
    rows: Iterable[list[Any]], last_header: int, match: HeaderMatch, headers: list[str]
) -> list[tuple[int, list[Any]]]:
    """The data rows of `rows`, the rows from the one after the header (0-based `last_header`)."""
    used = sorted(match.columns.values())
    header_keys = {i: fold(headers[i]) for i in used if i < len(headers)}
    header_texts = {headers[i].strip().lower() for i in used if i < len(headers)}
    result: list[tuple[int, list[Any]]] = []
    # the common row (all the used columns present, more than 3 filled, the first one a value that
    # is no header) is taken after counting its empty cells in C; any other row gets every check
    pick = itemgetter(*used) if len(used) > 1 else None
    needed = used[-1] + 1 if used else 0
    for index, row in enumerate(rows, start=last_header):
        width = len(row)
        if pick is not None and width >= needed and index != last_header:
            picked = pick(row)
            count = len(picked) - picked.count("") - picked.count(None)
            if count:
                first = picked[0]
                if first == "" or first is None:  # the first used column empty: the first value after it
                    first = next(v for v in picked if v != "" and v is not None)
                if first.__class__ is not str:
                    result.append((index + 1, row))  # a number or a date first: no total, no header
                    continue
                stripped = first.strip()
                # a total row ("Tổng cộng") has at most 3 cells and starts with a word, not a digit
                if stripped and (count > 3 or stripped[0].isdigit()) and stripped.lower() not in header_texts:
                    result.append((index + 1, row))
                    continue
        filled = [v for v in (row[i] for i in used if i < width) if v != "" and v is not None]
        if len(filled) <= 3 or (filled[0].__class__ is str and not filled[0].strip()):
            filled = [v for v in filled if not is_empty(v)]  # cells holding only spaces
            if not filled:
                continue  # empty rows, including the trailing ones Excel keeps
            first = filled[0]
            if first.__class__ is str and fold(first).startswith(("tong cong", "tong so", "cong:")):
                continue  # a total row
        if index == last_header and all(_NUMBERING.match(text(v)) for v in filled):
            continue  # the row of column numbers under the header: (1) (2) (3) …
        first = filled[0]
        repeated = (
            first.__class__ is str
            and len(filled) > 1
            and first.strip().lower() in header_texts
            and all(
                fold(text(row[i])) == key
                for i, key in header_keys.items()
                if i < width and not is_empty(row[i])
            )
        )
        if repeated:
            continue  # the header repeated on the next printed page
        result.append((index + 1, row))
    return result
