"""A long list counts its rows only up to DANGBO_LIST_COUNT_CAP (issue 18 item 1): beyond, the page
says "hơn …", pages on without a last page, and "đếm chính xác" counts them all."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangbo.web.tests.helpers import page_text

MEMBERS = reverse("member_list")


def text(response) -> str:
    """The page's text, tags removed and spaces collapsed (the rows' links counted by `rows`)."""
    return " ".join(re.sub(r"<[^>]+>", " ", page_text(response)).split())


def rows(html: str) -> int:
    return len(re.findall(r'href="/dang-vien/\d+/"', html))


@pytest.fixture
def sixty(small_tree):
    """60 official members in cell W1B."""
    from dangbo.members.bulk import PlannedEvent, PlannedMember, bulk_create_members

    details = {"status": "official", "admitted_on": "2000-01-01", "official_on": "2001-01-01"}
    bulk_create_members(
        [
            PlannedMember(
                profile={
                    "full_name": f"Nguyễn Văn {chr(65 + i // 26)}{chr(97 + i % 26)}",
                    "sex": "male",
                    "birth_date": date(1980, 1, 1),
                },
                events=[PlannedEvent("transfer_in", date(2015, 2, 1), small_tree.cell_b.pk, details=details)],
            )
            for i in range(60)
        ]
    )


@pytest.fixture
def cap30(settings):
    settings.DANGBO_LIST_COUNT_CAP = 30


@pytest.mark.django_db
def test_the_member_list_beyond_the_cap_says_more_than_and_has_no_last_page(as_user, sixty, cap30):
    client = as_user("officer")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(MEMBERS, {"so-dong": "25"})
    first, words = page_text(response), text(response)
    assert "Tìm thấy hơn 30 đảng viên" in words
    assert "chỉ đếm tới 30 dòng" in first and "dem=du" in first
    assert rows(first) == 25
    assert "Trang 1 · dòng 1–25" in words and "Sau ›" in first and "Cuối »" not in first
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and '"members_member"' in q["sql"]]
    assert counts and all("LIMIT 31" in sql for sql in counts), counts  # never a count of every row
    third = page_text(client.get(MEMBERS, {"so-dong": "25", "trang": "3"}))
    assert rows(third) == 10 and "dòng 51–60" in third and "Sau ›" not in third and "‹ Trước" in third


@pytest.mark.django_db
def test_beyond_the_end_and_the_exact_count_show_the_last_page_and_the_whole_count(as_user, sixty, cap30):
    client = as_user("officer")
    beyond = text(client.get(MEMBERS, {"so-dong": "25", "trang": "999"}))
    assert "Tìm thấy 60 đảng viên" in beyond and "Trang 3 / 3 · dòng 51–60" in beyond
    exact = text(client.get(MEMBERS, {"so-dong": "25", "dem": "du"}))
    assert "Tìm thấy 60 đảng viên" in exact and "Cuối »" in exact and "chỉ đếm tới" not in exact


@pytest.mark.django_db
def test_a_search_within_the_cap_is_counted_exactly(as_user, sixty, cap30):
    page = text(as_user("officer").get(MEMBERS, {"q": "nguyen van c"}))  # Ca … Ch: 8 members
    assert "Tìm thấy 8 đảng viên" in page and "chỉ đếm tới" not in page


@pytest.mark.django_db
def test_the_organization_page_caps_its_members_count(as_user, sixty, cap30):
    client = as_user("officer")
    html = page_text(client.get(reverse("org_detail", args=["W1B"]), {"so-dong": "25"}))
    assert "(hơn 30)" in html and "chỉ đếm tới 30 dòng" in html and rows(html) == 25
    assert "Cuối »" not in html and "Sau ›" in html
    exact = text(client.get(reverse("org_detail", args=["W1B"]), {"so-dong": "25", "dem": "du"}))
    assert "(60)" in exact and "Trang 1 / 3" in exact


@pytest.mark.django_db
def test_the_audit_log_caps_its_count(as_user, sixty, settings):
    settings.DANGBO_LIST_COUNT_CAP = 3  # the tree's establishments and the import are more entries
    html = text(as_user("admin").get(reverse("audit_search")))
    assert "Tìm thấy hơn 3 mục" in html and "chỉ đếm tới 3 dòng" in html


@pytest.mark.django_db
def test_the_header_search_caps_its_member_count(as_user, sixty, settings):
    client = as_user("officer")
    settings.DANGBO_LIST_COUNT_CAP = 30
    capped = text(client.get(reverse("search"), {"tim": "nguyen van"}))
    assert "Đảng viên (hơn 30)" in capped and "Xem tất cả (hơn 30) đảng viên" in capped
    settings.DANGBO_LIST_COUNT_CAP = 100
    exact = text(client.get(reverse("search"), {"tim": "nguyen van"}))
    assert "Đảng viên (60)" in exact and "Xem cả 60 đảng viên" in exact
