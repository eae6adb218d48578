"""The read-only viewer `xem` (issue 5) in the browser: signs in with the demo's password, sees the
home page's figures, the year's report and the dashboard; the top bar has no member link; opening
/dang-vien/ by hand is refused with the Vietnamese message."""

from __future__ import annotations

import pytest

from dangbo.accounts.scope import NO_PERSONAL_DATA

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "dangbo2019"  # the demo logins' password (dangbo/demo)


def test_the_viewer_sees_reports_and_no_member(
    browser_page, personas, small_tree, make_member, decide_2019, shot
):
    an = make_member(small_tree.cell_a, "Nguyễn Văn An")
    binh = make_member(small_tree.cell_a, "Trần Thị Bình", sex="female")
    cuong = make_member(small_tree.cell_b, "Lê Văn Cường")
    dung = make_member(small_tree.school, "Phạm Thị Dung", sex="female")
    # An commended: the report counts the award, without the name for a viewer
    decide_2019(((an, 1), (binh, 2), (cuong, 2), (dung, 3)), commend=an)
    viewer = personas["viewer"]
    assert viewer.username == "xem"
    viewer.set_password(DEMO_PASSWORD)
    viewer.save(update_fields=["password"])

    page = browser_page
    page.goto("/dang-nhap/")
    page.fill("#id_username", "xem")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    main = page.locator("main").inner_text()
    assert "Đảng bộ Quận Thử" in main and "Nguyễn Văn An" not in main
    nav = page.locator("nav.mainnav")
    assert nav.get_by_role("link", name="Đảng viên", exact=True).count() == 0
    assert nav.get_by_role("link", name="Quy hoạch", exact=True).count() == 0
    assert nav.get_by_role("link", name="Báo cáo", exact=True).count() == 1
    shot(page, "viewer-home")

    page.goto("/bao-cao/danh-gia/?org=D&nam=2019")
    report = page.locator("main").inner_text()
    assert "Nguyễn Văn An" not in report and "Trần Thị Bình" not in report
    assert "Đảng viên (tên chỉ hiển thị cho cán bộ quản lý hồ sơ)" in report
    assert page.locator("main svg").count() >= 1  # the charts
    shot(page, "viewer-report")

    page.goto("/bao-cao/tong-quan/?org=D")
    assert page.locator("main svg").count() >= 1
    assert nav.get_by_role("link", name="Đảng viên", exact=True).count() == 0
    shot(page, "viewer-dashboard")

    refused = page.goto("/dang-vien/")
    assert refused is not None and refused.status == 403
    text = page.locator("main").inner_text()
    assert "Không có quyền thực hiện" in text and NO_PERSONAL_DATA in text
    assert "Nguyễn Văn An" not in page.content()
    shot(page, "viewer-member-list-refused")
