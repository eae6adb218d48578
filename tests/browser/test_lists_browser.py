"""Lists and navigation in a real browser (issue 13, item 6), as a ward officer on a 1366-pixel
laptop and on a 390-pixel phone: the header's search box (inside the folded menu on the phone), a
list in pages with its page size and sortable columns. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re

import pytest

from dangbo.core.dates import add_months, today

pytestmark = pytest.mark.browser

FITS = "document.scrollingElement.scrollWidth <= window.innerWidth + 1"
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Khánh",
    "Lan",
    "Minh",
    "Nga",
    "Oanh",
    "Phúc",
    "Quang",
    "Sơn",
    "Tâm",
]


@pytest.fixture
def due_ward(small_tree, make_member):
    """30 probationers of ward W1 past their probation, and one of ward W2."""
    start = add_months(today(), -13)
    cells = [small_tree.cell_a, small_tree.cell_b]
    for i in range(30):
        name = f"{'Nguyễn' if i % 3 else 'Trần'} {'Văn' if i % 2 else 'Thị'} {GIVEN[i // 2]}"
        make_member(
            cells[i % 2], name, status="probationary", admitted=start, on=start, cccd=f"0790800{i:05d}"
        )
    make_member(small_tree.other_cell, "Nguyễn Văn Ngoài", status="probationary", admitted=start, on=start)


def _names(page) -> list[str]:
    return page.eval_on_selector_all(
        "main table tbody tr td:first-child a", "els => els.map(e => e.textContent)"
    )


def test_a_ward_officer_searches_from_the_header_and_pages_through_a_list_on_a_laptop(
    login, browser_page, due_ward, shot
):
    page = login("ward_staff")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto("/")
    box = page.locator(".topsearch input")
    assert box.is_visible()
    box.fill("nguyen van")
    box.press("Enter")
    page.wait_for_url("**/tim-kiem/?tim=nguyen+van")
    found = page.locator("#ket-qua-dang-vien")
    assert "Nguyễn Văn" in found.inner_text() and "Nguyễn Văn Ngoài" not in found.inner_text()
    assert page.evaluate(FITS)
    shot(page, "lists-laptop-search")
    # by CCCD, shown masked
    box = page.locator(".topsearch input")
    box.fill("079080000007")
    box.press("Enter")
    page.wait_for_url("**/tim-kiem/?tim=079080000007")
    assert page.locator("#ket-qua-dang-vien tbody tr").count() == 1
    assert "*******0007" in page.locator("#ket-qua-dang-vien").inner_text()
    # the conversions list: 25 a page, the second page, then sorted by name
    page.goto("/dang-vien/chuyen-chinh-thuc/")
    assert "30 đảng viên" in page.locator("main").inner_text()
    page.select_option("select[name=so-dong]", "25")  # applied at once
    page.wait_for_url(re.compile(r"so-dong=25"))
    assert len(_names(page)) == 25 and "Trang 1 / 2" in page.locator(".pagination").inner_text()
    page.click(".pagination >> text=Sau ›")
    page.wait_for_url(re.compile(r"trang=2"))
    assert len(_names(page)) == 5
    page.click("th >> text=Họ và tên")
    page.wait_for_url(re.compile(r"sap-xep=ten"))
    assert "trang=" not in page.url and "so-dong=25" in page.url  # back to the first page, same size
    assert page.locator("th[aria-sort=ascending]").inner_text().startswith("Họ và tên")
    names = _names(page)
    assert names[:2] == ["Trần Thị An", "Nguyễn Văn An"] and len(names) == 25
    page.click("th >> text=Họ và tên")  # the other way
    page.wait_for_url(re.compile(r"sap-xep=-ten"))
    assert _names(page)[0] == "Nguyễn Văn Tâm"
    assert page.evaluate(FITS)
    shot(page, "lists-laptop-conversions")
    # the menu is still one line with the search box and the meetings entry
    middles = page.eval_on_selector_all(
        ".mainnav a, .topsearch input, .userbox a, .userbox .logout",
        "els => els.map(e => { const r = e.getBoundingClientRect(); return (r.top + r.bottom) / 2; })",
    )
    assert max(middles) - min(middles) < 4, middles
    page.click("header >> text=Sinh hoạt")
    page.wait_for_url("**/sinh-hoat/**")


def test_a_ward_officer_searches_from_the_folded_menu_and_pages_through_a_list_on_a_phone(
    login, browser_page, due_ward, shot
):
    page = login("ward_staff")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    assert not page.locator(".topsearch input").is_visible()  # inside the folded menu
    page.click(".menu-toggle")
    box = page.locator(".topsearch input")
    assert box.is_visible()
    rect = box.bounding_box()
    assert rect["x"] >= 0 and rect["x"] + rect["width"] <= 390 and rect["width"] > 200
    assert page.evaluate(FITS)
    shot(page, "lists-phone-menu-search")
    box.fill("khu pho")
    box.press("Enter")  # the phone keyboard's search key
    page.wait_for_url("**/tim-kiem/?tim=khu+pho")
    orgs = page.locator("#ket-qua-to-chuc").inner_text()
    assert "Chi bộ Khu phố 1 – Đảng bộ phường An Bình" in orgs and "Khu phố 5" not in orgs
    assert page.evaluate(FITS)
    shot(page, "lists-phone-search-results")
    page.goto("/dang-vien/chuyen-chinh-thuc/?so-dong=25&trang=2")
    assert len(_names(page)) == 5
    assert page.evaluate(FITS), page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    shot(page, "lists-phone-conversions-page-2")
    page.click(".pagination >> text=« Đầu")
    page.wait_for_url(re.compile(r"trang=1"))
    assert len(_names(page)) == 25


@pytest.mark.parametrize("width,height", [(1366, 768), (390, 844)])
def test_a_list_longer_than_the_count_cap_says_so_and_pages_on(
    login, browser_page, due_ward, shot, settings, width, height
):
    settings.DANGBO_LIST_COUNT_CAP = 20  # the ward's 30 members: more than the cap
    page = login("ward_staff")
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/dang-vien/?so-dong=25")
    main = page.locator("main")
    assert "Tìm thấy hơn 20 đảng viên" in main.inner_text()
    note = page.locator(".count-note")
    assert note.is_visible() and "chỉ đếm tới 20 dòng" in note.inner_text()
    pager = page.locator(".pagination").inner_text()
    assert "Trang 1 · dòng 1–25" in pager and "Sau" in pager and "Cuối" not in pager
    assert page.evaluate(FITS)
    shot(page, f"lists-count-cap-{width}")
    page.locator(".pagination a", has_text="Sau").click()
    page.wait_for_url(re.compile(r"trang=2"))
    assert "dòng 26–30" in page.locator(".pagination").inner_text()
    assert "Sau" not in page.locator(".pagination").inner_text()
    page.locator(".count-note a", has_text="đếm chính xác").click()
    page.wait_for_url(re.compile(r"dem=du"))
    assert "Tìm thấy 30 đảng viên" in page.locator("main").inner_text()
    assert "Trang 2 / 2" in page.locator(".pagination").inner_text()
