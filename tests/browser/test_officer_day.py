"""An officer's working day (issue 13), each point as the role that does it: a district officer finds
a member by name, converts a probationary member from the due list, reads the audit trail; a ward's
staff confirms a removal and a dissolution and corrects a recorded event; a cell secretary runs the
cell's year review and is not offered decisions; every main page fits a phone (390×844) and a laptop
(1366×768). Screenshots go to test-artifacts/officer-day/ for a person to look at."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
FITS = "document.scrollingElement.scrollWidth <= window.innerWidth + 1"
WIDTH = "[document.scrollingElement.scrollWidth, window.innerWidth]"
AN_BINH = "Đảng bộ phường An Bình"
BINH_DUC = "Đảng bộ phường Bình Đức"
# what the trail must not show: enum keys, audit keys, the cells' codes, Python's values
RAW_VALUES = ("probationary", "official", "internal", "counterpart", "merged", "W1A", "W1B", "True", "None")


def _system():
    """The explicit system actor of the set-up (what was recorded before the day began)."""
    from dangbo.accounts.scope import system_actor

    return system_actor("kiểm thử: dựng dữ liệu của ngày làm việc")


def _shot(page, name: str) -> None:
    folder = Path(__file__).resolve().parents[2] / "test-artifacts" / "officer-day"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _no_dialog(page) -> list[str]:
    """A browser dialog (window.confirm) is recorded and dismissed: the confirmation is a page."""
    seen: list[str] = []

    def dismiss(dialog):
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    return seen


@pytest.fixture
def day(small_tree, make_member, personas):
    """A ward with a "Chi bộ Khu phố 1" in each of two wards and a "Nguyễn Văn An" in each, a
    probationary member whose admission ceremony came after the decision, an elderly member."""
    from dangbo.members.services import member_admit
    from dangbo.organizations.models import Kind, Sector
    from dangbo.organizations.services import Decision, organization_establish

    other_kp1 = organization_establish(
        actor=_system(),
        code="W2B",
        name="Chi bộ Khu phố 1",
        kind=Kind.AFFILIATED_CELL,
        sector=Sector.RESIDENTIAL,
        parent=small_tree.other_ward,
        effective_on=date(2015, 1, 1),
        decision=Decision(number="02-QĐ/QU", date=date(2015, 1, 1)),
    )
    an = make_member(small_tree.cell_a, "Nguyễn Văn An", cccd="079080001111")
    an_other = make_member(other_kp1, "Nguyễn Văn An", cccd="079080002222")
    elder = make_member(
        small_tree.cell_a, "Lê Thị Hoa", sex="female", birth_date=date(1936, 4, 2), admitted=date(1960, 5, 19)
    )
    bich = make_member(small_tree.cell_a, "Trần Thị Bích", sex="female")
    dung = make_member(small_tree.cell_b, "Phạm Minh Dũng")
    newcomer = member_admit(
        actor=_system(),
        profile={"full_name": "Võ Thị Mai", "sex": "female", "birth_date": date(1998, 8, 8)},
        cell=small_tree.cell_a,
        effective_on=date(2025, 3, 2),
        decision_number="45-QĐ/ĐU",
        decision_date=date(2025, 3, 1),
        ceremony_on=date(2025, 3, 20),
    )
    return {
        "an": an,
        "an_other": an_other,
        "elder": elder,
        "bich": bich,
        "dung": dung,
        "newcomer": newcomer,
        "other_kp1": other_kp1,
    }


def test_names_identify_the_cell_of_two_members_of_the_same_name(login, day):
    """Item 1, as the district officer: the search names each cell with its ward, on a laptop and,
    under the member's name, on a phone without sideways scrolling."""
    page = login("officer")
    page.set_viewport_size(LAPTOP)
    page.goto("/dang-vien/?q=nguyen+van+an")
    rows = page.locator("table.members tbody tr")
    assert rows.count() == 2
    cells = sorted(rows.nth(i).locator("td.org").inner_text() for i in range(2))
    assert cells == [f"Chi bộ Khu phố 1 – {AN_BINH}", f"Chi bộ Khu phố 1 – {BINH_DUC}"]
    _shot(page, "names-member-search-laptop")

    page.set_viewport_size(PHONE)
    page.goto("/dang-vien/?q=nguyen+van+an")
    assert page.evaluate(FITS), page.evaluate(WIDTH)
    for i in range(2):
        row = page.locator("table.members tbody tr").nth(i)
        name = row.locator("td.lead").bounding_box()
        cell = row.locator("td.org").bounding_box()
        assert cell["x"] >= 0 and cell["x"] + cell["width"] <= PHONE["width"], cell  # read without scrolling
        assert cell["y"] >= name["y"] + name["height"] - 1, (name, cell)  # on the line under the name
        assert row.locator("td.org").inner_text().endswith(("An Bình", "Bình Đức"))
    assert page.locator("table.members thead a.sort").first.is_visible()  # sorting kept on a phone
    _shot(page, "names-member-search-phone")

    # the conversions list names the cell with its ward too
    page.goto("/dang-vien/chuyen-chinh-thuc/")
    row = page.locator("table.conversions tbody tr", has_text="Võ Thị Mai")
    assert row.locator("td.org").inner_text() == f"Chi bộ Khu phố 1 – {AN_BINH}"
    assert page.evaluate(FITS), page.evaluate(WIDTH)


