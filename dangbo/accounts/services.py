"""Changes to a user's own sign-in security: enabling and disabling two-step verification (xác thực
hai bước, TOTP). Each in one transaction with its audit entry."""

from __future__ import annotations

import time
from binascii import unhexlify
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.util import random_hex

from dangbo.accounts.selectors import confirmed_totp
from dangbo.audit.services import audit_record
from dangbo.core.exceptions import ApplicationError

if TYPE_CHECKING:
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
    if actor.is_staff and getattr(settings, "DANGBO_OTP_REQUIRED_FOR_STAFF", False):
        raise ApplicationError("Tài khoản quản trị bắt buộc dùng xác thực hai bước; không tắt được.")
    # checked before the transaction: a wrong code's throttling (django-otp) must be kept
    if not device.verify_token(_token(token)):
        raise ApplicationError(WRONG_CODE, field="token")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor).delete()
        audit_record(
            actor=actor, action="user.otp.disable", target=actor, before={"otp": True}, after={"otp": False}
        )
