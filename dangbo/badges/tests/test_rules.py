"""The badge rules (dangbo/badges/rules.py) at their boundaries, without a database.

Source: Hướng dẫn 01-HD/TW (28/9/2021), mục 18 (levels 30, 40, 45 … 90 years; the occasions 3/2, 19/5,
2/9, 7/11; posthumous award up to 12 months early); domain.md §3 (party age from the admission
decision) and §6 (the time out of the party of a readmitted member is not counted)."""

from __future__ import annotations

from datetime import date

import pytest

from dangbo.badges import rules
from dangbo.badges.rules import BadgeSettings, Break

ADMITTED = date(1989, 11, 7)


def test_thirty_years_are_reached_on_the_anniversary_of_the_decision_not_the_day_before():
    assert rules.party_years(ADMITTED, date(2019, 11, 6)) == 29
    assert rules.party_years(ADMITTED, date(2019, 11, 7)) == 30
    assert rules.level_on(ADMITTED, date(2019, 11, 6)) is None
    assert rules.level_on(ADMITTED, date(2019, 11, 7)) == 30


def test_the_levels_after_forty_come_every_five_years_and_stop_at_ninety():
    admitted = date(1930, 2, 3)
    assert rules.level_on(admitted, date(1970, 2, 3)) == 40
    assert rules.level_on(admitted, date(1975, 2, 2)) == 40  # 44 years: still 40
    assert rules.level_on(admitted, date(1975, 2, 3)) == 45
    assert rules.level_on(admitted, date(2019, 11, 7)) == 85
    assert rules.level_on(admitted, date(2020, 2, 3)) == 90
    assert rules.level_on(admitted, date(2030, 2, 3)) == 90  # 100 years: no level above 90


def test_a_member_is_due_once_at_the_highest_level_reached_and_not_yet_awarded():
    admitted = date(1969, 5, 19)  # 50 years on 19/05/2019
    day = date(2019, 5, 19)
    assert rules.due_level(admitted, day) == 50  # never awarded: the 50-year badge, not 30, 40, 45
    assert rules.due_level(admitted, day, awarded=[30, 40]) == 50
    assert rules.due_level(admitted, day, awarded=[50]) is None
    assert rules.due_level(admitted, day, awarded=[55]) is None
    assert rules.due_level(admitted, date(2019, 5, 18), awarded=[40]) == 45  # a day early: 49 years


def test_time_out_of_the_party_moves_the_anniversary_later_by_its_days():
    admitted = date(1985, 9, 2)
    out = Break(date(1990, 1, 1), date(1990, 1, 11))  # 10 days out, readmitted on 11/01/1990
    assert rules.level_reached_on(admitted, 30, [out]) == date(2015, 9, 12)
    assert rules.party_years(admitted, date(2015, 9, 11), [out]) == 29
    assert rules.party_years(admitted, date(2015, 9, 12), [out]) == 30
    kept = BadgeSettings(deduct_time_out=False)  # the setting (UNCONFIRMED details) turned off
    assert rules.party_years(admitted, date(2015, 9, 2), [out], kept) == 30


def test_a_stretch_before_admission_or_after_the_anniversary_does_not_count():
    admitted = date(1985, 9, 2)
    later = Break(date(2016, 1, 1), date(2017, 1, 1))
    earlier = Break(date(1980, 1, 1), date(1981, 1, 1))
    assert rules.level_reached_on(admitted, 30, [later, earlier]) == date(2015, 9, 2)


def test_an_admission_on_29_february_has_its_anniversary_on_28_february_in_a_common_year():
    admitted = date(1988, 2, 29)
    assert rules.level_reached_on(admitted, 30) == date(2018, 2, 28)
    assert rules.party_years(admitted, date(2018, 2, 27)) == 29
    assert rules.party_years(admitted, date(2018, 2, 28)) == 30
    assert rules.level_reached_on(admitted, 40) == date(2028, 2, 29)  # a leap year: the day itself


def test_a_deceased_member_may_be_awarded_posthumously_up_to_twelve_months_early():
    admitted = date(1990, 6, 1)  # 30 years on 01/06/2020
    assert rules.posthumous_level(admitted, date(2019, 6, 1)) == 30  # exactly 12 months early
    assert rules.posthumous_level(admitted, date(2019, 5, 31)) is None  # one day more: not yet
    assert rules.posthumous_level(admitted, date(2019, 6, 1), awarded=[30]) is None
    assert (
        rules.posthumous_level(admitted, date(2019, 6, 1), settings=BadgeSettings(posthumous_early_months=0))
        is None
    )


@pytest.mark.parametrize("day", [date(2019, 2, 3), date(2019, 5, 19), date(2019, 9, 2), date(2019, 11, 7)])
def test_the_four_anniversaries_are_occasions(day):
    assert rules.occasion_problems(day) == []


def test_another_day_is_refused_with_the_occasions_of_the_settings():
    (problem,) = rules.occasion_problems(date(2019, 11, 8))
    assert "08/11/2019 không phải là dịp trao Huy hiệu Đảng" in problem
    assert "03/02, 19/05, 02/09, 07/11" in problem
    assert rules.occasion_problems(date(2019, 12, 22), BadgeSettings(occasions=((22, 12),))) == []


def test_the_settings_read_occasions_as_dd_mm_and_sort_the_levels():
    config = BadgeSettings.from_mapping({"levels": [40, 30], "occasions": ["07/11", "3/2"]})
    assert config.levels == (30, 40)
    assert config.occasions == ((7, 11), (3, 2))
    with pytest.raises(ValueError):
        BadgeSettings.from_mapping({"occasions": ["31/02"]})


def test_the_next_occasion_is_the_day_itself_or_the_first_after_it():
    assert rules.next_occasion(date(2019, 11, 7)) == date(2019, 11, 7)
    assert rules.next_occasion(date(2019, 11, 8)) == date(2020, 2, 3)
    assert rules.next_occasion(date(2019, 5, 20)) == date(2019, 9, 2)


def test_a_stretch_out_must_end_after_it_begins_and_begin_after_admission():
    assert rules.break_problems(ADMITTED, date(1995, 1, 1), date(1996, 1, 1)) == []
    assert rules.break_problems(ADMITTED, date(1995, 1, 1), date(1995, 1, 1)) == [
        "Ngày kết nạp lại phải sau ngày ra khỏi Đảng."
    ]
    assert (
        "sau ngày vào Đảng (07/11/1989)"
        in rules.break_problems(ADMITTED, date(1988, 1, 1), date(1996, 1, 1))[0]
    )


def test_the_tally_lists_every_level_with_zeros():
    assert rules.Tally.of((30, 40, 45), [30, 30, 45]).counts == {30: 2, 40: 0, 45: 1}