def test_the_conversion_form_prefills_a_date_the_rule_accepts(login, day):
    """Item 1 of what was seen, as the district officer: the probation runs from the ceremony
    (20/03/2025), not the decision (02/03/2025); the pre-filled date is accepted as it is."""
    page = login("officer")
    page.goto("/dang-vien/chuyen-chinh-thuc/")
    row = page.locator("table.conversions tbody tr", has_text="Võ Thị Mai")
    assert "20/03/2026" in row.inner_text()  # the end of probation
    row.locator("a:has-text('Công nhận chính thức')").click()
    page.wait_for_url(re.compile(rf"/dang-vien/{day['newcomer'].pk}/chinh-thuc/"))
    assert page.input_value("#id_effective_on") == "20/03/2026"
    page.fill("#id_decision_number", "61-QĐ/ĐU")
    page.click("main button[type=submit]")
    page.locator(".message").wait_for()
    assert "Đã công nhận đảng viên chính thức: đồng chí Võ Thị Mai." in page.locator(".message").inner_text()
    _shot(page, "conversion-done")
    page.goto(f"/dang-vien/{day['newcomer'].pk}/")
    assert page.locator("h1 .badge").first.inner_text() == "Chính thức"
    official = page.locator("table.history tr.event-official")
    assert "20/03/2026" in official.inner_text() and "61-QĐ/ĐU" in official.inner_text()
    page.goto("/dang-vien/chuyen-chinh-thuc/")
    assert page.locator("table.conversions tbody tr", has_text="Võ Thị Mai").count() == 0


def test_a_cell_secretary_is_not_offered_the_decisions_of_another_level(login, browser_page, day):
    """Item 2, as the cell secretary: no conversion, removal or leaving on the member's page or the
    due list, the address refused naming the level that decides; the review's decision step offers
    no level to choose."""
    page = login("secretary_a")
    page.goto(f"/dang-vien/{day['newcomer'].pk}/")
    toolbar = page.locator('.toolbar[aria-label="Việc đối với đảng viên"]').inner_text()
    assert "Sửa hồ sơ" in toolbar  # the secretary still works on the record
    for label in ("Công nhận chính thức", "Xóa tên", "Ra khỏi Đảng"):
        assert label not in toolbar, label
    page.goto("/dang-vien/chuyen-chinh-thuc/")
    row = page.locator("table.conversions tbody tr", has_text="Võ Thị Mai")
    assert row.count() == 1 and row.locator("a.button").count() == 0
    response = page.goto(f"/dang-vien/{day['newcomer'].pk}/chinh-thuc/")
    assert response.status == 403
    assert AN_BINH in page.locator("main").inner_text()  # the level that decides, by name
    _shot(page, "secretary-conversion-refused")

    page.goto("/danh-gia/2026/W1A/?buoc=quyet-dinh")
    assert page.locator(f"#id_rank_{day['an'].pk}").count() == 0
    assert page.locator("button:has-text('Ghi quyết định xếp loại')").count() == 0
    assert "Bạn không ghi được quyết định xếp loại" in page.locator("main").inner_text()


