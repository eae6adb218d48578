"""candidacy_add: the rules refuse with a Vietnamese message on the member field, nothing written."""

from __future__ import annotations

from datetime import date

import pytest

from dangbo.audit.models import AuditEntry
from dangbo.core.exceptions import ApplicationError, PermissionDenied, RuleViolation
from dangbo.planning import services
from dangbo.planning.models import Candidacy
from dangbo.planning.tests.helpers import ADDED, discipline, position

pytestmark = pytest.mark.django_db


def test_it_plans_an_eligible_member_with_an_audit_entry(small_tree, make_member, personas):
    secretary = position(small_tree.ward)
    member = make_member(small_tree.cell_a, "Trần Thị Lan", sex="female")
    candidacy = services.candidacy_add(
        actor=personas["ward_staff"],
        position=secretary,
        member=member,
        added_on=ADDED,
        decision_number="12-QĐ/ĐU",
    )
    assert candidacy.first_planning and candidacy.removed_on is None
    entry = AuditEntry.objects.get(action="planning.candidacy_add")
    assert entry.target_label == "Trần Thị Lan → Bí thư Đảng ủy (2025 - 2030)"
    assert entry.scope_path == small_tree.ward.path


def test_a_fourth_candidate_for_one_position_is_refused_and_nothing_is_written(
    small_tree, officer, make_member
):
    secretary = position(small_tree.ward)
    for name in ("Nguyễn Văn An", "Lê Văn Bình", "Phạm Văn Cường"):
        services.candidacy_add(
            actor=officer, position=secretary, member=make_member(small_tree.cell_a, name), added_on=ADDED
        )
    fourth = make_member(small_tree.cell_b, "Võ Văn Dũng")
    with pytest.raises(RuleViolation) as refused:
        services.candidacy_add(actor=officer, position=secretary, member=fourth, added_on=ADDED)
    assert refused.value.field == "member"
    assert "không quá 3 người" in refused.value.message and "Quy định 50-QĐ/TW" in refused.value.message
    assert Candidacy.objects.count() == 3
    assert not AuditEntry.objects.filter(
        action="planning.candidacy_add", target_label__startswith="Võ"
    ).exists()


def test_a_fourth_position_of_the_same_level_is_refused(small_tree, officer, make_member):
    member = make_member(small_tree.cell_a)
    titles = [
        ("Bí thư", "secretary"),
        ("Phó Bí thư", "deputy_secretary"),
        ("Ủy viên Ban Thường vụ", "standing"),
    ]
    for title, kind in titles:
        services.candidacy_add(
            actor=officer,
            position=position(small_tree.ward, title=title, kind=kind),
            member=member,
            added_on=ADDED,
        )
    # the same level: another ward's committee counts too
    other = position(small_tree.other_ward, title="Ủy viên Ban Chấp hành", kind="executive", seats=9)
    with pytest.raises(RuleViolation, match="không quá 3 chức danh cùng cấp"):
        services.candidacy_add(actor=officer, position=other, member=member, added_on=ADDED)


def test_a_member_disciplined_within_the_bar_is_refused(small_tree, officer, make_member):
    member = make_member(small_tree.cell_a)
    discipline(member, date(2023, 9, 1))
    with pytest.raises(RuleViolation, match="bị kỷ luật khiển trách ngày 01/09/2023"):
        services.candidacy_add(
            actor=officer, position=position(small_tree.ward), member=member, added_on=date(2024, 8, 31)
        )
    candidacy = services.candidacy_add(
        actor=officer,
        position=position(small_tree.ward, title="Phó Bí thư"),
        member=member,
        added_on=date(2024, 9, 1),
    )
    assert candidacy.pk


def test_a_member_too_old_for_a_full_term_is_refused(small_tree, officer, make_member):
    member = make_member(small_tree.cell_a, birth_date=date(1966, 1, 1))  # 61 years 9 months: 01/10/2027
    with pytest.raises(RuleViolation, match="đến tuổi nghỉ hưu ngày 01/10/2027"):
        services.candidacy_add(
            actor=officer, position=position(small_tree.ward), member=member, added_on=ADDED
        )


def test_a_probationary_member_is_refused(small_tree, officer, make_member):
    member = make_member(
        small_tree.cell_a, status="probationary", admitted=date(2024, 3, 1), on=date(2024, 3, 1)
    )
    with pytest.raises(RuleViolation, match="Điều lệ Đảng, Điều 5"):
        services.candidacy_add(
            actor=officer, position=position(small_tree.ward), member=member, added_on=ADDED
        )


def test_a_day_after_the_term_is_refused_on_the_date_field(small_tree, officer, make_member):
    with pytest.raises(ApplicationError) as refused:
        services.candidacy_add(
            actor=officer,
            position=position(small_tree.ward),
            member=make_member(small_tree.cell_a),
            added_on=date(2031, 1, 1),
        )
    assert refused.value.field == "added_on"


def test_an_outsider_cannot_plan_for_the_ward(small_tree, make_member, personas):
    with pytest.raises(PermissionDenied):
        services.candidacy_add(
            actor=personas["outsider"],
            position=position(small_tree.ward),
            member=make_member(small_tree.cell_a),
            added_on=ADDED,
        )


def test_a_member_outside_the_actors_scope_is_refused_on_the_member_field(small_tree, make_member, personas):
    stranger = make_member(small_tree.other_cell)
    with pytest.raises(PermissionDenied) as refused:
        services.candidacy_add(
            actor=personas["ward_staff"], position=position(small_tree.ward), member=stranger, added_on=ADDED
        )
    assert refused.value.field == "member"


def test_a_member_planned_in_an_earlier_term_is_not_a_first_planning(small_tree, officer, make_member):
    member = make_member(
        small_tree.cell_a, birth_date=date(1972, 1, 1)
    )  # retires 2034: one term of 2025 - 2030 only
    earlier = position(small_tree.ward, start=2020)
    services.candidacy_add(actor=officer, position=earlier, member=member, added_on=date(2022, 1, 10))
    later = services.candidacy_add(
        actor=officer, position=position(small_tree.ward), member=member, added_on=ADDED
    )
    assert later.first_planning is False


def test_a_first_planning_under_qd50_needs_two_terms(small_tree, officer, make_member):
    member = make_member(small_tree.cell_a, birth_date=date(1972, 1, 1))  # retires 01/01/2034 < 01/01/2035
    with pytest.raises(RuleViolation, match="hai nhiệm kỳ"):
        services.candidacy_add(
            actor=officer, position=position(small_tree.ward), member=member, added_on=ADDED
        )
