"""The one place that decides which part of the tree a user may see and change.

A user's scope is the union of the subtrees of the nodes they hold a role on; superusers see all.
Every selector and service that touches organizations or members asks authorize() here, at one of
three levels (and, for a change decided by the level above, superior=True):

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
ROOT_ONLY = "Chỉ quản trị hệ thống có quyền với tổ chức cấp cao nhất (không có cấp trên)."
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


def _parent_path(path: str) -> str:
    """The path of the node above ("/" above a root: reached by no role, only by the unscoped)."""
    return path[: path.rstrip("/").rfind("/") + 1] or "/"


def authorize(
    actor: User,
    where: Organization | str,
    *,
    write: bool = False,
    personal: bool = False,
    superior: bool = False,
    refusal: str | None = None,
    field: str | None = None,
) -> None:
    """The one check of a right on a node of the tree (an organization, or its path), called by every
    service before it changes anything and by the selectors before they read.

    `actor` is a user or the explicit system actor (system_actor(reason)), never None: the system
    passes this check because it is unscoped, visibly, not because the check was skipped.

        read        (default)       the node is in the actor's scope
        personal    personal=True   ... through a role that sees members' personal data
        write       write=True      ... through a role that writes (every role but the viewer's)
        superior    superior=True   the right is held on the level above the node (targets are set,
                                    a node is changed, by its superior; a root: only the unscoped)

    Refused: outside the scope, PermissionDenied(DENIED) (the pages say 404); inside it through a
    viewer's role only, PermissionDenied(READ_ONLY) for a change, PersonalDataDenied for personal
    data (403). With `refusal` (the rule's own message, e.g. who decides an event), every refusal
    says that message instead, naming `field`."""
    from dangbo.accounts.models import User

    if not isinstance(actor, User):
        raise TypeError(f"authorize needs an actor (a user or system_actor(reason)), not {actor!r}")
    if system_reason(actor) is not None:
        return  # the system (a command, the demo loader), unscoped: the one early return
    path = where if isinstance(where, str) else where.path
    if superior:
        path = _parent_path(path)
    if path == "/" and scope_paths(actor, write=write) is not None:  # above the roots (a new root)
        raise PermissionDenied(refusal or ROOT_ONLY, field=field)
    if not path_in_scope(actor, path):
        raise PermissionDenied(refusal or DENIED, field=field)
    if write and not path_in_scope(actor, path, write=True):
        raise PermissionDenied(refusal or READ_ONLY, field=field)
    if personal and not path_in_scope(actor, path, personal=True):
        if refusal:
            raise PermissionDenied(refusal, field=field)
        raise PersonalDataDenied(NO_PERSONAL_DATA, field=field)


SYSTEM_USERNAME = "system"


def system_actor(reason: str) -> User:
    """The one meaning of "the system": the actor of management commands run by the operator on the
    server, of the demo loader and of changes saved outside a request (createsuperuser, a shell).
    Unscoped (a superuser), never saved; `reason` says which command acts and goes into the audit
    entry's name of the actor. Services record no user for it (recorded_by stays empty)."""
    from dangbo.accounts.models import User

    reason = (reason or "").strip()
    if not reason:
        raise ValueError("system_actor needs a reason (the command or loader that acts)")
    actor = User(username=SYSTEM_USERNAME, is_superuser=True, is_active=True)
    actor.system_reason = reason  # type: ignore[attr-defined]
    return actor


def system_reason(actor: User) -> str | None:
    """The reason of a system actor (None for a user)."""
    if actor.pk is not None:
        return None
    return getattr(actor, "system_reason", None)
