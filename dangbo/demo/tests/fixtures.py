"""The demo, loaded once per test process and shared by every module that asks for it.

Loading takes seconds (the services write 5.852 members, five years of reviews, the 2025 ward review,
dues, candidates and badges), so the demo is loaded once in each test process (each xdist worker),
inside a transaction that is never committed, and shared:

- `demo_state` (session) opens that transaction and loads the demo the first time a module asks;
- `demo` (module) opens a savepoint for the module, so whatever a module-scoped fixture writes on top
  of the demo is rolled back when the module ends; each test (pytest-django's `db`) runs in a savepoint
  inside it, as its non-transactional tests do;
- the hook `pytest_runtest_setup` of the root conftest.py (which registers this module as a plugin) rolls the whole demo back before the first
  test of a module that does not ask for it, so no other test ever sees it; and
  `pytest_collection_modifyitems` there puts the modules that ask for it last, so each process loads it
  once. Nothing is committed, on SQLite as on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test.utils import override_settings
from pytest_django import DjangoDbBlocker

from dangbo.demo.generator import DemoSummary, load_demo


class DemoState:
    """The demo of this test process: loaded inside an open transaction, or not loaded."""

    def __init__(self, blocker: DjangoDbBlocker) -> None:
        self.blocker = blocker
        self.summary: DemoSummary | None = None
        self.loads = 0
        self._outer: transaction.Atomic | None = None
        self.module_open = False

    def ensure_loaded(self) -> DemoSummary:
        if self.summary is not None:
            return self.summary
        with self.blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                    self.summary = load_demo()
            except BaseException:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                raise
        self._outer = outer
        self.loads += 1
        return self.summary

    def unload(self) -> None:
        """Rolls the demo back (between modules only: never while a module's savepoint is open)."""
        if self._outer is None:
            return
        assert not self.module_open, "the demo is unloaded while a module still uses it"
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self._outer.__exit__(None, None, None)
        self._outer = None
        self.summary = None


# set by the session fixture, read by the root conftest's hook (one test process, one state)
CURRENT: list[DemoState] = []


@pytest.fixture(scope="session")
def demo_state(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[DemoState]:
    state = DemoState(django_db_blocker)
    CURRENT.append(state)
    yield state
    state.unload()
    CURRENT.remove(state)


@pytest.fixture(scope="module")
def demo(demo_state: DemoState) -> Iterator[DemoSummary]:
    summary = demo_state.ensure_loaded()
    with demo_state.blocker.unblock():
        module = transaction.atomic()
        module.__enter__()
    demo_state.module_open = True
    try:
        yield summary
    finally:
        demo_state.module_open = False
        with demo_state.blocker.unblock():
            transaction.set_rollback(True)
            module.__exit__(None, None, None)
