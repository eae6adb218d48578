"""Which level decides a rating (rules.authority): pure, without a database."""

from __future__ import annotations

from dangbo.evaluations import rules

DISTRICT = (1, "district")
WARD = (2, "grassroots_committee")
PARTIAL = (3, "partial_committee")
CELL = (4, "affiliated_cell")
SCHOOL = (5, "grassroots_cell")


def test_the_grassroots_committee_decides_for_the_members_of_its_cells():
    authority = rules.member_authority([DISTRICT, WARD, CELL])
    assert authority.organization_id == 2
    assert authority.who == "đảng ủy cơ sở"


def test_the_grassroots_committee_decides_also_below_a_partial_committee_by_default():
    assert rules.member_authority([DISTRICT, WARD, PARTIAL, CELL]).organization_id == 2


def test_the_unconfirmed_delegation_to_a_partial_committee_is_a_setting():
    settings = rules.RuleSettings(partial_committee_decides_members=True)
    authority = rules.member_authority([DISTRICT, WARD, PARTIAL, CELL], settings=settings)
    assert authority.organization_id == 3
    assert "đảng ủy bộ phận" in authority.who
    # without a partial committee on the chain the grassroots committee still decides
    assert rules.member_authority([DISTRICT, WARD, CELL], settings=settings).organization_id == 2


def test_a_grassroots_cell_decides_for_its_own_members():
    authority = rules.member_authority([DISTRICT, SCHOOL])
    assert authority.organization_id == 5
    assert authority.who == "chi bộ cơ sở"


def test_a_cell_outside_any_grassroots_organization_has_no_deciding_level():
    assert rules.member_authority([DISTRICT]).organization_id is None


def test_the_grassroots_committee_decides_for_its_affiliated_cells_and_partial_committees():
    assert rules.organization_authority([DISTRICT, WARD, CELL]).organization_id == 2
    assert rules.organization_authority([DISTRICT, WARD, PARTIAL]).organization_id == 2
    assert rules.organization_authority([DISTRICT, WARD, PARTIAL, CELL]).organization_id == 2


def test_the_superior_decides_for_a_grassroots_organization():
    authority = rules.organization_authority([DISTRICT, WARD])
    assert authority.organization_id == 1
    assert "cấp trên trực tiếp" in authority.who
    assert rules.organization_authority([DISTRICT, SCHOOL]).organization_id == 1


def test_the_root_has_no_superior_in_the_system():
    assert rules.organization_authority([DISTRICT]).organization_id is None
    assert rules.organization_authority([]).organization_id is None


def test_the_refusal_names_the_deciding_level_and_cites_the_regulation():
    authority = rules.member_authority([DISTRICT, WARD, CELL])
    message = rules.decision_refusal("đảng viên", authority, "Đảng bộ phường An Bình", year=2019)
    assert message == (
        "Quyết định xếp loại đảng viên thuộc thẩm quyền của đảng ủy cơ sở (Đảng bộ phường An Bình) "
        "(Quy định 132-QĐ/TW, Hướng dẫn 21-HD/BTCTW); vai trò của bạn chỉ cho phép tự đánh giá, đề xuất."
    )
