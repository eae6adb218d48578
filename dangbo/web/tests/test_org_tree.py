"""The organization tree as of a day, with counts per node, in Vietnamese order, within scope."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from dangbo.web.tests.helpers import page_text


def node_counts(html: str, name: str) -> list[str]:
    """The four count cells of the tree row whose link text is `name`."""
    start = html.index(f">{name}</a>")
    return [c.strip() for c in re.findall(r'<span class="num[^"]*">([^<]*)</span>', html[start:])][:4]


@pytest.mark.django_db
def test_the_tree_shows_each_node_with_rolled_up_counts(as_user, people):
    html = page_text(as_user("officer").get(reverse("org_tree")))
    # district: 3 grassroots organizations, 1 probationary, 4 official, 5 in all
    assert node_counts(html, "Đảng bộ Quận Thử") == ["3", "1", "4", "5"]
    # ward: no grassroots count shown (it is one); cells A and B: 1 + 3 = 4
    assert node_counts(html, "Đảng bộ phường An Bình") == ["", "1", "3", "4"]
    assert node_counts(html, "Chi bộ Khu phố 2") == ["", "0", "1", "1"]
    assert "<details" in html and "<summary" in html


@pytest.mark.django_db
def test_siblings_are_in_vietnamese_order(as_user, people):
    html = page_text(as_user("officer").get(reverse("org_tree")))
    order = [
        html.index(name)
        for name in ("Chi bộ Trường THPT Đông Hòa", "Đảng bộ phường An Bình", "Đảng bộ phường Bình Đức")
    ]
    assert order == sorted(order)


@pytest.mark.django_db
def test_the_tree_can_be_seen_as_of_an_earlier_day(as_user, people, small_tree, officer):
    from dangbo.organizations.services import Decision, organization_rename

    organization_rename(
        actor=officer,
        organization=small_tree.cell_a,
        name="Chi bộ Khu phố Một",
        effective_on=date(2025, 1, 1),
        decision=Decision("09-QĐ/ĐU", date(2024, 12, 20)),
    )
    client = as_user("officer")
    now = page_text(client.get(reverse("org_tree")))
    before = page_text(client.get(reverse("org_tree"), {"ngay": "31/12/2020"}))
    assert "Chi bộ Khu phố Một" in now
    assert ">Chi bộ Khu phố 1</a>" in before
    assert "Tại ngày 31/12/2020" in before
    # the probationary member (admitted 15/03/2024) was not yet there in 2020
    assert node_counts(before, "Đảng bộ Quận Thử") == ["3", "0", "4", "4"]
    # links keep the day
    assert "?ngay=31/12/2020" in before


@pytest.mark.django_db
def test_an_unreadable_day_says_so_and_shows_today(as_user, people):
    html = page_text(as_user("officer").get(reverse("org_tree"), {"ngay": "32/13/2020"}))
    assert "Ngày “32/13/2020” không hợp lệ (dd/mm/yyyy); đang hiển thị số liệu hôm nay." in html
    assert node_counts(html, "Đảng bộ Quận Thử") == ["3", "1", "4", "5"]


@pytest.mark.django_db
def test_a_user_sees_only_their_part_of_the_tree(as_user, people):
    html = page_text(as_user("outsider").get(reverse("org_tree")))
    assert "Đảng bộ phường Bình Đức" in html
    assert "Đảng bộ phường An Bình" not in html
    assert "Đảng bộ Quận Thử" not in html
