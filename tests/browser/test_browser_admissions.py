"""A cell secretary brings a candidate (quần chúng ưu tú) through the dossier to the cell's resolution;
the ward's staff records the grassroots proposal and the admission decision, which creates the member
record. Screenshots at 1366×768 and 390×844 in test-artifacts/."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

FITS = "document.scrollingElement.scrollWidth <= window.innerWidth + 1"
# the page's own content fits (the header's menu at 1366 px is tests/browser/test_layout.py's concern)
CONTENT_FITS = "(m => m.scrollWidth <= m.clientWidth + 1 && m.getBoundingClientRect().right <= window.innerWidth + 1)(document.querySelector('main'))"


def _record(page, step: str, fields: dict[str, str] | None = None) -> None:
    page.click(f"#danh-muc tr[data-step='{step}'] >> text=Ghi nhận")
    page.wait_for_url(f"**/buoc/{step}/")
    for selector, value in (fields or {}).items():
        if selector.startswith("select:"):
            page.select_option(selector[len("select:") :], label=value)
        else:
            page.fill(selector, value)
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/quan-chung/*/")


def test_a_secretary_brings_a_candidate_to_admission(login, browser_page, small_tree, make_member, shot):
    make_member(small_tree.cell_a, "Nguyễn Văn Giới")
    make_member(small_tree.cell_a, "Trần Thị Thiệu")
    page = login("secretary_a")
    page.set_viewport_size({"width": 1366, "height": 768})
    # from the start page's list of things to do, and from the menu (Chỉ tiêu › Phát triển đảng viên)
    assert "Phát triển đảng viên" in page.locator("#phat-trien-dang-vien").inner_text()
    page.click("nav.mainnav >> text=Chỉ tiêu")
    page.click("nav.subnav >> text=Phát triển đảng viên")
    page.wait_for_url("**/phat-trien-dang-vien/**")
    assert page.evaluate(CONTENT_FITS)
    page.click("a[data-add='W1A']")
    page.wait_for_url("**/W1A/them/")
    page.click("form.card button[type=submit]")  # empty: the Vietnamese messages, nothing written
    assert "Phải nhập họ và tên" in page.locator("form.card").inner_text()
    page.fill("#id_full_name", "Phạm Minh Tuấn")
    page.select_option("#id_sex", "male")
    page.fill("#id_birth_date", "05/04/2000")
    page.fill("#id_occupation", "Kỹ sư xây dựng")
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/quan-chung/*/")
    assert page.locator("#giai-doan").inner_text() == "Chờ học lớp bồi dưỡng nhận thức về Đảng"
    assert "Hồ sơ còn thiếu (7)" in page.locator("#con-thieu").inner_text()
    # the resolution cannot be recorded before the dossier is complete: no button for it yet
    assert page.locator("#danh-muc tr[data-step='resolution'] >> text=Ghi nhận").count() == 0
    _record(page, "course", {"#id_reference": "Trung tâm Chính trị quận, số 123"})
    _record(page, "application")
    _record(page, "biography")
    _record(page, "verification", {"#id_reference": "Đạt"})
    _record(page, "mass_comment", {"#id_reference": "Đoàn phường"})
    shot(page, "admission-candidate-1366")
    _record(page, "residence_comment", {"#id_reference": "Chi ủy khu phố"})
    # the sponsors: one with 11 months is refused, citing the Charter
    page.click("#danh-muc tr[data-step='sponsors'] >> text=Ghi nhận")
    page.select_option("#id_sponsor_1", label="Nguyễn Văn Giới")
    page.fill("#id_months_1", "24")
    page.select_option("#id_sponsor_2", label="Trần Thị Thiệu")
    page.fill("#id_months_2", "11")
    page.click("form.card button[type=submit]")
    assert "ít nhất 12 tháng" in page.locator(".form-errors").inner_text()
    page.fill("#id_months_2", "18")
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/quan-chung/*/")
    assert "Đủ hồ sơ" in page.locator("main").inner_text()
    _record(page, "resolution", {"#id_reference": "05-NQ/CB", "#id_in_favour": "2"})
    assert page.locator("#giai-doan").inner_text() == "Chờ đảng ủy cơ sở đề nghị"
    # the proposal and the decision are the ward's: the secretary is told who records them
    assert "Do Đảng ủy cơ sở" in page.locator("#danh-muc tr[data-step='proposal']").inner_text()
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    shot(page, "admission-candidate-390")
    assert page.evaluate(FITS)
    page.goto("/phat-trien-dang-vien/?org=W1A")
    shot(page, "admission-list-390")
    assert page.evaluate(FITS)
    page.set_viewport_size({"width": 1366, "height": 768})
    shot(page, "admission-list-1366")
    assert page.evaluate(CONTENT_FITS)
    assert "Chờ đảng ủy cơ sở đề nghị" in page.locator("#quan-chung").inner_text()
    candidate_url = page.locator("#quan-chung a").first.get_attribute("href")

    page.context.clear_cookies()
    page = login("ward_staff")
    page.goto(candidate_url)
    _record(page, "proposal", {"#id_reference": "12-TTr/ĐU"})
    _record(
        page,
        "decision",
        {"#id_decision_number": "30-QĐ/ĐU", "#id_issued_by": "Đảng ủy phường An Bình"},
    )
    assert "Đã kết nạp Phạm Minh Tuấn" in page.locator(".messages").inner_text()
    assert page.locator("#giai-doan").inner_text() == "Đã kết nạp"
    shot(page, "admission-admitted-1366")
    page.click("#da-ket-nap a")
    page.wait_for_url("**/dang-vien/*/")
    assert "Phạm Minh Tuấn" in page.locator("h1").inner_text()
    assert "Dự bị" in page.locator("main").inner_text()
