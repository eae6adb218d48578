"""Optional two-step verification (django-otp, TOTP): enabled on a page with a QR code made here,
then asked after the password; compulsory for staff when the setting says so."""

from __future__ import annotations

import time
from binascii import unhexlify

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangbo.accounts.views import SETUP_KEY
from dangbo.audit.models import AuditEntry

PASSWORD = "mat-khau-thu-1"


def code(key: str, at: float | None = None) -> str:
    totp = TOTP(unhexlify(key.encode()), step=30, t0=0, digits=6, drift=0)
    totp.time = at if at is not None else time.time()
    return f"{totp.token():06d}"


def _enable(client: Client) -> TOTPDevice:
    page = client.get(reverse("otp_setup"))
    key = client.session[SETUP_KEY]
    assert page.status_code == 200
    response = client.post(reverse("otp_setup"), {"action": "enable", "token": code(key)})
    assert response.status_code == 302, response.content.decode()
    return TOTPDevice.objects.get(confirmed=True)


@pytest.mark.django_db
def test_the_setup_page_shows_a_qr_code_made_offline(as_user):
    client = as_user("officer")
    html = client.get(reverse("otp_setup")).content.decode()
    assert "<svg" in html and "Bật xác thực hai bước" in html
    assert "https://" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert not TOTPDevice.objects.exists()  # nothing stored before the code confirms it


@pytest.mark.django_db
def test_enabling_needs_the_right_code_and_is_audited(as_user, personas):
    client = as_user("officer")
    client.get(reverse("otp_setup"))
    key = client.session[SETUP_KEY]
    wrong = client.post(
        reverse("otp_setup"), {"action": "enable", "token": "000000" if code(key) != "000000" else "111111"}
    )
    assert wrong.status_code == 200 and "Mã xác thực không đúng" in wrong.content.decode()
    assert not TOTPDevice.objects.exists()
    device = _enable(client)
    assert device.user == personas["officer"]
    entry = AuditEntry.objects.get(action="user.otp.enable")
    assert entry.actor == personas["officer"]


@pytest.mark.django_db
def test_login_asks_the_code_after_the_password(as_user, personas):
    device = _enable(as_user("officer"))
    client = Client()
    response = client.post(reverse("login"), {"username": "bantochuc", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("login_otp")
    assert "_auth_user_id" not in client.session  # not signed in yet
    assert client.get(reverse("home")).status_code == 302
    page = client.get(reverse("login_otp"))
    assert "Xác thực hai bước" in page.content.decode()
    device.refresh_from_db()
    later = time.time() + 30  # the code of the next step (the one used to enable is spent)
    done = client.post(reverse("login_otp"), {"token": code(device.key, later)})
    assert done.status_code == 302 and done["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_wrong_codes_count_as_failed_logins_and_lock(as_user, personas, settings):
    device = _enable(as_user("officer"))
    client = Client()
    client.post(reverse("login"), {"username": "bantochuc", "password": PASSWORD})
    wrong = "000000" if code(device.key) != "000000" else "111111"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login_otp"), {"token": wrong})
        assert response.status_code == 200 and "Mã xác thực không đúng" in response.content.decode()
    locked = client.post(reverse("login_otp"), {"token": wrong})
    assert locked.status_code == 429 and "Tạm khóa đăng nhập" in locked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_code_page_without_a_password_sends_back_to_login(client, personas):
    response = client.get(reverse("login_otp"))
    assert response.status_code == 302 and response["Location"] == reverse("login")


@pytest.mark.django_db
def test_users_without_two_step_log_in_as_before(client, personas):
    response = client.post(reverse("login"), {"username": "phuong1", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")


@pytest.mark.django_db
def test_staff_can_be_required_to_use_it(personas, settings):
    settings.DANGBO_OTP_REQUIRED_FOR_STAFF = True
    admin = Client()
    admin.post(reverse("login"), {"username": "quantri", "password": PASSWORD})
    response = admin.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("otp_setup")
    assert admin.get(reverse("admin:index")).status_code == 302
    _enable(admin)
    assert admin.get(reverse("home")).status_code == 200
    assert admin.get(reverse("admin:index")).status_code == 200
    # and it cannot be switched off
    device = TOTPDevice.objects.get()
    refused = admin.post(
        reverse("otp_setup"), {"action": "disable", "token": code(device.key, time.time() + 30)}
    )
    assert refused.status_code == 200
    assert TOTPDevice.objects.filter(confirmed=True).exists()
    # non-staff users are not concerned
    officer = Client()
    officer.post(reverse("login"), {"username": "bantochuc", "password": PASSWORD})
    assert officer.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_disabling_needs_a_current_code_and_is_audited(as_user):
    client = as_user("officer")
    device = _enable(client)
    client.post(reverse("otp_setup"), {"action": "disable", "token": "12345"})
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    response = client.post(
        reverse("otp_setup"), {"action": "disable", "token": code(device.key, time.time() + 30)}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()
    assert AuditEntry.objects.filter(action="user.otp.disable").count() == 1


@pytest.mark.django_db
def test_the_setup_page_needs_a_login(client):
    response = client.get(reverse("otp_setup"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
