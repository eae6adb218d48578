"""Changes to sign-in security: a user enabling and disabling two-step verification (xác thực hai
bước, TOTP); an administrator unlocking a login or changing a second-factor device. Each in one
transaction with its audit entry."""

from __future__ import annotations

import time
from binascii import unhexlify
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.util import random_hex

from dangbo.accounts.selectors import confirmed_totp
from dangbo.audit.services import audit_record, snapshot
from dangbo.core.exceptions import ApplicationError

if TYPE_CHECKING:
    from axes.models import AccessAttempt
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from dangbo.accounts.models import User

DEVICE_NAME = "Ứng dụng xác thực"
WRONG_CODE = "Mã xác thực không đúng hoặc đã hết hạn; hãy nhập mã 6 chữ số đang hiện trong ứng dụng."


def otp_new_key() -> str:
    """A fresh secret (40 hex digits, 160 bits) for a device not yet confirmed."""
    return str(random_hex(20))


def _token(token: str) -> int:
    digits = "".join(token.split())
    if len(digits) != 6 or not digits.isdigit():
        raise ApplicationError("Mã xác thực gồm 6 chữ số.", field="token")
    return int(digits)


def key_matches(key: str, token: str, *, at: float | None = None) -> bool:
    """Whether a code belongs to a secret (the current 30-second step, or one before or after)."""
    totp = TOTP(unhexlify(key.encode()), step=30, t0=0, digits=6, drift=0)
    totp.time = at if at is not None else time.time()
    return bool(totp.verify(_token(token), tolerance=1))


def user_otp_enable(*, actor: User, key: str, token: str) -> TOTPDevice:
    """Bật xác thực hai bước: the code shown by the app proves it holds the secret."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        if confirmed_totp(actor) is not None:
            raise ApplicationError("Xác thực hai bước đã được bật cho tài khoản này.")
        if not key_matches(key, token):
            raise ApplicationError(WRONG_CODE, field="token")
        TOTPDevice.objects.filter(user=actor).delete()  # leftovers never confirmed
        device = TOTPDevice.objects.create(user=actor, name=DEVICE_NAME, key=key, confirmed=True)
        device.last_t = int(time.time()) // 30  # the code just used cannot be used again to sign in
        device.save(update_fields=["last_t"])
        audit_record(
            actor=actor, action="user.otp.enable", target=actor, after={"otp": True, "device": DEVICE_NAME}
        )
    return device


def user_otp_disable(*, actor: User, token: str) -> None:
    """Tắt xác thực hai bước, with a current code; refused when staff must use it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = confirmed_totp(actor)
    if device is None:
        raise ApplicationError("Xác thực hai bước chưa được bật.")
    if actor.is_staff and settings.DANGBO_OTP_REQUIRED_FOR_STAFF:
        raise ApplicationError("Tài khoản quản trị bắt buộc dùng xác thực hai bước; không tắt được.")
    # checked before the transaction: a wrong code's throttling (django-otp) must be kept
    if not device.verify_token(_token(token)):
        raise ApplicationError(WRONG_CODE, field="token")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor).delete()
        audit_record(
            actor=actor, action="user.otp.disable", target=actor, before={"otp": True}, after={"otp": False}
        )


# --- Changes made by an administrator in the admin (/quan-tri/): each audited in its transaction ---

_DEVICE_FIELDS = ("user_id", "name", "confirmed", "step", "t0", "digits", "tolerance", "drift")


def user_login_unlock(*, actor: User, user: User) -> int:
    """Mở khóa đăng nhập: lifts the lockout (django-axes) of `user` from every address; returns the
    number of counted attempts removed."""
    from axes.utils import reset

    with transaction.atomic():
        count = int(reset(username=user.get_username()))
        audit_record(actor=actor, action="user.unlock", target=user, after={"attempts_cleared": count})
    return count


def login_attempts_delete(*, actor: User, attempts: Iterable[AccessAttempt]) -> int:
    """Deleting counted failed logins (the admin's "Lần đăng nhập sai"): an unlock of that login from
    that address. The entry belongs to the user when the login exists."""
    from dangbo.accounts.models import User

    count = 0
    with transaction.atomic():
        for attempt in attempts:
            user = User.objects.filter(username=attempt.username).first()
            details = {
                "username": attempt.username,
                "ip_address": attempt.ip_address,
                "failures": attempt.failures_since_start,
            }
            attempt.delete()
            audit_record(
                actor=actor,
                action="user.unlock",
                target=user,
                target_type="axes.accessattempt",
                target_id=str(attempt.username or "")[:40],
                label=f"{attempt.username} ({attempt.ip_address})",
                after=details,
            )
            count += 1
    return count


def otp_device_save(*, actor: User, device: TOTPDevice, before: dict[str, Any] | None) -> None:
    """A second-factor device added or changed by an administrator (never its secret in the trail)."""
    with transaction.atomic():
        device.save()
        audit_record(
            actor=actor,
            action="user.otp.device",
            target=device.user,
            label=f"{device.user.get_username()} — {device.name}",
            before=before,
            after=snapshot(device, _DEVICE_FIELDS),
        )


def otp_device_snapshot(device: TOTPDevice) -> dict[str, Any]:
    return snapshot(device, _DEVICE_FIELDS)


def otp_devices_delete(*, actor: User, devices: Iterable[TOTPDevice]) -> int:
    """Second-factor devices deleted by an administrator: their users sign in with a password alone."""
    count = 0
    with transaction.atomic():
        for device in devices:
            owner, before = device.user, snapshot(device, _DEVICE_FIELDS)
            device.delete()
            audit_record(
                actor=actor,
                action="user.otp.delete",
                target=owner,
                label=f"{owner.get_username()} — {device.name}",
                before=before,
                after={"otp": False},
            )
            count += 1
    return count
