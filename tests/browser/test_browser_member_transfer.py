"""Find a member without typing accents, open the record, transfer to another cell, see it in the history."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_officer_finds_a_member_unaccented_and_transfers_them_to_another_cell(
    login, small_tree, make_member, shot
):
    make_member(small_tree.cell_a, "Nguyễn Văn An", cccd="079080001234")
    make_member(small_tree.cell_a, "Nguyễn Văn Bảy")
    make_member(small_tree.cell_b, "Trần Thị Cúc", sex="female")
    page = login("officer")
    assert page.locator(".topbar").inner_text().count("Đăng xuất") == 1

    page.click("nav.mainnav >> text=Đảng viên")
    page.fill("#id_q", "nguyen van a")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/dang-vien/?q=nguyen+van+a*")
    rows = page.locator("table.table tbody tr")
    assert rows.count() == 1
    assert "Nguyễn Văn An" in rows.first.inner_text()
    assert "********1234" in rows.first.inner_text()
    shot(page, "member-list-search")

    page.click("text=Nguyễn Văn An")
    page.wait_for_selector("h1:has-text('Nguyễn Văn An')")
    page.click(".toolbar >> text=Chuyển sinh hoạt")
    page.select_option("#id_transfer_type", "internal")
    page.select_option("#id_to_organization", label="Chi bộ Khu phố 2 – Đảng bộ phường An Bình (W1B)")
    page.fill("#id_effective_on", "10/06/2025")
    page.fill("#id_decision_number", "27-QĐ/ĐU")
    page.fill("#id_decision_date", "05/06/2025")
    shot(page, "member-transfer-form")
    page.click("button[type=submit]:has-text('Ghi')")

    page.wait_for_selector(".message")
    assert "Đã chuyển sinh hoạt đảng" in page.locator(".message").inner_text()
    transfer_row = page.locator("table.history tr.event-transfer")
    assert transfer_row.count() == 1
    text = transfer_row.inner_text()
    assert "10/06/2025" in text
    assert "27-QĐ/ĐU" in text
    assert "Chi bộ Khu phố 1 – Đảng bộ phường An Bình → Chi bộ Khu phố 2 – Đảng bộ phường An Bình" in text
    assert "Chuyển sinh hoạt nội bộ" in text
    shot(page, "member-detail-after-transfer")


def test_a_bad_date_is_refused_with_a_message_naming_the_field(login, small_tree, make_member):
    member = make_member(small_tree.cell_a, "Nguyễn Văn An")
    page = login("ward_staff")
    page.goto(f"/dang-vien/{member.pk}/chuyen-sinh-hoat/")
    page.select_option("#id_transfer_type", "internal")
    page.select_option("#id_to_organization", label="Chi bộ Khu phố 2 – Đảng bộ phường An Bình (W1B)")
    page.fill("#id_effective_on", "31/02/2025")
    page.fill("#id_decision_number", "27-QĐ/ĐU")
    page.click("button[type=submit]:has-text('Ghi')")
    error = page.locator(".has-error .error")
    assert "Ngày hiệu lực “31/02/2025” không phải là ngày hợp lệ" in error.inner_text()
