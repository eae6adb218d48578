"""Reads about a user's own account: their two-step verification device."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from dangbo.accounts.models import User


def confirmed_totp(user: User) -> TOTPDevice | None:
    """The user's confirmed TOTP device (an authenticator app), if two-step verification is on."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not user.pk:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
