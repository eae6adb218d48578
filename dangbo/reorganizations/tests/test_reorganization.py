"""Establish, rename, move, merge, split and dissolve, and the tree "as of" a date after them."""

from datetime import date

import pytest

from dangbo.accounts.scope import system_actor
from dangbo.core.exceptions import ApplicationError
from dangbo.members import tree_counts
from dangbo.members.models import Member, MemberEvent, MemberPeriod
from dangbo.organizations import selectors
from dangbo.organizations.models import Kind, Organization, OrganizationEvent, OrganizationVersion, Sector
from dangbo.organizations.services import (
    Decision,
    organization_establish,
    organization_move,
    organization_rename,
)
from dangbo.reorganizations.services import (
    SplitPart,
    organization_dissolve,
    organization_merge,
    organization_split,
)

D2019 = Decision(number="123-QĐ/QU", date=date(2019, 6, 20), issued_by="Quận ủy Quận Thử")


def counts(tree, day):
    return tree_counts.subtree_stats(system_actor("kiểm thử"), tree.district, day)


def row_counts():
    return (
        Organization.objects.count(),
        OrganizationVersion.objects.count(),
        OrganizationEvent.objects.count(),
        MemberEvent.objects.count(),
        MemberPeriod.objects.count(),
    )


def test_establish_records_the_version_and_the_decision(small_tree, officer):
    cell = organization_establish(
        actor=officer,
        code="w1c",
        name="Chi bộ  Chung cư  Sky",
        kind=Kind.AFFILIATED_CELL,
        sector=Sector.APARTMENT,
        parent=small_tree.ward,
        effective_on=date(2019, 9, 1),
        decision=D2019,
    )
    assert cell.code == "W1C"
    assert cell.name == "Chi bộ Chung cư Sky"
    assert cell.path == f"{small_tree.ward.path}{cell.pk}/"
    assert cell.events.get().action == OrganizationEvent.Action.ESTABLISH
    assert counts(small_tree, date(2019, 8, 31))["organizations"]["by_kind"]["affiliated_cell"] == 3
    assert counts(small_tree, date(2019, 9, 1))["organizations"]["by_kind"]["affiliated_cell"] == 4


def test_establish_refuses_a_duplicate_code_and_writes_nothing(small_tree, officer):
    before = row_counts()
    with pytest.raises(ApplicationError) as error:
        organization_establish(
            actor=officer,
            code="W1A",
            name="Chi bộ mới",
            kind=Kind.AFFILIATED_CELL,
            sector=Sector.RESIDENTIAL,
            parent=small_tree.ward,
            effective_on=date(2019, 1, 1),
            decision=D2019,
        )
    assert error.value.field == "code"
    assert "W1A" in error.value.message
    assert row_counts() == before


def test_a_cell_cannot_be_placed_directly_under_a_cell(small_tree, officer):
    with pytest.raises(ApplicationError, match="không thể trực thuộc") as error:
        organization_establish(
            actor=officer,
            code="X",
            name="Chi bộ X",
            kind=Kind.AFFILIATED_CELL,
            sector=Sector.OTHER,
            parent=small_tree.cell_a,
            effective_on=date(2019, 1, 1),
            decision=D2019,
        )
    assert error.value.field == "kind"


def test_rename_keeps_the_old_name_in_the_past(small_tree, officer):
    organization_rename(
        actor=officer,
        organization=small_tree.cell_a,
        name="Chi bộ Khu phố 1A",
        effective_on=date(2020, 1, 1),
        decision=D2019,
    )
    small_tree.cell_a.refresh_from_db()
    assert small_tree.cell_a.name == "Chi bộ Khu phố 1A"
    old, new = (
        selectors.version_of(small_tree.cell_a, date(y, m, d)) for y, m, d in ((2019, 12, 31), (2020, 1, 1))
    )
    assert old is not None and old.name == "Chi bộ Khu phố 1"
    assert new is not None and new.name == "Chi bộ Khu phố 1A"


def test_a_decision_before_a_later_change_is_refused(small_tree, officer):
    organization_rename(
        actor=officer,
        organization=small_tree.cell_a,
        name="Chi bộ Khu phố 1A",
        effective_on=date(2020, 1, 1),
        decision=D2019,
    )
    with pytest.raises(ApplicationError, match="thứ tự thời gian"):
        organization_rename(
            actor=officer,
            organization=small_tree.cell_a,
            name="Chi bộ KP1",
            effective_on=date(2019, 1, 1),
            decision=D2019,
        )


