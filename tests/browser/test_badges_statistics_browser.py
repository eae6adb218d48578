"""Party badges and member statistics in the browser, each as the role that does it: the ward's staff
lists the members due on 07/11/2019, sends the proposal and records a decision with its badge
number; the district officer reads the statistics with their charts; a viewer sees the figures and
never a name; a cell secretary reads the month's birthdays of their cell. Screenshots at 1366×768
and 390×844 in test-artifacts/."""

from __future__ import annotations

import re
from datetime import date

import pytest

pytestmark = pytest.mark.browser

FITS = "document.scrollingElement.scrollWidth <= window.innerWidth + 1"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _warm(browser_page):
    """The live server's first page loads the URL configuration and compiles the templates: on a
    loaded machine that alone can pass the 10 s of a navigation, so it is opened once beforehand."""
    browser_page.goto("/dang-nhap/", timeout=120_000)


@pytest.fixture
def veterans(small_tree, make_member):
    return {
        "ba": make_member(
            small_tree.cell_a, "Trần Văn Ba", admitted=date(1989, 11, 7), birth_date=date(1960, 11, 3)
        ),
        "nam": make_member(small_tree.cell_b, "Phạm Thị Năm", admitted=date(1964, 9, 1), sex="female"),
        "sau": make_member(small_tree.other_cell, "Võ Văn Sáu", admitted=date(1979, 2, 3)),
    }


def test_the_ward_staff_sends_the_badge_list_and_records_the_decision(login, veterans, shot):
    page = login("ward_staff")
    page.set_viewport_size(LAPTOP)
    page.click("nav.mainnav >> text=Báo cáo")
    page.click("nav.subnav >> text=Huy hiệu Đảng")
    page.select_option("#id_org", "W1")
    page.fill("#id_dip", "07/11/2019")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"[?&]dip=07%2F11%2F2019"))  # the click only starts the navigation
    rows = page.locator("#den-han tbody tr")
    assert rows.count() == 2
    assert "Phạm Thị Năm" in rows.nth(0).inner_text() and "55 năm" in rows.nth(0).inner_text()
    assert "Võ Văn Sáu" not in page.content()  # another ward
    assert page.locator("#theo-muc tr[data-years='30'] td").nth(1).inner_text() == "1"
    assert "chưa xác nhận" in page.locator("#cai-dat").inner_text()
    assert page.evaluate(FITS)
    shot(page, "badges-due-1366")
    page.click("button:has-text('Gửi tờ trình đề nghị tặng')")
    assert "Phải nhập số tờ trình" in page.locator(".has-error").first.inner_text()
    page.fill("#id_number", "85-TTr/ĐU")
    page.fill("#id_sent_on", "20/09/2019")
    page.click("button:has-text('Gửi tờ trình đề nghị tặng')")
    assert "Đã gửi tờ trình 85-TTr/ĐU: 2 đảng viên" in page.locator(".messages").inner_text()
    assert "85-TTr/ĐU" in page.locator("#den-han").inner_text()
    page.locator("#den-han tr", has_text="Trần Văn Ba").locator("text=Ghi quyết định").click()
    page.wait_for_url("**/huy-hieu/dang-vien/**")
    assert page.locator("#id_years").input_value() == "30"
    page.fill("#id_decision_number", "1120-QĐ/TU")
    page.fill("#id_decision_date", "25/10/2019")
    page.fill("#id_issued_by", "Ban Thường vụ Thành ủy")
    page.fill("#id_badge_number", "3019110001")
    page.click("button:has-text('Ghi quyết định')")
    assert "Đã ghi quyết định 1120-QĐ/TU" in page.locator(".messages").inner_text()
    assert "3019110001" in page.locator("#da-tang").inner_text()
    page.set_viewport_size(PHONE)
    assert page.evaluate(FITS)
    shot(page, "badges-member-390")
    page.goto("/huy-hieu/?org=W1&dip=07/11/2019")
    assert "1120-QĐ/TU" in page.locator("#den-han tr", has_text="Trần Văn Ba").inner_text()
    assert page.evaluate(FITS)
    shot(page, "badges-due-390")


def test_the_officer_reads_the_statistics_with_their_charts(login, veterans, shot):
    page = login("officer")
    page.set_viewport_size(LAPTOP)
    page.goto("/thong-ke/?org=D&ngay=31/12/2019")
    assert page.locator("#tong-so").inner_text() == "3"
    assert page.locator(".stats-section svg").count() == 9
    sex = page.locator("#muc-sex tbody").inner_text()
    assert "Nam\t2" in sex and "Nữ\t1" in sex
    assert page.evaluate(FITS)
    shot(page, "statistics-1366")
    page.set_viewport_size(PHONE)
    assert page.evaluate(FITS)
    shot(page, "statistics-390")


def test_a_viewer_sees_the_figures_and_never_a_name(login, veterans, shot):
    page = login("viewer")
    page.set_viewport_size(LAPTOP)
    page.goto("/thong-ke/?org=D&ngay=31/12/2019")
    assert page.locator("#tong-so").inner_text() == "3"
    page.goto("/huy-hieu/?org=D&dip=07/11/2019")
    assert page.locator("#theo-muc tfoot").inner_text().split("\t")[1] == "3"
    for name in ("Trần Văn Ba", "Phạm Thị Năm", "Võ Văn Sáu"):
        assert name not in page.content()
    assert page.locator("#den-han").count() == 0
    shot(page, "badges-viewer-1366")


def test_a_cell_secretary_reads_the_birthdays_of_their_cell(login, veterans, shot):
    page = login("secretary_a")
    page.set_viewport_size(PHONE)
    page.goto("/thong-ke/hang-thang/?org=W1A&thang=11/2019")
    assert "Trần Văn Ba" in page.locator("#sinh-nhat").inner_text()
    assert "Trần Văn Ba" in page.locator("#ngay-vao-dang").inner_text()  # 30 years on 07/11/2019
    assert page.evaluate(FITS)
    shot(page, "statistics-monthly-390")
    page.goto("/thong-ke/?org=W1&ngay=31/12/2019")
    assert "Phạm Thị Năm" not in page.content()
