"""The quarters' rule on the year's rating (rules.quarters, composed in rules.rating): no database."""

from dataclasses import replace
from datetime import date

from dangbo.evaluations.rules import rating as r
from dangbo.evaluations.rules.quarters import QuarterRank, QuarterRules, quarter_findings
from dangbo.evaluations.rules.settings import DEFAULT

FAILED_Q2 = (QuarterRank(1, 2), QuarterRank(2, 4), QuarterRank(3, 2), QuarterRank(4, 1))
ALL_GOOD = (QuarterRank(1, 2), QuarterRank(2, 2), QuarterRank(3, 1), QuarterRank(4, 2))
BLOCKING = replace(DEFAULT, quarters=QuarterRules(blocks=True))


def member(**facts) -> r.MemberYear:
    return r.MemberYear(**{"year": 2025, "admitted_on": date(2005, 3, 2), **facts})


def rules_of(violations):
    """The quarters' findings among the violations (the score's rules of 2025 say their own)."""
    return [v.rule for v in violations if v.rule == "quarter"]


def test_a_failed_quarter_keeps_the_year_at_htnv_or_below():
    for rank in (1, 2):
        found = quarter_findings(rank, FAILED_Q2, year=2025)
        assert [rule for rule, _ in found] == ["quarter"]
        assert "quý 2" in found[0][1] and "Quy định 366-QĐ/TW" in found[0][1]
        assert "DANGBO_QUARTER_RULES" in found[0][1]  # the page says it is a setting
    assert quarter_findings(3, FAILED_Q2, year=2025) == []
    assert quarter_findings(4, FAILED_Q2, year=2025) == []


def test_good_quarters_or_no_quarters_say_nothing():
    assert quarter_findings(1, ALL_GOOD, year=2025) == []
    assert quarter_findings(1, (), year=2025) == []
    assert quarter_findings(None, FAILED_Q2, year=2025) == []


def test_the_earlier_schemes_are_untouched():
    assert quarter_findings(1, FAILED_Q2, year=2024) == []
    assert rules_of(r.member_warnings(1, member(year=2024, quarters=FAILED_Q2))) == []


def test_the_ceiling_is_a_setting():
    stricter = QuarterRules(ceiling=4)  # a failed quarter: the year KHTNV
    assert quarter_findings(3, FAILED_Q2, year=2025, rules=stricter)
    assert quarter_findings(3, FAILED_Q2, year=2025, rules=QuarterRules(ceiling=None)) == []
    assert quarter_findings(1, FAILED_Q2, year=2026, rules=QuarterRules(first_year=2027)) == []
    assert "cài đặt" in QuarterRules().describe() and "cảnh báo" in QuarterRules().describe()
    assert "chặn" in QuarterRules(blocks=True).describe()


def test_by_default_it_warns_and_does_not_block():
    facts = member(quarters=FAILED_Q2)
    assert "quarter" not in rules_of(r.member_violations(2, facts))
    assert rules_of(r.member_warnings(2, facts)) == ["quarter"]
    assert rules_of(r.member_warnings(3, facts)) == []


def test_when_set_to_block_the_decision_meets_it_once():
    facts = member(quarters=FAILED_Q2)
    assert rules_of(r.member_violations(1, facts, settings=BLOCKING)) == ["quarter"]
    assert rules_of(r.member_warnings(1, facts, settings=BLOCKING)) == ["quarter"]  # not twice


def test_a_collective_is_held_to_its_own_quarters():
    facts = r.OrganizationYear(year=2025, established_on=date(2015, 1, 1), is_cell=True, quarters=FAILED_Q2)
    assert "quarter" not in rules_of(r.organization_violations(2, facts))
    warned = [v for v in r.organization_warnings(2, facts) if v.rule == "quarter"]
    assert len(warned) == 1 and warned[0].message.startswith("Tổ chức")
    assert rules_of(r.organization_violations(2, facts, settings=BLOCKING)) == ["quarter"]
    assert rules_of(r.organization_warnings(3, facts)) == []


def test_the_self_assessment_form_follows_the_record():
    from dangbo.evaluations.rules.forms import self_assessment_form

    assert self_assessment_form("Bí thư Đảng ủy phường").code == "2A"
    assert self_assessment_form("Phó Chủ tịch UBND phường").code == "2A"
    assert self_assessment_form("Giáo viên").code == "2B"
    assert self_assessment_form("Chuyên viên Văn phòng UBND").code == "2B"
    assert self_assessment_form("").code == "2B"
    assert self_assessment_form("Cán bộ hưu trí").code == "2C"
    assert self_assessment_form("Trưởng phòng", retired=True).code == "2C"  # retired first
    assert self_assessment_form("Sinh viên").code == "2C"
    assert self_assessment_form("Nhân viên công ty tư nhân").code == "2C"
