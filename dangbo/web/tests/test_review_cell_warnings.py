"""The rules at every step of a cell's list (rules.rating, as the decision runs them): warnings on each
row at the self-assessment and the proposal, never a block; after a correction the tally, the cap's
warning and the decision shown on the row follow it."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangbo.evaluations.models import MemberRating
from dangbo.evaluations.services import member_ratings_decide, review_cycle_lock
from dangbo.members.services import member_act
from dangbo.targets.models import Attendance, Meeting
from dangbo.web.tests.helpers import page_text

URL = reverse("review_cell", args=[2019, "W1A"])
NAMES = ["Nguyễn Văn An", "Trần Văn Bình", "Lê Văn Cường", "Phạm Văn Dũng", "Hoàng Văn Hải", "Vũ Văn Khoa"]
CAP = "2 HTXSNV / 4 HTTNV ở Đảng bộ phường An Bình (đã quyết định hoặc đề xuất): Số đảng viên hoàn thành xuất sắc"


@pytest.fixture
def members(small_tree, make_member, personas):
    """Six members of cell A: Bình exempted from March, Cường disciplined in April, Dũng absent
    without reason three months of 2019."""
    found = [make_member(small_tree.cell_a, name) for name in NAMES]
    admin = personas["admin"]
    member_act(actor=admin, member=found[1], kind="exemption", effective_on=date(2019, 3, 1),
               decision_number="9-QĐ/ĐU", decision_date=date(2019, 3, 1))  # fmt: skip
    member_act(actor=admin, member=found[2], kind="discipline", effective_on=date(2019, 4, 1),
               decision_number="1-QĐ/UBKT", decision_date=date(2019, 4, 1), form="reprimand")  # fmt: skip
    for month in (2, 5, 9):
        meeting = Meeting.objects.create(
            organization=small_tree.cell_a, held_on=date(2019, month, 5), topics="x"
        )
        Attendance.objects.create(meeting=meeting, member=found[3], status="unexcused")
    return found


def cap_marks_of(page) -> dict[str, list[int]]:
    """Each member's marks pointing to the cap's warnings said once above the table, by name."""
    return {line["row"].member.full_name: line["cap_marks"] for line in page.context["lines"]}


def warnings_of(page) -> dict[str, list[str]]:
    """Each member's warnings on the page, by name."""
    return {
        line["row"].member.full_name: [f"{line['checks_prefix'] if c.rule != 'absent' else ''}{c.message}"
                                       for c in line["checks"]]
        for line in page.context["lines"]
    }  # fmt: skip


@pytest.mark.django_db
def test_the_self_assessments_are_saved_and_warned_on_their_rows(as_user, members):
    an, binh, cuong, dung, _, _ = members
    client = as_user("secretary_a")
    data = {"stage": "self", f"rank_{an.pk}": "2", f"rank_{binh.pk}": "2", f"rank_{cuong.pk}": "2"}
    data[f"rank_{dung.pk}"] = "3"
    response = client.post(URL, data)
    assert response.status_code == 302  # warned, never blocked
    assert {r.member_id: r.self_rank for r in MemberRating.objects.all()} == {
        an.pk: 2, binh.pk: 2, cuong.pk: 2, dung.pk: 3
    }  # fmt: skip
    page = client.get(response["Location"])
    text = page_text(page)
    assert "Đã ghi tự đánh giá năm 2019 của 4 đảng viên. 3 đảng viên có cảnh báo quy tắc" in text
    warned = warnings_of(page)
    assert warned["Nguyễn Văn An"] == []
    assert warned["Trần Văn Bình"] == [
        "Tự đánh giá trái quy tắc: Đảng viên thuộc diện không xếp loại: Miễn công tác và sinh hoạt đảng "
        "(HD 21-HD/BTCTW, mục II.6)."
    ]
    assert warned["Lê Văn Cường"] == [
        "Tự đánh giá trái quy tắc: Đảng viên bị kỷ luật trong năm phải xếp loại không hoàn thành nhiệm vụ "
        "(Quy định 132-QĐ/TW, Hướng dẫn 21-HD/BTCTW)."
    ]
    assert [w[:56] for w in warned["Phạm Văn Dũng"]] == [
        "Vắng sinh hoạt không có lý do 3 tháng trong năm 2019. Bỏ"
    ]
    assert "Tự đánh giá trái quy tắc: Đảng viên thuộc diện không xếp loại: Miễn công tác" in text


