"""One year's ratings through the services and through the import give the same ratings, flags and
messages: both compose the rules in one place (evaluations.rules.rating) and gather a member's facts
with one definition (rules.rating.place over evaluations.selectors.member_histories)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from dangbo.evaluations.models import MemberRating, OrganizationRating
from dangbo.evaluations.services import (
    member_ratings_decide,
    member_ratings_propose,
    organization_rating_record,
)
from dangbo.imports.tests.helpers import ORG_RATING_HEADERS, RATING_HEADERS, errors, run, xlsx
from dangbo.members.services import member_act
from dangbo.organizations.models import Kind, Sector
from dangbo.organizations.services import Decision, organization_establish
from dangbo.targets.models import Attendance, Meeting

pytestmark = pytest.mark.django_db

YEAR = 2019
# name, cell ("a": Khu phố 1, "b": Khu phố 2, "s": the school, a grassroots cell), the decided level
MEMBERS: list[tuple[str, str, str]] = [
    ("Nguyễn Văn An", "a", "HTTNV"),  # nothing to say
    ("Trần Thị Bình", "a", "HTTNV"),  # exempted from activity: not to be rated
    ("Lê Văn Cường", "a", ""),  # admitted in September: not rated, the reason recorded
    ("Phạm Văn Dũng", "b", "HTNV"),  # admitted in August: rated although not to be
    ("Hoàng Văn Em", "a", "HTTNV"),  # disciplined in the year: must be KHTNV
    ("Vũ Văn Phúc", "b", "KHTNV"),  # disciplined and KHTNV: nothing to say
    ("Đỗ Thị Giang", "b", "HTNV"),  # died in August: no longer on the books at the year's end
    ("Bùi Thị Hà", "a", "HTTNV"),  # absent 3 months without reason: a warning, never a flag
    ("Ngô Văn Khánh", "b", "HTTNV"),  # 40 % of the targets (recorded with the proposal)
    ("Đặng Thị Lan", "b", "HTTNV"),  # 4 months of sick leave (recorded with the proposal)
    ("Lý Văn Minh", "a", "HTXSNV"),  # two HTXSNV for six HTTNV in the ward: over the 20 % cap
    ("Trịnh Văn Nam", "b", "HTXSNV"),
    ("Mai Văn Quang", "s", "HTXSNV"),  # the school: 1 HTXSNV for 1 HTTNV, over the cap
    ("Tô Thị Sen", "s", "HTTNV"),
]
# code, decided level, tiêu biểu
ORGANIZATIONS: list[tuple[str, str, bool]] = [
    ("W1A", "HTXSNV", True),  # all its members rated HTNV or above, 5 of 5 HTTNV or above
    ("W1B", "HTXSNV", False),  # Phúc KHTNV: not 100 % complete
    ("W1C", "HTTNV", False),  # founded in October: not to be rated
    ("W1", "HTTNV", False),  # its leadership disciplined (recorded with the proposal): KHTNV
    ("S1", "HTTNV", False),
]
RANKS = {"HTXSNV": 1, "HTTNV": 2, "HTNV": 3, "KHTNV": 4, "": None}


def cccd(index: int) -> str:
    return f"0790800010{index:02d}"


@pytest.fixture
def year_under_review(small_tree, make_member, personas):
    """The tree and members of one year, with what the cell recorded before the decision."""
    admin = personas["admin"]
    cells = {"a": small_tree.cell_a, "b": small_tree.cell_b, "s": small_tree.school}
    members = {}
    for index, (name, cell, _) in enumerate(MEMBERS):
        admitted = {"Lê Văn Cường": date(2019, 9, 1), "Phạm Văn Dũng": date(2019, 8, 1)}.get(name)
        if admitted is not None:
            members[name] = make_member(
                cells[cell], name, cccd=cccd(index), status="probationary", admitted=admitted, on=admitted,
                birth_date=date(1995, 1, 1),
            )  # fmt: skip
        else:
            members[name] = make_member(cells[cell], name, cccd=cccd(index))
    member_act(actor=admin, member=members["Trần Thị Bình"], kind="exemption", effective_on=date(2019, 3, 1),
               decision_number="9-QĐ/ĐU", decision_date=date(2019, 3, 1))  # fmt: skip
    for name in ("Hoàng Văn Em", "Vũ Văn Phúc"):
        member_act(actor=admin, member=members[name], kind="discipline", effective_on=date(2019, 4, 1),
                   decision_number="1-QĐ/UBKT", decision_date=date(2019, 4, 1), form="reprimand")  # fmt: skip
    member_act(actor=admin, member=members["Đỗ Thị Giang"], kind="death", effective_on=date(2019, 8, 1),
               decision_number="", decision_date=None)  # fmt: skip
    for month in (2, 5, 9):
        meeting = Meeting.objects.create(
            organization=small_tree.cell_a, held_on=date(2019, month, 5), topics="x"
        )
        Attendance.objects.create(meeting=meeting, member=members["Bùi Thị Hà"], status="unexcused")
    organization_establish(actor=admin, code="W1C", name="Chi bộ Khu phố 3", kind=Kind.AFFILIATED_CELL,
                           sector=Sector.RESIDENTIAL, parent=small_tree.ward, effective_on=date(2019, 10, 1),
                           decision=Decision(number="5-QĐ/ĐU", date=date(2019, 10, 1)))  # fmt: skip
    # the proposal: every level, with the facts the rules use (the import has no column for them)
    member_ratings_propose(
        actor=admin,
        year=YEAR,
        proposals=[(members[name], RANKS[level]) for name, _, level in MEMBERS if level],
        facts={
            members["Ngô Văn Khánh"].pk: {"targets_met_percent": Decimal(40)},
            members["Đặng Thị Lan"].pk: {"sick_leave_months": Decimal(4)},
        },
    )
    organization_rating_record(actor=admin, organization=small_tree.ward, year=YEAR, stage="proposal",
                               rank=2, leadership_disciplined=True)  # fmt: skip
    return members


def _decide_through_the_services(members, admin) -> None:
    """The committee's list decision (the cap on the final list, as the import counts it), then the
    organizations' decisions as the page sends them (the recorded facts pre-filled)."""
    member_ratings_decide(
        actor=admin,
        year=YEAR,
        decisions=[(members[name], RANKS[level]) for name, _, level in MEMBERS],
        decision_number="12-TB/ĐU",
        decision_date=date(2019, 12, 20),
        override_reason="Ghi lại kết quả đã quyết định",
    )
    for code, level, exemplary in ORGANIZATIONS:
        organization = _org(code)
        stored = OrganizationRating.objects.filter(organization=organization, year=YEAR).first()
        organization_rating_record(
            actor=admin,
            organization=organization,
            year=YEAR,
            stage="decision",
            rank=RANKS[level],
            exemplary=exemplary,
            decision_number="20-QĐ/QU",
            leadership_disciplined=bool(stored and stored.leadership_disciplined),
            historical=True,
        )


