"""organization_choices(limit=…): in a large scope, the top levels of the tree that fit a select box,
counted level by level (each count stopped at the rows still allowed), never every version."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.organizations.selectors import organization_choices

pytestmark = pytest.mark.django_db
DAY = date(2020, 1, 1)


def _codes(user, limit):
    return [v.organization.code for v, _depth in organization_choices(user, DAY, personal=True, limit=limit)]


def test_the_levels_that_fit_the_limit_and_always_the_first(small_tree, personas):
    admin = personas["admin"]  # the whole tree: D; W1, S1, W2; W1A, W1B, W2A
    assert _codes(admin, 0) == ["D"]  # the top level even when it alone is over the limit
    assert _codes(admin, 3) == ["D"]
    assert sorted(_codes(admin, 4)) == ["D", "S1", "W1", "W2"]
    assert sorted(_codes(admin, 6)) == ["D", "S1", "W1", "W2"]
    assert sorted(_codes(admin, 7)) == ["D", "S1", "W1", "W1A", "W1B", "W2", "W2A"]
    assert _codes(admin, 7) == _codes(admin, None)  # the same tree order as without a limit


def test_a_scope_below_the_top_starts_at_its_own_level(small_tree, personas):
    ward = personas["ward_staff"]  # W1 and its cells W1A, W1B
    assert _codes(ward, 1) == ["W1"]
    assert _codes(ward, 2) == ["W1"]
    assert sorted(_codes(ward, 3)) == ["W1", "W1A", "W1B"]


def test_the_counts_are_one_small_query_a_level_and_never_count_every_version(small_tree, personas):
    with CaptureQueriesContext(connection) as queries:
        organization_choices(personas["admin"], DAY, personal=True, limit=4)
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 2 and all("LIMIT" in sql for sql in counts), counts
    assert len(queries) <= 4  # the deepest level, the two counts, the versions of the levels kept
