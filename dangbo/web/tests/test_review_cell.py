"""A cell's review page: the proposal or the decision for the whole list at once, through
member_ratings_decide / member_rating_record; the 20 % cap, its override, scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangbo.accounts.scope import system_actor
from dangbo.evaluations.models import MemberRating
from dangbo.evaluations.services import review_cycle_lock
from dangbo.members.services import member_act
from dangbo.web.tests.helpers import field_errors, form_errors, page_text

SYSTEM = system_actor("kiểm thử: test_review_cell")

URL = reverse("review_cell", args=[2019, "W1A"])
NAMES = ["Nguyễn Văn An", "Trần Văn Bình", "Lê Văn Cường", "Phạm Văn Dũng", "Hoàng Văn Hải"]


@pytest.fixture
def cell(small_tree, make_member):
    """Five members of cell A on the books all 2019, and one admitted in October 2019 (not rated)."""
    members = [make_member(small_tree.cell_a, name) for name in NAMES]
    newcomer = make_member(
        small_tree.cell_a,
        "Võ Thị Mới",
        status="probationary",
        admitted=date(2019, 10, 1),
        on=date(2019, 10, 1),
        sex="female",
    )
    return members, newcomer


def ranks(members, values, **extra):
    data = {"stage": "decision", "decision_number": "12-TB/ĐU", "decision_date": "20/12/2019"}
    data.update({f"rank_{m.pk}": str(v) for m, v in zip(members, values, strict=True)})
    data.update(extra)
    return data


@pytest.mark.django_db
def test_the_page_lists_the_members_with_the_schemes_wording(as_user, cell):
    members, newcomer = cell
    response = as_user("secretary_a").get(URL)
    assert response.status_code == 200
    text = page_text(response)
    for name in [*NAMES, "Võ Thị Mới"]:
        assert name in text
    assert "Quy định 132-QĐ/TW" in text
    form = response.context["form"]
    labels = [label for _, label in form.fields[f"rank_{members[0].pk}"].choices]
    assert labels == [
        "—",
        "Hoàn thành xuất sắc nhiệm vụ",
        "Hoàn thành tốt nhiệm vụ",
        "Hoàn thành nhiệm vụ",
        "Không hoàn thành nhiệm vụ",
    ]
    newcomer_choices = dict(form.fields[f"rank_{newcomer.pk}"].choices)
    assert newcomer_choices["khong"] == "Không xếp loại"
    assert form.initial[f"rank_{newcomer.pk}"] == "khong"
    assert "Vào Đảng chưa đủ 6 tháng" in text


@pytest.mark.django_db
def test_a_year_before_2018_uses_its_own_wording(as_user, cell):
    members, _ = cell
    response = as_user("secretary_a").get(reverse("review_cell", args=[2016, "W1A"]))
    labels = [label for _, label in response.context["form"].fields[f"rank_{members[0].pk}"].choices]
    assert labels[1] == "Đủ tư cách, hoàn thành xuất sắc nhiệm vụ"


@pytest.mark.django_db
def test_the_grassroots_committee_decides_the_whole_list_at_once(as_user, cell):
    members, newcomer = cell
    client = as_user("ward_staff")
    data = ranks([*members, newcomer], [2, 2, 2, 2, 2, "khong"])
    response = client.post(URL, data)
    assert response.status_code == 302
    assert response["Location"] == URL + "?buoc=quyet-dinh"
    saved = {r.member_id: r for r in MemberRating.objects.filter(year=2019)}
    assert [saved[m.pk].rank for m in members] == [2, 2, 2, 2, 2]
    assert saved[newcomer.pk].rank is None
    assert "chưa đủ 6 tháng" in saved[newcomer.pk].not_rated_reason
    assert saved[members[0].pk].decision_number == "12-TB/ĐU"
    assert saved[members[0].pk].decision_date == date(2019, 12, 20)
    page = client.get(response["Location"])
    assert "Đã ghi quyết định xếp loại năm 2019 của 6 đảng viên." in page_text(page)


@pytest.mark.django_db
def test_the_cap_violation_is_shown_keeps_the_values_and_writes_nothing(as_user, cell):
    members, _ = cell
    response = as_user("ward_staff").post(URL, ranks(members, [1, 2, 2, 2, 2]))
    assert response.status_code == 200
    errors = form_errors(response)
    assert len(errors) == 1
    assert "vượt quá 20%" in errors[0] and "Hướng dẫn 21-HD/BTCTW" in errors[0]
    assert "hãy ghi lý do vượt quy tắc" in errors[0]
    assert response.context["form"].rule_violation
    assert MemberRating.objects.count() == 0
    text = page_text(response)
    assert '<option value="1" selected>Hoàn thành xuất sắc nhiệm vụ</option>' in text
    assert 'value="12-TB/ĐU"' in text


@pytest.mark.django_db
def test_with_an_override_reason_the_decision_goes_through_and_is_flagged(as_user, cell):
    members, _ = cell
    client = as_user("ward_staff")
    reason = "Đồng chí An có thành tích đột xuất, Ban Thường vụ thống nhất"
    response = client.post(URL, ranks(members, [1, 2, 2, 2, 2], override_reason=reason))
    assert response.status_code == 302
    excellent = MemberRating.objects.get(member=members[0], year=2019)
    assert excellent.rank == 1
    assert excellent.override_reason == reason
    assert excellent.flags[0]["rule"] == "excellent_cap"
    page = page_text(client.get(response["Location"]))
    assert "1 trường hợp vượt quy tắc, đã ghi lý do" in page
    assert "Vượt quy tắc" in page and reason in page


@pytest.mark.django_db
def test_a_refused_line_is_marked_on_that_member(as_user, cell):
    members, newcomer = cell
    response = as_user("ward_staff").post(URL, ranks([members[0], newcomer], [2, 2]))
    assert response.status_code == 200
    assert field_errors(response, f"rank_{newcomer.pk}") == [
        "Đảng viên thuộc diện không xếp loại: Vào Đảng chưa đủ 6 tháng (HD 21-HD/BTCTW, mục II.6). "
        "Nếu vẫn quyết định như vậy, hãy ghi lý do vượt quy tắc."
    ]
    assert form_errors(response)[0].startswith("Dòng 2 (Võ Thị Mới): ")
    assert MemberRating.objects.count() == 0


@pytest.mark.django_db
def test_a_disciplined_member_must_be_khtnv(as_user, cell):
    members, _ = cell
    member_act(
        actor=SYSTEM,
        member=members[2],
        kind="discipline",
        form="reprimand",
        effective_on=date(2019, 4, 1),
        decision_number="3-QĐ/UBKT",
        decision_date=date(2019, 4, 1),
    )
    response = as_user("ward_staff").post(URL, ranks(members, [2, 2, 3, 2, 2]))
    errors = field_errors(response, f"rank_{members[2].pk}")
    assert "bị kỷ luật trong năm" in errors[0]
    assert MemberRating.objects.count() == 0


@pytest.mark.django_db
def test_the_decision_number_is_required(as_user, cell):
    members, _ = cell
    response = as_user("ward_staff").post(URL, ranks(members, [2, 2, 2, 2, 2], decision_number=""))
    assert field_errors(response, "decision_number") == ["Phải nhập số quyết định (hoặc thông báo) xếp loại."]
    assert MemberRating.objects.count() == 0


@pytest.mark.django_db
def test_a_bad_decision_date_is_named(as_user, cell):
    members, _ = cell
    response = as_user("ward_staff").post(URL, ranks(members, [2, 2, 2, 2, 2], decision_date="32/12/2019"))
    assert field_errors(response, "decision_date") == [
        "Ngày quyết định “32/12/2019” không phải là ngày hợp lệ; hãy nhập theo dạng dd/mm/yyyy."
    ]
    assert MemberRating.objects.count() == 0


@pytest.mark.django_db
def test_nothing_chosen_is_refused(as_user, cell):
    response = as_user("secretary_a").post(URL, {"stage": "decision", "decision_number": "1"})
    assert form_errors(response) == ["Chưa chọn mức xếp loại cho đảng viên nào."]


@pytest.mark.django_db
def test_a_level_that_is_not_the_schemes_is_refused(as_user, cell):
    members, _ = cell
    response = as_user("secretary_a").post(URL, ranks(members[:1], [7]))
    assert field_errors(response, f"rank_{members[0].pk}") == [
        "Mức xếp loại “7” của Nguyễn Văn An không có trong Quy định 132-QĐ/TW (08/3/2018)."
    ]
    assert MemberRating.objects.count() == 0


@pytest.mark.django_db
def test_the_proposal_is_recorded_for_the_list_without_a_decision_number(as_user, cell):
    members, _ = cell
    client = as_user("secretary_a")
    data = {"stage": "proposal", **{f"rank_{m.pk}": "2" for m in members}, f"rank_{members[0].pk}": "1"}
    response = client.post(URL, data)
    assert response.status_code == 302
    assert response["Location"] == URL + "?buoc=de-xuat"
    ratings = MemberRating.objects.filter(year=2019).order_by("member__sort_key")
    assert sorted(r.proposed_rank or 0 for r in ratings) == [1, 2, 2, 2, 2]
    assert all(r.rank is None for r in ratings)
    # the decision tab starts from the proposal
    page = client.get(URL + "?buoc=quyet-dinh")
    assert page.context["form"].initial[f"rank_{members[0].pk}"] == "1"


@pytest.mark.django_db
def test_a_committee_code_goes_to_the_organizations_page(as_user, cell):
    response = as_user("officer").get(reverse("review_cell", args=[2019, "W1"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("review_organizations", args=[2019, "W1"])


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2099, 1890])
def test_an_unknown_year_is_refused_in_vietnamese(as_user, cell, year):
    response = as_user("secretary_a").get(reverse("review_cell", args=[year, "W1A"]))
    assert response.status_code == 404
    assert f"Năm “{year}” không hợp lệ" in page_text(response)


@pytest.mark.django_db
def test_an_unknown_cell_is_not_found(as_user, cell):
    assert as_user("officer").get(reverse("review_cell", args=[2019, "KHONGCO"])).status_code == 404


@pytest.mark.django_db
def test_a_locked_year_shows_no_form_and_refuses_a_decision(as_user, small_tree, officer, cell):
    members, _ = cell
    review_cycle_lock(actor=officer, organization=small_tree.district, year=2019, decision_number="99-QĐ/QU")
    client = as_user("secretary_a")
    page = client.get(URL)
    assert not page.context["can_write"]
    assert "Đã phê duyệt, khóa sổ" in page_text(page)
    response = client.post(URL, ranks(members, [2, 2, 2, 2, 2]))
    assert "đã được phê duyệt và khóa sổ" in form_errors(response)[0]
    assert MemberRating.objects.count() == 0


@pytest.mark.django_db
def test_the_viewer_sees_neither_the_names_nor_may_decide(as_user, cell):
    members, _ = cell
    client = as_user("viewer")
    page = client.get(URL)
    assert page.status_code == 403 and "tài liệu mật" in page_text(page)
    assert not [m for m in members if m.full_name in page_text(page)]
    assert client.post(URL, ranks(members, [2, 2, 2, 2, 2])).status_code == 403
    assert MemberRating.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["secretary_b", "outsider"])
def test_others_do_not_see_the_cell(as_user, cell, persona):
    members, _ = cell
    client = as_user(persona)
    assert client.get(URL).status_code == 404
    assert client.post(URL, ranks(members, [2, 2, 2, 2, 2])).status_code == 404
    assert MemberRating.objects.count() == 0


@pytest.mark.django_db
def test_login_is_required(client, cell):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_every_refused_row_of_the_list_is_marked_at_once(as_user, cell):
    """Two members under 50 % of their targets rated HTTNV: one submit names both rows, each
    row is marked with its own reason, and nothing is written."""
    members, _ = cell
    data = ranks(members, [2, 2, 2, 2, 2])
    data.update({f"targets_{members[0].pk}": "40", f"targets_{members[2].pk}": "30"})
    response = as_user("ward_staff").post(URL, data)
    assert response.status_code == 200
    for member in (members[0], members[2]):
        errors = field_errors(response, f"rank_{member.pk}")
        assert len(errors) == 1 and "hoàn thành dưới 50% chỉ tiêu" in errors[0]
    for member in (members[1], members[3], members[4]):
        assert field_errors(response, f"rank_{member.pk}") == []
    assert page_text(response).count('class="has-error') == 2
    assert MemberRating.objects.count() == 0


@pytest.mark.django_db
def test_one_control_sets_every_member_not_yet_chosen(as_user, cell):
    """ "Đặt mọi đảng viên chưa chọn mức thành" HTTNV: the members left at "—" get it, the one
    chosen keeps hers, the newcomer (not rated) is not touched."""
    members, newcomer = cell
    client = as_user("ward_staff")
    assert "Đặt mọi đảng viên chưa chọn mức thành" in page_text(client.get(URL))
    data = ranks([members[0]], [3], all_unrated="2")
    data[f"rank_{newcomer.pk}"] = "khong"
    response = client.post(URL, data)
    assert response.status_code == 302
    saved = {r.member_id: r.rank for r in MemberRating.objects.filter(year=2019)}
    assert [saved[m.pk] for m in members] == [3, 2, 2, 2, 2]
    assert saved[newcomer.pk] is None


@pytest.mark.django_db
def test_a_member_absent_without_reason_three_months_is_warned(as_user, small_tree, cell):
    from dangbo.targets.models import Attendance, Meeting

    members, _ = cell
    for month in (2, 5, 9):
        meeting = Meeting.objects.create(
            organization=small_tree.cell_a, held_on=date(2019, month, 5), topics="x"
        )
        Attendance.objects.create(meeting=meeting, member=members[0], status="unexcused")
        Attendance.objects.create(meeting=meeting, member=members[1], status="excused", reason="ốm")
    second = Meeting.objects.create(organization=small_tree.cell_a, held_on=date(2019, 5, 20), topics="y")
    Attendance.objects.create(meeting=second, member=members[2], status="unexcused")
    text = page_text(as_user("ward_staff").get(URL))
    assert text.count("Vắng sinh hoạt không có lý do") == 1
    assert "Vắng sinh hoạt không có lý do 3 tháng trong năm 2019." in text


@pytest.mark.django_db
def test_the_cap_warning_is_said_once_above_the_table_and_its_rows_only_marked(as_user, cell):
    members, _ = cell
    client = as_user("secretary_a")
    proposal = {
        "stage": "proposal",
        **{f"rank_{m.pk}": str(v) for m, v in zip(members, [1, 1, 2, 2, 2], strict=True)},
    }
    assert client.post(URL + "?buoc=de-xuat", proposal).status_code == 302
    html = client.get(URL + "?buoc=de-xuat").content.decode()
    head = html.index('class="flag cap-warning"')
    assert html.count('data-rule="excellent_cap"') == 3  # the warning once, two rows marked
    assert html.count("2 HTXSNV / 3 HTTNV") == 1 and head < html.index('<table class="table ratings')
    assert html.count('<small class="cap-mark" data-rule="excellent_cap">') == 2
    rows = html.split("<tbody>")[1].split("</tr>")
    marked = [r for r in rows if "cap-mark" in r]
    assert len(marked) == 2 and all(n in "".join(marked) for n in NAMES[:2])
    assert all("capped" in r for r in marked) and not any("HTXSNV /" in r for r in rows)
