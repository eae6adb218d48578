"""Long lists (issue 13, item 6): sortable columns, a page size from a fixed set, pages, the filter
by grassroots organization in the user's scope, and the way back to the due list after a conversion."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote

import pytest
from django.urls import reverse

from dangbo.core.dates import add_months, today
from dangbo.members.models import Member
from dangbo.web.tests.helpers import decision, page_text

DUE = reverse("conversions_due")
MEMBERS = reverse("member_list")


def names_in(html: str) -> list[str]:
    """The members' names in the order the table shows them."""
    return re.findall(r'<a href="/dang-vien/\d+/">([^<]+)</a>', html)


@pytest.fixture
def due_list(small_tree, make_member):
    """Probationers whose probation has ended: six in ward W1 (cells A and B), two in ward W2."""
    start = add_months(today(), -13)
    made = {}
    for i, (name, cell) in enumerate(
        [
            ("Đỗ Văn Ánh", small_tree.cell_a),
            ("Bùi Thị Ân", small_tree.cell_b),
            ("Nguyễn Văn Anh", small_tree.cell_a),
            ("Lê Thị Ảnh", small_tree.cell_b),
            ("Trần Văn Ba", small_tree.cell_a),
            ("Phan Văn Bắc", small_tree.cell_a),
            ("Võ Văn Ca", small_tree.other_cell),
            ("Hồ Thị Cà", small_tree.other_cell),
        ]
    ):
        admitted = start - (date(2000, 1, 1 + i) - date(2000, 1, 1))  # one day apart, Ánh the latest
        made[name] = make_member(cell, name, status="probationary", admitted=admitted, on=admitted)
    return made


@pytest.mark.django_db
def test_the_due_list_sorts_by_name_the_vietnamese_way_both_ways(as_user, due_list):
    client = as_user("officer")
    up = names_in(page_text(client.get(DUE, {"sap-xep": "ten"})))
    # by given name, letter by letter in the Vietnamese alphabet (a < ă < â), then the tones
    # (ngang, huyền, hỏi, ngã, sắc, nặng) as a tie-break
    assert up == [
        "Nguyễn Văn Anh",
        "Lê Thị Ảnh",
        "Đỗ Văn Ánh",
        "Bùi Thị Ân",
        "Trần Văn Ba",
        "Phan Văn Bắc",
        "Võ Văn Ca",
        "Hồ Thị Cà",
    ]
    down = names_in(page_text(client.get(DUE, {"sap-xep": "-ten"})))
    assert down == list(reversed(up))


@pytest.mark.django_db
def test_the_due_list_sorts_by_due_date_by_default_and_says_which_column_sorts(as_user, due_list):
    html = page_text(as_user("officer").get(DUE))
    assert names_in(html)[0] == "Hồ Thị Cà" and names_in(html)[-1] == "Đỗ Văn Ánh"  # earliest due first
    assert 'aria-sort="ascending"><a class="sort ascending" href="?sap-xep=-het-du-bi"' in html
    assert 'href="?sap-xep=ten"' in html


@pytest.mark.django_db
def test_an_undeclared_sort_key_falls_back_to_the_default_order(as_user, due_list):
    client = as_user("officer")
    default = names_in(page_text(client.get(DUE)))
    for hostile in ("member__cccd", "-password", "ten; drop table", "x" * 5000):
        response = client.get(DUE, {"sap-xep": hostile})
        assert response.status_code == 200
        assert names_in(page_text(response)) == default


@pytest.mark.django_db
def test_the_due_list_has_pages_and_a_page_size_from_a_fixed_set(as_user, small_tree, make_member):
    start = add_months(today(), -13)
    given = [
        "An",
        "Bình",
        "Chi",
        "Dũng",
        "Em",
        "Giang",
        "Hà",
        "Khánh",
        "Lan",
        "Minh",
        "Nga",
        "Oanh",
        "Phúc",
        "Quang",
        "Sơn",
    ]
    for i in range(30):
        name = f"Nguyễn {'Văn' if i % 2 else 'Thị'} {given[i // 2]}"
        make_member(small_tree.cell_a, name, status="probationary", admitted=start, on=start)
    client = as_user("ward_staff")
    first = page_text(client.get(DUE, {"sap-xep": "ten", "so-dong": "25"}))
    assert len(names_in(first)) == 25 and "Trang 1 / 2" in first
    assert "<strong>30</strong> đảng viên" in first
    second = page_text(client.get(DUE, {"sap-xep": "ten", "so-dong": "25", "trang": "2"}))
    assert len(names_in(second)) == 5 and "Trang 2 / 2" in second
    assert set(names_in(first)).isdisjoint(names_in(second))
    # a size outside the set is the default (50): one page
    for size in ("7", "100000", "-1", "abc", "25.0"):
        html = page_text(client.get(DUE, {"so-dong": size}))
        assert len(names_in(html)) == 30, size
    for number in ("abc", "-3", "0x10", "9" * 400, "1e9", "²"):
        response = client.get(DUE, {"so-dong": "25", "trang": number})
        assert response.status_code == 200, number
    assert "Trang 2 / 2" in page_text(client.get(DUE, {"so-dong": "25", "trang": "9" * 400}))
    assert "Trang 1 / 2" in page_text(client.get(DUE, {"so-dong": "25", "trang": "abc"}))


