"""The congresses of a round (issue 13, item 6: a 202-row list had no pages): pages, a page size,
sortable columns, the filter by grassroots organization in the user's scope."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from dangbo.accounts.scope import system_actor
from dangbo.congresses import services
from dangbo.congresses.tests.helpers import open_round
from dangbo.organizations.models import Kind, Sector
from dangbo.organizations.services import Decision, organization_establish


@pytest.fixture
def big_round(small_tree):
    """30 more cells in ward W1 (37 congresses in all), then the district's round."""
    for i in range(30):
        organization_establish(
            actor=system_actor("test: a big round"),
            code=f"W1K{i:02d}",
            name=f"Chi bộ Khu dân cư {i + 10}",
            kind=Kind.AFFILIATED_CELL,
            sector=Sector.RESIDENTIAL,
            parent=small_tree.ward,
            effective_on=date(2015, 1, 1),
            decision=Decision(number="02-QĐ/ĐU", date=date(2015, 1, 1)),
        )
    round_ = open_round(small_tree)
    ward = round_.congresses.get(organization=small_tree.ward)
    services.congress_plan(
        actor=system_actor("test: a big round"),
        congress=ward,
        planned_on=date(2020, 3, 1),
        kind=ward.kind,
        place="",
    )
    return round_


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rows(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="/dai-hoi/\d+/">([^<]+)</a> <small class="muted">([^<]+)</small>', html)


@pytest.mark.django_db
def test_the_round_list_has_pages_and_a_page_size(big_round, personas):
    client = client_of(personas["officer"])
    url = reverse("congress_round", args=[big_round.pk])
    html = client.get(url).content.decode()
    assert 'Các đại hội <small class="muted">(37' in html
    assert len(rows(html)) == 37  # 50 a page by default
    first = client.get(url, {"so-dong": "25"}).content.decode()
    second = client.get(url, {"so-dong": "25", "trang": "2"}).content.decode()
    assert len(rows(first)) == 25 and len(rows(second)) == 12
    assert "Trang 1 / 2" in first and "Trang 2 / 2" in second
    assert 'href="?so-dong=25&amp;trang=2"' in first
    # the progress still counts the whole round
    assert "/37 tổ chức đã tiến hành đại hội" in second
    for hostile in ({"so-dong": "1000000"}, {"trang": "x"}, {"trang": "9" * 50}, {"sap-xep": "path"}):
        assert client.get(url, hostile).status_code == 200


@pytest.mark.django_db
def test_the_round_list_sorts_by_name_the_vietnamese_way_and_by_planned_day(big_round, personas):
    client = client_of(personas["officer"])
    url = reverse("congress_round", args=[big_round.pk])
    names = [n for n, _ in rows(client.get(url, {"sap-xep": "to-chuc", "so-dong": "100"}).content.decode())]
    assert names[:4] == [
        "Chi bộ Khu dân cư 10",
        "Chi bộ Khu dân cư 11",
        "Chi bộ Khu dân cư 12",
        "Chi bộ Khu dân cư 13",
    ]
    assert names.index("Chi bộ Khu phố 1") < names.index("Chi bộ Trường THPT Đông Hòa")
    assert names.index("Chi bộ Trường THPT Đông Hòa") < names.index("Đảng bộ phường An Bình")  # đ after d
    by_day = rows(client.get(url, {"sap-xep": "du-kien"}).content.decode())
    assert by_day[0] == ("Đảng bộ phường An Bình", "W1")  # planned on 01/03/2020, the others 10/05
    late_first = rows(client.get(url, {"sap-xep": "-du-kien"}).content.decode())
    assert late_first[-1] == ("Đảng bộ phường An Bình", "W1")


@pytest.mark.django_db
def test_the_round_list_filters_by_grassroots_organization_within_scope(big_round, personas, small_tree):
    url = reverse("congress_round", args=[big_round.pk])
    officer = client_of(personas["officer"]).get(url, {"co-so": "W2"}).content.decode()
    assert sorted(code for _, code in rows(officer)) == ["W2", "W2A"]
    outsider = client_of(personas["outsider"])  # ward W2's staff
    html = outsider.get(url).content.decode()
    assert re.findall(r'<option value="([^"]*)"', html) == ["", "W2"]
    refused = outsider.get(url, {"co-so": "W1"}).content.decode()
    assert "Tổ chức cơ sở: không có tổ chức mã hoặc tên “W1” trong phạm vi của bạn." in refused
    assert sorted(code for _, code in rows(refused)) == ["W2", "W2A"]  # its own scope, nothing of W1
    assert "An Bình" not in refused
