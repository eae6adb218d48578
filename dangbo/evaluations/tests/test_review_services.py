"""Recording the review: stages, rules in the live workflow, locking, corrections, awards."""

from datetime import date

import pytest

from dangbo.core.exceptions import ApplicationError, PermissionDenied, RuleViolation
from dangbo.evaluations.models import Award, MemberRating, OrganizationRating, RatingCorrection
from dangbo.evaluations.services import (
    award_record,
    member_rating_record,
    organization_rating_record,
    rating_correct,
    review_cycle_lock,
)
from dangbo.members.services import member_act


def decide(actor, member, rank, **kwargs):
    args = {
        "actor": actor,
        "member": member,
        "year": 2019,
        "stage": "decision",
        "rank": rank,
        "decision_number": "15-TB/ĐU",
        "decision_date": date(2019, 12, 20),
    }
    args.update(kwargs)
    return member_rating_record(**args)


@pytest.fixture
def cell_members(small_tree, make_member):
    names = [f"Nguyễn Văn {g}" for g in ("An", "Bình", "Cường", "Dũng", "Hải", "Hùng")]
    return [make_member(small_tree.cell_a, name) for name in names]


def test_the_stages_are_kept_side_by_side(officer, cell_members):
    member = cell_members[0]
    member_rating_record(actor=officer, member=member, year=2019, stage="self", rank=1)
    member_rating_record(actor=officer, member=member, year=2019, stage="proposal", rank=2)
    rating = decide(officer, member, 2)
    assert (rating.self_rank, rating.proposed_rank, rating.rank) == (1, 2, 2)
    assert rating.grassroots_id == member.organization.parent_id


def test_the_cap_blocks_a_sixth_excellent_unless_overridden(officer, cell_members):
    for member in cell_members[:5]:
        decide(officer, member, 2)
    decide(officer, cell_members[5], 1)  # 1 excellent of 5 good: 20 %
    extra = cell_members[4]
    with pytest.raises(RuleViolation, match="vượt quá 20") as error:
        decide(officer, extra, 1)  # 2 excellent of 4 good
    assert error.value.field == "rank"
    assert MemberRating.objects.get(member=extra).rank == 2  # nothing written
    rating = decide(officer, extra, 1, override_reason="Quyết định của Ban Thường vụ, có thành tích đột xuất")
    assert rating.rank == 1 and rating.flags[0]["rule"] == "excellent_cap"


def test_historical_ratings_are_kept_and_flagged(officer, cell_members):
    for member in cell_members[:2]:
        decide(officer, member, 1, historical=True, decision_number="")
    rating = MemberRating.objects.get(member=cell_members[1])
    assert rating.rank == 1 and rating.flags and rating.flags[0]["rule"] == "excellent_cap"


def test_a_member_disciplined_in_the_year_must_be_khtnv(officer, cell_members):
    member = cell_members[0]
    member_act(
        actor=officer,
        member=member,
        kind="discipline",
        form="reprimand",
        effective_on=date(2019, 4, 1),
        decision_number="3-QĐ/UBKT",
        decision_date=date(2019, 4, 1),
    )
    with pytest.raises(RuleViolation, match="bị kỷ luật trong năm"):
        decide(officer, member, 3)
    assert decide(officer, member, 4).rank == 4


def test_exempted_members_are_not_rated(officer, cell_members):
    member = cell_members[0]
    member_act(
        actor=officer,
        member=member,
        kind="exemption",
        effective_on=date(2019, 3, 1),
        decision_number="9",
        decision_date=None,
    )
    rating = decide(officer, member, None)
    assert rating.rank is None and "Miễn công tác" in rating.not_rated_reason
    with pytest.raises(RuleViolation, match="không xếp loại"):
        decide(officer, member, 2)


def test_a_level_that_is_not_the_schemes_is_refused(officer, cell_members):
    with pytest.raises(ApplicationError, match="không thuộc quy định năm 2019") as error:
        decide(officer, cell_members[0], 7)
    assert error.value.field == "rank"
    assert not MemberRating.objects.exists()


def test_an_unknown_year_is_refused(officer, cell_members):
    with pytest.raises(ApplicationError, match="không hợp lệ") as error:
        decide(officer, cell_members[0], 2, year=1890)
    assert error.value.field == "year"


