"""The pure rules of targets and meetings, at their boundaries (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dangbo.targets import rules
from dangbo.targets.demo import shares
from dangbo.targets.render import percent_words


def test_achievement_is_rounded_half_up_to_two_decimals():
    assert rules.achievement_percent(260, 250) == Decimal("104.00")
    assert rules.achievement_percent(271, 261) == Decimal("103.83")
    assert rules.achievement_percent(1, 3) == Decimal("33.33")
    assert rules.achievement_percent(2, 3) == Decimal("66.67")
    assert rules.achievement_percent(1, 8) == Decimal("12.50")


def test_without_a_target_there_is_no_percentage():
    assert rules.achievement_percent(5, None) is None
    assert rules.achievement_percent(5, 0) is None


@pytest.mark.parametrize(
    ("value", "ok"),
    [(1, True), (1_000_000, True), (0, False), (-3, False), (1_000_001, False), ("5", False), (True, False)],
)
def test_a_target_is_a_positive_whole_number(value, ok):
    assert (rules.check_target_value(value) == []) is ok


def test_configured_kinds_follow_the_built_in_ones():
    kinds = rules.build_kinds(
        [
            {
                "key": "youth",
                "label": "Kết nạp thanh niên nhập ngũ",
                "measure": "admissions",
                "source_groups": ["youth_conscript"],
            }
        ]
    )
    assert [k.key for k in kinds] == ["new_members", "cells_non_state", "cells_apartment", "youth"]
    assert kinds[-1].verb == "kết nạp" and kinds[-1].source_groups == ("youth_conscript",)


def test_a_bad_configured_kind_fails_loudly():
    with pytest.raises(rules.KindError, match="cách tính"):
        rules.build_kinds([{"key": "x", "label": "X", "measure": "meetings"}])
    with pytest.raises(rules.KindError, match="hai lần"):
        rules.build_kinds([{"key": "new_members", "label": "X", "measure": "admissions"}])
    with pytest.raises(rules.KindError, match="thiếu"):
        rules.build_kinds([{"key": "x", "measure": "admissions"}])


def test_months_of_life_cover_every_month_with_at_least_one_day():
    life = rules.Life(date(2019, 4, 15), date(2019, 9, 1))
    assert rules.months_of_life(2019, life) == [4, 5, 6, 7, 8]
    assert rules.months_of_life(2019, rules.Life(date(2019, 4, 30), date(2019, 5, 1))) == [4]
    assert rules.months_of_life(2018, life) == []
    assert rules.months_of_life(2019, rules.Life(date(2000, 1, 1)), until=date(2019, 3, 1)) == [1, 2, 3]


def test_months_without_a_meeting():
    life = rules.Life(date(2000, 1, 1))
    assert rules.months_without_meeting(2019, life, [1, 3, 4, 5, 6, 7, 9, 10, 11, 12]) == [2, 8]
    assert rules.months_without_meeting(2019, life, range(1, 13)) == []


def test_a_meeting_outside_the_cells_life_is_refused():
    life = rules.Life(date(2019, 4, 15), date(2019, 9, 1))
    assert rules.meeting_day_violations(date(2019, 4, 15), life, "Chi bộ A") == []
    assert rules.meeting_day_violations(date(2019, 8, 31), life, "Chi bộ A") == []
    [before] = rules.meeting_day_violations(date(2019, 4, 14), life, "Chi bộ A")
    assert "trước ngày thành lập Chi bộ A (15/04/2019)" in before
    [after] = rules.meeting_day_violations(date(2019, 9, 1), life, "Chi bộ A")
    assert "đã giải thể, sáp nhập từ ngày 01/09/2019" in after


def test_absent_without_reason_three_distinct_months_is_a_ground_for_removal():
    found = rules.absentees({1: [3, 3, 6], 2: [3, 6, 9], 3: [1, 2, 3, 4]})
    assert [(a.member_id, a.months) for a in found] == [(3, (1, 2, 3, 4)), (2, (3, 6, 9))]
    assert "Điều lệ Đảng, Điều 8, khoản 2" in found[1].message
    assert "3 tháng" in found[1].message


def test_shares_add_up_to_the_whole():
    parts = shares(261, {"a": 100, "b": 100, "c": 71})
    assert sum(parts.values()) == 261
    assert parts == {"a": 96, "b": 96, "c": 69}
    assert shares(0, {"a": 1}) == {"a": 0}


def test_whole_percentages_are_printed_as_the_reports_print_them():
    assert percent_words("104.00") == "104 %"
    assert percent_words("103.83") == "103,83 %"
