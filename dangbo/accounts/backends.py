"""django-axes' backend, tolerant of calls without a request.

Every sign-in over HTTP passes the request (the login form, the admin through it, an API's
authentication), so django-axes counts and locks it. A call with no request comes from the server
itself (a shell, a management command, Django's test client's login()): there is no client address
to lock, so the check is skipped instead of raising AxesBackendRequestParameterRequired."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if request is None:
            return None  # nothing to count: the next backend checks the password
        return super().authenticate(request, username=username, password=password, **kwargs)
