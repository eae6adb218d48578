"""Reading one cell of a real Excel file: what people type and what Excel does to it.

Pure Python, no Django. Each reader returns the clean value or raises CellError with a Vietnamese
reason; a value that was repaired (a CCCD that lost its leading zero) comes back with a warning.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from dangbo.core.text import TextRefused, clean_text, fold, nfc, parse_date

# Excel's day 0 (the 1900 date system, counting its phantom 29/02/1900).
EXCEL_EPOCH = date(1899, 12, 30)
_INVISIBLE_CHARS = "\u200b\u200c\u200d\ufeff\u00ad"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS), None)
_HAS_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_BLANK = " \t\n\r\x0b\x0c\xa0\u3000" + _INVISIBLE_CHARS
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$")
_SEPARATORS = re.compile(r"[\s.\-_']")


class CellError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if value.__class__ is str:
        return not value.strip(_BLANK)
    return False


def show(value: Any) -> str:
    """The cell as a person would read it back in an error message."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.strftime("%d/%m/%Y")
            if not (value.hour or value.minute)
            else value.strftime("%d/%m/%Y %H:%M")
        )
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@lru_cache(maxsize=65_536)
def _clean(value: str) -> str:
    # a district's file repeats its hometowns, religions, levels of education: cached
    if _HAS_INVISIBLE.search(value):
        value = value.translate(_INVISIBLE)
    return nfc(value)


def text(value: Any) -> str:
    """A text cell: NFC, spaces collapsed, invisible characters dropped; numbers without ".0"."""
    if value.__class__ is str:
        return _clean(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date | datetime):
        return show(value)
    return nfc(str(value).translate(_INVISIBLE))


@lru_cache(maxsize=65_536)
def _checked(value: str, label: str, max_length: int | None, multiline: bool, name: bool) -> str:
    # cached as _clean is: a district's file repeats its values
    try:
        return clean_text(value, label=label, max_length=max_length, multiline=multiline, name=name)
    except TextRefused as refused:
        raise CellError(refused.message) from None


def checked_text(
    value: Any, *, label: str, max_length: int | None = None, multiline: bool = False, name: bool = False
) -> str:
    """A text cell to be stored, taken in by dangbo.core.text.clean_text (the cleaner of the web forms
    and the API): CellError naming the column `label` for a control character (a NUL written as
    `_x0000_` in the file included), a zero-width or bidirectional character inside the value, a lone
    mark, a name without letters, a value longer than `max_length`. Numbers lose only ".0"."""
    if value.__class__ is str:
        return _checked(value, label, max_length, multiline, name)
    return _checked(text(value), label, max_length, multiline, name)