def test_a_locked_year_changes_only_by_correction(small_tree, officer, cell_members):
    rating = decide(officer, cell_members[0], 3)
    review_cycle_lock(actor=officer, organization=small_tree.district, year=2019, decision_number="99-QĐ/QU")
    with pytest.raises(ApplicationError, match="khóa sổ"):
        decide(officer, cell_members[0], 2)
    with pytest.raises(ApplicationError, match="lý do"):
        rating_correct(actor=officer, rating=rating, rank=2, reason="", decision_number="100-QĐ/QU")
    correction = rating_correct(
        actor=officer, rating=rating, rank=2, reason="Sai sót khi tổng hợp", decision_number="100-QĐ/QU"
    )
    assert correction.before["rank"] == 3 and correction.after["rank"] == 2
    rating.refresh_from_db()
    assert rating.rank == 2
    assert RatingCorrection.objects.count() == 1


def test_an_organization_at_htxsnv_needs_its_members_good(small_tree, officer, cell_members):
    for member in cell_members[:4]:
        decide(officer, member, 2)
    decide(officer, cell_members[4], 3)
    decide(officer, cell_members[5], 3)  # 4/6 good: under 80 %
    with pytest.raises(RuleViolation, match="dưới 80%"):
        organization_rating_record(
            actor=officer,
            organization=small_tree.cell_a,
            year=2019,
            stage="decision",
            rank=1,
            decision_number="1",
        )
    rating = organization_rating_record(
        actor=officer,
        organization=small_tree.cell_a,
        year=2019,
        stage="decision",
        rank=2,
        decision_number="1",
    )
    assert rating.rank == 2 and rating.flags == []


def test_only_an_excellent_organization_may_be_exemplary(small_tree, officer):
    with pytest.raises(RuleViolation, match="tiêu biểu"):
        organization_rating_record(
            actor=officer,
            organization=small_tree.school,
            year=2019,
            stage="decision",
            rank=2,
            exemplary=True,
            decision_number="1",
        )
    assert not OrganizationRating.objects.exists()


def test_only_excellent_members_may_be_commended(small_tree, officer, cell_members):
    decide(officer, cell_members[0], 2)
    with pytest.raises(RuleViolation, match="hoàn thành xuất sắc"):
        award_record(
            actor=officer,
            kind="certificate",
            year=2019,
            title="Hoàn thành xuất sắc nhiệm vụ 5 năm liền",
            given_by="Quận ủy",
            decision_number="5-QĐ/QU",
            decision_date=date(2020, 3, 10),
            member=cell_members[0],
        )
    assert not Award.objects.exists()


def test_a_secretary_cannot_rate_a_member_of_another_cell(cell_members, personas):
    with pytest.raises(PermissionDenied):
        decide(personas["secretary_b"], cell_members[0], 2)
    assert not MemberRating.objects.exists()


def test_commendation_candidates_cross_the_2018_change(officer, small_tree, make_member, personas):
    from dangbo.evaluations.selectors import member_candidates, organization_candidates

    member = make_member(small_tree.school, "Võ Thị Sáu", on=date(2015, 1, 1))
    others = [make_member(small_tree.school, f"Hồ Văn {g}", on=date(2015, 1, 1)) for g in "ABCDE"]
    for year in range(2015, 2020):
        for other in others:
            decide(officer, other, 2, year=year)
        decide(officer, member, 1, year=year)
        organization_rating_record(
            actor=personas["officer"],
            organization=small_tree.school,
            year=year,
            stage="decision",
            rank=1,
            exemplary=True,
            decision_number=f"{year}-QĐ",
        )
    officer = personas["officer"]
    [candidate] = organization_candidates(officer, small_tree.district, year=2019, years=5)
    assert candidate.code == "S1" and candidate.years == 5
    assert organization_candidates(officer, small_tree.district, year=2019, years=6) == []
    [person] = member_candidates(officer, small_tree.district, year=2019, years=5)
    assert person.name == "Võ Thị Sáu"
    assert organization_candidates(personas["outsider"], small_tree.other_ward, year=2019, years=1) == []


def test_a_list_decided_at_once_checks_the_cap_on_the_final_list(officer, cell_members):
    from dangbo.evaluations.services import member_ratings_decide

    ranks = [1, 2, 2, 2, 2, 2]  # the excellent first: fine once the whole list is in
    saved = member_ratings_decide(
        actor=officer,
        year=2019,
        decisions=list(zip(cell_members, ranks, strict=True)),
        decision_number="20-TB/ĐU",
        decision_date=date(2019, 12, 20),
    )
    assert [r.rank for r in saved] == ranks
    MemberRating.objects.all().delete()
    with pytest.raises(RuleViolation, match="vượt quá 20"):
        member_ratings_decide(
            actor=officer,
            year=2019,
            decisions=list(zip(cell_members, [1, 1, 2, 2, 2, 2], strict=True)),
            decision_number="20-TB/ĐU",
            decision_date=date(2019, 12, 20),
        )
    assert not MemberRating.objects.exists()


