"""The check-figures form marks 8:19,04 of 42 wrong with 19,05."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_the_check_marks_a_truncated_percentage_wrong(login, small_tree, shot):
    page = login("viewer")
    page.goto("/bao-cao/kiem-tra-so-lieu/")
    page.fill("#id_tong", "42")
    page.fill("#id_so_lieu", "8:19,04\n33:78,6\n1:2,3")
    page.click("button[type=submit]:has-text('Kiểm tra')")
    page.wait_for_selector("table.figures-check")
    first = page.locator("table.figures-check tbody tr").nth(0)
    assert "wrong" in (first.get_attribute("class") or "")
    assert first.inner_text().split("\t")[:4] == ["8", "19,04 %", "19,05 %", "Sai"]
    second = page.locator("table.figures-check tbody tr").nth(1)
    assert "Đúng" in second.inner_text()
    assert "2 số liệu sai" in page.locator("#ket-qua h2").inner_text()
    shot(page, "check-figures")

    page.fill("#id_tong", "abc")
    page.click("button[type=submit]:has-text('Kiểm tra')")
    error = page.locator(".has-error .error")
    error.wait_for()
    assert error.inner_text() == "Tổng số “abc” phải là một số nguyên dương."