@pytest.mark.django_db
def test_the_due_list_filters_by_grassroots_organization_in_scope(as_user, small_tree, due_list):
    client = as_user("officer")
    response = client.get(DUE, {"co-so": "w2"})
    assert sorted(names_in(page_text(response))) == ["Hồ Thị Cà", "Võ Văn Ca"]
    options = re.findall(r'<option value="([^"]*)"', page_text(response))
    assert options == ["", "S1", "W1", "W2"]  # the grassroots organizations, none of their cells


@pytest.mark.django_db
def test_the_grassroots_filter_offers_only_the_scope_and_answers_others_neutrally(
    as_user, small_tree, due_list
):
    client = as_user("ward_staff")  # ward W1 only
    html = page_text(client.get(DUE))
    assert re.findall(r'<option value="([^"]*)"', html) == ["", "W1"]
    for code in ("W2", "S1", "KHONG-CO", "W1A", "<script>"):
        response = client.get(DUE, {"co-so": code})
        html = page_text(response)
        assert response.status_code == 200
        assert "không có tổ chức mã" in html and "trong phạm vi của bạn" in html
        assert "Võ Văn Ca" not in html and "Bình Đức" not in html  # W2 neither named nor listed
        assert "<script>" not in html

    # the answer is the same for another subtree's code and a code that does not exist
    def shown(code: str) -> str:
        html = page_text(client.get(DUE, {"co-so": code}))
        return html[html.index("<main") : html.index("</main>")].replace(code, "X")

    assert shown("W2") == shown("KHONG")


@pytest.mark.django_db
def test_a_conversion_started_from_the_due_list_comes_back_to_it_with_its_filters(
    as_user, small_tree, due_list
):
    client = as_user("ward_staff")
    member = due_list["Trần Văn Ba"]
    listing = page_text(client.get(DUE, {"co-so": "W1", "sap-xep": "ten"}))
    back = f"{DUE}?co-so=W1&sap-xep=ten"
    act_url = reverse("member_act", args=[member.pk, "chinh-thuc"])
    assert f'href="{act_url}?tiep={quote(back, safe="")}"' in listing
    form = client.get(act_url, {"tiep": back})
    found = re.search(r'name="effective_on" value="([^"]+)"', page_text(form))
    assert found is not None
    proposed = found.group(1)
    data = {"version": str(member.version), **decision(effective_on=proposed, decision_date=proposed)}
    response = client.post(f"{act_url}?tiep={quote(back, safe='')}", data)
    assert response.status_code == 302 and response["Location"] == back
    assert Member.objects.get(pk=member.pk).status == "official"
    html = page_text(client.get(back))
    assert "Đã công nhận đảng viên chính thức: đồng chí Trần Văn Ba." in html
    assert "Trần Văn Ba" not in names_in(html)


@pytest.mark.django_db
def test_the_way_back_goes_only_to_the_due_list(as_user, due_list):
    client = as_user("ward_staff")
    for name, hostile in (
        ("Phan Văn Bắc", "https://evil.example/"),
        ("Trần Văn Ba", "//evil.example/dang-vien/chuyen-chinh-thuc/"),
        ("Bùi Thị Ân", "/quan-tri/"),
        ("Lê Thị Ảnh", f"{DUE}?co-so=W1\r\nSet-Cookie: x=1"),
    ):
        member = due_list[name]
        act_url = reverse("member_act", args=[member.pk, "chinh-thuc"])
        form = page_text(client.get(act_url, {"tiep": hostile}))
        assert hostile not in form
        found = re.search(r'name="effective_on" value="([^"]+)"', form)
        assert found is not None
        proposed = found.group(1)
        data = {"version": str(member.version), **decision(effective_on=proposed, decision_date=proposed)}
        response = client.post(f"{act_url}?tiep={quote(hostile, safe='')}", data)
        assert response.status_code == 302
        assert response["Location"] == reverse("member_detail", args=[member.pk]), hostile