def test_a_bad_row_in_a_list_names_the_member(officer, cell_members):
    from dangbo.evaluations.services import member_ratings_decide

    with pytest.raises(ApplicationError, match="Dòng 2 \\(Nguyễn Văn Bình\\)"):
        member_ratings_decide(
            actor=officer,
            year=2019,
            decisions=[(cell_members[0], 2), (cell_members[1], 9)],
            decision_number="20-TB/ĐU",
            decision_date=date(2019, 12, 20),
        )
    assert not MemberRating.objects.exists()


def test_the_unconfirmed_cap_is_a_setting(officer, cell_members, settings):
    settings.DANGBO_RULES = {"excellent_cap_enabled": False}
    for member in cell_members[:2]:
        assert decide(officer, member, 1).flags == []


def test_exemplary_below_the_top_is_refused_even_with_a_reason(small_tree, officer):
    with pytest.raises(RuleViolation, match="tiêu biểu") as error:
        organization_rating_record(
            actor=officer,
            organization=small_tree.school,
            year=2019,
            stage="decision",
            rank=2,
            exemplary=True,
            decision_number="1",
            override_reason="đề nghị của cấp ủy",
        )
    assert error.value.field == "exemplary"


def test_lowering_an_exemplary_rating_clears_tieu_bieu_and_not_rated_needs_a_reason(
    small_tree, officer, cell_members
):
    for member in cell_members:
        decide(officer, member, 2)
    rating = organization_rating_record(
        actor=officer,
        organization=small_tree.cell_a,
        year=2019,
        stage="decision",
        rank=1,
        exemplary=True,
        decision_number="1",
    )
    rating_correct(actor=officer, rating=rating, rank=2, reason="Tổng hợp nhầm", decision_number="2-QĐ")
    rating.refresh_from_db()
    assert rating.rank == 2 and not rating.exemplary
    with pytest.raises(ApplicationError, match="lý do không xếp loại"):
        rating_correct(actor=officer, rating=rating, rank=None, reason="x", decision_number="3-QĐ")
    rating_correct(
        actor=officer,
        rating=rating,
        rank=None,
        reason="x",
        decision_number="3-QĐ",
        not_rated_reason="Mới thành lập",
    )
    rating.refresh_from_db()
    assert rating.rank is None and rating.not_rated_reason == "Mới thành lập"


def test_a_corrected_member_rating_gets_fresh_flags(officer, cell_members):
    member = cell_members[0]
    member_act(
        actor=officer,
        member=member,
        kind="discipline",
        form="reprimand",
        effective_on=date(2019, 4, 1),
        decision_number="3-QĐ/UBKT",
        decision_date=date(2019, 4, 1),
    )
    rating = decide(officer, member, 4)
    assert rating.flags == []
    rating_correct(actor=officer, rating=rating, rank=3, reason="Xem xét lại", decision_number="4-QĐ")
    rating.refresh_from_db()
    assert [f["rule"] for f in rating.flags] == ["member_khtnv"]


def test_the_tallies_follow_every_rating_write(officer, cell_members):
    from django.db.models import Count

    from dangbo.evaluations.models import RatingTally
    from dangbo.evaluations.tallies import rebuild_year

    def tallies():
        return sorted(
            RatingTally.objects.filter(year=2019).values_list(
                "organization_id", "rank", "not_rated_reason", "count"
            )
        )

    def direct():
        rows = (
            MemberRating.objects.filter(year=2019)
            .values("organization_id", "rank", "not_rated_reason")
            .annotate(n=Count("id"))
        )
        return sorted(
            (r["organization_id"], r["rank"] or 0, "" if r["rank"] else r["not_rated_reason"], r["n"])
            for r in rows
        )

    for member in cell_members[:4]:
        decide(officer, member, 2)
    rating = decide(officer, cell_members[4], 3)
    member_act(
        actor=officer,
        member=cell_members[5],
        kind="exemption",
        effective_on=date(2019, 3, 1),
        decision_number="9",
        decision_date=None,
    )
    decide(officer, cell_members[5], None)
    assert tallies() == direct()
    rating_correct(actor=officer, rating=rating, rank=2, reason="Xem lại", decision_number="5-QĐ")
    assert tallies() == direct()
    rebuild_year(2019)
    assert tallies() == direct() and len(direct()) == 2


