"""Token authentication of /api/: no, wrong, revoked or expired tokens and locked users get 401."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from dangbo.api.models import ApiToken
from dangbo.api.services import api_token_create, api_token_revoke, token_digest
from dangbo.core.dates import today


def _bearer(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _assert_401(response) -> None:
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert "mã truy cập API" in body["message"]


@pytest.mark.django_db
def test_a_request_without_a_token_is_refused_with_401(personas, people):
    _assert_401(Client().get("/api/members"))
    _assert_401(Client().get(f"/api/members/{people.an.pk}"))
    _assert_401(
        Client().patch(f"/api/members/{people.an.pk}", {"version": 1}, content_type="application/json")
    )


@pytest.mark.django_db
def test_a_logged_in_session_is_not_enough_the_api_wants_a_token(personas):
    client = Client()
    client.force_login(personas["officer"])
    _assert_401(client.get("/api/me"))


@pytest.mark.django_db
def test_a_wrong_token_is_refused(personas, token_of):
    raw = token_of("officer")
    _assert_401(_bearer(raw + "x").get("/api/me"))
    _assert_401(_bearer("").get("/api/me"))
    _assert_401(Client(headers={"Authorization": f"Token {raw}"}).get("/api/me"))


@pytest.mark.django_db
def test_a_valid_token_acts_as_its_user(personas, token_of):
    response = _bearer(token_of("secretary_a")).get("/api/me")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "bithu_a"
    assert body["roles"] == [
        {
            "role": "cell_secretary",
            "role_label": "Bí thư chi bộ",
            "organization": {"code": "W1A", "name": "Chi bộ Khu phố 1"},
        }
    ]


@pytest.mark.django_db
def test_only_the_digest_is_stored_and_last_use_is_recorded(personas, token_of):
    raw = token_of("officer")
    token = ApiToken.objects.get()
    assert token.digest == token_digest(raw) and raw not in (token.digest, token.prefix)
    assert token.last_used_at is None
    _bearer(raw).get("/api/me")
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db
def test_a_revoked_token_stops_working_at_once(personas):
    officer = personas["officer"]
    token, raw = api_token_create(actor=officer, user=officer, name="tích hợp")
    assert _bearer(raw).get("/api/me").status_code == 200
    api_token_revoke(actor=officer, token_id=token.pk)
    _assert_401(_bearer(raw).get("/api/me"))


@pytest.mark.django_db
def test_an_expired_token_is_refused(personas):
    officer = personas["officer"]
    token, raw = api_token_create(
        actor=officer, user=officer, name="tạm", expires_on=today() + timedelta(days=1)
    )
    assert _bearer(raw).get("/api/me").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_on=today())
    _assert_401(_bearer(raw).get("/api/me"))


@pytest.mark.django_db
def test_the_token_of_a_locked_user_is_refused(personas, token_of):
    raw = token_of("officer")
    user = personas["officer"]
    user.is_active = False
    user.save()
    _assert_401(_bearer(raw).get("/api/me"))


@pytest.mark.django_db
def test_the_schema_is_served_without_a_token_and_declares_the_bearer_scheme(db):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert {
        "/api/organizations",
        "/api/organizations/{code}",
        "/api/organizations/{code}/stats",
        "/api/members",
        "/api/members/{member_id}",
        "/api/members/{member_id}/events",
        "/api/members/{member_id}/ratings/{year}",
        "/api/reports/evaluation",
        "/api/reports/check-figures",
        "/api/me",
    } <= paths
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


@pytest.mark.django_db
def test_there_is_no_documentation_page_loading_scripts_from_a_cdn(db):
    assert Client().get("/api/docs").status_code == 404
