"""plan_review_record: the yearly review takes out whoever must leave the plan, with the rule's reason."""

from __future__ import annotations

from datetime import date

import pytest

from dangbo.core.exceptions import ApplicationError
from dangbo.planning import selectors, services
from dangbo.planning.models import Candidacy
from dangbo.planning.tests.helpers import ADDED, discipline, position, term

pytestmark = pytest.mark.django_db


def test_the_review_removes_a_candidate_disciplined_since_planned(small_tree, make_member, personas):
    secretary = position(small_tree.ward)
    kept = services.candidacy_add(
        actor=personas["officer"],
        position=secretary,
        member=make_member(small_tree.cell_a, "Trần Thị Lan", sex="female"),
        added_on=ADDED,
    )
    punished = make_member(small_tree.cell_b, "Lê Văn Bình")
    services.candidacy_add(actor=personas["officer"], position=secretary, member=punished, added_on=ADDED)
    discipline(punished, date(2024, 10, 1), "warning")

    plan = selectors.plan_for(personas["officer"], small_tree.ward, secretary.term, day=date(2024, 11, 1))
    flagged = [c for row in plan.rows for c in row.candidates if c.flags]
    assert [c.candidacy.member.full_name for c in flagged] == ["Lê Văn Bình"]

    outcome = services.plan_review_record(
        actor=personas["ward_staff"],
        organization=small_tree.ward,
        term=secretary.term,
        year=2024,
        reviewed_on=date(2024, 12, 15),
        decision_number="40-QĐ/ĐU",
    )
    assert [c.member.full_name for c in outcome.removed] == ["Lê Văn Bình"]
    removed = Candidacy.objects.get(member=punished)
    assert removed.removal_kind == "discipline" and "cảnh cáo" in removed.removal_reason
    assert (outcome.review.added, outcome.review.removed, outcome.review.planned) == (2, 1, 1)
    kept.refresh_from_db()
    assert kept.removed_on is None


def test_one_review_per_year_and_the_day_within_it(small_tree, officer):
    t = term()
    position(small_tree.ward)
    with pytest.raises(ApplicationError, match="trong năm 2024"):
        services.plan_review_record(
            actor=officer, organization=small_tree.ward, term=t, year=2024, reviewed_on=date(2025, 1, 2)
        )
    services.plan_review_record(
        actor=officer, organization=small_tree.ward, term=t, year=2024, reviewed_on=date(2024, 12, 2)
    )
    with pytest.raises(ApplicationError, match="đã có rà soát"):
        services.plan_review_record(
            actor=officer, organization=small_tree.ward, term=t, year=2024, reviewed_on=date(2024, 12, 3)
        )


def test_the_years_paragraph_reads_like_the_report(small_tree, make_member, personas):
    secretary = position(small_tree.ward)
    executive = position(small_tree.ward, title="Ủy viên Ban Chấp hành", kind="executive", seats=5)
    young = make_member(small_tree.cell_a, "Trần Thị Lan", sex="female", birth_date=date(1990, 2, 1))
    services.candidacy_add(
        actor=personas["officer"],
        position=secretary,
        member=make_member(small_tree.cell_a, "Nguyễn Văn An"),
        added_on=ADDED,
    )
    services.candidacy_add(actor=personas["officer"], position=executive, member=young, added_on=ADDED)
    gone = services.candidacy_add(
        actor=personas["officer"],
        position=executive,
        member=make_member(small_tree.cell_b, "Lê Văn Bình"),
        added_on=ADDED,
    )
    services.candidacy_remove(
        actor=personas["officer"],
        candidacy=gone,
        removed_on=date(2024, 9, 1),
        removal_kind="standard",
        reason="Sức khỏe",
    )
    services.rotation_record(
        actor=personas["officer"],
        candidacy=gone.position.candidacies.get(member=young),
        kind="rotation",
        to_post="Phó Chủ tịch UBND phường",
        starts_on=date(2024, 7, 1),
        decision_number="33-QĐ/QU",
    )
    services.plan_review_record(
        actor=personas["officer"],
        organization=small_tree.ward,
        term=secretary.term,
        year=2024,
        reviewed_on=date(2024, 12, 20),
        decision_number="40-QĐ/ĐU",
    )
    report = selectors.year_report(personas["officer"], small_tree.ward, secretary.term, 2024)
    assert report["paragraph"] == (
        "Năm 2024, Đảng bộ phường An Bình thực hiện rà soát, bổ sung quy hoạch cấp ủy và cán bộ lãnh đạo, quản lý "
        "nhiệm kỳ 2025 - 2030 (Quyết định số 40-QĐ/ĐU): bổ sung 3 đồng chí, đưa ra khỏi quy hoạch 1 đồng chí "
        "(1 không còn đủ tiêu chuẩn, điều kiện). Đến ngày 31/12/2024, quy hoạch có 2 đồng chí cho 2 chức danh, "
        "trong đó cán bộ trẻ (dưới 40 tuổi) 1 đồng chí, tỷ lệ 50,00 %; cán bộ nữ 1 đồng chí, tỷ lệ 50,00 %; "
        "cán bộ người dân tộc thiểu số 0 đồng chí, tỷ lệ 0,00 %. Thực hiện quy trình luân chuyển 1 đồng chí sau quy hoạch."
    )
    assert report["warnings"] == []


def test_a_shortfall_of_women_is_reported_in_the_paragraph_not_blocking(small_tree, make_member, personas):
    secretary = position(small_tree.ward)
    services.candidacy_add(
        actor=personas["officer"], position=secretary, member=make_member(small_tree.cell_a), added_on=ADDED
    )
    report = selectors.year_report(personas["officer"], small_tree.ward, secretary.term, 2024)
    assert "Lưu ý: Cán bộ nữ chiếm 0,00 % (0/1), thấp hơn mức ít nhất 25 %" in report["paragraph"]
