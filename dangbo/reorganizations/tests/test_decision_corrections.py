"""Đính chính a reorganization decision: a wrong number or date corrected (the recorded values kept), a
mistaken merge, split or dissolution withdrawn (nothing deleted: versions void or reopened, members back
in their cells), refused when later records depend on it or for someone who may not decide it."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from dangbo.audit.models import AuditEntry
from dangbo.core.dates import OPEN_END
from dangbo.core.exceptions import ApplicationError, NotFound, PermissionDenied
from dangbo.members import tree_counts
from dangbo.members.models import Member, MemberEvent, MemberEventCorrection, MemberPeriod
from dangbo.members.services import member_transfer
from dangbo.organizations import selectors
from dangbo.organizations.models import (
    Kind,
    Organization,
    OrganizationEvent,
    OrganizationEventCorrection,
    OrganizationVersion,
    Sector,
)
from dangbo.organizations.services import (
    Decision,
    organization_establish,
    organization_move,
    organization_rename,
)
from dangbo.reorganizations import selectors as reorg_selectors
from dangbo.reorganizations.corrections import organization_decision_correct, organization_decision_withdraw
from dangbo.reorganizations.services import (
    SplitPart,
    organization_dissolve,
    organization_merge,
    organization_split,
)

pytestmark = pytest.mark.django_db

D2019 = Decision(number="123-QĐ/QU", date=date(2019, 6, 20), issued_by="Quận ủy Quận Thử")
ON = date(2019, 7, 1)
APPROVAL: dict[str, Any] = {
    "reason": "Sáp nhập nhầm chi bộ",
    "approval_number": "45-CV/QU",
    "approval_date": date(2019, 8, 1),
}


def stats(code: str, day: str) -> dict[str, Any]:
    out = StringIO()
    call_command("tree_stats", "--org", code, "--as-of", day, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def recorded_rows() -> tuple[int, int, int]:
    return (
        OrganizationVersion.recorded.count(),
        OrganizationEvent.recorded.count(),
        MemberEvent.recorded.count(),
    )


@pytest.fixture
def merged(small_tree, make_member, personas):
    """Cell A merged into cell B on 01/07/2019 by the ward's staff; An was in A, Bảo in B."""
    an = make_member(small_tree.cell_a, "Nguyễn Văn An")
    bao = make_member(small_tree.cell_b, "Trần Văn Bảo")
    organization_merge(
        actor=personas["ward_staff"],
        sources=[small_tree.cell_a],
        target=small_tree.cell_b,
        effective_on=ON,
        decision=D2019,
    )
    principal = OrganizationEvent.objects.get(organization=small_tree.cell_b, action="merge")
    return principal, an, bao


def test_a_wrong_decision_number_is_corrected_and_the_recorded_values_kept(small_tree, personas, merged):
    principal, an, _ = merged
    correction = organization_decision_correct(
        actor=personas["ward_staff"],
        event=principal,
        decision=Decision(number="124-QĐ/QU", date=date(2019, 6, 21), issued_by="Quận ủy Quận Thử"),
        **{**APPROVAL, "reason": "Sai số quyết định"},
    )
    rows = OrganizationEvent.objects.filter(decision_date=date(2019, 6, 21))
    assert {(r.organization_id, r.decision_number) for r in rows} == {
        (small_tree.cell_b.pk, "124-QĐ/QU"),
        (small_tree.cell_a.pk, "124-QĐ/QU"),  # the row on the merged cell, part of the same decision
    }
    transfer = MemberEvent.objects.get(member=an, kind="transfer")
    assert (transfer.decision_number, transfer.decision_date) == ("124-QĐ/QU", date(2019, 6, 21))
    assert correction.original["decision_number"] == "123-QĐ/QU"
    assert correction.original["decision_date"] == "2019-06-20"
    assert correction.recorded_by == personas["ward_staff"]
    entry = AuditEntry.objects.get(action="organization.decision_correct")
    assert entry.before == {"decision_number": "123-QĐ/QU", "decision_date": "2019-06-20"}
    assert entry.after is not None and entry.after["decision_number"] == "124-QĐ/QU"
    assert entry.after["reason"] == "Sai số quyết định"
    # the merge itself stands
    small_tree.cell_a.refresh_from_db()
    assert small_tree.cell_a.ended_on == ON
    with pytest.raises(ApplicationError, match="trùng với giá trị đã ghi"):
        organization_decision_correct(
            actor=personas["ward_staff"],
            event=principal,
            decision=Decision(number="124-QĐ/QU", date=date(2019, 6, 21), issued_by="Quận ủy Quận Thử"),
            **APPROVAL,
        )


