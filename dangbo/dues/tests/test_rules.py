"""The pure dues rules at their boundaries, each with its source (dangbo/dues/rules.py, domain.md §6)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dangbo.dues import rules
from dangbo.dues.rules import MonthRecord

# --- the regime switch (Quy định 01-QĐ/TW, 03/02/2026; the month: a setting) ----------------------------


def test_the_month_before_the_switch_follows_qd342_and_the_switch_month_qd01():
    assert rules.regime(2026, 1) == rules.QD342
    assert rules.regime(2026, 2) == rules.QD01
    assert rules.regime(2025, 12) == rules.QD342
    assert rules.regime(2027, 1) == rules.QD01


def test_the_switch_month_is_a_setting():
    s = rules.settings_from({"switch_month": 1})
    assert rules.regime(2026, 1, s) == rules.QD01
    assert rules.regime(2025, 12, s) == rules.QD342


# --- the amounts (QĐ 01: 1 % of the SI salary, 1 % of a benefit, 0,5 % of a pension, students 5.000) -------


def test_qd01_salaried_pay_one_percent_of_the_previous_months_salary():
    due = rules.monthly_due(rules.SALARIED, 5_310_000, 2026, 3)
    assert due.amount == 53_000  # 53.100 rounded half up to 1.000 (setting)
    assert due.regime == rules.QD01 and due.confirmed


def test_qd01_benefit_pays_one_percent_and_pension_half_a_percent():
    assert rules.monthly_due(rules.BENEFIT, 4_000_000, 2026, 3).amount == 40_000
    assert rules.monthly_due(rules.PENSION, 6_000_000, 2026, 3).amount == 30_000


def test_qd01_students_pay_five_thousand_dong_flat():
    due = rules.monthly_due(rules.STUDENT, 0, 2026, 5)
    assert due.amount == 5_000 and due.confirmed


def test_qd342_rates_are_settings_not_confirmed():
    due = rules.monthly_due(rules.STUDENT, 0, 2026, 1)
    assert due.regime == rules.QD342 and not due.confirmed
    assert due.amount == 2_000
    assert rules.monthly_due(rules.PENSION, 6_000_000, 2025, 12).amount == 30_000


def test_other_categories_of_qd01_are_unconfirmed():
    assert not rules.monthly_due(rules.OTHER, 0, 2026, 3).confirmed


def test_rounding_is_half_up_at_the_step():
    assert rules.round_amount(Decimal("53499"), 1000) == 53_000
    assert rules.round_amount(Decimal("53500"), 1000) == 54_000
    assert rules.round_amount(Decimal("53500.4"), 1) == 53_500
    # 1 % of 5.350.000 = 53.500 -> 54.000
    assert rules.monthly_due(rules.SALARIED, 5_350_000, 2026, 3).amount == 54_000
    # without rounding (rounding: 1 đồng)
    s = rules.settings_from({"rounding": 1})
    assert rules.monthly_due(rules.SALARIED, 5_350_050, 2026, 3, s).amount == 53_501


def test_a_small_income_still_pays_one_step_and_no_income_nothing():
    assert rules.monthly_due(rules.PENSION, 100_000, 2026, 3).amount == 1_000  # 500 -> one step
    assert rules.monthly_due(rules.SALARIED, 0, 2026, 3).amount == 0


def test_a_rate_given_in_the_settings_is_unconfirmed():
    s = rules.settings_from({"rates": {"qd01": {"salaried": {"percent": "1.5"}}}})
    due = rules.monthly_due(rules.SALARIED, 2_000_000, 2026, 3, s)
    assert due.amount == 30_000 and not due.confirmed


def test_bad_settings_are_refused_at_start():
    with pytest.raises(ValueError):
        rules.settings_from({"keep_percent": {"grassroots": 101}})
    with pytest.raises(ValueError):
        rules.settings_from({"rates": {"qd99": {}}})
    with pytest.raises(ValueError):
        rules.settings_from({"rounding": 0})


def test_a_basis_of_an_income_category_needs_an_income_and_a_flat_one_none():
    assert rules.basis_violations(rules.SALARIED, None)
    assert rules.basis_violations(rules.SALARIED, 0)
    assert rules.basis_violations(rules.SALARIED, rules.MAX_INCOME + 1)
    assert rules.basis_violations(rules.SALARIED, 5_000_000) == []
    assert rules.basis_violations(rules.STUDENT, 100)
    assert rules.basis_violations(rules.STUDENT, None) == []
    assert rules.basis_violations("vip", None)


# --- arrears ---------------------------------------------------------------------------------------------


def test_arrears_are_never_negative_and_do_not_carry_over():
    assert rules.arrears(53_000, 0) == 53_000
    assert rules.arrears(53_000, 50_000) == 3_000
    assert rules.arrears(53_000, 53_000) == 0
    assert rules.arrears(53_000, 100_000) == 0


# --- the removal ground (Điều lệ Đảng, Điều 8: 3 months in a year without reason) --------------------------


def _month(m, *, due=5_000, paid=0, excused=False, kept=True):
    return MonthRecord(m, due, paid, excused, kept)


def test_two_unpaid_months_are_no_ground_three_are():
    assert (
        rules.removal_ground(rules.unpaid_months([_month(1), _month(2), _month(3, paid=5_000)]), 2026) is None
    )
    ground = rules.removal_ground(rules.unpaid_months([_month(1), _month(2), _month(5)]), 2026)
    assert ground is not None
    assert (
        "3 tháng trong năm 2026" in ground
        and "tháng 01, 02, 05" in ground
        and "Điều lệ Đảng, Điều 8" in ground
    )


def test_an_excused_month_a_month_without_a_book_or_nothing_due_is_not_counted():
    records = [_month(1, excused=True), _month(2, kept=False), _month(3, due=0), _month(4)]
    assert rules.unpaid_months(records) == (4,)


def test_a_part_payment_is_a_payment():
    assert rules.unpaid_months([_month(1, paid=1_000)]) == ()


# --- the shares (a setting) ------------------------------------------------------------------------------


def test_a_level_keeps_its_share_and_sends_the_rest_the_two_adding_up():
    share = rules.split(100_001, "grassroots")
    assert share.kept == 50_001 and share.sent_up == 50_000  # 50 % of 100.001 = 50.000,5 -> 50.001
    assert share.kept + share.sent_up == share.received
    s = rules.settings_from({"keep_percent": {"grassroots": 70}})
    assert rules.split(10_000, "grassroots", s).kept == 7_000
    assert rules.split(10_000, "partial_committee").kept == 0


def test_the_level_of_each_kind():
    assert rules.level_of("affiliated_cell") == "affiliated_cell"
    assert rules.level_of("grassroots_cell") == "grassroots"
    assert rules.level_of("district") == "superior"
    assert rules.level_of("province") == "province"
