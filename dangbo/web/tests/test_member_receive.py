"""Tiếp nhận: a member arriving from outside the tree, through member_receive."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.members.models import Member, MemberEvent
from dangbo.web.tests.helpers import decision, field_errors, row_counts

URL = reverse("member_receive")


def arrival(small_tree, **extra):
    data = {
        "full_name": "Bùi Văn Khánh",
        "sex": "male",
        "birth_date": "03/03/1975",
        "ethnicity": "Kinh",
        "religion": "Không",
        "cell": str(small_tree.cell_b.pk),
        "status": "official",
        "admitted_on": "19/05/2000",
        "official_on": "19/05/2001",
        "origin": "Đảng bộ phường 5, quận 3",
        **decision(),
    }
    data.update(extra)
    return data


@pytest.mark.django_db
def test_the_ward_staff_receives_an_official_member(as_user, small_tree):
    response = as_user("ward_staff").post(URL, arrival(small_tree))
    assert response.status_code == 302
    member = Member.objects.get(full_name="Bùi Văn Khánh")
    assert member.status == "official"
    assert member.organization == small_tree.cell_b
    assert member.admitted_on.isoformat() == "2000-05-19"
    event = MemberEvent.objects.get(member=member)
    assert event.kind == "transfer_in"
    assert event.details["origin"] == "Đảng bộ phường 5, quận 3"


@pytest.mark.django_db
def test_an_official_member_without_an_official_date_is_refused(as_user, small_tree):
    before = row_counts()
    response = as_user("ward_staff").post(URL, arrival(small_tree, official_on=""))
    assert field_errors(response, "official_on") == [
        "Đảng viên chính thức phải có ngày chính thức sau ngày vào Đảng."
    ]
    assert row_counts() == before


@pytest.mark.django_db
def test_a_bad_admission_date_names_the_field(as_user, small_tree):
    before = row_counts()
    response = as_user("ward_staff").post(URL, arrival(small_tree, admitted_on="19-05"))
    assert field_errors(response, "admitted_on") == [
        "Ngày vào Đảng “19-05” không phải là ngày hợp lệ; hãy nhập theo dạng dd/mm/yyyy."
    ]
    assert row_counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "status"), [("viewer", 403), ("outsider", 200)])
def test_others_cannot_receive_into_the_ward(as_user, small_tree, persona, status):
    before = row_counts()
    response = as_user(persona).post(URL, arrival(small_tree))
    assert response.status_code == status
    if status == 200:  # the outsider's form does not offer cell B
        assert field_errors(response, "cell") == ["Lựa chọn chi bộ không hợp lệ."]
    assert row_counts() == before
