"""The grassroots committee enters the year's decisions for a whole cell, meets the 20 % cap, overrides it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

NAMES = ["Nguyễn Văn An", "Trần Văn Bình", "Lê Văn Cường", "Phạm Văn Dũng", "Hoàng Văn Hải"]


def test_the_ward_decides_the_cell_and_overrides_the_cap_with_a_reason(login, small_tree, make_member, shot):
    members = [make_member(small_tree.cell_a, name) for name in NAMES]
    page = login("ward_staff")
    page.click("nav.mainnav >> text=Đánh giá")
    page.select_option("#id_org", "W1A")
    page.fill("#id_nam", "2019")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/danh-gia/2019/W1A/")
    assert "Chi bộ Khu phố 1" in page.locator(".pagehead").inner_text()

    page.select_option(f"#id_rank_{members[0].pk}", label="Hoàn thành xuất sắc nhiệm vụ")
    for member in members[1:]:
        page.select_option(f"#id_rank_{member.pk}", label="Hoàn thành tốt nhiệm vụ")
    page.fill("#id_decision_number", "12-TB/ĐU")
    page.fill("#id_decision_date", "20/12/2019")
    page.click("button[type=submit]:has-text('Ghi quyết định xếp loại')")

    errors = page.locator(".form-errors")
    errors.wait_for()
    assert "vượt quá 20%" in errors.inner_text()
    assert "Hướng dẫn 21-HD/BTCTW" in errors.inner_text()
    assert page.input_value(f"#id_rank_{members[0].pk}") == "1"  # the entered values are kept
    assert page.input_value("#id_decision_number") == "12-TB/ĐU"
    shot(page, "review-cell-cap-violation")

    page.fill("#id_override_reason", "Đồng chí An có thành tích đột xuất, Ban Thường vụ thống nhất")
    page.click("button[type=submit]:has-text('Ghi quyết định xếp loại')")
    message = page.locator(".message")
    message.wait_for()
    assert (
        "Đã ghi quyết định xếp loại năm 2019 của 5 đảng viên. 1 trường hợp vượt quy tắc"
        in message.inner_text()
    )
    row = page.locator("table.ratings tbody tr", has=page.locator("a:text-is('Nguyễn Văn An')"))
    assert "HTXSNV" in row.inner_text()
    assert "Vượt quy tắc" in row.inner_text()
    assert "Ban Thường vụ thống nhất" in row.inner_text()
    shot(page, "review-cell-decided")
