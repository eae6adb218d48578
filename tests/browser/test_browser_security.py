"""The audit trail on a member's page and the search page; the two-step verification page; the
lockout page — in a real browser, with screenshots to look at."""

from __future__ import annotations

import re

import pytest

from dangbo.members.services import member_update_profile

pytestmark = pytest.mark.browser


def test_an_officer_edits_a_record_and_reads_its_trail(login, small_tree, make_member, personas, shot):
    member = make_member(small_tree.cell_a, "Nguyễn Văn An", cccd="079080001234")
    member_update_profile(
        actor=personas["ward_staff"], member=member, changes={"hometown": "Huế"}, expected_version=None
    )
    page = login("officer")
    page.goto(f"/dang-vien/{member.pk}/sua/")
    page.fill("#id_residence", "12 Lê Văn Việt, Thủ Đức")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/dang-vien/{member.pk}/")
    trail = page.locator("#nhat-ky")
    trail.scroll_into_view_if_needed()
    text = trail.inner_text()
    assert "Sửa hồ sơ đảng viên" in text and "bantochuc" in text and "12 Lê Văn Việt, Thủ Đức" in text
    assert "phuong1" in text and "Huế" in text
    assert trail.locator("tbody tr").first.inner_text().count("12 Lê Văn Việt") == 1  # newest first
    assert "079080001234" in page.locator(".cccd").inner_text()  # the keeper sees it in full
    shot(page, "security-member-audit")

    page.click("#nhat-ky >> text=Tra cứu toàn bộ nhật ký")
    page.wait_for_url("**/nhat-ky/**")
    page.select_option("#id_viec", "member.profile")
    page.fill("#id_nguoi", "phuong1")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"[?&]nguoi=phuong1"))
    rows = page.locator("table.audit tbody tr")
    assert rows.count() == 1 and "Huế" in rows.first.inner_text()
    shot(page, "security-audit-search")


def test_the_two_step_page_shows_a_qr_code(login, shot):
    page = login("officer")
    page.click("header .username")
    page.wait_for_url("**/tai-khoan/xac-thuc-hai-buoc/")
    assert page.locator(".qr svg").count() == 1
    assert len(page.locator(".secret").inner_text().replace(" ", "")) == 32
    shot(page, "security-otp-setup")


def _code(secret: str, at: float) -> str:
    from base64 import b32decode

    from django_otp.oath import TOTP

    totp = TOTP(b32decode(secret.replace(" ", "")), step=30, t0=0, digits=6, drift=0)
    totp.time = at
    return f"{totp.token():06d}"


def test_enable_two_step_then_log_in_with_the_code(login, shot):
    import time

    page = login("secretary_a")
    page.goto("/tai-khoan/xac-thuc-hai-buoc/")
    secret = page.locator(".secret").inner_text()
    page.fill("#id_token", _code(secret, time.time()))
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Đã bật xác thực hai bước")
    page.click("header button:has-text('Đăng xuất')")
    page.wait_for_url("**/dang-nhap/")
    page.fill("#id_username", "bithu_a")
    page.fill("#id_password", "mat-khau-thu-1")
    page.click("button[type=submit]")
    page.wait_for_url("**/dang-nhap/ma-xac-thuc/")
    shot(page, "security-otp-login")
    page.fill("#id_token", _code(secret, time.time() + 30))  # the next step: the last code is spent
    page.click("main button[type=submit]")
    page.wait_for_url("**/")
    assert "bithu_a" in page.locator("header .username").get_attribute("title")


def test_the_lockout_page(browser_page, personas, settings, shot):
    page = browser_page
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        page.goto("/dang-nhap/")
        page.fill("#id_username", "bantochuc")
        page.fill("#id_password", "sai")
        page.click("button[type=submit]")
        page.wait_for_selector(
            ".form-errors" if attempt < settings.AXES_FAILURE_LIMIT else "text=Tạm khóa đăng nhập"
        )
    page.goto("/dang-nhap/")  # now even the right password is refused
    page.fill("#id_username", "bantochuc")
    page.fill("#id_password", "mat-khau-thu-1")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Tạm khóa đăng nhập")
    shot(page, "security-lockout")
