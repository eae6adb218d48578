"""Effective dating: a row is valid on day D when valid_from <= D < valid_to.
Open-ended rows carry OPEN_END so that range conditions stay indexable."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

OPEN_END = date(9999, 12, 31)


def today() -> date:
    return timezone.localdate()


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def add_working_days(day: date, count: int) -> date:
    """count working days (Monday to Friday) after day; public holidays are not counted out."""
    current = day
    remaining = count
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


# The days and years a query string (?ngay=, ?nam=, ?tu-ngay=) may name: anything else is refused with
# a message, never carried to date() or to the database, where 31/12/9999 + 1 day or the year 10000
# would be a server error.
QUERY_FIRST_YEAR, QUERY_LAST_YEAR = 1900, 2100


def query_day(raw: str) -> date:
    """A day typed in a query string (dd/mm/yyyy, d/m/yy or yyyy-mm-dd) between 01/01/1900 and
    31/12/2100; ValueError with a Vietnamese message otherwise."""
    from dangbo.core.text import parse_date

    try:
        day = parse_date(raw)
    except ValueError:
        raise ValueError(f"Ngày “{raw.strip()}” không hợp lệ (dd/mm/yyyy).") from None
    if not QUERY_FIRST_YEAR <= day.year <= QUERY_LAST_YEAR:
        raise ValueError(
            f"Ngày “{raw.strip()}” nằm ngoài khoảng cho phép "
            f"(01/01/{QUERY_FIRST_YEAR} – 31/12/{QUERY_LAST_YEAR})."
        )
    return day


def query_year(raw: str) -> int:
    """A year typed in a query string: four digits between 1900 and 2100; ValueError with a Vietnamese
    message otherwise."""
    value = raw.strip()
    if not (len(value) == 4 and value.isascii() and value.isdigit()) or not (
        QUERY_FIRST_YEAR <= int(value) <= QUERY_LAST_YEAR
    ):
        raise ValueError(
            f"Năm “{value[:20]}” không hợp lệ: hãy nhập 4 chữ số từ {QUERY_FIRST_YEAR} đến {QUERY_LAST_YEAR}."
        )
    return int(value)
