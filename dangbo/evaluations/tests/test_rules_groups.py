"""Groups of comparable subjects defined by the competent level (QĐ 366, Điều 11, khoản 1.5): which
group a subject counts in, the counts of each group, the cap at its boundaries in a group, and the
refusals of a definition. Pure: no database."""

from __future__ import annotations

from decimal import Decimal

from dangbo.evaluations import rules
from dangbo.evaluations.rules import groups as g
from dangbo.evaluations.rules import rating as r
from dangbo.evaluations.rules.schemes import HTNV, HTTNV, HTXSNV

# district 1 > ward 2 > cells 3, 4, 5 (5 under the partial committee 6); ward 7 > cell 8
WARD = [(1, "committee"), (2, "grassroots_committee")]
CELL_3 = [*WARD, (3, "affiliated_cell")]
CELL_4 = [*WARD, (4, "affiliated_cell")]
CELL_5 = [*WARD, (6, "partial_committee"), (5, "affiliated_cell")]
RESIDENTIAL = g.DefinedGroup(10, "Chi bộ khu phố", 2, g.COLLECTIVES, frozenset({3, 5}))
AGENCY_MEMBERS = g.DefinedGroup(11, "Đảng viên chi bộ cơ quan", 2, g.MEMBERS, frozenset({4}))
WARDS = g.DefinedGroup(12, "Đảng bộ phường", 1, g.COLLECTIVES, frozenset({2}))


def test_a_member_counts_in_the_defined_group_of_their_cell_else_in_the_grassroots_default():
    defined = [RESIDENTIAL, AGENCY_MEMBERS]
    assert g.member_group(CELL_4, defined) == rules.CapGroup(2, "defined", 11)
    group = g.member_group(CELL_4, defined)
    assert group is not None and group.name == "Đảng viên chi bộ cơ quan"
    # a group of collectives listing cell 3 does not move its members
    assert g.member_group(CELL_3, defined) == rules.CapGroup(2, "members")
    assert g.member_group(CELL_5, defined) == rules.CapGroup(2, "members")
    assert g.member_group(CELL_4) == rules.CapGroup(2, "members")
    assert g.member_group([(1, "committee")], defined) is None


def test_a_collective_counts_in_the_defined_group_that_lists_it_else_in_its_default():
    defined = [RESIDENTIAL, AGENCY_MEMBERS, WARDS]
    assert g.collective_group(CELL_3, defined) == rules.CapGroup(2, "defined", 10)
    assert g.collective_group(CELL_5, defined) == rules.CapGroup(2, "defined", 10)
    assert g.collective_group(CELL_4, defined) == rules.CapGroup(2, "sub_units")
    assert g.collective_group(WARD, defined) == rules.CapGroup(1, "defined", 12)
    # a group headed elsewhere does not take a unit it happens to list
    stray = g.DefinedGroup(13, "Lạc", 7, g.COLLECTIVES, frozenset({4}))
    assert g.collective_group(CELL_4, [stray]) == rules.CapGroup(2, "sub_units")


def test_the_default_group_counts_only_what_no_defined_group_took():
    rows = [
        (rules.CapGroup(2, "sub_units"), 3, HTXSNV),
        (rules.CapGroup(2, "sub_units"), 5, HTTNV),
        (rules.CapGroup(2, "sub_units"), 4, HTTNV),
        (rules.CapGroup(2, "sub_units"), 9, HTNV),  # neither count
        (rules.CapGroup(2, "members"), 3, HTXSNV),
        (rules.CapGroup(2, "members"), 4, HTXSNV),
        (rules.CapGroup(2, "members"), 4, HTTNV),
    ]
    counts = g.counts_by_group(rows, [RESIDENTIAL, AGENCY_MEMBERS])
    assert counts == {
        rules.CapGroup(2, "defined", 10): rules.CapCounts(1, 1),
        rules.CapGroup(2, "sub_units"): rules.CapCounts(0, 1),
        rules.CapGroup(2, "members"): rules.CapCounts(1, 0),
        rules.CapGroup(2, "defined", 11): rules.CapCounts(1, 1),
    }