def test_lowering_a_good_member_below_the_cap_is_refused_unless_overridden(officer, cell_members):
    for member in cell_members[:5]:
        decide(officer, member, 2)
    decide(officer, cell_members[5], 1)  # 1 excellent of 5 good: at the cap
    lowered = cell_members[4]
    with pytest.raises(RuleViolation, match="vượt quá 20") as error:
        decide(officer, lowered, 3)  # 1 excellent of 4 good
    assert "(4; tối đa 0)" in error.value.message and "Trước thay đổi này: 1 hoàn thành xuất sắc" in (
        error.value.message
    )
    assert MemberRating.objects.get(member=lowered).rank == 2  # nothing written
    rating = decide(officer, lowered, 3, override_reason="Kết luận của Ủy ban kiểm tra")
    assert rating.rank == 3 and [f["rule"] for f in rating.flags] == ["excellent_cap"]
    decide(officer, cell_members[5], 2)  # the excellent one lowered: the overrun ends, allowed
    assert MemberRating.objects.get(member=cell_members[5]).flags == []


def test_lowering_a_good_member_in_a_historical_record_is_flagged(officer, cell_members):
    for member in cell_members[:5]:
        decide(officer, member, 2, historical=True)
    decide(officer, cell_members[5], 1, historical=True)
    rating = decide(officer, cell_members[0], 3, historical=True, decision_number="")
    assert rating.rank == 3 and [f["rule"] for f in rating.flags] == ["excellent_cap"]


def test_a_list_lowering_good_members_below_the_cap_is_refused(officer, cell_members):
    from dangbo.evaluations.services import member_ratings_decide

    for member in cell_members[:5]:
        decide(officer, member, 2)
    decide(officer, cell_members[5], 1)
    with pytest.raises(RuleViolation, match="Đảng bộ phường An Bình: .*vượt quá 20"):
        member_ratings_decide(
            actor=officer,
            year=2019,
            decisions=[(cell_members[0], 3), (cell_members[1], 2)],
            decision_number="21-TB/ĐU",
            decision_date=date(2019, 12, 20),
        )
    assert MemberRating.objects.get(member=cell_members[0]).rank == 2
    saved = member_ratings_decide(
        actor=officer,
        year=2019,
        decisions=[(cell_members[0], 3), (cell_members[5], 2)],  # lowered with the excellent one: fine
        decision_number="21-TB/ĐU",
        decision_date=date(2019, 12, 20),
    )
    assert [r.rank for r in saved] == [3, 2]


def test_a_list_that_lessens_an_overrun_is_not_refused(officer, cell_members):
    from dangbo.evaluations.services import member_ratings_decide

    for member in cell_members[:3]:
        decide(officer, member, 2)
    for member in cell_members[3:]:
        decide(officer, member, 1, override_reason="Thành tích đột xuất")  # 3 excellent of 3 good
    saved = member_ratings_decide(
        actor=officer,
        year=2019,
        decisions=[(cell_members[5], 3)],  # 2 of 3: still over, but fewer
        decision_number="22-TB/ĐU",
        decision_date=date(2019, 12, 20),
    )
    assert [r.rank for r in saved] == [3] and saved[0].flags == []


def test_a_correction_lowering_a_good_member_or_not_rating_it_is_flagged(officer, cell_members):
    for member in cell_members[:5]:
        decide(officer, member, 2)
    decide(officer, cell_members[5], 1)
    rating = MemberRating.objects.get(member=cell_members[0])
    rating_correct(actor=officer, rating=rating, rank=3, reason="Xem xét lại", decision_number="5-QĐ")
    rating.refresh_from_db()
    assert [f["rule"] for f in rating.flags] == ["excellent_cap"]
    other = MemberRating.objects.get(member=cell_members[1])
    rating_correct(
        actor=officer,
        rating=other,
        rank=None,
        reason="Miễn sinh hoạt",
        decision_number="6-QĐ",
        not_rated_reason="Miễn công tác và sinh hoạt đảng",
    )
    other.refresh_from_db()
    assert [f["rule"] for f in other.flags] == ["excellent_cap"]


def test_a_member_decided_not_rated_no_longer_counts_with_the_proposal(officer, cell_members):
    # the proposal counts for a member not decided yet; a decision "not rated" takes it out
    for member in cell_members[:5]:
        member_rating_record(actor=officer, member=member, year=2019, stage="proposal", rank=2)
    member_act(
        actor=officer,
        member=cell_members[4],
        kind="exemption",
        effective_on=date(2019, 3, 1),
        decision_number="9",
        decision_date=None,
    )
    decide(officer, cell_members[5], 1)  # 1 of 5 proposed good
    with pytest.raises(RuleViolation, match="vượt quá 20"):
        decide(officer, cell_members[4], None)  # not rated: 1 of 4
