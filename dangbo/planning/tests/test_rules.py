"""The planning rules at their boundaries, without a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dangbo.planning.rules import (
    QD_50,
    QD_377,
    Discipline,
    PersonFacts,
    PlanningSettings,
    PositionFacts,
    TermFacts,
    UnknownRegulation,
    candidate_violations,
    is_young,
    pool_structure,
    regulation_for,
    removal_reasons,
    retirement_date,
)

TERM = TermFacts(2020, 2025)
FLAT = PlanningSettings(retirement_step_months={"male": 0, "female": 0})  # men 60, women 55
PERSON = PersonFacts(name="Nguyễn Văn An", birth_date=date(1980, 5, 17), sex="male")


def rules(
    person=PERSON,
    *,
    planned=0,
    seats=1,
    other=0,
    first=False,
    regulation=QD_50,
    day=date(2019, 6, 1),
    settings=FLAT,
    already=False,
):
    found = candidate_violations(
        person,
        position=PositionFacts("Bí thư", seats=seats, planned=planned),
        term=TERM,
        day=day,
        regulation=regulation,
        first_planning=first,
        other_positions_same_level=other,
        already_planned=already,
        settings=settings,
    )
    return [v.rule for v in found], found


# --- which regulation --------------------------------------------------------------------------


def test_qd50_applies_from_27_12_2021_and_by_analogy_before():
    assert regulation_for(date(2021, 12, 27)) == QD_50
    earlier = regulation_for(date(2021, 12, 26))
    assert earlier.code == QD_50.code and earlier.by_analogy
    assert "áp dụng tương tự, chưa xác nhận" in earlier.cite


def test_qd377_applies_from_8_10_2025():
    assert regulation_for(date(2025, 10, 7)) == QD_50
    assert regulation_for(date(2025, 10, 8)) == QD_377


def test_without_the_analogy_setting_a_day_before_qd50_has_no_regulation():
    with pytest.raises(UnknownRegulation, match="27/12/2021"):
        regulation_for(date(2019, 6, 1), PlanningSettings(apply_qd50_before_in_force=False))


def test_the_limits_of_qd50_can_be_switched_off_but_not_those_of_qd377():
    off = PlanningSettings(limits_under_qd50=False)
    assert regulation_for(date(2022, 1, 1), off).max_per_position is None
    assert regulation_for(date(2025, 10, 8), off).max_per_position == 3


# --- at most 3 per position, 3 positions per person ------------------------------------------------


def test_a_position_takes_a_third_candidate_but_not_a_fourth():
    assert rules(planned=2)[0] == []
    names, found = rules(planned=3)
    assert names == ["max_per_position"]
    assert "không quá 3 người" in found[0].message and "Quy định 50-QĐ/TW" in found[0].message


def test_a_body_of_several_seats_takes_three_per_seat():
    assert rules(planned=5, seats=2)[0] == []
    assert rules(planned=6, seats=2)[0] == ["max_per_position"]


def test_a_person_takes_a_third_position_of_the_level_but_not_a_fourth():
    assert rules(other=2)[0] == []
    names, found = rules(other=3, regulation=QD_377, day=date(2025, 10, 8))
    assert names == ["max_positions_per_person"]
    assert "không quá 3 chức danh cùng cấp (Quy định 377-QĐ/TW)" in found[0].message


def test_a_person_already_in_the_position_is_refused():
    assert rules(already=True)[0] == ["duplicate"]


# --- membership --------------------------------------------------------------------------------


def test_a_probationary_member_is_refused_citing_the_statute():
    names, found = rules(replace(PERSON, status="probationary"))
    assert names == ["official_member"]
    assert "Điều lệ Đảng, Điều 5" in found[0].message


def test_a_member_off_the_books_is_refused():
    assert rules(replace(PERSON, status="transferred_out"))[0] == ["on_books"]


# --- time before the age limit -------------------------------------------------------------------


def test_a_man_reaching_60_on_the_last_day_needed_is_eligible_one_day_earlier_is_not():
    # term 2020 - 2025 starts 01/01/2020; one full term: until 01/01/2025
    assert rules(replace(PERSON, birth_date=date(1965, 1, 1)))[0] == []
    names, found = rules(replace(PERSON, birth_date=date(1964, 12, 31)))
    assert names == ["age_limit"]
    assert "31/12/2024" in found[0].message and "trọn một nhiệm kỳ" in found[0].message


def test_a_woman_retires_five_years_earlier():
    woman = replace(PERSON, sex="female")
    assert rules(replace(woman, birth_date=date(1970, 1, 1)))[0] == []
    assert rules(replace(woman, birth_date=date(1969, 12, 31)))[0] == ["age_limit"]


def test_a_first_planning_under_qd50_needs_two_terms():
    born = replace(PERSON, birth_date=date(1965, 1, 1))  # retires 01/01/2025
    names, found = rules(born, first=True)
    assert names == ["age_limit"] and "hai nhiệm kỳ" in found[0].message
    assert rules(replace(PERSON, birth_date=date(1970, 1, 1)), first=True)[0] == []  # retires 01/01/2030
    assert rules(replace(PERSON, birth_date=date(1969, 12, 31)), first=True)[0] == ["age_limit"]


def test_a_first_planning_under_qd377_needs_one_term():
    born = replace(PERSON, birth_date=date(1965, 1, 1))
    assert rules(born, first=True, regulation=QD_377, day=date(2025, 10, 8))[0] == []


@pytest.mark.parametrize(
    ("birth", "sex", "retires"),
    [
        (date(1959, 1, 1), "male", date(2019, 1, 1)),  # before the reform: 60
        (date(1961, 1, 15), "male", date(2021, 4, 15)),  # 2021: 60 years 3 months
        (date(1963, 10, 1), "male", date(2024, 10, 1)),  # 2024: 61 years
        (date(1970, 1, 1), "male", date(2032, 1, 1)),  # from 2028: 62
        (date(1966, 1, 1), "female", date(2021, 5, 1)),  # 2021: 55 years 4 months
        (date(1980, 1, 1), "female", date(2040, 1, 1)),  # from 2035: 60
    ],
)
def test_the_retirement_age_follows_the_stepped_schedule(birth, sex, retires):
    assert retirement_date(birth, sex) == retires


# --- discipline --------------------------------------------------------------------------------------


def test_a_reprimand_bars_planning_for_twelve_months():
    disciplined = replace(PERSON, disciplines=(Discipline(date(2019, 3, 1), "reprimand"),))
    assert rules(disciplined, day=date(2019, 2, 28))[0] == []
    names, found = rules(disciplined, day=date(2019, 3, 1))
    assert names == ["discipline"] and "khiển trách" in found[0].message
    assert rules(disciplined, day=date(2020, 2, 29))[0] == ["discipline"]
    assert rules(disciplined, day=date(2020, 3, 1))[0] == []


def test_a_dismissal_bars_planning_for_twenty_four_months():
    disciplined = replace(PERSON, disciplines=(Discipline(date(2019, 3, 1), "dismissal"),))
    assert rules(disciplined, day=date(2021, 2, 28))[0] == ["discipline"]
    assert rules(disciplined, day=date(2021, 3, 1))[0] == []


# --- leaving the plan --------------------------------------------------------------------------------


def test_a_discipline_while_planned_removes_the_candidate():
    disciplined = replace(PERSON, disciplines=(Discipline(date(2020, 6, 1), "reprimand"),))
    removal = [
        v.rule
        for v in removal_reasons(
            disciplined, added_on=date(2020, 6, 1), day=date(2020, 6, 1), regulation=QD_50
        )
    ]
    assert removal == ["discipline"]
    assert (
        removal_reasons(disciplined, added_on=date(2020, 6, 2), day=date(2021, 1, 1), regulation=QD_50) == []
    )
    assert (
        removal_reasons(disciplined, added_on=date(2020, 1, 1), day=date(2020, 5, 31), regulation=QD_50) == []
    )


def test_passing_the_age_limit_removes_the_candidate():
    old = replace(PERSON, birth_date=date(1960, 6, 1))  # 60 on 01/06/2020 (flat schedule)
    assert (
        removal_reasons(
            old, added_on=date(2019, 1, 1), day=date(2020, 5, 31), regulation=QD_50, settings=FLAT
        )
        == []
    )
    found = removal_reasons(
        old, added_on=date(2019, 1, 1), day=date(2020, 6, 1), regulation=QD_50, settings=FLAT
    )
    assert [v.rule for v in found] == ["age_limit"]


def test_leaving_the_books_removes_the_candidate():
    gone = replace(PERSON, status="deceased")
    assert [
        v.rule
        for v in removal_reasons(gone, added_on=date(2019, 1, 1), day=date(2020, 1, 1), regulation=QD_50)
    ] == ["on_books"]


# --- structure ---------------------------------------------------------------------------------------


def _pool(total, *, young=0, women=0, minorities=0):
    people = []
    for i in range(total):
        people.append(
            PersonFacts(
                name=f"P{i}",
                birth_date=date(1985, 1, 1) if i < young else date(1970, 1, 1),
                sex="female" if i < women else "male",
                ethnicity="Khmer" if i < minorities else "Kinh",
            )
        )
    return people


def test_young_is_under_forty_at_the_start_of_the_term():
    assert is_young(replace(PERSON, birth_date=date(1980, 1, 2)), TERM)  # 39 on 01/01/2020
    assert not is_young(replace(PERSON, birth_date=date(1980, 1, 1)), TERM)  # 40


def test_fifteen_percent_young_and_twenty_five_percent_women_meet_the_targets():
    structure = pool_structure(_pool(20, young=3, women=5, minorities=1), term=TERM, regulation=QD_50)
    assert (structure.total, structure.young, structure.women, structure.minorities) == (20, 3, 5, 1)
    assert structure.warnings == []
    assert structure.percent(3) == "15,00 %"


def test_a_shortfall_is_a_warning_that_does_not_block():
    structure = pool_structure(_pool(20, young=2, women=4), term=TERM, regulation=QD_50)
    assert [w.rule for w in structure.warnings] == ["young_share", "women_share"]
    assert all(not w.blocking for w in structure.warnings)
    assert "10,00 %" in structure.warnings[0].message and "ít nhất 15 %" in structure.warnings[0].message
    assert "20,00 %" in structure.warnings[1].message and "ít nhất 25 %" in structure.warnings[1].message


def test_an_empty_pool_has_no_warnings():
    assert pool_structure([], term=TERM, regulation=QD_50).warnings == []


def test_the_rules_package_imports_no_django():
    import ast
    import pathlib

    import dangbo.planning.rules as package

    allowed = ("dangbo.planning.rules", "dangbo.core.text")  # core.text is pure Python
    for path in pathlib.Path(package.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
            for name in names:
                assert not name.startswith("django"), path
                assert not name.startswith("dangbo") or name.startswith(allowed), (path, name)