def test_withdrawing_a_merge_puts_the_cell_and_its_members_back(small_tree, personas, merged):
    principal, an, bao = merged
    assert stats("W1", "2019-07-01")["organizations"]["by_kind"]["affiliated_cell"] == 1
    assert stats("W1A", "2019-06-30")["members"]["total"] == 1
    before = recorded_rows()

    correction = organization_decision_withdraw(actor=personas["ward_staff"], event=principal, **APPROVAL)

    cell_a = Organization.objects.get(pk=small_tree.cell_a.pk)
    assert cell_a.ended_on is None and cell_a.is_active
    assert list(
        OrganizationVersion.objects.filter(organization=cell_a).values_list("valid_to", flat=True)
    ) == [OPEN_END]
    an.refresh_from_db()
    bao.refresh_from_db()
    assert an.organization_id == cell_a.pk and bao.organization_id == small_tree.cell_b.pk
    assert list(MemberPeriod.objects.filter(member=an).values_list("organization_id", "valid_to")) == [
        (cell_a.pk, OPEN_END)
    ]
    # the counts on any day follow
    after = stats("W1", "2019-12-31")
    assert after["organizations"]["by_kind"]["affiliated_cell"] == 2
    assert stats("W1A", "2019-12-31")["members"]["total"] == 1
    assert stats("W1B", "2019-12-31")["members"]["total"] == 1
    # nothing deleted: the decision's rows and the transfer are kept, marked, out of force
    assert recorded_rows() == before
    assert not OrganizationEvent.objects.filter(action="merge").exists()
    assert set(OrganizationEvent.recorded.filter(action="merge").values_list("withdrawn_by", flat=True)) == {
        correction.pk
    }
    transfer = MemberEvent.recorded.get(member=an, kind="transfer")
    assert transfer.correction.action == MemberEventCorrection.Action.WITHDRAW
    assert transfer.correction.approval_number == "45-CV/QU"
    entry = AuditEntry.objects.get(action="organization.decision_withdraw")
    assert entry.after is not None and entry.after["members_returned"] == 1
    assert entry.after["organizations_reopened"] == ["Chi bộ Khu phố 1"]
    assert AuditEntry.objects.filter(action="member.event_withdraw", target_id=str(an.pk)).exists()
    with pytest.raises(ApplicationError, match="đã bị hủy"):
        organization_decision_withdraw(actor=personas["ward_staff"], event=principal, **APPROVAL)


def test_withdrawing_a_merge_of_committees_moves_their_cells_back(small_tree, make_member, personas):
    khoa = make_member(small_tree.other_cell, "Phạm Minh Khoa")
    organization_merge(
        actor=personas["officer"],
        sources=[small_tree.other_ward],
        target=small_tree.ward,
        effective_on=ON,
        decision=D2019,
    )
    assert stats("W1", "2019-07-01")["organizations"]["cells"] == 3
    moved = OrganizationEvent.objects.get(organization=small_tree.other_cell, action="move")
    assert moved.part_of is not None

    organization_decision_withdraw(actor=personas["officer"], event=moved, **APPROVAL)  # any row of it

    other_cell = Organization.objects.get(pk=small_tree.other_cell.pk)
    assert other_cell.parent_id == small_tree.other_ward.pk
    assert other_cell.path == f"{small_tree.other_ward.path}{other_cell.pk}/"
    assert stats("W1", "2019-07-01")["organizations"]["cells"] == 2
    assert stats("W2", "2019-07-01")["members"]["total"] == 1
    node = tree_counts.tree(personas["officer"], small_tree.other_ward, date(2019, 12, 31))
    assert node is not None and [c.version.name for c in node.children] == ["Chi bộ Khu phố 5"]
    khoa.refresh_from_db()
    assert khoa.organization_id == other_cell.pk


