"""A password change, by any path, revokes the user's API tokens."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from dangbo.accounts.models import User
from dangbo.accounts.signals import password_changed
from dangbo.api.services import api_tokens_revoke_all
from dangbo.audit.context import request_actor


@receiver(password_changed, sender=User)
def _revoke_tokens(sender: type, user: User, **kwargs: Any) -> None:
    api_tokens_revoke_all(
        actor=request_actor("đổi mật khẩu ngoài trang web"), user=user, reason="password_changed"
    )