def test_a_removal_and_a_dissolution_wait_for_a_confirmation_naming_the_consequence(login, day):
    """Item 3, as the ward's staff: the removal's confirmation names the member and keeps the values
    on "Quay lại sửa"; the dissolution asks once, on its page (no browser dialog), its picker takes a
    cell's name typed without accents, and the members move as confirmed."""
    page = login("ward_staff")
    dialogs = _no_dialog(page)
    page.goto(f"/dang-vien/{day['bich'].pk}/xoa-ten/")
    page.fill("#id_effective_on", "01/06/2026")
    page.fill("#id_decision_number", "77-QĐ/ĐU")
    page.fill("#id_reason", "Bỏ sinh hoạt đảng 3 tháng không có lý do")
    page.click("main button[type=submit]")
    consequence = page.locator(".consequence").inner_text()
    assert "Trần Thị Bích" in consequence
    assert page.locator(".message").count() == 0  # nothing recorded yet
    _shot(page, "removal-confirm")
    page.click("button[name=sua-lai]")
    assert page.input_value("#id_decision_number") == "77-QĐ/ĐU"
    page.click("main button[type=submit]")
    page.click("button[name=xac-nhan]")
    page.locator(".message").wait_for()
    assert (
        "Đã xóa tên khỏi danh sách đảng viên: đồng chí Trần Thị Bích."
        in page.locator(".message").inner_text()
    )

    page.goto("/to-chuc/W1B/giai-the/")
    page.fill("#id_decision_number", "30-QĐ/ĐU")
    page.fill("#id_decision_date", "20/06/2026")
    page.fill("#id_effective_on", "01/07/2026")
    page.locator("details summary").click()
    page.locator("table input[list]").first.fill("chi bo khu pho 1")  # the name, without accents
    page.click("main button[type=submit]:has-text('Ghi quyết định giải thể')")
    consequence = page.locator(".consequence").inner_text()
    assert "tổ chức chấm dứt hoạt động" in consequence
    assert f"1 đảng viên sang Chi bộ Khu phố 1 – {AN_BINH}" in consequence  # where the member goes
    _shot(page, "dissolve-confirm")
    page.click("button[name=xac-nhan]")
    page.locator(".message").wait_for()
    assert f"Đã giải thể Chi bộ Khu phố 2 – {AN_BINH}; 1 đảng viên" in page.locator(".message").inner_text()
    assert dialogs == []
    page.goto(f"/dang-vien/{day['dung'].pk}/")
    assert (
        f"Chi bộ Khu phố 1 – {AN_BINH}" in page.locator(".card", has_text="Tình trạng hiện nay").inner_text()
    )


def test_a_recorded_event_is_corrected_and_the_original_kept(login, day):
    """Item 3, as the ward's staff: an exemption recorded with a mistyped decision number is
    corrected with the reason and the committee's approval; the original stays, struck through."""
    from dangbo.members.services import member_act

    member_act(
        actor=_system(),
        member=day["elder"],
        kind="exemption",
        effective_on=date(2026, 6, 1),
        decision_number="7-QĐ/CB",
        decision_date=date(2026, 5, 28),
        reason="Tuổi cao, sức khỏe yếu",
    )
    page = login("ward_staff")
    page.goto(f"/dang-vien/{day['elder'].pk}/")
    page.locator("table.history tr.event-exemption a:has-text('Đính chính')").click()
    page.check("input[name=action][value=correct]")
    page.fill("#id_reason", "Gõ nhầm số quyết định")
    page.fill("#id_approval_number", "12-CV/ĐU")
    page.fill("#id_approval_date", "10/06/2026")
    page.fill("#id_decision_number", "17-QĐ/CB")
    page.click("main button[type=submit]")
    page.locator(".message").wait_for()
    assert "Đã sửa “Miễn công tác và sinh hoạt đảng” ngày 01/06/2026" in page.locator(".message").inner_text()
    rows = page.locator("table.history tr.event-exemption")
    assert rows.count() == 2
    original = page.locator("table.history tr.event-exemption.corrected")
    assert "7-QĐ/CB" in original.inner_text() and "Gõ nhầm số quyết định" in original.inner_text()
    assert "12-CV/ĐU" in original.inner_text()
    current = page.locator("table.history tr.event-exemption:not(.corrected)")
    assert "17-QĐ/CB" in current.inner_text()
    state = page.locator(".card", has_text="Tình trạng hiện nay").inner_text()
    assert re.search(r"Miễn sinh hoạt\s+Có", state), state  # still exempted, from the corrected event
    trail = page.locator("table.audit").inner_text()
    assert "Số văn bản đồng ý: 12-CV/ĐU" in trail and "approval_number" not in trail
    _shot(page, "correction-done")


