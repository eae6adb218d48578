"""Finding 9 (issue 12): out-of-range years and dates in a query string, an integer for an API date, a
body too large for the API. Each is answered with a Vietnamese message (a refusal, or the filter
ignored with a visible message), never a server error, and the API always answers in JSON.

These are the findings' cases, with their messages; test_crawl.py sends out-of-range values to every
query parameter of every page and API endpoint (no 5xx), and test_api_fields.py to every API field."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from dangbo.core.dates import query_day, query_year

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("raw", ["10000", "99999999999", "0", "-1", "1e9", "٢٠١٩", "1899", "2101"])
def test_a_query_year_outside_1900_to_2100_is_refused_with_a_message(raw: str) -> None:
    with pytest.raises(ValueError, match="Năm"):
        query_year(raw)
    assert query_year(" 2019 ") == 2019


@pytest.mark.parametrize("raw", ["31/12/9999", "9999-12-31", "0001-01-01", "00/00/0000", "0", "01/01/1899"])
def test_a_query_day_outside_1900_to_2100_is_refused_with_a_message(raw: str) -> None:
    with pytest.raises(ValueError, match="Ngày|ngày"):
        query_day(raw)
    assert query_day("31/12/2019").isoformat() == "2019-12-31"


@pytest.mark.parametrize("year", ["10000", "99999999999", "0"])
def test_the_ratings_export_refuses_a_year_out_of_range(personas, small_tree, year: str) -> None:
    client = signed_in(personas["officer"])
    response = client.get("/nhap-xuat/xuat/xep-loai.xlsx", {"org": "D", "nam": year}, follow=True)
    assert response.status_code == 200
    assert f"Năm “{year}” không hợp lệ" in response.content.decode()


@pytest.mark.parametrize(("key", "raw"), [("den-ngay", "31/12/9999"), ("tu-ngay", "0001-01-01")])
def test_the_audit_page_shows_an_out_of_range_day_as_an_error(
    personas, small_tree, key: str, raw: str
) -> None:
    response = signed_in(personas["officer"]).get("/nhat-ky/", {key: raw})
    assert response.status_code == 200
    assert "nằm ngoài khoảng cho phép" in response.content.decode()


def test_a_rating_correction_of_an_id_past_64_bits_is_not_found(personas, small_tree) -> None:
    client = signed_in(personas["officer"])
    for member_id in (2**63, 2**64, 10**30):
        assert client.get(f"/danh-gia/2019/dieu-chinh/dang-vien/{member_id}/").status_code == 404


@pytest.fixture
def token_of(personas):
    from dangbo.api.services import api_token_create

    def make(name: str) -> str:
        return api_token_create(actor=personas[name], user=personas[name], name="thử")[1]

    return make


def api(token_of, who: str = "officer") -> Client:
    return Client(raise_request_exception=False, headers={"Authorization": f"Bearer {token_of(who)}"})


@pytest.mark.parametrize("as_of", ["0", "1", "1700000000", "9999-12-31", "0001-01-01", "2019-1-1"])
def test_the_api_refuses_an_as_of_that_is_not_a_day_in_range(token_of, small_tree, as_of: str) -> None:
    client = api(token_of)
    for path in ("/api/organizations", "/api/organizations/D", "/api/organizations/D/stats"):
        response = client.get(path, {"as_of": as_of})
        assert response.status_code == 400, (path, as_of, response.content)
        assert response.json()["field"] == "as_of"
    assert client.get("/api/organizations", {"as_of": "2019-12-31"}).json()["as_of"] == "2019-12-31"


def test_the_api_refuses_an_integer_for_a_date_in_a_body(token_of, small_tree, make_member) -> None:
    member = make_member(small_tree.cell_a)
    response = api(token_of).patch(
        f"/api/members/{member.pk}",
        json.dumps({"version": member.version, "birth_date": 0}),
        "application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "birth_date"


@pytest.mark.parametrize("year", [0, 10000, 99999999999])
def test_the_api_refuses_a_year_out_of_range(token_of, small_tree, year: int) -> None:
    response = api(token_of).get("/api/reports/evaluation", {"org": "D", "year": str(year)})
    assert response.status_code == 400 and response.json()["field"] == "year"


def test_a_body_too_large_for_the_api_gets_a_json_400_in_vietnamese(
    token_of, small_tree, make_member
) -> None:
    member = make_member(small_tree.cell_a)
    body = json.dumps({"version": member.version, "notes": "x" * 3_000_000})
    response = api(token_of).patch(f"/api/members/{member.pk}", body, "application/json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "quá lớn" in response.json()["message"]


def test_every_refusal_under_api_is_json(token_of, small_tree) -> None:
    client = api(token_of)
    for response in (
        client.get("/api/khong-co-dia-chi-nay"),
        client.post("/api/members/1/events"),
        client.post("/api/reports/check-figures", "{không phải json", "application/json"),
        Client(raise_request_exception=False).get("/api/me"),
    ):
        assert 400 <= response.status_code < 500
        assert response["Content-Type"].startswith("application/json"), response.content[:200]
        assert response.json()["message"]
