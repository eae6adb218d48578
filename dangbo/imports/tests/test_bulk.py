"""The fast writer gives what the member services give: the same states, periods and source cells as
the lifecycle state machine, the same derived name columns, the models' columns."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from dangbo.core.text import fold
from dangbo.imports import bulk
from dangbo.members import lifecycle
from dangbo.members.models import Member
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