@pytest.mark.django_db
def test_the_member_list_sorts_by_birth_date_and_keeps_the_sort_across_its_filters(as_user, people):
    client = as_user("ward_staff")
    html = page_text(client.get(MEMBERS, {"sap-xep": "-ngay-sinh"}))
    assert names_in(html)[0] == "Phạm Minh Dũng"  # born 1999
    assert '<input type="hidden" name="sap-xep" value="-ngay-sinh">' in html
    by_name = names_in(page_text(client.get(MEMBERS, {"sap-xep": "ten"})))
    assert by_name == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Minh Dũng"]
    # the probationer has no official date: last in both directions
    assert names_in(page_text(client.get(MEMBERS, {"sap-xep": "chinh-thuc"})))[-1] == "Phạm Minh Dũng"
    assert names_in(page_text(client.get(MEMBERS, {"sap-xep": "-chinh-thuc"})))[-1] == "Phạm Minh Dũng"


@pytest.mark.django_db
def test_meetings_have_their_own_menu_entry(as_user, small_tree):
    client = as_user("ward_staff")
    meetings = reverse("meetings_index")
    html = page_text(client.get(meetings, {"org": "W1", "nam": "2019"}))
    assert f'<a href="{meetings}" class="active" title="Sinh hoạt chi bộ, đảng phí">Sinh hoạt</a>' in html
    assert (
        f'<a href="{reverse("targets_index")}" class="" title="Chỉ tiêu, phát triển đảng viên">Chỉ tiêu</a>'
        in html
    )
    targets = page_text(client.get(reverse("targets_index")))
    assert f'<a href="{meetings}" class="" title="Sinh hoạt chi bộ, đảng phí">Sinh hoạt</a>' in targets


@pytest.mark.django_db
def test_the_cells_of_the_meetings_page_sort_by_name(as_user, small_tree):
    client = as_user("officer")
    url = reverse("meetings_index")

    def codes(**query: str) -> list[str]:
        return re.findall(
            r'<tr data-code="([^"]+)"', page_text(client.get(url, {"org": "D", "nam": "2019", **query}))
        )

    # by the organization above (phường An Bình, phường Bình Đức, Quận Thử), then the cell
    assert codes() == ["W1A", "W1B", "W2A", "S1"]
    # by the cell's own name: Trường THPT Đông Hòa, Khu phố 5, 2, 1
    assert codes(**{"sap-xep": "-chi-bo"}) == ["S1", "W2A", "W1B", "W1A"]
    assert codes(**{"sap-xep": "chi-bo", "so-dong": "25", "trang": "x"}) == ["W1A", "W1B", "W2A", "S1"]


@pytest.mark.django_db
def test_a_scope_with_many_grassroots_organizations_types_the_code_or_the_name(
    as_user, small_tree, due_list, monkeypatch
):
    monkeypatch.setattr("dangbo.organizations.pickers.MAX_GRASSROOTS_OPTIONS", 2)  # the district has three
    client = as_user("officer")
    html = page_text(client.get(DUE))
    assert '<input type="search" id="id_co_so" name="co-so"' in html and '<select id="id_co_so"' not in html
    by_name = page_text(client.get(DUE, {"co-so": "phuong binh duc"}))
    assert sorted(names_in(by_name)) == ["Hồ Thị Cà", "Võ Văn Ca"]
    assert 'value="phuong binh duc"' in by_name
    cell = page_text(client.get(DUE, {"co-so": "khu pho 5"}))  # a cell is not a grassroots organization
    assert "Tổ chức cơ sở: không có tổ chức mã hoặc tên “khu pho 5” trong phạm vi của bạn." in cell
    assert len(names_in(cell)) == 8


@pytest.mark.django_db
def test_an_organizations_members_sort_and_keep_their_sort_across_the_day(as_user, people):
    client = as_user("ward_staff")
    url = reverse("org_detail", args=["W1"])
    html = page_text(client.get(url, {"sap-xep": "-ngay-sinh"}))
    assert names_in(html)[:2] == ["Phạm Minh Dũng", "Trần Thị Bình"]  # born 1999, 1985
    assert '<input type="hidden" name="sap-xep" value="-ngay-sinh">' in html  # the day's form keeps it
    assert names_in(page_text(client.get(url, {"sap-xep": "ten"})))[:4] == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn Cường",
        "Phạm Minh Dũng",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["member_list", "review_index", "imports_index"])
def test_every_select_of_an_organization_follows_the_one_limit_of_the_pickers(
    as_user, small_tree, monkeypatch, name
):
    client = as_user("officer")
    assert '<option value="W1A"' in client.get(reverse(name)).content.decode()
    # the district's seven organizations do not fit in five: the cells (the tree's third level) are
    # left out of the select, on every page that offers one
    monkeypatch.setattr("dangbo.organizations.pickers.MAX_ORG_OPTIONS", 5)
    html = client.get(reverse(name)).content.decode()
    assert '<option value="W1"' in html and '<option value="S1"' in html
    assert '<option value="W1A"' not in html and '<option value="W2A"' not in html
