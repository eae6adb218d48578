"""/quy-hoach/can-bo/<id>/dua-ra/: remove a candidate with a reason."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.accounts.scope import system_actor
from dangbo.planning import services
from dangbo.planning.tests.helpers import ADDED, position

SYSTEM = system_actor("kiểm thử: test_candidate_remove_page")

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidacy(small_tree, make_member):
    return services.candidacy_add(
        actor=SYSTEM,
        position=position(small_tree.ward),
        member=make_member(small_tree.cell_a),
        added_on=ADDED,
    )


def test_the_staff_removes_with_a_reason(as_user, candidacy):
    url = reverse("planning_candidate_remove", args=[candidacy.pk])
    assert as_user("ward_staff").get(url).status_code == 200
    response = as_user("ward_staff").post(
        url, {"removed_on": "01/12/2024", "removal_kind": "standard", "reason": "Sức khỏe yếu"}
    )
    assert response.status_code == 302
    candidacy.refresh_from_db()
    assert candidacy.removal_reason == "Sức khỏe yếu"


def test_the_reason_is_required_on_the_field(as_user, candidacy):
    url = reverse("planning_candidate_remove", args=[candidacy.pk])
    response = as_user("ward_staff").post(
        url, {"removed_on": "01/12/2024", "removal_kind": "other", "reason": ""}
    )
    assert response.context["form"].errors["reason"] == ["Phải ghi lý do cụ thể."]


def test_outside_the_scope_it_is_not_found(as_user, candidacy):
    url = reverse("planning_candidate_remove", args=[candidacy.pk])
    data = {"removed_on": "01/12/2024", "removal_kind": "elected"}
    for persona in ("outsider", "secretary_b"):
        assert as_user(persona).get(url).status_code == 404
        assert as_user(persona).post(url, data).status_code == 404
    assert as_user("viewer").post(url, data).status_code == 403
    candidacy.refresh_from_db()
    assert candidacy.removed_on is None
