"""Groups of comparable subjects defined by the competent level (QĐ 366, Điều 11, khoản 1.5) through
the services: recorded with the decision and an audit entry, within the actor's scope, never two groups
for one subject, only for a QĐ 366 year; the cap then counts within the group, a 25 % raise recorded for
the group; corrected and closed with a record, never deleted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from dangbo.audit.models import AuditEntry
from dangbo.core.exceptions import ApplicationError, PermissionDenied, RuleViolation
from dangbo.evaluations.audit import audit_year
from dangbo.evaluations.models import ComparableGroup, ComparableGroupUnit
from dangbo.evaluations.services import (
    cap_raise_record,
    comparable_group_close,
    comparable_group_correct,
    comparable_group_define,
    member_rating_record,
    member_ratings_propose,
)

Y = 2025
D = Decimal
DECISION: dict[str, Any] = {"decision_number": "210-QĐ/ĐU", "decision_date": date(2025, 12, 5)}


def _define(actor, head, units, *, name="Chi bộ khu phố 1", subjects="members", year=Y):
    return comparable_group_define(
        actor=actor, organization=head, year=year, name=name, subjects=subjects, units=units, **DECISION
    )


def _scores(general: int, results: int, exceeding: int = 0) -> dict[str, Any]:
    return {
        "score_general": D(general),
        "score_results": D(results),
        "tasks_exceeding_percent": D(exceeding),
        "targets_met_percent": D(100),
    }


@pytest.fixture
def ward_members(small_tree, make_member):
    """Cell A: one member proposed at HTXSNV; cell B: five at HTTNV (1 of 5: within 20 % together)."""
    top = make_member(small_tree.cell_a, "Trần Văn Giỏi")
    others = [make_member(small_tree.cell_b, f"Lê Văn {n}") for n in ("An", "Bình", "Chi", "Dũng", "Em")]
    return top, others


def _propose(personas, top, others, *, cell_a_good=()):
    """All proposed at HTTNV, the top member with the score of HTXSNV: deciding them at HTXSNV
    adds one to the group's HTXSNV."""
    member_ratings_propose(
        actor=personas["ward_staff"],
        year=Y,
        proposals=[(top, 2), *[(m, 2) for m in (*others, *cell_a_good)]],
        facts={top.pk: _scores(29, 65, 40), **{m.pk: _scores(26, 60) for m in (*others, *cell_a_good)}},
    )


def _decide(actor, member):
    return member_rating_record(
        actor=actor, member=member, year=Y, stage="decision", rank=1, decision_number="216-QĐ/ĐU",
        decision_date=date(2025, 12, 20),
    )  # fmt: skip


@pytest.mark.django_db
def test_a_group_is_recorded_with_its_decision_and_audit_entry(small_tree, personas):
    group = _define(personas["ward_staff"], small_tree.ward, [small_tree.cell_a])
    assert (group.organization, group.year, group.name, group.subjects) == (
        small_tree.ward,
        Y,
        "Chi bộ khu phố 1",
        "members",
    )
    assert group.decision_number == "210-QĐ/ĐU"
    assert list(ComparableGroupUnit.objects.filter(group=group, active=True).values_list("organization", flat=True)) == [small_tree.cell_a.pk]  # fmt: skip
    entry = AuditEntry.objects.get(action="review.cap_group")
    assert (
        entry.after is not None
        and entry.after["units"] == [small_tree.cell_a.pk]
        and entry.actor == personas["ward_staff"]
    )


