"""The organization tree with its counts, collapsible, as of a date."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.browser


def _row(page, name):
    return page.locator(".tree .row", has=page.locator(f"a:text-is('{name}')")).first


def test_the_tree_shows_counts_per_node_and_rolls_them_up(login, small_tree, make_member, shot):
    make_member(small_tree.cell_a, "Nguyễn Văn An")
    make_member(
        small_tree.cell_a,
        "Trần Thị Bình",
        status="probationary",
        admitted=date(2024, 5, 1),
        on=date(2024, 5, 1),
    )
    make_member(small_tree.cell_b, "Lê Văn Cường")
    make_member(small_tree.school, "Võ Thị Dung", sex="female")
    page = login("officer")
    page.click("nav.mainnav >> text=Tổ chức đảng")
    page.wait_for_selector(".tree")

    district = _row(page, "Đảng bộ Quận Thử").locator(".num")
    assert [district.nth(i).inner_text() for i in range(4)] == ["3", "1", "3", "4"]
    ward = _row(page, "Đảng bộ phường An Bình").locator(".num")
    assert [ward.nth(i).inner_text() for i in range(1, 4)] == ["1", "2", "3"]
    # Vietnamese order among siblings: "Chi bộ Trường…" before "Đảng bộ phường An Bình" before "…Bình Đức"
    names = page.locator(
        ".tree > details > .children > details > summary .name a, .tree > details > .children > .row .name a"
    )
    assert names.all_inner_texts() == [
        "Chi bộ Trường THPT Đông Hòa",
        "Đảng bộ phường An Bình",
        "Đảng bộ phường Bình Đức",
    ]
    shot(page, "org-tree")

    # collapse the ward: its cells disappear from view
    cell_link = page.locator(".tree a:text-is('Chi bộ Khu phố 1')")
    assert cell_link.is_visible()
    _row(page, "Đảng bộ phường An Bình").locator(".name").click(position={"x": 4, "y": 8})
    assert not cell_link.is_visible()

    # as of a date before the probationary member joined
    page.fill("#id_ngay", "01/01/2020")
    page.click("form.asof button")
    page.wait_for_url("**/to-chuc/?ngay=01%2F01%2F2020")
    district = _row(page, "Đảng bộ Quận Thử").locator(".num")
    assert [district.nth(i).inner_text() for i in range(1, 4)] == ["0", "3", "3"]
    assert "Tại ngày 01/01/2020" in page.locator(".pagehead").inner_text()
