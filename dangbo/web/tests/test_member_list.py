"""The member list: accent-insensitive search, filters, 50 per page, masked CCCD, scope."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from dangbo.accounts.scope import system_actor
from dangbo.web.tests.helpers import page_text

SYSTEM = system_actor("kiểm thử: test_member_list")

URL = reverse("member_list")


def names(response) -> list[str]:
    return [m.full_name for m in response.context["page"].object_list]


@pytest.mark.django_db
def test_an_unaccented_search_finds_the_accented_name(as_user, people):
    response = as_user("officer").get(URL, {"q": "nguyen van a"})
    assert names(response) == ["Nguyễn Văn An"]
    response = as_user("officer").get(URL, {"q": "TRẦN thị"})
    assert names(response) == ["Trần Thị Bình"]


@pytest.mark.django_db
def test_the_list_is_in_vietnamese_order_and_on_the_books_by_default(as_user, people):
    from dangbo.members.services import member_act

    member_act(
        actor=SYSTEM,
        member=people.cuong,
        kind="death",
        effective_on=date(2025, 2, 2),
        decision_number="",
        decision_date=None,
    )
    response = as_user("officer").get(URL)
    # by given name: An, Bình, Dũng, Em
    assert names(response) == ["Nguyễn Văn An", "Trần Thị Bình", "Phạm Minh Dũng", "Hoàng Văn Em"]
    assert names(as_user("officer").get(URL, {"tinh-trang": "deceased"})) == ["Lê Văn Cường"]
    assert len(names(as_user("officer").get(URL, {"tinh-trang": "tat-ca"}))) == 5


@pytest.mark.django_db
def test_filters_by_organization_subtree_status_sex_and_exemption(as_user, people):
    from dangbo.members.services import member_act

    member_act(
        actor=SYSTEM,
        member=people.an,
        kind="exemption",
        effective_on=date(2025, 2, 2),
        decision_number="3-QĐ",
        decision_date=None,
    )
    client = as_user("officer")
    assert names(client.get(URL, {"org": "W1"})) == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn Cường",
        "Phạm Minh Dũng",
    ]
    assert names(client.get(URL, {"org": "w1b"})) == ["Lê Văn Cường"]
    assert names(client.get(URL, {"tinh-trang": "probationary"})) == ["Phạm Minh Dũng"]
    assert names(client.get(URL, {"gioi-tinh": "female"})) == ["Trần Thị Bình"]
    assert names(client.get(URL, {"mien": "co"})) == ["Nguyễn Văn An"]
    assert "Nguyễn Văn An" not in names(client.get(URL, {"mien": "khong"}))


@pytest.mark.django_db
def test_the_row_shows_dates_as_dd_mm_yyyy_and_the_cccd_masked(as_user, people):
    html = page_text(as_user("officer").get(URL, {"q": "an"}))
    assert "17/05/1980" in html
    assert "02/03/2005" in html and "02/03/2006" in html
    assert "********1234" in html
    assert "079080001234" not in html


@pytest.mark.django_db
def test_fifty_per_page_with_the_count_in_vietnamese(as_user, small_tree):
    from dangbo.members.bulk import PlannedEvent, PlannedMember, bulk_create_members

    letters = "abcdefghiklmnopqrstuvxy"
    bulk_create_members(
        [
            PlannedMember(
                profile={
                    "full_name": f"Đỗ Văn {letters[i // 23 % 23]}{letters[i % 23]}",
                    "sex": "male",
                    "birth_date": date(1980, 1, 1),
                },
                events=[
                    PlannedEvent(
                        "transfer_in",
                        date(2015, 2, 1),
                        small_tree.cell_a.pk,
                        details={
                            "status": "official",
                            "admitted_on": "2000-01-01",
                            "official_on": "2001-01-01",
                        },
                    )
                ],
            )
            for i in range(1010)
        ]
    )
    client = as_user("officer")
    first = client.get(URL)
    assert len(first.context["page"].object_list) == 50
    # counted up to DANGBO_LIST_COUNT_CAP (1.000) only, unless asked for the whole count
    assert "Tìm thấy <strong>hơn 1.000</strong> đảng viên" in page_text(first)
    assert "Trang 1 · dòng" in page_text(first)
    whole = page_text(client.get(URL, {"dem": "du"}))
    assert "Tìm thấy <strong>1.010</strong> đảng viên" in whole and "Trang 1 / 21" in whole
    last = client.get(URL, {"trang": "21"})
    assert len(last.context["page"].object_list) == 10 and not last.context["page"].has_next()
    # the page links keep the filters
    filtered = page_text(client.get(URL, {"org": "W1A"}))
    assert re.search(r'href="\?org=W1A&amp;trang=2"', filtered)


@pytest.mark.django_db
def test_a_secretary_sees_only_their_cell(as_user, people):
    assert names(as_user("secretary_b").get(URL)) == ["Lê Văn Cường"]
    assert names(as_user("secretary_b").get(URL, {"q": "nguyen van an"})) == []


@pytest.mark.django_db
def test_an_organization_filter_outside_the_scope_is_not_found(as_user, people):
    assert as_user("secretary_b").get(URL, {"org": "W1A"}).status_code == 404
    assert as_user("outsider").get(URL, {"org": "W1"}).status_code == 404
