"""Recording the quarterly ratings (xếp loại hằng quý) and the superior's re-rating (Mẫu 03)."""

from datetime import date
from decimal import Decimal

import pytest

from dangbo.audit.models import AuditEntry
from dangbo.core.exceptions import ApplicationError, PermissionDenied
from dangbo.evaluations.models import MemberRating, QuarterRating, Rerating
from dangbo.evaluations.quarter_services import cell_quarter_record, quarter_rating_record, rating_rerate
from dangbo.evaluations.services import member_rating_record, member_year_facts


@pytest.fixture
def two_members(small_tree, make_member):
    return [make_member(small_tree.cell_a, n) for n in ("Nguyễn Văn An", "Trần Thị Bình")]


def test_a_cell_secretary_records_the_quarter_of_the_cell_and_its_members(personas, small_tree, two_members):
    an, binh = two_members
    saved = cell_quarter_record(
        actor=personas["secretary_a"],
        cell=small_tree.cell_a,
        year=2025,
        quarter=2,
        entries=[(an, "2", "Tốt"), (binh, "", "")],
        cell_rank="2",
        cell_note="Chi bộ hoàn thành tốt",
    )
    assert len(saved) == 2  # an empty line leaves the member as they are
    row = QuarterRating.objects.get(member=an, year=2025, quarter=2)
    assert (row.rank, row.note, row.organization_id) == (2, "Tốt", small_tree.cell_a.pk)
    own = QuarterRating.objects.get(member__isnull=True, organization=small_tree.cell_a, quarter=2)
    assert own.rank == 2
    assert AuditEntry.objects.filter(action="rating.quarter.member").count() == 1
    assert AuditEntry.objects.filter(action="rating.quarter.organization").count() == 1


def test_changing_a_quarter_keeps_the_before_in_the_audit(personas, two_members):
    an = two_members[0]
    quarter_rating_record(actor=personas["secretary_a"], year=2025, quarter=1, rank=2, member=an)
    row = quarter_rating_record(actor=personas["secretary_a"], year=2025, quarter=1, rank=4, member=an)
    assert row.rank == 4 and row.version == 2
    entry = AuditEntry.objects.filter(action="rating.quarter.member").order_by("-pk")[0]
    assert (entry.before or {})["rank"] == 2 and (entry.after or {})["rank"] == 4


def test_a_cell_secretary_cannot_record_another_cells_quarter(personas, small_tree, make_member):
    other = make_member(small_tree.cell_b, "Lê Văn Cường")
    with pytest.raises(PermissionDenied):
        quarter_rating_record(actor=personas["secretary_a"], year=2025, quarter=1, rank=2, member=other)
    with pytest.raises(PermissionDenied):
        quarter_rating_record(
            actor=personas["secretary_a"], year=2025, quarter=1, rank=2, organization=small_tree.cell_b
        )
    with pytest.raises(PermissionDenied):
        cell_quarter_record(
            actor=personas["secretary_a"],
            cell=small_tree.cell_b,
            year=2025,
            quarter=1,
            entries=[(other, 2, "")],
        )
    with pytest.raises(PermissionDenied):  # a viewer reads, never writes
        quarter_rating_record(actor=personas["viewer"], year=2025, quarter=1, rank=2, member=other)
    assert not QuarterRating.objects.exists()


def test_a_member_of_another_cell_in_the_list_is_refused(personas, small_tree, make_member):
    other = make_member(small_tree.cell_b, "Lê Văn Cường")
    with pytest.raises(ApplicationError, match="không sinh hoạt ở chi bộ này"):
        cell_quarter_record(
            actor=personas["officer"], cell=small_tree.cell_a, year=2025, quarter=1, entries=[(other, 2, "")]
        )
    assert not QuarterRating.objects.exists()


