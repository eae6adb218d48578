"""Chia tách: new sibling cells take the chosen members, through organization_split."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.members.models import Member
from dangbo.organizations.models import Organization
from dangbo.web.tests.helpers import decision, field_errors, form_errors, page_text, row_counts

URL = reverse("organization_split", args=["W1A"])


def two_parts(people, **extra):
    data = {
        "code_1": "W1A1",
        "name_1": "Chi bộ Khu phố 1A",
        "code_2": "W1A2",
        "name_2": "Chi bộ Khu phố 1B",
        f"member_{people.an.pk}": "1",
        f"member_{people.binh.pk}": "2",
        f"member_{people.dung.pk}": "2",
        **decision(),
    }
    data.update(extra)
    return data


@pytest.mark.django_db
def test_the_ward_staff_splits_a_cell_in_two_and_dissolves_it(as_user, people, small_tree):
    response = as_user("ward_staff").post(URL, two_parts(people, dissolve_source="on"))
    assert response.status_code == 302
    first, second = Organization.objects.get(code="W1A1"), Organization.objects.get(code="W1A2")
    assert first.parent == second.parent == small_tree.ward
    assert Member.objects.get(pk=people.an.pk).organization == first
    assert Member.objects.get(pk=people.dung.pk).organization == second
    assert Organization.objects.get(code="W1A").ended_on is not None


@pytest.mark.django_db
def test_a_split_may_keep_the_source_with_the_members_left_behind(as_user, people, small_tree):
    data = two_parts(people, code_2="", name_2="")
    data[f"member_{people.binh.pk}"] = ""
    data[f"member_{people.dung.pk}"] = ""
    response = as_user("ward_staff").post(URL, data)
    assert response.status_code == 302
    assert Member.objects.get(pk=people.an.pk).organization.code == "W1A1"
    assert Member.objects.get(pk=people.binh.pk).organization == small_tree.cell_a
    assert Organization.objects.get(code="W1A").ended_on is None


@pytest.mark.django_db
def test_dissolving_with_a_member_left_behind_is_refused_by_the_service(as_user, people):
    before = row_counts()
    data = two_parts(people, dissolve_source="on")
    data[f"member_{people.dung.pk}"] = ""
    response = as_user("ward_staff").post(URL, data)
    assert response.status_code == 200
    assert form_errors(response) == [
        "Còn 1 đảng viên chưa được phân về tổ chức mới; không thể giải thể tổ chức cũ."
    ]
    assert "Còn 1 đảng viên chưa được phân về tổ chức mới" in page_text(response)
    assert row_counts() == before


@pytest.mark.django_db
def test_a_new_cell_needs_both_code_and_name(as_user, people):
    before = row_counts()
    response = as_user("ward_staff").post(URL, two_parts(people, name_1=""))
    assert field_errors(response, "name_1") == ["Phải nhập tên chi bộ mới 1."]
    assert row_counts() == before


@pytest.mark.django_db
def test_at_least_one_new_cell_is_needed(as_user, people):
    response = as_user("ward_staff").post(URL, decision())
    assert form_errors(response) == ["Phải nhập ít nhất một chi bộ mới (mã và tên)."]


@pytest.mark.django_db
def test_a_member_sent_to_an_empty_part_is_flagged(as_user, people):
    data = two_parts(people, code_2="", name_2="")
    response = as_user("ward_staff").post(URL, data)
    assert field_errors(response, f"member_{people.binh.pk}") == ["Chi bộ mới 2 chưa có mã và tên."]


@pytest.mark.django_db
def test_more_parts_can_be_asked_for(as_user, people):
    html = page_text(as_user("ward_staff").get(URL, {"so-phan": "3"}))
    assert 'name="code_3"' in html and 'name="code_4"' not in html


@pytest.mark.django_db
def test_only_cells_are_split(as_user, people):
    assert as_user("officer").get(reverse("organization_split", args=["W1"])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "status"), [("viewer", 403), ("secretary_a", 403), ("outsider", 404)])
def test_others_are_refused(as_user, people, persona, status):
    before = row_counts()
    assert as_user(persona).post(URL, two_parts(people)).status_code == status
    assert row_counts() == before
