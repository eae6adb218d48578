from __future__ import annotations

from datetime import date

import pytest

from dangbo.audit.models import AuditEntry
from dangbo.congresses import services
from dangbo.congresses.models import Congress, CongressRound
from dangbo.congresses.tests.helpers import PLANNED, open_round
from dangbo.core.exceptions import ApplicationError, PermissionDenied


def test_it_opens_a_congress_for_every_organization_of_the_subtree_with_cells_too(small_tree):
    round_ = open_round(small_tree)
    codes = set(round_.congresses.values_list("organization__code", flat=True))
    assert codes == {"D", "W1", "W1A", "W1B", "S1", "W2", "W2A"}
    assert round_.congresses.get(organization=small_tree.district).kind == Congress.Kind.DELEGATES
    assert round_.congresses.get(organization=small_tree.cell_a).kind == Congress.Kind.MEMBERS
    assert set(round_.congresses.values_list("planned_on", flat=True)) == {PLANNED}
    assert AuditEntry.objects.filter(action="congress.round.open").count() == 1


def test_it_refuses_a_second_round_of_the_same_term(small_tree):
    open_round(small_tree)
    with pytest.raises(ApplicationError, match="đã mở đợt đại hội nhiệm kỳ 2020–2025"):
        open_round(small_tree)
    assert CongressRound.objects.count() == 1


def test_it_refuses_a_term_that_makes_no_sense(small_tree, officer):
    with pytest.raises(ApplicationError, match="Nhiệm kỳ") as error:
        services.congress_round_open(
            actor=officer,
            organization=small_tree.ward,
            term_start=2025,
            term_end=2020,
            planned_on=date(2020, 1, 1),
        )
    assert error.value.field == "term"
    assert not CongressRound.objects.exists()


def test_an_outsider_cannot_open_a_round(small_tree, personas):
    with pytest.raises(PermissionDenied):
        services.congress_round_open(
            actor=personas["outsider"],
            organization=small_tree.ward,
            term_start=2020,
            term_end=2025,
            planned_on=PLANNED,
        )


def test_a_viewer_cannot_open_a_round(small_tree, personas):
    with pytest.raises(PermissionDenied, match="chỉ cho phép xem"):
        services.congress_round_open(
            actor=personas["viewer"],
            organization=small_tree.district,
            term_start=2020,
            term_end=2025,
            planned_on=PLANNED,
        )
