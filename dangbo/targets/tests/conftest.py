"""Fixtures of the targets tests: admissions and establishments in the small tree."""

from __future__ import annotations

from datetime import date

import pytest

from dangbo.accounts.scope import system_actor

SYSTEM = system_actor("kiểm thử: conftest")


@pytest.fixture
def admit(db):
    """admit(cell, day, source_group="other") records an admission through the member service."""
    from dangbo.members.services import member_admit

    counter = {"n": 0}
    given = ("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nam", "Oanh", "Phúc")

    def make(cell, day: date, source_group: str = "other"):
        counter["n"] += 1
        return member_admit(
            actor=SYSTEM,
            profile={
                "full_name": f"Trần Văn {given[counter['n'] % len(given)]}",
                "sex": "male",
                "birth_date": date(1995, 1, 2),
            },
            cell=cell,
            effective_on=day,
            decision_number=f"{counter['n']}-QĐ/ĐU",
            decision_date=day,
            source_group=source_group,
        )

    return make


@pytest.fixture
def establish(db):
    """establish(code, parent, sector, day) sets up a cell through the organization service."""
    from dangbo.organizations.models import Kind
    from dangbo.organizations.services import Decision, organization_establish

    def make(code, parent, sector, day: date, kind=None):
        return organization_establish(
            actor=SYSTEM,
            code=code,
            name=f"Chi bộ {code}",
            kind=kind
            or (Kind.AFFILIATED_CELL if parent.kind == Kind.GRASSROOTS_COMMITTEE else Kind.GRASSROOTS_CELL),
            sector=sector,
            parent=parent,
            effective_on=day,
            decision=Decision(number=f"{code}-QĐ/QU", date=day),
        )

    return make
