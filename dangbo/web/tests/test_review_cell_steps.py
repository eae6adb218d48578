"""A cell's list in the regulation's order: the self-assessments entered by the cell, the proposal
with the facts the rules use (violations shown next to the row), the decision only by the
competent level (the grassroots committee), with the step of each member shown."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from dangbo.evaluations.models import MemberRating
from dangbo.evaluations.services import member_rating_record, review_cycle_lock
from dangbo.web.tests.helpers import field_errors, form_errors, page_text

URL = reverse("review_cell", args=[2019, "W1A"])
NAMES = ["Nguyễn Văn An", "Trần Văn Bình", "Lê Văn Cường"]


@pytest.fixture
def members(small_tree, make_member):
    return [make_member(small_tree.cell_a, name) for name in NAMES]


def decision(values, **extra):
    data = {"stage": "decision", "decision_number": "12-TB/ĐU", "decision_date": "20/12/2019"}
    data.update(values)
    data.update(extra)
    return data


@pytest.mark.django_db
def test_the_secretary_enters_the_self_assessments_for_the_members(as_user, members):
    an, binh, _ = members
    client = as_user("secretary_a")
    page = client.get(URL + "?buoc=tu-danh-gia")
    assert page.status_code == 200
    assert page.context["stage"] == "self"
    assert f'name="self_text_{an.pk}"' in page_text(page)
    response = client.post(
        URL,
        {
            "stage": "self",
            f"rank_{an.pk}": "1",
            f"self_text_{an.pk}": "Hoàn thành xuất sắc nhiệm vụ tổ trưởng.",
            f"self_text_{binh.pk}": "Còn hạn chế trong sinh hoạt.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == URL + "?buoc=tu-danh-gia"
    ratings = {r.member_id: r for r in MemberRating.objects.all()}
    assert (ratings[an.pk].self_rank, ratings[an.pk].self_assessment) == (
        1,
        "Hoàn thành xuất sắc nhiệm vụ tổ trưởng.",
    )
    assert (ratings[binh.pk].self_rank, ratings[binh.pk].self_assessment) == (
        None,
        "Còn hạn chế trong sinh hoạt.",
    )
    text = page_text(client.get(response["Location"]))
    assert "Đã ghi tự đánh giá năm 2019 của 2 đảng viên." in text
    assert "Đã tự đánh giá" in text and "Chưa tự đánh giá" in text


@pytest.mark.django_db
def test_nothing_self_assessed_is_refused(as_user, members):
    response = as_user("secretary_a").post(URL, {"stage": "self"})
    assert form_errors(response) == ["Chưa nhập tự đánh giá của đảng viên nào."]


@pytest.mark.django_db
def test_the_secretary_has_no_decision_tab_and_starts_at_the_proposal(as_user, members):
    page = as_user("secretary_a").get(URL)
    assert page.context["stage"] == "proposal"
    assert not page.context["can_decide"]
    text = page_text(page)
    assert "Quyết định xếp loại đảng viên: đảng ủy cơ sở — Đảng bộ phường An Bình" in text
    decision_tab = as_user("secretary_a").get(URL + "?buoc=quyet-dinh")
    assert not decision_tab.context["can_enter"]
    assert "Bạn không ghi được quyết định xếp loại" in page_text(decision_tab)
    assert "<select" not in page_text(decision_tab)


@pytest.mark.django_db
def test_a_decision_posted_by_the_secretary_is_refused_in_vietnamese(as_user, members):
    an, _, _ = members
    response = as_user("secretary_a").post(URL, decision({f"rank_{an.pk}": "2"}))
    assert response.status_code == 200
    assert field_errors(response, f"rank_{an.pk}") == [
        "Quyết định xếp loại đảng viên thuộc thẩm quyền của đảng ủy cơ sở (Đảng bộ phường An Bình) "
        "(Quy định 132-QĐ/TW, Hướng dẫn 21-HD/BTCTW); vai trò của bạn chỉ cho phép tự đánh giá, đề xuất."
    ]
    assert not MemberRating.objects.exists()


@pytest.mark.django_db
def test_the_proposal_records_the_facts_and_warns_next_to_the_row(as_user, members):
    an, binh, _ = members
    client = as_user("secretary_a")
    response = client.post(
        URL,
        {
            "stage": "proposal",
            f"rank_{an.pk}": "2",
            f"targets_{an.pk}": "45,5",
            f"sick_{an.pk}": "",
            f"rank_{binh.pk}": "2",
            f"sick_{binh.pk}": "4",
        },
    )
    assert response.status_code == 302
    ratings = {r.member_id: r for r in MemberRating.objects.all()}
    assert ratings[an.pk].targets_met_percent == Decimal("45.5")
    assert ratings[binh.pk].sick_leave_months == Decimal(4)
    page = client.get(response["Location"])
    lines = {line["row"].member.pk: line for line in page.context["lines"]}
    assert [c.rule for c in lines[an.pk]["checks"]] == ["member_khtnv"]
    assert [c.rule for c in lines[binh.pk]["checks"]] == ["sick_leave"]
    text = page_text(page)
    assert "Đề xuất trái quy tắc: Đảng viên hoàn thành dưới 50% chỉ tiêu, nhiệm vụ" in text
    assert "Hoàn thành chỉ tiêu: 45,50 %" in text
    assert lines[an.pk]["step"]["label"] == "Đã đề xuất"
    # the proposal tab shows the facts again
    assert page.context["form"].initial[f"targets_{an.pk}"] == Decimal("45.5")


@pytest.mark.django_db
def test_a_fact_out_of_range_is_shown_on_its_row(as_user, members):
    an, _, _ = members
    response = as_user("secretary_a").post(
        URL, {"stage": "proposal", f"rank_{an.pk}": "2", f"targets_{an.pk}": "120"}
    )
    assert field_errors(response, f"targets_{an.pk}") == [
        "Tỷ lệ hoàn thành chỉ tiêu, nhiệm vụ của Nguyễn Văn An phải từ 0 đến 100 %."
    ]
    assert not MemberRating.objects.exists()


@pytest.mark.django_db
def test_the_committee_decision_is_blocked_by_the_facts_then_overridden_with_a_reason(as_user, members):
    an, binh, _ = members
    client = as_user("ward_staff")
    page = client.get(URL)
    assert page.context["stage"] == "decision" and page.context["can_decide"]
    data = decision({f"rank_{an.pk}": "2", f"targets_{an.pk}": "40", f"rank_{binh.pk}": "2"})
    response = client.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].rule_violation
    errors = field_errors(response, f"rank_{an.pk}")
    assert "hoàn thành dưới 50% chỉ tiêu, nhiệm vụ" in errors[0]
    assert "hãy ghi lý do vượt quy tắc" in errors[0]
    assert not MemberRating.objects.exists()
    reason = "Chỉ tiêu giao chưa sát, Đảng ủy thống nhất"
    response = client.post(URL, {**data, "override_reason": reason})
    assert response.status_code == 302
    rating = MemberRating.objects.get(member=an)
    assert (rating.rank, rating.targets_met_percent, rating.override_reason) == (2, Decimal(40), reason)
    text = page_text(client.get(response["Location"]))
    assert "1 trường hợp vượt quy tắc, đã ghi lý do" in text
    assert "Vượt quy tắc" in text and reason in text
    assert "Đã quyết định" in text


@pytest.mark.django_db
def test_the_steps_show_the_lock(as_user, small_tree, officer, members):
    an, _, _ = members
    member_rating_record(actor=officer, member=an, year=2019, stage="decision", rank=2, decision_number="1")
    review_cycle_lock(actor=officer, organization=small_tree.ward, year=2019, decision_number="9-QĐ/ĐU")
    page = as_user("secretary_a").get(URL)
    steps = {line["row"].member.pk: line["step"]["label"] for line in page.context["lines"]}
    assert steps[an.pk] == "Đã khóa sổ"
    assert steps[members[1].pk] == "Chưa tự đánh giá"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["secretary_b", "outsider"])
def test_others_may_not_self_assess_or_propose_here(as_user, members, persona):
    an, _, _ = members
    client = as_user(persona)
    assert client.get(URL + "?buoc=tu-danh-gia").status_code == 404
    assert client.post(URL, {"stage": "self", f"rank_{an.pk}": "2"}).status_code == 404
    assert (
        client.post(URL, {"stage": "proposal", f"rank_{an.pk}": "2", f"targets_{an.pk}": "90"}).status_code
        == 404
    )
    assert not MemberRating.objects.exists()


@pytest.mark.django_db
def test_the_viewer_may_not_self_assess(as_user, members):
    an, _, _ = members
    assert as_user("viewer").post(URL, {"stage": "self", f"rank_{an.pk}": "2"}).status_code == 403
    assert not MemberRating.objects.exists()
