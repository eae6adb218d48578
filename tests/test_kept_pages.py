"""Pages of the menu made faster (issue 18): what they keep between requests (audit.figures.kept) is
the same for every user and what each user may see is applied after it; the rows they write out in
Python rather than in the template give the links reverse() gives and escape what they show."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangbo.accounts.scope import system_actor

pytestmark = pytest.mark.django_db


def test_row_links_give_what_reverse_gives():
    from dangbo.ui.links import row_links

    year_url = row_links("dues_cell_year", 2026)
    for code in ["W1A", "Q9-TT-CA", "a_b", "9876543210", "a b", "Đ1", "x?y"]:
        assert year_url(code) == reverse("dues_cell_year", args=[code, 2026])
    month_url = row_links("dues_cell_month", 2026, 3)
    assert month_url("W1A") == "/dang-phi/chi-bo/W1A/2026/3/"
    detail = row_links("meeting_detail")
    assert [detail(pk) for pk in (1, 42, 9876543210)] == [
        reverse("meeting_detail", args=[pk]) for pk in (1, 42, 9876543210)
    ]


def test_the_select_of_organizations_is_kept_per_scope(small_tree, personas, outside_transaction):
    from dangbo.organizations.pickers import org_options

    def options(user) -> tuple[list[str], int]:
        request = RequestFactory().get("/")
        request.user = user
        with CaptureQueriesContext(connection) as queries:
            codes = [code for code, _ in org_options(request)]
        return codes, len(queries.captured_queries)

    district, computed = options(personas["officer"])
    ward, _ = options(personas["ward_staff"])
    again, read = options(personas["officer"])
    assert district[0] == "D" and {"W1", "W1A", "W2", "W2A", "S1"} <= set(district)
    assert ward == ["W1", "W1A", "W1B"]  # another scope: not the district's kept options
    assert again == district and read < computed


def test_the_meetings_page_links_the_meetings_only_where_the_user_sees_names(
    small_tree, personas, make_member, outside_transaction
):
    from dangbo.targets.models import Meeting
    from dangbo.targets.services import Presence, meeting_record

    an = make_member(small_tree.cell_a, "Nguyễn Văn An")
    meeting = meeting_record(
        actor=personas["secretary_a"],
        cell=small_tree.cell_a,
        held_on=date(2019, 3, 5),
        kind=Meeting.Kind.REGULAR,
        topics="Nội dung",
        attendance={an.pk: Presence("present")},
    )
    link = f'<a href="/sinh-hoat/buoi/{meeting.pk}/" title="Sinh hoạt thường kỳ">05/03/2019</a>'
    pages: dict[str, list[str]] = {}
    for name in ("officer", "viewer", "officer"):  # the second officer's page reads what was kept
        client = Client()
        client.force_login(personas[name])
        response = client.get("/sinh-hoat/?org=D&nam=2019")
        assert response.status_code == 200
        pages.setdefault(name, []).append(response.content.decode())
    assert link in pages["officer"][0] and pages["officer"][1].count(link) == 1
    assert link not in pages["viewer"][0]
    assert '<span title="Sinh hoạt thường kỳ">05/03/2019</span>' in pages["viewer"][0]


def test_the_dues_report_escapes_the_names_it_writes(small_tree, officer):
    from dangbo.organizations.models import Kind, Sector
    from dangbo.organizations.services import Decision, organization_establish

    organization_establish(
        actor=system_actor("kiểm thử: tên có ký tự cần thoát"),
        code="W1C",
        name="Chi bộ Khu phố 3 & 4",
        kind=Kind.AFFILIATED_CELL,
        sector=Sector.RESIDENTIAL,
        parent=small_tree.ward,
        effective_on=date(2015, 1, 1),
        decision=Decision(number="09-QĐ/ĐU", date=date(2015, 1, 1)),
    )
    client = Client()
    client.force_login(officer)
    html = client.get("/dang-phi/?org=D&nam=2026").content.decode()
    assert '<tr data-code="W1C">' in html and "Chi bộ Khu phố 3 &amp; 4\n" in html
    assert 'href="/dang-phi/chi-bo/W1C/2026/' in html and "Chi bộ Khu phố 3 & 4" not in html
