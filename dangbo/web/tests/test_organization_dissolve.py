"""Giải thể: members move to receiving cells in the same decision, through organization_dissolve."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangbo.members.models import Member, MemberEvent
from dangbo.organizations.models import Organization, OrganizationEvent
from dangbo.web.tests.helpers import decision, field_errors, form_errors, page_text, row_counts

URL = reverse("organization_dissolve", args=["W1A"])


@pytest.mark.django_db
def test_the_ward_staff_dissolves_a_cell_and_its_members_move_to_the_receiving_cell(
    as_user, people, small_tree
):
    client = as_user("ward_staff")
    response = client.post(URL, {"default_receiving": str(small_tree.cell_b.pk), **decision()})
    assert response.status_code == 302
    assert Organization.objects.get(code="W1A").ended_on == date(2025, 6, 1)
    for member in (people.an, people.binh, people.dung):
        assert Member.objects.get(pk=member.pk).organization == small_tree.cell_b
    event = OrganizationEvent.objects.get(organization=small_tree.cell_a, action="dissolve")
    assert event.details["members_moved"] == 3
    transfer = MemberEvent.objects.get(member=people.an, kind="transfer")
    assert transfer.organization_event == event
    assert transfer.details["transfer_type"] == "reorganization"
    html = page_text(client.get(response["Location"]))
    assert "Đã giải thể Chi bộ Khu phố 1 – Đảng bộ phường An Bình; 3 đảng viên đã chuyển sinh hoạt." in html
    history = page_text(client.get(reverse("member_detail", args=[people.an.pk])))
    assert "Chi bộ Khu phố 1 – Đảng bộ phường An Bình → Chi bộ Khu phố 2 – Đảng bộ phường An Bình" in history
    assert "Theo quyết định giải thể Chi bộ Khu phố 1" in history


@pytest.mark.django_db
def test_one_member_can_go_to_a_cell_of_their_own(as_user, people, small_tree):
    response = as_user("officer").post(
        URL,
        {
            "default_receiving": str(small_tree.cell_b.pk),
            f"member_{people.an.pk}": "s1",
            **decision(),
        },
    )
    assert response.status_code == 302
    assert Member.objects.get(pk=people.an.pk).organization == small_tree.school
    assert Member.objects.get(pk=people.binh.pk).organization == small_tree.cell_b


@pytest.mark.django_db
def test_members_without_a_receiving_cell_are_refused(as_user, people, small_tree):
    before = row_counts()
    response = as_user("ward_staff").post(URL, {f"member_{people.an.pk}": "W1B", **decision()})
    assert field_errors(response, "default_receiving") == [
        "Phải chọn chi bộ nhận: còn 2 đảng viên chưa có chi bộ nhận."
    ]
    assert row_counts() == before


@pytest.mark.django_db
def test_a_committee_with_units_under_it_is_refused_by_the_service(as_user, people, small_tree):
    before = row_counts()
    response = as_user("officer").post(reverse("organization_dissolve", args=["W1"]), decision())
    assert response.status_code == 200
    assert form_errors(response) == [
        "Đảng bộ phường An Bình còn 2 tổ chức trực thuộc; hãy chuyển hoặc giải thể các tổ chức đó trước."
    ]
    assert row_counts() == before


@pytest.mark.django_db
def test_a_cell_without_members_is_dissolved_without_a_receiving_cell(as_user, small_tree):
    response = as_user("ward_staff").post(URL, decision())
    assert response.status_code == 302
    assert Organization.objects.get(code="W1A").ended_on is not None


@pytest.mark.django_db
def test_the_receiving_cells_are_only_those_the_user_may_write_to(as_user, people, small_tree):
    before = row_counts()
    response = as_user("ward_staff").post(
        URL, {"default_receiving": str(small_tree.other_cell.pk), **decision()}
    )
    assert field_errors(response, "default_receiving") == ["Lựa chọn chi bộ nhận đảng viên không hợp lệ."]
    assert row_counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"), [("viewer", 403), ("secretary_a", 403), ("outsider", 404), ("secretary_b", 404)]
)
def test_others_are_refused(as_user, people, small_tree, persona, status):
    before = row_counts()
    response = as_user(persona).post(URL, {"default_receiving": str(small_tree.cell_b.pk), **decision()})
    assert response.status_code == status
    assert row_counts() == before


@pytest.mark.django_db
def test_a_per_member_cell_outside_the_choices_is_named(as_user, people, small_tree):
    before = row_counts()
    response = as_user("ward_staff").post(
        URL, {"default_receiving": str(small_tree.cell_b.pk), f"member_{people.an.pk}": "W2A", **decision()}
    )
    assert field_errors(response, f"member_{people.an.pk}") == [
        "Không có chi bộ mã hoặc tên “W2A” trong các chi bộ bạn được chọn."
    ]
    assert row_counts() == before


@pytest.mark.django_db
def test_a_per_member_cell_is_found_by_its_name_typed_without_accents(as_user, people, small_tree):
    response = as_user("officer").post(
        URL,
        {
            "default_receiving": str(small_tree.cell_b.pk),
            f"member_{people.an.pk}": "chi bo truong thpt dong hoa",
            **decision(),
        },
    )
    assert response.status_code == 302
    assert Member.objects.get(pk=people.an.pk).organization == small_tree.school
