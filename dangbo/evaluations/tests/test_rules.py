"""Every rule at its boundaries, without a database."""

from datetime import date
from decimal import Decimal

import pytest

from dangbo.evaluations import rules
from dangbo.evaluations.rules import HTNV, HTTNV, HTXSNV, KHTNV


@pytest.mark.parametrize(
    ("year", "code"),
    [
        (2015, "HD27-2014"),
        (2017, "HD27-2014"),
        (2018, "QD132-2018"),
        (2022, "QD132-2018"),
        (2023, "QD124-2023"),
        (2024, "QD124-2023"),
        (2025, "QD366-2025"),
        (2030, "QD366-2025"),
    ],
)
def test_the_year_decides_the_scheme(year, code):
    assert rules.scheme_for(year).code == code


def test_schemes_keep_their_own_wording():
    assert rules.scheme_for(2017).organization_level(HTXSNV).label == "Trong sạch, vững mạnh"
    assert rules.scheme_for(2017).organization_level(KHTNV).label == "Yếu kém"
    assert rules.scheme_for(2016).member_level(HTTNV).label == "Đủ tư cách, hoàn thành tốt nhiệm vụ"
    assert rules.scheme_for(2019).member_level(HTNV).label == "Hoàn thành nhiệm vụ"
    assert rules.scheme_for(2025).scored


def test_cap_allows_exactly_twenty_percent_of_the_good():
    assert rules.excellent_cap(20, 100, year=2019) == []
    [violation] = rules.excellent_cap(21, 100, year=2019)
    assert "21-HD/BTCTW" in violation.message and "tối đa 20" in violation.message


def test_cap_rounds_the_limit_down():
    assert rules.excellent_cap(1, 5, year=2019) == []
    assert rules.excellent_cap(1, 4, year=2019) != []  # 20 % of 4 is 0,8: no excellent member allowed


def test_cap_is_a_setting_and_does_not_apply_before_2018():
    assert rules.excellent_cap(50, 100, year=2017) == []
    assert (
        rules.excellent_cap(50, 100, year=2024, settings=rules.RuleSettings(excellent_cap_enabled=False))
        == []
    )
    assert rules.excellent_cap(50, 100, year=2024) != []


def test_the_seed_district_respects_the_cap_overall():
    assert rules.excellent_cap(648, 4353, year=2019) == []


def test_member_admitted_less_than_six_months_before_year_end_is_not_rated():
    assert rules.member_not_rated_reason(year=2019, admitted_on=date(2019, 6, 30), exempted=False) is None
    reason = rules.member_not_rated_reason(year=2019, admitted_on=date(2019, 7, 1), exempted=False)
    assert reason is not None and "chưa đủ 6 tháng" in reason


def test_exempted_member_is_not_rated():
    reason = rules.member_not_rated_reason(year=2019, admitted_on=date(1990, 1, 1), exempted=True)
    assert reason is not None and "Miễn công tác" in reason


def test_organization_founded_less_than_six_months_before_is_not_rated():
    assert rules.organization_not_rated_reason(year=2019, established_on=date(2019, 6, 30)) is None
    assert rules.organization_not_rated_reason(year=2019, established_on=date(2019, 7, 2)) is not None


@pytest.mark.parametrize(
    ("facts", "trigger"),
    [
        (rules.MemberFacts(disciplined_in_year=True), "bị kỷ luật"),
        (rules.MemberFacts(decline_concluded=True), "suy thoái"),
        (rules.MemberFacts(targets_met_percent=Decimal("49.99")), "dưới 50%"),
    ],
)
def test_member_triggers_force_khtnv(facts, trigger):
    [violation] = rules.member_level_violations(HTNV, facts, year=2019)
    assert trigger in violation.message and "132-QĐ/TW" in violation.message
    assert rules.member_level_violations(KHTNV, facts, year=2019) == []


def test_half_the_targets_met_is_not_a_trigger():
    assert (
        rules.member_level_violations(HTTNV, rules.MemberFacts(targets_met_percent=Decimal(50)), year=2019)
        == []
    )


def test_three_months_sick_leave_caps_the_member_at_htnv():
    sick = rules.MemberFacts(sick_leave_months=Decimal(3))
    assert rules.member_level_violations(HTTNV, sick, year=2019)[0].rule == "sick_leave"
    assert rules.member_level_violations(HTNV, sick, year=2019) == []
    assert (
        rules.member_level_violations(HTTNV, rules.MemberFacts(sick_leave_months=Decimal("2.9")), year=2019)
        == []
    )


def test_organization_excellent_needs_all_complete_and_eighty_percent_good():
    assert (
        rules.organization_excellent_conditions(is_cell=True, sub_ranks=[HTTNV] * 8 + [HTNV] * 2, year=2019)
        == []
    )
    [v] = rules.organization_excellent_conditions(is_cell=True, sub_ranks=[HTTNV] * 7 + [HTNV] * 3, year=2019)
    assert v.rule == "org_excellent_80_percent" and "7/10" in v.message
    [v] = rules.organization_excellent_conditions(is_cell=False, sub_ranks=[HTTNV] * 9 + [KHTNV], year=2019)
    assert v.rule == "org_excellent_all_complete" and "tổ chức trực thuộc" in v.message


def test_collective_triggers():
    assert rules.collective_level_violations(
        HTNV, rules.CollectiveFacts(leadership_discipline_at_warning_or_above=True), year=2019
    )
    assert rules.collective_level_violations(HTNV, rules.CollectiveFacts(disunity_concluded=True), year=2019)
    assert (
        rules.collective_level_violations(
            HTNV, rules.CollectiveFacts(sub_units=10, sub_units_disciplined=2), year=2019
        )
        == []
    )
    assert rules.collective_level_violations(
        HTNV, rules.CollectiveFacts(sub_units=10, sub_units_disciplined=3), year=2019
    )
    assert (
        rules.collective_level_violations(KHTNV, rules.CollectiveFacts(disunity_concluded=True), year=2019)
        == []
    )


