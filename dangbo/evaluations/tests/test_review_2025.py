"""The 2025 review through the services (QĐ 366, HD 43): the score entered at the self-assessment
and the proposal, the band and the conditions at the decision, the cap of a group raised to 25 % by a
recorded decision, collectives under the cap, suspended members not rated, the sick-leave bar gone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from dangbo.audit.models import AuditEntry
from dangbo.core.exceptions import ApplicationError, RuleViolation
from dangbo.evaluations.audit import audit_year
from dangbo.evaluations.models import CapRaise, MemberRating
from dangbo.evaluations.services import (
    cap_raise_record,
    member_rating_record,
    member_ratings_decide,
    member_ratings_propose,
    member_self_assessments_record,
    organization_rating_record,
)
from dangbo.members.models import MemberEvent
from dangbo.members.services import member_act

Y = 2025
NUMBER: dict[str, Any] = {"decision_number": "15-TB/ĐU", "decision_date": date(2025, 12, 20)}
D = Decimal


def _scores(total_general: int, total_results: int, exceeding: int = 0) -> dict[str, Any]:
    return {
        "score_general": D(total_general),
        "score_results": D(total_results),
        "tasks_exceeding_percent": D(exceeding),
        "tasks_on_time": True,
        "targets_met_percent": D(100),
    }


@pytest.fixture
def six(small_tree, make_member):
    names = ("An", "Bình", "Chi", "Dũng", "Giang", "Hà")
    return [make_member(small_tree.cell_a, f"Nguyễn Văn {n}") for n in names]


@pytest.mark.django_db
def test_the_score_is_entered_at_self_assessment_and_proposal(six, personas):
    an = six[0]
    member_self_assessments_record(
        actor=personas["secretary_a"], year=Y, entries=[(an, 2, "Tốt")], scores={an.pk: _scores(26, 60)}
    )
    rating = MemberRating.objects.get(member=an, year=Y)
    assert (rating.self_score_general, rating.self_score_results) == (D(26), D(60))
    member_ratings_propose(
        actor=personas["secretary_a"], year=Y, proposals=[(an, 2)], facts={an.pk: _scores(25, 55)}
    )
    rating.refresh_from_db()
    assert (rating.proposed_score_general, rating.proposed_score_results) == (D(25), D(55))
    with pytest.raises(ApplicationError) as refused:
        member_self_assessments_record(
            actor=personas["secretary_a"], year=Y, entries=[(an, 2, "")], scores={an.pk: _scores(31, 60)}
        )
    assert (
        refused.value.field == "score_general" and "tiêu chí chung phải từ 0 đến 30" in refused.value.message
    )
    with pytest.raises(ApplicationError, match="không chấm điểm theo thang 100"):
        member_rating_record(
            actor=personas["secretary_a"], member=an, year=2024, stage="self", rank=2, score_general=D(20)
        )


@pytest.mark.django_db
def test_a_decision_above_the_band_is_refused_citing_article_11(six, personas):
    an = six[0]
    member_ratings_propose(
        actor=personas["secretary_a"], year=Y, proposals=[(an, 2)], facts={an.pk: _scores(20, 45)}
    )
    with pytest.raises(RuleViolation) as refused:
        member_ratings_decide(actor=personas["ward_staff"], year=Y, decisions=[(an, 2)], **NUMBER)
    assert "Điểm 65 chỉ cho phép mức “Hoàn thành nhiệm vụ”" in refused.value.message
    assert "Quy định 366-QĐ/TW, Điều 11" in refused.value.message
    [saved] = member_ratings_decide(actor=personas["ward_staff"], year=Y, decisions=[(an, 3)], **NUMBER)
    assert saved.rank == 3 and saved.flags == []


@pytest.mark.django_db
def test_the_cap_raised_to_25_percent_by_a_recorded_decision(six, personas, small_tree):
    # 4 HTTNV and 1 HTXSNV: 20 % of 4 is 0,8, none allowed; 25 % of 4 is 1
    proposals = [(m, 2) for m in six[:4]] + [(six[4], 1)]
    facts = {m.pk: _scores(27, 60) for m in six[:4]} | {six[4].pk: _scores(29, 65, exceeding=40)}
    member_ratings_propose(actor=personas["secretary_a"], year=Y, proposals=proposals, facts=facts)
    with pytest.raises(RuleViolation) as refused:
        member_ratings_decide(actor=personas["ward_staff"], year=Y, decisions=proposals, **NUMBER)
    assert "Điều 11, khoản 1.5" in refused.value.message and "tối đa 0" in refused.value.message
    with pytest.raises(RuleViolation, match="không quá 25%"):
        cap_raise_record(
            actor=personas["ward_staff"], organization=small_tree.ward, year=Y, group="members",
            percent=D(30), decision_number="9-QĐ/ĐU", decision_date=date(2025, 12, 10),
        )  # fmt: skip
    raised = cap_raise_record(
        actor=personas["ward_staff"], organization=small_tree.ward, year=Y, group="members",
        percent=D(25), decision_number="9-QĐ/ĐU", decision_date=date(2025, 12, 10),
    )  # fmt: skip
    assert AuditEntry.objects.filter(action="review.cap_raise", target_id=str(raised.pk)).exists()
    saved = member_ratings_decide(actor=personas["ward_staff"], year=Y, decisions=proposals, **NUMBER)
    assert [r.rank for r in saved] == [2, 2, 2, 2, 1] and all(r.flags == [] for r in saved)
    assert audit_year(personas["ward_staff"], small_tree.ward, Y) == []
    with pytest.raises(ApplicationError, match="không có quy định cho cấp có thẩm quyền nâng"):
        cap_raise_record(
            actor=personas["ward_staff"], organization=small_tree.ward, year=2024, group="members",
            percent=D(25), decision_number="9-QĐ/ĐU", decision_date=date(2024, 12, 10),
        )  # fmt: skip
    assert CapRaise.objects.count() == 1


@pytest.mark.django_db
def test_the_cap_warns_in_2023_2024(six, personas):
    proposals = [(m, 2) for m in six[:4]] + [(six[4], 1)]
    member_ratings_propose(actor=personas["secretary_a"], year=2024, proposals=proposals)
    saved = member_ratings_decide(actor=personas["ward_staff"], year=2024, decisions=proposals, **NUMBER)
    assert saved[4].rank == 1 and saved[4].flags[0]["rule"] == "excellent_cap"
    assert "chỉ cảnh báo" in saved[4].flags[0]["message"]


@pytest.mark.django_db
def test_collectives_count_under_the_cap_of_their_group(small_tree, personas):
    organization_rating_record(
        actor=personas["ward_staff"], organization=small_tree.cell_b, year=Y, stage="proposal", rank=2,
        score_general=D(25), score_results=D(55),
    )  # fmt: skip
    organization_rating_record(
        actor=personas["ward_staff"], organization=small_tree.cell_a, year=Y, stage="proposal", rank=1,
        score_general=D(28), score_results=D(66), tasks_exceeding_percent=D(40),
    )  # fmt: skip
    with pytest.raises(RuleViolation) as refused:
        organization_rating_record(
            actor=personas["ward_staff"],
            organization=small_tree.cell_a,
            year=Y,
            stage="decision",
            rank=1,
            **NUMBER,
        )
    assert "Số tổ chức hoàn thành xuất sắc nhiệm vụ (1)" in refused.value.message
    assert "Nhóm chi bộ, đảng bộ bộ phận trực thuộc của Đảng bộ phường An Bình" in refused.value.message


@pytest.mark.django_db
def test_a_suspended_member_is_not_rated_in_2025(six, personas):
    an = six[0]
    member_act(
        actor=personas["ward_staff"], member=an, kind=MemberEvent.Kind.SUSPENSION, effective_on=date(2025, 10, 1),
        decision_number="3-QĐ/UBKT", decision_date=date(2025, 9, 30),
    )  # fmt: skip
    [saved] = member_ratings_decide(actor=personas["ward_staff"], year=Y, decisions=[(an, None)], **NUMBER)
    assert (
        saved.rank is None
        and saved.not_rated_reason == "Đình chỉ sinh hoạt đảng (Quy định 366-QĐ/TW, Điều 5)"
    )
    with pytest.raises(RuleViolation, match="thuộc diện không xếp loại: Đình chỉ sinh hoạt đảng"):
        member_ratings_decide(actor=personas["ward_staff"], year=Y, decisions=[(an, 2)], **NUMBER)


@pytest.mark.django_db
def test_sick_leave_does_not_bar_a_2025_rating(six, personas):
    an = six[0]
    facts = {an.pk: {**_scores(26, 60), "sick_leave_months": D(5)}}
    member_ratings_propose(actor=personas["secretary_a"], year=Y, proposals=[(an, 2)], facts=facts)
    [saved] = member_ratings_decide(actor=personas["ward_staff"], year=Y, decisions=[(an, 2)], **NUMBER)
    assert saved.rank == 2 and saved.flags == []


@pytest.mark.django_db
def test_a_decision_takes_the_proposals_score_onto_its_record(six, personas):
    an = six[0]
    member_ratings_propose(
        actor=personas["secretary_a"], year=Y, proposals=[(an, 2)], facts={an.pk: _scores(25, 55)}
    )
    [saved] = member_ratings_decide(actor=personas["ward_staff"], year=Y, decisions=[(an, 2)], **NUMBER)
    assert (saved.decided_score_general, saved.decided_score_results) == (D(25), D(55))
    entry = AuditEntry.objects.filter(action="rating.member.decision", target_id=str(saved.pk)).get()
    assert entry.after is not None and entry.after["decided_score_general"] in ("25", "25.00", 25)


@pytest.mark.django_db
def test_the_decision_changes_the_score_and_the_band_follows_it(six, personas):
    an = six[0]
    member_ratings_propose(
        actor=personas["secretary_a"], year=Y, proposals=[(an, 2)], facts={an.pk: _scores(25, 55)}
    )
    lowered = {an.pk: {"score_general": D("20.5"), "score_results": D(40)}}
    # 60,5: the band allows HTNV only; the decision at HTTNV needs the rule's reason
    with pytest.raises(RuleViolation) as refused:
        member_ratings_decide(
            actor=personas["ward_staff"], year=Y, decisions=[(an, 2)], facts=lowered, **NUMBER
        )
    assert "Điểm 60,5 chỉ cho phép mức “Hoàn thành nhiệm vụ”" in refused.value.message
    assert "Quy định 366-QĐ/TW, Điều 11" in refused.value.message
    assert MemberRating.objects.get(member=an, year=Y).decided_score_general is None  # nothing written
    [saved] = member_ratings_decide(
        actor=personas["ward_staff"], year=Y, decisions=[(an, 2)], facts=lowered,
        override_reason="Hoàn thành nhiệm vụ đột xuất được giao.", **NUMBER,
    )  # fmt: skip
    assert (saved.decided_score_general, saved.decided_score_results) == (D("20.5"), D(40))
    assert (saved.proposed_score_general, saved.proposed_score_results) == (D(25), D(55))  # kept
    assert saved.flags[0]["rule"] == "score_band" and saved.override_reason
    # raised back to 85: the band allows HTTNV, nothing to explain
    [saved] = member_ratings_decide(
        actor=personas["ward_staff"], year=Y, decisions=[(an, 2)],
        facts={an.pk: {"score_general": D(27), "score_results": D(58)}}, **NUMBER,
    )  # fmt: skip
    assert saved.flags == [] and saved.decided_score_results == D(58)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("parts", "field", "words"),
    [
        ((D(31), D(50)), "score_general", "tiêu chí chung phải từ 0 đến 30"),
        ((D(20), D("70.5")), "score_results", "kết quả phải từ 0 đến 70"),
        ((D(-1), D(50)), "score_general", "tiêu chí chung phải từ 0 đến 30"),
        ((D(20), None), "score_results", "Phải nhập điểm kết quả thực hiện nhiệm vụ của quyết định"),
        ((None, D(50)), "score_general", "Phải nhập điểm tiêu chí chung của quyết định"),
    ],
)
def test_a_decided_score_out_of_range_or_half_given_is_refused(six, personas, parts, field, words):
    an = six[0]
    member_ratings_propose(
        actor=personas["secretary_a"], year=Y, proposals=[(an, 3)], facts={an.pk: _scores(20, 40)}
    )
    with pytest.raises(ApplicationError) as refused:
        member_rating_record(
            actor=personas["ward_staff"], member=an, year=Y, stage="decision", rank=3,
            score_general=parts[0], score_results=parts[1], **NUMBER,
        )  # fmt: skip
    assert refused.value.field == field and words in refused.value.message
    assert MemberRating.objects.get(member=an, year=Y).rank is None


@pytest.mark.django_db
def test_a_collectives_decision_records_its_parts_and_their_total(small_tree, personas):
    organization_rating_record(
        actor=personas["ward_staff"], organization=small_tree.cell_b, year=Y, stage="proposal", rank=2,
        score_general=D(25), score_results=D(55),
    )  # fmt: skip
    decided = organization_rating_record(
        actor=personas["ward_staff"], organization=small_tree.cell_b, year=Y, stage="decision", rank=3,
        score_general=D(22), score_results=D("43.5"), **NUMBER,
    )  # fmt: skip
    assert (decided.decided_score_general, decided.decided_score_results, decided.score) == (
        D(22), D("43.5"), D("65.5"),
    )  # fmt: skip
    assert (decided.proposed_score_general, decided.proposed_score_results) == (D(25), D(55))
    with pytest.raises(ApplicationError) as refused:
        organization_rating_record(
            actor=personas["ward_staff"], organization=small_tree.cell_b, year=Y, stage="decision", rank=3,
            score=D(70), score_general=D(22), score_results=D(40), **NUMBER,
        )  # fmt: skip
    assert refused.value.field == "score" and "phải bằng tổng hai phần (62)" in refused.value.message
    # no parts at the decision: the proposal's, and their total
    organization_rating_record(
        actor=personas["ward_staff"], organization=small_tree.cell_a, year=Y, stage="proposal", rank=2,
        score_general=D(26), score_results=D(56),
    )  # fmt: skip
    taken = organization_rating_record(
        actor=personas["ward_staff"], organization=small_tree.cell_a, year=Y, stage="decision", rank=2,
        **NUMBER,
    )  # fmt: skip
    assert (taken.decided_score_general, taken.decided_score_results, taken.score) == (D(26), D(56), D(82))
