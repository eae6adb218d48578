"""password_changed: sent once a user's password has been changed and saved, whatever the path (the
page "Đổi mật khẩu", the admin's form, `changepassword`, set_password() then save() in a service).
A rehash of the same password by a stronger hasher at sign-in is not a change. The audit trail
records it; the API revokes the user's tokens."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save, pre_save
from django.dispatch import Signal, receiver

from dangbo.accounts.models import User

password_changed = Signal()  # sender=User, user=<the user>


@receiver(pre_save, sender=User)
def _remember_password(sender: type, instance: User, **kwargs: Any) -> None:
    previous = (
        User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
        if instance.pk
        else None
    )
    instance._previous_password = previous  # type: ignore[attr-defined]


@receiver(post_save, sender=User)
def _password_saved(
    sender: type, instance: User, created: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    previous = getattr(instance, "_previous_password", None)
    if created or previous is None or previous == instance.password:
        return
    # check_password()'s upgrade of the hash: set_password(), then _password cleared, then a save of
    # the password field alone — the same password, not a change
    rehash = getattr(instance, "_password", None) is None and set(update_fields or ()) == {"password"}
    if rehash and instance.has_usable_password():
        return
    password_changed.send(sender=User, user=instance)
