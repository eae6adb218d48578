"""rotation_record: luân chuyển, điều động of a planned cadre."""

from __future__ import annotations

from datetime import date

import pytest

from dangbo.accounts.scope import system_actor
from dangbo.core.exceptions import ApplicationError
from dangbo.planning import services
from dangbo.planning.tests.helpers import ADDED, position

SYSTEM = system_actor("kiểm thử: test_rotation")

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidacy(small_tree, make_member):
    return services.candidacy_add(
        actor=SYSTEM,
        position=position(small_tree.ward),
        member=make_member(small_tree.cell_a),
        added_on=ADDED,
    )


def test_it_records_a_rotation(candidacy, small_tree, personas):
    rotation = services.rotation_record(
        actor=personas["officer"],
        candidacy=candidacy,
        kind="rotation",
        to_post="Phó Bí thư Đảng ủy phường",
        to_organization=small_tree.other_ward,
        starts_on=date(2024, 9, 1),
        ends_on=date(2026, 9, 1),
        decision_number="20-QĐ/QU",
    )
    assert rotation.get_kind_display() == "Luân chuyển"


def test_it_refuses_a_start_before_the_planning_and_an_end_before_the_start(officer, candidacy):
    with pytest.raises(ApplicationError) as refused:
        services.rotation_record(
            actor=officer,
            candidacy=candidacy,
            kind="transfer",
            to_post="x",
            starts_on=date(2024, 1, 1),
            decision_number="1",
        )
    assert refused.value.field == "starts_on"
    with pytest.raises(ApplicationError) as refused:
        services.rotation_record(
            actor=officer,
            candidacy=candidacy,
            kind="transfer",
            to_post="x",
            starts_on=date(2024, 9, 1),
            ends_on=date(2024, 9, 1),
            decision_number="1",
        )
    assert refused.value.field == "ends_on"


def test_a_destination_outside_the_scope_is_refused(candidacy, small_tree, personas):
    with pytest.raises(ApplicationError) as refused:
        services.rotation_record(
            actor=personas["ward_staff"],
            candidacy=candidacy,
            kind="rotation",
            to_post="x",
            to_organization=small_tree.other_ward,
            starts_on=date(2024, 9, 1),
            decision_number="1",
        )
    assert refused.value.field == "to_organization"
