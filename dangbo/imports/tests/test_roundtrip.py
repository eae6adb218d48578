"""Export then import: into the same database nothing changes; into an empty database the year's
review report comes out the same (the tree, the register and the year's ratings and awards)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection

from dangbo.accounts.scope import system_actor
from dangbo.evaluations.services import award_record, member_rating_record, organization_rating_record
from dangbo.imports import exports
from dangbo.imports.render import workbook_bytes
from dangbo.imports.tests.helpers import errors, run
from dangbo.members.services import member_act, member_admit
from dangbo.organizations.models import Organization
from dangbo.reports.selectors import year_report

SYSTEM = system_actor("kiểm thử: test_roundtrip")

pytestmark = pytest.mark.django_db


def _review_2019(small_tree, make_member) -> None:
    tree = small_tree
    ranks = {
        tree.cell_a: [1, 2, 2, 2, 2, 2, 3],
        tree.cell_b: [2, 2, 2, 4],
        tree.school: [1, 2, 2, 2, 2, 2],
        tree.other_cell: [2, 3, 3],
    }
    number = 0
    for cell, levels in ranks.items():
        for rank in levels:
            number += 1
            member = make_member(cell, f"Nguyễn Văn {chr(64 + number % 26 + 1)}{'ăâêô'[number % 4]}n",
                                 cccd=f"0790800{number:05d}", party_card_number=f"{number:08d}")  # fmt: skip
            member_rating_record(
                actor=SYSTEM, member=member, year=2019, stage="decision", rank=rank, historical=True
            )
    late = member_admit(
        actor=SYSTEM, profile={"full_name": "Lê Thị Mới", "sex": "female", "birth_date": date(1998, 1, 1),
                             "cccd": "079198000001"},
        cell=tree.cell_a, effective_on=date(2019, 9, 2), decision_number="9-QĐ/ĐU", decision_date=date(2019, 9, 2),
    )  # fmt: skip
    member_rating_record(actor=SYSTEM, member=late, year=2019, stage="decision", rank=None, historical=True)
    gone = make_member(tree.cell_b, "Phan Văn Đi", cccd="079080099999")
    member_act(
        actor=SYSTEM,
        member=gone,
        kind="death",
        effective_on=date(2019, 3, 1),
        decision_number="",
        decision_date=None,
    )
    for organization, rank, exemplary in (
        (tree.cell_a, 2, False), (tree.cell_b, 3, False), (tree.ward, 2, False), (tree.school, 1, True),
        (tree.other_cell, 2, False), (tree.other_ward, 2, False),
    ):  # fmt: skip
        organization_rating_record(actor=SYSTEM, organization=organization, year=2019, stage="decision", rank=rank,
                                   exemplary=exemplary, historical=True)  # fmt: skip
    award_record(actor=SYSTEM, kind="merit", year=2019, title="Trong sạch, vững mạnh tiêu biểu", given_by="Quận ủy",
                 decision_number="12-QĐ/QU", decision_date=date(2020, 1, 20), organization=tree.school,
                 consecutive_years=5)  # fmt: skip


def _exports(root: Organization) -> list[bytes]:
    actor = system_actor("kiểm thử")
    day = date(2019, 12, 31)
    register = exports.register(actor, root, day)
    return [
        workbook_bytes([exports.organization_sheet(actor, root, day)]),
        workbook_bytes(
            [exports.member_sheet(actor, register.members, title="Đảng viên", cells=register.cells)],
            register=register,
        ),
        workbook_bytes(
            [
                exports.member_rating_sheet(actor, root, 2019),
                exports.organization_rating_sheet(actor, root, 2019),
                exports.award_sheet(actor, root, 2019),
            ]
        ),
    ]


def _empty_the_database() -> None:
    if connection.vendor == "postgresql":  # the test's transaction holds deferred checks: run them first
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)


def test_the_2019_report_is_the_same_after_export_and_import_into_an_empty_database(small_tree, make_member):
    _review_2019(small_tree, make_member)
    before = year_report(system_actor("kiểm thử"), small_tree.district, 2019)
    assert before.sections.members.evaluated == 20
    files = _exports(small_tree.district)
    _empty_the_database()
    assert not Organization.objects.exists()
    for content in files:
        outcome = run(content)
        assert outcome.ok, errors(outcome)
    after = year_report(system_actor("kiểm thử"), Organization.objects.get(code="D"), 2019)
    assert after == before


def test_exporting_and_importing_into_the_same_database_changes_nothing(small_tree, make_member):
    _review_2019(small_tree, make_member)
    for content in _exports(small_tree.district):
        outcome = run(content)
        assert outcome.ok, errors(outcome)
        assert outcome.result.plan.writes() == 0
