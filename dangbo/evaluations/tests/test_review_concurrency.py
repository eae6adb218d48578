"""Two committee members deciding at the same moment: the 20 % cap and the tallies hold.

On PostgreSQL each thread has its own database connection (Django's connections are per thread),
so the two decisions run as two concurrent transactions; a threading.Barrier starts them together
and a pause before each commit (in the audit entry, the service's last statement) keeps both open
long enough to collide. SQLite serializes writers itself (transaction_mode IMMEDIATE): there the
same service path runs one decision after the other."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from django.db import connection, connections
from django.db.models import Count

from dangbo.accounts.scope import system_actor
from dangbo.core.exceptions import RuleViolation
from dangbo.evaluations import services
from dangbo.evaluations.models import MemberRating, RatingTally

SYSTEM = system_actor("kiểm thử: test_review_concurrency")

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two real connections: PostgreSQL"
)


def _decide(member, rank):
    return services.member_rating_record(
        actor=SYSTEM,
        member=member,
        year=2019,
        stage="decision",
        rank=rank,
        decision_number="15-TB/ĐU",
        decision_date=date(2019, 12, 20),
    )


@pytest.fixture
def slow_commit(monkeypatch):
    """Each decision waits a moment after its writes, before it commits."""
    original = services.audit_record

    def audit_then_wait(**kwargs):
        entry = original(**kwargs)
        time.sleep(0.4)
        return entry

    monkeypatch.setattr(services, "audit_record", audit_then_wait)


def _at_once(calls):
    """Run each call in a thread of its own (its own connection), started together; the result or
    the exception of each."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - handed to the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a decision never finished"
    return results


def _at_the_cap(small_tree, make_member):
    """Five members of cell A decided HTTNV (room for one HTXSNV: 20 % of 5 in the ward) and two
    not decided, one in each cell of the ward: the cap counts over the grassroots organization,
    the tallies per cell."""
    names = ("An", "Bình", "Cường", "Dũng", "Hải")
    for member in [make_member(small_tree.cell_a, f"Trần Văn {name}") for name in names]:
        _decide(member, 2)
    return [make_member(small_tree.cell_a, "Lê Thị Lan"), make_member(small_tree.cell_b, "Phạm Văn Minh")]


def _tallies_match():
    rows = (
        MemberRating.objects.filter(year=2019)
        .values("organization_id", "rank", "not_rated_reason")
        .annotate(n=Count("id"))
    )
    direct = sorted(
        (r["organization_id"], r["rank"] or 0, "" if r["rank"] else r["not_rated_reason"], r["n"])
        for r in rows
    )
    kept = sorted(
        RatingTally.objects.filter(year=2019).values_list(
            "organization_id", "rank", "not_rated_reason", "count"
        )
    )
    return kept == direct


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_excellent_decisions_at_the_cap_at_once_accept_exactly_one(small_tree, make_member, slow_commit):
    first, second = _at_the_cap(small_tree, make_member)
    results = _at_once([lambda: _decide(first, 1), lambda: _decide(second, 1)])
    accepted = [r for r in results if isinstance(r, MemberRating)]
    refused = [r for r in results if isinstance(r, RuleViolation)]
    assert len(accepted) == 1 and len(refused) == 1, results
    assert "vượt quá 20% số đảng viên hoàn thành tốt nhiệm vụ (5; tối đa 1)" in refused[0].message
    assert "(2)" in refused[0].message
    assert MemberRating.objects.filter(year=2019, rank=1).count() == 1
    assert _tallies_match()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_decisions_in_one_cell_at_once_all_succeed_and_keep_the_tallies(small_tree, make_member, slow_commit):
    members = [make_member(small_tree.cell_a, f"Võ Văn {name}") for name in ("An", "Bình", "Cường")]
    results = _at_once([lambda m=m: _decide(m, 3) for m in members])
    assert all(isinstance(r, MemberRating) for r in results), results
    assert RatingTally.objects.get(year=2019, organization=small_tree.cell_a, rank=3).count == 3
    assert _tallies_match()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_good_member_lowered_while_an_excellent_is_decided_is_refused(small_tree, make_member, slow_commit):
    [_, excellent] = _at_the_cap(small_tree, make_member)  # in cell B
    lowered = MemberRating.objects.filter(year=2019, rank=2).earliest("pk").member  # in cell A
    results = _at_once([lambda: _decide(excellent, 1), lambda: _decide(lowered, 3)])
    assert sum(isinstance(r, RuleViolation) for r in results) == 1, results
    ratings = MemberRating.objects.filter(year=2019)
    assert ratings.filter(rank=1).count() * 5 <= ratings.filter(rank=2).count()
    assert _tallies_match()


@pytest.mark.django_db
def test_the_same_decisions_one_after_the_other_accept_exactly_one(small_tree, make_member):
    first, second = _at_the_cap(small_tree, make_member)
    assert _decide(first, 1).rank == 1
    with pytest.raises(
        RuleViolation, match=r"vượt quá 20% số đảng viên hoàn thành tốt nhiệm vụ \(5; tối đa 1\)"
    ):
        _decide(second, 1)
    assert MemberRating.objects.filter(year=2019, rank=1).count() == 1
    assert _tallies_match()
