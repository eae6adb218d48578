"""The demo's congress round: Quận 9's 2020–2025 term opened with every organization's planned day
in 2020 (cells under a grassroots committee first, then the grassroots organizations, the district
last). None is held yet: the demo's history ends on 31/12/2019."""

from __future__ import annotations

from datetime import date, timedelta

from dangbo.accounts.scope import system_actor
from dangbo.congresses.models import CongressRound
from dangbo.congresses.services import congress_round_open
from dangbo.organizations.models import CELL_KINDS, GRASSROOTS_KINDS, Organization
from dangbo.organizations.selectors import subtree_versions

DEMO_DAY = date(2019, 12, 31)
DISTRICT_CONGRESS = date(2020, 9, 25)


def open_demo_round(root: Organization) -> CongressRound:
    planned: dict[int, date] = {}
    cells = grassroots = 0
    for version in subtree_versions(root, DEMO_DAY).order_by("path"):
        if version.kind in GRASSROOTS_KINDS:
            planned[version.organization_id] = date(2020, 5, 4) + timedelta(days=(grassroots * 2) % 56)
            grassroots += 1
        elif version.kind in CELL_KINDS:
            planned[version.organization_id] = date(2020, 3, 2) + timedelta(days=cells % 56)
            cells += 1
        elif version.organization_id != root.pk:
            planned[version.organization_id] = date(2020, 7, 1)
    return congress_round_open(
        actor=system_actor("nạp dữ liệu mẫu"),
        organization=root,
        term_start=2020,
        term_end=2025,
        planned_on=DISTRICT_CONGRESS,
        planned=planned,
        as_of=DEMO_DAY,
    )
