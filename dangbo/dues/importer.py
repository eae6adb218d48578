"""Reading a month's dues payments from a workbook (the month sheet this app exports, or one laid out
like it). The file is inspected by dangbo.imports.guard before calamine reads it (the caps of every
import); each cell is read by dangbo.imports.values; every problem is kept, with its row and column,
and the service (services.dues_payments_import) writes nothing while there is one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from dangbo.core.text import fold
from dangbo.dues.models import DuesPayment
from dangbo.dues.services import ImportedRow, ImportProblem
from dangbo.imports.guard import WorkbookError, inspect_workbook
from dangbo.imports.limits import import_limits
from dangbo.imports.reader import column_letter, open_workbook
from dangbo.imports.values import CellError, checked_text, date_value, is_empty, show, text

HEADER_ROWS = 15
# field -> (the header as the template writes it, the folded words that recognize it)
COLUMNS = {
    "full_name": ("Họ và tên", ("ho va ten", "ho ten")),
    "birth_date": ("Ngày sinh", ("ngay sinh",)),
    "amount": ("Số tiền đã đóng (đồng)", ("so tien da dong", "so tien", "da dong")),
    "method": ("Hình thức", ("hinh thuc",)),
    "paid_on": ("Ngày đóng", ("ngay dong",)),
    "note": ("Ghi chú", ("ghi chu",)),
}
REQUIRED = ("full_name", "amount")
METHODS = {
    "tien mat": DuesPayment.Method.CASH,
    "tm": DuesPayment.Method.CASH,
    "truc tuyen": DuesPayment.Method.ONLINE,
    "online": DuesPayment.Method.ONLINE,
    "chuyen khoan": DuesPayment.Method.ONLINE,
    "dich vu cong": DuesPayment.Method.ONLINE,
}
_AMOUNT = re.compile(r"^\d{1,3}(?:[.\s]\d{3})*$|^\d+$")


@dataclass
class Reading:
    rows: list[ImportedRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    columns: dict[str, tuple[str, str]] = field(default_factory=dict)  # field -> (letter, header)


def _match(header: str) -> str | None:
    key = fold(header).strip(" :*")
    for name, (_, keys) in COLUMNS.items():
        if any(key == k or key.startswith(k + " ") or key.startswith(k + "(") for k in keys):
            return name
    return None


def amount_value(value: Any) -> int | None:
    """53000, 53000.0, "53.000", "53 000" -> 53000; None when empty; CellError otherwise."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"“{show(value)}” không phải là số tiền.")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(f"Số tiền “{show(value)}” phải là số nguyên (đồng).")
        return int(value)
    raw = text(value).removesuffix("đồng").removesuffix("đ").strip()
    if not _AMOUNT.fullmatch(raw) or len(raw) > 15:
        raise CellError(f"Số tiền “{show(value)}” phải là số nguyên (đồng), ví dụ 53.000.")
    return int(re.sub(r"[.\s]", "", raw))


def method_value(value: Any) -> str:
    if is_empty(value):
        return DuesPayment.Method.CASH
    found = METHODS.get(fold(text(value)).strip())
    if found is None:
        raise CellError(f"Hình thức “{show(value)}” không hợp lệ (tiền mặt hoặc trực tuyến).")
    return str(found)


def read_payments(data: bytes) -> Reading:
    """The rows of the first sheet with a recognized header (Họ và tên, Số tiền đã đóng ...)."""
    reading = Reading()
    try:
        inspect_workbook(data, import_limits())
        workbook = open_workbook(data)
        sheets = list(workbook.sheet_names)
    except WorkbookError as error:
        reading.problems.append(ImportProblem(None, "", "", str(error)))
        return reading
    for name in sheets:
        try:
            sheet = workbook.get_sheet_by_name(name)
            pad = [""] * sheet.start[1] if sheet.start else []  # iter_rows starts at the first column used
            rows = (pad + row for row in sheet.iter_rows())
            head = list(islice(rows, HEADER_ROWS))
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # noqa: B036 - calamine's errors (and panics) on a damaged sheet
            reading.problems.append(
                ImportProblem(None, "", "", f"Không đọc được sheet “{name}” ({type(error).__name__}).")
            )
            return reading
        for index, row in enumerate(head):
            columns = {}
            for c, value in enumerate(row):
                if isinstance(value, str):
                    found = _match(value)
                    if found and found not in columns:
                        columns[found] = c
            if all(r in columns for r in REQUIRED):
                reading.columns = {f: (column_letter(c), COLUMNS[f][0]) for f, c in columns.items()}
                data_rows = [(index + 2 + i, r) for i, r in enumerate(head[index + 1 :])]
                data_rows += [(index + 2 + len(data_rows) + i, r) for i, r in enumerate(rows)]
                _read_rows(reading, columns, data_rows)
                return reading
    reading.problems.append(
        ImportProblem(
            None,
            "",
            "",
            "Không thấy dòng tiêu đề: cần các cột “Họ và tên” và “Số tiền đã đóng (đồng)” "
            "(tải sổ thu tháng dạng XLSX làm tệp mẫu).",
        )
    )
    return reading


def _read_rows(reading: Reading, columns: dict[str, int], data_rows: list[tuple[int, list[Any]]]) -> None:
    def cell(row: list[Any], name: str) -> Any:
        c = columns.get(name)
        return row[c] if c is not None and c < len(row) else None

    def problem(number: int, name: str, message: str) -> None:
        letter, header = reading.columns[name]
        reading.problems.append(ImportProblem(number, letter, header, message))

    for number, row in data_rows:
        if all(is_empty(v) for v in row):
            continue
        amount_cell = cell(row, "amount")
        name_cell = cell(row, "full_name")
        if is_empty(amount_cell):
            continue  # not paid this month: nothing to record
        values: dict[str, Any] = {}
        ok = True
        for name, reader in (
            ("amount", amount_value),
            ("method", method_value),
            ("birth_date", date_value),
            ("paid_on", date_value),
        ):
            if name not in columns and name != "method":
                values[name] = None
                continue
            try:
                values[name] = reader(cell(row, name)) if name in columns else reader(None)
            except CellError as error:
                problem(number, name, error.message)
                ok = False
        try:
            full_name = (
                checked_text(name_cell, label="Họ và tên", max_length=120, name=True)
                if not is_empty(name_cell)
                else ""
            )
        except CellError as error:
            problem(number, "full_name", error.message)
            continue
        if not full_name:
            problem(number, "full_name", "Thiếu họ và tên.")
            continue
        note = ""
        if "note" in columns:
            try:
                note = (
                    checked_text(cell(row, "note"), label="Ghi chú", max_length=255)
                    if not is_empty(cell(row, "note"))
                    else ""
                )
            except CellError as error:
                problem(number, "note", error.message)
                ok = False
        reading.rows.append(
            ImportedRow(
                row=number,
                full_name=full_name,
                birth_date=values.get("birth_date"),
                amount=values.get("amount") or 0,
                method=values.get("method") or "",
                paid_on=values.get("paid_on"),
                note=note,
                readable=ok,
            )
        )
