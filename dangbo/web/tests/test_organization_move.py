"""Chuyển trực thuộc: through organization_move, to a parent the user may write to."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.organizations.models import Organization
from dangbo.web.tests.helpers import decision, field_errors, page_text, row_counts

URL = reverse("organization_move", args=["W1A"])


@pytest.mark.django_db
def test_the_officer_moves_a_cell_to_another_ward(as_user, people, small_tree):
    response = as_user("officer").post(URL, {"new_parent": str(small_tree.other_ward.pk), **decision()})
    assert response.status_code == 302
    cell = Organization.objects.get(code="W1A")
    assert cell.parent == small_tree.other_ward
    assert cell.path.startswith(small_tree.other_ward.path)


@pytest.mark.django_db
def test_only_parents_that_may_hold_the_organization_are_offered(as_user, small_tree):
    html = page_text(as_user("officer").get(URL))
    assert f'value="{small_tree.other_ward.pk}"' in html
    assert f'value="{small_tree.district.pk}"' not in html  # a district holds no affiliated cell
    assert f'value="{small_tree.ward.pk}"' not in html  # already there


@pytest.mark.django_db
def test_a_parent_outside_the_writable_scope_is_refused(as_user, small_tree):
    before = row_counts()
    response = as_user("ward_staff").post(URL, {"new_parent": str(small_tree.other_ward.pk), **decision()})
    assert field_errors(response, "new_parent") == ["Lựa chọn cấp trên mới không hợp lệ."]
    assert row_counts() == before


@pytest.mark.django_db
def test_a_day_when_the_organization_did_not_exist_is_refused(as_user, small_tree):
    before = row_counts()
    response = as_user("officer").post(
        URL, {"new_parent": str(small_tree.other_ward.pk), **decision(effective_on="01/01/2010")}
    )
    assert field_errors(response, "effective_on") == ["Chi bộ Khu phố 1 không hoạt động vào ngày 01/01/2010."]
    assert row_counts() == before


@pytest.mark.django_db
def test_a_missing_parent_gets_a_vietnamese_message(as_user, small_tree):
    response = as_user("officer").post(URL, decision())
    assert field_errors(response, "new_parent") == ["Phải chọn cấp trên mới."]


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "status"), [("viewer", 403), ("secretary_a", 403), ("outsider", 404)])
def test_others_are_refused(as_user, small_tree, persona, status):
    before = row_counts()
    response = as_user(persona).post(URL, {"new_parent": str(small_tree.other_ward.pk), **decision()})
    assert response.status_code == status
    assert row_counts() == before
