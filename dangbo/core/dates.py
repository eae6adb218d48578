"""Effective dating: a row is valid on day D when valid_from <= D < valid_to.
Open-ended rows carry OPEN_END so that range conditions stay indexable."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from django.conf import settings
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
    if remaining > 0:
        # whole weeks at once: from a weekday, 5 working days later is the same weekday a week on;
        # from a Saturday or a Sunday, the working days counted are those counted from the Friday
        if current.weekday() >= 5:
            current -= timedelta(days=current.weekday() - 4)
        weeks, remaining = divmod(remaining, 5)
        current += timedelta(weeks=weeks)
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


# --- the one date policy of what comes in (web forms, API, import) --------------------------------

EARLIEST_BIRTH = date(1900, 1, 1)
LATEST_DAY = date(2100, 12, 31)  # the last day any date that comes in may name
PARTY_FOUNDED = date(1930, 2, 3)  # the founding of the Communist Party of Vietnam
FIRST_REVIEW_YEAR = 1990


class DateKind(StrEnum):
    """What a date is, which decides the days it may be."""

    BIRTH = "birth"  # 01/01/1900 to today
    DECISION = "decision"  # party work: from the party's founding to a year ahead (a setting)
    DAY = "day"  # any other day (an as-of day, an expiry): 01/01/1900 to 31/12/2100


class DateRefused(ValueError):
    """A day refused by check_date; `message` is Vietnamese and names the field."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def shown(day: date) -> str:
    """dd/mm/yyyy for any year (strftime writes the year 1 as "1")."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def latest_decision(today_: date | None = None) -> date:
    days = int(settings.DANGBO_DATE_MAX_FUTURE_DAYS)
    base = today_ or today()
    try:
        return base + timedelta(days=days)
    except OverflowError:
        return date.max


def bounds(kind: DateKind, today_: date | None = None) -> tuple[date, date]:
    """The first and the last day a date of this kind may be."""
    if kind == DateKind.BIRTH:
        return EARLIEST_BIRTH, today_ or today()
    if kind == DateKind.DECISION:
        return PARTY_FOUNDED, latest_decision(today_)
    return EARLIEST_BIRTH, LATEST_DAY


def check_date(value: date, *, kind: DateKind, label: str, today_: date | None = None) -> date:
    """`value` if it is a possible day for a date of this kind; DateRefused naming `label` otherwise."""
    earliest, latest = bounds(kind, today_)
    if earliest <= value <= latest:
        return value
    what = label[:1].upper() + label[1:]
    if kind == DateKind.BIRTH:
        if value > latest:
            raise DateRefused(f"{what} {shown(value)} ở tương lai.")
        raise DateRefused(f"{what} {shown(value)} trước năm {earliest.year}: không hợp lệ.")
    if kind == DateKind.DECISION:
        if value < earliest:
            raise DateRefused(
                f"{what} {shown(value)} trước ngày thành lập Đảng ({shown(earliest)}): không hợp lệ."
            )
        raise DateRefused(f"{what} {shown(value)} quá xa trong tương lai (muộn nhất {shown(latest)}).")
    raise DateRefused(f"{what} {shown(value)} nằm ngoài khoảng {shown(earliest)}–{shown(latest)}.")


def check_review_year(year: int, *, label: str = "Năm", today_: date | None = None) -> int:
    """A year of the annual review: from FIRST_REVIEW_YEAR to this year (DateRefused otherwise)."""
    current = (today_ or today()).year
    if not FIRST_REVIEW_YEAR <= year <= current:
        raise DateRefused(f"{label} {year} không hợp lệ (từ {FIRST_REVIEW_YEAR} đến {current}).")
    return year


# The days and years a query string (?ngay=, ?nam=, ?tu-ngay=) may name: anything else is refused with
# a message, never carried to date() or to the database, where 31/12/9999 + 1 day or the year 10000
# would be a server error.
QUERY_FIRST_YEAR, QUERY_LAST_YEAR = EARLIEST_BIRTH.year, LATEST_DAY.year


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


# --- the date policy as a regular expression (for the API's schema) ------------------------------


def _digits(low: int, high: int, width: int) -> str:
    """A regular expression of the numbers low…high written with `width` digits (zero-padded)."""
    if width == 1:
        return str(low) if low == high else f"[{low}-{high}]"
    if low == 0 and high == 10**width - 1:
        return f"[0-9]{{{width}}}"
    size = 10 ** (width - 1)
    first_low, rest_low = divmod(low, size)
    first_high, rest_high = divmod(high, size)
    if first_low == first_high:
        return f"{first_low}{_digits(rest_low, rest_high, width - 1)}"
    parts = [f"{first_low}{_digits(rest_low, size - 1, width - 1)}"]
    if first_low + 1 <= first_high - 1:
        parts.append(f"{_digits(first_low + 1, first_high - 1, 1)}[0-9]{{{width - 1}}}")
    parts.append(f"{first_high}{_digits(0, rest_high, width - 1)}")
    return f"(?:{'|'.join(parts)})"


def _month_days(first: tuple[int, int], last: tuple[int, int]) -> str:
    """MM-DD from (month, day) `first` to `last` within one year (the day up to 31: the calendar is
    the `date` format's business)."""
    (m1, d1), (m2, d2) = first, last
    if m1 == m2:
        return f"{m1:02d}-{_digits(d1, d2, 2)}"
    parts = [f"{m1:02d}-{_digits(d1, 31, 2)}"]
    if m1 + 1 <= m2 - 1:
        parts.append(f"{_digits(m1 + 1, m2 - 1, 2)}-{_digits(1, 31, 2)}")
    parts.append(f"{m2:02d}-{_digits(1, d2, 2)}")
    return f"(?:{'|'.join(parts)})"


def date_pattern(first: date, last: date) -> str:
    """The days first…last written YYYY-MM-DD, as a regular expression (the `pattern` of a JSON
    Schema string of format `date`, which decides whether a day exists)."""
    if first.year == last.year:
        body = f"{first.year:04d}-{_month_days((first.month, first.day), (last.month, last.day))}"
    else:
        parts = [f"{first.year:04d}-{_month_days((first.month, first.day), (12, 31))}"]
        if first.year + 1 <= last.year - 1:
            parts.append(f"{_digits(first.year + 1, last.year - 1, 4)}-{_month_days((1, 1), (12, 31))}")
        parts.append(f"{last.year:04d}-{_month_days((1, 1), (last.month, last.day))}")
        body = f"(?:{'|'.join(parts)})"
    return f"^{body}$"