def test_the_audit_trail_reads_without_ids_or_keys(login, day, personas, small_tree):
    """Item 4, as the district officer: a conversion, a transfer, an exemption and a merge read with
    statuses, cells (with their ward) and field names in Vietnamese; the filter picks an action."""
    from dangbo.members.services import member_act, member_record_event
    from dangbo.organizations.services import Decision
    from dangbo.reorganizations.services import organization_merge

    officer = personas["officer"]
    member_act(
        actor=officer,
        member=day["newcomer"],
        kind="official",
        effective_on=date(2026, 3, 20),
        decision_number="61-QĐ/ĐU",
        decision_date=None,
    )
    member_record_event(
        actor=officer,
        member=day["an"],
        kind="transfer",
        effective_on=date(2026, 4, 2),
        decision_number="27-QĐ/ĐU",
        to_organization=small_tree.cell_b,
        details={"transfer_type": "internal"},
    )
    member_act(
        actor=officer,
        member=day["elder"],
        kind="exemption",
        effective_on=date(2026, 6, 1),
        decision_number="7-QĐ/CB",
        decision_date=None,
    )
    organization_merge(
        actor=officer,
        sources=[small_tree.cell_b],
        target=small_tree.cell_a,
        effective_on=date(2026, 7, 1),
        decision=Decision(number="40-QĐ/ĐU", date=date(2026, 6, 25)),
    )
    page = login("officer")
    page.goto("/nhat-ky/")
    trail = page.locator("table.audit").inner_text()
    assert "Tình trạng: Dự bị → Chính thức" in trail
    assert f"Chi bộ: Chi bộ Khu phố 1 – {AN_BINH} → Chi bộ Khu phố 2 – {AN_BINH}" in trail
    assert "Được miễn công tác và sinh hoạt đảng: không → có" in trail
    assert f"Tổ chức được sáp nhập: Chi bộ Khu phố 2 – {AN_BINH}" in trail
    for raw in RAW_VALUES:
        assert raw not in trail, raw
    assert not re.search(r"(?<![\d/.:-])\d{2,}\s*→", trail), trail  # no id before an arrow
    _shot(page, "audit-trail")

    page.select_option("#id_viec", label="Chuyển sinh hoạt đảng")
    page.click("main form button[type=submit]:has-text('Tìm')")
    page.wait_for_url(re.compile(r"[?&]viec="))
    actions = page.locator("table.audit tbody td.lead").all_inner_texts()
    assert actions and set(actions) == {"Chuyển sinh hoạt đảng"}, actions  # the merge's moves included
    assert page.locator("table.audit tbody tr", has_text="27-QĐ/ĐU").count() == 1


def test_the_cell_review_warns_at_the_proposal_and_sets_every_member_at_once(login, day):
    """Item 5, as the cell secretary: "set all" proposes every member not yet chosen (not the
    exempted one); the exempted member proposed explicitly and the HTXSNV over the 20 % cap are
    warned at the proposal already; the entry column is on screen at 1366 px and under each member
    on a phone."""
    from dangbo.members.services import member_act

    member_act(
        actor=_system(),
        member=day["elder"],
        kind="exemption",
        effective_on=date(2026, 2, 1),
        decision_number="7-QĐ/CB",
        decision_date=None,
    )
    page = login("secretary_a")
    page.set_viewport_size(LAPTOP)
    page.goto("/danh-gia/2026/W1A/?buoc=tu-danh-gia")
    table = page.locator(".table-scroll:has(table.ratings)").bounding_box()
    entry = page.locator(f"#id_self_text_{day['an'].pk}").bounding_box()
    assert entry["x"] + entry["width"] <= table["x"] + table["width"] + 1, (entry, table)
    assert page.evaluate(FITS), page.evaluate(WIDTH)
    _shot(page, "review-self-assessment-laptop")

    page.goto("/danh-gia/2026/W1A/?buoc=de-xuat")
    page.select_option("#id_all_unrated", label="Hoàn thành tốt nhiệm vụ")
    page.select_option(f"#id_rank_{day['elder'].pk}", label="Hoàn thành tốt nhiệm vụ")
    page.select_option(f"#id_rank_{day['an'].pk}", label="Hoàn thành xuất sắc nhiệm vụ")
    page.click("button:has-text('Ghi đề xuất')")
    page.locator(".message").wait_for()
    an = page.locator("table.ratings tbody tr", has=page.locator(f"a[href$='/dang-vien/{day['an'].pk}/']"))
    assert "Đã đề xuất" in an.inner_text() and "HTXSNV" in an.inner_text()
    # the cap, warned at the proposal already: said once above the table, the row marked
    assert "vượt quá 20%" in page.locator(".cap-warning").inner_text()
    assert "Vượt giới hạn của nhóm" in an.locator(".cap-mark").inner_text()
    for key in ("bich", "newcomer"):
        row = page.locator(
            "table.ratings tbody tr", has=page.locator(f"a[href$='/dang-vien/{day[key].pk}/']")
        )
        assert "Đã đề xuất" in row.inner_text() and "HTTNV" in row.inner_text(), key
    elder = page.locator(
        "table.ratings tbody tr", has=page.locator(f"a[href$='/dang-vien/{day['elder'].pk}/']")
    )
    assert "Đề xuất trái quy tắc" in elder.inner_text() and "Miễn công tác" in elder.inner_text()
    _shot(page, "review-proposal-laptop")

    page.set_viewport_size(PHONE)
    page.goto("/danh-gia/2026/W1A/?buoc=de-xuat")
    assert page.evaluate(FITS), page.evaluate(WIDTH)
    select = page.locator(f"#id_rank_{day['an'].pk}")
    select.scroll_into_view_if_needed()
    box = select.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    _shot(page, "review-proposal-phone")


