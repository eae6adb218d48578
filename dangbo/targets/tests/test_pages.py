"""The pages: in-scope users get them, out-of-scope users are refused (GET and POST)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.accounts.scope import system_actor
from dangbo.core.tests.print_ready import assert_print_ready
from dangbo.targets.models import Attendance, Meeting, Target
from dangbo.targets.services import Presence, meeting_record, targets_set

SYSTEM = system_actor("kiểm thử: test_pages")

DAY = date(2019, 3, 5)


@pytest.fixture
def data(small_tree, make_member, admit):
    an = make_member(small_tree.cell_a, "Nguyễn Văn An")
    binh = make_member(small_tree.cell_a, "Lê Thị Bình")
    admit(small_tree.cell_a, date(2019, 4, 1), "worker")
    targets_set(actor=SYSTEM, organization=small_tree.ward, year=2019, values={"new_members": 2})
    meetings = [
        meeting_record(
            actor=SYSTEM,
            cell=small_tree.cell_a,
            held_on=date(2019, month, 5),
            kind="regular",
            topics=f"Nội dung tháng {month}",
            attendance={an.pk: Presence("present"), binh.pk: Presence("unexcused")}
            | ({} if month < 4 else {m.pk: Presence("present") for m in _new(small_tree.cell_a, an, binh)}),
        )
        for month in (1, 2, 3, 5)
    ]
    return small_tree, an, binh, meetings


def _new(cell, *known):
    from dangbo.targets.selectors import expected_attendees

    return [m for m in expected_attendees(cell, date(2019, 5, 5)) if m not in known]


def client_for(client, user):
    client.force_login(user)
    return client


def test_the_targets_page_shows_achievement_and_the_paragraph(client, data, personas):
    tree = data[0]
    response = client_for(client, personas["officer"]).get(
        reverse("targets_index"), {"org": "W1", "nam": "2019"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "50,00 %" in page and "hoàn thành đạt 50 % chỉ tiêu phát triển đảng viên mới" in page
    assert tree.ward.name in page


def test_the_targets_page_downloads_xlsx_and_json(client, data, personas):
    c = client_for(client, personas["officer"])
    response = c.get(reverse("targets_index"), {"org": "W1", "nam": "2019", "dinh_dang": "xlsx"})
    assert response.status_code == 200
    import io

    assert_print_ready(response.content, title="CHỈ TIÊU NĂM 2019")
    assert response["Content-Disposition"].endswith('filename="chi-tieu-W1-2019.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content))["Chỉ tiêu"]
    assert [c.value for c in sheet[3]] == ["Loại chỉ tiêu", "Chỉ tiêu", "Đạt", "Tỷ lệ (%)"]
    assert [c.value for c in sheet[4]] == ["Phát triển đảng viên mới", 2, 1, 50.0]
    response = c.get(reverse("targets_index"), {"org": "W1", "nam": "2019", "dinh_dang": "json"})
    assert response.json()["targets"][0]["percent"] == "50.00"


@pytest.mark.parametrize("name", ["outsider", "secretary_b"])
def test_the_targets_page_of_another_subtree_is_not_found(client, data, personas, name):
    c = client_for(client, personas[name])
    assert (
        c.get(
            reverse("targets_index"), {"org": "W1A" if name == "secretary_b" else "W1", "nam": "2019"}
        ).status_code
        == 404
    )


def test_the_officer_sets_a_target_through_the_form(client, data, personas):
    c = client_for(client, personas["officer"])
    url = reverse("target_set", args=["W1"])
    assert c.get(url, {"nam": "2019"}).status_code == 200
    response = c.post(
        url, {"year": "2019", "new_members": "3", "cells_apartment": "1", "decision_number": "1-KH/QU"}
    )
    assert response.status_code == 302
    assert dict(Target.objects.filter(organization__code="W1").values_list("kind", "value")) == {
        "new_members": 3,
        "cells_apartment": 1,
    }


def test_a_bad_target_is_shown_next_to_its_field_and_nothing_is_written(client, data, personas):
    c = client_for(client, personas["officer"])
    response = c.post(reverse("target_set", args=["W1"]), {"year": "2019", "new_members": "0"})
    assert response.status_code == 400
    assert "chỉ tiêu phải lớn hơn 0" in response.content.decode()
    assert Target.objects.get(organization__code="W1").value == 2


@pytest.mark.parametrize(
    ("name", "code", "status"),
    [("outsider", "W1", 404), ("ward_staff", "W1", 403), ("viewer", "W1", 403), ("secretary_b", "W1A", 404)],
)
def test_setting_targets_is_refused_outside_the_level_above(client, data, personas, name, code, status):
    c = client_for(client, personas[name])
    url = reverse("target_set", args=[code])
    assert c.get(url).status_code == status
    assert c.post(url, {"year": "2019", "new_members": "9"}).status_code == status
    assert not Target.objects.filter(value=9).exists()


def test_the_meetings_page_lists_months_without_meeting_and_absentees(client, data, personas):
    c = client_for(client, personas["secretary_a"])
    response = c.get(reverse("meetings_index"), {"org": "W1A", "nam": "2019"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lê Thị Bình" in page and "xem xét xóa tên" in page
    overview = response.context["overview"]
    [row] = overview["cells"]
    assert row.months_without == [4, 6, 7, 8, 9, 10, 11, 12]
    assert [a["member"].full_name for a in overview["absentees"]] == ["Lê Thị Bình"]
    response = c.get(reverse("meetings_index"), {"org": "W1A", "nam": "2019", "dinh_dang": "xlsx"})
    import io

    assert_print_ready(response.content, title="SINH HOẠT CHI BỘ NĂM 2019")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["Vắng không lý do"]["A4"].value == "Lê Thị Bình"
    from dangbo.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="export.meetings").count() == 1  # it names the members


@pytest.mark.parametrize(("name", "code"), [("outsider", "W1"), ("secretary_b", "W1A")])
def test_the_meetings_page_of_another_subtree_is_not_found(client, data, personas, name, code):
    assert (
        client_for(client, personas[name])
        .get(reverse("meetings_index"), {"org": code, "nam": "2019"})
        .status_code
        == 404
    )


def test_the_secretary_records_a_meeting_through_the_form(client, data, personas):
    _, an, binh, _ = data
    c = client_for(client, personas["secretary_a"])
    url = reverse("meeting_record", args=["W1A"])
    assert c.get(url, {"ngay": "05/06/2019"}).status_code == 200
    members = [m.pk for m in _new(data[0].cell_a)]
    post = {"held_on": "05/06/2019", "kind": "regular", "topics": "Sơ kết 6 tháng"}
    post |= {f"dv-{pk}": "present" for pk in members}
    post[f"dv-{binh.pk}"] = "excused"
    post[f"ly-do-{binh.pk}"] = "Ốm"
    response = c.post(url, post)
    assert response.status_code == 302
    meeting = Meeting.objects.get(held_on=date(2019, 6, 5))
    assert Attendance.objects.get(meeting=meeting, member=binh).reason == "Ốm"


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("Ốm\x1b[2J", "chứa ký tự điều khiển không hợp lệ (U+001B)"),
        ("Ốm\u202e", "chứa ký tự đảo chiều hiển thị không hợp lệ (U+202E)"),
    ],
)
def test_a_hostile_absence_reason_is_refused_naming_the_member(client, data, personas, reason, message):
    _, an, binh, _ = data
    c = client_for(client, personas["secretary_a"])
    members = [m.pk for m in _new(data[0].cell_a)]
    post = {"held_on": "05/06/2019", "kind": "regular", "topics": "Sơ kết 6 tháng"}
    post |= {f"dv-{pk}": "present" for pk in members}
    post[f"dv-{binh.pk}"] = "excused"
    post[f"ly-do-{binh.pk}"] = reason
    response = c.post(reverse("meeting_record", args=["W1A"]), post)
    assert response.status_code == 400
    assert f"Lý do vắng của {binh.full_name} {message}" in response.content.decode()
    assert not Meeting.objects.filter(held_on=date(2019, 6, 5)).exists()


def test_a_meeting_outside_the_cells_life_is_shown_on_the_date(client, data, personas):
    c = client_for(client, personas["secretary_a"])
    response = c.post(
        reverse("meeting_record", args=["W1A"]), {"held_on": "05/06/2014", "kind": "regular", "topics": "X"}
    )
    assert response.status_code == 400
    assert "trước ngày thành lập Chi bộ Khu phố 1" in response.content.decode()
    assert not Meeting.objects.filter(held_on=date(2014, 6, 5)).exists()


@pytest.mark.parametrize(("name", "status"), [("secretary_b", 404), ("outsider", 404), ("viewer", 403)])
def test_recording_a_meeting_is_refused_outside_the_cell(client, data, personas, name, status):
    c = client_for(client, personas[name])
    url = reverse("meeting_record", args=["W1A"])
    assert c.get(url).status_code == status
    assert c.post(url, {"held_on": "05/07/2019", "kind": "regular", "topics": "X"}).status_code == status
    assert not Meeting.objects.filter(held_on=date(2019, 7, 5)).exists()


def test_the_meeting_page(client, data, personas):
    meeting = data[3][0]
    url = reverse("meeting_detail", args=[meeting.pk])
    assert client_for(client, personas["ward_staff"]).get(url).status_code == 200
    client.logout()
    for name in ("secretary_b", "outsider"):
        client.force_login(personas[name])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code in (404, 405)


def test_the_years_report_page_carries_the_targets_sentence(client, data, personas):
    c = client_for(client, personas["officer"])
    page = c.get(reverse("report_year"), {"org": "W1", "nam": "2019"}).content.decode()
    assert "Năm 2019, Đảng bộ phường An Bình hoàn thành đạt 50 % chỉ tiêu phát triển đảng viên mới" in page
    page = c.get(reverse("report_year"), {"org": "S1", "nam": "2019"}).content.decode()
    assert "chỉ tiêu phát triển đảng viên mới" not in page  # no targets set for the school: no sentence
