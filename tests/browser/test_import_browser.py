"""Import an Excel file in the browser: upload, see the preview and the list of errors, fix, confirm."""

from __future__ import annotations

from datetime import date

import pytest

from dangbo.imports.tests.helpers import MEMBER_HEADERS, member_row, xlsx

pytestmark = pytest.mark.browser


def test_officer_uploads_sees_the_errors_then_imports_the_fixed_file(login, small_tree, shot, tmp_path):
    bad = tmp_path / "dang-vien-loi.xlsx"
    rows = [
        member_row("Nguyễn Văn Mới", cccd="079090000001", cell="W1A"),
        member_row("Trần Thị Hai", sex="Nữ", cccd="079090000002", birth="31/02/1991", cell="W1B"),
    ]
    bad.write_bytes(xlsx({"Đảng viên": [["DANH SÁCH ĐẢNG VIÊN"], MEMBER_HEADERS, *rows]}))
    good = tmp_path / "dang-vien.xlsx"
    rows[1] = member_row("Trần Thị Hai", sex="Nữ", cccd=79090000002, birth=date(1991, 2, 28), cell="W1B")
    good.write_bytes(xlsx({"Đảng viên": [["DANH SÁCH ĐẢNG VIÊN"], MEMBER_HEADERS, *rows]}))

    page = login("officer")
    page.click("nav.mainnav >> text=Excel")
    page.wait_for_selector("h1:has-text('Nhập, xuất Excel')")
    shot(page, "import-index")
    page.set_input_files("#id_file", str(bad))
    page.click("button:has-text('Tải lên và kiểm tra')")
    page.wait_for_selector("text=Tệp có 1 lỗi: không có gì được ghi.")
    error = page.locator("#errors tbody tr")
    assert error.count() == 1
    text = error.first.inner_text()
    assert "Đảng viên" in text and "3" in text and "C (Ngày sinh)" in text and "31/02/1991" in text
    assert page.locator("button:has-text('Xác nhận nhập')").count() == 0
    shot(page, "import-errors")

    page.click("text=Nhập, xuất Excel >> nth=0")
    page.set_input_files("#id_file", str(good))
    page.click("button:has-text('Tải lên và kiểm tra')")
    page.wait_for_selector("text=Không có lỗi.")
    sheets = page.locator("#sheets tbody tr").first.inner_text()
    assert "Đảng viên" in sheets and "2" in sheets
    assert "11 chữ số" in page.locator("#warnings").inner_text()
    shot(page, "import-preview")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Xác nhận nhập')")
    page.wait_for_selector("text=Đã nhập xong")
    shot(page, "import-done")

    page.goto("/dang-vien/?q=tran+thi+hai")
    assert "Trần Thị Hai" in page.locator("table.table tbody").inner_text()
