"""Roles and permissions change through the Django admin: their saves and deletions are audited
in the admin's transaction (or right after the change, when Django saves it outside one)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from dangbo.accounts.models import RoleAssignment, User
from dangbo.accounts.signals import password_changed
from dangbo.audit.context import request_actor
from dangbo.audit.services import audit_record, snapshot


def _actor() -> User:
    """The user of the admin's request, or the system for a change saved outside one."""
    actor: User = request_actor("thay đổi ngoài trang web")
    return actor


_USER_FIELDS = ("username", "full_name", "is_active", "is_staff", "is_superuser")


@receiver(post_save, sender=RoleAssignment)
def _role_saved(sender: type, instance: RoleAssignment, created: bool, **kwargs: Any) -> None:
    audit_record(
        actor=_actor(),
        action="role.grant" if created else "role.change",
        target=instance,
        label=f"{instance.user} — {instance.get_role_display()} — {instance.organization.name}",
        after=snapshot(instance, ("user_id", "organization_id", "role")),
        scope_path=instance.organization.path,
        in_transaction=False,
    )


@receiver(post_delete, sender=RoleAssignment)
def _role_deleted(sender: type, instance: RoleAssignment, **kwargs: Any) -> None:
    audit_record(
        actor=_actor(),
        action="role.revoke",
        target=instance,
        label=f"{instance.user} — {instance.get_role_display()} — {instance.organization.name}",
        before=snapshot(instance, ("user_id", "organization_id", "role")),
        scope_path=instance.organization.path,
        in_transaction=False,
    )


@receiver(pre_save, sender=User)
def _user_before(sender: type, instance: User, **kwargs: Any) -> None:
    previous = User.objects.filter(pk=instance.pk).first() if instance.pk else None
    instance._audit_before = snapshot(previous, _USER_FIELDS) if previous else None  # type: ignore[attr-defined]


@receiver(post_save, sender=User)
def _user_saved(sender: type, instance: User, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_audit_before", None)
    after = snapshot(instance, _USER_FIELDS)
    if not created and before == after:
        return  # e.g. last_login: not a change of rights
    audit_record(
        actor=_actor(),
        action="user.create" if created else "user.change",
        target=instance,
        before=before,
        after=after,
        in_transaction=False,
    )


@receiver(m2m_changed, sender=User.user_permissions.through)
@receiver(m2m_changed, sender=User.groups.through)
def _permissions_changed(
    sender: type, instance: Any, action: str, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if action not in ("post_add", "post_remove", "post_clear") or not isinstance(instance, User):
        return
    audit_record(
        actor=_actor(),
        action=f"user.permissions.{action.removeprefix('post_')}",
        target=instance,
        after={"ids": sorted(pk_set or [])},
        in_transaction=False,
    )


@receiver(password_changed, sender=User)
def _password_changed(sender: type, user: User, **kwargs: Any) -> None:
    """Whoever changed it (the user on their page, an administrator in the admin, the operator's
    command as "hệ thống"); never the password or its hash."""
    audit_record(
        actor=_actor(),
        action="user.password",
        target=user,
        after={"password": "đã đổi" if user.has_usable_password() else "đã vô hiệu hóa"},
        in_transaction=False,
    )
