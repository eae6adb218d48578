"""audit_record: called by every service that changes something, inside its transaction."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from dangbo.accounts.models import User
from dangbo.accounts.scope import system_reason
from dangbo.audit import registry
from dangbo.audit.context import client_ip
from dangbo.audit.models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The instance's concrete fields (or the listed ones) as JSON-ready values."""
    names = fields or tuple(f.attname for f in instance._meta.concrete_fields)
    return {name: _plain(getattr(instance, name)) for name in names}


def audit_record(
    *,
    actor: User,
    action: str,
    target: models.Model | None = None,
    label: str = "",
    target_type: str = "",
    target_id: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    scope_path: str = "",
    in_transaction: bool = True,
) -> AuditEntry:
    """in_transaction=False only for changes Django itself saves outside a transaction (a user
    created by createsuperuser): the entry then follows the change instead of sharing its commit.
    Without a target model (a backup, an export of a whole list), name it by target_type/target_id.
    `actor` is the user, or system_actor(reason) whose reason is written in the entry."""
    if not isinstance(actor, User):
        raise TypeError(f"audit_record needs an actor (a user or system_actor(reason)), not {actor!r}")
    registry.check(action)  # every action written has its label, declared by its app
    if target is None and not target_type:
        raise ValueError("audit_record needs a target or a target_type")
    if in_transaction and not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the change's transaction")
    changed_before, changed_after = before, after
    if before is not None and after is not None:
        keys = [k for k in after if before.get(k) != after.get(k)]
        changed_before = {k: _plain(before[k]) for k in keys if k in before}
        changed_after = {k: _plain(after.get(k)) for k in keys}
    reason = system_reason(actor)
    return AuditEntry.objects.create(
        actor=actor if actor.pk else None,
        actor_name=(f"hệ thống ({reason})" if reason else actor.get_username() or "hệ thống")[:150],
        ip=client_ip.get(),
        action=action,
        target_type=target._meta.label_lower if target is not None else target_type,
        target_id=str(target.pk) if target is not None else target_id,
        target_label=(label or str(target if target is not None else target_type))[:255],
        before=_plain(changed_before),
        after=_plain(changed_after),
        scope_path=scope_path,
    )


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
    from dangbo.accounts.scope import scope_paths

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
