"""A correction of a locked year and a rebuild of its rollups at the same moment: neither is lost.

On PostgreSQL each thread has its own connection (Django's connections are per thread), so the two
services run as two concurrent transactions; a pause inside the first keeps it open while the second
starts. SQLite serializes writers itself (transaction_mode IMMEDIATE): there the test is skipped."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from django.db import connection, connections

from dangbo.accounts.scope import system_actor
from dangbo.evaluations import rollups, services
from dangbo.evaluations.models import MemberRating, YearRollup
from dangbo.evaluations.services import rating_correct, review_cycle_lock, rollups_rebuild
from dangbo.reports.tests.test_year_report import rated  # noqa: F401 - the fixture
from dangbo.reports.tests.test_year_report_rollups import YEAR, _live

SYSTEM = system_actor("kiểm thử: đính chính và tính lại số liệu tổng hợp cùng lúc")

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="two real connections: PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _in_threads(first, second, *, head_start: float = 0.3) -> list[object]:
    """Run `first`, then `second` a moment later, each in a thread of its own; their results."""
    results: list[object] = [None, None]

    def run(index, call, delay):
        try:
            time.sleep(delay)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - handed to the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(0, first, 0.0)),
        threading.Thread(target=run, args=(1, second, head_start)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a service never finished"
    return results


def _correct(rating: MemberRating):
    return lambda: rating_correct(
        actor=SYSTEM, rating=rating, rank=None, not_rated_reason="Ốm đau dài ngày",
        reason="Đính chính", decision_number="12-QĐ/QU",
    )  # fmt: skip


def _every_node_agrees(tree) -> None:
    for organization in (tree.district, tree.ward, tree.cell_a, tree.cell_b, tree.school):
        stored = YearRollup.objects.get(year=YEAR, organization=organization).figures
        assert Counter(stored) == _live(organization), organization.name


def _locked(tree) -> MemberRating:
    review_cycle_lock(actor=SYSTEM, organization=tree.district, year=YEAR, decision_number="9-QĐ/QU")
    rating = MemberRating.objects.filter(year=YEAR, organization=tree.cell_a, rank=2).first()
    assert rating is not None
    return rating


def test_a_rebuild_started_during_a_correction_counts_it(rated, monkeypatch):  # noqa: F811
    tree = rated
    rating = _locked(tree)
    original = services.tally_cells

    def tally_then_wait(*args, **kwargs):  # the correction written, not yet committed
        result = original(*args, **kwargs)
        if threading.current_thread() is not threading.main_thread():
            time.sleep(1.0)
        return result

    monkeypatch.setattr(services, "tally_cells", tally_then_wait)
    correction, built = _in_threads(_correct(rating), lambda: rollups_rebuild(actor=SYSTEM, year=YEAR))
    assert not isinstance(correction, Exception), correction
    assert built == 7, built
    _every_node_agrees(tree)
    assert YearRollup.objects.get(year=YEAR, organization=tree.district).figures["m:r:Ốm đau dài ngày"] == 1


def test_a_correction_started_during_a_rebuild_reaches_the_new_rows(rated, monkeypatch):  # noqa: F811
    tree = rated
    rating = _locked(tree)
    original = rollups.subtree_figures

    def figures_then_wait(*args, **kwargs):  # the rebuild has read the figures, not yet replaced the rows
        result = original(*args, **kwargs)
        if threading.current_thread() is not threading.main_thread():
            time.sleep(1.0)
        return result

    monkeypatch.setattr(rollups, "subtree_figures", figures_then_wait)
    built, correction = _in_threads(lambda: rollups_rebuild(actor=SYSTEM, year=YEAR), _correct(rating))
    assert built == 7, built
    assert not isinstance(correction, Exception), correction
    _every_node_agrees(tree)
    assert YearRollup.objects.get(year=YEAR, organization=tree.district).figures["m:r:Ốm đau dài ngày"] == 1
