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
