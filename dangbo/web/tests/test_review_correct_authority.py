"""A correction is decided by the level that decides the rating: the cell's secretary only sees it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.accounts.scope import system_actor
from dangbo.evaluations.models import RatingCorrection
from dangbo.evaluations.services import member_rating_record, review_cycle_lock
from dangbo.web.tests.helpers import field_errors, form_errors, page_text

SYSTEM = system_actor("kiểm thử: test_review_correct_authority")


@pytest.fixture
def locked(small_tree, make_member):
    member = make_member(small_tree.cell_a, "Nguyễn Văn An")
    member_rating_record(
        actor=SYSTEM, member=member, year=2019, stage="decision", rank=3, decision_number="1-TB"
    )
    review_cycle_lock(actor=SYSTEM, organization=small_tree.district, year=2019, decision_number="99-QĐ/QU")
    return member


def data():
    return {"rank": "2", "reason": "Tổng hợp nhầm", "decision_number": "5-QĐ/ĐU"}


@pytest.mark.django_db
def test_the_secretary_sees_who_corrects_and_is_refused(as_user, locked):
    url = reverse("review_correct_member", args=[2019, locked.pk])
    client = as_user("secretary_a")
    page = client.get(url)
    assert page.status_code == 200
    assert not page.context["can_write"]
    assert (
        "Điều chỉnh do cấp có thẩm quyền quyết định xếp loại ghi: đảng ủy cơ sở (Đảng bộ phường An Bình)"
        in page_text(page)
    )
    response = client.post(url, data())
    assert response.status_code == 200
    errors = form_errors(response) + field_errors(response, "rank")
    assert any("thuộc thẩm quyền của đảng ủy cơ sở (Đảng bộ phường An Bình)" in e for e in errors)
    assert not RatingCorrection.objects.exists()


@pytest.mark.django_db
def test_the_ward_corrects(as_user, locked):
    url = reverse("review_correct_member", args=[2019, locked.pk])
    client = as_user("ward_staff")
    assert client.get(url).context["can_write"]
    assert client.post(url, data()).status_code == 302
    assert RatingCorrection.objects.get().after["rank"] == 2
