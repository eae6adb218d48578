"""The demo's 2025 review of one ward under the rules in force from 2025 (QĐ 366, HD 43): every member
self-assesses with a 100-point score (general criteria of 30, results of 70), the cell proposes with
its own score, the ward's committee decides; one member suspended from activity (đình chỉ sinh hoạt
đảng) is not rated; the ward's committee raises its members' cap to 25 % by a recorded decision; the
affiliated cells are rated with their scores, within their group's cap. Before the year's steps, each
cell records its four quarters (xếp loại hằng quý) for its members and itself, around the year's level;
one member has a quarter at KHTNV and is still proposed at HTTNV for the year, which the quarters' rule
(a setting, UNCONFIRMED) warns about: the quarter's note says why. Written through the services (the
same rules as a live review), so that dangbo.evaluations.audit re-checks it with no finding."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from dangbo.accounts.scope import system_actor
from dangbo.evaluations import quarter_services, rules
from dangbo.evaluations import selectors as review_selectors
from dangbo.evaluations import services as review_services
from dangbo.evaluations.models import CapRaise
from dangbo.members.models import Member, MemberEvent, MemberPeriod
from dangbo.organizations.models import CELL_KINDS, Organization
from dangbo.organizations.selectors import subtree_versions

if TYPE_CHECKING:
    from dangbo.accounts.models import User

YEAR = 2025
WARD_CODE = "Q9-LP"  # Đảng bộ phường Long Phước
SEED = 2025
RAISE = Decimal(25)


@dataclass
class Written2025:
    members: int = 0
    not_rated: int = 0
    excellent: int = 0
    good: int = 0
    cells: int = 0
    suspended: str = ""
    quarter_ratings: int = 0
    quarter_warned: str = ""  # the member whose KHTNV quarter the rule warns about


# the quarter the demo's warned member did not complete, and why the cell still proposes HTTNV
WARNED_QUARTER = 2
WARNED_NOTE = (
    "Quý 2 không hoàn thành nhiệm vụ: nghỉ việc riêng dài ngày, chưa báo cáo chi bộ. Các quý 3, 4 đã "
    "khắc phục, hoàn thành tốt nhiệm vụ; chi bộ vẫn đề xuất cả năm hoàn thành tốt nhiệm vụ."
)


def _score(rng: random.Random, rank: int) -> tuple[Decimal, Decimal, Decimal]:
    """The score's parts (general of 30, results of 70) and the share of tasks exceeding their
    target, for a member the cell means to rate at `rank` (inside the band, with its conditions)."""
    low, high = {rules.HTXSNV: (90, 98), rules.HTTNV: (72, 88), rules.HTNV: (55, 68), rules.KHTNV: (30, 45)}[
        rank
    ]
    total = Decimal(rng.randint(low * 2, high * 2)) / 2
    general = min(Decimal(30), (total * 3 / 10).quantize(Decimal("0.5")))
    exceeding = Decimal(rng.randint(30, 60)) if rank == rules.HTXSNV else Decimal(rng.randint(0, 25))
    return general, total - general, exceeding


def write_review_2025(root: Organization) -> Written2025:
    """The ward's 2025 review, from the self-assessments to the decisions. Inside load_demo's transaction."""
    actor = system_actor("nạp dữ liệu mẫu: đánh giá năm 2025")
    rng = random.Random(SEED)
    ward = Organization.objects.get(code=WARD_CODE)
    day = date(YEAR, 12, 31)
    cells = [
        v.organization
        for v in subtree_versions(ward, day).select_related("organization").order_by("path")
        if v.kind in CELL_KINDS
    ]
    written = Written2025(cells=len(cells))
    members_by_cell = {
        cell.pk: [
            p.member
            for p in MemberPeriod.objects.filter(organization=cell, valid_from__lte=day, valid_to__gt=day)
            .select_related("member")
            .order_by("member__sort_key", "member_id")
        ]
        for cell in cells
    }
    everyone = [m for cell in cells for m in members_by_cell[cell.pk]]
    # one member suspended from activity in October: not rated (QĐ 366, Điều 5)
    suspended = next(m for m in everyone if m.admitted_on and m.admitted_on.year < 2010 and not m.exempted)
    _suspend(actor, suspended)
    written.suspended = suspended.full_name
    # those the rules exclude (exempted, suspended, admitted under 6 months): not rated
    excluded = {
        row.member.pk
        for cell in cells
        for row in review_selectors.cell_review(actor, cell, YEAR)
        if row.excluded_reason is not None
    }
    review_services.cap_raise_record(
        actor=actor,
        organization=ward,
        year=YEAR,
        group=CapRaise.Group.MEMBERS,
        percent=RAISE,
        decision_number="215-QĐ/ĐU",
        decision_date=date(YEAR, 12, 10),
        reason="Đơn vị hoàn thành vượt mức các chỉ tiêu năm 2025.",
    )
    rated = [m for m in everyone if m.pk not in excluded]
    # the levels meant: at most 25 % of those at HTTNV at the top, a few HTNV, one KHTNV
    ranks: dict[int, int] = {}
    good_share = len(rated) * 78 // 100
    top = (len(rated) - len(rated) // 10) * 25 // 125  # top ≤ 25 % of the good ones
    for index, member in enumerate(rng.sample(rated, len(rated))):
        ranks[member.pk] = (
            rules.HTXSNV if index < top else rules.HTTNV if index < top + good_share else rules.HTNV
        )
    cell_ranks = _cell_ranks(cells)
    # the quarters draw from their own sequence: the scores below stay those of the demo before them
    _record_quarters(actor, random.Random(SEED + 4), cells, members_by_cell, ranks, cell_ranks, written)
    for cell in cells:
        members = members_by_cell[cell.pk]
        if not members:
            continue
        scores = {}
        for member in members:
            general, results, exceeding = _score(rng, ranks.get(member.pk, rules.HTTNV))
            scores[member.pk] = {
                "score_general": general,
                "score_results": results,
                "tasks_exceeding_percent": exceeding,
                "tasks_on_time": True,
            }
        review_services.member_self_assessments_record(
            actor=actor,
            year=YEAR,
            entries=[
                (m, ranks.get(m.pk, rules.HTTNV), "Hoàn thành nhiệm vụ được giao năm 2025.") for m in members
            ],
            scores=scores,
        )
        proposals = [(m, ranks[m.pk]) for m in members if m.pk in ranks]
        review_services.member_ratings_propose(
            actor=actor,
            year=YEAR,
            proposals=proposals,
            facts={pk: {"targets_met_percent": Decimal(100), **s} for pk, s in scores.items()},
        )
    # the ward's committee decides the whole list at once: the cap on the final list (member_ratings_decide)
    review_services.member_ratings_decide(
        actor=actor,
        year=YEAR,
        decisions=[(m, ranks.get(m.pk)) for m in everyone],
        decision_number="216-QĐ/ĐU",
        decision_date=date(YEAR, 12, 20),
    )
    written.members = len(rated)
    written.not_rated = len(excluded)
    written.excellent = sum(1 for r in ranks.values() if r == rules.HTXSNV)
    written.good = sum(1 for r in ranks.values() if r == rules.HTTNV)
    _rate_cells(actor, rng, cells, cell_ranks)
    return written


def _cell_ranks(cells: list[Organization]) -> dict[int, int]:
    """The affiliated cells' levels: HTTNV, and one cell HTXSNV for every five at HTTNV (the group's cap)."""
    top = len(cells) // 6
    return {cell.pk: rules.HTXSNV if index < top else rules.HTTNV for index, cell in enumerate(cells)}


def _quarters_around(rng: random.Random, rank: int) -> list[int]:
    """Four quarters around the year's level: the level itself at least twice, the others one level
    either way (never KHTNV unless the year is at HTNV or below, the quarters' rule)."""
    near = [r for r in (rank - 1, rank + 1) if rules.HTXSNV <= r <= rules.KHTNV and r != rules.KHTNV]
    quarters = [rank, rank] + [rng.choice([rank, rank, *near]) for _ in range(2)]
    rng.shuffle(quarters)
    return quarters


def _record_quarters(
    actor: User,
    rng: random.Random,
    cells: list[Organization],
    members_by_cell: dict[int, list[Member]],
    ranks: dict[int, int],
    cell_ranks: dict[int, int],
    written: Written2025,
) -> None:
    """Each cell's four quarters of 2025 (one service call per cell and quarter): its rated members'
    and its own, around their year's level. The first member at HTTNV of the first cell gets quarter
    2 at KHTNV with the reason: the quarters' rule warns about the year at HTTNV (a warning by the
    default setting, never a block)."""
    warned = (
        next((m for m in members_by_cell[cells[0].pk] if ranks.get(m.pk) == rules.HTTNV), None)
        if cells
        else None
    )
    plans = {pk: _quarters_around(rng, rank) for pk, rank in ranks.items()}
    if warned is not None:
        plans[warned.pk][WARNED_QUARTER - 1] = rules.KHTNV
        written.quarter_warned = warned.full_name
    for cell in cells:
        own = _quarters_around(rng, cell_ranks[cell.pk])
        members = [m for m in members_by_cell[cell.pk] if m.pk in plans]
        for quarter in rules.quarters.QUARTERS:
            there = quarter_services.cells_in_quarter([m.pk for m in members], YEAR, quarter)
            entries = [
                (
                    m,
                    plans[m.pk][quarter - 1],
                    WARNED_NOTE
                    if warned is not None and m.pk == warned.pk and quarter == WARNED_QUARTER
                    else "",
                )
                for m in members
                if there.get(m.pk) == cell.pk  # on the cell's books that quarter
            ]
            saved = quarter_services.cell_quarter_record(
                actor=actor,
                cell=cell,
                year=YEAR,
                quarter=quarter,
                entries=entries,
                cell_rank=own[quarter - 1],
            )
            written.quarter_ratings += len(saved)


def _suspend(actor: User, member: Member) -> None:
    from dangbo.members.services import member_act

    member_act(
        actor=actor,
        member=member,
        kind=MemberEvent.Kind.SUSPENSION,
        effective_on=date(YEAR, 10, 6),
        decision_number="12-QĐ/UBKTĐU",
        decision_date=date(YEAR, 10, 3),
        issued_by="Ủy ban Kiểm tra Đảng ủy",
        reason="Đình chỉ sinh hoạt đảng để xem xét, xử lý kỷ luật.",
    )


def _rate_cells(actor: User, rng: random.Random, cells: list[Organization], chosen: dict[int, int]) -> None:
    """The affiliated cells at their levels (_cell_ranks); every cell's self-assessment and proposal
    first, then the decisions (the cap counts the group's others, decided or proposed)."""
    for cell in cells:
        general, results, exceeding = _score(rng, chosen[cell.pk])
        for stage in ("self", "proposal"):
            review_services.organization_rating_record(
                actor=actor,
                organization=cell,
                year=YEAR,
                stage=stage,
                rank=chosen[cell.pk],
                score_general=general,
                score_results=results,
                tasks_done_percent=Decimal(100),
                tasks_exceeding_percent=exceeding,
            )
    for cell in sorted(cells, key=lambda c: chosen[c.pk], reverse=True):  # the HTTNV cells first
        review_services.organization_rating_record(
            actor=actor,
            organization=cell,
            year=YEAR,
            stage="decision",
            rank=chosen[cell.pk],
            decision_number="217-QĐ/ĐU",
            decision_date=date(YEAR, 12, 22),
        )
