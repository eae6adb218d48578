"""Behind a reverse proxy (DANGBO_TRUSTED_PROXIES): the lockout and the audit trail see the real
client, read from X-Forwarded-For only when the request comes from a trusted proxy."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse

from dangbo.audit.models import AuditEntry
from dangbo.core.clientip import client_ip

PASSWORD = "mat-khau-thu-1"
PROXY = "10.0.0.5"


def _ip(remote: str, forwarded: str | None = None) -> str | None:
    request = RequestFactory().get("/")
    request.META["REMOTE_ADDR"] = remote
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(request)


@pytest.fixture
def behind_proxy(settings):
    settings.DANGBO_TRUSTED_PROXIES = ["10.0.0.0/24", "2001:db8::/32"]


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.DANGBO_TRUSTED_PROXIES = []
    assert _ip(PROXY, "203.0.113.7") == PROXY


def test_the_header_is_read_only_from_a_trusted_proxy(behind_proxy):
    assert _ip(PROXY, "203.0.113.7") == "203.0.113.7"
    assert _ip("198.51.100.9", "203.0.113.7") == "198.51.100.9"  # not our proxy: not believed


def test_the_right_most_untrusted_address_is_the_client(behind_proxy):
    # the client wrote "1.2.3.4" itself; our proxy appended what it saw
    assert _ip(PROXY, "1.2.3.4, 203.0.113.7") == "203.0.113.7"
    assert _ip(PROXY, "1.2.3.4, 203.0.113.7, 10.0.0.9") == "203.0.113.7"  # two of our proxies
    assert _ip(PROXY, "10.0.0.8") == "10.0.0.8"  # only proxies: the farthest
    assert _ip(PROXY, "rác, 203.0.113.7") == "203.0.113.7"
    assert _ip(PROXY, "203.0.113.7, rác") == PROXY  # garbage from our side: trust nothing further
    assert _ip(PROXY, "") == PROXY
    assert _ip("2001:db8::1", "[2001:db9::5]:443") == "2001:db9::5"
    assert _ip(PROXY, "203.0.113.7:51234") == "203.0.113.7"


def test_a_wrong_setting_fails_loudly(settings):
    settings.DANGBO_TRUSTED_PROXIES = ["không-phải-IP"]
    with pytest.raises(ValueError, match="DANGBO_TRUSTED_PROXIES"):
        _ip(PROXY, "203.0.113.7")


@pytest.mark.django_db
def test_one_client_failing_behind_the_proxy_does_not_lock_the_others(personas, behind_proxy, settings):
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker.post(reverse("login"), {"username": "bantochuc", "password": "sai-mat-khau"})
    assert attacker.post(reverse("login"), {"username": "bantochuc", "password": PASSWORD}).status_code == 429
    assert AccessAttempt.objects.get().ip_address == "203.0.113.66"
    user = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert user.post(reverse("login"), {"username": "bantochuc", "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_the_audit_trail_records_the_real_client(personas, behind_proxy):
    from dangbo.api.services import api_token_create

    _, raw = api_token_create(actor=personas["officer"], user=personas["officer"], name="thử")
    client = Client(
        REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7", headers={"Authorization": f"Bearer {raw}"}
    )
    assert client.get("/api/members").status_code == 200
    assert AuditEntry.objects.get(action="api.members").ip == "203.0.113.7"
