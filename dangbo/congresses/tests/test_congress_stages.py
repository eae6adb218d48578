from __future__ import annotations

from datetime import date

import pytest

from dangbo.accounts.scope import system_actor
from dangbo.congresses import services
from dangbo.congresses.models import Stage
from dangbo.congresses.rules import Tally
from dangbo.congresses.tests.helpers import committee_election, held_congress, open_round, ward_congress
from dangbo.core.exceptions import ApplicationError, PermissionDenied

SYSTEM = system_actor("kiểm thử: test_congress_stages")


def test_stages_come_in_order(small_tree, officer):
    congress = ward_congress(open_round(small_tree), small_tree)
    with pytest.raises(ApplicationError, match="giai đoạn trước còn thiếu") as error:
        services.congress_record_stage(actor=officer, congress=congress, stage="held", on=date(2020, 5, 1))
    assert error.value.field == "stage"
    congress.refresh_from_db()
    assert congress.stage == Stage.PLANNED and congress.held_on is None


def test_a_stage_date_cannot_come_before_the_previous_one(small_tree, officer):
    congress = ward_congress(open_round(small_tree), small_tree)
    services.congress_record_stage(actor=officer, congress=congress, stage="proposal", on=date(2020, 3, 1))
    with pytest.raises(ApplicationError, match="sớm hơn ngày của giai đoạn trước"):
        services.congress_record_stage(
            actor=officer, congress=congress, stage="documents", on=date(2020, 2, 1)
        )


def test_holding_needs_the_numbers_called_and_present(small_tree, officer):
    congress = ward_congress(open_round(small_tree), small_tree)
    for stage in ("proposal", "documents", "opinion"):
        services.congress_record_stage(actor=officer, congress=congress, stage=stage, on=date(2020, 4, 1))
    with pytest.raises(ApplicationError, match="được triệu tập") as error:
        services.congress_record_stage(actor=officer, congress=congress, stage="held", on=date(2020, 5, 1))
    assert error.value.field == "electors_called"
    with pytest.raises(ApplicationError, match="Số có mặt"):
        services.congress_record_stage(
            actor=officer,
            congress=congress,
            stage="held",
            on=date(2020, 5, 1),
            electors_called=10,
            present=11,
        )
    services.congress_record_stage(
        actor=officer, congress=congress, stage="held", on=date(2020, 5, 1), electors_called=10, present=9
    )
    congress.refresh_from_db()
    assert (congress.stage, congress.electors_called, congress.present) == (Stage.HELD, 10, 9)


def _counted(small_tree, make_member):
    congress, people = held_congress(small_tree, make_member, count=4)
    election = committee_election(congress, people, seats=3)
    services.election_open(actor=SYSTEM, election=election)
    ids = [c.pk for c in election.candidates.all()]
    services.election_count(
        actor=SYSTEM,
        election=election,
        issued=9,
        tally=Tally(
            issued=9, returned=9, valid=9, invalid=0, votes=dict(zip(ids, [9, 8, 7, 3], strict=True))
        ),
    )
    return congress


def test_only_the_level_above_approves_the_results(small_tree, make_member, personas):
    congress = _counted(small_tree, make_member)
    with pytest.raises(PermissionDenied):
        services.congress_record_stage(
            actor=personas["ward_staff"],
            congress=congress,
            stage="approved",
            on=date(2020, 6, 1),
            decision_number="1",
        )
    services.congress_record_stage(
        actor=personas["officer"],
        congress=congress,
        stage="approved",
        on=date(2020, 6, 1),
        decision_number="125-QĐ/QU",
    )
    congress.refresh_from_db()
    assert congress.stage == Stage.APPROVED and congress.approval_decision == "125-QĐ/QU"


def test_approval_waits_for_every_count(small_tree, officer, make_member):
    congress, people = held_congress(small_tree, make_member, count=4)
    committee_election(congress, people, seats=3)
    with pytest.raises(ApplicationError, match="chưa có kết quả"):
        services.congress_record_stage(
            actor=officer, congress=congress, stage="approved", on=date(2020, 6, 1), decision_number="1"
        )


def test_the_plan_changes_until_the_congress_is_held(small_tree, officer, make_member):
    round_ = open_round(small_tree)
    congress = ward_congress(round_, small_tree)
    services.congress_plan(
        actor=officer, congress=congress, planned_on=date(2020, 6, 1), kind="delegates", place="Hội trường"
    )
    congress.refresh_from_db()
    assert (congress.planned_on, congress.kind) == (date(2020, 6, 1), "delegates")
