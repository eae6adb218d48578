"""The fast writer gives what the member services give: the same states, periods and source cells as
the lifecycle state machine, the same derived name columns, the models' columns."""

from __future__ import annotations

import random
import threading
from datetime import date, timedelta

import pytest

from dangbo.core.text import fold
from dangbo.evaluations.models import MemberRating
from dangbo.imports import bulk
from dangbo.members import lifecycle
from dangbo.members.models import Member, MemberEvent, MemberPeriod
from dangbo.members.services import derived_text


def _replayed(events: list[bulk.Event]) -> tuple[lifecycle.State, list[lifecycle.Period], list[int | None]]:
    facts = [lifecycle.EventFact(e.kind, e.effective_on, e.to_id, e.details) for e in events]
    state, periods = lifecycle.replay(facts)
    return state, periods, lifecycle.event_sources(facts)


def _random_history(rng: random.Random) -> list[bulk.Event]:
    start = date(1980, 1, 1) + timedelta(days=rng.randrange(0, 15000))
    cell = rng.randrange(1, 50)
    official = start + timedelta(days=rng.choice([0, 1, 365, 366, 400, 3000]))
    if rng.random() < 0.5:
        first = bulk.Event("admission", start, cell, {"source_group": "other", "sponsors": []})
        return [first] if rng.random() < 0.3 else [first, bulk.Event("official", official, None, {})]
    status = rng.choice(["official", "probationary"])
    details = {
        "status": status,
        "admitted_on": (start - timedelta(days=rng.randrange(0, 9000))).isoformat(),
        "official_on": (start - timedelta(days=10)).isoformat() if status == "official" else None,
        "origin": "",
    }
    first = bulk.Event("transfer_in", start, cell, details)
    if status == "probationary" and rng.random() < 0.7:
        return [first, bulk.Event("official", official, None, {})]
    return [first]


def test_standard_histories_are_what_the_state_machine_gives():
    rng = random.Random(7)
    for _ in range(3000):
        events = _random_history(rng)
        assert bulk.standard_history(events) == _replayed(events), events


def test_other_histories_go_through_the_state_machine():
    events = [
        bulk.Event("admission", date(2010, 1, 1), 5, {}),
        bulk.Event("official", date(2011, 1, 1), None, {}),
        bulk.Event("exemption", date(2020, 1, 1), None, {}),
    ]
    assert bulk.standard_history(events) is None
    assert bulk.history(events) == _replayed(events)
    with pytest.raises(lifecycle.LifecycleError):
        bulk.history([bulk.Event("official", date(2011, 1, 1), None, {})])


@pytest.mark.parametrize(
    "name",
    [
        "Nguyễn Văn An",
        "Đặng Thị Ánh Tuyết",
        "Lê Bá",
        "Tôn Nữ Thị Hoàng Oanh",
        "Ông Ích Khiêm",
        "H'Hen Niê",
        "An",
    ],
)
def test_derived_name_columns_are_those_of_the_member_services(name):
    member = Member(full_name=name, cccd="079080001234", party_card_number="123")
    derived_text(member)
    assert bulk.derived(name, "079080001234", "123") == (
        member.surname,
        member.middle_name,
        member.given_name,
        member.sort_key,
        member.search_text,
    )
    assert bulk.fold_name(name) == fold(name)


def test_the_writer_knows_every_column_of_the_models():
    assert bulk.check_columns() == []


@pytest.mark.django_db
def test_a_writer_without_a_cursor_fails_its_drain_rather_than_waiting_for_ever(monkeypatch):
    """The writer's thread could not even open its cursor: drain() raises that error (the import
    then writes nothing) instead of waiting for a thread that is gone."""

    def no_cursor(self: bulk.Writer) -> None:
        raise RuntimeError("no cursor")

    monkeypatch.setattr(bulk.Writer, "_cursor", no_cursor)
    writer = bulk.Writer()
    writer.insert(MemberPeriod._meta.db_table, bulk.PERIOD_COLUMNS, [tuple(range(len(bulk.PERIOD_COLUMNS)))])
    raised: list[BaseException] = []
    done = threading.Event()

    def drain() -> None:
        try:
            writer.drain()
        except BaseException as error:
            raised.append(error)
        done.set()

    threading.Thread(target=drain, daemon=True).start()
    assert done.wait(20), "drain() waits for a writer thread that is gone"
    writer.close()
    assert [str(error) for error in raised] == ["no cursor"]


@pytest.mark.django_db
def test_the_tables_the_writer_fills_call_no_python_function_on_sqlite():
    """The writer's thread inserts while the import's thread reads on the same connection. A CHECK or
    trigger that called back into Python (Django's REGEXP, its django_* functions) would make SQLite
    wait for the GIL in the middle of a statement, while the other thread holds the GIL waiting for
    SQLite: both would wait for ever."""
    from django.db import connection

    from dangbo.members import fulltext

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own functions only")
    tables = [m._meta.db_table for m in (Member, MemberEvent, MemberPeriod, MemberRating)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT name, sql FROM sqlite_master WHERE tbl_name IN ({', '.join(['%s'] * len(tables))}) "
            "AND type IN ('table', 'trigger')",
            tables,
        )
        schema = cursor.fetchall()
    # the tables, and the triggers of the member search's index (SQLite's own FTS5, no Python)
    assert {name for name, _ in schema} == {*tables, *fulltext.TRIGGERS}
    for name, sql in schema:
        assert "REGEXP" not in sql.upper() and "DJANGO_" not in sql.upper(), name


@pytest.mark.django_db
@pytest.mark.parametrize("cccd", ["07908000123", "07908000123a", "079080 01234", "０７９０８０００１２３４"])
def test_the_database_refuses_a_cccd_that_is_not_12_digits(small_tree, cccd):
    from django.db import IntegrityError, connection, transaction

    cell = small_tree.cell_a
    with connection.cursor() as cursor, pytest.raises(IntegrityError), transaction.atomic():
        cursor.execute(
            "UPDATE members_member SET cccd = %s WHERE id = %s",
            [cccd, _member(cell, "079080001234").pk],
        )
    assert _member(cell, "079080005678", "Trần Văn Bình").cccd == "079080005678"


def _member(cell, cccd, name="Nguyễn Văn An"):  # type: ignore[no-untyped-def]
    from datetime import date

    return Member.objects.create(
        full_name=name, sex="male", birth_date=date(1980, 1, 1), cccd=cccd, status="official",
        organization=cell, admitted_on=date(2005, 1, 1),
    )  # fmt: skip
