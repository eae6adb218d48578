"""What the endpoints share: the token's user, and reads that answer 404 outside the scope."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, cast

from django.http import HttpRequest

from dangbo.api.schemas import ErrorOut
from dangbo.core.exceptions import NotFound, PermissionDenied, PersonalDataDenied

if TYPE_CHECKING:
    from dangbo.accounts.models import User

# Every endpoint may answer these (besides its 200).
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def user_of(request: HttpRequest) -> User:
    """The user the request's token belongs to (set by TokenAuth)."""
    return cast("User", request.auth)  # type: ignore[attr-defined]


@contextmanager
def visible_only() -> Iterator[None]:
    """Reading: anything outside the user's scope is simply not found (404), never "forbidden",
    as on the web pages; members' personal data seen through a viewer's role only is refused (403)."""
    try:
        yield
    except PersonalDataDenied:
        raise
    except PermissionDenied as error:
        raise NotFound(error.message, field=error.field) from None
