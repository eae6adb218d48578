"""The rating rules composed (rules.rating): facts in, violations out, without a database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dangbo.evaluations.rules import HTNV, HTTNV, HTXSNV, KHTNV, CapCounts, RuleSettings
from dangbo.evaluations.rules import rating as r


@dataclass(frozen=True)
class Stay:
    organization_id: int
    exempted: bool
    valid_from: date
    valid_to: date | None


def member(**facts) -> r.MemberYear:
    return r.MemberYear(**{"year": 2019, "admitted_on": date(2005, 3, 2), **facts})


def rules_of(violations) -> list[str]:
    return [v.rule for v in violations]


def test_the_place_is_the_last_period_of_the_year_and_its_last_day():
    stays = [
        Stay(1, False, date(2015, 1, 1), date(2019, 5, 1)),
        Stay(2, True, date(2019, 5, 1), date(2019, 9, 1)),
        Stay(3, False, date(2020, 2, 1), None),
    ]
    assert r.place(stays, 2019) == r.Placement(2, date(2019, 8, 31), True, False)
    assert r.place(stays, 2018) == r.Placement(1, date(2018, 12, 31), False, True)
    assert r.place(stays, 2020) == r.Placement(3, date(2020, 12, 31), False, True)
    assert r.place(stays, 2014) is None
    assert r.place([Stay(1, False, date(2015, 1, 1), date(9999, 12, 31))], 2019) == r.Placement(
        1, date(2019, 12, 31), False, True
    )


def test_a_discipline_counts_in_its_year_only():
    assert r.disciplined_in([date(2019, 12, 31)], 2019)
    assert not r.disciplined_in([date(2018, 12, 31), date(2020, 1, 1)], 2019)


def test_who_is_not_rated_and_the_one_wording():
    assert r.member_not_rated(member()) is None
    assert "Miễn công tác" in (r.member_not_rated(member(exempted=True)) or "")
    assert "chưa đủ 6 tháng" in (r.member_not_rated(member(admitted_on=date(2019, 9, 1))) or "")
    assert r.member_not_rated(member(on_books_at_end=False)) == r.NOT_ON_BOOKS_AT_END
    # a setting moves the months
    assert r.member_not_rated(member(admitted_on=date(2019, 5, 1)), settings=RuleSettings(minimum_months=9))
    assert r.not_rated_violation("X").message == "Đảng viên thuộc diện không xếp loại: X."
    assert r.not_rated_violation("X", organization=True).message == "Tổ chức thuộc diện không xếp loại: X."


def test_a_member_rated_though_not_to_be_rated_and_the_triggers():
    assert r.member_violations(HTTNV, member()) == []
    assert r.member_violations(None, member(exempted=True, disciplined_in_year=True)) == []
    assert rules_of(r.member_violations(HTTNV, member(exempted=True))) == ["not_rated"]
    assert rules_of(r.member_violations(HTTNV, member(disciplined_in_year=True))) == ["member_khtnv"]
    assert r.member_violations(KHTNV, member(disciplined_in_year=True)) == []
    assert rules_of(r.member_violations(HTNV, member(targets_met_percent=Decimal(49)))) == ["member_khtnv"]
    assert r.member_violations(HTNV, member(targets_met_percent=Decimal(50))) == []
    assert rules_of(r.member_violations(HTTNV, member(sick_leave_months=Decimal(3)))) == ["sick_leave"]
    assert r.member_violations(HTNV, member(sick_leave_months=Decimal(3))) == []


def test_the_cap_on_a_change_names_the_group_left():
    assert not r.moves_cap(HTXSNV, HTXSNV) and not r.moves_cap(HTTNV, HTTNV) and not r.moves_cap(None, HTNV)
    assert r.moves_cap(HTTNV, HTXSNV) and r.moves_cap(HTTNV, None) and r.moves_cap(None, HTXSNV)
    change = r.cap_change(CapCounts(1, 5), None, HTXSNV)
    assert change.before == CapCounts(1, 5) and change.after == CapCounts(2, 5)
    [violation] = r.member_violations(HTXSNV, member(), cap=[change])
    assert violation.rule == "excellent_cap" and "(2) vượt quá" in violation.message
    left = r.cap_change(CapCounts(2, 9), HTTNV, None, where="Đảng bộ phường An Bình")
    [violation] = r.member_violations(HTTNV, member(), cap=[left])
    assert violation.message.startswith("Đảng bộ phường An Bình: ")
    assert r.member_violations(HTXSNV, member(year=2017), cap=[change]) == []  # no cap before 2018


def test_on_a_list_over_the_cap_the_excellent_and_the_good_taken_away_share_the_flag():
    assert r.carries_cap_flag(None, HTXSNV) and r.carries_cap_flag(HTXSNV, HTXSNV)
    assert r.carries_cap_flag(HTTNV, HTNV) and r.carries_cap_flag(HTTNV, None)
    assert not r.carries_cap_flag(HTTNV, HTTNV) and not r.carries_cap_flag(HTNV, HTTNV)
    assert not r.carries_cap_flag(None, None)


def test_the_warnings_add_the_cap_with_its_counts_and_the_absence():
    [cap] = r.member_warnings(HTXSNV, member(), cap=CapCounts(14, 37), where="Đảng bộ phường An Bình")
    assert cap.message.startswith("14 HTXSNV / 37 HTTNV ở Đảng bộ phường An Bình")
    assert r.member_warnings(HTTNV, member(), cap=CapCounts(14, 37)) == []  # only the excellent are warned
    assert r.member_warnings(HTXSNV, member(), cap=CapCounts(7, 37)) == []
    assert r.member_warnings(HTTNV, member(absent_months=2)) == []
    [absent] = r.member_warnings(HTTNV, member(absent_months=3))
    assert absent.message.startswith("Vắng sinh hoạt không có lý do 3 tháng trong năm 2019.")
    assert rules_of(r.member_warnings(None, member(absent_months=4))) == ["absent"]


def organization(**facts) -> r.OrganizationYear:
    return r.OrganizationYear(**{"year": 2019, "established_on": date(2015, 1, 1), "is_cell": True, **facts})


def test_an_organizations_rules():
    assert r.organization_violations(None, organization(established_on=date(2019, 10, 1))) == []
    assert rules_of(r.organization_violations(HTTNV, organization(established_on=date(2019, 10, 1)))) == [
        "not_rated"
    ]
    assert rules_of(r.organization_violations(HTXSNV, organization(sub_ranks=(1, 2, 4)))) == [
        "org_excellent_all_complete",
        "org_excellent_80_percent",
    ]
    assert rules_of(r.organization_violations(HTTNV, organization(exemplary=True))) == ["exemplary_only_top"]
    committee = organization(is_cell=False, sub_units=5, sub_units_disciplined=1)
    assert r.organization_violations(HTTNV, committee) == []
    assert rules_of(
        r.organization_violations(HTTNV, organization(is_cell=False, sub_units=4, sub_units_disciplined=2))
    ) == ["collective_khtnv"]
    assert rules_of(r.organization_violations(HTTNV, organization(leadership_disciplined=True))) == [
        "collective_khtnv"
    ]
    old = organization(year=2016, sub_ranks=(4, 4, 3))
    assert rules_of(r.organization_violations(HTNV, old)) == ["weak_before_2018"]
    assert rules_of(r.organization_violations(HTXSNV, organization(year=2025, score=Decimal(75)))) == [
        "score_band"
    ]
