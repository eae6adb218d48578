"""The migration that links the decisions recorded before corrections existed finds the links the
services now write: which decision opened and closed each version, which rows belong to one decision."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.apps import apps

from dangbo.organizations.models import Kind, OrganizationEvent, OrganizationVersion, Sector
from dangbo.organizations.services import (
    Decision,
    organization_establish,
    organization_move,
    organization_rename,
)
from dangbo.reorganizations.services import SplitPart, organization_merge, organization_split

pytestmark = pytest.mark.django_db
link = importlib.import_module("dangbo.organizations.migrations.0003_link_recorded_decisions").link


def test_the_links_of_older_decisions_are_inferred_as_the_services_write_them(
    small_tree, make_member, personas
):
    an = make_member(small_tree.cell_a, "Nguyễn Văn An")
    make_member(small_tree.other_cell, "Phạm Minh Khoa")
    actor = personas["admin"]
    block = organization_establish(
        actor=actor,
        code="K1",
        name="Đảng bộ Khối Thử",
        kind=Kind.SUPERIOR,
        sector=Sector.OTHER,
        parent=small_tree.district,
        effective_on=date(2018, 1, 1),
        decision=Decision("1-QĐ/QU", date(2017, 12, 20)),
    )
    organization_move(  # the ward and its two cells
        actor=actor,
        organization=small_tree.ward,
        new_parent=block,
        effective_on=date(2018, 6, 1),
        decision=Decision("2-QĐ/QU", date(2018, 5, 20)),
    )
    organization_rename(
        actor=actor,
        organization=small_tree.cell_b,
        name="Chi bộ Khu phố 2 mới",
        effective_on=date(2018, 9, 1),
        decision=Decision("3-QĐ/QU", date(2018, 8, 20)),
    )
    organization_merge(
        actor=actor,
        sources=[small_tree.other_ward],
        target=small_tree.ward,
        effective_on=date(2019, 1, 1),
        decision=Decision("4-QĐ/QU", date(2018, 12, 20)),
    )
    organization_split(
        actor=actor,
        source=small_tree.cell_a,
        parts=[SplitPart(code="W1A1", name="Chi bộ Khu phố 1A", member_ids=(an.pk,))],
        effective_on=date(2019, 7, 1),
        decision=Decision("5-QĐ/QU", date(2019, 6, 20)),
        dissolve_source=True,
    )
    written_versions = {v.pk: (v.opened_by_id, v.closed_by_id) for v in OrganizationVersion.recorded.all()}
    written_parts = {e.pk: e.part_of_id for e in OrganizationEvent.recorded.all()}
    assert sum(1 for p in written_parts.values() if p) == 3  # the merged ward, its moved cell, the new cell
    assert sum(1 for o, c in written_versions.values() if c) >= 6

    OrganizationVersion.recorded.update(opened_by=None, closed_by=None)
    OrganizationEvent.recorded.update(part_of=None)
    link(apps, None)

    assert {
        v.pk: (v.opened_by_id, v.closed_by_id) for v in OrganizationVersion.recorded.all()
    } == written_versions
    assert {e.pk: e.part_of_id for e in OrganizationEvent.recorded.all()} == written_parts
