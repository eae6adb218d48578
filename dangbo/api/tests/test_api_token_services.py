"""api_token_create / api_token_revoke: a user manages their own tokens (an administrator or the
operator anyone's), the secret is never stored nor audited, each change is audited."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dangbo.accounts.scope import system_actor
from dangbo.api.models import ApiToken
from dangbo.api.services import MAX_ACTIVE_TOKENS, api_token_create, api_token_revoke
from dangbo.audit.models import AuditEntry
from dangbo.core.dates import today
from dangbo.core.exceptions import ApplicationError, NotFound, PermissionDenied


@pytest.mark.django_db
def test_creating_a_token_is_audited_without_the_secret(personas):
    officer = personas["officer"]
    token, raw = api_token_create(actor=officer, user=officer, name="  Phần mềm  thống kê ")
    assert raw.startswith("dbo_") and len(raw) > 40 and token.prefix == raw[:10]
    assert token.name == "Phần mềm thống kê"  # NFC, spaces collapsed
    entry = AuditEntry.objects.get(action="api_token.create")
    assert entry.actor == officer and entry.target_id == str(token.pk)
    assert raw not in json_of(entry) and token.digest not in json_of(entry)


def json_of(entry: AuditEntry) -> str:
    return f"{entry.before} {entry.after} {entry.target_label}"


@pytest.mark.django_db
def test_a_user_may_not_create_a_token_for_someone_else(personas):
    with pytest.raises(PermissionDenied):
        api_token_create(actor=personas["officer"], user=personas["secretary_a"], name="x")
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_the_operator_and_an_administrator_may(personas):
    api_token_create(actor=system_actor("kiểm thử"), user=personas["secretary_a"], name="đồng bộ")
    api_token_create(actor=personas["admin"], user=personas["secretary_a"], name="báo cáo")
    assert ApiToken.objects.filter(user=personas["secretary_a"]).count() == 2


@pytest.mark.django_db
def test_a_name_is_required_and_an_expiry_must_be_in_the_future(personas):
    user = personas["officer"]
    with pytest.raises(ApplicationError) as error:
        api_token_create(actor=user, user=user, name=" ")
    assert error.value.field == "name"
    with pytest.raises(ApplicationError) as error:
        api_token_create(actor=user, user=user, name="x", expires_on=today())
    assert error.value.field == "expires_on"
    api_token_create(actor=user, user=user, name="x", expires_on=today() + timedelta(days=1))


@pytest.mark.django_db
def test_at_most_ten_active_tokens(personas):
    user = personas["officer"]
    tokens = [api_token_create(actor=user, user=user, name=f"m{i}")[0] for i in range(MAX_ACTIVE_TOKENS)]
    with pytest.raises(ApplicationError, match="tối đa 10 mã"):
        api_token_create(actor=user, user=user, name="một mã nữa")
    api_token_revoke(actor=user, token_id=tokens[0].pk)
    api_token_create(actor=user, user=user, name="một mã nữa")


@pytest.mark.django_db
def test_revoking_is_audited_and_only_once(personas):
    user = personas["officer"]
    token, _ = api_token_create(actor=user, user=user, name="x")
    api_token_revoke(actor=user, token_id=token.pk)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert (
        AuditEntry.objects.filter(action="api_token.revoke", target_id=str(token.pk), actor=user).count() == 1
    )
    with pytest.raises(ApplicationError, match="đã được thu hồi"):
        api_token_revoke(actor=user, token_id=token.pk)


@pytest.mark.django_db
def test_someone_elses_token_is_not_found(personas):
    owner = personas["secretary_a"]
    token, _ = api_token_create(actor=owner, user=owner, name="x")
    with pytest.raises(NotFound):
        api_token_revoke(actor=personas["secretary_b"], token_id=token.pk)
    with pytest.raises(NotFound):
        api_token_revoke(actor=personas["admin"], token_id=token.pk, owner=personas["admin"])
    token.refresh_from_db()
    assert token.revoked_at is None
