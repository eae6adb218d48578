"""What the top bar needs on every page: whether to link the audit trail (computed only when used)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def security(request: HttpRequest) -> dict[str, Any]:
    def can_read_audit() -> bool:
        from dangbo.audit.selectors import can_read_audit as allowed

        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated and allowed(user))  # type: ignore[arg-type]

    return {"can_read_audit": SimpleLazyObject(can_read_audit)}