def test_move_re_paths_the_subtree_and_keeps_the_old_tree_answerable(small_tree, officer, make_member):
    make_member(small_tree.cell_a, "Nguyễn Văn An")
    make_member(small_tree.cell_b, "Trần Thị Bình")
    organization_move(
        actor=officer,
        organization=small_tree.cell_a,
        new_parent=small_tree.other_ward,
        effective_on=date(2020, 1, 1),
        decision=D2019,
    )
    actor = system_actor("kiểm thử")
    ward_2019 = tree_counts.subtree_stats(actor, small_tree.ward, date(2019, 12, 31))
    ward_2020 = tree_counts.subtree_stats(actor, small_tree.ward, date(2020, 1, 1))
    other_2020 = tree_counts.subtree_stats(actor, small_tree.other_ward, date(2020, 1, 1))
    assert ward_2019["members"]["total"] == 2
    assert ward_2020["members"]["total"] == 1
    assert other_2020["members"]["total"] == 1
    small_tree.cell_a.refresh_from_db()
    assert small_tree.cell_a.path.startswith(small_tree.other_ward.path)


def test_move_into_its_own_subtree_is_refused(small_tree, officer):
    with pytest.raises(ApplicationError, match="chính nó"):
        organization_move(
            actor=officer,
            organization=small_tree.ward,
            new_parent=small_tree.cell_a,
            effective_on=date(2020, 1, 1),
            decision=D2019,
        )


def test_dissolution_moves_every_member_in_the_same_transaction(small_tree, officer, make_member):
    a1 = make_member(small_tree.cell_a, "Nguyễn Văn An")
    a2 = make_member(small_tree.cell_a, "Lê Thị Hoa")
    event = organization_dissolve(
        actor=officer,
        organization=small_tree.cell_a,
        effective_on=date(2019, 7, 1),
        decision=D2019,
        default_receiving=small_tree.cell_b,
    )
    for member in (a1, a2):
        member.refresh_from_db()
        assert member.organization_id == small_tree.cell_b.pk
        transfer = member.events.get(kind=MemberEvent.Kind.TRANSFER)
        assert transfer.decision_number == "123-QĐ/QU"
        assert transfer.organization_event_id == event.pk
        assert transfer.details["transfer_type"] == "reorganization"
    small_tree.cell_a.refresh_from_db()
    assert small_tree.cell_a.ended_on == date(2019, 7, 1)
    stats_before = counts(small_tree, date(2019, 6, 30))
    stats_after = counts(small_tree, date(2019, 7, 1))
    assert stats_before["organizations"]["by_kind"]["affiliated_cell"] == 3
    assert stats_after["organizations"]["by_kind"]["affiliated_cell"] == 2
    assert stats_before["members"]["total"] == stats_after["members"]["total"] == 2
    node_2018 = tree_counts.tree(system_actor("kiểm thử"), small_tree.ward, date(2018, 12, 31))
    assert node_2018 is not None
    assert [c.version.name for c in node_2018.children] == ["Chi bộ Khu phố 1", "Chi bộ Khu phố 2"]
    assert node_2018.children[0].total == 2


def test_dissolution_with_members_left_behind_is_refused_and_writes_nothing(small_tree, officer, make_member):
    make_member(small_tree.cell_a, "Nguyễn Văn An")
    before = row_counts()
    with pytest.raises(ApplicationError, match="chưa có chi bộ nhận") as error:
        organization_dissolve(
            actor=officer, organization=small_tree.cell_a, effective_on=date(2019, 7, 1), decision=D2019
        )
    assert error.value.field == "receiving"
    assert row_counts() == before
    small_tree.cell_a.refresh_from_db()
    assert small_tree.cell_a.ended_on is None


def test_dissolution_per_member_receiving_cells(small_tree, officer, make_member):
    a1 = make_member(small_tree.cell_a, "Nguyễn Văn An")
    a2 = make_member(small_tree.cell_a, "Lê Thị Hoa")
    third = organization_establish(
        actor=officer,
        code="W1D",
        name="Chi bộ Khu phố 3",
        kind=Kind.AFFILIATED_CELL,
        sector=Sector.RESIDENTIAL,
        parent=small_tree.ward,
        effective_on=date(2016, 1, 1),
        decision=D2019,
    )
    organization_dissolve(
        actor=officer,
        organization=small_tree.cell_a,
        effective_on=date(2019, 7, 1),
        decision=D2019,
        receiving={a1.pk: small_tree.cell_b, a2.pk: third},
    )
    a1.refresh_from_db()
    a2.refresh_from_db()
    assert (a1.organization_id, a2.organization_id) == (small_tree.cell_b.pk, third.pk)


def test_a_committee_with_active_cells_cannot_be_dissolved(small_tree, officer):
    with pytest.raises(ApplicationError, match="còn 2 tổ chức trực thuộc"):
        organization_dissolve(
            actor=officer, organization=small_tree.ward, effective_on=date(2019, 7, 1), decision=D2019
        )


