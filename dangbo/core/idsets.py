"""Reading the rows of many ids without an IN list per 900 of them.

A file's or a subtree's members mostly have ids in a dense run (they were written together), and an
`IN (…)` of 900 parameters costs the ORM a conversion of every value and SQLite a parse of every
parameter: a dense run is read by one range instead, the rows of ids outside the set left out by
the caller (`wanted`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

IN_CHUNK = 900  # ids in one IN list (SQLite's default limit on parameters, with room to spare)
SPAN = 20_000  # ids read by one range at most


def id_lookups(field: str, ids: Sequence[int]) -> Iterator[tuple[dict[str, Any], frozenset[int]]]:
    """(ORM lookups, the ids they are for) covering the sorted, distinct `ids`: `field__gte` and
    `field__lte` over a run of up to SPAN ids spread over at most twice as many (a foreign key has no
    `__range`), else `field__in` of up to IN_CHUNK. A range may match ids not wanted: the caller
    keeps the rows whose id is in the set given with it."""
    start = 0
    while start < len(ids):
        end = min(start + SPAN, len(ids))
        if end - start > IN_CHUNK and ids[end - 1] - ids[start] < 2 * (end - start):
            yield {f"{field}__gte": ids[start], f"{field}__lte": ids[end - 1]}, frozenset(ids[start:end])
        else:
            end = min(start + IN_CHUNK, len(ids))
            yield {f"{field}__in": list(ids[start:end])}, frozenset(ids[start:end])
        start = end
