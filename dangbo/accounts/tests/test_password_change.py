"""A signed-in user changes their own password (Đổi mật khẩu) under the password rules; the change is
audited and, by whatever path it is made, revokes the user's API tokens. A staff user's token is
refused while the second factor is required and they have none."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangbo.api.models import ApiToken
from dangbo.api.services import api_token_create
from dangbo.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-1"
NEW = "Cay-Xanh-Ben-Song-42"


def _token(user) -> str:
    return api_token_create(actor=user, user=user, name="đồng bộ")[1]


def _api_status(raw: str) -> int:
    return Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/me").status_code


def test_the_header_links_the_page_and_it_is_in_vietnamese(as_user):
    client = as_user("secretary_a")
    home = client.get(reverse("home")).content.decode()
    assert reverse("password_change") in home and "Đổi mật khẩu" in home
    page = client.get(reverse("password_change")).content.decode()
    assert "Mật khẩu hiện tại" in page and "Nhập lại mật khẩu mới" in page and "Ít nhất 10 ký tự" in page


def test_the_page_needs_a_signed_in_user():
    response = Client().get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_wrong_current_password_is_refused(as_user, personas):
    response = as_user("secretary_a").post(
        reverse("password_change"), {"old_password": "sai", "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 200
    assert "Mật khẩu hiện tại không đúng" in response.content.decode()
    personas["secretary_a"].refresh_from_db()
    assert personas["secretary_a"].check_password(PASSWORD)


@pytest.mark.parametrize("weak", ["bithu123", "matkhau1", "dangbo2019"])
def test_a_weak_new_password_is_refused_in_vietnamese(as_user, personas, weak):
    response = as_user("secretary_a").post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak}
    )
    html = response.content.decode()
    assert response.status_code == 200 and ("quá phổ biến" in html or "ít nhất 10 ký tự" in html)
    personas["secretary_a"].refresh_from_db()
    assert personas["secretary_a"].check_password(PASSWORD)


def test_the_change_is_audited_keeps_the_session_and_revokes_the_tokens(as_user, personas):
    user = personas["secretary_a"]
    raw = _token(user)
    assert _api_status(raw) == 200
    client = as_user("secretary_a")
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.get(reverse("home")).status_code == 200  # still signed in
    entry = AuditEntry.objects.get(action="user.password")
    assert entry.actor == user and entry.target_id == str(user.pk)
    assert _api_status(raw) == 401
    assert ApiToken.objects.get().revoked_at is not None  # the row stays
    revoked = AuditEntry.objects.get(action="api_token.revoke_all")
    assert revoked.actor == user and revoked.target_id == str(user.pk)


def test_a_password_set_in_the_admin_revokes_the_tokens(personas):
    user = personas["officer"]
    raw = _token(user)
    admin = Client()
    admin.force_login(personas["admin"])
    admin.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": NEW, "password2": NEW, "usable_password": "true"},
    )
    assert _api_status(raw) == 401
    assert AuditEntry.objects.get(action="api_token.revoke_all").actor == personas["admin"]


def test_a_password_set_by_code_revokes_the_tokens(personas):
    user = personas["officer"]
    raw = _token(user)
    other = _token(personas["ward_staff"])
    user.set_password(NEW)
    user.save()
    assert _api_status(raw) == 401
    assert _api_status(other) == 200  # only that user's


def test_a_staff_token_needs_a_second_factor_when_it_is_required(personas, settings):
    admin = personas["admin"]
    raw = _token(admin)
    assert _api_status(raw) == 200
    settings.DANGBO_OTP_REQUIRED_FOR_STAFF = True
    assert _api_status(raw) == 401
    TOTPDevice.objects.create(user=admin, name="Ứng dụng xác thực", confirmed=True)
    assert _api_status(raw) == 200
    assert _api_status(_token(personas["officer"])) == 200  # not staff: not concerned
