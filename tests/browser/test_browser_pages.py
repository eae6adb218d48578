"""A walk through the other pages, saving screenshots for a person to look at; checks the basics on the way."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.browser


def test_the_main_pages_render_for_the_officer(login, small_tree, make_member, shot):
    make_member(small_tree.cell_a, "Nguyễn Văn An", cccd="079080001234")
    make_member(
        small_tree.cell_a,
        "Phạm Minh Dũng",
        status="probationary",
        admitted=date(2024, 3, 15),
        on=date(2024, 3, 15),
    )
    make_member(small_tree.cell_b, "Trần Thị Bình", sex="female")
    page = login("officer")
    assert "Đảng bộ Quận Thử" in page.locator("main").inner_text()
    shot(page, "home")

    page.click("main >> text=Xét chuyển đảng viên chính thức")
    page.wait_for_url("**/chuyen-chinh-thuc/**")
    assert page.locator(".badge.danger:has-text('quá hạn')").count() == 1
    shot(page, "conversions-due")

    page.goto("/to-chuc/W1A/")
    shot(page, "org-detail-cell")

    page.goto("/dang-vien/ket-nap/?chi-bo=W1A")
    page.fill("input[name=q]", "nguyen")
    page.wait_for_selector("#sponsor-results button")
    page.click("#sponsor-results button")
    assert page.input_value("#id_sponsors").strip() != ""
    page.click("button[type=submit]:has-text('Ghi')")
    page.wait_for_selector(".form-errors")
    assert "Phải nhập họ và tên." in page.locator("main").inner_text()
    shot(page, "member-admit-errors")

    page.goto("/to-chuc/W1A/chia-tach/")
    shot(page, "org-split-form")
