"""Who and from where: the request's user and client address, carried to the audit trail without
threading them through every signature (context variables set by the middleware, which must come
after the authentication middleware). dangbo.accounts.scope.request_actor reads the user."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse

from dangbo.core.clientip import client_ip as request_client_ip

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)
current_user: ContextVar[Any] = ContextVar("current_user", default=None)


def system_reason(actor: AbstractBaseUser) -> str | None:
    """The reason of a system actor (None for a user)."""
    if actor.pk is not None:
        return None
    return getattr(actor, "system_reason", None)


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        ip_token = client_ip.set(request_client_ip(request))  # behind a trusted proxy: the real client
        user = getattr(request, "user", None)
        user_token = current_user.set(user if user is not None and user.is_authenticated else None)
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(ip_token)
            current_user.reset(user_token)
