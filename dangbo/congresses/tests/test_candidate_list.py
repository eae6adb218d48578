from __future__ import annotations

from datetime import date

import pytest

from dangbo.congresses import services
from dangbo.congresses.models import Candidate, Election
from dangbo.congresses.tests.helpers import committee_election, held_congress, open_round, ward_congress
from dangbo.core.exceptions import ApplicationError, RuleViolation


def test_elections_wait_for_the_congress_to_be_held(small_tree, officer):
    congress = ward_congress(open_round(small_tree), small_tree)
    with pytest.raises(ApplicationError, match="trước khi bầu cử"):
        services.election_create(actor=officer, congress=congress, kind="committee", seats=3)


def test_the_seats_default_to_the_proposal(small_tree, officer, make_member):
    congress, _ = held_congress(small_tree, make_member)
    election = services.election_create(actor=officer, congress=congress, kind="delegates")
    assert (election.seats, election.alternates, election.electors, election.present) == (2, 1, 10, 9)


def test_a_list_beyond_30_percent_is_refused_and_nothing_changes(small_tree, officer, make_member):
    congress, people = held_congress(small_tree, make_member, count=5)
    election = committee_election(congress, people, seats=3)  # 5 for 3 places: at most 4
    with pytest.raises(RuleViolation, match="vượt quá 30 % so với số lượng cần bầu \\(3\\): tối đa 4 người"):
        services.election_open(actor=officer, election=election)
    election.refresh_from_db()
    assert election.status == Election.Status.DRAFT


def test_a_list_no_longer_than_the_seats_is_refused(small_tree, officer, make_member):
    congress, people = held_congress(small_tree, make_member, count=3)
    election = committee_election(congress, people, seats=3)
    with pytest.raises(RuleViolation, match="phải nhiều hơn số lượng cần bầu"):
        services.election_open(actor=officer, election=election)


def test_a_probationary_member_cannot_stand(small_tree, officer, make_member):
    congress, _ = held_congress(small_tree, make_member, count=2)
    probationary = make_member(
        small_tree.cell_a,
        "Ngô Văn Mới",
        status="probationary",
        admitted=date(2019, 6, 1),
        on=date(2019, 6, 1),
    )
    election = services.election_create(actor=officer, congress=congress, kind="committee", seats=1)
    with pytest.raises(RuleViolation, match="đảng viên dự bị không có quyền ứng cử"):
        services.candidate_add(actor=officer, election=election, member=probationary)
    assert not Candidate.objects.filter(election=election).exists()


def test_a_member_of_another_organization_cannot_stand(small_tree, officer, make_member):
    congress, _ = held_congress(small_tree, make_member, count=2)
    stranger = make_member(small_tree.other_cell, "Lý Văn Lạ")
    election = services.election_create(actor=officer, congress=congress, kind="committee", seats=1)
    with pytest.raises(ApplicationError, match="không sinh hoạt trong Đảng bộ phường An Bình"):
        services.candidate_add(actor=officer, election=election, member=stranger)


def test_a_nomination_needs_more_than_30_percent_of_those_present(small_tree, officer, make_member):
    congress, people = held_congress(small_tree, make_member, count=2, electors=10, present=10)
    election = services.election_create(actor=officer, congress=congress, kind="committee", seats=1)
    with pytest.raises(RuleViolation, match="chỉ được 3/10 đại biểu tán thành"):
        services.candidate_add(
            actor=officer, election=election, member=people[0], proposed_by_committee=False, approvals=3
        )
    candidate = services.candidate_add(
        actor=officer, election=election, member=people[0], proposed_by_committee=False, approvals=4
    )
    assert candidate.approvals == 4


def test_the_committee_posts_are_elected_from_the_new_committee(small_tree, officer, make_member):
    from dangbo.congresses.rules import Tally

    congress, people = held_congress(small_tree, make_member, count=4)
    committee = committee_election(congress, people, seats=3)
    services.election_open(actor=officer, election=committee)
    ids = [c.pk for c in committee.candidates.all()]
    services.election_count(
        actor=officer,
        election=committee,
        issued=9,
        tally=Tally(
            issued=9, returned=9, valid=9, invalid=0, votes=dict(zip(ids, [9, 8, 7, 2], strict=True))
        ),
    )
    secretary = services.election_create(actor=officer, congress=congress, kind="secretary")
    assert (secretary.seats, secretary.electors) == (1, 3)
    with pytest.raises(RuleViolation, match="không trúng cử Ban Chấp hành"):
        services.candidate_add(actor=officer, election=secretary, member=people[3])
    services.candidate_add(actor=officer, election=secretary, member=people[0])
    services.election_open(actor=officer, election=secretary)  # a list equal to the seats (setting, on)
