"""dangbo.core.dates.add_working_days: whole weeks at once, the same days as counting one by one."""

from __future__ import annotations

from datetime import date, timedelta

from dangbo.core.dates import add_working_days


def _counted_one_by_one(day: date, count: int) -> date:
    current, remaining = day, count
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def test_add_working_days_is_the_count_day_by_day_from_every_weekday() -> None:
    start = date(2019, 12, 23)  # a Monday; the 14 days below start on each weekday twice, across a year's end
    for offset in range(14):
        day = start + timedelta(days=offset)
        for count in range(-1, 66):
            assert add_working_days(day, count) == _counted_one_by_one(day, count), (day, count)


def test_add_working_days_examples() -> None:
    assert add_working_days(date(2026, 12, 4), 1) == date(2026, 12, 7)  # Friday -> Monday
    assert add_working_days(date(2026, 12, 5), 5) == date(2026, 12, 11)  # Saturday -> the next Friday
    assert add_working_days(date(2026, 12, 7), 30) == date(2027, 1, 18)  # six weeks on
    assert add_working_days(date(2026, 12, 6), 0) == date(2026, 12, 6)  # nothing to add: the day itself
