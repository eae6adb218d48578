"""The ratings sheets (members, organizations) and the awards: historical records kept as decided,
a rule they break stored as a flag; what cannot be stored is an error naming the row."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from dangbo.accounts.scope import system_actor
from dangbo.evaluations.models import Award, MemberRating, OrganizationRating
from dangbo.evaluations.services import member_rating_record, review_cycle_lock
from dangbo.imports.tests.helpers import ORG_RATING_HEADERS, RATING_HEADERS, errors, run, warnings, xlsx
from dangbo.members.services import member_act

pytestmark = pytest.mark.django_db


@pytest.fixture
def an(small_tree, make_member):
    return make_member(small_tree.cell_a, "Nguyễn Văn An", cccd="079080001234")


def _ratings(*rows: list[object]) -> bytes:
    return xlsx({"Xếp loại": [RATING_HEADERS, *rows]})


def test_a_rating_is_recorded_where_the_member_was_that_year(small_tree, an):
    outcome = run(_ratings(["079080001234", "", "Nguyễn Văn An", 2019, "Hoàn thành tốt nhiệm vụ", ""]))
    assert outcome.ok, errors(outcome)
    rating = MemberRating.objects.get()
    assert (rating.member, rating.year, rating.rank) == (an, 2019, 2)
    assert (rating.organization, rating.grassroots) == (small_tree.cell_a, small_tree.ward)
    assert rating.flags == []


@pytest.mark.parametrize(
    ("year", "wording", "rank"),
    [
        (2016, "Đủ tư cách, hoàn thành xuất sắc nhiệm vụ", 1),
        (2016, "du tu cach hoan thanh tot nhiem vu", 2),
        (2019, "HTNV", 3),
        (2019, "không hoàn thành nhiệm vụ", 4),
    ],
)
def test_the_schemes_wording_and_the_codes_are_read(small_tree, an, year, wording, rank):
    outcome = run(_ratings(["079080001234", "", "", year, wording, ""]))
    assert outcome.ok, errors(outcome)
    assert MemberRating.objects.get().rank == rank


def test_an_unknown_wording_lists_the_years_levels(small_tree, an):
    outcome = run(_ratings(["079080001234", "", "", 2019, "Tốt", ""]))
    (issue,) = outcome.result.issues.errors
    assert issue.column == "E"
    assert "Mức xếp loại không hợp lệ cho năm 2019 (Hoàn thành xuất sắc nhiệm vụ;" in issue.message


def test_a_rank_read_once_per_value_tells_a_true_cell_from_a_1(small_tree, an, make_member):
    """The rank is read once per distinct cell (reviews._rank_of): a TRUE cell equals 1 in Python
    but is no rank, whichever comes first."""
    make_member(small_tree.cell_a, "Trần Văn Bình", cccd="079080001235")
    for first, second in ((1, True), (True, 1)):
        outcome = run(
            _ratings(["079080001234", "", "", 2019, first, ""], ["079080001235", "", "", 2019, second, ""]),
            dry_run=True,
        )
        (issue,) = outcome.result.issues.errors
        assert (issue.row, issue.column) == (2 if first is True else 3, "E")
        assert issue.message.startswith("Mức xếp loại không hợp lệ cho năm 2019")


def test_the_same_file_again_changes_nothing_and_a_new_rank_replaces_the_old(small_tree, an):
    data = _ratings(["079080001234", "", "", 2019, "HTTNV", ""])
    assert run(data).ok
    again = run(data)
    assert again.ok and again.written.total == 0
    changed = run(_ratings(["079080001234", "", "", 2019, "HTNV", ""]))
    assert changed.ok and changed.written.member_ratings_updated == 1
    rating = MemberRating.objects.get()
    assert (rating.rank, rating.version) == (3, 2)


def test_a_locked_year_is_changed_only_by_a_correction(small_tree, officer, an):
    member_rating_record(actor=officer, member=an, year=2019, stage="decision", rank=2, historical=True)
    review_cycle_lock(actor=officer, organization=small_tree.district, year=2019, decision_number="1-QĐ")
    assert run(_ratings(["079080001234", "", "", 2019, "HTTNV", ""])).ok  # the same: nothing to change
    outcome = run(_ratings(["079080001234", "", "", 2019, "HTXSNV", ""]))
    assert not outcome.ok
    assert "đã được phê duyệt và khóa sổ" in errors(outcome)[0]
    assert MemberRating.objects.get().rank == 2


def test_a_member_not_on_the_books_that_year_cannot_be_rated(small_tree, an):
    outcome = run(_ratings(["079080001234", "", "", 2012, "HTTNV", ""]))
    (issue,) = outcome.result.issues.errors
    assert issue.column == "D" and "không có trong danh sách đảng viên năm 2012" in issue.message


def test_a_newly_admitted_member_is_not_rated_and_the_reason_is_recorded(small_tree, make_member):
    make_member(small_tree.cell_a, "Lê Văn Mới", cccd="079095000001", status="probationary",
                admitted=date(2019, 9, 1), on=date(2019, 9, 1), birth_date=date(1995, 1, 1))  # fmt: skip
    outcome = run(_ratings(["079095000001", "", "", 2019, "", ""]))
    assert outcome.ok, errors(outcome)
    rating = MemberRating.objects.get()
    assert rating.rank is None and "chưa đủ 6 tháng" in rating.not_rated_reason


def test_a_member_to_be_rated_without_a_rank_is_an_error(small_tree, an):
    outcome = run(_ratings(["079080001234", "", "", 2019, "", ""]))
    assert "Thiếu xếp loại" in errors(outcome)[0]


def test_a_rank_and_a_reason_together_is_an_error(small_tree, an):
    outcome = run(_ratings(["079080001234", "", "", 2019, "HTTNV", "Ốm dài ngày"]))
    (issue,) = outcome.result.issues.errors
    assert issue.column == "F"


def test_a_rating_that_breaks_a_rule_is_kept_and_flagged(small_tree, officer, an):
    member_act(actor=officer, member=an, kind="discipline", effective_on=date(2019, 4, 1),
               decision_number="1-QĐ/UBKT", decision_date=date(2019, 4, 1), form="reprimand")  # fmt: skip
    outcome = run(_ratings(["079080001234", "", "", 2019, "HTTNV", ""]))
    assert outcome.ok
    rating = MemberRating.objects.get()
    assert rating.rank == 2 and rating.disciplined_in_year
    assert [f["rule"] for f in rating.flags] == ["member_khtnv"]
    assert any("vượt quy tắc" in w for w in warnings(outcome))


def test_the_20_percent_cap_is_checked_on_the_final_list_and_flagged(small_tree, make_member):
    for i in range(1, 4):
        make_member(small_tree.cell_a, f"Nguyễn Văn Số {'ABC'[i - 1]}", cccd=f"07908000000{i}")
    rows = [
        ["079080000001", "", "", 2019, "HTXSNV", ""],
        ["079080000002", "", "", 2019, "HTTNV", ""],
        ["079080000003", "", "", 2019, "HTTNV", ""],
    ]
    outcome = run(_ratings(*rows))
    assert outcome.ok
    excellent = MemberRating.objects.get(rank=1)
    assert [f["rule"] for f in excellent.flags] == ["excellent_cap"]
    assert any("Đảng bộ phường An Bình, năm 2019" in w for w in warnings(outcome))


def test_a_file_lowering_good_members_below_the_cap_is_flagged(small_tree, officer, make_member):
    members = [
        make_member(small_tree.cell_a, f"Nguyễn Văn Số {'ABCDEF'[i]}", cccd=f"07908000001{i}")
        for i in range(6)
    ]
    for member, rank in reversed(list(zip(members, [1, 2, 2, 2, 2, 2], strict=True))):
        member_rating_record(
            actor=officer, member=member, year=2019, stage="decision", rank=rank, historical=True
        )
    assert MemberRating.objects.get(rank=1).flags == []  # 1 of 5: at the cap
    outcome = run(_ratings(["079080000011", "", "", 2019, "HTNV", ""]))  # 1 of 4
    assert outcome.ok, errors(outcome)
    lowered = MemberRating.objects.get(member=members[1])
    assert lowered.rank == 3 and [f["rule"] for f in lowered.flags] == ["excellent_cap"]
    assert any("Đảng bộ phường An Bình, năm 2019" in w and "(4; tối đa 0)" in w for w in warnings(outcome))
    outcome = run(_ratings(["079080000010", "", "", 2019, "HTTNV", ""]))  # the excellent one lowered
    assert outcome.ok and not any("vượt quá" in w for w in warnings(outcome))


def test_the_cap_counts_in_a_defined_group_at_its_raise_and_in_the_rest(small_tree, personas, make_member):
    """The ward's group of cell A's members raised to 25 % (1 HTXSNV for 4 HTTNV: within it) and its
    other members (1 for 3: over 20 %): each group counted on its own at its own cap, as the services
    count them (rules.groups); the warning and the flag only where the cap is broken."""
    from dangbo.evaluations.services import cap_raise_record, comparable_group_define

    staff = personas["ward_staff"]
    decision: dict[str, Any] = {"decision_number": "210-QĐ/ĐU", "decision_date": date(2025, 12, 5)}
    group = comparable_group_define(
        actor=staff, organization=small_tree.ward, year=2025, name="Khu phố 1", subjects="members",
        units=[small_tree.cell_a], **decision,
    )  # fmt: skip
    cap_raise_record(
        actor=staff, organization=small_tree.ward, year=2025, group="defined", percent="25",
        comparable_group=group, **decision,
    )  # fmt: skip
    ranks = [("a", "HTXSNV"), *[("a", "HTTNV")] * 4, ("b", "HTXSNV"), *[("b", "HTTNV")] * 3]
    rows = []
    for i, (cell, rank) in enumerate(ranks):
        make_member(
            small_tree.cell_a if cell == "a" else small_tree.cell_b,
            f"Nguyễn Văn {cell.upper()} {'ABCDEFGHIJ'[i]}",
            cccd=f"0790800001{i:02d}",
        )
        rows.append([f"0790800001{i:02d}", "", "", 2025, rank, ""])
    outcome = run(_ratings(*rows))
    assert outcome.ok, errors(outcome)
    flagged = [
        r.member.full_name
        for r in MemberRating.objects.filter(rank=1).select_related("member")
        if any(f["rule"] == "excellent_cap" for f in r.flags)
    ]
    assert flagged == ["Nguyễn Văn B F"]
    capped = [w for w in warnings(outcome) if "vượt quá" in w]
    assert len(capped) == 1 and "Đảng bộ phường An Bình, năm 2025" in capped[0], capped


def test_organization_ratings_with_exemplary_and_their_rules(small_tree, officer, an):
    member_rating_record(actor=officer, member=an, year=2019, stage="decision", rank=4, historical=True)
    rows = [
        ["W1A", "", 2019, "Hoàn thành xuất sắc nhiệm vụ", "x"],
        ["W1", "", 2019, "HTTNV", ""],
    ]
    outcome = run(xlsx({"Tổ chức": [ORG_RATING_HEADERS, *rows]}))
    assert outcome.ok, errors(outcome)
    cell = OrganizationRating.objects.get(organization=small_tree.cell_a)
    assert (cell.rank, cell.exemplary) == (1, True)
    assert {f["rule"] for f in cell.flags} == {"org_excellent_all_complete", "org_excellent_80_percent"}
    assert OrganizationRating.objects.get(organization=small_tree.ward).rank == 2


def test_exemplary_without_the_top_level_is_an_error(small_tree):
    outcome = run(xlsx({"Tổ chức": [ORG_RATING_HEADERS, ["W1A", "", 2019, "HTTNV", "x"]]}))
    (issue,) = outcome.result.issues.errors
    assert issue.column == "E" and "tiêu biểu" in issue.message


def test_the_old_schemes_exemplary_wording_means_top_and_exemplary(small_tree):
    outcome = run(
        xlsx({"Tổ chức": [ORG_RATING_HEADERS, ["S1", "", 2016, "Trong sạch, vững mạnh tiêu biểu", ""]]})
    )
    assert outcome.ok, errors(outcome)
    rating = OrganizationRating.objects.get()
    assert (rating.rank, rating.exemplary) == (1, True)


def test_awards_only_for_the_top_rated(small_tree, officer, an):
    member_rating_record(actor=officer, member=an, year=2019, stage="decision", rank=1, historical=True)
    headers = ["Số CCCD", "Mã tổ chức", "Năm", "Hình thức khen thưởng", "Nội dung khen thưởng", "Cấp khen thưởng",
               "Số quyết định", "Ngày quyết định"]  # fmt: skip
    rows = [
        [
            "079080001234",
            "",
            2019,
            "Giấy khen",
            "HTXSNV 5 năm liền",
            "Đảng ủy phường",
            "7-QĐ/ĐU",
            "20/01/2020",
        ],
        ["", "S1", 2019, "Bằng khen", "Trong sạch, vững mạnh tiêu biểu", "Quận ủy", "8-QĐ/QU", "20/01/2020"],
    ]
    data = xlsx({"Khen thưởng": [headers, *rows]})
    outcome = run(data)
    assert not outcome.ok
    (issue,) = outcome.result.issues.errors
    assert issue.row == 3 and "Chỉ khen thưởng" in issue.message
    assert run(xlsx({"Khen thưởng": [headers, rows[0]]}), system_actor("kiểm thử")).ok
    assert Award.objects.get().member == an
    assert run(xlsx({"Khen thưởng": [headers, rows[0]]})).written.total == 0


def test_the_years_tallies_follow_the_imported_ratings(small_tree, an, make_member):
    from dangbo.evaluations.models import RatingTally

    assert run(_ratings(["079080001234", "", "", 2019, "HTTNV", ""])).ok
    assert list(RatingTally.objects.values_list("organization__code", "rank", "count")) == [("W1A", 2, 1)]
    assert run(_ratings(["079080001234", "", "", 2019, "HTNV", ""])).ok
    assert list(RatingTally.objects.values_list("organization__code", "rank", "count")) == [("W1A", 3, 1)]


def test_a_rating_the_file_replaces_says_when_it_changed(small_tree, an):
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    assert run(_ratings(["079080001234", "", "", 2019, "HTTNV", ""])).ok
    assert run(xlsx({"Tổ chức": [ORG_RATING_HEADERS, ["W1A", "", 2019, "HTTNV", ""]]})).ok
    MemberRating.objects.update(updated_at=long_ago)
    OrganizationRating.objects.update(updated_at=long_ago)
    assert run(_ratings(["079080001234", "", "", 2019, "HTNV", ""])).written.member_ratings_updated == 1
    assert run(xlsx({"Tổ chức": [ORG_RATING_HEADERS, ["W1A", "", 2019, "HTNV", ""]]})).ok
    assert MemberRating.objects.get().updated_at > long_ago  # bulk_update does not set auto_now fields
    assert OrganizationRating.objects.get().updated_at > long_ago


SCORED_HEADERS = [*RATING_HEADERS, "Số quyết định", "Ngày quyết định", "Điểm tiêu chí chung", "Điểm kết quả"]


def _scored(*rows: list[object]) -> bytes:
    return xlsx({"Xếp loại": [SCORED_HEADERS, *rows]})


def test_a_2025_decision_carries_its_score_as_the_page_does(small_tree, an):
    row = ["079080001234", "", "Nguyễn Văn An", 2025, "HTTNV", "", "216-QĐ/ĐU", ""]
    outcome = run(_scored([*row, "27,5", 58]))
    assert outcome.ok, errors(outcome)
    rating = MemberRating.objects.get()
    assert (rating.decided_score_general, rating.decided_score_results) == (
        Decimal("27.5"),
        Decimal(58),
    )
    assert rating.flags == []  # 85,5 allows HTTNV: no "no score" flag
    # above the band: kept as decided, flagged with the rule's article
    outcome = run(_scored([*row[:4], "HTXSNV", *row[5:], 20, 40]))
    assert outcome.ok, errors(outcome)
    rating.refresh_from_db()
    assert rating.decided_score_results == Decimal(40) and rating.flags[0]["rule"] == "score_band"


@pytest.mark.parametrize(
    ("year", "general", "results", "column", "words"),
    [
        (2025, 31, 50, "I", "Điểm tiêu chí chung phải là một số từ 0 đến 30"),
        (2025, 20, "70,5", "J", "Điểm kết quả thực hiện nhiệm vụ phải là một số từ 0 đến 70"),
        (2025, "abc", 50, "I", "Điểm tiêu chí chung phải là một số"),
        (2025, 20, "", "J", "Phải ghi cả điểm tiêu chí chung và điểm kết quả"),
        (2019, 20, 50, "I", "Năm 2019 không chấm điểm theo thang 100 điểm"),
    ],
)
def test_a_bad_score_names_its_column_and_nothing_is_written(
    small_tree, an, year, general, results, column, words
):
    outcome = run(_scored(["079080001234", "", "", year, "HTNV", "", "1-QĐ/ĐU", "", general, results]))
    issues = outcome.result.issues.errors
    assert any(i.column == column and words in i.message for i in issues), [
        (i.column, i.message) for i in issues
    ]
    assert not MemberRating.objects.exists()
