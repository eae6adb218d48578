"""The demo's 2025 review of one ward under the rules in force from 2025 (QĐ 366, HD 43): every member
self-assesses with a 100-point score (general criteria of 30, results of 70), the cell proposes with
its own score, the ward's committee decides; one member suspended from activity (đình chỉ sinh hoạt
đảng) is not rated; the ward's committee raises its members' cap to 25 % by a recorded decision; the
affiliated cells are rated with their scores, within their group's cap. Written through the services
(the same rules as a live review), so that dangbo.evaluations.audit re-checks it with no finding."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from dangbo.accounts.scope import system_actor
from dangbo.evaluations import rules
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
    _rate_cells(actor, rng, cells, ranks)
    return written


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


def _rate_cells(actor: User, rng: random.Random, cells: list[Organization], ranks: dict[int, int]) -> None:
    """The affiliated cells: HTTNV, and one cell HTXSNV for every five at HTTNV (the group's cap);
    every cell's self-assessment and proposal first, then the decisions (the cap counts the
    group's others, decided or proposed)."""
    top = len(cells) // 6
    chosen = {cell.pk: rules.HTXSNV if index < top else rules.HTTNV for index, cell in enumerate(cells)}
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
