"""/tai-khoan/ma-api/ (api_tokens) and /tai-khoan/ma-api/<id>/thu-hoi/ (api_token_revoke): a user's
own tokens, created (shown once) and revoked from the menu."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from dangbo.api.models import ApiToken
from dangbo.api.services import api_token_create


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_page_needs_a_login(personas):
    response = Client().get(reverse("api_tokens"))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


@pytest.mark.django_db
def test_creating_a_token_shows_it_once_and_it_works(personas):
    client = _login(personas["secretary_a"])
    page = client.get(reverse("api_tokens"))
    assert page.status_code == 200 and "Bạn chưa có mã nào." in page.content.decode()
    assert 'href="/tai-khoan/ma-api/"' in page.content.decode()  # in the user's menu
    response = client.post(reverse("api_tokens"), {"name": "Phần mềm văn phòng", "expires_on": ""})
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    match = re.search(r'value="(dbo_[^"]+)"', html)
    assert match is not None
    raw = match.group(1)
    assert "sẽ không hiển thị lại" in html
    me = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/me").json()
    assert me["username"] == "bithu_a"
    again = client.get(reverse("api_tokens")).content.decode()
    assert "Phần mềm văn phòng" in again and raw not in again and raw[:10] in again


@pytest.mark.django_db
def test_a_refused_token_shows_the_message_next_to_the_field(personas):
    client = _login(personas["officer"])
    html = client.post(reverse("api_tokens"), {"name": "x", "expires_on": "01/01/2000"}).content.decode()
    assert "Ngày hết hạn phải sau hôm nay." in html
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_only_ones_own_tokens_are_listed(personas):
    other = personas["secretary_b"]
    api_token_create(actor=other, user=other, name="mã của bí thư B")
    html = _login(personas["secretary_a"]).get(reverse("api_tokens")).content.decode()
    assert "mã của bí thư B" not in html


@pytest.mark.django_db
def test_revoking_ones_own_token(personas):
    user = personas["secretary_a"]
    token, raw = api_token_create(actor=user, user=user, name="x")
    client = _login(user)
    response = client.post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/me").status_code == 401
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 302  # already: a message


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["secretary_b", "outsider", "admin"])
def test_someone_elses_token_cannot_be_revoked(personas, persona):
    owner = personas["secretary_a"]
    token, _ = api_token_create(actor=owner, user=owner, name="x")
    client = _login(personas[persona])
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    assert client.get(reverse("api_token_revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None
