"""Dissolving a cell moves its members to the receiving cell, in one decision."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_dissolving_a_cell_moves_its_members_to_the_receiving_cell(login, small_tree, make_member, shot):
    make_member(small_tree.cell_a, "Nguyễn Văn An")
    make_member(small_tree.cell_a, "Trần Thị Bình", sex="female")
    make_member(small_tree.cell_b, "Lê Văn Cường")
    page = login("ward_staff")
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto("/to-chuc/W1A/")
    page.click(".toolbar >> text=Giải thể")
    page.fill("#id_decision_number", "30-QĐ/ĐU")
    page.fill("#id_decision_date", "20/06/2025")
    page.fill("#id_effective_on", "01/07/2025")
    page.select_option("#id_default_receiving", label="Chi bộ Khu phố 2 – Đảng bộ phường An Bình (W1B)")
    shot(page, "org-dissolve-form")
    page.click("button[type=submit]:has-text('Ghi quyết định giải thể')")
    # the page names the consequence and waits for the confirmation
    assert "tổ chức chấm dứt hoạt động" in page.locator(".consequence").inner_text()
    shot(page, "org-dissolve-confirm")
    page.click("button[name=xac-nhan]")

    page.wait_for_selector(".message")
    assert (
        "Đã giải thể Chi bộ Khu phố 1 – Đảng bộ phường An Bình; 2 đảng viên đã chuyển sinh hoạt."
        in page.locator(".message").inner_text()
    )
    assert "Đã kết thúc hoạt động từ 01/07/2025" in page.locator(".pagehead").inner_text()
    shot(page, "org-detail-dissolved")

    page.goto("/to-chuc/W1B/")
    members = page.locator("table.table").first.inner_text()
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"):
        assert name in members
    page.goto("/to-chuc/W1/")
    assert page.locator(".tree a:text-is('Chi bộ Khu phố 1')").count() == 0
    shot(page, "org-detail-ward-after-dissolve")
