"""/quy-hoach/ and /quy-hoach/<code>/<term>/: the plan, positions × candidates, structure; POST adds a position."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangbo.planning import services
from dangbo.planning.models import PlannedPosition
from dangbo.planning.tests.helpers import ADDED, discipline, position

pytestmark = pytest.mark.django_db
URL = reverse("planning_plan", args=["W1", "2025-2030"])


def test_the_index_lists_the_plans_in_scope_and_opens_one(as_user, small_tree):
    position(small_tree.ward)
    client = as_user("ward_staff")
    page = client.get(reverse("planning_index")).content.decode()
    assert "Đảng bộ phường An Bình" in page and "2025 - 2030" in page
    assert "Đảng bộ phường An Bình" not in as_user("outsider").get(reverse("planning_index")).content.decode()
    response = client.get(reverse("planning_index"), {"org": "w1", "nhiem_ky": "2025 - 2030"})
    assert response["Location"] == URL
    assert (
        "Tổ chức: không có tổ chức mã hoặc tên “W1” trong phạm vi của bạn."
        in as_user("outsider")
        .get(reverse("planning_index"), {"org": "W1", "nhiem_ky": "2025-2030"})
        .content.decode()
    )


def test_the_index_opens_a_plan_from_the_name_typed_without_accents(as_user, small_tree):
    client = as_user("ward_staff")
    response = client.get(
        reverse("planning_index"), {"org": "dang bo phuong an binh", "nhiem_ky": "2025-2030"}
    )
    assert response["Location"] == URL
    # a cell's name without its ward is ambiguous for the district: the message lists the matches
    officer = as_user("officer").get(
        reverse("planning_index"), {"org": "chi bo khu pho", "nhiem_ky": "2025-2030"}
    )
    html = officer.content.decode()
    assert "“chi bo khu pho” khớp với 3 tổ chức" in html and "(W1A)" in html and "(W2A)" in html
    # another ward's name: the same answer as a name that does not exist
    outsider = as_user("outsider").get(
        reverse("planning_index"), {"org": "phuong an binh", "nhiem_ky": "2025-2030"}
    )
    assert (
        "Tổ chức: không có tổ chức mã hoặc tên “phuong an binh” trong phạm vi của bạn."
        in outsider.content.decode()
    )


def test_the_plan_shows_candidates_structure_and_warnings(as_user, small_tree, officer, make_member):
    secretary = position(small_tree.ward)
    member = make_member(small_tree.cell_a, "Trần Văn Bình")
    services.candidacy_add(actor=officer, position=secretary, member=member, added_on=ADDED)
    discipline(member, date(2024, 10, 1))
    response = as_user("ward_staff").get(URL, {"ngay": "01/11/2024"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Trần Văn Bình" in page and "Bí thư Đảng ủy" in page
    assert "(1/3 người)" in page
    assert "Cán bộ nữ chiếm 0,00 % (0/1), thấp hơn mức ít nhất 25 %" in page
    assert "đưa ra khỏi quy hoạch cán bộ bị kỷ luật từ khiển trách" in page
    # the cadres planned are personal data: a read-only viewer is refused the plan
    refused = as_user("viewer").get(URL, {"ngay": "01/11/2024"})
    assert refused.status_code == 403 and "Trần Văn Bình" not in refused.content.decode()


def test_outside_the_scope_the_plan_is_not_found(as_user, small_tree):
    position(small_tree.ward)
    assert as_user("outsider").get(URL).status_code == 404
    assert as_user("secretary_b").get(URL).status_code == 404
    assert as_user("outsider").post(URL, {"kind": "secretary"}).status_code == 404
    assert as_user("secretary_b").post(URL, {"kind": "secretary"}).status_code == 404


def test_a_bad_term_is_not_found(as_user, small_tree):
    assert as_user("officer").get(reverse("planning_plan", args=["W1", "2025-2040"])).status_code == 404


def test_the_staff_adds_a_position_and_the_term_is_created(as_user, small_tree):
    response = as_user("ward_staff").post(URL, {"kind": "deputy_secretary", "title": "", "seats": "2"})
    assert response.status_code == 302 and response["Location"] == URL
    position = PlannedPosition.objects.get()
    assert (position.title, position.seats, position.term.label) == ("Phó Bí thư", 2, "2025 - 2030")


def test_a_duplicate_title_is_shown_on_the_field(as_user, small_tree):
    position(small_tree.ward, title="Bí thư")
    response = as_user("ward_staff").post(URL, {"kind": "secretary", "title": "Bí thư", "seats": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == [
        "Quy hoạch nhiệm kỳ 2025 - 2030 đã có chức danh “Bí thư”."
    ]


def test_a_viewer_may_not_add_a_position(as_user, small_tree):
    assert as_user("viewer").post(URL, {"kind": "secretary", "seats": "1"}).status_code == 403
    assert not PlannedPosition.objects.exists()
