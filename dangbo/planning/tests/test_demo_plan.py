"""write_planning (the demo's plan) on a small tree: the rules choose the candidates, the yearly
review takes out the member disciplined after the plan's approval."""

from __future__ import annotations

from datetime import date

import pytest

from dangbo.planning.demo import ADDED_ON, write_planning
from dangbo.planning.models import Candidacy, PlanReview, Rotation
from dangbo.planning.tests.helpers import discipline

pytestmark = pytest.mark.django_db


def test_the_demo_plan_is_chosen_by_the_rules(small_tree, make_member):
    too_old = make_member(
        small_tree.cell_a, "Lê Thị Cúc", sex="female", birth_date=date(1970, 1, 1)
    )  # retires before 2030
    punished = make_member(small_tree.cell_a, "Phạm Văn Dũng", birth_date=date(1975, 1, 1))
    discipline(punished, date(2019, 9, 1))
    for i, (name, sex) in enumerate(
        [
            ("Nguyễn Văn An", "male"),
            ("Trần Thị Lan", "female"),
            ("Võ Văn Bình", "male"),
            ("Đỗ Thị Mai", "female"),
        ]
    ):
        make_member(small_tree.cell_b, name, sex=sex, birth_date=date(1975 + i, 1, 1))
    assert write_planning(small_tree.district) == 5

    active = Candidacy.objects.filter(removed_on__isnull=True)
    assert not active.filter(member=too_old).exists()
    assert sorted(c.member.full_name for c in active) == [
        "Nguyễn Văn An",
        "Trần Thị Lan",
        "Võ Văn Bình",
        "Đỗ Thị Mai",
    ]
    gone = Candidacy.objects.get(member=punished)
    assert (gone.added_on, gone.removed_on, gone.removal_kind) == (ADDED_ON, date(2019, 12, 20), "discipline")
    review = PlanReview.objects.get()
    assert (review.added, review.removed, review.planned) == (5, 1, 4)
    assert Rotation.objects.count() == 1
