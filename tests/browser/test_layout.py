"""Layout (issue 13, item 7): no page-wide sideways scroll on a phone (390×844), a collapsible menu
with "Đăng xuất" reachable, one menu line on a 1366-pixel laptop, a favicon, destructive actions
styled as such. Screenshots go to /tmp/shots-officer/ and test-artifacts/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-officer")
FITS = "document.scrollingElement.scrollWidth <= window.innerWidth + 1"
WIDTH = "[document.scrollingElement.scrollWidth, window.innerWidth]"


@pytest.fixture
def demo_ward(small_tree, make_member, decide_2019):
    """Cell A with members of long names, one of them rated and commended in 2019."""
    members = [
        make_member(small_tree.cell_a, name, cccd=f"07908000{i:04d}")
        for i, name in enumerate(
            ["Nguyễn Văn An", "Trần Thị Bích Ngọc Phượng", "Lê Hoàng Minh Khôi", "Phạm Minh Dũng"], start=1
        )
    ]
    decide_2019([(m, 2) for m in members[1:]] + [(members[0], 1)], commend=members[0])
    return members


def _save(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_main_pages_fit_a_phone_and_the_menu_folds(login, browser_page, demo_ward, shot):
    page = login("officer")
    page.set_viewport_size({"width": 390, "height": 844})
    member = demo_ward[1]
    from datetime import date

    from dangbo.accounts.scope import system_actor
    from dangbo.dues.services import dues_payment_record, dues_payment_withdraw

    recorder = system_actor("Kiểm tra bố cục")
    wrong = dues_payment_record(
        actor=recorder,
        cell=member.organization,
        member=member,
        year=2026,
        month=3,
        amount=50_000,
        method="cash",
        paid_on=date(2026, 3, 10),
    )
    paid = dues_payment_withdraw(actor=recorder, payment=wrong, reason="Sai số tiền", amount=5_000)
    assert paid is not None
    pages = {
        "home": "/",
        "member-list": "/dang-vien/",
        "member-file": f"/dang-vien/{member.pk}/",
        "report-year": "/bao-cao/danh-gia/?org=D&nam=2019",
        "review-cell": "/danh-gia/2019/W1A/",
        "review-quarters": "/danh-gia/2025/hang-quy/W1A/",
        "review-cell-2025": "/danh-gia/2025/W1A/",
        "review-member-2025": f"/danh-gia/2025/dang-vien/{member.pk}/",
        "conversions": "/dang-vien/chuyen-chinh-thuc/",
        "audit": "/nhat-ky/",
        "dashboard": "/bao-cao/tong-quan/",
        "document-sheet": f"/van-ban/phieu-dang-vien/?dang-vien={member.pk}",
        "letterhead": "/to-chuc/W1/the-thuc-van-ban/",
        "admissions": "/phat-trien-dang-vien/?org=D",
        "dues-report": "/dang-phi/?org=D&nam=2026",
        "dues-cell-month": "/dang-phi/chi-bo/W1A/2026/3/",
        "dues-cell-year": "/dang-phi/chi-bo/W1A/2026/",
        "dues-payment-correct": f"/dang-phi/chi-bo/W1A/2026/3/thu/{paid.pk}/sua-huy/",
        "badges": "/huy-hieu/?org=D&dip=07/11/2019",
        "statistics": "/thong-ke/?org=D&ngay=31/12/2019",
    }
    for name, url in pages.items():
        page.goto(url)
        page.wait_for_load_state("networkidle")
        _save(page, f"phone-{name}")
        shot(page, f"phone-{name}")
        assert page.evaluate(FITS), (name, page.evaluate(WIDTH))
        header = page.locator("header.topbar").bounding_box()
        assert header["height"] < 120, (name, header)  # the menu is folded
    # the menu opens, and "Đăng xuất" is on screen
    page.goto("/dang-vien/")
    assert not page.locator(".logout").is_visible()
    page.click(".menu-toggle")
    logout = page.locator(".logout")
    assert logout.is_visible()
    box = logout.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate(FITS)
    _save(page, "phone-menu-open")
    page.click("header >> text=Đánh giá")
    page.wait_for_url("**/danh-gia/**")


def test_the_menu_is_one_line_on_a_laptop(login, browser_page, demo_ward):
    page = login("officer")
    page.set_viewport_size({"width": 1366, "height": 768})
    for url in ("/", "/dang-vien/", f"/dang-vien/{demo_ward[0].pk}/"):
        page.goto(url)
        middles = page.eval_on_selector_all(
            ".mainnav a, .userbox a, .userbox .logout",
            "els => els.map(e => { const r = e.getBoundingClientRect(); return (r.top + r.bottom) / 2; })",
        )
        assert len(middles) >= 8 and max(middles) - min(middles) < 4, (url, middles)
        assert page.locator("header.topbar").bounding_box()["height"] < 70
        assert page.locator(".menu-toggle").is_hidden()
        assert page.evaluate(FITS)
    _save(page, "laptop-member-file")


def test_the_favicon_is_served_and_destructive_actions_look_dangerous(login, browser_page, demo_ward):
    page = login("officer")
    page.goto(f"/dang-vien/{demo_ward[0].pk}/")
    href = page.get_attribute("link[rel=icon]", "href")
    assert href
    assert page.request.get(href).status == 200
    for label in ("Kỷ luật", "Xóa tên", "Ra khỏi Đảng"):
        button = page.locator(f".toolbar a:has-text('{label}'), a.button:has-text('{label}')").first
        assert "danger" in (button.get_attribute("class") or ""), label
    assert "danger" not in (page.locator("a.button:has-text('Sửa hồ sơ')").get_attribute("class") or "")
    page.goto("/to-chuc/W1A/")
    assert "danger" in (page.locator("a.button:has-text('Giải thể')").get_attribute("class") or "")
