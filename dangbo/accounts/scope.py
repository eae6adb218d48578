"""The one place that decides which part of the tree a user may see and change.

A user's scope is the union of the subtrees of the nodes they hold a role on; superusers see all.
Every selector and service that touches organizations or members asks here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, Q, QuerySet

from dangbo.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from dangbo.accounts.models import User
    from dangbo.organizations.models import Organization

M = TypeVar("M", bound=Model)

DENIED = "Bạn không có quyền với tổ chức hoặc đảng viên này."
READ_ONLY = "Vai trò của bạn chỉ cho phép xem."


def scope_paths(user: User, *, write: bool = False) -> list[str] | None:
    """Path prefixes the user may reach (None: everything). With write=True, only roles that write."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    cache_name = "_dangbo_scope_write" if write else "_dangbo_scope_read"
    cached = getattr(user, cache_name, None)
    if cached is not None:
        return list(cached)
    from dangbo.accounts.models import RoleAssignment

    roles = RoleAssignment.objects.filter(user=user).select_related("organization")
    if write:
        roles = roles.exclude(role=RoleAssignment.Role.VIEWER)
    paths = sorted({r.organization.path for r in roles})
    # drop a path already covered by a shorter one
    minimal = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
    setattr(user, cache_name, minimal)
    return list(minimal)


def path_filter(user: User, field: str, *, write: bool = False) -> Q:
    """A Q matching rows whose `field` (a path) lies in the user's scope."""
    paths = scope_paths(user, write=write)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{field}__under": path})
    return condition


def scoped(user: User, queryset: QuerySet[M], path_field: str, *, write: bool = False) -> QuerySet[M]:
    return queryset.filter(path_filter(user, path_field, write=write))


def path_in_scope(user: User, path: str, *, write: bool = False) -> bool:
    paths = scope_paths(user, write=write)
    return paths is None or any(path.startswith(p) for p in paths)


def require_organization(user: User, organization: Organization, *, write: bool = False) -> None:
    if not path_in_scope(user, organization.path, write=False):
        raise PermissionDenied(DENIED)
    if write and not path_in_scope(user, organization.path, write=True):
        raise PermissionDenied(READ_ONLY)


def system_actor() -> User:
    """The actor of management commands run by the operator on the server: unscoped, never saved.
    Services record no user for it (recorded_by stays empty)."""
    from dangbo.accounts.models import User

    return User(username="system", is_superuser=True, is_active=True)