@pytest.mark.django_db
def test_the_cap_counts_within_the_defined_group_and_its_raise(
    small_tree, personas, ward_members, make_member
):
    top, others = ward_members
    _propose(personas, top, others)
    # together with cell B's five at HTTNV: 1 ≤ 20 % of 5
    _define(personas["ward_staff"], small_tree.ward, [small_tree.cell_a], name="Đảng viên khu phố 1")
    # alone in its group: 1 HTXSNV over 20 % of 0
    with pytest.raises(RuleViolation) as refused:
        _decide(personas["ward_staff"], top)
    assert refused.value.message.startswith("Nhóm “Đảng viên khu phố 1” của Đảng bộ phường An Bình:")
    assert "Quy định 366-QĐ/TW, Điều 11, khoản 1.5" in refused.value.message
    # four more at HTTNV in cell A: 20 % of 4 allows none; the group's raise to 25 % allows one
    good = [make_member(small_tree.cell_a, f"Phạm Văn {n}") for n in ("Hải", "Khoa", "Long", "Minh")]
    _propose(personas, top, [], cell_a_good=good)
    with pytest.raises(RuleViolation):
        _decide(personas["ward_staff"], top)
    group = ComparableGroup.objects.get()
    cap_raise_record(
        actor=personas["ward_staff"], organization=small_tree.ward, year=Y, group="defined", percent="25",
        comparable_group=group, decision_number="215-QĐ/ĐU", decision_date=date(2025, 12, 10),
    )  # fmt: skip
    assert _decide(personas["ward_staff"], top).rank == 1
    # the re-check of the stored year counts the decided ratings of the same group, at its 25 %: the
    # four at HTTNV are only proposed
    [finding] = [
        f for f in audit_year(personas["officer"], small_tree.district, Y) if f.rule == "excellent_cap"
    ]
    assert finding.target == "Đảng bộ phường An Bình (nhóm “Đảng viên khu phố 1”)"
    assert "vượt quá 25% số đảng viên hoàn thành tốt nhiệm vụ (0; tối đa 0)" in finding.message


@pytest.mark.django_db
def test_closing_the_group_counts_its_members_in_the_default_again(small_tree, personas, ward_members):
    top, others = ward_members
    _propose(personas, top, others)
    group = _define(personas["ward_staff"], small_tree.ward, [small_tree.cell_a])
    with pytest.raises(RuleViolation):
        _decide(personas["ward_staff"], top)
    comparable_group_close(
        actor=personas["ward_staff"], group=group, closed_on=date(2025, 12, 15),
        reason="Gộp lại theo hướng dẫn mới", decision_number="220-QĐ/ĐU",
    )  # fmt: skip
    assert _decide(personas["ward_staff"], top).rank == 1
    group.refresh_from_db()
    assert group.closed_on == date(2025, 12, 15) and ComparableGroup.objects.count() == 1
    assert not ComparableGroupUnit.objects.filter(active=True).exists()
    assert ComparableGroupUnit.objects.count() == 1  # kept
    closing = AuditEntry.objects.get(action="review.cap_group_close").after
    assert closing is not None and closing["reason"] == "Gộp lại theo hướng dẫn mới"
    with pytest.raises(ApplicationError, match="đã thôi áp dụng"):
        comparable_group_correct(
            actor=personas["ward_staff"], group=group, name="X", units=[small_tree.cell_a],
            reason="Sửa", **DECISION,
        )  # fmt: skip


@pytest.mark.django_db
def test_a_correction_changes_the_units_with_a_reason_and_keeps_the_earlier(small_tree, personas):
    group = _define(personas["ward_staff"], small_tree.ward, [small_tree.cell_a], subjects="collectives")
    with pytest.raises(ApplicationError, match="lý do điều chỉnh"):
        comparable_group_correct(
            actor=personas["ward_staff"], group=group, name="Chi bộ khu phố", units=[small_tree.cell_b],
            reason=" ", **DECISION,
        )  # fmt: skip
    comparable_group_correct(
        actor=personas["ward_staff"], group=group, name="Chi bộ khu phố", units=[small_tree.cell_b],
        reason="Nhầm chi bộ", **DECISION,
    )  # fmt: skip
    units = dict(ComparableGroupUnit.objects.values_list("organization_id", "active"))
    assert units == {small_tree.cell_a.pk: False, small_tree.cell_b.pk: True}
    entry = AuditEntry.objects.get(action="review.cap_group_correct")
    assert entry.before is not None and entry.after is not None
    assert entry.before["units"] == [small_tree.cell_a.pk] and entry.after["reason"] == "Nhầm chi bộ"


@pytest.mark.django_db
def test_another_subtrees_organization_is_refused_in_vietnamese(small_tree, personas):
    with pytest.raises(ApplicationError) as refused:
        _define(personas["ward_staff"], small_tree.ward, [small_tree.cell_a, small_tree.other_cell])
    assert refused.value.field == "units" and "không thuộc phạm vi của bạn" in refused.value.message
    # the district sees both wards, but a cell of the other ward is not the ward's
    with pytest.raises(RuleViolation) as refused:
        _define(personas["officer"], small_tree.ward, [small_tree.other_cell])
    assert "Chi bộ Khu phố 5 không phải chi bộ trực thuộc Đảng bộ phường An Bình" in refused.value.message
    # another ward's staff may not define the ward's groups
    with pytest.raises(PermissionDenied):
        _define(personas["outsider"], small_tree.ward, [small_tree.cell_a])
    # a collective group of the district lists grassroots organizations, not a ward's cells
    with pytest.raises(RuleViolation, match="không thuộc các tổ chức do Đảng bộ Quận Thử xếp loại"):
        _define(personas["officer"], small_tree.district, [small_tree.cell_a], subjects="collectives")
    assert (
        not ComparableGroup.objects.exists()
        and not AuditEntry.objects.filter(action__startswith="review.cap_group").exists()
    )