def _digits_of_number(value: Any) -> str | None:
    """A number typed or stored as a number (79080001234.0, "7.9080001234E+10") as its digits."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else None
    raw = str(value).strip()
    if _NUMBER.match(raw) and ("e" in raw.lower() or raw.endswith(".0")):
        number = float(raw)
        return str(int(number)) if number.is_integer() else None
    return None


def date_value(value: Any) -> date | None:
    """A date: a real Excel date, an Excel serial number (as a number or as text), or text
    dd/mm/yyyy, d/m/yy, dd.mm.yyyy, dd-mm-yyyy, yyyy-mm-dd (a time part is ignored)."""
    if value.__class__ is date:
        return value  # type: ignore[no-any-return]
    if is_empty(value):
        return None
    if isinstance(value, datetime):
        result = value.date()
    elif isinstance(value, date):
        result = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        result = _serial(float(value))
    else:
        result = _text_date(text(value))
    return result  # its range is the date policy's (dangbo.core.dates), by column: RowReader.date


@lru_cache(maxsize=65_536)
def _text_date(raw: str) -> date:
    if re.fullmatch(r"\d+(\.0+)?", raw):
        return _serial(float(raw))
    first = raw.split(" ")[0].split("T")[0]
    try:
        return parse_date(first)
    except ValueError as error:
        raise CellError(str(error)) from None


def _serial(number: float) -> date:
    if 1900 <= number <= 2100 and number.is_integer():
        raise CellError(f"Chỉ có năm ({int(number)}); cần ghi đủ ngày, tháng, năm (dd/mm/yyyy).")
    if not 1 <= number < 80000:
        raise CellError(f"“{show(number)}” không phải là ngày hợp lệ (dd/mm/yyyy).")
    return EXCEL_EPOCH + timedelta(days=int(number))


def year_value(value: Any) -> int | None:
    if is_empty(value):
        return None
    if isinstance(value, date | datetime):
        return value.year
    digits = _digits_of_number(value)
    raw = digits if digits is not None else text(value)
    raw = raw.removeprefix("Năm ").removeprefix("năm ").strip()
    if not re.fullmatch(r"\d{4}", raw):
        raise CellError(f"Năm “{show(value)}” phải gồm 4 chữ số (ví dụ 2019).")
    return int(raw)


def int_value(value: Any, digits: int = 4) -> int | None:
    if is_empty(value):
        return None
    number = _digits_of_number(value)
    raw = number if number is not None else text(value)
    if not re.fullmatch(rf"\d{{1,{digits}}}", raw):
        raise CellError(f"“{show(value)}” phải là một số nguyên.")
    return int(raw)


def cccd_value(value: Any) -> tuple[str | None, str | None]:
    """(the 12-digit CCCD, a warning when it had to be repaired). A CCCD typed as a number loses
    its leading zero in Excel: 11 digits are padded back to 12, with a warning that says so."""
    if value.__class__ is str and len(value) == 12 and value.isdigit() and value.isascii():
        return value, None
    if is_empty(value):
        return None, None
    digits = _digits_of_number(value)
    raw = digits if digits is not None else _SEPARATORS.sub("", text(value))
    if not raw.isdigit():
        raise CellError(f"Số CCCD “{show(value)}” chỉ được gồm chữ số.")
    if len(raw) == 12:
        return raw, None
    if len(raw) == 11:
        padded = "0" + raw
        return padded, (
            f"Số CCCD “{raw}” có 11 chữ số (Excel đã bỏ số 0 ở đầu khi lưu thành số): "
            f"đã đọc là {padded}. Nên định dạng cột này là Văn bản (Text)."
        )
    if len(raw) == 9:
        raise CellError(f"“{raw}” là số CMND 9 chữ số, không phải số CCCD (12 chữ số).")
    raise CellError(f"Số CCCD “{raw}” phải gồm đúng 12 chữ số (có {len(raw)}).")


def code_value(value: Any) -> str:
    """An identifier typed by people (an organization code, a party card number): no spaces, upper case."""
    if value.__class__ is str:
        return _code_of_text(value)
    return _code_of(value)


@lru_cache(maxsize=65_536)
def _code_of_text(value: str) -> str:
    # a file names the same few hundred cells over and over: cached
    if value.isalnum() and value.isascii():
        return value.upper()
    return _code_of(value)


def _code_of(value: Any) -> str:
    if is_empty(value):
        return ""
    digits = _digits_of_number(value)
    return digits if digits is not None else text(value).replace(" ", "").upper()


def card_value(value: Any) -> str:
    """A party card number: digits stay digits (a number loses nothing but ".0")."""
    if value.__class__ is str and value.isdigit() and value.isascii():
        return value  # type: ignore[no-any-return]
    if is_empty(value):
        return ""
    digits = _digits_of_number(value)
    return digits if digits is not None else text(value).replace(" ", "")


def flag_value(value: Any) -> bool:
    """ "x", "X", "có", "1", TRUE → yes; empty, "không", "0" → no."""
    if is_empty(value):
        return False
    if isinstance(value, bool):
        return value
    key = choice_key(text(value))
    if key in {"x", "co", "1", "true", "yes", "v", "tieu bieu", "dat"}:
        return True
    if key in {"khong", "0", "false", "no", ""}:
        return False
    raise CellError(f"“{show(value)}” không hợp lệ: ghi “x” nếu có, để trống nếu không.")


_NOT_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=262_144)
def choice_key(value: str) -> str:
    """A label compared without diacritics, case or punctuation: "Xã, phường" → "xa phuong".
    Cached for a whole file: the checks compare a rating's name with its member's three times a
    row, and a city's file names 100.000 people (at 20.000 entries every call missed: 1,06 against
    0,53 s for 100.000 names); emptied after each import (services.import_workbook)."""
    return " ".join(_NOT_WORD.sub(" ", fold(value)).split())


def choice_value(value: Any, options: dict[str, str], what: str, allowed: str) -> str:
    """Map a label (compared without diacritics, case or punctuation) to its stored value."""
    key = choice_key(text(value))
    if key in options:
        return options[key]
    raise CellError(f"{what} “{show(value)}” không hợp lệ; dùng một trong: {allowed}.")


def folded_options(pairs: dict[str, list[str]]) -> dict[str, str]:
    """{stored value: [labels and aliases]} → {folded label: stored value}."""
    return {choice_key(label): stored for stored, labels in pairs.items() for label in labels}
