"""Signing in (đăng nhập) with the lockout of django-axes and, for users who enabled it, a second
step asking the code of their authenticator app; the page enabling two-step verification."""

from __future__ import annotations

import time
from base64 import b32encode
from binascii import unhexlify
from typing import Any
from urllib.parse import urlencode

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit, get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import user_login_failed
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangbo.accounts import services as account_services
from dangbo.accounts.forms import OtpCodeForm, PasswordChangeForm
from dangbo.accounts.models import User
from dangbo.accounts.requests import user_of
from dangbo.accounts.selectors import confirmed_totp
from dangbo.core.exceptions import ApplicationError
from dangbo.ui.views import posted

PENDING = "dangbo_otp_pending"  # session key: the user who gave the right password, waiting for the code
PENDING_SECONDS = 300
SETUP_KEY = "dangbo_otp_setup_key"  # session key: the secret shown as a QR code, until confirmed


class LoginView(auth_views.LoginView):
    """The password step. A user with two-step verification is not signed in yet: the code is asked
    on the next page. Wrong passwords are counted by django-axes (AxesStandaloneBackend)."""

    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if confirmed_totp(user) is None:
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
            "next": self.get_success_url(),
            "at": time.time(),
        }
        return redirect("login_otp")


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """django-axes' lockout page (AXES_LOCKOUT_CALLABLE), in Vietnamese, with the cool-off in minutes."""
    cool_off = get_cool_off(request)
    minutes = round(cool_off.total_seconds() / 60) if cool_off else 0
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "cooloff_minutes": minutes,
    }
    return render(request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


def _pending_user(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        return None, {}
    user_id = pending.get("user")
    if not isinstance(user_id, int):
        return None, {}
    return User.objects.filter(pk=user_id, is_active=True).first(), pending


def login_otp(request: HttpRequest) -> HttpResponseBase:
    """The second step: the 6-digit code. A wrong code counts as a failed login (django-axes)."""
    user, pending = _pending_user(request)
    if user is None:
        request.session.pop(PENDING, None)
        messages.error(request, "Phiên đăng nhập đã hết hạn; hãy nhập lại mật khẩu.")
        return redirect("login")
    credentials = {"username": user.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        request.session.pop(PENDING, None)
        return get_lockout_response(request, credentials=credentials)
    form = OtpCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        device = confirmed_totp(user)
        token = form.cleaned_data["token"]
        if device is not None and token.isdigit() and device.verify_token(int(token)):
            del request.session[PENDING]
            auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            target = str(pending.get("next") or "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = reverse(settings.LOGIN_REDIRECT_URL)
            return redirect(target)
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if not AxesProxyHandler.is_allowed(request, credentials):
            request.session.pop(PENDING, None)
            return get_lockout_response(request, credentials=credentials)
        form.add_error("token", account_services.WRONG_CODE)
    return render(request, "registration/login_otp.html", {"form": form, "username": user.get_username()})


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's own login form would skip the lockout page and the second step: use ours. A user
    already signed in but not an administrator gets a clear refusal (sending them to the login page,
    which sends a signed-in user back to the admin, would loop)."""
    if request.user.is_authenticated and not (request.user.is_active and request.user.is_staff):
        return render(request, "registration/admin_forbidden.html", status=403)
    target = request.GET.get("next") or reverse("admin:index")
    return redirect(f"{reverse('login')}?{urlencode({'next': target})}")


def _qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code, made here (no service, nothing fetched)."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, dark="#111"))


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Xác thực hai bước: show the QR code of a new secret, enable with a code; verify a session;
    disable with a code. The secret is kept in the session until the code confirms it."""
    user = user_of(request)
    device = confirmed_totp(user)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = OtpCodeForm(posted(request))
    if action and form.is_valid():
        token = form.cleaned_data["token"]
        try:
            if action == "enable" and device is None:
                key = str(request.session.get(SETUP_KEY) or "")
                if not key:
                    raise ApplicationError("Mã QR đã hết hạn; hãy quét lại mã mới.", field="token")
                device = account_services.user_otp_enable(actor=user, key=key, token=token)
                request.session.pop(SETUP_KEY, None)
                otp_login(request, device)
                messages.success(request, "Đã bật xác thực hai bước. Từ nay, khi đăng nhập sẽ được hỏi mã.")
                return redirect("otp_setup")
            if action == "verify" and device is not None:
                if not (token.isdigit() and device.verify_token(int(token))):
                    raise ApplicationError(account_services.WRONG_CODE, field="token")
                otp_login(request, device)
                messages.success(request, "Đã xác thực phiên làm việc.")
                return redirect("home")
            if action == "disable" and device is not None:
                account_services.user_otp_disable(actor=user, token=token)
                messages.success(request, "Đã tắt xác thực hai bước.")
                return redirect("otp_setup")
            raise ApplicationError("Yêu cầu không hợp lệ; hãy tải lại trang.")
        except ApplicationError as error:
            form.show_error(error)
    context: dict[str, Any] = {
        "form": form,
        "device": device,
        "verified": bool(device is not None and user.is_verified()),  # type: ignore[attr-defined]
        "required": user.is_staff and settings.DANGBO_OTP_REQUIRED_FOR_STAFF,
    }
    if device is None:
        key = str(request.session.get(SETUP_KEY) or "")
        if not key:
            key = account_services.otp_new_key()
            request.session[SETUP_KEY] = key
        candidate = TOTPDevice(user=user, name=account_services.DEVICE_NAME, key=key)
        context["qr_svg"] = _qr_svg(candidate)
        secret = b32encode(unhexlify(key.encode())).decode()
        context["secret"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render(request, "registration/otp_setup.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Đổi mật khẩu: the current password, then the new one under the password rules. The change is
    audited (user.password) and revokes the user's API tokens in the same transaction; the session
    stays signed in, the user's other sessions end."""

    form_class = PasswordChangeForm
    template_name = "registration/password_change.html"

    def get_success_url(self) -> str:
        return reverse(settings.LOGIN_REDIRECT_URL)

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
        messages.success(
            self.request,
            "Đã đổi mật khẩu. Các mã truy cập API của tài khoản đã bị thu hồi; hãy tạo mã mới nếu cần.",
        )
        return response
