"""One member through the regulation's order: the cell enters the self-assessment and the proposal
(with the share of targets met), the grassroots committee decides, is blocked by the rule the
facts trigger, and overrides it with a recorded reason."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

URL = "/danh-gia/2019/W1A/"


def test_self_assessment_then_proposal_then_decision_blocked_and_overridden(
    login, small_tree, make_member, shot
):
    an = make_member(small_tree.cell_a, "Nguyễn Văn An")
    make_member(small_tree.cell_a, "Trần Văn Bình")

    # 1. the cell secretary enters the member's self-assessment on the member's review page
    page = login("secretary_a")
    page.goto(URL)
    assert page.locator("nav.tabs a:has-text('Quyết định xếp loại')").count() == 1
    page.click("table.ratings a:text-is('Nguyễn Văn An')")
    page.wait_for_url(f"**/danh-gia/2019/dang-vien/{an.pk}/")
    page.select_option("#id_rank", label="Hoàn thành tốt nhiệm vụ")
    page.fill("#id_self_assessment", "Hoàn thành tốt nhiệm vụ tổ trưởng tổ dân phố; còn chậm nộp đảng phí.")
    page.click("button[type=submit]:has-text('Ghi tự đánh giá')")
    page.locator(".message").wait_for()
    assert "Đã ghi tự đánh giá năm 2019 của đồng chí Nguyễn Văn An." in page.locator(".message").inner_text()
    assert "còn chậm nộp đảng phí" in page.locator("table.review-steps").inner_text()
    shot(page, "review-steps-1-self-assessment")

    # 2. the cell proposes, with the share of the member's targets met
    page.goto(URL + "?buoc=de-xuat")
    page.select_option(f"#id_rank_{an.pk}", label="Hoàn thành tốt nhiệm vụ")
    page.fill(f"#id_targets_{an.pk}", "40")
    page.click("button[type=submit]:has-text('Ghi đề xuất')")
    page.locator(".message").wait_for()
    row = page.locator("table.ratings tbody tr", has=page.locator("a:text-is('Nguyễn Văn An')"))
    assert "Đã đề xuất" in row.inner_text()
    assert "Đề xuất trái quy tắc" in row.inner_text() and "dưới 50% chỉ tiêu" in row.inner_text()
    shot(page, "review-steps-2-proposal")
    # the secretary cannot decide
    page.goto(URL + "?buoc=quyet-dinh")
    assert "Bạn không ghi được quyết định xếp loại" in page.locator("main").inner_text()
    assert page.locator(f"#id_rank_{an.pk}").count() == 0

    # 3. the grassroots committee decides: blocked by the rule, then overridden with a reason
    page.context.clear_cookies()
    page = login("ward_staff")
    page.goto(URL)
    assert page.input_value(f"#id_rank_{an.pk}") == "2"  # the proposal is pre-filled
    assert page.input_value(f"#id_targets_{an.pk}") == "40,00"
    page.fill("#id_decision_number", "12-TB/ĐU")
    page.fill("#id_decision_date", "20/12/2019")
    page.click("button[type=submit]:has-text('Ghi quyết định xếp loại')")
    page.locator(".form-errors").wait_for()
    row = page.locator("table.ratings tbody tr", has=page.locator("a:text-is('Nguyễn Văn An')"))
    assert "hoàn thành dưới 50% chỉ tiêu, nhiệm vụ" in row.locator("p.error").inner_text()
    assert "Quy định 132-QĐ/TW" in page.locator(".form-errors").inner_text()
    shot(page, "review-steps-3-decision-blocked")

    page.fill("#id_override_reason", "Chỉ tiêu giao chưa sát thực tế, Đảng ủy thống nhất")
    page.click("button[type=submit]:has-text('Ghi quyết định xếp loại')")
    page.locator(".message").wait_for()
    assert "1 trường hợp vượt quy tắc, đã ghi lý do" in page.locator(".message").inner_text()
    row = page.locator("table.ratings tbody tr", has=page.locator("a:text-is('Nguyễn Văn An')"))
    text = row.inner_text()
    assert "Đã quyết định" in text and "HTTNV" in text
    assert "Vượt quy tắc" in text and "Đảng ủy thống nhất" in text
    shot(page, "review-steps-4-decided")

    page.click("table.ratings a:text-is('Nguyễn Văn An')")
    steps = page.locator("table.review-steps").inner_text()
    assert "còn chậm nộp đảng phí" in steps and "12-TB/ĐU" in steps and "Đảng ủy thống nhất" in steps
    shot(page, "review-steps-5-member")

    # the ward's organizations page: it decides for its cells, the district decides for the ward
    page.goto("/danh-gia/2019/to-chuc/W1/")
    ward = page.locator("tbody.unit").first
    assert "Quyết định: ban thường vụ cấp ủy cấp trên trực tiếp — Đảng bộ Quận Thử" in ward.inner_text()
    assert ward.locator("select[name$='-stage'] option[value='decision']").count() == 0
    cell = page.locator(f"#don-vi-{small_tree.cell_a.pk}")
    assert cell.locator("select[name$='-stage'] option[value='decision']").count() == 1
    shot(page, "review-steps-6-organizations")