def test_withdrawing_a_split_voids_the_new_cells_and_returns_the_members(small_tree, make_member, personas):
    an = make_member(small_tree.cell_a, "Nguyễn Văn An")
    hoa = make_member(small_tree.cell_a, "Lê Thị Hoa")
    created = organization_split(
        actor=personas["ward_staff"],
        source=small_tree.cell_a,
        parts=[
            SplitPart(code="W1A1", name="Chi bộ Khu phố 1A", member_ids=(an.pk,)),
            SplitPart(code="W1A2", name="Chi bộ Khu phố 1B", member_ids=(hoa.pk,)),
        ],
        effective_on=ON,
        decision=D2019,
        dissolve_source=True,
    )
    assert stats("W1", "2019-07-01")["organizations"]["cells"] == 3
    split = OrganizationEvent.objects.get(organization=small_tree.cell_a, action="split")

    organization_decision_withdraw(actor=personas["ward_staff"], event=split, **APPROVAL)

    assert stats("W1", "2019-07-01")["organizations"]["cells"] == 2
    assert stats("W1A", "2019-12-31")["members"]["total"] == 2
    for cell in created:
        cell.refresh_from_db()
        assert cell.ended_on == cell.established_on  # never in force
        assert not OrganizationVersion.objects.filter(organization=cell).exists()
        assert OrganizationVersion.recorded.filter(organization=cell).exists()  # kept, void
    assert set(Member.objects.values_list("organization_id", flat=True)) == {small_tree.cell_a.pk}
    # the code of a void cell stays taken, and says why
    with pytest.raises(ApplicationError, match="đã bị hủy; hãy chọn mã khác"):
        organization_establish(
            actor=personas["ward_staff"],
            code="W1A1",
            name="Chi bộ Khu phố 1A",
            kind=Kind.AFFILIATED_CELL,
            sector=Sector.RESIDENTIAL,
            parent=small_tree.ward,
            effective_on=ON,
            decision=D2019,
        )


def test_withdrawing_a_split_that_kept_the_source(small_tree, make_member, personas):
    an = make_member(small_tree.cell_a, "Nguyễn Văn An")
    make_member(small_tree.cell_a, "Lê Thị Hoa")
    organization_split(
        actor=personas["ward_staff"],
        source=small_tree.cell_a,
        parts=[SplitPart(code="W1A1", name="Chi bộ Khu phố 1A", member_ids=(an.pk,))],
        effective_on=ON,
        decision=D2019,
        dissolve_source=False,
    )
    split = OrganizationEvent.objects.get(organization=small_tree.cell_a, action="split")
    organization_decision_withdraw(actor=personas["ward_staff"], event=split, **APPROVAL)
    an.refresh_from_db()
    assert an.organization_id == small_tree.cell_a.pk
    assert stats("W1A", "2019-12-31")["members"]["total"] == 2


def test_withdrawing_a_dissolution(small_tree, make_member, personas):
    an = make_member(small_tree.cell_a, "Nguyễn Văn An")
    event = organization_dissolve(
        actor=personas["ward_staff"],
        organization=small_tree.cell_a,
        effective_on=ON,
        decision=D2019,
        default_receiving=small_tree.cell_b,
    )
    organization_decision_withdraw(actor=personas["ward_staff"], event=event, **APPROVAL)
    small_tree.cell_a.refresh_from_db()
    an.refresh_from_db()
    assert small_tree.cell_a.ended_on is None and an.organization_id == small_tree.cell_a.pk
    assert stats("W1A", "2020-01-01")["members"]["total"] == 1


