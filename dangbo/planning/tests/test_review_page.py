"""/quy-hoach/<code>/<term>/ra-soat/: the yearly review and the year's paragraph."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.planning import services
from dangbo.planning.models import PlanReview
from dangbo.planning.tests.helpers import ADDED, position

pytestmark = pytest.mark.django_db
URL = reverse("planning_review", args=["W1", "2025-2030"])


def test_the_page_shows_the_years_paragraph(as_user, small_tree, officer, make_member):
    services.candidacy_add(
        actor=officer,
        position=position(small_tree.ward),
        member=make_member(small_tree.cell_a),
        added_on=ADDED,
    )
    page = as_user("officer").get(URL, {"nam": "2024"}).content.decode()
    assert "Năm 2024, Đảng bộ phường An Bình thực hiện rà soát, bổ sung quy hoạch cấp ủy" in page
    assert as_user("viewer").get(URL, {"nam": "2024"}).status_code == 403  # the cadres planned: personal data


def test_the_staff_records_the_review(as_user, small_tree):
    position(small_tree.ward)
    response = as_user("ward_staff").post(
        URL, {"year": "2024", "reviewed_on": "20/12/2024", "decision_number": "40-QĐ/ĐU"}
    )
    assert response.status_code == 302 and response["Location"] == f"{URL}?nam=2024"
    assert PlanReview.objects.get().decision_number == "40-QĐ/ĐU"


def test_a_day_outside_the_year_is_refused_on_the_field(as_user, small_tree):
    position(small_tree.ward)
    response = as_user("ward_staff").post(URL, {"year": "2024", "reviewed_on": "02/01/2025"})
    assert response.context["form"].errors["reviewed_on"] == ["Ngày rà soát phải trong năm 2024."]


def test_a_term_without_a_plan_is_not_found(as_user, small_tree):
    assert as_user("officer").get(URL).status_code == 404


def test_outside_the_scope_it_is_not_found(as_user, small_tree):
    position(small_tree.ward)
    data = {"year": "2024", "reviewed_on": "20/12/2024"}
    for persona in ("outsider", "secretary_b"):
        assert as_user(persona).get(URL).status_code == 404
        assert as_user(persona).post(URL, data).status_code == 404
    assert as_user("viewer").post(URL, data).status_code == 403
    assert not PlanReview.objects.exists()
