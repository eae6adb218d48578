"""Who may decide: the cell self-assesses and proposes, the grassroots committee decides for its
members and cells, the superior for the grassroots organization (domain.md §2)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dangbo.audit.models import AuditEntry
from dangbo.core.exceptions import PermissionDenied
from dangbo.evaluations.models import MemberRating, OrganizationRating
from dangbo.evaluations.services import (
    member_rating_record,
    organization_rating_record,
    rating_correct,
    review_cycle_lock,
)

NUMBER: dict[str, Any] = {"decision_number": "15-TB/ĐU", "decision_date": date(2019, 12, 20)}


@pytest.fixture
def an(small_tree, make_member):
    return make_member(small_tree.cell_a, "Nguyễn Văn An")


def record(member, actor, stage, rank=2, **extra):
    extra = {**(NUMBER if stage == "decision" else {}), **extra}
    return member_rating_record(actor=actor, member=member, year=2019, stage=stage, rank=rank, **extra)


@pytest.mark.django_db
def test_the_cell_secretary_self_assesses_and_proposes_but_may_not_decide(an, personas):
    secretary = personas["secretary_a"]
    record(an, secretary, "self", 1, self_assessment="Hoàn thành tốt nhiệm vụ tổ trưởng tổ dân phố.")
    record(an, secretary, "proposal", 2)
    with pytest.raises(PermissionDenied) as refused:
        record(an, secretary, "decision", 2)
    assert refused.value.message == (
        "Quyết định xếp loại đảng viên thuộc thẩm quyền của đảng ủy cơ sở (Đảng bộ phường An Bình) "
        "(Quy định 132-QĐ/TW, Hướng dẫn 21-HD/BTCTW); vai trò của bạn chỉ cho phép tự đánh giá, đề xuất."
    )
    rating = MemberRating.objects.get(member=an, year=2019)
    assert (rating.self_rank, rating.proposed_rank, rating.rank) == (1, 2, None)
    assert rating.self_assessment == "Hoàn thành tốt nhiệm vụ tổ trưởng tổ dân phố."


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["ward_staff", "officer", "admin"])
def test_the_grassroots_committee_and_the_levels_above_decide(an, personas, persona):
    rating = record(an, personas[persona], "decision", 2)
    assert rating.rank == 2
    assert rating.decided_by == personas[persona]


@pytest.mark.django_db
@pytest.mark.parametrize("stage", ["self", "proposal", "decision"])
def test_another_cell_or_ward_may_do_no_step(an, personas, stage):
    for persona in ("secretary_b", "outsider"):
        with pytest.raises(PermissionDenied):
            record(an, personas[persona], stage)
    assert not MemberRating.objects.exists()


@pytest.mark.django_db
def test_a_grassroots_cell_decides_for_its_own_members(small_tree, make_member):
    from dangbo.accounts.models import RoleAssignment, User

    teacher = make_member(small_tree.school, "Lê Thị Hoa", sex="female")
    secretary = User.objects.create_user(username="bithu_truong", password="mat-khau-thu-1")
    RoleAssignment.objects.create(
        user=secretary, organization=small_tree.school, role=RoleAssignment.Role.CELL_SECRETARY
    )
    assert record(teacher, secretary, "decision", 2).rank == 2


@pytest.mark.django_db
def test_a_historical_record_is_a_transcription_and_skips_the_deciding_level(an, personas):
    rating = record(an, personas["secretary_a"], "decision", 2, historical=True)
    assert rating.rank == 2


@pytest.mark.django_db
def test_the_unconfirmed_delegation_setting_is_read_from_django_settings(an, personas, settings):
    settings.DANGBO_RULES = {**settings.DANGBO_RULES, "partial_committee_decides_members": True}
    # no partial committee above cell A: the grassroots committee still decides
    with pytest.raises(PermissionDenied):
        record(an, personas["secretary_a"], "decision", 2)


@pytest.mark.django_db
def test_the_grassroots_committee_decides_for_its_cells_not_the_cell(small_tree, personas):
    cell = small_tree.cell_a
    organization_rating_record(
        actor=personas["secretary_a"],
        organization=cell,
        year=2019,
        stage="self",
        rank=2,
        self_assessment="Chi bộ hoàn thành các chỉ tiêu nghị quyết.",
    )
    with pytest.raises(PermissionDenied) as refused:
        organization_rating_record(
            actor=personas["secretary_a"], organization=cell, year=2019, stage="decision", rank=2, **NUMBER
        )
    assert (
        "“Chi bộ Khu phố 1” thuộc thẩm quyền của đảng ủy cơ sở (Đảng bộ phường An Bình)"
        in refused.value.message
    )
    rating = organization_rating_record(
        actor=personas["ward_staff"], organization=cell, year=2019, stage="decision", rank=2, **NUMBER
    )
    assert (rating.self_rank, rating.rank) == (2, 2)
    assert rating.self_assessment == "Chi bộ hoàn thành các chỉ tiêu nghị quyết."


@pytest.mark.django_db
def test_the_superior_decides_for_the_grassroots_organization(small_tree, personas):
    ward = small_tree.ward
    organization_rating_record(
        actor=personas["ward_staff"], organization=ward, year=2019, stage="self", rank=1
    )
    with pytest.raises(PermissionDenied) as refused:
        organization_rating_record(
            actor=personas["ward_staff"], organization=ward, year=2019, stage="decision", rank=2, **NUMBER
        )
    assert "ban thường vụ cấp ủy cấp trên trực tiếp (Đảng bộ Quận Thử)" in refused.value.message
    rating = organization_rating_record(
        actor=personas["officer"], organization=ward, year=2019, stage="decision", rank=2, **NUMBER
    )
    assert (rating.self_rank, rating.rank) == (1, 2)
    assert not OrganizationRating.objects.filter(organization=small_tree.cell_a).exists()


@pytest.mark.django_db
def test_a_correction_is_decided_by_the_deciding_level_too(small_tree, an, personas):
    rating = record(an, personas["ward_staff"], "decision", 2)
    review_cycle_lock(
        actor=personas["officer"], organization=small_tree.district, year=2019, decision_number="99-QĐ/QU"
    )
    with pytest.raises(PermissionDenied):
        rating_correct(
            actor=personas["secretary_a"], rating=rating, rank=3, reason="Xem lại", decision_number="1-QĐ"
        )
    correction = rating_correct(
        actor=personas["ward_staff"], rating=rating, rank=3, reason="Xem lại", decision_number="1-QĐ"
    )
    assert correction.after["rank"] == 3


@pytest.mark.django_db
def test_the_self_assessment_is_audited(an, personas):
    record(an, personas["secretary_a"], "self", 2, self_assessment="Tự nhận hoàn thành tốt.")
    after = AuditEntry.objects.get(action="rating.member.self").after or {}
    assert after["self_rank"] == 2
    assert after["self_assessment"] == "Tự nhận hoàn thành tốt."
