"""An officer sets a ward's target and sees its achievement; a cell secretary records a meeting with
attendance (present, absent with reason, absent without reason)."""

from __future__ import annotations

import re
from datetime import date

import pytest

pytestmark = pytest.mark.browser


def test_an_officer_sets_a_target_and_sees_the_achievement(login, small_tree, officer, shot):
    from dangbo.members.services import member_admit

    for number, (name, source) in enumerate(
        (("Trần Văn An", "worker"), ("Lê Thị Bình", "youth_conscript"), ("Phạm Văn Cường", "other"))
    ):
        member_admit(
            actor=officer,
            profile={"full_name": name, "sex": "male", "birth_date": date(1995, 1, 2)},
            cell=small_tree.cell_a,
            effective_on=date(2019, 3 + number, 1),
            decision_number=f"{number + 1}-QĐ/ĐU",
            decision_date=date(2019, 3 + number, 1),
            source_group=source,
        )
    page = login("officer")
    page.click("nav.mainnav >> text=Chỉ tiêu")
    page.select_option("#id_org", "D")
    page.fill("#id_nam", "2019")
    page.click("form.filters button[type=submit]")
    page.click("#don-vi tr[data-code='W1'] >> text=Giao chỉ tiêu")
    page.wait_for_url("**/chi-tieu/W1/giao/*")
    page.fill("#id_new_members", "0")
    page.click("button:has-text('Ghi chỉ tiêu')")
    assert "chỉ tiêu phải lớn hơn 0" in page.locator(".has-error").first.inner_text()
    page.fill("#id_new_members", "2")
    page.fill("#id_decision_number", "48-KH/QU")
    page.click("button:has-text('Ghi chỉ tiêu')")
    page.wait_for_url("**/chi-tieu/?*org=D*")
    assert "Đã giao chỉ tiêu năm 2019" in page.locator(".messages").inner_text()
    ward = page.locator("#don-vi tr[data-code='W1']").inner_text().split("\t")
    assert ward[1:4] == ["2", "3", "150,00 %"]
    shot(page, "targets-district")
    page.click("#don-vi >> text=Đảng bộ phường An Bình")
    row = page.locator("#chi-tieu tr[data-kind='new_members']").inner_text().split("\t")
    assert row[1:] == ["2", "3", "150,00 %"]
    assert (
        "hoàn thành đạt 150 % chỉ tiêu phát triển đảng viên mới" in page.locator("p.narrative").inner_text()
    )
    shot(page, "targets-ward")


def test_a_secretary_records_a_meeting_with_attendance(login, small_tree, make_member, shot):
    make_member(small_tree.cell_a, "Nguyễn Văn An")
    binh = make_member(small_tree.cell_a, "Lê Thị Bình")
    cuong = make_member(small_tree.cell_a, "Phạm Văn Cường")
    page = login("secretary_a")
    page.goto("/sinh-hoat/?org=W1A&nam=2019")
    page.click("#chi-bo >> text=Ghi buổi sinh hoạt")
    page.fill("#ngay", "05/03/2019")
    page.click("button:has-text('Lấy danh sách')")
    page.wait_for_url(re.compile(r"[?&]ngay=05%2F03%2F2019"))
    assert page.locator("#diem-danh tbody tr").count() == 3
    page.fill("#id_held_on", "05/03/2019")
    page.fill("#id_topics", "Học tập Chỉ thị 05-CT/TW; phát triển đảng viên")
    page.check(f"input[name='dv-{binh.pk}'][value='excused']")
    page.check(f"input[name='dv-{cuong.pk}'][value='unexcused']")
    page.click("button:has-text('Ghi buổi sinh hoạt')")
    assert "phải ghi lý do vắng" in page.locator(".form-errors").inner_text()
    page.fill(f"input[name='ly-do-{binh.pk}']", "Đi công tác")
    shot(page, "meeting-form")
    page.click("button:has-text('Ghi buổi sinh hoạt')")
    page.wait_for_url("**/sinh-hoat/buoi/*/")
    table = page.locator("#diem-danh").inner_text()
    assert "Vắng có lý do\tĐi công tác" in table and "Vắng không có lý do" in table
    shot(page, "meeting-detail")
    page.click(".crumbs >> text=Sinh hoạt chi bộ")
    assert "05/03/2019" in page.locator("#chi-bo").inner_text()
