"""A 2025 cell review under QĐ 366 / HD 43: the cell proposes with the 100-point scores, the cap of the
ward's members warns on the excellent proposal (20 % of 4 at HTTNV: none), the ward's committee
records its decision raising the cap to 25 %, the warning is gone; at the decision a member's score is
changed and the band's level follows it beside the chosen level, the decision is taken with the
changed score; a member suspended from activity is shown as not rated. Screenshots at 1366×768 and
390×844."""

from __future__ import annotations

from datetime import date

import pytest

from dangbo.members.models import MemberEvent

pytestmark = pytest.mark.browser

URL = "/danh-gia/2025/W1A/"


def test_a_2025_cell_review_with_scores_cap_raise_and_a_suspended_member(
    browser_page, login, small_tree, make_member, personas, shot
):
    from dangbo.members.services import member_act

    browser_page.set_default_timeout(60_000)  # the whole list's pages on a shared machine

    members = [
        make_member(small_tree.cell_a, f"Nguyễn Văn {n}") for n in ("An", "Bình", "Chi", "Dũng", "Giang")
    ]
    suspended = make_member(small_tree.cell_a, "Lê Thị Hồng")
    member_act(
        actor=personas["ward_staff"], member=suspended, kind=MemberEvent.Kind.SUSPENSION,
        effective_on=date(2025, 10, 1), decision_number="3-QĐ/UBKT", decision_date=date(2025, 9, 30),
    )  # fmt: skip
    page = login("ward_staff")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(URL + "?buoc=de-xuat")
    heading = page.locator("main").inner_text()
    assert "Quy định 366-QĐ/TW" in heading and "132-QĐ/TW" not in heading
    assert "cấp có thẩm quyền có thể quyết định nâng tới 25%" in heading
    hong = page.locator("table.ratings tbody tr", has=page.locator("a:text-is('Lê Thị Hồng')"))
    assert "Không xếp loại: Đình chỉ sinh hoạt đảng (Quy định 366-QĐ/TW, Điều 5)" in hong.inner_text()

    # the proposal with the scores: four at HTTNV, one at HTXSNV
    for member in members[:4]:
        page.select_option(f"#id_rank_{member.pk}", label="Hoàn thành tốt nhiệm vụ")
        page.fill(f"#id_general_{member.pk}", "27")
        page.fill(f"#id_results_{member.pk}", "60")
        page.fill(f"#id_targets_{member.pk}", "100")
    top = members[4]
    page.select_option(f"#id_rank_{top.pk}", label="Hoàn thành xuất sắc nhiệm vụ")
    page.fill(f"#id_general_{top.pk}", "29,5")
    page.fill(f"#id_results_{top.pk}", "65")
    page.fill(f"#id_exceeding_{top.pk}", "40")
    page.fill(f"#id_targets_{top.pk}", "100")
    page.click("button[type=submit]:has-text('Ghi đề xuất')")
    page.locator(".message").wait_for()
    row = page.locator("table.ratings tbody tr", has=page.locator("a:text-is('Nguyễn Văn Giang')"))
    text = row.inner_text()
    assert "Chi bộ chấm: 29,5 + 65 điểm" in text
    # the cap's warning is the group's: said once above the table, the row only marked
    warning = page.locator("p.cap-warning")
    assert warning.count() == 1
    assert "1 HTXSNV / 4 HTTNV ở Đảng bộ phường An Bình" in warning.inner_text()
    assert "Điều 11, khoản 1.5" in warning.inner_text()
    assert "Vượt giới hạn của nhóm" in row.locator(".cap-mark").inner_text()
    assert "HTXSNV /" not in text and page.locator("table.ratings .cap-mark").count() == 1
    shot(page, "review-2025-1-proposal-cap-warning")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "review-2025-1-proposal-cap-warning-390")
    page.set_viewport_size({"width": 1366, "height": 768})

    # the ward's committee records its decision raising its members' cap to 25 %
    page.goto("/danh-gia/2025/gioi-han/W1/")
    page.select_option("#id_group", value="members")
    page.fill("#id_percent", "25")
    page.fill("#id_decision_number", "215-QĐ/ĐU")
    page.fill("#id_decision_date", "10/12/2025")
    page.fill("#id_reason", "Đơn vị hoàn thành vượt mức các chỉ tiêu năm 2025.")
    page.click("button[type=submit]:has-text('Ghi quyết định')")
    page.locator(".message").wait_for()
    assert "Đã ghi quyết định số 215-QĐ/ĐU: giới hạn 25%" in page.locator(".message").inner_text()
    assert "215-QĐ/ĐU" in page.locator("table.cap-raises").inner_text()
    shot(page, "review-2025-2-cap-raise")

    # the cell's page: 25 % in force, no warning; the decision goes through
    page.goto(URL)
    assert "Giới hạn 25%" in page.locator("p.cap-group").inner_text()
    assert "215-QĐ/ĐU" in page.locator("p.cap-group").inner_text()
    row = page.locator("table.ratings tbody tr", has=page.locator("a:text-is('Nguyễn Văn Giang')"))
    assert "excellent_cap" not in row.inner_html()
    # the decision step: the proposal's score prefilled, changed here; the band's level beside the choice
    an = members[0]
    assert (
        page.input_value(f"#id_general_{an.pk}") == "27" and page.input_value(f"#id_results_{an.pk}") == "60"
    )
    an_row = page.locator("table.ratings tbody tr", has=page.locator("a:text-is('Nguyễn Văn An')"))
    assert "Gợi ý theo điểm 87: HTTNV" in an_row.locator(".band-suggestion").inner_text()
    page.fill(f"#id_general_{an.pk}", "20")
    page.fill(f"#id_results_{an.pk}", "40,5")
    suggestion = an_row.locator(".band-suggestion")
    assert " ".join(suggestion.inner_text().split()) == "Gợi ý theo điểm 60,5: HTNV khác mức đã chọn"
    shot(page, "review-2025-3a-decision-score-changed")
    # lowering An would take an HTTNV from the cap's count: the results' points are raised instead
    page.fill(f"#id_results_{an.pk}", "62")
    assert " ".join(suggestion.inner_text().split()) == "Gợi ý theo điểm 82: HTTNV"
    page.fill("#id_decision_number", "216-QĐ/ĐU")
    page.fill("#id_decision_date", "20/12/2025")
    page.click("button[type=submit]:has-text('Ghi quyết định xếp loại')")
    page.locator(".message, .form-errors").first.wait_for()
    assert page.locator(".form-errors").count() == 0, page.locator(".form-errors").inner_text()
    assert "Đã ghi quyết định xếp loại năm 2025 của 6 đảng viên." in page.locator(".message").inner_text()
    hong = page.locator("table.ratings tbody tr", has=page.locator("a:text-is('Lê Thị Hồng')"))
    assert "Không xếp loại" in hong.inner_text()
    an_row = page.locator("table.ratings tbody tr", has=page.locator("a:text-is('Nguyễn Văn An')"))
    assert "Quyết định: 20 + 62 điểm" in an_row.inner_text()
    shot(page, "review-2025-3-decided-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(URL + "?buoc=de-xuat")
    shot(page, "review-2025-4-proposal-390")
    page.goto(URL + "?buoc=quyet-dinh")
    page.fill(f"#id_results_{an.pk}", "70")
    assert (
        "Gợi ý theo điểm 90: HTTNV" in an_row.locator(".band-suggestion").inner_text()
    )  # under 30 % exceeding
    shot(page, "review-2025-4a-decision-390")
    page.goto("/danh-gia/2025/gioi-han/W1/")
    shot(page, "review-2025-5-cap-raise-390")