@pytest.mark.django_db
def test_the_proposals_are_saved_and_warned_with_the_cap_counted_in_the_ward(as_user, members):
    an, binh, cuong, dung, hai, khoa = members
    client = as_user("secretary_a")
    data = {"stage": "proposal"}
    for member, rank in ((an, 1), (binh, 1), (cuong, 2), (dung, 2), (hai, 2), (khoa, 2)):
        data[f"rank_{member.pk}"] = str(rank)
    response = client.post(URL, data)
    assert response.status_code == 302  # warned, never blocked
    assert MemberRating.objects.filter(proposed_rank__isnull=False).count() == 6
    page = client.get(response["Location"])
    assert "Đã ghi đề xuất xếp loại năm 2019 của 6 đảng viên. 3 đảng viên có cảnh báo quy tắc" in page_text(
        page
    )
    warned = warnings_of(page)
    # two HTXSNV proposed for four HTTNV in the grassroots organization: over 20 %, said once above
    # the table, each HTXSNV row marked
    [cap] = page.context["cap_warnings"]
    assert cap.startswith(CAP)
    assert page_text(page).count(CAP) == 1
    marks = cap_marks_of(page)
    assert marks["Nguyễn Văn An"] == marks["Trần Văn Bình"] == [1]
    assert marks["Lê Văn Cường"] == marks["Hoàng Văn Hải"] == []
    assert warned["Nguyễn Văn An"] == []
    assert warned["Trần Văn Bình"] == [
        "Đề xuất trái quy tắc: Đảng viên thuộc diện không xếp loại: Miễn công tác và sinh hoạt đảng "
        "(HD 21-HD/BTCTW, mục II.6)."
    ]
    assert warned["Lê Văn Cường"] == [
        "Đề xuất trái quy tắc: Đảng viên bị kỷ luật trong năm phải xếp loại không hoàn thành nhiệm vụ "
        "(Quy định 132-QĐ/TW, Hướng dẫn 21-HD/BTCTW)."
    ]
    assert [w[:53] for w in warned["Phạm Văn Dũng"]] == [
        "Vắng sinh hoạt không có lý do 3 tháng trong năm 2019."
    ]
    assert warned["Hoàng Văn Hải"] == warned["Vũ Văn Khoa"] == []
    # the proposal of an HTTNV more puts the ward back under the cap: the warning goes
    data[f"rank_{binh.pk}"] = "2"
    client.post(URL, data)
    page_after = client.get(URL + "?buoc=de-xuat")
    warned = warnings_of(page_after)
    assert page_after.context["cap_warnings"] == [] and cap_marks_of(page_after)["Nguyễn Văn An"] == []
    assert warned["Trần Văn Bình"] == [
        "Đề xuất trái quy tắc: Đảng viên thuộc diện không xếp loại: Miễn công tác và sinh hoạt đảng "
        "(HD 21-HD/BTCTW, mục II.6)."
    ]


@pytest.mark.django_db
def test_a_correction_refreshes_the_tally_the_cap_and_the_decision_on_the_row(
    as_user, small_tree, make_member, members, personas
):
    an, binh, cuong, dung, hai, khoa = members
    admin = personas["admin"]
    elsewhere = [make_member(small_tree.cell_b, f"Trần Thị {n}") for n in ("Lan", "Mai", "Ngọc")]
    member_ratings_decide(
        actor=admin,
        year=2019,
        decisions=[(an, 1), (hai, 1), (cuong, 4), (dung, 2), (khoa, 2), *((m, 2) for m in elsewhere)],
        decision_number="12-TB/ĐU",
        decision_date=date(2019, 12, 20),
        override_reason="Thành tích nổi bật",
    )
    review_cycle_lock(actor=admin, organization=small_tree.district, year=2019, decision_number="99-QĐ/QU")
    client = as_user("ward_staff")
    page = client.get(URL)
    tally = {t["code"]: t["count"] for t in page.context["tally"]}
    assert (tally["HTXSNV"], tally["HTTNV"]) == (2, 2)
    assert [(o.excellent, o.good) for o in page.context["cap_overruns"]] == [(2, 5)]  # the ward's
    cap = "2 HTXSNV / 5 HTTNV ở Đảng bộ phường An Bình (đã quyết định hoặc đề xuất)"
    [said] = page.context["cap_warnings"]
    assert said.startswith(cap) and cap_marks_of(page)["Hoàng Văn Hải"] == [1]
    response = client.post(
        reverse("review_correct_member", args=[2019, hai.pk]),
        {"rank": "2", "reason": "Tính lại thành tích", "decision_number": "101-QĐ/ĐU"},
    )
    assert response.status_code == 302
    page = client.get(URL)
    tally = {t["code"]: t["count"] for t in page.context["tally"]}
    assert (tally["HTXSNV"], tally["HTTNV"]) == (1, 3)
    assert page.context["cap_overruns"] == []  # 1 of 6: within the cap
    warned = warnings_of(page)
    assert warned["Nguyễn Văn An"] == warned["Hoàng Văn Hải"] == []
    assert page.context["cap_warnings"] == [] and cap_marks_of(page)["Hoàng Văn Hải"] == []
    line = next(line for line in page.context["lines"] if line["row"].member == hai)
    assert line["decision"].code == "HTTNV"
    assert line["correction"].decision_number == "101-QĐ/ĐU"
    text = page_text(page)
    assert "Điều chỉnh: 101-QĐ/ĐU" in text and "Vượt giới hạn 20%" not in text


@pytest.mark.django_db
def test_the_members_own_page_warns_of_the_self_assessment_and_the_proposal(as_user, members):
    an, binh, cuong, *_ = members
    client = as_user("secretary_a")
    page_url = reverse("review_member", args=[2019, binh.pk])
    response = client.post(page_url, {"rank": "2", "self_assessment": "Đã tham gia đầy đủ."})
    assert response.status_code == 302  # warned, never blocked
    assert MemberRating.objects.get(member=binh).self_rank == 2
    page = client.get(page_url)
    assert [c.rule for c in page.context["warnings"]] == ["not_rated"]
    assert "⚠ Tự đánh giá trái quy tắc: Đảng viên thuộc diện không xếp loại: Miễn công tác" in page_text(page)
    client.post(URL, {"stage": "proposal", f"rank_{an.pk}": "1", f"rank_{cuong.pk}": "1"})
    page = client.get(reverse("review_member", args=[2019, cuong.pk]))
    text = page_text(page)
    assert "⚠ Đề xuất trái quy tắc: Đảng viên bị kỷ luật trong năm" in text
    assert "⚠ Đề xuất trái quy tắc: 2 HTXSNV / 0 HTTNV ở Đảng bộ phường An Bình" in text
    assert "Tự đánh giá trái quy tắc" not in page_text(
        client.get(reverse("review_member", args=[2019, an.pk]))
    )
