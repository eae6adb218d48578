"""A NUL in a query string (issue 12): PostgreSQL cannot hold it, so an export filtered by it or
recording it in its audit entry answered 500 there (the hostile-input crawl found three). It is
refused before any view, with a Vietnamese message naming the parameter, on SQLite as on PostgreSQL."""

from __future__ import annotations

import html

import pytest
from django.test import Client

from dangbo.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "query", "name"),
    [
        ("/nhap-xuat/xuat/dang-vien.xlsx", {"org": "D", "q": "Nguyễn\x00"}, "q"),
        ("/nhap-xuat/xuat/to-chuc.xlsx", {"org": "D\x00"}, "org"),
        ("/nhap-xuat/xuat/xep-loai.xlsx", {"org": "D", "nam": "2019", "phan": "x\x00"}, "phan"),
        ("/dang-vien/", {"q\x00": "An"}, "q"),
    ],
)
def test_a_nul_in_a_query_string_is_refused_naming_the_parameter(personas, small_tree, path, query, name):
    client = Client()
    client.force_login(personas["officer"])
    audits = AuditEntry.objects.count()
    response = client.get(path, query)
    assert response.status_code == 400
    assert f"Tham số “{name}” của địa chỉ chứa ký tự NUL (U+0000) không hợp lệ." in html.unescape(
        response.content.decode()
    )
    assert AuditEntry.objects.count() == audits
    assert (
        client.get(path, {k.replace("\x00", ""): v.replace("\x00", "") for k, v in query.items()}).status_code
        == 200
    )


def test_the_api_refuses_it_in_its_json(personas, small_tree):
    from dangbo.api.services import api_token_create

    token = api_token_create(actor=personas["officer"], user=personas["officer"], name="thử")[1]
    response = Client(headers={"Authorization": f"Bearer {token}"}).get("/api/members", {"q": "An\x00"})
    assert response.status_code == 400
    assert response.json() == {
        "field": "q",
        "message": "Tham số “q” của địa chỉ chứa ký tự NUL (U+0000) không hợp lệ.",
    }
