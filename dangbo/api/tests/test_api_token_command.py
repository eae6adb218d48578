"""manage.py api_token create|list|revoke: the operator's tokens for a user."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from dangbo.api.models import ApiToken


def _run(*args: str) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_create_prints_a_working_token_then_list_and_revoke(personas):
    out = _run("create", "--user", "bantochuc", "--name", "Đồng bộ", "--expires", "2999-01-01")
    raw = out.strip().splitlines()[-1]
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get("/api/me").json()["username"] == "bantochuc"
    token = ApiToken.objects.get()
    listing = _run("list", "--user", "bantochuc")
    assert (
        f"#{token.pk}" in listing
        and "đang dùng" in listing
        and "01/01/2999" in listing
        and raw not in listing
    )
    assert "Đã thu hồi" in _run("revoke", "--id", str(token.pk))
    assert client.get("/api/me").status_code == 401


@pytest.mark.django_db
def test_an_unknown_user_or_token_is_an_error(personas):
    with pytest.raises(CommandError, match="không có người dùng “ai”"):
        _run("create", "--user", "ai", "--name", "x")
    with pytest.raises(CommandError, match="Không tìm thấy mã"):
        _run("revoke", "--id", "999")
    with pytest.raises(CommandError, match="--expires"):
        _run("create", "--user", "bantochuc", "--name", "x", "--expires", "mai")
