"""The demo plan: the organization tree of Quận 9 and the people with their histories, as plain
data (codes instead of database ids, member keys instead of member ids), and the decision numbers.

Pure Python: no Django imports.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dangbo.demo import structure
from dangbo.demo.people import weekday_on_or_before

HISTORY_START = date(2014, 1, 1)


@dataclass
class OrgPlan:
    code: str
    name: str
    kind: str
    sector: str
    parent: str | None
    established_on: date
    role: str  # district, ward, committee, kp, apartment, ward_agency, ward_school, ward_army, ward_police, unit_cell
    work: str
    size: int = 0
    founders: int = 0
    ward: str | None = None  # code of the ward committee for the ward's cells
    dissolved_on: date | None = None
    decision_number: str = ""
    decision_date: date = HISTORY_START
    issued_by: str = ""
    dissolution_number: str = ""
    dissolution_date: date | None = None

    def active(self, day: date) -> bool:
        return self.established_on <= day and (self.dissolved_on is None or day < self.dissolved_on)


@dataclass
class EventPlan:
    kind: str
    effective_on: date
    to_code: str | None = None
    decision_date: date | None = None
    issued_by: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    decision_number: str = ""
    sponsors: tuple[int, ...] = ()  # member keys, resolved to ids when loading
    by_dissolution: bool = False  # the move done by organization_dissolve, not by the bulk loader


@dataclass
class MemberPlan:
    key: int
    profile: dict[str, Any]
    events: list[EventPlan]
    work: str
    batch: int = 0  # members are written in batches so that sponsors exist before those they sponsor

    @property
    def entry(self) -> date:
        return self.events[0].effective_on


@dataclass
class Plan:
    organizations: list[OrgPlan]
    members: list[MemberPlan]
    receiving: dict[str, dict[int, str]]  # dissolved cell -> member key -> receiving cell

    def org(self, code: str) -> OrgPlan:
        return next(o for o in self.organizations if o.code == code)

    def digest(self) -> str:
        """A fingerprint of the people and their histories (equal plans, equal digests)."""
        hasher = hashlib.sha256()
        for member in self.members:
            profile = member.profile
            hasher.update(f"{profile['cccd']}|{profile['full_name']}|{profile['birth_date']}".encode())
            for event in member.events:
                hasher.update(
                    f"|{event.kind}:{event.effective_on}:{event.to_code}:{event.decision_number}".encode()
                )
            hasher.update(b"\n")
        return hasher.hexdigest()


@dataclass(frozen=True)
class Figures:
    """The plan's own count of the rating population on 31/12/2019 (for the summary)."""

    on_books: int
    rated: int
    exempted: int
    admitted_late: int


# ------------------------------------------------------------------------------------------------
# The organization tree


def committee_title(name: str) -> str:
    return name.replace("Đảng bộ", "Đảng ủy", 1)


def _ward_cell(
    ward: str, title: str, suffix: str, name: str, sector: str, role: str, work: str, size: int, day: date
) -> OrgPlan:
    """An affiliated cell of a ward committee (its establishment decided by the ward's đảng ủy)."""
    return OrgPlan(
        f"{ward}-{suffix}",
        name,
        "affiliated_cell",
        sector,
        ward,
        day,
        role,
        work,
        size=size,
        ward=ward,
        issued_by=title,
    )


