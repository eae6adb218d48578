"""The audit actions, each declared by the app whose code writes it.

Every app that writes audit entries has a module ``audit_actions.py`` holding a ``TextChoices`` of its
actions (value = the action key written, label = how a person reads it) and declaring it here with
``declare(title, Choices)``. The audit app imports those modules at start (``autodiscover_modules``, the
mechanism of django.contrib.admin), so a label sits next to the code that writes the action and the
audit app needs no list of its own. ``audit_record`` refuses an action no app declared.

A new action: add a member to its app's ``AuditAction`` class (e.g. ``PASSWORD = "user.password", "Đổi
mật khẩu"``); a new app: create ``<app>/audit_actions.py`` the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Group:
    title: str
    choices: type[models.TextChoices]


_GROUPS: dict[str, Group] = {}
_LABELS: dict[str, str] = {}
_OWNERS: dict[str, str] = {}


class UndeclaredAction(ValueError):
    pass


def declare(title: str, choices: type[models.TextChoices]) -> type[models.TextChoices]:
    """Declare an app's actions under a group title (the filter of the search page groups by it)."""
    key = f"{choices.__module__}.{choices.__qualname__}"
    for value, label in choices.choices:
        if _OWNERS.setdefault(value, key) != key:
            raise ValueError(f"audit action {value!r} declared by {_OWNERS[value]} and {key}")
        _LABELS[value] = str(label)
    _GROUPS[key] = Group(title, choices)
    return choices


def label(action: str) -> str | None:
    return _LABELS.get(action)


def is_declared(action: str) -> bool:
    return action in _LABELS


def check(action: str) -> None:
    if action not in _LABELS:
        raise UndeclaredAction(
            f"audit action {action!r} is not declared: add it to the AuditAction of its app's audit_actions.py"
        )


def groups() -> list[Group]:
    return list(_GROUPS.values())


def all_actions() -> dict[str, str]:
    return dict(_LABELS)


def autodiscover() -> None:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("audit_actions")
