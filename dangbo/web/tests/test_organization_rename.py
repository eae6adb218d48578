"""Đổi tên: through organization_rename; decided by the level above the organization."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.organizations.models import Organization, OrganizationVersion
from dangbo.web.tests.helpers import decision, field_errors, row_counts

URL = reverse("organization_rename", args=["W1A"])


@pytest.mark.django_db
def test_the_ward_staff_renames_a_cell_of_the_ward(as_user, small_tree):
    response = as_user("ward_staff").post(URL, {"name": "Chi bộ Khu phố Một", **decision()})
    assert response.status_code == 302
    assert response["Location"] == reverse("org_detail", args=["W1A"])
    assert Organization.objects.get(code="W1A").name == "Chi bộ Khu phố Một"
    names = list(OrganizationVersion.objects.filter(organization__code="W1A").values_list("name", flat=True))
    assert names == ["Chi bộ Khu phố 1", "Chi bộ Khu phố Một"]


@pytest.mark.django_db
def test_the_same_name_is_refused_on_the_name_field(as_user, small_tree):
    before = row_counts()
    response = as_user("ward_staff").post(URL, {"name": "Chi bộ Khu phố 1", **decision()})
    assert field_errors(response, "name") == ["Tên mới trùng với tên hiện tại."]
    assert row_counts() == before


@pytest.mark.django_db
def test_a_bad_decision_date_is_named(as_user, small_tree):
    before = row_counts()
    response = as_user("ward_staff").post(URL, {"name": "Chi bộ Mới", **decision(decision_date="1/13/2025")})
    assert field_errors(response, "decision_date") == [
        "Ngày quyết định “1/13/2025” không phải là ngày hợp lệ; hãy nhập theo dạng dd/mm/yyyy."
    ]
    assert row_counts() == before


@pytest.mark.django_db
def test_the_cell_secretary_may_not_rename_their_own_cell(as_user, small_tree):
    before = row_counts()
    response = as_user("secretary_a").post(URL, {"name": "Chi bộ Mới", **decision()})
    assert response.status_code == 403
    assert row_counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "status"), [("viewer", 403), ("outsider", 404), ("secretary_b", 404)])
def test_others_are_refused(as_user, small_tree, persona, status):
    before = row_counts()
    assert as_user(persona).post(URL, {"name": "Chi bộ Mới", **decision()}).status_code == status
    assert row_counts() == before