def test_withdrawing_a_rename_on_the_day_of_establishment_restores_the_name(small_tree, personas):
    cell = organization_establish(
        actor=personas["ward_staff"],
        code="W1C",
        name="Chi bộ Chung cư Sky",
        kind=Kind.AFFILIATED_CELL,
        sector=Sector.APARTMENT,
        parent=small_tree.ward,
        effective_on=ON,
        decision=D2019,
    )
    organization_rename(
        actor=personas["ward_staff"],
        organization=cell,
        name="Chi bộ Chung cư Sky 9",
        effective_on=ON,
        decision=D2019,
    )
    rename = OrganizationEvent.objects.get(organization=cell, action="rename")
    organization_decision_withdraw(actor=personas["ward_staff"], event=rename, **APPROVAL)
    cell.refresh_from_db()
    assert cell.name == "Chi bộ Chung cư Sky"
    assert OrganizationVersion.objects.get(organization=cell).name == "Chi bộ Chung cư Sky"


def test_a_later_decision_on_the_merged_organization_blocks_the_withdrawal(small_tree, personas, merged):
    principal, _, _ = merged
    organization_rename(
        actor=personas["ward_staff"],
        organization=small_tree.cell_b,
        name="Chi bộ Khu phố 1-2",
        effective_on=date(2019, 9, 1),
        decision=Decision(number="130-QĐ/QU", date=date(2019, 8, 25)),
    )
    before = recorded_rows()
    with pytest.raises(ApplicationError) as refused:
        organization_decision_withdraw(actor=personas["ward_staff"], event=principal, **APPROVAL)
    assert "Quyết định đổi tên số 130-QĐ/QU ngày 25/08/2019" in refused.value.message
    assert "Chi bộ Khu phố 1-2" in refused.value.message
    assert recorded_rows() == before and not OrganizationEventCorrection.objects.exists()


def test_a_member_moved_since_blocks_the_withdrawal(small_tree, personas, merged):
    principal, an, _ = merged
    member_transfer(
        actor=personas["officer"],
        member=an,
        to_organization=small_tree.school,
        transfer_type="official",
        effective_on=date(2019, 10, 1),
        decision_number="9-QĐ/ĐU",
        decision_date=date(2019, 10, 1),
    )
    with pytest.raises(ApplicationError) as refused:
        organization_decision_withdraw(actor=personas["ward_staff"], event=principal, **APPROVAL)
    assert "đảng viên Nguyễn Văn An: chuyển sinh hoạt đảng ngày 01/10/2019" in refused.value.message
    assert Member.objects.get(pk=an.pk).organization_id == small_tree.school.pk
    assert not OrganizationEventCorrection.objects.exists()


def test_a_member_admitted_into_a_new_cell_blocks_withdrawing_its_split(small_tree, make_member, personas):
    an = make_member(small_tree.cell_a, "Nguyễn Văn An")
    created = organization_split(
        actor=personas["ward_staff"],
        source=small_tree.cell_a,
        parts=[SplitPart(code="W1A1", name="Chi bộ Khu phố 1A", member_ids=(an.pk,))],
        effective_on=ON,
        decision=D2019,
        dissolve_source=False,
    )
    make_member(created[0], "Đỗ Thị Lan", on=date(2019, 9, 1))
    split = OrganizationEvent.objects.get(organization=small_tree.cell_a, action="split")
    with pytest.raises(ApplicationError, match="đảng viên Đỗ Thị Lan sinh hoạt tại Chi bộ Khu phố 1A"):
        organization_decision_withdraw(actor=personas["ward_staff"], event=split, **APPROVAL)
    assert OrganizationVersion.objects.filter(organization=created[0]).exists()


@pytest.mark.parametrize("persona", ["secretary_a", "secretary_b", "viewer", "outsider"])
def test_only_who_may_record_the_decision_may_withdraw_or_correct_it(personas, merged, persona):
    principal, _, _ = merged
    before = recorded_rows()
    with pytest.raises(PermissionDenied):
        organization_decision_withdraw(actor=personas[persona], event=principal, **APPROVAL)
    with pytest.raises(PermissionDenied):
        organization_decision_correct(
            actor=personas[persona], event=principal, decision=Decision("1-QĐ", date(2019, 6, 1)), **APPROVAL
        )
    assert recorded_rows() == before and not OrganizationEventCorrection.objects.exists()


