"""Serialize the writers of one grassroots organization's ratings.

The 20 % cap (rules.excellent_cap_change) counts the ratings of a grassroots organization and a
year, then writes one: two writers counting at the same moment would both see room for one more
HTXSNV member. Every service that writes a member's rating locks the row of the grassroots
organization the cap counts over (and of the one the member leaves, when it changes) before it
counts, so the second writer counts after the first has committed. The same lock keeps the tallies
(evaluations.tallies) of the organization's cells from being recounted by two writers at once.

PostgreSQL: SELECT … FOR NO KEY UPDATE on the organizations' rows, in id order (two writers locking
two groups take them in the same order: no deadlock). NO KEY: inserting rows that refer to the
organization (its members, its ratings: a foreign key takes FOR KEY SHARE) is not blocked. SQLite:
nothing to do, a write transaction there starts with the database's write lock (config/settings.py:
transaction_mode IMMEDIATE), so writers are already serialized.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from dangbo.organizations.models import Organization

_CHUNK = 5000


def lock_grassroots(ids: Iterable[int | None]) -> list[int]:
    """Lock the rows of these grassroots organizations until the transaction ends (the caller's:
    called inside transaction.atomic). Returns the ids, sorted."""
    wanted = sorted({i for i in ids if i is not None and i > 0})
    if not wanted or not connection.features.has_select_for_update:
        return wanted
    for start in range(0, len(wanted), _CHUNK):
        list(
            Organization.objects.select_for_update(no_key=True)
            .filter(pk__in=wanted[start : start + _CHUNK])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    return wanted
