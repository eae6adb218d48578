"""QĐ 366-QĐ/TW and HD 43-HD/BTCTW (the review from 2025) at each rule's boundary, each violation
naming its article; without a database (pure tests of rules/)."""

from datetime import date
from decimal import Decimal

import pytest

from dangbo.evaluations import rules
from dangbo.evaluations.rules import HTNV, HTTNV, HTXSNV, KHTNV
from dangbo.evaluations.rules import rating as r

Y = 2025
D = Decimal


def _member(**facts) -> r.MemberYear:
    base = {"year": Y, "admitted_on": date(2000, 1, 1), "score": D(80), "targets_met_percent": D(100)}
    return r.MemberYear(**{**base, **facts})


def _codes(found):
    return [v.rule for v in found]


# --- the 100-point score --------------------------------------------------------------------------


def test_the_score_is_general_criteria_30_and_results_70():
    assert rules.score_total(D(30), D(70), year=Y) == D(100)
    assert rules.score_total(D("25.5"), D(60), year=Y) == D("85.5")
    assert rules.score_total(None, None, year=Y) is None
    with pytest.raises(ValueError, match=r"tiêu chí chung phải từ 0 đến 30 \(Quy định 366-QĐ/TW, Điều 11\)"):
        rules.score_total(D("30.01"), D(0), year=Y)
    with pytest.raises(ValueError, match="kết quả phải từ 0 đến 70"):
        rules.score_total(D(0), D("70.5"), year=Y)
    with pytest.raises(ValueError):
        rules.score_total(D(-1), None, year=Y)


@pytest.mark.parametrize(
    ("score", "band"),
    [(100, HTXSNV), (90, HTXSNV), ("89.99", HTTNV), (70, HTTNV), ("69.99", HTNV), (50, HTNV), ("49.99", KHTNV), (0, KHTNV)],
)  # fmt: skip
def test_the_band_suggests_the_level(score, band):
    assert rules.score_band(D(score)) == band


def test_the_bands_are_settings():
    stricter = rules.RuleSettings(score_bands=(D(95), D(75), D(55)))
    assert rules.score_band(D(92), settings=stricter) == HTTNV
    assert rules.score_band(D(54), settings=stricter) == KHTNV


def test_a_rating_above_the_band_is_a_violation_citing_article_11():
    assert _codes(r.member_violations(HTTNV, _member(score=D(70)))) == []
    [v] = r.member_violations(HTTNV, _member(score=D("69.5")))
    assert v.rule == "score_band" and "Quy định 366-QĐ/TW, Điều 11" in v.message
    assert "“Hoàn thành nhiệm vụ”" in v.message
    assert r.member_violations(HTNV, _member(score=D(95))) == []  # lower than the band: the level's call


def test_a_2025_decision_needs_a_score():
    [v] = r.member_violations(HTTNV, _member(score=None))
    assert v.rule == "score_missing" and "Điều 11" in v.message and "30" in v.message and "70" in v.message
    # none for the years before: the score did not exist
    assert r.member_violations(HTTNV, _member(year=2024, score=None)) == []


# --- the top level's extra conditions (HTXSNV) -----------------------------------------------------


def test_htxsnv_needs_90_all_tasks_done_and_30_percent_exceeding():
    ok = _member(score=D(90), tasks_exceeding_percent=D(30))
    assert r.member_violations(HTXSNV, ok) == []
    [v] = r.member_violations(HTXSNV, _member(score=D(90), tasks_exceeding_percent=D("29.9")))
    assert v.rule == "score_band" and "dưới 30% nhiệm vụ vượt mức" in v.message and "Điều 11" in v.message
    [v] = r.member_violations(
        HTXSNV, _member(score=D(95), tasks_exceeding_percent=D(50), targets_met_percent=D("99.5"))
    )
    assert "chưa hoàn thành 100% nhiệm vụ" in v.message


def test_htxsnv_for_a_collective_also_needs_no_discipline_and_shortcomings_fixed():
    def org(**facts):
        base = {"year": Y, "established_on": date(2000, 1, 1), "is_cell": True, "score": D(92)}
        return r.OrganizationYear(**{**base, "tasks_exceeding_percent": D(40), **facts})

    assert r.organization_violations(HTXSNV, org()) == []
    found = r.organization_violations(HTXSNV, org(shortcomings_fixed=False))
    assert _codes(found) == ["score_band"] and "chưa khắc phục hạn chế" in found[0].message
    found = r.organization_violations(HTXSNV, org(leadership_disciplined=True))
    assert "bị kỷ luật" in " ".join(v.message for v in found)
    # HD 21's 80 % condition is not the 2025 rule: a cell at HTXSNV with 7/10 at HTTNV
    assert r.organization_violations(HTXSNV, org(sub_ranks=(HTTNV,) * 7 + (HTNV,) * 3)) == []
    assert _codes(r.organization_violations(HTXSNV, org(year=2024, score=None, sub_ranks=(HTTNV,) * 7 + (HTNV,) * 3))) == [
        "org_excellent_80_percent"
    ]  # fmt: skip


