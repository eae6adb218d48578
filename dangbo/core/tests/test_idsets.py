"""id_lookups: dense runs of ids read by a range, the rest by IN lists, every id covered once."""

from __future__ import annotations

import pytest

from dangbo.core.idsets import IN_CHUNK, SPAN, id_lookups


def _covered(ids: list[int]) -> list[tuple[str, frozenset[int]]]:
    parts = []
    for lookup, chunk in id_lookups("member_id", ids):
        if "member_id__gte" in lookup:
            name, low, high = "range", lookup.pop("member_id__gte"), lookup.pop("member_id__lte")
            assert not lookup
            assert chunk == frozenset(i for i in ids if low <= i <= high)
            assert high - low < 2 * len(chunk) and len(chunk) <= SPAN
        else:
            ((name, value),) = lookup.items()
            assert name == "member_id__in" and len(value) <= IN_CHUNK and frozenset(value) == chunk
        parts.append((name, chunk))
    covered = [i for _, chunk in parts for i in chunk]
    assert sorted(covered) == ids  # each once
    return parts


def test_a_dense_run_is_read_by_ranges_of_at_most_span_ids():
    parts = _covered(list(range(1, 50_001)))
    assert [name for name, _ in parts] == ["range"] * 3


def test_sparse_ids_are_read_by_in_lists():
    parts = _covered(list(range(1, 100_000, 7)))
    assert {name for name, _ in parts} == {"member_id__in"}


@pytest.mark.parametrize(
    "ids", [[], [5], list(range(10, 900)), list(range(1, 3000)) + list(range(10**6, 10**6 + 50))]
)
def test_every_id_is_covered_once(ids):
    _covered(ids)


def test_a_range_never_spans_ids_far_apart():
    ids = list(range(1, 1500)) + [10**9]
    parts = _covered(ids)
    assert all(10**9 not in chunk for name, chunk in parts if name == "range")
