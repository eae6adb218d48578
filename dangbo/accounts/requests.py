"""The user of a request, typed as the project's User (the authentication middleware has run and
every page but the login page requires a signed-in user)."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest

from dangbo.accounts.models import User


def user_of(request: HttpRequest) -> User:
    return cast("User", request.user)
