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


def test_the_writer_refuses_columns_that_are_not_the_models():
    """What the writer writes must be every column of the model, once (the write test below checks
    the writer's own lists against the models)."""
    columns = [str(f.column) for f in MemberPeriod._meta.concrete_fields if not f.primary_key]
    bulk.check_columns(MemberPeriod, columns, {})
    bulk.check_columns(MemberPeriod, ["id", *columns[1:]], {columns[0]: None})
    for wrong in (columns[1:], [*columns, "surname"], [*columns, columns[0]]):
        with pytest.raises(RuntimeError):
            bulk.check_columns(MemberPeriod, wrong, {})


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


@pytest.mark.parametrize(("cccd", "card"), [(None, None), ("079080001234", None), (None, "123"), ("", "")])
def test_search_text_without_a_number_is_that_of_the_member_services(cccd, card):
    member = Member(full_name="Nguyễn Văn An", cccd=cccd, party_card_number=card)
    derived_text(member)
    assert bulk.derived("Nguyễn Văn An", cccd or None, card or None)[4] == member.search_text


@pytest.mark.django_db
def test_sql_literals_store_what_bound_parameters_store():
    """The writer's constant columns are literals of its statements on SQLite: each value must be
    stored as the same value of the same type as when it is bound, under every column affinity."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's literals")
    values = [None, True, False, 0, 1, "", "Không", "it's", "2026-12-07 10:00:00.123456", "0.0", "12"]
    columns = ("a", "b integer", "c text", "d decimal", "e datetime", "f bool", "g date")
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE literal_check ({', '.join(columns)})")
        for value in values:
            cursor.execute(
                f"INSERT INTO literal_check VALUES ({', '.join(['%s'] * len(columns))})", [value] * 7
            )
            literal = bulk.sql_literal(value)
            cursor.execute(f"INSERT INTO literal_check VALUES ({', '.join([literal] * len(columns))})")
        names = [c.split()[0] for c in columns]
        cursor.execute(f"SELECT {', '.join(f'quote({n}), typeof({n})' for n in names)} FROM literal_check")
        stored = cursor.fetchall()
        cursor.execute("DROP TABLE literal_check")
    for index, value in enumerate(values):
        assert stored[2 * index] == stored[2 * index + 1], value
    for other in (date(2020, 1, 1), 1.5, b"x", "a\x00b"):
        with pytest.raises(TypeError):
            bulk.sql_literal(other)


@pytest.mark.django_db
def test_the_writer_writes_each_profile_with_the_defaults_of_what_it_lacks(small_tree):
    """The optional text columns no profile has are written as constants, those some profile has
    are taken from each profile or default: both ways give the values of the profile or the model."""
    from django.db import connection

    from dangbo.members.models import Status

    cell = small_tree.cell_a.pk
    admission = bulk.Event("admission", date(2010, 1, 1), cell, bulk.ADMISSION_DETAILS)
    official = bulk.Event("official", date(2011, 1, 1), None, bulk.EMPTY)
    transfer = bulk.Event(
        "transfer_in", date(2012, 3, 4), cell, {"status": Status.OFFICIAL, "admitted_on": "2001-02-03"}
    )
    full = {
        "full_name": "Nguyễn Văn An", "sex": "male", "birth_date": date(1980, 1, 1), "cccd": "079080001234",
        "party_card_number": "123", "residence": "12 Lê Lợi", "notes": "ghi chú", "ethnicity": "Tày",
    }  # fmt: skip
    bare = {"full_name": "Trần Thị Bình", "sex": "female", "birth_date": date(1985, 2, 3)}
    members = [
        bulk.NewMember(full, [admission, official], *bulk.history([admission, official])),
        bulk.NewMember(bare, [transfer], *bulk.history([transfer])),
    ]
    with bulk.writer() as background:
        ids = bulk.insert_members(members, into=background)
        bulk.insert_ratings(
            [
                bulk.NewRating(
                    ids[1], 2024, 2, "", "QĐ 1", date(2025, 1, 2), None, [], cell, small_tree.ward.pk, True
                )
            ],
            into=background,
        )
    an, binh = Member.objects.get(pk=ids[0]), Member.objects.get(pk=ids[1])
    assert (an.residence, an.notes, an.ethnicity, an.religion) == ("12 Lê Lợi", "ghi chú", "Tày", "Không")
    assert (binh.residence, binh.notes, binh.ethnicity, binh.religion, binh.aliases) == (
        "",
        "",
        "Kinh",
        "Không",
        "",
    )
    assert (binh.cccd, binh.party_card_number, binh.search_text) == (None, None, "tran thi binh")
    assert (an.status, binh.status, an.exempted, an.version, binh.version) == (
        "official",
        "official",
        False,
        1,
        1,
    )
    assert an.created_at == an.updated_at == binh.created_at
    assert (binh.admitted_on, binh.official_on, an.official_on) == (date(2001, 2, 3), None, date(2011, 1, 1))
    events = list(MemberEvent.objects.filter(member_id__in=ids).order_by("id"))
    assert [(e.kind, e.details, e.from_organization_id, e.to_organization_id) for e in events] == [
        ("admission", bulk.ADMISSION_DETAILS, None, cell),
        ("official", {}, cell, None),
        ("transfer_in", {"status": "official", "admitted_on": "2001-02-03"}, None, cell),
    ]
    assert all(e.recorded_at == an.created_at and e.recorded_by_id is None for e in events)
    assert all(e.organization_event_id is None for e in events)
    periods = MemberPeriod.objects.filter(member_id__in=ids).order_by("id")
    assert [(p.status, p.exempted, p.valid_from) for p in periods] == [
        ("probationary", False, date(2010, 1, 1)),
        ("official", False, date(2011, 1, 1)),
        ("official", False, date(2012, 3, 4)),
    ]
    rating = MemberRating.objects.get(member_id=ids[1])
    assert (rating.rank, rating.decision_number, rating.flags, rating.disciplined_in_year) == (
        2,
        "QĐ 1",
        [],
        True,
    )
    assert (rating.version, rating.tasks_on_time, rating.sick_leave_months, rating.override_reason) == (
        1,
        True,
        0,
        "",
    )
    assert (rating.self_rank, rating.proposed_rank, rating.decline_concluded, rating.decided_by_id) == (
        None, None, False, None,
    )  # fmt: skip
    if connection.vendor == "sqlite":  # stored as the ORM stores them: integers, plain text
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT typeof(exempted), typeof(version), typeof(status), typeof(created_at) FROM members_member "
                "WHERE id = %s",
                [ids[0]],
            )
            assert cursor.fetchone() == ("integer", "integer", "text", "text")


def _member(cell, cccd, name="Nguyễn Văn An"):  # type: ignore[no-untyped-def]
    from datetime import date

    return Member.objects.create(
        full_name=name, sex="male", birth_date=date(1980, 1, 1), cccd=cccd, status="official",
        organization=cell, admitted_on=date(2005, 1, 1),
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_the_writer_says_when_the_first_batch_is_written_even_of_no_rows(small_tree):
    """insert(first=…) is set once the first batch of its rows is written (then that row reads), even
    for no rows (when the writer gets there)."""
    from django.db import transaction

    with transaction.atomic():
        writer = bulk.Writer()
        try:
            nothing = threading.Event()
            writer.insert(MemberPeriod._meta.db_table, bulk.PERIOD_COLUMNS, [], first=nothing)
            assert nothing.wait(20) and writer.error is None
        finally:
            writer.close()
