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

# Every endpoint may answer these (besides its 200); a change may also answer 409 (CHANGE_ERRORS).
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
CHANGE_ERRORS: dict[int, type[ErrorOut]] = {**ERRORS, 409: ErrorOut}


def user_of(request: HttpRequest) -> User:
    """The user the request's token belongs to (set by TokenAuth)."""
    return cast("User", request.auth)  # type: ignore[attr-defined]


# The one answer for a record that does not exist and for one outside the user's scope: the two
# must not read differently (the API would otherwise tell who exists elsewhere).
NOT_FOUND = "Không tìm thấy (không có, hoặc không thuộc phạm vi của bạn)."


@contextmanager
def visible_only() -> Iterator[None]:
    """Reading: anything outside the user's scope is simply not found (404), never "forbidden",
    as on the web pages, with the very words of a record that does not exist; members' personal
    data seen through a viewer's role only is refused (403)."""
    try:
        yield
    except PersonalDataDenied:
        raise
    except (NotFound, PermissionDenied):
        raise NotFound(NOT_FOUND) from None


@contextmanager
def found_only() -> Iterator[None]:
    """Writing: a record outside the user's scope (NotFound from the selectors `*_for_update`) reads
    as one that does not exist; a read-only role where the user sees it stays a 403."""
    try:
        yield
    except NotFound:
        raise NotFound(NOT_FOUND) from None