def test_dissolution_into_a_committee_is_refused(small_tree, officer, make_member):
    make_member(small_tree.cell_a, "Nguyễn Văn An")
    before = row_counts()
    with pytest.raises(ApplicationError, match="không phải là chi bộ"):
        organization_dissolve(
            actor=officer,
            organization=small_tree.cell_a,
            effective_on=date(2019, 7, 1),
            decision=D2019,
            default_receiving=small_tree.other_ward,
        )
    assert row_counts() == before


def test_merge_moves_members_and_ends_the_source(small_tree, officer, make_member):
    make_member(small_tree.cell_a, "Nguyễn Văn An")
    make_member(small_tree.cell_b, "Trần Văn Bảo")
    organization_merge(
        actor=officer,
        sources=[small_tree.cell_a],
        target=small_tree.cell_b,
        effective_on=date(2019, 7, 1),
        decision=D2019,
    )
    assert Member.objects.filter(organization=small_tree.cell_b).count() == 2
    small_tree.cell_a.refresh_from_db()
    assert small_tree.cell_a.ended_on == date(2019, 7, 1)
    assert small_tree.cell_a.events.filter(action=OrganizationEvent.Action.MERGE).exists()


def test_merging_committees_moves_their_cells(small_tree, officer, make_member):
    make_member(small_tree.other_cell, "Phạm Văn Cường")
    organization_merge(
        actor=officer,
        sources=[small_tree.other_ward],
        target=small_tree.ward,
        effective_on=date(2020, 1, 1),
        decision=D2019,
    )
    small_tree.other_cell.refresh_from_db()
    assert small_tree.other_cell.parent_id == small_tree.ward.pk
    assert (
        tree_counts.subtree_stats(system_actor("kiểm thử"), small_tree.ward, date(2020, 1, 1))["members"][
            "total"
        ]
        == 1
    )
    assert counts(small_tree, date(2020, 1, 1))["organizations"]["grassroots"] == 2


def test_split_creates_sibling_cells_and_moves_the_chosen_members(small_tree, officer, make_member):
    a1 = make_member(small_tree.cell_a, "Nguyễn Văn An")
    a2 = make_member(small_tree.cell_a, "Lê Thị Hoa")
    created = organization_split(
        actor=officer,
        source=small_tree.cell_a,
        parts=[SplitPart(code="W1A1", name="Chi bộ Khu phố 1A", member_ids=(a1.pk,))],
        effective_on=date(2019, 7, 1),
        decision=D2019,
        dissolve_source=False,
    )
    a1.refresh_from_db()
    a2.refresh_from_db()
    assert a1.organization_id == created[0].pk
    assert a2.organization_id == small_tree.cell_a.pk


def test_split_that_dissolves_the_source_needs_every_member_placed(small_tree, officer, make_member):
    a1 = make_member(small_tree.cell_a, "Nguyễn Văn An")
    make_member(small_tree.cell_a, "Lê Thị Hoa")
    before = row_counts()
    with pytest.raises(ApplicationError, match="chưa được phân"):
        organization_split(
            actor=officer,
            source=small_tree.cell_a,
            parts=[SplitPart(code="W1A1", name="Chi bộ Khu phố 1A", member_ids=(a1.pk,))],
            effective_on=date(2019, 7, 1),
            decision=D2019,
            dissolve_source=True,
        )
    assert row_counts() == before


def test_a_decision_without_number_is_refused(small_tree, officer):
    with pytest.raises(ApplicationError) as error:
        organization_rename(
            actor=officer,
            organization=small_tree.cell_a,
            name="Chi bộ mới",
            effective_on=date(2020, 1, 1),
            decision=Decision(number="  ", date=date(2020, 1, 1)),
        )
    assert error.value.field == "decision_number"


def test_the_services_enforce_the_scope(small_tree, personas):
    from dangbo.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):  # a secretary cannot dissolve their own cell
        organization_dissolve(
            actor=personas["secretary_a"],
            organization=small_tree.cell_a,
            effective_on=date(2019, 7, 1),
            decision=D2019,
        )
    with pytest.raises(PermissionDenied):
        organization_rename(
            actor=personas["outsider"],
            organization=small_tree.cell_a,
            name="Chi bộ X",
            effective_on=date(2020, 1, 1),
            decision=D2019,
        )
    with pytest.raises(PermissionDenied):
        organization_establish(
            actor=personas["officer"],
            code="ROOT2",
            name="Đảng bộ khác",
            kind=Kind.DISTRICT,
            sector=Sector.OTHER,
            parent=None,
            effective_on=date(2019, 1, 1),
            decision=D2019,
        )
    renamed = organization_rename(
        actor=personas["ward_staff"],
        organization=small_tree.cell_a,
        name="Chi bộ Khu phố 1A",
        effective_on=date(2020, 1, 1),
        decision=D2019,
    )
    assert renamed.name == "Chi bộ Khu phố 1A"
