"""Phê duyệt, khóa sổ: review_cycle_lock on a subtree; afterwards only corrections."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangbo.evaluations.models import ReviewCycle
from dangbo.evaluations.services import review_cycle_lock
from dangbo.web.tests.helpers import field_errors, page_text

URL = reverse("review_lock", args=[2019, "D"])


@pytest.mark.django_db
def test_the_page_counts_who_is_not_yet_assessed(as_user, small_tree, make_member):
    make_member(small_tree.cell_a, "Nguyễn Văn An")
    response = as_user("officer").get(URL)
    assert response.status_code == 200
    assert response.context["pending_members"] == 1
    assert response.context["pending_units"] == 3
    assert "Còn đảng viên hoặc tổ chức chưa có quyết định xếp loại." in page_text(response)


@pytest.mark.django_db
def test_the_officer_locks_the_year(as_user, small_tree):
    client = as_user("officer")
    response = client.post(URL, {"decision_number": "99-QĐ/QU", "decision_date": "15/01/2020"})
    assert response.status_code == 302
    assert response["Location"] == reverse("review_organizations", args=[2019, "D"])
    cycle = ReviewCycle.objects.get(organization=small_tree.district, year=2019)
    assert (cycle.stage, cycle.decision_number) == ("locked", "99-QĐ/QU")
    page = page_text(client.get(response["Location"]))
    # the decision's own date as typed, not the day of the click
    assert cycle.decision_date == date(2020, 1, 15)
    assert "quyết định số 99-QĐ/QU, ngày 15/01/2020)" in page
    assert "Đã phê duyệt và khóa sổ kết quả đánh giá, xếp loại năm 2019 của Đảng bộ Quận Thử." in page
    assert "quyết định số 99-QĐ/QU" in page
    # the cells below are locked too
    cell_page = client.get(reverse("review_cell", args=[2019, "W1A"]))
    assert cell_page.context["cycle"].decision_number == "99-QĐ/QU"


@pytest.mark.django_db
def test_the_decision_number_is_required(as_user, small_tree):
    response = as_user("officer").post(URL, {"decision_number": " ", "decision_date": ""})
    assert field_errors(response, "decision_date")
    assert field_errors(response, "decision_number") == ["Phải nhập số quyết định phê duyệt."]
    assert not ReviewCycle.objects.exists()


@pytest.mark.django_db
def test_a_second_lock_is_refused_on_the_field(as_user, small_tree, officer):
    review_cycle_lock(actor=officer, organization=small_tree.district, year=2019, decision_number="1")
    response = as_user("ward_staff").post(
        reverse("review_lock", args=[2019, "W1"]), {"decision_number": "2", "decision_date": "20/01/2020"}
    )
    assert "đã được phê duyệt và khóa sổ" in field_errors(response, "decision_number")[0]
    assert ReviewCycle.objects.count() == 1


@pytest.mark.django_db
def test_an_unknown_year_is_refused(as_user, small_tree):
    response = as_user("officer").post(
        reverse("review_lock", args=[1890, "D"]), {"decision_number": "1", "decision_date": "20/01/2020"}
    )
    assert response.status_code == 404
    assert "Năm “1890” không hợp lệ" in page_text(response)
    assert not ReviewCycle.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "status"), [("viewer", 403), ("outsider", 404), ("secretary_a", 404)])
def test_others_may_not_lock(as_user, small_tree, persona, status):
    assert as_user(persona).post(URL, {"decision_number": "1"}).status_code == status
    assert not ReviewCycle.objects.exists()
