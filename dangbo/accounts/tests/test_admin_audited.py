"""What an administrator changes in the admin about someone's sign-in is in the audit trail: setting
a password, adding, changing or deleting a second-factor device, unlocking a login (django-axes)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangbo.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-1"


@pytest.fixture
def admin_client_(personas) -> Client:
    client = Client()
    client.force_login(personas["admin"])
    return client


def _fail_logins(times: int, username: str = "bantochuc") -> None:
    client = Client(REMOTE_ADDR="10.0.0.9")
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "sai-mat-khau"})


def test_setting_a_password_in_the_admin_is_audited_without_the_password(admin_client_, personas):
    officer = personas["officer"]
    response = admin_client_.post(
        reverse("admin:auth_user_password_change", args=[officer.pk]),
        {"password1": "Cay-Xanh-Ben-Song-42", "password2": "Cay-Xanh-Ben-Song-42", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="user.password")
    assert entry.actor == personas["admin"]
    assert (entry.target_type, entry.target_id) == ("accounts.user", str(officer.pk))
    assert "Cay-Xanh" not in str(entry.after) and "Cay-Xanh" not in str(entry.before)
    officer.refresh_from_db()
    assert officer.password not in str(entry.after)


def test_a_password_set_by_code_is_audited_as_the_system(personas):
    officer = personas["officer"]
    officer.set_password("Cay-Xanh-Ben-Song-42")
    officer.save()
    entry = AuditEntry.objects.get(action="user.password")
    assert entry.actor is None and entry.actor_name == "hệ thống (thay đổi ngoài trang web)"


def test_a_stronger_hash_of_the_same_password_at_sign_in_is_not_a_change(personas, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    officer = personas["officer"]
    assert officer.password.startswith("md5$")
    assert officer.check_password(PASSWORD)
    officer.refresh_from_db()
    assert officer.password.startswith("pbkdf2_")  # rehashed
    assert not AuditEntry.objects.filter(action="user.password").exists()


def test_other_changes_of_a_user_write_no_password_entry(personas):
    officer = personas["officer"]
    officer.full_name = "Cán bộ Ban Tổ chức"
    officer.save()
    assert not AuditEntry.objects.filter(action="user.password").exists()


def test_unlocking_from_the_users_list_is_audited(admin_client_, personas):
    _fail_logins(5)
    assert AccessAttempt.objects.exists()
    admin_client_.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock_login", "_selected_action": [personas["officer"].pk]},
    )
    assert not AccessAttempt.objects.exists()
    entry = AuditEntry.objects.get(action="user.unlock")
    assert entry.actor == personas["admin"] and entry.target_id == str(personas["officer"].pk)
    assert entry.after == {"attempts_cleared": 1}


def test_deleting_a_lockout_in_the_axes_admin_is_audited(admin_client_, personas):
    _fail_logins(5)
    attempt = AccessAttempt.objects.get()
    response = admin_client_.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    entry = AuditEntry.objects.get(action="user.unlock")
    assert entry.actor == personas["admin"] and entry.target_id == str(personas["officer"].pk)
    assert entry.after == {"username": "bantochuc", "ip_address": "10.0.0.9", "failures": 5}


def test_deleting_lockouts_with_the_list_action_is_audited(admin_client_, personas):
    _fail_logins(2)
    _fail_logins(2, username="khong-co-ai")
    admin_client_.post(
        reverse("admin:axes_accessattempt_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
    )
    assert not AccessAttempt.objects.exists()
    entries = AuditEntry.objects.filter(action="user.unlock")
    assert sorted(e.after["username"] for e in entries) == ["bantochuc", "khong-co-ai"]  # type: ignore[index]


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=True)


def test_deleting_a_second_factor_device_in_the_admin_is_audited(admin_client_, personas):
    device = _device(personas["officer"])
    response = admin_client_.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()
    entry = AuditEntry.objects.get(action="user.otp.delete")
    assert entry.actor == personas["admin"] and entry.target_id == str(personas["officer"].pk)
    assert "key" not in (entry.before or {})


def test_deleting_devices_with_the_list_action_is_audited(admin_client_, personas):
    devices = [_device(personas["officer"]), _device(personas["ward_staff"])]
    admin_client_.post(
        reverse("admin:otp_totp_totpdevice_changelist"),
        {"action": "delete_selected", "_selected_action": [d.pk for d in devices], "post": "yes"},
    )
    assert not TOTPDevice.objects.exists()
    assert AuditEntry.objects.filter(action="user.otp.delete").count() == 2


def test_changing_a_device_in_the_admin_is_audited(admin_client_, personas):
    device = _device(personas["officer"])
    page = admin_client_.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"user": personas["officer"].pk, "confirmed": "", "name": "Điện thoại cũ"})
    data.update({"throttling_failure_count": 0, "drift": 0})
    response = admin_client_.post(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get(action="user.otp.device")
    assert entry.before == {"name": "Ứng dụng xác thực", "confirmed": True}
    assert entry.after == {"name": "Điện thoại cũ", "confirmed": False}