@pytest.mark.parametrize(
    ("year", "quarter", "rank", "score", "field"),
    [
        (2024, 1, 2, None, "year"),  # before QĐ 366: no quarters
        (2025, 5, 2, None, "quarter"),
        (2025, "x", 2, None, "quarter"),
        (2025, 1, 7, None, "rank"),
        (2025, 1, "", None, "rank"),
        (2025, 1, 2, "101", "score"),
        (2025, 1, 2, "nan", "score"),
    ],
)
def test_bad_input_is_refused_naming_the_field(personas, two_members, year, quarter, rank, score, field):
    with pytest.raises(ApplicationError) as error:
        quarter_rating_record(
            actor=personas["secretary_a"],
            year=year,
            quarter=quarter,
            rank=rank,
            score=score,
            member=two_members[0],
        )
    assert error.value.field == field
    assert not QuarterRating.objects.exists()


def test_the_quarters_are_a_fact_of_the_years_rules(personas, two_members, settings):
    an = two_members[0]
    quarter_rating_record(actor=personas["secretary_a"], year=2025, quarter=3, rank=4, member=an)
    facts = member_year_facts(an, 2025)["facts"]
    assert [(q.quarter, q.rank) for q in facts.quarters] == [(3, 4)]
    # by default a warning: the decision at HTTNV is taken, and no flag blocks it
    rating = member_rating_record(
        actor=personas["officer"],
        member=an,
        year=2025,
        stage="decision",
        rank=2,
        decision_number="05-QĐ/ĐU",
        decision_date=date(2025, 12, 20),
        override_reason="Điểm ghi trên giấy",  # 2025 asks for the score: the score's rule, not the quarters'
    )
    assert rating.rank == 2 and not [f for f in rating.flags if f["rule"] == "quarter"]
    # set to block: the same decision needs an override reason
    settings.DANGBO_QUARTER_RULES = {**settings.DANGBO_QUARTER_RULES, "blocks": True}
    from dangbo.core.exceptions import RuleViolation

    with pytest.raises(RuleViolation, match="quý 3"):
        member_rating_record(
            actor=personas["officer"],
            member=two_members[0],
            year=2025,
            stage="decision",
            rank=2,
            decision_number="05-QĐ/ĐU",
            decision_date=date(2025, 12, 20),
            score_general=Decimal(25),
            score_results=Decimal(55),
        )


def test_the_superior_rerates_and_the_cancelled_level_is_kept(personas, small_tree, two_members):
    an = two_members[0]
    rating = member_rating_record(
        actor=personas["ward_staff"],
        member=an,
        year=2025,
        stage="decision",
        rank=1,
        decision_number="05-QĐ/ĐU",
        decision_date=date(2025, 12, 20),
        override_reason="Thành tích đột xuất",
        historical=True,
    )
    with pytest.raises(PermissionDenied, match="cấp ủy cấp trên"):  # the ward decided: not its own superior
        rating_rerate(
            actor=personas["ward_staff"],
            rating=rating,
            rank=2,
            reason="Chưa đủ điều kiện",
            decision_number="12-QĐ/QU",
            decision_date=date(2026, 1, 10),
        )
    with pytest.raises(ApplicationError) as error:
        rating_rerate(
            actor=personas["officer"],
            rating=rating,
            rank=2,
            reason="  ",
            decision_number="12-QĐ/QU",
            decision_date=date(2026, 1, 10),
        )
    assert error.value.field == "reason"
    rerating = rating_rerate(
        actor=personas["officer"],
        rating=rating,
        rank=2,
        reason="Chưa đủ điều kiện xếp loại HTXSNV",
        decision_number="12-QĐ/QU",
        decision_date=date(2026, 1, 10),
    )
    rating = MemberRating.objects.get(pk=rating.pk)
    assert (rating.rank, rating.decision_number) == (2, "12-QĐ/QU")
    assert (rerating.cancelled_rank, rerating.cancelled_decision_number, rerating.new_rank) == (
        1,
        "05-QĐ/ĐU",
        2,
    )
    assert rerating.deciding_organization_id == small_tree.district.pk
    assert Rerating.objects.count() == 1
    entry = AuditEntry.objects.get(action="rating.rerate")
    assert (entry.before or {})["rank"] == 1 and (entry.after or {})["rank"] == 2
