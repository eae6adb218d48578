"""The one place that decides which part of the tree a user may see and change.

A user's scope is the union of the subtrees of the nodes they hold a role on; superusers see all.
Every selector and service that touches organizations or members asks here, at one of three levels:

    read      (default)      reports, figures, dashboards and the tree with its counts: every role
    personal  personal=True  members' names, lists, files, histories, ratings by name, attendance,
                             planning, candidates, audit entries: every role but the read-only viewer
    write     write=True     changes: every role but the read-only viewer (write implies personal)

A person may hold several roles: a viewer of a district who is also staff of one ward reads the
district's reports and the ward's members.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, Q, QuerySet

from dangbo.core.exceptions import PermissionDenied, PersonalDataDenied

if TYPE_CHECKING:
    from dangbo.accounts.models import User
    from dangbo.organizations.models import Organization

M = TypeVar("M", bound=Model)

DENIED = "Bạn không có quyền với tổ chức hoặc đảng viên này."
READ_ONLY = "Vai trò của bạn chỉ cho phép xem."
NO_PERSONAL_DATA = (
    "Danh sách, hồ sơ đảng viên là tài liệu mật: vai trò của bạn chỉ cho phép xem báo cáo, số liệu "
    "tổng hợp của tổ chức này."
)


def scope_paths(user: User, *, write: bool = False, personal: bool = False) -> list[str] | None:
    """Path prefixes the user may reach (None: everything). personal=True: only through roles that
    see members' personal data; write=True: only through roles that write (both: not the viewer)."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    # personal data and writes go through the same roles (every one but the read-only viewer's): one
    # list, cached once, serves both
    restricted = write or personal
    cache_name = "_dangbo_scope_personal" if restricted else "_dangbo_scope_read"
    cached = getattr(user, cache_name, None)
    if cached is not None:
        return list(cached)
    from dangbo.accounts.models import RoleAssignment

    roles = RoleAssignment.objects.filter(user=user).select_related("organization")
    if restricted:
        roles = roles.exclude(role=RoleAssignment.Role.VIEWER)
    paths = sorted({r.organization.path for r in roles})
    # drop a path already covered by a shorter one
    minimal = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
    setattr(user, cache_name, minimal)
    return list(minimal)


def path_filter(user: User, field: str, *, write: bool = False, personal: bool = False) -> Q:
    """A Q matching rows whose `field` (a path) lies in the user's scope."""
    paths = scope_paths(user, write=write, personal=personal)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{field}__under": path})
    return condition


def scoped(
    user: User, queryset: QuerySet[M], path_field: str, *, write: bool = False, personal: bool = False
) -> QuerySet[M]:
    return queryset.filter(path_filter(user, path_field, write=write, personal=personal))


def path_in_scope(user: User, path: str, *, write: bool = False, personal: bool = False) -> bool:
    paths = scope_paths(user, write=write, personal=personal)
    return paths is None or any(path.startswith(p) for p in paths)


def sees_personal_data(user: User) -> bool:
    """Does the user see members' personal data anywhere (a role other than the viewer's)?"""
    return scope_paths(user, personal=True) != []


def require_personal_data(user: User) -> None:
    """For the pages of members' data that take no organization (the member search of the whole
    scope, conversions due, the audit trail): refused to a user who holds only viewer roles."""
    if not sees_personal_data(user):
        raise PersonalDataDenied(NO_PERSONAL_DATA)


def require_path(user: User, path: str, *, write: bool = False, personal: bool = False) -> None:
    """Outside the scope: PermissionDenied (the pages say 404). Inside it, through a viewer's role
    only: PermissionDenied(READ_ONLY) for a change, PersonalDataDenied for personal data (403)."""
    if not path_in_scope(user, path):
        raise PermissionDenied(DENIED)
    if write and not path_in_scope(user, path, write=True):
        raise PermissionDenied(READ_ONLY)
    if personal and not path_in_scope(user, path, personal=True):
        raise PersonalDataDenied(NO_PERSONAL_DATA)


def require_organization(
    user: User, organization: Organization, *, write: bool = False, personal: bool = False
) -> None:
    """require_path() on the organization's path."""
    require_path(user, organization.path, write=write, personal=personal)


def system_actor() -> User:
    """The actor of management commands run by the operator on the server: unscoped, never saved.
    Services record no user for it (recorded_by stays empty)."""
    from dangbo.accounts.models import User

    return User(username="system", is_superuser=True, is_active=True)