def test_lists_filter_by_grassroots_organization(login, day):
    """Item 6, as the district officer: the member list filters by a grassroots organization
    (its cells' members, named with the ward), and the filter is kept on the page."""
    page = login("officer")
    page.goto("/dang-vien/")
    assert page.locator("table.members tbody tr").count() == 6
    page.select_option("#id_org", "W2")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"[?&]org=W2"))
    rows = page.locator("table.members tbody tr")
    assert rows.count() == 1
    assert f"Chi bộ Khu phố 1 – {BINH_DUC}" in rows.first.inner_text()
    assert BINH_DUC in page.locator("p.count").inner_text()
    assert page.locator("#id_org option:checked").inner_text().strip() == BINH_DUC


def test_the_pages_fit_a_phone_and_a_laptop(login, browser_page, day, personas):
    """Item 7, as the district officer with a long name: at 390×844 no page scrolls sideways (the
    five pages of issue 13 and those the day used); at 1366×768 the menu is one line with
    "Đăng xuất" on screen."""
    officer = personas["officer"]
    officer.full_name = "Ban Tổ chức Quận ủy Quận Thủ Đức mở rộng"
    officer.save(update_fields=["full_name"])
    pages = {
        "home": "/",
        "member-list": "/dang-vien/",
        "member-file": f"/dang-vien/{day['an'].pk}/",
        "report-year": "/bao-cao/danh-gia/?org=D&nam=2019",
        "review-cell": "/danh-gia/2026/W1A/?buoc=de-xuat",
        "conversions": "/dang-vien/chuyen-chinh-thuc/",
        "audit": "/nhat-ky/",
        "dashboard": "/bao-cao/tong-quan/",
        "merge-form": "/to-chuc/W1A/sap-nhap/",
        "transfer-form": f"/dang-vien/{day['an'].pk}/chuyen-sinh-hoat/",
    }
    page = login("officer")
    page.set_viewport_size(PHONE)
    for name, url in pages.items():
        page.goto(url)
        assert page.evaluate(FITS), (name, page.evaluate(WIDTH))
        _shot(page, f"phone-{name}")
    # a checkbox beside its cell's name, not on a line of its own
    page.goto("/to-chuc/W1A/sap-nhap/")
    label = page.locator("#id_sources label").first
    box, text = label.locator("input").bounding_box(), label.bounding_box()
    assert text["height"] < 3 * box["height"] + 30 and box["y"] < text["y"] + text["height"] / 2, (box, text)

    page.set_viewport_size(LAPTOP)
    for name, url in pages.items():
        page.goto(url)
        assert page.evaluate(FITS), (name, page.evaluate(WIDTH))
        middles = page.eval_on_selector_all(
            ".mainnav a, .userbox a, .userbox .logout",
            "els => els.map(e => { const r = e.getBoundingClientRect(); return (r.top + r.bottom) / 2; })",
        )
        assert max(middles) - min(middles) < 4, (name, middles)
        logout = page.locator(".userbox .logout").bounding_box()
        assert logout["x"] + logout["width"] <= LAPTOP["width"], (name, logout)
        _shot(page, f"laptop-{name}")
    assert page.get_attribute(".userbox .username", "title").startswith("Tên đăng nhập")
