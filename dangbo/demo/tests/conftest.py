"""The demo, loaded once per test module inside a transaction that is rolled back afterwards.

Loading takes seconds, so a module shares one load: the module-scoped fixture opens a transaction,
loads the demo and keeps the transaction open while the module's tests run; each test (with the `db`
fixture) runs in a savepoint inside it, as pytest-django's non-transactional tests do. Nothing is
committed, on SQLite as on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test.utils import override_settings
from pytest_django import DjangoDbBlocker

from dangbo.demo.generator import DemoSummary, load_demo


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[DemoSummary]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                summary = load_demo()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield summary
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
