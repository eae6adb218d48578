"""A cheap demo plan: Quận 9's committee plan for the 2020 - 2025 term, approved in 2019, through the
planning services (so the rules choose who is eligible), with the 2019 yearly review and one rotation.
Hooked into dangbo.demo.generator.load_demo with one call."""

from __future__ import annotations

from datetime import date
from itertools import zip_longest
from typing import TYPE_CHECKING

from dangbo.accounts.scope import system_actor
from dangbo.core.exceptions import RuleViolation
from dangbo.members.models import Member, MemberEvent, Sex, Status
from dangbo.planning import services
from dangbo.planning.models import Candidacy, PlannedPosition

if TYPE_CHECKING:
    from dangbo.organizations.models import Organization

ADDED_ON = date(2019, 6, 14)
DECISION = "185-QĐ/QU"
REVIEWED_ON = date(2019, 12, 20)
POSITIONS = (
    (PlannedPosition.Kind.SECRETARY, "Bí thư Quận ủy", 1, 2),
    (PlannedPosition.Kind.DEPUTY_SECRETARY, "Phó Bí thư Quận ủy", 2, 3),
    (PlannedPosition.Kind.STANDING, "Ủy viên Ban Thường vụ Quận ủy", 3, 5),
    (PlannedPosition.Kind.EXECUTIVE, "Ủy viên Ban Chấp hành Đảng bộ Quận", 5, 8),
)
POOL = 60  # members looked at, oldest records first: cheap and the same on every load
BORN_FROM = date(1968, 1, 1)  # two terms before the retirement age (a first planning under QĐ 50)
BORN_UNTIL = date(1992, 12, 31)


def write_planning(root: Organization) -> int:
    """Write the demo plan; returns the number of candidacies."""
    term = services.term_get_or_create(actor=system_actor("nạp dữ liệu mẫu"), start_year=2020, end_year=2025)
    members = Member.objects.filter(
        organization__path__startswith=root.path,
        status=Status.OFFICIAL,
        birth_date__gte=BORN_FROM,
        birth_date__lte=BORN_UNTIL,
    ).order_by("pk")
    women = list(members.filter(sex=Sex.FEMALE)[: POOL // 2])
    men = list(members.filter(sex=Sex.MALE)[: POOL // 2])
    pool = [m for pair in zip_longest(men, women) for m in pair if m is not None]
    # one member disciplined after the plan's approval: the yearly review takes them out
    disciplined = (
        MemberEvent.objects.filter(
            kind=MemberEvent.Kind.DISCIPLINE,
            effective_on__gt=ADDED_ON,
            effective_on__lte=REVIEWED_ON,
            member__organization__path__startswith=root.path,
            member__birth_date__gte=BORN_FROM,
        )
        .exclude(details__form="expulsion")
        .order_by("pk")
        .first()
    )
    if disciplined is not None:
        pool.insert(0, disciplined.member)
    used: set[int] = set()
    written: list[Candidacy] = []
    for kind, title, seats, wanted in POSITIONS:
        position = services.position_create(
            actor=system_actor("nạp dữ liệu mẫu"),
            organization=root,
            term=term,
            kind=kind,
            title=title,
            seats=seats,
        )
        count = 0
        for member in pool:
            if count >= wanted:
                break
            if member.pk in used:
                continue
            try:  # the rules decide who is eligible; a refusal writes nothing
                written.append(
                    services.candidacy_add(
                        actor=system_actor("nạp dữ liệu mẫu"),
                        position=position,
                        member=member,
                        added_on=ADDED_ON,
                        decision_number=DECISION,
                    )
                )
            except RuleViolation:
                continue
            used.add(member.pk)
            count += 1
    services.rotation_record(
        actor=system_actor("nạp dữ liệu mẫu"),
        candidacy=written[-1],
        kind="rotation",
        to_post="Phó Bí thư Đảng ủy phường Trường Thạnh",
        to_organization=root.children.filter(code="Q9-TT").first(),
        starts_on=date(2019, 9, 1),
        decision_number="210-QĐ/QU",
    )
    services.plan_review_record(
        actor=system_actor("nạp dữ liệu mẫu"),
        organization=root,
        term=term,
        year=2019,
        reviewed_on=REVIEWED_ON,
        decision_number="256-QĐ/QU",
    )
    return len(written)
