"""Sáp nhập: the chosen organizations merge into this one, through organization_merge."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangbo.members.models import Member
from dangbo.organizations.models import Organization, OrganizationEvent
from dangbo.web.tests.helpers import decision, field_errors, page_text, row_counts

URL = reverse("organization_merge", args=["W1A"])


@pytest.mark.django_db
def test_the_ward_staff_merges_cell_b_into_cell_a(as_user, people, small_tree):
    response = as_user("ward_staff").post(URL, {"sources": [str(small_tree.cell_b.pk)], **decision()})
    assert response.status_code == 302
    assert response["Location"] == reverse("org_detail", args=["W1A"])
    assert Organization.objects.get(code="W1B").ended_on == date(2025, 6, 1)
    assert Member.objects.get(pk=people.cuong.pk).organization == small_tree.cell_a
    assert OrganizationEvent.objects.filter(organization=small_tree.cell_a, action="merge").exists()


@pytest.mark.django_db
def test_the_sources_offered_are_cells_the_user_may_reorganize(as_user, small_tree):
    html = page_text(as_user("ward_staff").get(URL))
    assert f'value="{small_tree.cell_b.pk}"' in html
    assert f'value="{small_tree.cell_a.pk}"' not in html  # the target itself
    assert f'value="{small_tree.other_cell.pk}"' not in html  # another ward


@pytest.mark.django_db
def test_no_source_chosen_gets_a_vietnamese_message(as_user, small_tree):
    response = as_user("ward_staff").post(URL, decision())
    assert field_errors(response, "sources") == ["Phải chọn tổ chức được sáp nhập."]


@pytest.mark.django_db
def test_a_merge_on_the_founding_day_is_refused_by_the_service(as_user, people, small_tree):
    before = row_counts()
    response = as_user("ward_staff").post(
        URL, {"sources": [str(small_tree.cell_b.pk)], **decision(effective_on="01/01/2015")}
    )
    assert response.status_code == 200
    assert field_errors(response, "effective_on") == [
        "Không thể giải thể tổ chức vào đúng ngày có quyết định trước đó."
    ]
    assert row_counts() == before


@pytest.mark.django_db
def test_a_cell_secretary_cannot_merge_a_neighbouring_cell_into_theirs(as_user, people, small_tree):
    before = row_counts()
    response = as_user("secretary_a").post(URL, {"sources": [str(small_tree.cell_b.pk)], **decision()})
    assert field_errors(response, "sources") == ["Lựa chọn tổ chức được sáp nhập không hợp lệ."]
    assert row_counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "status"), [("viewer", 403), ("outsider", 404), ("secretary_b", 404)])
def test_others_are_refused(as_user, small_tree, persona, status):
    before = row_counts()
    response = as_user(persona).post(URL, {"sources": [str(small_tree.cell_b.pk)], **decision()})
    assert response.status_code == status
    assert row_counts() == before
