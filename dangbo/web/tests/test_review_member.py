"""One member's review page: the steps in order, the self-assessment entered on the member's behalf."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from dangbo.accounts.scope import system_actor
from dangbo.evaluations.models import MemberRating
from dangbo.evaluations.services import member_rating_record, review_cycle_lock
from dangbo.web.tests.helpers import field_errors, page_text

SYSTEM = system_actor("kiểm thử: test_review_member")


def url(member, year=2019):
    return reverse("review_member", args=[year, member.pk])


@pytest.fixture
def an(small_tree, make_member):
    return make_member(small_tree.cell_a, "Nguyễn Văn An")


@pytest.mark.django_db
def test_the_page_shows_the_steps_and_who_decides(as_user, an):
    member_rating_record(
        actor=SYSTEM, member=an, year=2019, stage="self", rank=1, self_assessment="Hoàn thành xuất sắc."
    )
    member_rating_record(
        actor=SYSTEM, member=an, year=2019, stage="proposal", rank=2, targets_met_percent=Decimal(95)
    )
    response = as_user("secretary_a").get(url(an))
    assert response.status_code == 200
    text = page_text(response)
    assert "Hoàn thành xuất sắc." in text
    assert "Hoàn thành chỉ tiêu, nhiệm vụ: 95 %" in text
    assert "3. Quyết định của đảng ủy cơ sở (Đảng bộ phường An Bình)" in text
    assert response.context["step"]["label"] == "Đã đề xuất"
    assert response.context["can_write"]


@pytest.mark.django_db
def test_the_secretary_records_the_self_assessment_here(as_user, an):
    client = as_user("secretary_a")
    response = client.post(url(an), {"rank": "2", "self_assessment": "Hoàn thành tốt nhiệm vụ được giao."})
    assert response.status_code == 302
    assert response["Location"] == url(an)
    rating = MemberRating.objects.get(member=an, year=2019)
    assert (rating.self_rank, rating.self_assessment) == (2, "Hoàn thành tốt nhiệm vụ được giao.")
    assert "Đã ghi tự đánh giá năm 2019 của đồng chí Nguyễn Văn An." in page_text(client.get(url(an)))


@pytest.mark.django_db
def test_an_empty_self_assessment_is_refused(as_user, an):
    response = as_user("secretary_a").post(url(an), {"rank": "", "self_assessment": " "})
    assert field_errors(response, "rank") == ["Phải chọn mức tự xếp loại hoặc ghi tóm tắt tự kiểm điểm."]
    assert not MemberRating.objects.exists()


@pytest.mark.django_db
def test_a_newcomer_is_not_rated_but_still_self_reviews(as_user, small_tree, make_member):
    newcomer = make_member(
        small_tree.cell_a,
        "Võ Thị Mới",
        status="probationary",
        admitted=date(2019, 10, 1),
        on=date(2019, 10, 1),
    )
    client = as_user("secretary_a")
    assert "vẫn tự kiểm điểm" in page_text(client.get(url(newcomer)))
    assert client.post(url(newcomer), {"rank": "2", "self_assessment": "Mới vào Đảng."}).status_code == 302
    assert MemberRating.objects.get(member=newcomer).self_rank == 2


@pytest.mark.django_db
def test_a_locked_year_shows_no_form_and_refuses(as_user, small_tree, officer, an):
    review_cycle_lock(actor=officer, organization=small_tree.ward, year=2019, decision_number="9-QĐ/ĐU")
    client = as_user("secretary_a")
    page = client.get(url(an))
    assert not page.context["can_write"]
    response = client.post(url(an), {"rank": "2"})
    assert "đã được phê duyệt và khóa sổ" in " ".join(
        field_errors(response, "rank") + [str(e) for e in response.context["form"].non_field_errors()]
    )
    assert not MemberRating.objects.exists()


@pytest.mark.django_db
def test_a_year_the_member_was_not_on_the_books_is_refused(as_user, an):
    response = as_user("secretary_a").get(url(an, 2010))
    assert response.status_code == 404
    assert "không có trong danh sách đảng viên năm 2010" in page_text(response)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["secretary_b", "outsider"])
def test_others_do_not_see_the_member(as_user, an, persona):
    client = as_user(persona)
    assert client.get(url(an)).status_code == 404
    assert client.post(url(an), {"rank": "2"}).status_code == 404
    assert not MemberRating.objects.exists()


@pytest.mark.django_db
def test_the_viewer_sees_nothing_of_it_and_may_not_write(as_user, an):
    client = as_user("viewer")
    page = client.get(url(an))
    assert page.status_code == 403 and "tài liệu mật" in page.content.decode()
    assert client.post(url(an), {"rank": "2"}).status_code == 403
    assert not MemberRating.objects.exists()


@pytest.mark.django_db
def test_an_unknown_member_is_not_found(as_user, an):
    assert as_user("officer").get(reverse("review_member", args=[2019, 999999])).status_code == 404


@pytest.mark.django_db
def test_login_is_required(client, an):
    response = client.get(url(an))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
