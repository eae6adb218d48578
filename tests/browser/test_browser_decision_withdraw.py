"""A dissolution recorded by mistake is withdrawn from the organization's history: the page names what
is undone and waits for the confirmation; the cell is active again with its member."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.browser


def test_a_mistaken_dissolution_is_withdrawn_from_the_history(login, small_tree, make_member, personas, shot):
    from dangbo.organizations.services import Decision
    from dangbo.reorganizations.services import organization_dissolve

    make_member(small_tree.cell_a, "Nguyễn Văn An")
    organization_dissolve(
        actor=personas["ward_staff"],
        organization=small_tree.cell_a,
        effective_on=date(2025, 7, 1),
        decision=Decision(number="30-QĐ/ĐU", date=date(2025, 6, 20)),
        default_receiving=small_tree.cell_b,
    )
    page = login("ward_staff")
    page.goto("/to-chuc/W1A/")
    assert "Đã kết thúc hoạt động từ 01/07/2025" in page.locator(".pagehead").inner_text()
    page.click("tr:has-text('Giải thể') >> a:has-text('Đính chính')")
    page.check("input[name=action][value=withdraw]")
    page.fill("#id_reason", "Giải thể nhầm chi bộ")
    page.fill("#id_approval_number", "45-CV/ĐU")
    page.fill("#id_approval_date", "01/08/2025")
    shot(page, "org-decision-withdraw-form")
    page.click("button[type=submit]:has-text('Ghi đính chính')")
    consequence = page.locator(".consequence").inner_text()
    assert "Hủy quyết định giải thể số 30-QĐ/ĐU ngày 20/06/2025, hiệu lực 01/07/2025" in consequence
    assert "1 đảng viên trở về chi bộ cũ" in consequence
    shot(page, "org-decision-withdraw-confirm")
    page.click("button[name=xac-nhan]")

    page.wait_for_selector(".message")
    assert "Đã hủy quyết định giải thể số 30-QĐ/ĐU ngày 20/06/2025." in page.locator(".message").inner_text()
    assert "Đang hoạt động" in page.locator(".pagehead").inner_text()
    assert "Nguyễn Văn An" in page.locator("table.table").first.inner_text()
    assert "Đã hủy" in page.locator("section:has-text('Các quyết định')").last.inner_text()
    shot(page, "org-decision-withdrawn")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1")
    shot(page, "org-decision-withdrawn-phone")