def organizations(rng: random.Random) -> list[OrgPlan]:
    """The tree, parents before children; the khu phố cells' sizes are drawn from `rng`."""
    root = structure.ROOT_CODE
    orgs = [
        OrgPlan(
            root,
            structure.ROOT_NAME,
            "district",
            "other",
            None,
            structure.FOUNDED,
            "district",
            "agency",
            issued_by=structure.CITY_COMMITTEE,
        )
    ]

    def add(org: OrgPlan) -> OrgPlan:
        orgs.append(org)
        return org

    for ward in structure.WARDS:
        code = f"{root}-{ward.suffix}"
        committee = add(
            OrgPlan(
                code,
                f"Đảng bộ phường {ward.name}",
                "grassroots_committee",
                "ward",
                root,
                structure.FOUNDED,
                "ward",
                "residential",
            )
        )
        title = committee_title(committee.name)

        def cell(suffix: str, name: str, sector: str, role: str, work: str, size: int, day: date) -> None:
            add(_ward_cell(code, title, suffix, name, sector, role, work, size, day))  # noqa: B023 (used at once)

        for number in range(1, ward.quarters + 1):
            day = date(2005, 1, 3) if number == 6 else structure.FOUNDED
            size = rng.randint(*ward.quarter_size)
            cell(f"KP{number}", f"Chi bộ Khu phố {number}", "residential", "kp", "residential", size, day)
        cell(
            "CQ",
            f"Chi bộ Cơ quan phường {ward.name}",
            "agency",
            "ward_agency",
            "agency",
            rng.randint(17, 25),
            structure.FOUNDED,
        )
        for school in ward.schools:
            if "Tiểu học" in school:
                suffix, day = "TH", structure.FOUNDED
            elif "THCS" in school:
                suffix, day = "THCS", date(2000, 9, 5)
            else:
                suffix, day = "MN", date(2003, 9, 5)
            cell(
                suffix, f"Chi bộ {school}", "public_school", "ward_school", "school", rng.randint(8, 15), day
            )
        cell(
            "QS",
            f"Chi bộ Quân sự phường {ward.name}",
            "army",
            "ward_army",
            "militia",
            rng.randint(6, 10),
            structure.FOUNDED,
        )
        cell(
            "CA",
            f"Chi bộ Công an phường {ward.name}",
            "police",
            "ward_police",
            "police",
            rng.randint(9, 14),
            structure.FOUNDED,
        )
        if ward.apartment:
            suffix, name, day = ward.apartment
            cell(suffix, name, "apartment", "apartment", "residential", 0, day)
    for unit in structure.COMMITTEES:
        code = f"{root}-{unit.suffix}"
        committee = add(
            OrgPlan(
                code,
                unit.name,
                "grassroots_committee",
                unit.sector,
                root,
                unit.established_on,
                "committee",
                unit.work,
            )
        )
        for suffix, name, size in unit.cells:
            add(
                OrgPlan(
                    f"{code}-{suffix}",
                    name,
                    "affiliated_cell",
                    unit.sector,
                    code,
                    unit.established_on,
                    "unit_cell",
                    unit.work,
                    size=size,
                    issued_by=committee_title(unit.name),
                )
            )
    for unit in structure.GRASSROOTS_CELLS:
        add(
            OrgPlan(
                f"{root}-{unit.suffix}",
                unit.name,
                "grassroots_cell",
                unit.sector,
                root,
                unit.established_on,
                "unit_cell",
                unit.work,
                size=unit.size,
                founders=unit.founders,
            )
        )
    for org in orgs:
        if org.parent == root or org.parent is None:
            org.issued_by = org.issued_by or structure.DISTRICT_COMMITTEE
        org.decision_date = weekday_on_or_before(org.established_on - timedelta(days=rng.randint(3, 20)))
        if org.role == "ward_agency":
            org.dissolved_on = structure.DISSOLUTION_DAY
            org.dissolution_date = structure.DISSOLUTION_DECISION_DAY
    return orgs


# ------------------------------------------------------------------------------------------------
# Decision numbers: one sequence per issuing body and year, in date order


class Numbers:
    """Decision numbers ("125-QĐ/QU"): each issuing body numbers each kind of document from 1 through
    its term of office (Hướng dẫn 36-HD/VPTW); terms here run from August of 2000, 2005, 2010, 2015.
    The numbers are given once every decision of the plan is known, in date order; the gaps stand for
    the body's other documents."""

    def __init__(self) -> None:
        self._slots: list[tuple[str, str, date, int, object, str]] = []

    def ask(
        self, issuer: str, day: date, pattern: str, target: object, attribute: str = "decision_number"
    ) -> None:
        self._slots.append((issuer, pattern, day, len(self._slots), target, attribute))

    def assign(self, rng: random.Random) -> None:
        next_number: dict[tuple[str, str, int], int] = {}
        for issuer, pattern, day, _, target, attribute in sorted(self._slots, key=lambda s: s[:4]):
            key = (issuer, pattern, _term(day))
            if key not in next_number:
                next_number[key] = rng.randint(1, 12)
            number = next_number[key]
            next_number[key] = number + rng.choice((1, 1, 1, 2, 3))
            setattr(target, attribute, pattern.format(n=number))


def _term(day: date) -> int:
    year = day.year if day >= date(day.year, 8, 1) else day.year - 1
    return year - year % 5
