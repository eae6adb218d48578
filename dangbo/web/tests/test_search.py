"""The search box of the header (issue 13, item 6): members by name (without accents) or CCCD where
the user sees personal data, organizations by name without accents or by code, always in scope."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from dangbo.web.tests.helpers import page_text

URL = reverse("search")


def members_found(html: str) -> list[str]:
    section = (
        html.split('id="ket-qua-dang-vien"')[1].split("</section>")[0] if "ket-qua-dang-vien" in html else ""
    )
    return re.findall(r'<a href="/dang-vien/\d+/">([^<]+)</a>', section)


def organizations_found(html: str) -> list[str]:
    section = html.split('id="ket-qua-to-chuc"')[1].split("</section>")[0]
    return re.findall(r'<td class="mono">([^<]+)</td>', section)


@pytest.mark.django_db
def test_the_header_has_the_search_box_on_every_page(as_user, people):
    client = as_user("officer")
    for url in (reverse("home"), reverse("member_list"), reverse("org_tree"), reverse("targets_index")):
        html = page_text(client.get(url))
        assert f'<form class="topsearch" method="get" action="{URL}" role="search">' in html, url
    viewer = page_text(as_user("viewer").get(reverse("home")))
    assert 'aria-label="Tìm tổ chức đảng (tên, mã)"' in viewer


@pytest.mark.django_db
def test_a_member_is_found_by_name_typed_without_accents(as_user, people):
    html = page_text(as_user("officer").get(URL, {"tim": "tran thi binh"}))
    assert members_found(html) == ["Trần Thị Bình"]
    html = page_text(as_user("officer").get(URL, {"tim": "  NGUYỄN   văn  "}))
    assert members_found(html) == ["Nguyễn Văn An"]


@pytest.mark.django_db
def test_a_member_is_found_by_cccd_and_the_cccd_is_shown_masked(as_user, people):
    html = page_text(as_user("ward_staff").get(URL, {"tim": "079080001234"}))
    assert members_found(html) == ["Nguyễn Văn An"]
    assert "********1234" in html and "079080001234</td>" not in html


@pytest.mark.django_db
def test_a_cell_secretary_finds_no_one_outside_their_cell(as_user, people):
    client = as_user("secretary_b")  # cell B: Lê Văn Cường only
    assert members_found(page_text(client.get(URL, {"tim": "van"}))) == ["Lê Văn Cường"]
    for q in ("nguyen van an", "079080001234", "hoang van em", "binh"):
        html = page_text(client.get(URL, {"tim": q}))
        assert members_found(html) == [], q
        assert "Không có đảng viên nào phù hợp trong phạm vi của bạn." in html
    # organizations: their own cell only, not the ward's other cell nor another ward
    assert organizations_found(page_text(client.get(URL, {"tim": "khu pho"}))) == ["W1B"]
    assert organizations_found(page_text(client.get(URL, {"tim": "W2"}))) == []


@pytest.mark.django_db
def test_a_viewer_searches_organizations_but_no_member_nor_cccd(as_user, people):
    response = as_user("viewer").get(URL, {"tim": "079080001234"})
    assert response.status_code == 200
    html = page_text(response)
    assert "ket-qua-dang-vien" not in html and "Nguyễn Văn An" not in html
    assert "không tìm được đảng viên" in html
    html = page_text(as_user("viewer").get(URL, {"tim": "nguyen van an"}))
    assert "Nguyễn Văn An" not in html
    assert organizations_found(page_text(as_user("viewer").get(URL, {"tim": "binh duc"}))) == ["W2"]


@pytest.mark.django_db
def test_organizations_are_found_by_code_or_by_name_without_accents(as_user, small_tree):
    client = as_user("officer")
    assert organizations_found(page_text(client.get(URL, {"tim": "w1a"}))) == ["W1A"]
    # a code that begins the typed text: the exact code first
    assert organizations_found(page_text(client.get(URL, {"tim": "W1"})))[0] == "W1"
    found = organizations_found(page_text(client.get(URL, {"tim": "dong hoa"})))
    assert found == ["S1"]
    html = page_text(client.get(URL, {"tim": "khu pho"}))
    assert organizations_found(html) == ["W1A", "W1B", "W2A"]  # the Vietnamese order of their names
    # a cell is named with its grassroots organization
    assert "Chi bộ Khu phố 1 – Đảng bộ phường An Bình" in html


@pytest.mark.django_db
def test_odd_queries_answer_a_page(as_user, people):
    client = as_user("officer")
    for q in (
        "",
        " ",
        "%",
        "_",
        "'; drop table",
        "\u0301",
        "a" * 5000,
        "<script>alert(1)</script>",
    ):
        response = client.get(URL, {"tim": q})
        assert response.status_code == 200, q
        assert "<script>alert(1)" not in page_text(response)
    html = page_text(client.get(URL, {"tim": "a" * 5000}))
    assert "dài tối đa 100 ký tự" in html
    assert members_found(page_text(client.get(URL, {"tim": "\u0301"}))) == []  # a lone mark finds no one
    # NUL is refused for every page's query string, before the view (dangbo.core.middleware)
    refused = client.get(URL, {"tim": "nguyen\x00 van an"})
    assert refused.status_code == 400 and "Tham số “tim”" in page_text(refused)