def test_a_withdrawal_needs_a_reason_and_the_document(personas, merged):
    principal, _, _ = merged
    for missing in ("reason", "approval_number"):
        with pytest.raises(ApplicationError) as refused:
            organization_decision_withdraw(
                actor=personas["ward_staff"], event=principal, **{**APPROVAL, missing: " "}
            )
        assert refused.value.field == missing


def test_a_decision_of_another_subtree_is_not_found(small_tree, personas, merged):
    principal, _, _ = merged
    # outside the user's scope, and one organization's code with another's decision: the same answer
    with pytest.raises(NotFound, match="Không có quyết định này"):
        selectors.decision_for_correction(personas["outsider"], "W1B", principal.pk)
    with pytest.raises(NotFound, match="Không có quyết định này"):
        selectors.decision_for_correction(personas["ward_staff"], "W1A", principal.pk)
    assert selectors.decision_for_correction(personas["ward_staff"], "W1B", principal.pk) == principal
    assert reorg_selectors.correctable_decisions(personas["ward_staff"], [principal]) == {principal.pk}
    assert reorg_selectors.correctable_decisions(personas["secretary_b"], [principal]) == set()


def report_total(code: str, year: int = 2019) -> int:
    out = StringIO()
    call_command("evaluation_report", "--org", code, "--year", str(year), "--format", "json", stdout=out)
    return json.loads(out.getvalue())["sections"]["members"]["total"]


@pytest.mark.parametrize("locked", [False, True], ids=["open-year", "locked-year"])
def test_the_tree_and_the_years_report_follow_the_withdrawal(small_tree, make_member, personas, locked):
    """Cell A of ward W1 merged by mistake into the school's cell (another grassroots organization) in
    2019: withdrawn, W1's 2019 figures count A's member again and the school's do not; a locked year's
    year-end headcounts are taken again."""
    from dangbo.evaluations.services import review_cycle_lock

    make_member(small_tree.cell_a, "Nguyễn Văn An")
    make_member(small_tree.cell_b, "Trần Văn Bảo")
    organization_merge(
        actor=personas["officer"],
        sources=[small_tree.cell_a],
        target=small_tree.school,
        effective_on=ON,
        decision=D2019,
    )
    if locked:
        review_cycle_lock(
            actor=personas["officer"], organization=small_tree.district, year=2019, decision_number="99-QĐ/QU"
        )
    assert (report_total("W1"), report_total("S1")) == (1, 1)
    assert (stats("W1", "2019-12-31")["members"]["total"], stats("S1", "2019-12-31")["members"]["total"]) == (
        1,
        1,
    )
    principal = OrganizationEvent.objects.get(organization=small_tree.school, action="merge")
    day_before = stats("D", "2019-06-30")

    organization_decision_withdraw(actor=personas["officer"], event=principal, **APPROVAL)

    assert (report_total("W1"), report_total("S1")) == (2, 0)
    assert (stats("W1", "2019-12-31")["members"]["total"], stats("S1", "2019-12-31")["members"]["total"]) == (
        2,
        0,
    )
    assert stats("W1", "2019-12-31")["organizations"]["cells"] == 2
    assert stats("D", "2019-06-30") == day_before  # the days before the decision are unchanged
    assert stats("D", "2019-12-31")["members"]["total"] == 2


def test_a_move_is_put_back_only_by_who_writes_on_both_parents(small_tree, personas):
    organization_move(
        actor=personas["officer"],
        organization=small_tree.cell_a,
        new_parent=small_tree.other_ward,
        effective_on=ON,
        decision=D2019,
    )
    move = OrganizationEvent.objects.get(action="move")
    # the receiving ward's staff writes on the new parent, not on the ward the cell came from
    with pytest.raises(PermissionDenied):
        organization_decision_withdraw(actor=personas["outsider"], event=move, **APPROVAL)
    organization_decision_withdraw(actor=personas["officer"], event=move, **APPROVAL)
    cell = Organization.objects.get(pk=small_tree.cell_a.pk)
    assert cell.parent_id == small_tree.ward.pk and cell.path == f"{small_tree.ward.path}{cell.pk}/"
