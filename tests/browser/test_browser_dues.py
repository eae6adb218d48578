"""A cell secretary records the month's dues (đảng phí): from the menu to the cell's month, a payment
on a member's row, a refused amount on the full form, a reason; the year sheet; on a laptop and a phone."""

from __future__ import annotations

from datetime import date

import pytest

from dangbo.dues.models import DuesExcuse, DuesPayment

pytestmark = pytest.mark.browser

FITS = "document.scrollingElement.scrollWidth <= window.innerWidth + 1"


def test_a_cell_secretary_records_payments(login, small_tree, make_member, shot):
    from dangbo.accounts.scope import system_actor
    from dangbo.dues.services import dues_basis_set

    an = make_member(small_tree.cell_a, "Nguyễn Văn An")
    binh = make_member(small_tree.cell_a, "Trần Thị Bích Ngọc Phượng", birth_date=date(1962, 3, 4))
    cuong = make_member(small_tree.cell_a, "Lê Hoàng Minh Khôi")
    make_member(small_tree.cell_b, "Phạm Văn Dũng")  # another cell: never shown
    actor = system_actor("kiểm thử: căn cứ đảng phí")
    dues_basis_set(actor=actor, member=an, category="salaried", income=6_240_000, year=2026, month=1)
    dues_basis_set(actor=actor, member=binh, category="pension", income=5_650_000, year=2026, month=1)
    page = login("secretary_a")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.click("nav.mainnav >> text=Sinh hoạt")
    page.click("nav.subnav >> text=Đảng phí")
    page.wait_for_url("**/dang-phi/*")
    page.select_option("#id_thang", "3")
    page.fill("#id_nam", "2026")
    page.click("form.filters button[type=submit]")
    page.click("#bao-cao-dang-phi tr[data-code='W1A'] >> text=Sổ thu tháng")
    page.wait_for_url("**/dang-phi/chi-bo/W1A/2026/3/")
    assert "Phạm Văn Dũng" not in page.content()
    row = page.locator(f"#so-thu-thang tr[data-member='{an.pk}']")
    assert "62.000" in row.inner_text()  # 1 % of 6.240.000, rounded to 1.000 (QĐ 01)
    row.locator("select").select_option("online")
    row.locator("button:has-text('Ghi')").click()
    page.wait_for_url("**/dang-phi/chi-bo/W1A/2026/3/")
    assert (
        "Đã ghi đảng phí tháng 03/2026 của đồng chí Nguyễn Văn An: 62.000 đồng."
        in page.locator(".messages").inner_text()
    )
    # the full form: a refused amount names its field, nothing written
    page.select_option("#id_thu-member", str(binh.pk))
    page.fill("#id_thu-amount", "mười nghìn")
    page.click("button:has-text('Ghi thu')")
    assert "phải là số nguyên" in page.locator(".has-error").first.inner_text()
    assert DuesPayment.objects.count() == 1
    page.fill("#id_thu-amount", "28000")
    page.fill("#id_thu-paid_on", "12/03/2026")
    page.click("button:has-text('Ghi thu')")
    page.wait_for_url("**/dang-phi/chi-bo/W1A/2026/3/")
    page.select_option("#id_ly-do-member", str(cuong.pk))
    page.fill("#id_ly-do-reason", "Đi công tác xa")
    page.click("button:has-text('Ghi lý do')")
    page.wait_for_url("**/dang-phi/chi-bo/W1A/2026/3/")
    assert DuesExcuse.objects.get().member_id == cuong.pk
    summary = page.locator(".summary").inner_text()
    assert "đã thu 90.000 đồng" in summary
    assert sorted(DuesPayment.objects.values_list("amount", "method")) == [
        (28_000, "cash"),
        (62_000, "online"),
    ]
    shot(page, "dues-cell-month-laptop")
    assert page.evaluate(FITS)
    page.click("nav.subnav >> text=Sổ thu năm")
    page.wait_for_url("**/dang-phi/chi-bo/W1A/2026/")
    shot(page, "dues-cell-year-laptop")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/dang-phi/chi-bo/W1A/2026/3/")
    shot(page, "dues-cell-month-phone")
    assert page.evaluate(FITS), page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    page.goto("/dang-phi/?org=W1A&nam=2026")
    shot(page, "dues-report-phone")
    assert page.evaluate(FITS)