def test_the_cap_of_a_group_at_its_boundaries_20_and_a_recorded_25_percent():
    # 20 % of 10 at HTTNV: 2 allowed, 3 over; a raise to 25 %: floor(2,5) = 2 still, 3 over
    assert r.cap_overrun(rules.CapCounts(2, 10), year=2025) == []
    assert r.cap_overrun(rules.CapCounts(3, 10), year=2025)
    assert r.cap_overrun(rules.CapCounts(3, 10), year=2025, percent=Decimal(25))
    # 20 % of 12: 2; 25 % of 12: 3
    assert r.cap_overrun(rules.CapCounts(3, 12), year=2025)
    assert r.cap_overrun(rules.CapCounts(3, 12), year=2025, percent=Decimal(25)) == []
    assert r.cap_overrun(rules.CapCounts(4, 12), year=2025, percent=Decimal(25))
    # a group's change named after the group
    change = r.cap_change(rules.CapCounts(0, 4), None, HTXSNV, "Nhóm “Chi bộ khu phố”", who="tổ chức")
    [violation] = r.cap_violations(change, year=2025)
    assert violation.message.startswith("Nhóm “Chi bộ khu phố”: Số tổ chức hoàn thành xuất sắc nhiệm vụ (1)")
    assert "Quy định 366-QĐ/TW, Điều 11, khoản 1.5" in violation.message
    assert r.cap_violations(r.cap_change(rules.CapCounts(0, 5), None, HTXSNV), year=2025) == []


def test_groups_are_defined_only_from_2025():
    assert g.definition_refusal(2025) is None and g.definition_refusal(2030) is None
    message = g.definition_refusal(2024)
    assert message and "không có quy định" in message and "Quy định 124-QĐ/TW" in message
    assert g.definition_refusal(2019)


def test_a_member_group_lists_cells_of_the_heads_members_only():
    def refusal(head: int, chain: list[tuple[int, str]]) -> str:
        return g.unit_refusal(g.MEMBERS, head, chain, unit_name="Chi bộ", head_name="Phường", year=2025) or ""

    assert refusal(2, CELL_4) == ""
    assert refusal(2, CELL_5) == ""  # under a partial committee: still the ward's
    assert "Chi bộ không phải chi bộ trực thuộc Phường" in refusal(7, CELL_4)
    assert refusal(2, WARD)  # the ward itself is no cell
    assert refusal(2, [*WARD, (6, "partial_committee")])


def test_a_collective_group_lists_what_the_head_rates():
    def refusal(head: int, chain: list[tuple[int, str]]) -> str:
        return (
            g.unit_refusal(g.COLLECTIVES, head, chain, unit_name="Tổ chức", head_name="Cấp ủy", year=2025)
            or ""
        )

    assert refusal(2, CELL_3) == "" and refusal(2, CELL_5) == "" and refusal(1, WARD) == ""
    assert "Tổ chức không thuộc các tổ chức do Cấp ủy xếp loại" in refusal(1, CELL_3)
    assert refusal(2, [(1, "committee")])


def test_overlapping_groups_are_refused_with_the_units_named():
    names = {3: "Chi bộ Khu phố 1", 5: "Chi bộ Khu phố 3"}
    message = g.overlap_refusal(g.COLLECTIVES, {5, 4}, [RESIDENTIAL], names, year=2025)
    assert message and message.startswith("Chi bộ Khu phố 3 đã thuộc nhóm “Chi bộ khu phố”")
    # the same cells in a group of the other subjects, or the group being corrected: no overlap
    assert g.overlap_refusal(g.MEMBERS, {3, 5}, [RESIDENTIAL], names, year=2025) is None
    assert g.overlap_refusal(g.COLLECTIVES, {3, 5}, [RESIDENTIAL], names, year=2025, but=10) is None


def test_a_page_names_the_group():
    assert g.group_label(rules.CapGroup(2, "defined", 10, "Chi bộ khu phố"), "Phường 1") == (
        "nhóm “Chi bộ khu phố” của Phường 1"
    )
    assert g.group_label(rules.CapGroup(2, "members"), "Phường 1") == ("nhóm đảng viên của Phường 1")
    assert (
        g.group_label(rules.CapGroup(1, "grassroots"), "Quận 9")
        == "nhóm tổ chức cơ sở đảng trực thuộc Quận 9"
    )
    assert g.group_label(rules.CapGroup(2, "sub_units")) == "nhóm chi bộ, đảng bộ bộ phận trực thuộc"
