"""The year's report page shows the counts and percents, and the DOCX download works."""

from __future__ import annotations

import pytest
from docx import Document

pytestmark = pytest.mark.browser


def test_the_report_page_shows_the_figures_and_downloads_the_docx(
    login, small_tree, officer, make_member, shot, tmp_path
):
    from dangbo.evaluations.services import member_rating_record, organization_rating_record

    members = [make_member(small_tree.cell_a, f"Trần Văn {g}") for g in "ABCDEGH"]
    for member, rank in zip(members, [2, 2, 2, 2, 2, 1, 3], strict=True):
        member_rating_record(
            actor=officer, member=member, year=2019, stage="decision", rank=rank, decision_number="1-TB"
        )
    for org, rank in ((small_tree.ward, 2), (small_tree.school, 1), (small_tree.other_ward, 3)):
        organization_rating_record(
            actor=officer,
            organization=org,
            year=2019,
            stage="decision",
            rank=rank,
            decision_number="9-QĐ",
            historical=True,
        )
    page = login("officer")
    page.click("nav.mainnav >> text=Báo cáo")
    page.select_option("#id_org", "D")
    page.fill("#id_nam", "2019")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/bao-cao/danh-gia/?*nam=2019*")

    members_table = page.locator("#members table.report")
    rows = [members_table.locator("tbody tr").nth(i).inner_text().split("\t") for i in range(4)]
    assert [(r[1], r[2]) for r in rows] == [
        ("1", "14,29 %"),
        ("5", "71,43 %"),
        ("1", "14,29 %"),
        ("0", "0,00 %"),
    ]
    assert "7/7 được đánh giá" in page.locator("#members h2").inner_text()
    assert "85,71 %" in members_table.locator("tfoot tr.cumulative").inner_text()
    grassroots = page.locator("#grassroots table.report").inner_text()
    assert "33,33 %" in grassroots
    assert page.locator("#members svg").count() == 1
    shot(page, "report-year")

    # the DOCX in the party format asks first what only a person chooses: number, signer
    page.click("a:has-text('DOCX')")
    page.fill("#id_so", "12")
    page.fill("#id_chuc_vu", "Bí thư")
    page.fill("#id_nguoi_ky", "Nguyễn Văn Quận")
    with page.expect_download() as info:
        page.click("main form button[type=submit]")
    download = info.value
    assert download.suggested_filename.startswith("bao-cao-danh-gia-D-2019")
    assert download.suggested_filename.endswith(".docx")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "BÁO CÁO" in text and "năm 2019" in text
