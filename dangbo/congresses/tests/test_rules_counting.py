"""The counting rules of Quyết định 190-QĐ/TW, without a database."""

from __future__ import annotations

from typing import Any

from dangbo.congresses import rules


def test_exactly_half_of_the_base_is_not_elected():
    outcome = rules.decide({"a": 5, "b": 6, "c": 4}, seats=2, base=10)
    assert outcome.elected == ["b"]
    assert outcome.seats_left == 1
    assert not rules.has_majority(5, 10)
    assert rules.has_majority(6, 10)


def test_one_vote_above_half_is_elected():
    assert rules.decide({"a": 6}, seats=1, base=11).elected == ["a"]
    assert rules.decide({"a": 5}, seats=1, base=11).elected == []


def test_most_votes_take_the_seats_among_those_above_half():
    outcome = rules.decide({"a": 9, "b": 8, "c": 7, "d": 3}, seats=2, base=10)
    assert outcome.elected == ["a", "b"]
    assert outcome.tied == []
    assert outcome.seats_left == 0
    assert outcome.majority == ["a", "b", "c"]


def test_a_tie_for_the_last_seat_goes_to_a_further_round():
    outcome = rules.decide({"a": 9, "b": 7, "c": 7, "d": 2}, seats=2, base=10)
    assert outcome.elected == ["a"]
    assert sorted(outcome.tied) == ["b", "c"]
    assert outcome.tied_for == "seats"
    assert outcome.seats_left == 1


def test_a_tie_that_fits_the_seats_elects_both():
    outcome = rules.decide({"a": 7, "b": 7, "c": 2}, seats=2, base=10)
    assert outcome.elected == ["a", "b"]
    assert outcome.tied == []


def test_a_tie_below_half_is_no_tie():
    outcome = rules.decide({"a": 9, "b": 5, "c": 5}, seats=2, base=10)
    assert outcome.elected == ["a"]
    assert outcome.tied == []
    assert outcome.seats_left == 1


def test_alternates_follow_the_delegates():
    outcome = rules.decide({"a": 9, "b": 8, "c": 7, "d": 6, "e": 1}, seats=2, alternates=1, base=10)
    assert outcome.elected == ["a", "b"]
    assert outcome.alternates == ["c"]
    assert outcome.alternates_left == 0


def test_a_tie_for_the_last_alternate():
    outcome = rules.decide({"a": 9, "b": 8, "c": 7, "d": 7}, seats=2, alternates=1, base=10)
    assert outcome.alternates == []
    assert sorted(outcome.tied) == ["c", "d"]
    assert outcome.tied_for == "alternates"


def test_the_base_of_a_members_congress_is_the_officials_called():
    assert rules.majority_base(electorate="members", electors=40, valid_ballots=30) == 40
    assert rules.majority_base(electorate="committee", electors=9, valid_ballots=8) == 9


def test_the_base_of_a_delegates_congress_is_a_setting():
    assert rules.majority_base(electorate="delegates", electors=200, valid_ballots=180) == 180
    assert (
        rules.majority_base(electorate="delegates", electors=200, valid_ballots=180, delegates_base="called")
        == 200
    )


def test_a_ballot_with_more_marks_than_seats_is_refused_as_valid():
    found = rules.ballot_violations(marks=[1, 2, 3], seats=2, candidates=[1, 2, 3], number=4)
    assert [v.rule for v in found] == ["too_many_marks"]
    assert "Phiếu số 4 bầu 3 người, nhiều hơn số lượng được bầu (2)" in found[0].message
    assert "190-QĐ/TW" in found[0].message


def test_a_ballot_with_as_many_marks_as_seats_is_valid():
    assert rules.ballot_violations(marks=[1, 2], seats=2, candidates=[1, 2, 3]) == []
    assert rules.ballot_violations(marks=[], seats=2, candidates=[1, 2, 3]) == []


def test_a_ballot_with_an_unknown_or_repeated_name_is_refused():
    assert [v.rule for v in rules.ballot_violations(marks=[9], seats=2, candidates=[1, 2])] == ["unknown"]
    assert [v.rule for v in rules.ballot_violations(marks=[1, 1], seats=2, candidates=[1, 2])] == [
        "duplicate"
    ]


def test_ballots_add_up_to_a_tally():
    tally = rules.tally_from_ballots(
        [([1, 2], True), ([1], True), ([], False), ([2, 3], True)], candidates=[1, 2, 3], issued=5
    )
    assert (tally.issued, tally.returned, tally.valid, tally.invalid) == (5, 4, 3, 1)
    assert dict(tally.votes) == {1: 2, 2: 2, 3: 1}


def _tally(**kw):
    base: dict[str, Any] = {
        "issued": 10,
        "returned": 10,
        "valid": 9,
        "invalid": 1,
        "votes": {1: 9, 2: 5, 3: 4},
    }
    base.update(kw)
    return rules.Tally(**base)


def test_a_tally_that_adds_up_passes():
    assert rules.tally_violations(_tally(), seats=2, present=10, names={}) == []


def test_valid_plus_invalid_must_equal_returned():
    found = rules.tally_violations(_tally(invalid=2), seats=2, present=10, names={})
    assert [v.rule for v in found] == ["sum"]
    assert "phải bằng số phiếu thu vào (10)" in found[0].message


def test_more_returned_than_issued_or_issued_than_present_is_refused():
    found = rules.tally_violations(_tally(issued=9), seats=2, present=10, names={})
    assert "returned_above_issued" in [v.rule for v in found]
    found = rules.tally_violations(_tally(issued=11), seats=2, present=10, names={})
    assert "issued_above_present" in [v.rule for v in found]


def test_votes_above_the_valid_ballots_or_the_places_are_refused():
    found = rules.tally_violations(_tally(votes={1: 10, 2: 0, 3: 0}), seats=2, present=10, names={1: "An"})
    assert [v.rule for v in found] == ["votes_above_valid"]
    assert found[0].message.startswith("An được 10 phiếu")
    found = rules.tally_violations(_tally(votes={1: 9, 2: 9, 3: 1}), seats=2, present=10, names={})
    assert [v.rule for v in found] == ["votes_total"]
