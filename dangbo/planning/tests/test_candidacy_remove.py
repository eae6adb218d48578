"""candidacy_remove: out of the plan with a reason; the row is kept."""

from __future__ import annotations

from datetime import date

import pytest

from dangbo.accounts.scope import system_actor
from dangbo.core.exceptions import ApplicationError, PermissionDenied
from dangbo.planning import services
from dangbo.planning.tests.helpers import ADDED, position

SYSTEM = system_actor("kiểm thử: test_candidacy_remove")

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidacy(small_tree, make_member):
    return services.candidacy_add(
        actor=SYSTEM,
        position=position(small_tree.ward),
        member=make_member(small_tree.cell_a),
        added_on=ADDED,
    )


def test_it_takes_a_candidate_out_with_the_reason(candidacy, personas):
    removed = services.candidacy_remove(
        actor=personas["ward_staff"],
        candidacy=candidacy,
        removed_on=date(2024, 12, 1),
        removal_kind="standard",
        reason="Không còn đủ tiêu chuẩn chính trị",
    )
    assert (
        removed.removed_on == date(2024, 12, 1)
        and removed.removal_reason == "Không còn đủ tiêu chuẩn chính trị"
    )


def test_a_reason_is_required_for_other_reasons(officer, candidacy):
    with pytest.raises(ApplicationError) as refused:
        services.candidacy_remove(
            actor=officer, candidacy=candidacy, removed_on=date(2024, 12, 1), removal_kind="other"
        )
    assert refused.value.field == "reason"


def test_it_refuses_a_day_before_the_candidacy_and_a_second_removal(officer, candidacy):
    with pytest.raises(ApplicationError, match="từ ngày bổ sung"):
        services.candidacy_remove(
            actor=officer, candidacy=candidacy, removed_on=date(2024, 6, 2), removal_kind="elected"
        )
    services.candidacy_remove(
        actor=officer, candidacy=candidacy, removed_on=date(2025, 1, 5), removal_kind="elected"
    )
    with pytest.raises(ApplicationError, match="đã được đưa ra khỏi quy hoạch ngày 05/01/2025"):
        services.candidacy_remove(
            actor=officer, candidacy=candidacy, removed_on=date(2025, 1, 6), removal_kind="elected"
        )


def test_a_removed_candidate_frees_the_place_and_may_be_planned_again(small_tree, officer, candidacy):
    services.candidacy_remove(
        actor=officer, candidacy=candidacy, removed_on=date(2024, 7, 1), removal_kind="elected"
    )
    again = services.candidacy_add(
        actor=officer, position=candidacy.position, member=candidacy.member, added_on=date(2024, 8, 1)
    )
    assert again.pk != candidacy.pk


def test_a_read_only_viewer_cannot_remove(candidacy, personas):
    with pytest.raises(PermissionDenied):
        services.candidacy_remove(
            actor=personas["viewer"],
            candidacy=candidacy,
            removed_on=date(2024, 12, 1),
            removal_kind="elected",
        )
