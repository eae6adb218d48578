"""The page of the user's menu where they create and revoke their personal API tokens
(/tai-khoan/ma-api/). A new token is shown once, in the answer to its creation, never stored."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dangbo.accounts.requests import user_of
from dangbo.api import services
from dangbo.api.selectors import tokens_of
from dangbo.core.dates import DateKind
from dangbo.core.exceptions import ApplicationError, NotFound
from dangbo.ui.forms import VnDateField, VnForm, text


class TokenForm(VnForm):
    name = text("Tên gợi nhớ", required=True, max_length=100, help_text="Phần mềm hoặc việc dùng mã này.")
    expires_on = VnDateField(
        label="Hết hạn ngày", required=False, kind=DateKind.DAY, help_text="Để trống: dùng đến khi thu hồi."
    )


@never_cache
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """Mã truy cập API: the user's tokens; POST creates one and shows it once."""
    user = user_of(request)
    form = TokenForm(request.POST if request.method == "POST" else None)
    created: dict[str, Any] | None = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = services.api_token_create(
                actor=user,
                user=user,
                name=form.cleaned_data["name"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except ApplicationError as error:
            form.show_error(error)
        else:
            created = {"token": token, "raw": raw}
            form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": list(tokens_of(user)), "created": created},
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Thu hồi một mã: only the user's own (another user's token is not found)."""
    user = user_of(request)
    try:
        token = services.api_token_revoke(actor=user, token_id=token_id, owner=user)
    except NotFound as error:
        raise Http404(error.message) from None
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã thu hồi mã “{token.name}”: mã này không dùng được nữa.")
    return redirect("api_tokens")