def _org(code: str):  # type: ignore[no-untyped-def]
    from dangbo.organizations.models import Organization

    return Organization.objects.get(code=code)


def _import(admin) -> None:
    members_sheet = [RATING_HEADERS] + [
        [cccd(index), "", name, YEAR, level, ""] for index, (name, _, level) in enumerate(MEMBERS)
    ]
    organizations_sheet = [ORG_RATING_HEADERS] + [
        [code, "", YEAR, level, "x" if exemplary else ""] for code, level, exemplary in ORGANIZATIONS
    ]
    outcome = run(xlsx({"Xếp loại": members_sheet, "Tổ chức": organizations_sheet}), admin)
    assert outcome.ok, errors(outcome)


def _results() -> dict[str, Any]:
    return {
        "members": {
            r.member.full_name: (r.rank, r.not_rated_reason, r.disciplined_in_year, r.flags)
            for r in MemberRating.objects.filter(year=YEAR).select_related("member")
        },
        "organizations": {
            r.organization.code: (r.rank, r.exemplary, r.not_rated_reason, r.flags)
            for r in OrganizationRating.objects.filter(year=YEAR).select_related("organization")
        },
    }


class _RolledBack(Exception):
    pass


def test_the_services_and_the_import_give_the_same_ratings_flags_and_messages(
    small_tree, personas, year_under_review
):
    admin = personas["admin"]
    through_services: dict[str, Any] = {}
    with pytest.raises(_RolledBack), transaction.atomic():
        _decide_through_the_services(year_under_review, admin)
        through_services = _results()
        raise _RolledBack  # back to the proposals, for the import
    assert all(r.rank is None for r in MemberRating.objects.filter(year=YEAR))
    _import(admin)
    through_import = _results()

    assert through_import == through_services
    # the fixture says something: every rule of it is met, each where it should be
    members = through_import["members"]
    flagged = {name: [f["rule"] for f in flags] for name, (_, _, _, flags) in members.items()}
    assert flagged == {
        "Nguyễn Văn An": [],
        "Trần Thị Bình": ["not_rated"],
        "Lê Văn Cường": [],
        "Phạm Văn Dũng": ["not_rated"],
        "Hoàng Văn Em": ["member_khtnv"],
        "Vũ Văn Phúc": [],
        "Đỗ Thị Giang": ["not_rated"],
        "Bùi Thị Hà": [],
        "Ngô Văn Khánh": ["member_khtnv"],
        "Đặng Thị Lan": ["sick_leave"],
        "Lý Văn Minh": ["excellent_cap"],
        "Trịnh Văn Nam": ["excellent_cap"],
        "Mai Văn Quang": ["excellent_cap"],
        "Tô Thị Sen": [],
    }
    assert members["Lê Văn Cường"][:2] == (None, "Vào Đảng chưa đủ 6 tháng (HD 21-HD/BTCTW, mục II.6)")
    assert members["Đỗ Thị Giang"][3][0]["message"] == (
        "Đảng viên thuộc diện không xếp loại: Không còn trong danh sách đảng viên vào cuối năm."
    )
    assert (
        "(2) vượt quá 20% số đảng viên hoàn thành tốt nhiệm vụ (6; tối đa 1)"
        in (members["Lý Văn Minh"][3][0]["message"])
    )
    organizations = {
        code: [f["rule"] for f in flags] for code, (*_, flags) in through_import["organizations"].items()
    }
    assert organizations == {
        "W1A": [],
        "W1B": ["org_excellent_all_complete", "org_excellent_80_percent"],
        "W1C": ["not_rated"],
        "W1": ["collective_khtnv"],
        "S1": [],
    }
