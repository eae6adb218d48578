"""Figures kept until the records change (dangbo/audit/figures.py, issue 18): the dashboard's
figures are read again from the cache while no change is recorded, computed afresh after one, never
kept inside a transaction, and the charts of the same figures are drawn once."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.audit import figures
from dangbo.reports import charts
from dangbo.reports.dashboard import dashboard

DAY = date(2019, 12, 31)


def _figures(user, organization):
    with CaptureQueriesContext(connection) as queries:
        data = dashboard(user, organization, first_year=2018, last_year=2019, day=DAY)
    return data, len(queries.captured_queries)


def test_figures_are_kept_until_a_change_is_recorded(small_tree, officer, make_member, outside_transaction):
    from dangbo.members.services import member_act

    make_member(small_tree.cell_a, "Nguyễn Văn An")
    leaving = make_member(small_tree.cell_b, "Lê Thị Hoa", sex="female")
    first, computed = _figures(officer, small_tree.district)
    again, read = _figures(officer, small_tree.district)
    assert again == first and first["members_by_year"] == [2, 2]
    assert read < computed and read <= 3  # the scope, the latest audit entry, the cache

    member_act(  # a change: its audit entry names a new state of the records
        actor=officer,
        member=leaving,
        kind="death",
        effective_on=date(2019, 2, 1),
        decision_number="",
        decision_date=None,
    )
    after, recomputed = _figures(officer, small_tree.district)
    assert after["members_by_year"] == [2, 1]
    assert recomputed > read + 3  # computed again


def test_the_scope_is_checked_before_the_kept_figures(small_tree, personas, make_member, outside_transaction):
    from dangbo.core.exceptions import PermissionDenied

    make_member(small_tree.cell_a, "Nguyễn Văn An")
    _figures(personas["officer"], small_tree.district)
    with pytest.raises(PermissionDenied):
        dashboard(personas["secretary_b"], small_tree.district, first_year=2018, last_year=2019, day=DAY)


def test_nothing_is_kept_inside_a_transaction(small_tree, officer, make_member):
    cache.clear()
    make_member(small_tree.cell_a, "Nguyễn Văn An")
    _figures(officer, small_tree.district)
    _, again = _figures(officer, small_tree.district)
    assert again > 5  # pytest-django's transaction: computed each time


def test_a_chart_is_drawn_once_for_the_same_figures():
    charts._bar.cache_clear()
    one = charts.bar("Kết nạp", ["2018", "2019"], [("Kết nạp", [3, 4])])
    two = charts.bar("Kết nạp", ("2018", "2019"), [("Kết nạp", (3, 4))])
    other = charts.bar("Kết nạp", ["2018", "2019"], [("Kết nạp", [3, 5])])
    assert one == two and one != other
    assert charts._bar.cache_info().hits == 1


def test_a_change_committed_after_a_later_one_is_seen(db):
    """Ids are handed out before commit: an entry may appear below the latest id (PostgreSQL)."""
    from dangbo.audit.models import AuditEntry

    def entry(pk):
        fields = {"actor_name": "hệ thống", "action": "kiem_thu", "target_type": "t", "target_label": "t"}
        AuditEntry.objects.bulk_create([AuditEntry(pk=pk, target_id="1", **fields)])  # an insert, as written

    assert figures.records_version() == (0, 0)
    entry(10)
    entry(12)
    before = figures.records_version()
    assert before == (12, 2)
    entry(11)  # committed late: the latest id is still 12
    assert figures.records_version() == (12, 3) != before


def test_the_version_is_read_once_a_request_and_again_after_a_change(small_tree, officer, make_member):
    """Within a request the version is read once; an audit entry written in it, or the next request,
    reads it again; outside a request it is read every time. (The receivers are called directly: the
    signals themselves also close the database connection, the test's.)"""
    from dangbo.members.services import member_act

    leaving = make_member(small_tree.cell_b, "Lê Thị Hoa", sex="female")

    def reads():
        with CaptureQueriesContext(connection) as queries:
            version = figures.current_version()
        return version, sum("audit_auditentry" in q["sql"] for q in queries.captured_queries)

    assert reads()[1] == 1 and reads()[1] == 1  # no request: read each time
    figures.request_started()
    try:
        first, read = reads()
        assert read == 1 and reads() == (first, 0)  # remembered for the rest of the request
        member_act(
            actor=officer, member=leaving, kind="death", effective_on=date(2019, 2, 1),
            decision_number="", decision_date=None,
        )  # fmt: skip
        changed, read = reads()
        assert read == 1 and changed != first  # the change's audit entry: read again
    finally:
        figures.request_finished()
    assert reads()[1] == 1


def test_a_page_reads_the_version_once(client, small_tree, officer, outside_transaction):
    """The test client's requests start and finish as the server's do: a page keeping several figures
    reads the version once, and the next request reads it again."""
    client.force_login(officer)
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/bao-cao/tong-quan/?org={small_tree.district.code}")
        assert response.status_code == 200
        versions = [
            q for q in queries.captured_queries if "MAX(" in q["sql"] and "audit_auditentry" in q["sql"]
        ]
        assert len(versions) == 1, [q["sql"][:80] for q in versions]
