"""Điều chỉnh: rating_correct on a locked year's rating, with the reason and the decision; shown on the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.accounts.scope import system_actor
from dangbo.evaluations.models import MemberRating, OrganizationRating, RatingCorrection
from dangbo.evaluations.services import member_rating_record, organization_rating_record, review_cycle_lock
from dangbo.web.tests.helpers import field_errors, page_text

SYSTEM = system_actor("kiểm thử: test_review_correct")


@pytest.fixture
def locked(small_tree, make_member):
    member = make_member(small_tree.cell_a, "Nguyễn Văn An")
    member_rating_record(
        actor=SYSTEM, member=member, year=2019, stage="decision", rank=3, decision_number="1-TB"
    )
    organization_rating_record(
        actor=SYSTEM,
        organization=small_tree.school,
        year=2019,
        stage="decision",
        rank=1,
        exemplary=True,
        decision_number="2-QĐ",
    )
    review_cycle_lock(actor=SYSTEM, organization=small_tree.district, year=2019, decision_number="99-QĐ/QU")
    return member


def member_url(member):
    return reverse("review_correct_member", args=[2019, member.pk])


SCHOOL = reverse("review_correct_organization", args=[2019, "S1"])


@pytest.mark.django_db
def test_the_cell_page_links_to_the_correction_of_a_locked_year(as_user, locked):
    page = as_user("ward_staff").get(reverse("review_cell", args=[2019, "W1A"]))
    assert member_url(locked) in page_text(page)


@pytest.mark.django_db
def test_the_ward_staff_corrects_a_members_rating(as_user, locked):
    client = as_user("ward_staff")
    page = client.get(member_url(locked))
    assert page.status_code == 200
    assert "Hoàn thành nhiệm vụ" in page_text(page)
    data = {"rank": "2", "reason": "Tính sai chỉ tiêu công tác", "decision_number": "101-QĐ/ĐU"}
    response = client.post(member_url(locked), data)
    assert response.status_code == 302
    assert MemberRating.objects.get(member=locked).rank == 2
    correction = RatingCorrection.objects.get()
    assert (correction.before["rank"], correction.after["rank"]) == (3, 2)
    page = page_text(client.get(response["Location"]))
    assert "Đã ghi điều chỉnh kết quả xếp loại năm 2019: đồng chí Nguyễn Văn An." in page
    assert "Tính sai chỉ tiêu công tác" in page and "101-QĐ/ĐU" in page
    cell_page = page_text(client.get(reverse("review_cell", args=[2019, "W1A"])))
    assert "Điều chỉnh kết quả (1)" in cell_page and "Hoàn thành tốt nhiệm vụ" in cell_page


@pytest.mark.django_db
def test_the_reason_and_the_decision_are_required(as_user, locked):
    response = as_user("ward_staff").post(
        member_url(locked), {"rank": "2", "reason": "", "decision_number": ""}
    )
    assert field_errors(response, "reason") == ["Phải nhập lý do điều chỉnh."]
    assert field_errors(response, "decision_number") == ["Phải nhập số quyết định điều chỉnh."]
    assert not RatingCorrection.objects.exists()
    assert MemberRating.objects.get(member=locked).rank == 3


@pytest.mark.django_db
def test_an_organizations_rating_is_corrected_and_loses_tieu_bieu(as_user, locked, small_tree):
    client = as_user("officer")
    refused = client.post(SCHOOL, {"rank": "2", "exemplary": "on", "reason": "Sai", "decision_number": "5"})
    assert "mới được chọn" in field_errors(refused, "exemplary")[0]
    assert not RatingCorrection.objects.exists()
    response = client.post(
        SCHOOL, {"rank": "2", "reason": "Chi bộ có đảng viên vi phạm", "decision_number": "5"}
    )
    assert response.status_code == 302
    rating = OrganizationRating.objects.get(organization=small_tree.school)
    assert (rating.rank, rating.exemplary) == (2, False)
    page = page_text(client.get(reverse("review_organizations", args=[2019, "D"])))
    assert "Chi bộ có đảng viên vi phạm" in page


@pytest.mark.django_db
def test_a_rating_that_does_not_exist_is_not_found(as_user, locked, small_tree):
    assert as_user("officer").get(reverse("review_correct_member", args=[2018, locked.pk])).status_code == 404
    assert (
        as_user("officer").get(reverse("review_correct_organization", args=[2019, "W1"])).status_code == 404
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "status"), [("viewer", 403), ("secretary_b", 404), ("outsider", 404)])
def test_others_may_not_correct(as_user, locked, persona, status):
    client = as_user(persona)
    data = {"rank": "1", "reason": "Lý do", "decision_number": "5"}
    assert client.post(member_url(locked), data).status_code == status
    assert not RatingCorrection.objects.exists()


@pytest.mark.django_db
def test_the_viewer_reads_an_organizations_correction_page_not_a_members(as_user, locked):
    page = as_user("viewer").get(SCHOOL)
    assert page.status_code == 200 and not page.context["can_write"]
    refused = as_user("viewer").get(member_url(locked))
    assert refused.status_code == 403 and "Nguyễn Văn An" not in page_text(refused)