def test_httnv_needs_all_tasks_on_time():
    [v] = r.member_violations(HTTNV, _member(score=D(85), tasks_on_time=False))
    assert "đúng tiến độ" in v.message and "Điều 11" in v.message
    assert r.member_violations(HTNV, _member(score=D(85), tasks_on_time=False)) == []


# --- the KHTNV cases ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "facts",
    [
        {"disciplined_in_year": True},
        {"decline_concluded": True},
        {"targets_met_percent": D("49.99")},
    ],
)
def test_member_khtnv_cases_cite_article_11(facts):
    found = r.member_violations(HTNV, _member(**facts))
    khtnv = [v for v in found if v.rule == "member_khtnv"]
    assert khtnv and "Quy định 366-QĐ/TW, Điều 11" in khtnv[0].message
    assert "member_khtnv" not in _codes(r.member_violations(KHTNV, _member(score=D(40), **facts)))


def test_half_the_tasks_is_not_a_khtnv_case():
    assert "member_khtnv" not in _codes(
        r.member_violations(HTNV, _member(targets_met_percent=D(50), score=D(60)))
    )


def test_collective_khtnv_cases_cite_article_11():
    found = rules.collective_level_violations(HTNV, rules.CollectiveFacts(disunity_concluded=True), year=Y)
    assert found and "Quy định 366-QĐ/TW, Điều 11" in found[0].message
    assert (
        rules.collective_level_violations(
            HTNV, rules.CollectiveFacts(sub_units=10, sub_units_disciplined=2), year=Y
        )
        == []
    )
    assert rules.collective_level_violations(
        HTNV, rules.CollectiveFacts(sub_units=10, sub_units_disciplined=3), year=Y
    )


# --- who is not rated -------------------------------------------------------------------------------


def test_suspended_members_are_not_rated_from_2025_article_5():
    reason = rules.member_not_rated_reason(
        year=Y, admitted_on=date(2000, 1, 1), exempted=False, suspended=True
    )
    assert reason == "Đình chỉ sinh hoạt đảng (Quy định 366-QĐ/TW, Điều 5)"
    assert r.member_not_rated(_member(suspended=True)) == reason
    # before 2025 suspension was not a case of its own
    assert (
        rules.member_not_rated_reason(year=2024, admitted_on=date(2000, 1, 1), exempted=False, suspended=True)
        is None
    )
    [v] = r.member_violations(HTTNV, _member(suspended=True))
    assert v.rule == "not_rated" and "Điều 5" in v.message


def test_exempted_and_newly_admitted_cite_article_5_from_2025():
    exempted = rules.member_not_rated_reason(year=Y, admitted_on=date(2000, 1, 1), exempted=True)
    assert exempted == "Miễn công tác và sinh hoạt đảng (Quy định 366-QĐ/TW, Điều 5)"
    assert rules.member_not_rated_reason(year=Y, admitted_on=date(2025, 6, 30), exempted=False) is None
    new = rules.member_not_rated_reason(year=Y, admitted_on=date(2025, 7, 1), exempted=False)
    assert new == "Vào Đảng chưa đủ 6 tháng (Quy định 366-QĐ/TW, Điều 5)"
    # the 2019 wording is unchanged
    assert rules.member_not_rated_reason(year=2019, admitted_on=date(2019, 7, 1), exempted=False) == (
        "Vào Đảng chưa đủ 6 tháng (HD 21-HD/BTCTW, mục II.6)"
    )


def test_sick_leave_bar_is_gone_from_2025_hd43_7_5():
    sick = rules.MemberFacts(sick_leave_months=D(6))
    assert rules.member_level_violations(HTXSNV, sick, year=Y) == []
    assert r.member_violations(HTTNV, _member(sick_leave_months=D(12))) == []
    [v] = rules.member_level_violations(HTTNV, sick, year=2024)
    assert v.rule == "sick_leave" and "25-HD/BTCTW" in v.message
    [v] = rules.member_level_violations(HTTNV, sick, year=2019)
    assert "21-HD/BTCTW" in v.message
    assert rules.scheme_for(Y).cite("sick_leave") == "Hướng dẫn 43-HD/BTCTW, mục 7.5"


