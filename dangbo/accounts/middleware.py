"""Two-step verification made compulsory for staff (DANGBO_OTP_REQUIRED_FOR_STAFF): until a staff
user's session is verified by a TOTP code, every page leads to the page that enables it."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# pages a staff user may reach before verifying: enabling 2FA, giving the code, leaving
ALLOWED_NAMES = ("otp_setup", "login", "login_otp", "logout")


class OtpRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.DANGBO_OTP_REQUIRED_FOR_STAFF
            and user is not None
            and user.is_authenticated
            and user.is_staff
            and not user.is_verified()  # type: ignore[union-attr]
            and not request.path.startswith(settings.STATIC_URL)
            and request.path not in {reverse(name) for name in ALLOWED_NAMES}
        ):
            messages.warning(
                request,
                "Tài khoản quản trị phải dùng xác thực hai bước: hãy bật nó (hoặc nhập mã) trước khi tiếp tục.",
            )
            return redirect("otp_setup")
        return self.get_response(request)
