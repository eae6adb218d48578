"""Shared setup of the planning tests: a term, a position of the ward W1's committee, members."""

from __future__ import annotations

from datetime import date

from dangbo.accounts.scope import system_actor
from dangbo.members.services import member_act
from dangbo.planning import services

SYSTEM = system_actor("kiểm thử: helpers")

ADDED = date(2024, 6, 3)  # under QĐ 50


def term(start: int = 2025):
    return services.term_get_or_create(actor=SYSTEM, start_year=start)


def position(
    organization, *, title: str = "Bí thư Đảng ủy", kind: str = "secretary", seats: int = 1, start: int = 2025
):
    return services.position_create(
        actor=SYSTEM, organization=organization, term=term(start), kind=kind, title=title, seats=seats
    )


def discipline(member, day: date, form: str = "reprimand"):
    return member_act(
        actor=SYSTEM,
        member=member,
        kind="discipline",
        effective_on=day,
        decision_number="05-QĐ/ĐU",
        decision_date=day,
        form=form,
        reason="Vi phạm quy định",
    )
