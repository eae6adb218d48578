from __future__ import annotations

from datetime import date

import pytest

from dangbo.congresses import selectors, services
from dangbo.congresses.models import PersonnelProposal, Stage
from dangbo.congresses.tests.helpers import committee_election, held_congress, open_round, ward_congress
from dangbo.core.exceptions import ApplicationError


def test_the_proposal_records_the_stage(small_tree, officer):
    congress = ward_congress(open_round(small_tree), small_tree)
    services.proposal_save(
        actor=officer,
        congress=congress,
        data=services.ProposalInput(committee_size=9, standing_size=3),
        on=date(2020, 2, 1),
    )
    congress.refresh_from_db()
    assert congress.stage == Stage.PROPOSAL and congress.proposal_on == date(2020, 2, 1)
    assert congress.proposal.committee_size == 9


def test_a_standing_committee_as_large_as_the_committee_is_refused(small_tree, officer):
    congress = ward_congress(open_round(small_tree), small_tree)
    with pytest.raises(ApplicationError, match="phải ít hơn số cấp ủy viên") as error:
        services.proposal_save(
            actor=officer, congress=congress, data=services.ProposalInput(committee_size=5, standing_size=5)
        )
    assert error.value.field == "standing_size"
    assert not PersonnelProposal.objects.exists()


def test_the_structure_of_the_list_against_the_targets(small_tree, make_member):
    congress, people = held_congress(small_tree, make_member, count=4)
    election = committee_election(congress, people, seats=3)
    lines = {line.key: line for line in selectors.list_structure(election, congress.proposal)}
    assert lines["women"].count == 2 and lines["women"].met
    assert lines["young"].count == 4  # born 1985–1988, under 40 in 2020
    assert lines["minority"].count == 0 and lines["minority"].met
