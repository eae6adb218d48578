"""/quy-hoach/can-bo/<id>/luan-chuyen/: record a rotation or transfer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.accounts.scope import system_actor
from dangbo.planning import services
from dangbo.planning.models import Rotation
from dangbo.planning.tests.helpers import ADDED, position

SYSTEM = system_actor("kiểm thử: test_rotation_page")

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidacy(small_tree, make_member):
    return services.candidacy_add(
        actor=SYSTEM,
        position=position(small_tree.ward),
        member=make_member(small_tree.cell_a),
        added_on=ADDED,
    )


DATA = {
    "kind": "rotation",
    "to_post": "Phó Chủ tịch UBND phường",
    "to_organization": "W1B",
    "starts_on": "01/09/2024",
    "decision_number": "20-QĐ/ĐU",
}


def test_the_staff_records_a_rotation(as_user, candidacy):
    response = as_user("ward_staff").post(reverse("planning_rotation", args=[candidacy.pk]), DATA)
    assert response.status_code == 302
    rotation = Rotation.objects.get()
    assert rotation.to_organization is not None and rotation.to_organization.code == "W1B"


def test_an_unknown_destination_is_refused_on_the_field(as_user, candidacy):
    response = as_user("ward_staff").post(
        reverse("planning_rotation", args=[candidacy.pk]), {**DATA, "to_organization": "W2"}
    )
    assert response.context["form"].errors["to_organization"] == [
        "Nơi đến: không có tổ chức mã hoặc tên “W2” trong phạm vi của bạn."
    ]


def test_outside_the_scope_it_is_not_found(as_user, candidacy):
    url = reverse("planning_rotation", args=[candidacy.pk])
    for persona in ("outsider", "secretary_b"):
        assert as_user(persona).get(url).status_code == 404
        assert as_user(persona).post(url, DATA).status_code == 404
    assert as_user("viewer").post(url, DATA).status_code == 403
    assert not Rotation.objects.exists()
