"""What the top bar needs on every page: whether to link the pages of members' personal data (the
member list, the audit trail that names them …), computed only when used; a read-only viewer's
roles give none."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def security(request: HttpRequest) -> dict[str, Any]:
    def personal_data() -> bool:
        from dangbo.accounts.scope import sees_personal_data

        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated and sees_personal_data(user))  # type: ignore[arg-type]

    flag = SimpleLazyObject(personal_data)
    return {"personal_data": flag, "can_read_audit": flag}  # the trail names members: the same rule
