"""Ballots entered one by one, tallies, the winners, ties and the further round."""

from __future__ import annotations

import pytest

from dangbo.accounts.scope import system_actor
from dangbo.congresses import services
from dangbo.congresses.models import Ballot, Candidate, Election
from dangbo.congresses.rules import Tally
from dangbo.congresses.tests.helpers import committee_election, held_congress
from dangbo.core.exceptions import ApplicationError, RuleViolation

SYSTEM = system_actor("kiểm thử: test_count")


def _voting(small_tree, make_member, *, count=4, seats=3, electors=10, present=9):
    congress, people = held_congress(small_tree, make_member, count=count, electors=electors, present=present)
    election = committee_election(congress, people, seats=seats)
    services.election_open(actor=SYSTEM, election=election)
    return election, [c.pk for c in election.candidates.all()]


def test_a_ballot_with_more_marks_than_seats_is_refused_and_nothing_written(small_tree, officer, make_member):
    election, ids = _voting(small_tree, make_member)
    with pytest.raises(
        RuleViolation, match="Phiếu số 1 bầu 4 người, nhiều hơn số lượng được bầu \\(3\\)"
    ) as error:
        services.ballot_enter(actor=officer, election=election, marks=ids)
    assert error.value.field == "marks"
    assert not Ballot.objects.exists()


def test_an_invalid_ballot_needs_its_reason(small_tree, officer, make_member):
    election, _ = _voting(small_tree, make_member)
    with pytest.raises(ApplicationError, match="phải ghi lý do"):
        services.ballot_enter(actor=officer, election=election, marks=[], valid=False)
    ballot = services.ballot_enter(
        actor=officer, election=election, marks=[], valid=False, invalid_reason="Bầu thừa số lượng"
    )
    assert not ballot.valid


def test_no_more_ballots_than_those_present(small_tree, officer, make_member):
    election, ids = _voting(small_tree, make_member, electors=3, present=2)
    services.ballot_enter(actor=officer, election=election, marks=ids[:1])
    services.ballot_enter(actor=officer, election=election, marks=ids[:1])
    with pytest.raises(ApplicationError, match="bằng số người bầu có mặt"):
        services.ballot_enter(actor=officer, election=election, marks=ids[:1])


def test_the_count_from_ballots_elects_more_than_half_of_the_officials_called(
    small_tree, officer, make_member
):
    election, (a, b, c, d) = _voting(small_tree, make_member, electors=10, present=9)
    kept = [[a, b, c]] * 6 + [[a, b, d]] * 2 + [[a, d]]  # a 9, b 8, c 6, d 3
    for marks in kept[:8]:
        services.ballot_enter(actor=officer, election=election, marks=marks)
    services.ballot_enter(
        actor=officer, election=election, marks=[], valid=False, invalid_reason="Gạch xóa không rõ"
    )
    services.election_count(actor=officer, election=election, issued=9)
    election.refresh_from_db()
    assert (election.issued, election.returned, election.valid, election.invalid) == (9, 9, 8, 1)
    assert election.base == 10 and election.mode == "ballots"
    results = dict(election.candidates.values_list("pk", "result"))
    votes = dict(election.candidates.values_list("pk", "votes"))
    assert votes == {a: 8, b: 8, c: 6, d: 2}
    assert results == {a: "elected", b: "elected", c: "elected", d: "not_elected"}


def test_exactly_half_of_the_officials_called_is_not_elected(small_tree, officer, make_member):
    election, (a, b, c, d) = _voting(small_tree, make_member, electors=10, present=10)
    tally = Tally(issued=10, returned=10, valid=10, invalid=0, votes={a: 10, b: 6, c: 5, d: 5})
    services.election_count(actor=officer, election=election, issued=10, tally=tally)
    results = dict(election.candidates.values_list("pk", "result"))
    assert results == {a: "elected", b: "elected", c: "not_elected", d: "not_elected"}


def test_a_delegates_congress_counts_half_of_the_valid_ballots(small_tree, officer, make_member):
    election, (a, b, c, d) = _voting(small_tree, make_member, electors=10, present=8)
    congress = election.congress
    type(congress).objects.filter(pk=congress.pk).update(kind="delegates")
    tally = Tally(issued=8, returned=8, valid=7, invalid=1, votes={a: 7, b: 4, c: 4, d: 3})
    services.election_count(actor=officer, election=election, issued=8, tally=tally)
    election.refresh_from_db()
    assert election.base == 7 and election.base_label == "số phiếu hợp lệ"
    assert election.candidates.filter(result="elected").count() == 3


def test_a_count_that_does_not_add_up_is_refused_and_nothing_written(small_tree, officer, make_member):
    election, (a, b, c, d) = _voting(small_tree, make_member)
    tally = Tally(issued=9, returned=9, valid=7, invalid=1, votes={a: 7, b: 6, c: 5, d: 1})
    with pytest.raises(RuleViolation, match="phải bằng số phiếu thu vào \\(9\\)"):
        services.election_count(actor=officer, election=election, issued=9, tally=tally)
    election.refresh_from_db()
    assert election.status == Election.Status.VOTING and election.valid is None
    assert not Candidate.objects.filter(election=election, votes__isnull=False).exists()


def test_a_tie_for_the_last_seat_leads_to_a_further_round(small_tree, officer, make_member):
    election, (a, b, c) = _voting(small_tree, make_member, seats=2, count=3, electors=10, present=10)
    tally = Tally(issued=10, returned=10, valid=10, invalid=0, votes={a: 8, b: 6, c: 6})
    services.election_count(actor=officer, election=election, issued=10, tally=tally)
    assert dict(election.candidates.values_list("pk", "result")) == {a: "elected", b: "tied", c: "tied"}
    with pytest.raises(ApplicationError, match="phải bầu lại trước khi chuẩn y"):
        from datetime import date

        services.congress_record_stage(
            actor=officer,
            congress=election.congress,
            stage="approved",
            on=date(2020, 6, 1),
            decision_number="1",
        )
    further = services.election_further_round(actor=officer, election=election)
    assert (further.seats, further.round_number) == (1, 2)
    assert set(further.candidates.values_list("full_name", flat=True)) == {
        Candidate.objects.get(pk=b).full_name,
        Candidate.objects.get(pk=c).full_name,
    }
    services.election_open(actor=officer, election=further)
    b2, c2 = [x.pk for x in further.candidates.all()]
    services.election_count(
        actor=officer,
        election=further,
        issued=10,
        tally=Tally(issued=10, returned=10, valid=10, invalid=0, votes={b2: 6, c2: 4}),
    )
    assert dict(further.candidates.values_list("pk", "result")) == {b2: "elected", c2: "not_elected"}


def test_a_tally_after_ballots_is_refused_until_the_ballots_are_taken_back(small_tree, officer, make_member):
    election, (a, b, c, d) = _voting(small_tree, make_member)
    services.ballot_enter(actor=officer, election=election, marks=[a])
    zero = {a: 0, b: 0, c: 0, d: 0}
    with pytest.raises(ApplicationError, match="đã nhập từng phiếu"):
        services.election_count(
            actor=officer,
            election=election,
            issued=9,
            tally=Tally(issued=9, returned=1, valid=1, invalid=0, votes={**zero, a: 1}),
        )
    services.ballot_remove_last(actor=officer, election=election)
    assert not Ballot.objects.exists()
    services.election_count(
        actor=officer,
        election=election,
        issued=9,
        tally=Tally(issued=9, returned=9, valid=9, invalid=0, votes={**zero, a: 9}),
    )
    election.refresh_from_db()
    assert election.mode == "tally" and election.status == "counted"
