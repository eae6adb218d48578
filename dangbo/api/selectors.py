"""Reads of API tokens: a user sees their own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F, QuerySet

from dangbo.api.models import ApiToken

if TYPE_CHECKING:
    from dangbo.accounts.models import User


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's tokens, the active ones first, newest first."""
    return ApiToken.objects.filter(user=user).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at", "-pk"
    )
