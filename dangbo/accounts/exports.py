"""An export of personal data recorded in the audit trail, under the exporting user's scope."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from dangbo.accounts.models import User
from dangbo.accounts.scope import scope_paths
from dangbo.audit.models import AuditEntry
from dangbo.audit.services import audit_record


def export_record(
    *,
    actor: User,
    action: str,
    label: str,
    organization: models.Model | None = None,
    details: dict[str, Any] | None = None,
    target: models.Model | None = None,
) -> AuditEntry:
    """An export of personal data (a list, the register, ratings, a report naming members, a read of
    the API): who took which file of which subtree. Recorded before the data is sent; an
    organization's exports show on its page. Without an organization (the whole scope), the entry
    belongs to the user's scope. With `target` (one member's file), the entry is that record's, in
    the subtree of `organization`."""
    scope_path = ""
    if organization is not None:
        scope_path = str(getattr(organization, "path", ""))
    else:
        paths = scope_paths(actor) or []
        scope_path = paths[0] if len(paths) == 1 else ""
    with transaction.atomic():
        return audit_record(
            actor=actor,
            action=action,
            target=target if target is not None else organization,
            target_type="" if target is not None or organization is not None else "scope",
            target_id="" if target is not None or organization is not None else str(actor.pk or ""),
            label=label,
            after=details or {},
            scope_path=scope_path,
        )
