"""The facts the rules use, entered with the proposal or the decision: the share of targets met,
the months of sick leave, a concluded decline; for a collective, its disciplined sub-units."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from dangbo.core.exceptions import ApplicationError, RuleViolation
from dangbo.evaluations.models import MemberRating, OrganizationRating
from dangbo.evaluations.services import (
    member_ratings_decide,
    member_ratings_propose,
    member_self_assessments_record,
    organization_rating_record,
)

NUMBER: dict[str, Any] = {"decision_number": "15-TB/ĐU", "decision_date": date(2019, 12, 20)}


@pytest.fixture
def members(small_tree, make_member):
    return [make_member(small_tree.cell_a, name) for name in ("Nguyễn Văn An", "Trần Văn Bình")]


@pytest.mark.django_db
def test_facts_entered_with_the_proposal_reach_the_decisions_rules(members, personas):
    an, binh = members
    member_ratings_propose(
        actor=personas["secretary_a"],
        year=2019,
        proposals=[(an, 2), (binh, 2)],
        facts={
            an.pk: {"targets_met_percent": Decimal("40"), "sick_leave_months": 0, "decline_concluded": False}
        },
    )
    with pytest.raises(RuleViolation) as refused:
        member_ratings_decide(actor=personas["ward_staff"], year=2019, decisions=[(an, 2)], **NUMBER)
    assert refused.value.message.startswith("Dòng 1 (Nguyễn Văn An): Đảng viên hoàn thành dưới 50% chỉ tiêu")
    assert "Quy định 132-QĐ/TW" in refused.value.message
    assert MemberRating.objects.get(member=an).rank is None
    saved = member_ratings_decide(
        actor=personas["ward_staff"],
        year=2019,
        decisions=[(an, 2)],
        override_reason="Chỉ tiêu giao không sát thực tế, Đảng ủy thống nhất",
        **NUMBER,
    )
    assert saved[0].rank == 2
    assert saved[0].flags[0]["rule"] == "member_khtnv"
    assert saved[0].override_reason == "Chỉ tiêu giao không sát thực tế, Đảng ủy thống nhất"


@pytest.mark.django_db
def test_facts_entered_with_the_decision_are_recorded_and_checked(members, personas):
    an, _ = members
    with pytest.raises(RuleViolation) as refused:
        member_ratings_decide(
            actor=personas["ward_staff"],
            year=2019,
            decisions=[(an, 1)],
            facts={an.pk: {"targets_met_percent": Decimal(100), "sick_leave_months": Decimal("3.5")}},
            **NUMBER,
        )
    assert "nghỉ ốm từ 3 tháng trở lên" in refused.value.message
    assert not MemberRating.objects.exists()
    saved = member_ratings_decide(
        actor=personas["ward_staff"],
        year=2019,
        decisions=[(an, 3)],
        facts={an.pk: {"targets_met_percent": Decimal(100), "sick_leave_months": Decimal("3.5")}},
        **NUMBER,
    )
    assert saved[0].sick_leave_months == Decimal("3.5")
    assert saved[0].flags == []


@pytest.mark.django_db
def test_a_concluded_decline_makes_the_member_khtnv(members, personas):
    an, _ = members
    with pytest.raises(RuleViolation) as refused:
        member_ratings_decide(
            actor=personas["ward_staff"],
            year=2019,
            decisions=[(an, 3)],
            facts={an.pk: {"decline_concluded": True}},
            **NUMBER,
        )
    assert "suy thoái" in refused.value.message
    saved = member_ratings_decide(
        actor=personas["ward_staff"],
        year=2019,
        decisions=[(an, 4)],
        facts={an.pk: {"decline_concluded": True}},
        **NUMBER,
    )
    assert saved[0].rank == 4 and saved[0].decline_concluded


@pytest.mark.django_db
def test_a_blank_percentage_entered_with_the_list_clears_the_old_one(members, personas):
    an, _ = members
    facts = {an.pk: {"targets_met_percent": Decimal(40)}}
    member_ratings_propose(actor=personas["secretary_a"], year=2019, proposals=[(an, 4)], facts=facts)
    member_ratings_propose(
        actor=personas["secretary_a"],
        year=2019,
        proposals=[(an, 2)],
        facts={an.pk: {"targets_met_percent": None}},
    )
    assert MemberRating.objects.get(member=an).targets_met_percent is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("facts", "field", "message"),
    [
        (
            {"targets_met_percent": Decimal(120)},
            "targets_met_percent",
            "Tỷ lệ hoàn thành chỉ tiêu, nhiệm vụ của Nguyễn Văn An phải từ 0 đến 100 %.",
        ),
        (
            {"sick_leave_months": Decimal(13)},
            "sick_leave_months",
            "Số tháng nghỉ ốm trong năm của Nguyễn Văn An phải từ 0 đến 12.",
        ),
    ],
)
def test_facts_out_of_range_are_refused_naming_the_member(members, personas, facts, field, message):
    an, _ = members
    with pytest.raises(ApplicationError) as refused:
        member_ratings_propose(
            actor=personas["secretary_a"], year=2019, proposals=[(an, 2)], facts={an.pk: facts}
        )
    assert refused.value.field == field
    assert refused.value.message == f"Dòng 1 (Nguyễn Văn An): {message}"
    assert not MemberRating.objects.exists()


@pytest.mark.django_db
def test_self_assessments_of_a_list_are_all_or_nothing(members, personas):
    an, binh = members
    with pytest.raises(ApplicationError) as refused:
        member_self_assessments_record(
            actor=personas["secretary_a"], year=2019, entries=[(an, 2, "Tốt"), (binh, 9, "")]
        )
    assert refused.value.message.startswith("Dòng 2 (Trần Văn Bình): Mức xếp loại “9”")
    assert not MemberRating.objects.exists()
    saved = member_self_assessments_record(
        actor=personas["secretary_a"],
        year=2019,
        entries=[(an, 2, "  Hoàn thành tốt.  "), (binh, None, "Chưa tự xếp loại")],
    )
    assert [(r.self_rank, r.self_assessment) for r in saved] == [
        (2, "Hoàn thành tốt."),
        (None, "Chưa tự xếp loại"),
    ]


@pytest.mark.django_db
def test_disciplined_sub_units_over_a_fifth_make_the_collective_khtnv(small_tree, personas):
    ward = small_tree.ward  # two cells
    with pytest.raises(RuleViolation) as refused:
        organization_rating_record(
            actor=personas["officer"],
            organization=ward,
            year=2019,
            stage="decision",
            rank=2,
            sub_units_disciplined=1,
            **NUMBER,
        )
    assert (
        "1/2 tổ chức trực thuộc bị kỷ luật trong năm, quá 20% (Quy định 124-QĐ/TW)" in refused.value.message
    )
    assert not OrganizationRating.objects.exists()
    rating = organization_rating_record(
        actor=personas["officer"],
        organization=ward,
        year=2019,
        stage="decision",
        rank=4,
        sub_units_disciplined=1,
        **NUMBER,
    )
    assert rating.sub_units_disciplined == 1


@pytest.mark.django_db
def test_more_disciplined_sub_units_than_sub_units_is_refused(small_tree, personas):
    with pytest.raises(ApplicationError) as refused:
        organization_rating_record(
            actor=personas["officer"],
            organization=small_tree.ward,
            year=2019,
            stage="proposal",
            rank=2,
            sub_units_disciplined=3,
        )
    assert refused.value.field == "sub_units_disciplined"
    assert "từ 0 đến 2" in refused.value.message
    with pytest.raises(ApplicationError) as refused:
        organization_rating_record(
            actor=personas["ward_staff"],
            organization=small_tree.cell_a,
            year=2019,
            stage="proposal",
            rank=2,
            sub_units_disciplined=1,
        )
    assert "Chi bộ không có tổ chức trực thuộc" in refused.value.message


@pytest.mark.django_db
def test_every_violation_of_a_list_is_reported_at_once(small_tree, make_member, personas):
    """Two members break a rule in one list: both rows are named in one refusal (not one per
    submit), the refusal carries their ids for the page to mark, and nothing is written."""
    an, binh, chi = (
        make_member(small_tree.cell_a, name) for name in ("Nguyễn Văn An", "Trần Văn Bình", "Lê Thị Chi")
    )
    few = {"targets_met_percent": Decimal("40"), "sick_leave_months": 0, "decline_concluded": False}
    with pytest.raises(RuleViolation) as refused:
        member_ratings_decide(
            actor=personas["ward_staff"],
            year=2019,
            decisions=[(an, 2), (chi, 3), (binh, 2)],
            facts={an.pk: few, binh.pk: few},
            **NUMBER,
        )
    message = refused.value.message
    assert "Dòng 1 (Nguyễn Văn An): Đảng viên hoàn thành dưới 50% chỉ tiêu" in message
    assert "Dòng 3 (Trần Văn Bình): Đảng viên hoàn thành dưới 50% chỉ tiêu" in message
    assert "Lê Thị Chi" not in message
    assert list(refused.value.rows) == [an.pk, binh.pk]  # type: ignore[attr-defined]
    assert not MemberRating.objects.filter(year=2019, rank__isnull=False).exists()