@pytest.mark.django_db
def test_overlapping_groups_are_refused(small_tree, personas):
    _define(personas["ward_staff"], small_tree.ward, [small_tree.cell_a], subjects="collectives")
    with pytest.raises(RuleViolation) as refused:
        _define(personas["ward_staff"], small_tree.ward, [small_tree.cell_b, small_tree.cell_a], name="Khác", subjects="collectives")  # fmt: skip
    assert refused.value.message.startswith("Chi bộ Khu phố 1 đã thuộc nhóm “Chi bộ khu phố 1”")
    # a group of members may list the same cell: members and collectives are counted apart
    _define(personas["ward_staff"], small_tree.ward, [small_tree.cell_a], name="Đảng viên KP1")
    assert ComparableGroup.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "message"),
    [
        (2024, "không có quy định cho cấp có thẩm quyền xác định nhóm"),
        (2019, "không có quy định"),
        (2099, "không hợp lệ"),
    ],
)
def test_a_year_out_of_range_is_refused(small_tree, personas, year, message):
    with pytest.raises(ApplicationError, match=message) as refused:
        _define(personas["ward_staff"], small_tree.ward, [small_tree.cell_a], year=year)
    assert refused.value.field == "year" and not ComparableGroup.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": " \u200b "}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"units": []}, "units"),
        ({"subjects": "ca-nuoc"}, "subjects"),
        ({"decision_number": ""}, "decision_number"),
        ({"decision_date": date(2031, 1, 1)}, "decision_date"),
    ],
)
def test_bad_input_is_refused_on_its_field(small_tree, personas, change, field):
    arguments = {
        "actor": personas["ward_staff"], "organization": small_tree.ward, "year": Y, "name": "Nhóm",
        "subjects": "members", "units": [small_tree.cell_a], **DECISION, **change,
    }  # fmt: skip
    with pytest.raises(ApplicationError) as refused:
        comparable_group_define(**arguments)
    assert refused.value.field == field
    assert not ComparableGroup.objects.exists()


@pytest.mark.django_db
def test_the_raises_of_many_groups_read_at_once_are_those_read_one_by_one(small_tree, personas):
    """selectors.group_percents (the import's groups) gives group_percent of each group: a default
    group raised or not, a defined group raised or not, another year."""
    from dangbo.evaluations import rules
    from dangbo.evaluations.selectors import group_percent, group_percents
    from dangbo.evaluations.services import rule_settings

    raised = _define(personas["ward_staff"], small_tree.ward, [small_tree.cell_a], name="Khu phố 1")
    plain = _define(personas["ward_staff"], small_tree.ward, [small_tree.cell_b], name="Khu phố 2")
    for group, comparable, percent in (("defined", raised, "25"), ("members", None, "22,5")):
        cap_raise_record(
            actor=personas["ward_staff"], organization=small_tree.ward, year=Y, group=group,
            percent=percent.replace(",", "."), comparable_group=comparable, decision_number="215-QĐ/ĐU",
            decision_date=date(2025, 12, 10),
        )  # fmt: skip
    groups = [
        (year, group)
        for year in (Y, Y - 1)
        for group in (
            rules.CapGroup(small_tree.ward.pk, "members"),
            rules.CapGroup(small_tree.school.pk, "members"),
            rules.CapGroup(small_tree.ward.pk, "defined", raised.pk, raised.name),
            rules.CapGroup(small_tree.ward.pk, "defined", plain.pk, plain.name),
        )
    ]
    settings = rule_settings()
    found = group_percents(groups, settings)
    assert found == {(year, group): group_percent(year, group, settings) for year, group in groups}
    assert found[(Y, groups[0][1])] == D("22.5") and found[(Y - 1, groups[0][1])] == D(20)
    assert found[(Y, groups[2][1])] == D(25) and found[(Y, groups[3][1])] == D(20)
