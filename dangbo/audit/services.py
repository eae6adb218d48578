"""audit_record: called by every service that changes something, inside its transaction. Low in the
layers (below dangbo.accounts): the actor is any user model instance, a user or
dangbo.accounts.scope.system_actor(reason)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction

from dangbo.audit import registry
from dangbo.audit.context import client_ip, system_reason
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
    actor: AbstractBaseUser,
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
    if not isinstance(actor, AbstractBaseUser):
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
        actor_id=actor.pk,  # None for the system actor (never saved)
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
