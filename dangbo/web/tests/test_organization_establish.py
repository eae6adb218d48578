"""Thành lập: a new organization under a parent, through organization_establish."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.organizations.models import Organization, OrganizationEvent
from dangbo.web.tests.helpers import decision, field_errors, page_text, row_counts

URL = reverse("organization_establish", args=["W1"])


def new_cell(**extra: str) -> dict[str, str]:
    data = {"code": "W1C", "name": "Chi bộ Khu phố 3", "kind": "affiliated_cell", "sector": "residential"}
    data.update(decision(**extra))
    return data


@pytest.mark.django_db
def test_the_ward_staff_establishes_a_cell_under_the_ward(as_user, small_tree):
    client = as_user("ward_staff")
    response = client.post(URL, new_cell())
    assert response.status_code == 302
    assert response["Location"] == reverse("org_detail", args=["W1C"])
    cell = Organization.objects.get(code="W1C")
    assert cell.parent == small_tree.ward
    assert cell.established_on.isoformat() == "2025-06-01"
    event = OrganizationEvent.objects.get(organization=cell)
    assert event.decision_number == "15-QĐ/ĐU"
    assert event.issued_by == "Đảng ủy phường An Bình"
    assert "Đã thành lập Chi bộ Khu phố 3." in page_text(client.get(response["Location"]))


@pytest.mark.django_db
def test_the_kinds_offered_are_those_allowed_under_the_parent(as_user, small_tree):
    html = page_text(as_user("ward_staff").get(URL))
    assert 'value="affiliated_cell"' in html
    assert 'value="partial_committee"' in html
    assert 'value="district"' not in html


@pytest.mark.django_db
def test_a_bad_date_names_the_field_and_writes_nothing(as_user, small_tree):
    before = row_counts()
    response = as_user("ward_staff").post(URL, new_cell(effective_on="31/02/2025"))
    assert response.status_code == 200
    assert field_errors(response, "effective_on") == [
        "Ngày hiệu lực “31/02/2025” không phải là ngày hợp lệ; hãy nhập theo dạng dd/mm/yyyy."
    ]
    assert row_counts() == before


@pytest.mark.django_db
def test_missing_fields_get_vietnamese_messages(as_user, small_tree):
    before = row_counts()
    response = as_user("ward_staff").post(URL, {"kind": "affiliated_cell", "sector": "residential"})
    assert field_errors(response, "effective_on") == ["Phải nhập ngày hiệu lực."]
    assert field_errors(response, "decision_number") == ["Phải nhập số quyết định."]
    assert field_errors(response, "decision_date") == ["Phải nhập ngày quyết định."]
    assert field_errors(response, "code") == ["Phải nhập mã tổ chức."]
    assert "Phải nhập ngày hiệu lực." in page_text(response)
    assert row_counts() == before


@pytest.mark.django_db
def test_a_code_already_used_is_refused_by_the_service_on_the_code_field(as_user, small_tree):
    before = row_counts()
    response = as_user("ward_staff").post(URL, new_cell(code="w1a"))
    assert field_errors(response, "code") == ["Mã tổ chức “W1A” đã được dùng."]
    assert row_counts() == before


@pytest.mark.django_db
def test_a_date_before_the_parent_existed_is_refused(as_user, small_tree):
    before = row_counts()
    response = as_user("ward_staff").post(URL, new_cell(effective_on="01/01/2010"))
    assert field_errors(response, "effective_on") == [
        "Đảng bộ phường An Bình không hoạt động vào ngày 01/01/2010."
    ]
    assert row_counts() == before


@pytest.mark.django_db
def test_the_viewer_may_not_establish(as_user, small_tree):
    before = row_counts()
    client = as_user("viewer")
    assert client.get(URL).status_code == 403
    assert client.post(URL, new_cell()).status_code == 403
    assert row_counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "secretary_b"])
def test_outside_the_scope_the_parent_is_not_found(as_user, small_tree, persona):
    before = row_counts()
    assert as_user(persona).post(URL, new_cell()).status_code == 404
    assert row_counts() == before


@pytest.mark.django_db
def test_a_cell_has_no_establish_form(as_user, small_tree):
    assert as_user("officer").get(reverse("organization_establish", args=["W1A"])).status_code == 404


@pytest.mark.django_db
def test_only_the_administrator_establishes_a_root(as_user, small_tree):
    url = reverse("organization_establish_root")
    assert as_user("officer").get(url).status_code == 403
    response = as_user("admin").post(
        url,
        {"code": "TP", "name": "Đảng bộ Thành phố Thử", "kind": "province", "sector": "other", **decision()},
    )
    assert response.status_code == 302
    assert Organization.objects.get(code="TP").parent is None
