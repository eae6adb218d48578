"""Shared set-up of the congress tests: a round over the small tree, a held congress of the
grassroots committee W1 with official members to elect."""

from __future__ import annotations

from datetime import date

from dangbo.accounts.scope import system_actor
from dangbo.congresses import services
from dangbo.congresses.models import Congress, CongressRound, Election

SYSTEM = system_actor("kiểm thử: helpers")

PLANNED = date(2020, 5, 10)
HELD = date(2020, 5, 12)
NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Võ Thị Giang",
    "Đặng Văn Hải",
]


def open_round(small_tree, actor=SYSTEM) -> CongressRound:
    return services.congress_round_open(
        actor=actor,
        organization=small_tree.district,
        term_start=2020,
        term_end=2025,
        planned_on=PLANNED,
        as_of=date(2019, 12, 31),
    )


def ward_congress(round_: CongressRound, small_tree) -> Congress:
    return round_.congresses.get(organization=small_tree.ward)


def members(make_member, small_tree, count: int = 5):
    cells = [small_tree.cell_a, small_tree.cell_b]
    return [
        make_member(
            cells[i % 2],
            NAMES[i],
            sex="female" if i % 2 else "male",
            birth_date=date(1985 + i, 1, 1),
        )
        for i in range(count)
    ]


def held_congress(small_tree, make_member, *, electors: int = 10, present: int = 9, count: int = 5):
    round_ = open_round(small_tree)
    congress = ward_congress(round_, small_tree)
    people = members(make_member, small_tree, count)
    services.proposal_save(
        actor=SYSTEM,
        congress=congress,
        data=services.ProposalInput(committee_size=3, standing_size=0, deputies=1, delegates=2, alternates=1),
        on=date(2020, 3, 1),
    )
    for stage, on in (("documents", date(2020, 3, 15)), ("opinion", date(2020, 4, 1))):
        services.congress_record_stage(actor=SYSTEM, congress=congress, stage=stage, on=on)
    services.congress_record_stage(
        actor=SYSTEM,
        congress=congress,
        stage="held",
        on=HELD,
        electors_called=electors,
        present=present,
        counting_board="Nguyễn Văn Kiểm\nLê Thị Phiếu\nTrần Văn Đếm",
    )
    congress.refresh_from_db()
    return congress, people


def committee_election(congress, people, *, seats: int = 3) -> Election:
    election = services.election_create(actor=SYSTEM, congress=congress, kind="committee", seats=seats)
    for person in people:
        services.candidate_add(actor=SYSTEM, election=election, member=person)
    return election
