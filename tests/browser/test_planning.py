"""The ward's staff plans candidates for the 2025 - 2030 term: an ineligible one is refused with the
rule's message next to the member field, an eligible one is planned."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.browser


def test_the_staff_plans_a_candidate_and_sees_an_eligibility_error(login, small_tree, make_member, shot):
    make_member(small_tree.cell_a, "Lê Văn Cao", birth_date=date(1964, 3, 1))
    make_member(small_tree.cell_a, "Trần Thị Lan", sex="female", birth_date=date(1988, 4, 2))
    page = login("ward_staff")
    page.click("nav.mainnav >> text=Quy hoạch")
    page.fill("#id_org", "W1")
    page.fill("#id_nhiem_ky", "2025-2030")
    page.click("button:has-text('Mở')")
    page.wait_for_url("**/quy-hoach/W1/2025-2030/")

    page.select_option("#id_kind", label="Bí thư")
    page.fill("#id_title", "Bí thư Đảng ủy phường")
    page.click("button:has-text('Thêm chức danh')")
    page.locator(".message").wait_for()
    page.click("a:has-text('Bổ sung quy hoạch')")

    page.fill("input[name=q]", "le van cao")
    page.click("button:has-text('Tìm')")
    page.click("ul.lookup >> button:has-text('Chọn')")
    page.fill("#id_added_on", "03/06/2024")
    page.click("button:has-text('Bổ sung')")
    error = page.locator(".field.has-error .error")
    error.wait_for()
    assert "Đồng chí Lê Văn Cao (sinh ngày 01/03/1964) đến tuổi nghỉ hưu" in error.inner_text()
    assert "Quy định 50-QĐ/TW" in error.inner_text()
    shot(page, "planning-eligibility-error")

    page.fill("#id_member", "")
    page.fill("input[name=q]", "tran thi lan")
    page.click("button:has-text('Tìm')")
    page.click("ul.lookup >> button:has-text('Chọn')")
    page.fill("#id_added_on", "03/06/2024")
    page.click("button:has-text('Bổ sung')")
    page.locator(".message").wait_for()
    assert "Đã bổ sung đồng chí Trần Thị Lan" in page.locator(".message").inner_text()
    row = page.locator("table.candidates tbody tr")
    assert "Trần Thị Lan" in row.inner_text() and "trẻ" in row.inner_text()
    shot(page, "planning-plan")
