"""Every write to API tokens: creating one (its secret returned once), revoking one, and the
authentication of a request by its token. Creation and revocation are audited in their transaction."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from dangbo.accounts.scope import DENIED
from dangbo.api.models import ApiToken
from dangbo.audit.services import audit_record, snapshot
from dangbo.core.dates import today
from dangbo.core.exceptions import ApplicationError, NotFound, PermissionDenied
from dangbo.core.text import nfc

if TYPE_CHECKING:
    from dangbo.accounts.models import User

TOKEN_PREFIX = "dbo_"
MAX_ACTIVE_TOKENS = 10
_AUDIT_FIELDS = ("user_id", "name", "prefix", "expires_on", "revoked_at")
TOUCH_EVERY = timedelta(minutes=1)


def token_digest(raw: str) -> str:
    """The stored form of a token. The token carries 256 random bits, so a plain SHA-256 is enough
    (a slow password hash would only slow every request down)."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _may_manage(actor: User, user: User) -> bool:
    return bool(actor.is_superuser or (actor.pk is not None and actor.pk == user.pk))


@transaction.atomic
def api_token_create(
    *, actor: User, user: User, name: str, expires_on: date | None = None
) -> tuple[ApiToken, str]:
    """Tạo mã truy cập API for `user` (the user themself, or an administrator / the operator).
    Returns the token row and the secret, which is never stored and cannot be shown again."""
    if not _may_manage(actor, user):
        raise PermissionDenied(DENIED)
    if not user.is_active:
        raise ApplicationError(f"Tài khoản {user.get_username()} đã bị khóa.", field="user")
    name = nfc(name or "").strip()
    if not name:
        raise ApplicationError("Phải đặt tên gợi nhớ cho mã (ví dụ: “Đồng bộ phần mềm X”).", field="name")
    if len(name) > 100:
        raise ApplicationError("Tên gợi nhớ dài tối đa 100 ký tự.", field="name")
    if expires_on is not None and expires_on <= today():
        raise ApplicationError("Ngày hết hạn phải sau hôm nay.", field="expires_on")
    active = ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    if len(list(active)) >= MAX_ACTIVE_TOKENS:
        raise ApplicationError(
            f"Mỗi người dùng có tối đa {MAX_ACTIVE_TOKENS} mã đang dùng; hãy thu hồi mã không còn dùng.",
            field="name",
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        digest=token_digest(raw),
        expires_on=expires_on,
    )
    audit_record(
        actor=actor,
        action="api_token.create",
        target=token,
        label=f"{user.get_username()} — {name}",
        after=snapshot(token, _AUDIT_FIELDS),
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: User, token_id: int, owner: User | None = None) -> ApiToken:
    """Thu hồi mã truy cập API: the token stops working at once; its row stays. With `owner`, only a
    token of that user is found (the page of one's own tokens)."""
    token = ApiToken.objects.select_for_update().select_related("user").filter(pk=token_id).first()
    if (
        token is None
        or not _may_manage(actor, token.user)
        or (owner is not None and token.user_id != owner.pk)
    ):
        raise NotFound("Không tìm thấy mã truy cập này.")
    if token.revoked_at is not None:
        raise ApplicationError("Mã này đã được thu hồi.", field="token")
    before = snapshot(token, _AUDIT_FIELDS)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="api_token.revoke",
        target=token,
        label=f"{token.user.get_username()} — {token.name}",
        before=before,
        after=snapshot(token, _AUDIT_FIELDS),
    )
    return token


def api_token_authenticate(raw: str) -> User | None:
    """The active user a token belongs to, or None (unknown, revoked, expired, the user locked, or a
    staff user without a second factor while it is required).
    Records when the token was last used (at most once a minute: not an audited change)."""
    if not raw or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if _second_factor_missing(token.user):
        return None
    if token.expires_on is not None and token.expires_on <= today():
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def api_tokens_revoke_all(*, actor: User, user: User, reason: str) -> int:
    """Every active token of `user` stops working (a password change: whoever held the old password
    may have made one). Their rows stay; one audit entry says how many and why."""
    with transaction.atomic():
        active = ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
        ids = sorted(active.values_list("pk", flat=True))
        if not ids:
            return 0
        ApiToken.objects.filter(pk__in=ids).update(revoked_at=timezone.now())
        audit_record(
            actor=actor,
            action="api_token.revoke_all",
            target=user,
            label=f"{user.get_username()} — {len(ids)} mã",
            after={"tokens": ids, "reason": reason},
        )
    return len(ids)


def _second_factor_missing(user: User) -> bool:
    """A staff user without a confirmed authenticator, while DANGBO_OTP_REQUIRED_FOR_STAFF is on:
    their token would let them in with the password's strength alone."""
    from django.conf import settings

    from dangbo.accounts.selectors import confirmed_totp

    return bool(settings.DANGBO_OTP_REQUIRED_FOR_STAFF and user.is_staff and confirmed_totp(user) is None)
