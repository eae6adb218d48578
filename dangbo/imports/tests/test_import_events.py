"""The events sheet (quá trình sinh hoạt): new members' whole histories, and decisions added to recorded
members' histories, checked by the same state machine as the services."""

from __future__ import annotations

from datetime import date

import pytest

from dangbo.imports.tests.helpers import MEMBER_HEADERS, errors, member_row, run, xlsx
from dangbo.members.models import Member, MemberPeriod

pytestmark = pytest.mark.django_db

EVENT_HEADERS = [
    "Số CCCD", "Họ và tên", "Sự kiện", "Ngày hiệu lực", "Số quyết định", "Mã tổ chức đến",
    "Loại chuyển sinh hoạt", "Hình thức kỷ luật", "Nơi chuyển đi, đến",
]  # fmt: skip


def test_a_new_member_with_a_history_gets_exactly_that_history(small_tree):
    members = [member_row(cccd="079090000001", admitted=date(2016, 5, 19), official=date(2017, 5, 19))]
    events = [
        ["079090000001", "", "Kết nạp", "19/05/2016", "12-QĐ/ĐU", "W1A", "", "", ""],
        ["079090000001", "", "Công nhận chính thức", "19/05/2017", "30-QĐ/ĐU", "", "", "", ""],
        ["079090000001", "", "Chuyển sinh hoạt", "01/07/2019", "41-QĐ/ĐU", "W1B", "Nội bộ", "", ""],
        ["079090000001", "", "Kỷ luật", "01/03/2021", "5-QĐ/UBKT", "", "", "Khiển trách", ""],
        [
            "079090000001",
            "",
            "Chuyển sinh hoạt",
            "01/01/2023",
            "9-QĐ/ĐU",
            "",
            "Chính thức",
            "",
            "Đảng bộ tỉnh Long An",
        ],
    ]
    outcome = run(xlsx({"Đảng viên": [MEMBER_HEADERS, *members], "Quá trình": [EVENT_HEADERS, *events]}))
    assert outcome.ok, errors(outcome)
    member = Member.objects.get()
    assert member.status == "transferred_out" and member.ended_on == date(2023, 1, 1)
    assert list(member.events.order_by("effective_on").values_list("decision_number", flat=True)) == [
        "12-QĐ/ĐU", "30-QĐ/ĐU", "41-QĐ/ĐU", "5-QĐ/UBKT", "9-QĐ/ĐU",
    ]  # fmt: skip
    periods = list(
        MemberPeriod.objects.filter(member=member)
        .order_by("valid_from")
        .values_list("organization__code", "status")
    )
    assert periods == [("W1A", "probationary"), ("W1A", "official"), ("W1B", "official")]


def test_decisions_are_added_to_a_recorded_member_and_not_twice(small_tree, make_member):
    make_member(small_tree.cell_a, "Nguyễn Văn An", cccd="079080001234")
    events = [["079080001234", "Nguyễn Văn An", "Miễn sinh hoạt", "01/06/2024", "3-QĐ/CB", "", "", "", ""]]
    data = xlsx({"Quá trình": [EVENT_HEADERS, *events]})
    outcome = run(data)
    assert outcome.ok, errors(outcome)
    member = Member.objects.get()
    assert member.exempted
    assert member.events.filter(kind="exemption").count() == 1
    again = run(data)
    assert again.ok and again.written.total == 0


def test_an_event_that_does_not_fit_the_lifecycle_is_an_error_on_its_row(small_tree, make_member):
    make_member(small_tree.cell_a, "Nguyễn Văn An", cccd="079080001234")
    events = [
        ["079080001234", "", "Từ trần", "01/06/2024", "", "", "", "", ""],
        ["079080001234", "", "Kỷ luật", "01/07/2024", "1-QĐ", "", "", "Khiển trách", ""],
    ]
    outcome = run(xlsx({"Quá trình": [EVENT_HEADERS, *events]}))
    assert not outcome.ok
    (issue,) = outcome.result.issues.errors
    assert issue.row == 3 and "Không thể kỷ luật: đảng viên đã từ trần" in issue.message
    assert Member.objects.get().status == "official"


def test_an_event_before_the_last_recorded_one_is_refused(small_tree, make_member):
    make_member(small_tree.cell_a, "Nguyễn Văn An", cccd="079080001234")
    events = [["079080001234", "", "Miễn sinh hoạt", "01/06/2010", "3-QĐ/CB", "", "", "", ""]]
    outcome = run(xlsx({"Quá trình": [EVENT_HEADERS, *events]}))
    assert not outcome.ok
    assert "theo thứ tự thời gian" in errors(outcome)[0]


def test_an_event_for_an_unknown_member_names_the_row(small_tree):
    events = [["079099999999", "", "Từ trần", "01/06/2024", "", "", "", "", ""]]
    outcome = run(xlsx({"Quá trình": [EVENT_HEADERS, *events]}))
    (issue,) = outcome.result.issues.errors
    assert (issue.row, issue.column) == (2, "A")
    assert issue.message == "Số CCCD: không có đảng viên này trong phạm vi của bạn."
    assert issue.value == "079099999999"


def test_a_discipline_without_its_form_is_an_error(small_tree, make_member):
    make_member(small_tree.cell_a, "Nguyễn Văn An", cccd="079080001234")
    events = [["079080001234", "", "Kỷ luật", "01/07/2024", "1-QĐ", "", "", "", ""]]
    outcome = run(xlsx({"Quá trình": [EVENT_HEADERS, *events]}))
    (issue,) = outcome.result.issues.errors
    assert issue.column == "H" and "Phải ghi hình thức kỷ luật" in issue.message


def test_a_decision_on_a_recorded_member_is_refused_to_a_level_that_does_not_decide_it(
    small_tree, make_member, personas
):
    """The import checks the deciding level as the services do: a cell secretary's file may record
    what the cell decides (a warning), not a removal or an expulsion (Điều lệ Đảng, Điều 8 and 36)."""
    an = make_member(small_tree.cell_a, "Nguyễn Văn An", cccd="079080001234")
    before = an.events.count()
    for event in (
        ["079080001234", "", "Xóa tên", "01/06/2024", "7-QĐ/ĐU", "", "", "", ""],
        ["079080001234", "", "Kỷ luật", "01/06/2024", "8-QĐ/ĐU", "", "", "Khai trừ", ""],
    ):
        outcome = run(xlsx({"Quá trình": [EVENT_HEADERS, event]}), personas["secretary_a"])
        assert not outcome.ok
        (issue,) = outcome.result.issues.errors
        assert issue.row == 2 and "thuộc thẩm quyền của đảng ủy cơ sở" in issue.message
        assert "(Đảng bộ phường An Bình)" in issue.message
    assert an.events.count() == before
    warning = ["079080001234", "", "Kỷ luật", "01/06/2024", "9-QĐ/CB", "", "", "Cảnh cáo", ""]
    outcome = run(xlsx({"Quá trình": [EVENT_HEADERS, warning]}), personas["secretary_a"])
    assert outcome.ok, errors(outcome)
    removal = ["079080001234", "", "Xóa tên", "01/07/2024", "7-QĐ/ĐU", "", "", "", ""]
    assert run(xlsx({"Quá trình": [EVENT_HEADERS, removal]}), personas["ward_staff"]).ok
    assert Member.objects.get(pk=an.pk).status == "removed"
