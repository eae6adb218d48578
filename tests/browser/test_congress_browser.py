"""A grassroots committee's congress end to end: the round is opened, the congress prepared
(proposal, documents, superior's opinion), held, its committee elected from ballots entered one by
one (a ballot with too many names refused), its delegates from a tally with a tie and a further
round, the results approved by the level above, and the count minutes downloaded."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

pytestmark = pytest.mark.browser

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]


def _stage(page, stage: str, day: str, **extra: str) -> None:
    form = page.locator("#ghi-giai-doan form")
    form.locator("#id_stage-stage").select_option(stage)
    form.locator("#id_stage-on").fill(day)
    for name, value in extra.items():
        form.locator(f"#id_stage-{name}").fill(value)
    form.locator("button[type=submit]").click()
    page.locator(".message").wait_for()


def test_a_congress_is_prepared_held_counted_and_approved(login, small_tree, make_member, shot):
    from datetime import date

    for i, name in enumerate(NAMES):
        make_member(
            small_tree.cell_a if i % 2 == 0 else small_tree.cell_b,
            name,
            sex="female" if i % 2 else "male",
            birth_date=date(1975 + 4 * i, 3, 1),
        )
    page = login("officer")
    page.click("nav.mainnav >> text=Đại hội")
    page.fill("#id_org", "W1")
    page.fill("#id_term_start", "2020")
    page.fill("#id_term_end", "2025")
    page.fill("#id_planned_on", "15/05/2020")
    page.click("button:has-text('Mở đợt đại hội')")
    page.locator(".message").wait_for()
    assert "Đã mở đợt đại hội nhiệm kỳ 2020–2025" in page.locator(".message").inner_text()
    assert "0/3 tổ chức đã tiến hành đại hội" in page.locator("#tien-do").inner_text()
    shot(page, "congress-round-opened")

    page.click("a:text-is('Đảng bộ phường An Bình')")
    page.click("nav.subnav >> text=Đề án nhân sự")
    page.fill("#id_committee_size", "3")
    page.fill("#id_deputies", "1")
    page.fill("#id_delegates", "2")
    page.fill("#id_on", "01/03/2020")
    page.click("button:has-text('Ghi đề án nhân sự')")
    page.locator(".message").wait_for()
    shot(page, "congress-proposal")
    page.click("nav.subnav >> text=Tiến trình, bầu cử")

    _stage(page, "documents", "15/03/2020")
    _stage(page, "opinion", "01/04/2020")
    _stage(
        page,
        "held",
        "12/05/2020",
        electors_called="5",
        present="5",
        counting_board="Võ Văn Kiểm\nĐỗ Thị Phiếu\nHồ Văn Đếm",
    )
    assert "Đã tiến hành đại hội" in page.locator(".pagehead").inner_text()

    page.locator("#mo-bau-cu #id_election-kind").select_option("committee")
    page.click("button:has-text('Mở cuộc bầu cử')")
    page.locator(".message").wait_for()
    for name in NAMES:
        page.locator("#them-nguoi select").select_option(
            label=next(
                o for o in page.locator("#them-nguoi select option").all_inner_texts() if o.startswith(name)
            )
        )
        page.click("button:has-text('Đưa vào danh sách')")
        page.locator(".message").wait_for()
    assert "Danh sách đạt yêu cầu của Quyết định 190-QĐ/TW" in page.content()
    page.click("button:has-text('Chốt danh sách')")
    page.locator(".message").wait_for()

    ballot = page.locator("#nhap-phieu")
    for name in NAMES:  # four names kept for three places
        ballot.locator(f"label:has-text('{name}') input").check()
    ballot.locator("button:has-text('Nhập phiếu số 1')").click()
    error = page.locator("#nhap-phieu .error").first
    error.wait_for()
    assert "nhiều hơn số lượng được bầu (3)" in error.inner_text()
    shot(page, "congress-ballot-refused")

    kept = [NAMES[:3], NAMES[:3], NAMES[:3], [NAMES[0], NAMES[3]]]
    for marks in kept:
        ballot = page.locator("#nhap-phieu")
        for name in NAMES:
            box = ballot.locator(f"label:has-text('{name}') input")
            box.set_checked(name in marks)
        ballot.locator("button:has-text('Nhập phiếu số')").click()
        page.locator(".message").wait_for()
    ballot = page.locator("#nhap-phieu")
    ballot.locator("#id_b-invalid").check()
    ballot.locator("#id_b-invalid_reason").fill("Gạch xóa không rõ")
    ballot.locator("button:has-text('Nhập phiếu số 5')").click()
    page.locator(".message").wait_for()
    page.locator("#kiem-phieu #id_k-issued").fill("5")
    page.click("button:has-text('Kiểm phiếu')")
    page.locator("#ket-qua").wait_for()
    rows = page.locator("#danh-sach tbody tr").all_inner_texts()
    assert "Nguyễn Văn An" in rows[0] and "Trúng cử" in rows[0]
    assert "Phạm Thị Dung" in rows[3] and "Không trúng cử" in rows[3]
    shot(page, "congress-committee-counted")
    with page.expect_download() as download:
        page.click("a:has-text('Biên bản kiểm phiếu (DOCX)')")
    content = Path(download.value.path()).read_bytes()
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "BIÊN BẢN KIỂM PHIẾU" in text and "Số phiếu hợp lệ: 4; số phiếu không hợp lệ: 1." in text

    # the delegate to the superior congress: a tally with a tie, then a further round
    page.click(".crumbs a:text-is('Đảng bộ phường An Bình')")
    page.locator("#mo-bau-cu #id_election-kind").select_option("delegates")
    page.click("button:has-text('Mở cuộc bầu cử')")
    page.locator(".message").wait_for()
    for name in NAMES[:3]:
        page.locator("#them-nguoi select").select_option(
            label=next(
                o for o in page.locator("#them-nguoi select option").all_inner_texts() if o.startswith(name)
            )
        )
        page.click("button:has-text('Đưa vào danh sách')")
        page.locator(".message").wait_for()
    page.click("button:has-text('Chốt danh sách')")
    page.locator(".message").wait_for()
    tally = page.locator("#nhap-tong-hop")
    tally.locator("#id_t-issued").fill("5")
    tally.locator("#id_t-returned").fill("5")
    tally.locator("#id_t-valid").fill("5")
    tally.locator("#id_t-invalid").fill("1")  # does not add up
    votes = tally.locator("input[id^='id_t-vote_']")
    votes.nth(0).fill("4")
    votes.nth(1).fill("3")
    votes.nth(2).fill("3")
    tally.locator("button:has-text('Ghi kết quả kiểm phiếu')").click()
    page.locator(".form-errors").wait_for()
    assert "phải bằng số phiếu thu vào (5)" in page.locator("#nhap-tong-hop").inner_text()
    page.locator("#id_t-invalid").fill("0")
    page.locator("#nhap-tong-hop button:has-text('Ghi kết quả kiểm phiếu')").click()
    page.locator("#ket-qua").wait_for()
    assert "Bằng phiếu ở vị trí cuối" in page.locator("#ket-qua").inner_text()
    shot(page, "congress-delegates-tie")
    page.click("button:has-text('Lập danh sách bầu lần tiếp theo')")
    page.locator(".message").wait_for()
    page.click("button:has-text('Chốt danh sách')")
    page.locator(".message").wait_for()
    tally = page.locator("#nhap-tong-hop")
    for field, value in (("issued", "5"), ("returned", "5"), ("valid", "5"), ("invalid", "0")):
        tally.locator(f"#id_t-{field}").fill(value)
    votes = tally.locator("input[id^='id_t-vote_']")
    votes.nth(0).fill("4")
    votes.nth(1).fill("1")
    tally.locator("button:has-text('Ghi kết quả kiểm phiếu')").click()
    page.locator("#ket-qua").wait_for()

    page.click("nav.subnav >> text=Đề án nhân sự")
    page.wait_for_url("**/de-an-nhan-su/")  # (the old page has a <main> too)
    assert "Đạt" in page.locator("main").inner_text()
    shot(page, "congress-proposal-structure")
    page.click("nav.subnav >> text=Tiến trình, bầu cử")
    page.locator("#ghi-giai-doan form").wait_for()
    _stage(page, "approved", "01/06/2020", decision_number="125-QĐ/QU")
    assert "Cấp trên đã chuẩn y kết quả" in page.locator(".pagehead").inner_text()
    shot(page, "congress-approved")
    assert "Ban Chấp hành (cấp ủy):</strong> Nguyễn Văn An, Trần Thị Bình, Lê Văn Cường" in page.content()
    shot(page, "congress-approved")
    page.click(".crumbs a:has-text('Nhiệm kỳ 2020–2025')")
    assert "1/3 tổ chức đã tiến hành đại hội" in page.locator("#tien-do").inner_text()
    shot(page, "congress-round-progress")
