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


def test_the_check_names_the_count_typo_and_the_sum(login, small_tree, shot):
    page = login("viewer")
    page.goto("/bao-cao/kiem-tra-so-lieu/")
    page.fill("#id_tong", "49")
    page.fill("#id_so_lieu", "30:61,2\n16:32,7\n33:6,1")
    page.click("button[type=submit]:has-text('Kiểm tra')")
    page.wait_for_selector("ul.figure-problems")
    problem = page.locator("ul.figure-problems li").nth(0)
    assert "Số lượng ghi nhầm:" in problem.inner_text() and "6,1 % của 49 là 3" in problem.inner_text()
    third = page.locator("table.figures-check tbody tr").nth(2)
    assert "số lượng 3?" in third.inner_text() and "Số lượng sai" in third.inner_text()
    shot(page, "check-figures-count-typo")

    page.fill("#id_tong", "60")
    page.fill("#id_so_lieu", "12:20\n40:66,67\n7:11,67")
    page.click("button[type=submit]:has-text('Kiểm tra')")
    page.wait_for_selector("ul.figure-problems li.problem-sum_mismatch")
    assert "12 + 40 + 7 = 59" in page.locator("ul.figure-problems").inner_text()
