"""Reading the audit trail: an officer sees the entries of their subtree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q, QuerySet

from dangbo.accounts.scope import path_filter
from dangbo.audit.models import AuditEntry
from dangbo.core.text import nfc

if TYPE_CHECKING:
    from dangbo.accounts.models import User


def audit_entries(user: User, *, query: str = "", target: models.Model | None = None) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.filter(path_filter(user, "scope_path"))
    if target is not None:
        entries = entries.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
    text = nfc(query or "")
    if text:
        entries = entries.filter(
            Q(target_label__icontains=text) | Q(action__icontains=text) | Q(actor_name__icontains=text)
        )
    return entries.select_related("actor")
