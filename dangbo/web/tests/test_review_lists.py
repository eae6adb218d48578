"""Chưa đánh giá and không xếp loại (with the reason), for members and organizations of a subtree."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangbo.accounts.scope import system_actor
from dangbo.evaluations.services import member_rating_record, organization_rating_record
from dangbo.members.services import member_act
from dangbo.web.tests.helpers import page_text

SYSTEM = system_actor("kiểm thử: test_review_lists")

URL = reverse("review_lists", args=[2019, "W1"])


@pytest.fixture
def reviewed(small_tree, make_member):
    rated = make_member(small_tree.cell_a, "Nguyễn Văn An")
    pending = make_member(small_tree.cell_b, "Trần Văn Bình")
    exempted = make_member(small_tree.cell_a, "Lê Thị Lan", sex="female")
    member_act(
        actor=SYSTEM,
        member=exempted,
        kind="exemption",
        effective_on=date(2018, 1, 1),
        decision_number="3",
        decision_date=None,
    )
    member_rating_record(
        actor=SYSTEM, member=rated, year=2019, stage="decision", rank=2, decision_number="1-TB"
    )
    member_rating_record(
        actor=SYSTEM, member=exempted, year=2019, stage="decision", rank=None, decision_number="1-TB"
    )
    organization_rating_record(
        actor=SYSTEM, organization=small_tree.cell_a, year=2019, stage="decision", rank=2, decision_number="2"
    )
    return rated, pending, exempted


@pytest.mark.django_db
def test_the_lists_of_the_ward(as_user, reviewed):
    rated, pending, exempted = reviewed
    response = as_user("ward_staff").get(URL)
    assert response.status_code == 200
    assert [m.full_name for m, _ in response.context["pending_rows"]] == ["Trần Văn Bình"]
    assert response.context["pending_rows"][0][1].organization.code == "W1B"
    not_rated = list(response.context["not_rated"])
    assert [(r.member.full_name, r.not_rated_reason) for r in not_rated] == [
        ("Lê Thị Lan", "Miễn công tác và sinh hoạt đảng (HD 21-HD/BTCTW, mục II.6)")
    ]
    assert [row.version.name for row in response.context["units_pending"]] == [
        "Đảng bộ phường An Bình",
        "Chi bộ Khu phố 2",
    ]
    text = page_text(response)
    assert reverse("review_cell", args=[2019, "W1B"]) in text


@pytest.mark.django_db
def test_a_cell_secretary_sees_only_the_own_cell(as_user, reviewed):
    response = as_user("secretary_b").get(reverse("review_lists", args=[2019, "W1B"]))
    assert [m.full_name for m, _ in response.context["pending_rows"]] == ["Trần Văn Bình"]
    assert as_user("secretary_b").get(URL).status_code == 404


@pytest.mark.django_db
def test_an_unknown_year_is_refused(as_user, reviewed):
    response = as_user("ward_staff").get(reverse("review_lists", args=[2099, "W1"]))
    assert response.status_code == 404
    assert "Năm “2099” không hợp lệ" in page_text(response)


@pytest.mark.django_db
def test_outsiders_do_not_see_the_lists(as_user, reviewed):
    assert as_user("outsider").get(URL).status_code == 404