def test_temporary_activity_is_cited_from_hd43_7_6():
    assert rules.scheme_for(Y).temporary_comment
    assert rules.scheme_for(Y).cite("temporary") == "Hướng dẫn 43-HD/BTCTW, mục 7.6"
    assert not rules.scheme_for(2024).temporary_comment


# --- the cap: groups, collectives, 25 %, blocks or warns -----------------------------------------------


def test_the_cap_counts_20_percent_and_cites_article_11_1_5():
    assert rules.excellent_cap(20, 100, year=Y) == []
    [v] = rules.excellent_cap(21, 100, year=Y)
    assert "Quy định 366-QĐ/TW, Điều 11, khoản 1.5" in v.message and "tối đa 20" in v.message


def test_a_recorded_decision_raises_the_cap_to_at_most_25():
    assert rules.excellent_cap(25, 100, year=Y, percent=D(25)) == []
    [v] = rules.excellent_cap(26, 100, year=Y, percent=D(25))
    assert "25%" in v.message and "tối đa 25" in v.message
    assert rules.cap_percent(Y, D(30)) == D(25)  # never above the scheme's most
    assert rules.cap_percent(Y, None) == D(20)
    assert rules.cap_raise_refusal(Y, D(25)) is None
    assert rules.cap_raise_refusal(Y, D("25.01")) is not None
    assert "Điều 11, khoản 1.5" in str(rules.cap_raise_refusal(Y, D(26)))
    assert rules.cap_raise_refusal(Y, D(20)) is not None  # not a raise
    assert rules.cap_raise_refusal(2024, D(25)) is not None  # no such decision before 2025


def test_the_cap_covers_collectives_from_2025():
    def org(year):
        return r.OrganizationYear(
            year=year,
            established_on=date(2000, 1, 1),
            is_cell=True,
            score=D(95),
            tasks_exceeding_percent=D(40),
        )

    change = r.cap_change(rules.CapCounts(1, 5), None, HTXSNV, who="tổ chức")
    [v] = r.organization_violations(HTXSNV, org(Y), cap=[change])
    assert v.rule == "excellent_cap" and "Số tổ chức hoàn thành xuất sắc" in v.message
    assert (
        r.organization_violations(HTXSNV, org(Y), cap=[r.cap_change(rules.CapCounts(0, 5), None, HTXSNV)])
        == []
    )
    assert "excellent_cap" not in _codes(
        r.organization_violations(HTXSNV, r.OrganizationYear(year=2019, established_on=date(2000, 1, 1), is_cell=True), cap=[change])
    )  # fmt: skip


def test_the_default_groups_of_comparable_subjects():
    chain = [(1, "committee"), (2, "grassroots_committee"), (3, "affiliated_cell")]
    assert rules.member_cap_group(chain) == rules.CapGroup(2, "members")
    assert rules.organization_cap_group(chain) == rules.CapGroup(2, "sub_units")
    assert rules.organization_cap_group(chain[:2]) == rules.CapGroup(1, "grassroots")
    assert rules.organization_cap_group(chain[:1]) is None
    assert rules.member_cap_group([(1, "committee"), (4, "grassroots_cell")]) == rules.CapGroup(4, "members")


def test_whether_the_cap_blocks_or_warns_is_a_setting_per_scheme():
    over = rules.excellent_cap(30, 100, year=2023)
    assert over and "chỉ cảnh báo" in over[0].message  # 2023–2024: warn (domain.md §2)
    assert r.blocking(over, year=2023) == []
    assert r.blocking(rules.excellent_cap(30, 100, year=Y), year=Y)
    assert r.blocking(rules.excellent_cap(30, 100, year=2019), year=2019)
    warn_2025 = rules.RuleSettings(cap_blocks=(("QD366-2025", False),))
    found = rules.excellent_cap(30, 100, year=Y, settings=warn_2025)
    assert "chỉ cảnh báo" in found[0].message and r.blocking(found, year=Y, settings=warn_2025) == []


def test_the_pages_state_the_cap_from_the_scheme_or_not_at_all():
    assert "Điều 11, khoản 1.5" in r.cap_statement(Y) and "25%" in r.cap_statement(Y)
    assert "21-HD/BTCTW" in r.cap_statement(2019)
    assert r.cap_statement(2019, settings=rules.RuleSettings(excellent_cap_enabled=False)) == ""
    assert r.cap_statement(2016) == ""
    assert "chỉ cảnh báo" in r.cap_statement(2024)


def test_the_deciding_level_is_cited_from_article_12():
    authority = rules.Authority(7, "đảng ủy cơ sở")
    assert "Quy định 366-QĐ/TW, Điều 12" in rules.decision_refusal("đảng viên", authority, "", year=Y)
