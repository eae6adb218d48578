"""Candidate lists and nominations (Quyết định 190-QĐ/TW), without a database."""

from __future__ import annotations

from datetime import date

from dangbo.congresses import rules


def test_the_list_may_exceed_the_seats_by_at_most_30_percent():
    assert rules.max_candidates(9) == 11  # 30 % of 9 is 2,7 people
    assert rules.max_candidates(10) == 13
    assert rules.max_candidates(3) == 4  # 30 % of 3 is under one person: one more is still allowed
    assert rules.max_candidates(1) == 2
    assert rules.candidate_list_violations(seats=10, candidates=13) == []
    found = rules.candidate_list_violations(seats=10, candidates=14)
    assert [v.rule for v in found] == ["too_many"]
    assert "vượt quá 30 %" in found[0].message and "tối đa 13 người" in found[0].message


def test_the_list_must_be_longer_than_the_seats():
    assert [v.rule for v in rules.candidate_list_violations(seats=10, candidates=10)] == ["too_few"]
    assert [v.rule for v in rules.candidate_list_violations(seats=10, candidates=9)] == ["too_few"]
    assert rules.candidate_list_violations(seats=10, candidates=11) == []


def test_a_committee_post_may_have_an_equal_list_when_the_setting_allows():
    assert rules.candidate_list_violations(seats=1, candidates=1, equal_allowed=True) == []
    assert rules.candidate_list_violations(seats=1, candidates=1, equal_allowed=False)[0].rule == "too_few"


def test_a_nomination_needs_more_than_30_percent_of_the_delegates():
    assert not rules.nomination_passes(approvals=30, delegates_present=100)
    assert rules.nomination_passes(approvals=31, delegates_present=100)
    found = rules.nomination_violations(name="Lê Thị Hoa", approvals=3, delegates_present=10)
    assert found[0].rule == "nomination_below"
    assert "Lê Thị Hoa chỉ được 3/10" in found[0].message
    assert rules.nomination_violations(name="X", approvals=4, delegates_present=10) == []
    assert (
        rules.nomination_violations(name="X", approvals=None, delegates_present=10)[0].rule
        == "nomination_missing"
    )
    assert (
        rules.nomination_violations(name="X", approvals=11, delegates_present=10)[0].rule
        == "nomination_count"
    )


def test_the_extra_prepared_note():
    assert rules.extra_prepared_note(seats=10, prepared=11) is None
    assert "10–15 % (11 người)" in (rules.extra_prepared_note(seats=10, prepared=14) or "")
    assert rules.extra_prepared_note(seats=3, prepared=4) is None  # one more is the least there is
    assert rules.extra_prepared_note(seats=20, prepared=23) is None
    assert "(22–23 người)" in (rules.extra_prepared_note(seats=20, prepared=21) or "")


def test_the_structure_against_the_targets():
    people = [
        rules.Person(date(1990, 1, 1), female=True, minority=False),
        rules.Person(date(1970, 1, 1), female=False, minority=True),
        rules.Person(date(1970, 1, 1), female=False, minority=False),
    ]
    lines = {
        line.key: line
        for line in rules.structure(people, on=date(2020, 6, 1), targets=rules.Targets(10, 50, 0))
    }
    assert lines["young"].count == 1 and lines["young"].met
    assert lines["women"].count == 1 and not lines["women"].met  # 50 % of 3 is 2 people
    assert "cần ít nhất 2" in lines["women"].message
    assert lines["minority"].count == 1 and lines["minority"].met


def test_age_is_counted_on_the_congress_day():
    assert rules.age_on(date(1980, 6, 2), date(2020, 6, 1)) == 39
    assert rules.age_on(date(1980, 6, 1), date(2020, 6, 1)) == 40
