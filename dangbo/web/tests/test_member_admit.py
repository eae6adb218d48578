"""Kết nạp: a new probationary member through member_admit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.members.models import Member, MemberEvent
from dangbo.web.tests.helpers import decision, field_errors, page_text, row_counts

URL = reverse("member_admit")


def admission(small_tree, **extra):
    data = {
        "full_name": "  Đặng  Thị Lan ",
        "sex": "female",
        "birth_date": "12/08/2001",
        "ethnicity": "Kinh",
        "religion": "Không",
        "cccd": "079301004321",
        "cell": str(small_tree.cell_a.pk),
        "ceremony_on": "15/06/2025",
        "source_group": "student",
        **decision(effective_on="10/06/2025", decision_date="10/06/2025"),
    }
    data.update(extra)
    return data


@pytest.mark.django_db
def test_the_grassroots_committee_admits_a_member_into_its_cell(as_user, people, small_tree):
    client = as_user("ward_staff")
    response = client.post(URL, admission(small_tree, sponsors=f"{people.an.pk}, #{people.binh.pk}"))
    assert response.status_code == 302
    member = Member.objects.get(cccd="079301004321")
    assert response["Location"] == reverse("member_detail", args=[member.pk])
    assert member.full_name == "Đặng Thị Lan"
    assert member.status == "probationary"
    assert member.organization == small_tree.cell_a
    assert member.admitted_on.isoformat() == "2025-06-10"
    event = MemberEvent.objects.get(member=member)
    assert event.details["sponsors"] == [people.an.pk, people.binh.pk]
    assert event.details["source_group"] == "student"
    assert event.details["ceremony_on"] == "2025-06-15"
    assert "Đã kết nạp đồng chí Đặng Thị Lan vào Chi bộ Khu phố 1 – Đảng bộ phường An Bình." in page_text(
        client.get(response["Location"])
    )


@pytest.mark.django_db
def test_the_cell_can_be_chosen_beforehand_from_the_cell_page(as_user, small_tree):
    response = as_user("ward_staff").get(URL, {"chi-bo": "W1B"})
    assert response.context["form"].initial == {"cell": str(small_tree.cell_b.pk)}


@pytest.mark.django_db
def test_a_bad_birth_date_names_the_field_and_writes_nothing(as_user, small_tree):
    before = row_counts()
    response = as_user("ward_staff").post(URL, admission(small_tree, birth_date="12/8"))
    assert field_errors(response, "birth_date") == [
        "Ngày sinh “12/8” không phải là ngày hợp lệ; hãy nhập theo dạng dd/mm/yyyy."
    ]
    assert row_counts() == before


@pytest.mark.django_db
def test_required_fields_have_vietnamese_messages(as_user, small_tree):
    response = as_user("ward_staff").post(URL, {})
    assert field_errors(response, "full_name") == ["Phải nhập họ và tên."]
    assert field_errors(response, "sex") == ["Phải chọn giới tính."]
    assert field_errors(response, "cell") == ["Phải chọn chi bộ."]
    assert field_errors(response, "effective_on") == ["Phải nhập ngày kết nạp."]
    assert field_errors(response, "decision_number") == ["Phải nhập số quyết định."]


@pytest.mark.django_db
def test_an_applicant_under_18_is_refused_by_the_service(as_user, small_tree):
    before = row_counts()
    response = as_user("ward_staff").post(URL, admission(small_tree, birth_date="01/01/2010"))
    assert field_errors(response, "birth_date") == [
        "Người vào Đảng phải đủ 18 tuổi, tính theo tháng (Điều lệ Đảng, Điều 1)."
    ]
    assert row_counts() == before


@pytest.mark.django_db
def test_an_applicant_over_60_needs_the_approval_box(as_user, small_tree):
    before = row_counts()
    response = as_user("ward_staff").post(URL, admission(small_tree, birth_date="01/01/1960"))
    assert "hãy đánh dấu đã có ý kiến đồng ý" in field_errors(response, "birth_date")[0]
    assert row_counts() == before
    approved = as_user("ward_staff").post(
        URL, admission(small_tree, birth_date="01/01/1960", over_age_approved="on")
    )
    assert approved.status_code == 302


@pytest.mark.django_db
def test_a_probationary_sponsor_is_refused(as_user, people, small_tree):
    before = row_counts()
    response = as_user("ward_staff").post(URL, admission(small_tree, sponsors=str(people.dung.pk)))
    assert field_errors(response, "sponsors") == [
        "Người giới thiệu Phạm Minh Dũng phải là đảng viên chính thức (Điều lệ Đảng, Điều 4)."
    ]
    assert row_counts() == before


@pytest.mark.django_db
def test_an_unknown_sponsor_is_named(as_user, people, small_tree):
    response = as_user("ward_staff").post(URL, admission(small_tree, sponsors=f"{people.an.pk}, 999999"))
    assert field_errors(response, "sponsors") == ["Không tìm thấy người giới thiệu: 999999."]


@pytest.mark.django_db
def test_an_invalid_cccd_is_refused_on_its_field(as_user, small_tree):
    before = row_counts()
    response = as_user("ward_staff").post(URL, admission(small_tree, cccd="12345"))
    assert field_errors(response, "cccd") == ["Số CCCD “12345” phải gồm đúng 12 chữ số."]
    assert row_counts() == before


@pytest.mark.django_db
def test_a_secretary_cannot_admit_the_level_that_admits_decides(as_user, small_tree):
    """A cell proposes an admission; the authorized grassroots committee or the district's standing
    committee decides (Điều lệ Đảng, Điều 4): the page and the post are refused to a cell secretary."""
    before = row_counts()
    for persona in ("secretary_a", "secretary_b"):
        assert as_user(persona).get(URL).status_code == 403
        response = as_user(persona).post(URL, admission(small_tree))
        assert response.status_code == 403
        assert "thẩm quyền" in page_text(response) and "Điều lệ Đảng, Điều 4" in page_text(response)
    assert row_counts() == before


@pytest.mark.django_db
def test_a_grassroots_committee_cannot_admit_into_another_ward(as_user, small_tree):
    before = row_counts()
    response = as_user("outsider").post(URL, admission(small_tree))
    assert field_errors(response, "cell") == ["Lựa chọn chi bộ không hợp lệ."]
    assert row_counts() == before


@pytest.mark.django_db
def test_the_viewer_may_not_admit(as_user, small_tree):
    before = row_counts()
    assert as_user("viewer").get(URL).status_code == 403
    assert as_user("viewer").post(URL, admission(small_tree)).status_code == 403
    assert row_counts() == before


@pytest.mark.django_db
def test_the_sponsor_search_lists_official_members_in_scope(as_user, people):
    client = as_user("secretary_a")
    html = page_text(client.get(reverse("member_lookup"), {"q": "nguyen"}))
    assert "Nguyễn Văn An" in html
    assert f'data-value="{people.an.pk}"' in html
    assert "Phạm Minh Dũng" not in page_text(
        client.get(reverse("member_lookup"), {"q": "pham"})
    )  # probationary
    assert "Lê Văn Cường" not in page_text(client.get(reverse("member_lookup"), {"q": "le van"}))  # cell B
