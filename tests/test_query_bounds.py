"""Pages whose number of queries does not grow with their rows (issue 18): every page of the menu and
the pages a district officer opens from it are requested on a small tree, then again after the tree
has grown (more members in every cell, a new cell with its members, their ratings of the year), and
the number of queries must stay the same. A page that reads a row at a time fails here with the
queries it added."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dangbo.accounts.scope import system_actor
from dangbo.core.dates import add_months, today

pytestmark = pytest.mark.django_db

SYSTEM = system_actor("kiểm thử: số câu truy vấn không tăng theo số dòng")
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Giang"]


def _menu(client: Client) -> list[str]:
    """The links of the page header's menu, as the officer sees them."""
    html = client.get("/").content.decode()
    nav = html[html.index("<nav") : html.index("</nav>")]
    return [href for href in re.findall(r'href="(/[^"#?]*)"', nav) if href != "/"]


def _home_lists(client: Client) -> list[str]:
    """The links of the home page's lists (its organization cards and "Việc cần làm"), with their
    query strings: the pages a district officer opens from the home page."""
    html = client.get("/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return [href.replace("&amp;", "&") for href in re.findall(r'href="(/[^"#]*)"', main)]


def _pages(client: Client, tree, member_id: int) -> list[str]:
    pages = ["/", *_menu(client), *_home_lists(client)]
    pages += [
        f"/to-chuc/{tree.ward.code}/",
        f"/to-chuc/{tree.cell_a.code}/",
        f"/dang-vien/?org={tree.ward.code}",
        f"/dang-vien/{member_id}/",
        f"/danh-gia/2019/{tree.cell_a.code}/",
        f"/danh-gia/2019/danh-sach/{tree.ward.code}/",
        f"/bao-cao/danh-gia/?org={tree.district.code}&nam=2019",
        f"/bao-cao/tong-quan/?org={tree.district.code}",
        "/tim-kiem/?tim=nguyen",
        f"/dang-phi/?org={tree.district.code}&nam=2026",
        f"/dang-phi/chi-bo/{tree.cell_a.code}/2026/3/",
        f"/dang-phi/chi-bo/{tree.cell_a.code}/2026/",
        # the other pages of the review and the report a district officer opens (issue 18)
        f"/danh-gia/2019/to-chuc/{tree.ward.code}/",
        f"/danh-gia/2019/to-chuc/{tree.district.code}/",
        f"/danh-gia/2019/dang-vien/{member_id}/",
        f"/bao-cao/danh-gia/?org={tree.ward.code}&nam=2019",
        f"/chi-tieu/?org={tree.district.code}&nam=2019",
        f"/sinh-hoat/?org={tree.district.code}&nam=2019",
        "/huy-hieu/?tat-ca=1",
    ]
    return list(dict.fromkeys(pages))


def _count(client: Client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    return response.status_code, len(context.captured_queries)


def _grow(tree, make_member, decide_2019, cells, per_cell: int, start: int) -> None:
    members = []
    for cell in cells:
        for i in range(per_cell):
            name = NAMES[(start + i) % len(NAMES)]
            members.append(make_member(cell, name, cccd=f"07908{cell.pk % 1000:03d}{start + i:04d}"))
    decide_2019([(member, 2 + (i % 2)) for i, member in enumerate(members)])
    # probationary members due for conversion (admitted about a year ago) in every cell: the list of
    # conversions due and its buttons (who decides, per cell) grow with them
    admitted = add_months(today(), -12)
    for cell in cells:
        make_member(
            cell,
            NAMES[start % len(NAMES)],
            status="probationary",
            admitted=admitted,
            on=admitted,
            cccd=f"07909{cell.pk % 1000:03d}{start:04d}",
        )


def test_pages_read_a_fixed_number_of_queries(small_tree, make_member, decide_2019, officer):
    from dangbo.organizations.models import Kind, Sector
    from dangbo.organizations.services import Decision, organization_establish

    tree = small_tree
    cells = [tree.cell_a, tree.cell_b, tree.school]
    _grow(tree, make_member, decide_2019, cells, per_cell=2, start=0)
    client = Client()
    client.force_login(officer)
    member_id = tree.cell_a.members.order_by("pk").values_list("pk", flat=True).first()
    pages = _pages(client, tree, member_id)
    assert len(pages) >= 25, pages
    assert "/dang-vien/chuyen-chinh-thuc/" in pages and "/huy-hieu/" in pages and "/thong-ke/" in pages, pages
    before = {url: _count(client, url) for url in pages}
    assert all(status == 200 for status, _ in before.values()), before

    new_cell = organization_establish(
        actor=SYSTEM,
        code="W1C",
        name="Chi bộ Khu phố 3",
        kind=Kind.AFFILIATED_CELL,
        sector=Sector.RESIDENTIAL,
        parent=tree.ward,
        effective_on=date(2015, 1, 1),
        decision=Decision(number="09-QĐ/ĐU", date=date(2015, 1, 1)),
    )
    _grow(tree, make_member, decide_2019, [*cells, new_cell], per_cell=5, start=2)
    after = {url: _count(client, url) for url in pages}
    grown = {url: (before[url][1], after[url][1]) for url in pages if after[url][1] > before[url][1]}
    assert not grown, f"queries grew with the rows (before, after): {grown}"
