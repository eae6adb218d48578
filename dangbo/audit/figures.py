"""Figures computed from the records, kept between requests until the records change (issue 18).

Every change of the records is one service call that writes its audit entry in the same transaction
(docs/architecture.md), so the highest audit entry id names the state of the records: figures
computed after reading it are kept under it in Django's cache (each process's memory by default,
settings.CACHES) and served again while no change has been made; the next change gives a new id and
the figures are computed afresh. Inside a transaction (a page that writes, then reads) nothing is kept
or read: its writes may still be rolled back. A write that bypasses the services (bench/generate.py,
raw SQL) leaves the figures of before it until the server restarts (or the cache is cleared).
DANGBO_FIGURES_CACHE=false turns it off.

Within one request the version is read once (`current_version`): a page keeping five figures asks for it
once, not five times; an audit entry written during the request (an export's) forgets it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import BigIntegerField, Count, ExpressionWrapper, Max, Subquery

from dangbo.audit.models import AuditEntry

T = TypeVar("T")
TIMEOUT = 3600  # seconds: figures nobody asked for again go after an hour
_MISSING = object()


# How far back a late commit is seen: ids are handed out when a transaction writes its entry, not when
# it commits, so a change may commit after a later id is visible (PostgreSQL): the count of the entries
# among the last RECENT ids changes when it does.
RECENT = 1000


def records_version() -> tuple[int, int]:
    """(the id of the latest audit entry, how many entries the last RECENT ids hold), in one query:
    changes with every change of the records, also with one that committed after a later id."""
    latest = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True)[:1]
    figures = AuditEntry.objects.filter(
        pk__gt=ExpressionWrapper(Subquery(latest) - RECENT, output_field=BigIntegerField())
    ).aggregate(latest=Max("pk"), recent=Count("pk"))
    return figures["latest"] or 0, figures["recent"]


# the version read during the current request: None outside a request (nothing remembered), an empty
# dict at its start (request_started), the version once read
_memo: ContextVar[dict[str, tuple[int, int]] | None] = ContextVar("dangbo_records_version", default=None)


def request_started(**kwargs: Any) -> None:
    _memo.set({})


def request_finished(**kwargs: Any) -> None:
    _memo.set(None)


def forget_version(**kwargs: Any) -> None:
    """An audit entry was written: the records changed, the version must be read again."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()


def current_version() -> tuple[int, int]:
    """records_version(), read once per request."""
    memo = _memo.get()
    if memo is None:
        return records_version()
    if "version" not in memo:
        memo["version"] = records_version()
    return memo["version"]


def _in_transaction() -> bool:
    return connection.in_atomic_block


def kept(name: str, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """compute(), or what it returned for the same name and key while the records have not changed.
    The caller has checked the user's scope: the key holds everything the figures depend on."""
    if not settings.DANGBO_FIGURES_CACHE or _in_transaction():
        return compute()
    digest = hashlib.sha256(repr((name, current_version(), key)).encode()).hexdigest()
    cache_key = f"dangbo:figures:{digest}"
    found = cache.get(cache_key, _MISSING)
    if found is not _MISSING:
        return found  # type: ignore[return-value]
    value = compute()
    cache.set(cache_key, value, TIMEOUT)
    return value