def test_weak_before_2018_boundaries():
    assert rules.weak_before_2018(rank=HTNV, score=Decimal(50), is_cell=True) == []
    assert rules.weak_before_2018(rank=HTNV, score=Decimal("49.5"), is_cell=True)
    assert rules.weak_before_2018(rank=HTNV, is_cell=False, sub_units=9, weak_sub_units=3) == []
    assert rules.weak_before_2018(rank=HTNV, is_cell=False, sub_units=9, weak_sub_units=4)
    assert rules.weak_before_2018(rank=HTNV, is_cell=True, members=10, members_not_completing=5) == []
    [v] = rules.weak_before_2018(rank=HTNV, is_cell=True, members=10, members_not_completing=6)
    assert "yếu kém" in v.message and "27-HD/BTCTW" in v.message


@pytest.mark.parametrize(
    ("score", "rank"),
    [
        (Decimal(100), HTXSNV),
        (Decimal(90), HTXSNV),
        (Decimal("89.99"), HTTNV),
        (Decimal(70), HTTNV),
        (Decimal("69.5"), HTNV),
        (Decimal(50), HTNV),
        (Decimal("49.9"), KHTNV),
        (Decimal(0), KHTNV),
    ],
)
def test_qd366_score_bands(score, rank):
    level, _ = rules.level_from_score(rules.ScoreFacts(score=score, tasks_exceeding_percent=Decimal(30)))
    assert level == rank


def test_qd366_conditions_lower_the_level_with_a_reason():
    level, notes = rules.level_from_score(
        rules.ScoreFacts(score=Decimal(95), tasks_exceeding_percent=Decimal("29.9"))
    )
    assert level == HTTNV and "30%" in notes[0]
    level, _ = rules.level_from_score(
        rules.ScoreFacts(
            score=Decimal(95),
            tasks_exceeding_percent=Decimal(40),
            collective=True,
            disciplined_sub_unit_or_leader=True,
        )
    )
    assert level == HTTNV
    level, _ = rules.level_from_score(rules.ScoreFacts(score=Decimal(80), tasks_on_time=False))
    assert level == HTNV
    with pytest.raises(ValueError, match="0 đến 100"):
        rules.level_from_score(rules.ScoreFacts(score=Decimal(101)))


def test_only_top_rated_organizations_may_be_exemplary():
    scheme = rules.scheme_for(2019)
    assert rules.exemplary_violations(HTXSNV, True, scheme) == []
    assert rules.exemplary_violations(HTTNV, True, scheme)[0].rule == "exemplary_only_top"


def test_streak_crosses_the_2018_change_of_scheme():
    history = {
        2015: (HTXSNV, True),
        2016: (HTXSNV, True),
        2017: (HTXSNV, True),
        2018: (HTXSNV, True),
        2019: (HTXSNV, True),
    }
    assert rules.consecutive_years(history, until=2019, exemplary=True) == 5
    history[2017] = (HTXSNV, False)
    assert rules.consecutive_years(history, until=2019, exemplary=True) == 2
    assert rules.consecutive_years(history, until=2019, exemplary=False) == 5
    history[2016] = (HTTNV, False)
    assert rules.consecutive_years(history, until=2019, exemplary=False) == 3


def test_the_rules_package_imports_no_django():
    import ast
    import pathlib

    for path in pathlib.Path(rules.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("django"), path
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("django") for a in node.names), path


def _change(before, after, **kwargs):
    return rules.excellent_cap_change(rules.CapCounts(*before), rules.CapCounts(*after), year=2019, **kwargs)


def test_the_cap_on_a_change_refuses_an_excellent_added_beyond_it():
    assert _change((1, 5), (1, 5)) == []
    [violation] = _change((1, 5), (2, 4))  # an HTTNV member raised to HTXSNV: 2 of 4
    assert (
        violation.rule == "excellent_cap" and "(2)" in violation.message and "tối đa 0" in violation.message
    )
    assert _change((0, 5), (1, 5)) == []  # 1 of 5: at the cap, allowed


def test_the_cap_on_a_change_refuses_lowering_a_good_member_below_it():
    [violation] = _change((1, 5), (1, 4))  # an HTTNV member lowered to HTNV (or not rated)
    assert "vượt quá 20% số đảng viên hoàn thành tốt nhiệm vụ (4; tối đa 0)" in violation.message
    assert "Trước thay đổi này: 1 hoàn thành xuất sắc, 5 hoàn thành tốt" in violation.message
    assert _change((1, 10), (1, 9)) == []  # still within: 1 of 9


def test_a_change_that_does_not_worsen_an_overrun_is_allowed():
    assert _change((3, 5), (2, 6)) == []  # an HTXSNV lowered to HTTNV: still over, but better
    assert _change((3, 5), (2, 5)) == []  # an HTXSNV lowered to HTNV
    assert _change((3, 5), (3, 6)) == []  # an HTTNV added
    assert _change((3, 5), (3, 4)) != []  # an HTTNV lowered: worse


def test_the_cap_on_a_change_follows_the_settings_and_the_years():
    off = rules.RuleSettings(excellent_cap_enabled=False)
    assert _change((1, 5), (1, 4), settings=off) == []
    assert rules.excellent_cap_change(rules.CapCounts(1, 5), rules.CapCounts(1, 4), year=2017) == []
    assert _change((1, 10), (2, 9), settings=rules.RuleSettings(excellent_cap_percent=Decimal(25))) == []
