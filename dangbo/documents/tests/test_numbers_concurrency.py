"""Two transfer letters of one issuing body asked for at the same moment get two numbers.

On PostgreSQL each thread has its own connection: the two requests run as concurrent transactions,
started together by a barrier, each pausing after its insert (in the audit entry) so that both are
open at once. Without the lock on the issuer's row both would read the same last number; the unique
constraint would then refuse one, which is tried again. SQLite serializes writers: there the same
path runs one after the other (test_documents.py covers it)."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from django.db import connection, connections

from dangbo.accounts.scope import system_actor
from dangbo.documents import services
from dangbo.documents.models import IssuedNumber
from dangbo.members.services import member_transfer

SYSTEM = system_actor("kiểm thử: số giấy giới thiệu đồng thời")

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two real connections: PostgreSQL"
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_letters_at_once_get_two_numbers(small_tree, make_member, monkeypatch):
    events = []
    for name in ("Lê Văn Một", "Lê Văn Hai"):
        member = make_member(small_tree.cell_a, name)
        events.append(
            member_transfer(
                actor=SYSTEM,
                member=member,
                to_organization=None,
                transfer_type="official",
                effective_on=date(2019, 10, 1),
                decision_number="40-QĐ/ĐU",
                decision_date=date(2019, 10, 1),
                destination="Đảng bộ phường 1, Quận 3",
            )
        )
    original = services.audit_record

    def audit_then_wait(**kwargs):
        entry = original(**kwargs)
        time.sleep(0.4)
        return entry

    monkeypatch.setattr(services, "audit_record", audit_then_wait)
    barrier = threading.Barrier(2)
    results: list[object] = [None, None]

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = services.number_issue(
                actor=SYSTEM, issuer=small_tree.ward, event=events[index], year=2019
            ).number
        except Exception as error:  # noqa: BLE001 - handed to the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [1, 2], results  # type: ignore[type-var]
    assert sorted(IssuedNumber.objects.values_list("number", flat=True)) == [1, 2]
