"""Chuyển sinh hoạt đảng: official, temporary or internal, through member_transfer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.members.models import Member, MemberEvent
from dangbo.web.tests.helpers import decision, field_errors, form_errors, page_text, row_counts


def url(member) -> str:
    return reverse("member_transfer", args=[member.pk])


def transfer(member, **extra):
    data = {
        "transfer_type": "internal",
        "version": str(member.version),
        **decision(decision_number="27-QĐ/ĐU"),
    }
    data.update(extra)
    return data


@pytest.mark.django_db
def test_an_internal_transfer_moves_the_member_to_another_cell_of_the_ward(as_user, people, small_tree):
    client = as_user("ward_staff")
    response = client.post(url(people.an), transfer(people.an, to_organization=str(small_tree.cell_b.pk)))
    assert response.status_code == 302
    assert response["Location"] == reverse("member_detail", args=[people.an.pk])
    assert Member.objects.get(pk=people.an.pk).organization == small_tree.cell_b
    event = MemberEvent.objects.get(member=people.an, kind="transfer")
    assert event.details["transfer_type"] == "internal"
    assert event.from_organization == small_tree.cell_a
    html = page_text(client.get(response["Location"]))
    assert (
        "Đã chuyển sinh hoạt đảng của đồng chí Nguyễn Văn An đến Chi bộ Khu phố 2 – Đảng bộ phường An Bình."
        in html
    )


@pytest.mark.django_db
def test_an_official_transfer_out_of_the_tree_takes_a_free_text_destination(as_user, people):
    response = as_user("ward_staff").post(
        url(people.an),
        transfer(people.an, transfer_type="official", destination="Đảng bộ phường Bến Nghé, Quận 1"),
    )
    assert response.status_code == 302
    member = Member.objects.get(pk=people.an.pk)
    assert member.status == "transferred_out"
    assert MemberEvent.objects.get(member=member, kind="transfer").details["destination"] == (
        "Đảng bộ phường Bến Nghé, Quận 1"
    )


@pytest.mark.django_db
def test_a_temporary_transfer_keeps_the_member_on_the_cells_books(as_user, people, small_tree):
    response = as_user("officer").post(
        url(people.an),
        transfer(people.an, transfer_type="temporary", to_organization=str(small_tree.school.pk)),
    )
    assert response.status_code == 302
    member = Member.objects.get(pk=people.an.pk)
    assert member.organization == small_tree.cell_a
    assert member.temporary_organization == small_tree.school


@pytest.mark.django_db
def test_neither_cell_nor_destination_is_refused_by_the_service(as_user, people):
    before = row_counts()
    response = as_user("ward_staff").post(url(people.an), transfer(people.an, transfer_type="official"))
    assert field_errors(response, "to_organization") == [
        "Phải chọn chi bộ chuyển đến, hoặc ghi nơi chuyển đến khi chuyển ra ngoài đảng bộ."
    ]
    assert row_counts() == before


@pytest.mark.django_db
def test_an_internal_transfer_to_another_grassroots_organization_is_refused(as_user, people, small_tree):
    before = row_counts()
    response = as_user("officer").post(
        url(people.an), transfer(people.an, to_organization=str(small_tree.school.pk))
    )
    assert field_errors(response, "transfer_type") == [
        "Chuyển sinh hoạt nội bộ chỉ trong cùng một đảng bộ cơ sở; hãy chọn chuyển sinh hoạt chính thức."
    ]
    assert row_counts() == before


@pytest.mark.django_db
def test_a_bad_effective_date_names_the_field(as_user, people, small_tree):
    before = row_counts()
    response = as_user("ward_staff").post(
        url(people.an), transfer(people.an, to_organization=str(small_tree.cell_b.pk), effective_on="1/6")
    )
    assert field_errors(response, "effective_on") == [
        "Ngày hiệu lực “1/6” không phải là ngày hợp lệ; hãy nhập theo dạng dd/mm/yyyy."
    ]
    assert row_counts() == before


@pytest.mark.django_db
def test_a_record_changed_since_the_page_was_opened_is_refused(as_user, people, small_tree):
    before = row_counts()
    stale = transfer(people.an, to_organization=str(small_tree.cell_b.pk), version=str(people.an.version - 1))
    response = as_user("ward_staff").post(url(people.an), stale)
    assert form_errors(response) == [
        "Hồ sơ đã được người khác cập nhật sau khi bạn mở; hãy tải lại trang và thực hiện lại."
    ]
    assert row_counts() == before


@pytest.mark.django_db
def test_the_current_cell_is_not_offered_as_destination(as_user, people, small_tree):
    html = page_text(as_user("ward_staff").get(url(people.an)))
    assert f'value="{small_tree.cell_b.pk}"' in html
    assert f'value="{small_tree.cell_a.pk}"' not in html


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "status"), [("secretary_b", 404), ("outsider", 404), ("viewer", 403)])
def test_others_are_refused(as_user, people, small_tree, persona, status):
    before = row_counts()
    client = as_user(persona)
    assert client.get(url(people.an)).status_code == status
    response = client.post(url(people.an), transfer(people.an, to_organization=str(small_tree.cell_b.pk)))
    assert response.status_code == status
    assert row_counts() == before
