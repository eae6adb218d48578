"""The members sheet: who is new, who is already recorded (CCCD, then party card number), and the
history each new member is given (the same lifecycle as the member services)."""

from __future__ import annotations

from datetime import date

import pytest

from dangbo.accounts.scope import system_actor
from dangbo.imports.tests.helpers import MEMBER_HEADERS, errors, member_row, run, warnings, xlsx
from dangbo.members.models import Member, MemberEvent, MemberPeriod
from dangbo.members.selectors import member_state
from dangbo.organizations.services import Decision, organization_establish

pytestmark = pytest.mark.django_db


def _members(*rows: list[object]) -> bytes:
    return xlsx({"Đảng viên": [MEMBER_HEADERS, *rows]})


def test_a_new_member_is_admitted_in_the_cell_then_made_official(small_tree):
    outcome = run(_members(member_row(admitted=date(2016, 5, 19), official=date(2017, 5, 19))))
    assert outcome.ok, errors(outcome)
    member = Member.objects.get()
    assert member.status == "official"
    assert member.organization == small_tree.cell_a
    events = list(
        member.events.order_by("effective_on").values_list("kind", "effective_on", "to_organization_id")
    )
    assert events == [
        ("admission", date(2016, 5, 19), small_tree.cell_a.pk),
        ("official", date(2017, 5, 19), None),
    ]
    periods = list(member.periods.order_by("valid_from").values_list("status", "valid_from"))
    assert periods == [("probationary", date(2016, 5, 19)), ("official", date(2017, 5, 19))]
    assert member_state(member).status == "official"  # the record replays through the state machine
    assert member.events.get(kind="admission").note == "Nhập từ tệp Excel “thu.xlsx”"


def test_a_member_admitted_before_the_cell_existed_is_received_into_it(small_tree):
    outcome = run(
        _members(member_row(birth=date(1960, 1, 1), admitted=date(1990, 3, 2), official=date(1991, 3, 2)))
    )
    assert outcome.ok, errors(outcome)
    member = Member.objects.get()
    (event,) = member.events.all()
    assert event.kind == "transfer_in" and event.effective_on == date(2015, 1, 1)
    assert event.details["status"] == "official"
    assert (member.admitted_on, member.official_on) == (date(1990, 3, 2), date(1991, 3, 2))
    assert MemberPeriod.objects.get(member=member).valid_from == date(2015, 1, 1)


def test_a_probationary_member_received_before_becoming_official(small_tree):
    outcome = run(_members(member_row(admitted=date(2014, 6, 1), official=date(2015, 6, 1))))
    assert outcome.ok, errors(outcome)
    member = Member.objects.get()
    kinds = list(member.events.order_by("effective_on").values_list("kind", flat=True))
    assert kinds == ["transfer_in", "official"]
    assert member.events.get(kind="transfer_in").details["status"] == "probationary"


def test_a_probationary_member_has_no_official_event(small_tree):
    outcome = run(_members(member_row(admitted=date(2025, 1, 10), official=None)))
    assert outcome.ok, errors(outcome)
    member = Member.objects.get()
    assert member.status == "probationary" and member.official_on is None


def test_a_recorded_member_is_found_by_cccd_and_only_the_differences_are_written(small_tree, make_member):
    recorded = make_member(small_tree.cell_a, "Nguyễn Văn An", cccd="079080001234", hometown="Huế")
    row = member_row(
        "Nguyễn Văn An", cccd="079080001234", birth=date(1980, 5, 17), admitted=date(2005, 3, 2),
        official=date(2006, 3, 2), hometown="Quảng Nam", profession="",
    )  # fmt: skip
    outcome = run(_members(row))
    assert outcome.ok, errors(outcome)
    recorded.refresh_from_db()
    assert recorded.hometown == "Quảng Nam"
    assert Member.objects.count() == 1
    assert outcome.written.members_updated == 1
    assert run(_members(row)).written.total == 0


def test_a_recorded_member_is_found_by_card_number_when_the_file_has_no_cccd(small_tree, make_member):
    recorded = make_member(small_tree.cell_a, "Nguyễn Văn An", party_card_number="55667788")
    row = member_row(
        "Nguyễn Văn An", cccd="", card="55667788", birth=date(1980, 5, 17), admitted=date(2005, 3, 2),
        official=date(2006, 3, 2),
    )  # fmt: skip
    outcome = run(_members(row))
    assert outcome.ok, errors(outcome)
    assert Member.objects.get() == recorded


def test_the_file_cannot_change_the_date_of_admission(small_tree, make_member):
    make_member(small_tree.cell_a, "Nguyễn Văn An", cccd="079080001234")
    outcome = run(
        _members(
            member_row(
                "Nguyễn Văn An",
                cccd="079080001234",
                birth=date(1980, 5, 17),
                admitted=date(2006, 1, 1),
                official=None,
            )
        )
    )
    assert not outcome.ok
    (issue,) = outcome.result.issues.errors
    assert issue.column == "I" and "Hồ sơ ghi ngày vào Đảng 02/03/2005" in issue.message


def test_a_different_cell_in_the_file_is_a_warning_not_a_transfer(small_tree, make_member):
    recorded = make_member(small_tree.cell_a, "Nguyễn Văn An", cccd="079080001234")
    row = member_row(
        "Nguyễn Văn An", cccd="079080001234", birth=date(1980, 5, 17), admitted=date(2005, 3, 2),
        official=date(2006, 3, 2), cell="W1B",
    )  # fmt: skip
    outcome = run(_members(row))
    assert outcome.ok
    assert any("không chuyển sinh hoạt bằng nhập tệp" in w for w in warnings(outcome))
    recorded.refresh_from_db()
    assert recorded.organization == small_tree.cell_a


def test_cccd_and_card_of_two_different_members_is_an_error(small_tree, make_member):
    make_member(small_tree.cell_a, "Nguyễn Văn An", cccd="079080001234")
    make_member(small_tree.cell_a, "Trần Văn Bảy", party_card_number="55667788")
    outcome = run(_members(member_row("Nguyễn Văn An", cccd="079080001234", card="55667788")))
    assert not outcome.ok
    assert "không cùng một đảng viên" in errors(outcome)[0]


def test_the_same_member_twice_in_the_file_is_an_error_on_the_second_row(small_tree):
    outcome = run(_members(member_row(cccd="079090000001"), member_row("Lê Văn Khác", cccd="079090000001")))
    assert not outcome.ok
    (issue,) = outcome.result.issues.errors
    assert issue.row == 3 and "trùng với dòng 2" in issue.message


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (member_row("An"), "A", "Họ và tên phải có ít nhất họ và tên."),
        (member_row("Nguyễn Văn 3"), "A", "Họ và tên không được chứa chữ số."),
        (member_row(sex="X"), "B", "Giới tính “X” không hợp lệ"),
        (member_row(birth=date(2000, 1, 1), admitted=date(2016, 5, 19)), "I", "chưa đủ 18 tuổi"),
        (member_row(admitted=date(2016, 5, 19), official=date(2016, 1, 1)), "J", "trước ngày vào Đảng"),
        (member_row(cccd="", card=""), "G", "Phải có số CCCD hoặc số thẻ đảng viên"),
        (member_row(cell="KHONGCO"), "K", "Không có tổ chức mã “KHONGCO”"),
        (member_row(cell="W1"), "K", "không phải là chi bộ"),
        (member_row(theory="Tiến sĩ"), "M", "Lý luận chính trị “Tiến sĩ” không hợp lệ"),
        (member_row(admitted=date(2030, 1, 1), official=None), "I", "ở tương lai"),
    ],
)
def test_each_bad_cell_is_named_with_a_vietnamese_reason(small_tree, row, column, reason):
    outcome = run(_members(row))
    assert not outcome.ok
    issue = outcome.result.issues.errors[0]
    assert (issue.sheet, issue.row, issue.column) == ("Đảng viên", 2, column)
    assert reason in issue.message
    assert Member.objects.count() == 0


def test_every_error_of_the_file_is_reported_at_once(small_tree):
    rows = [member_row(sex="?", cccd=f"0790900000{i:02d}") for i in range(1, 6)]
    outcome = run(_members(*rows))
    assert len(outcome.result.issues.errors) == 5
    assert [i.row for i in outcome.result.issues.errors] == [2, 3, 4, 5, 6]


def test_a_cell_that_was_dissolved_cannot_take_members(small_tree, officer):
    from dangbo.reorganizations.services import organization_dissolve

    old = organization_establish(
        actor=officer, code="W1C", name="Chi bộ cũ", kind="affiliated_cell", sector="residential",
        parent=small_tree.ward, effective_on=date(2015, 1, 1), decision=Decision("1", date(2015, 1, 1)),
    )  # fmt: skip
    organization_dissolve(
        actor=system_actor("kiểm thử"),
        organization=old,
        effective_on=date(2020, 1, 1),
        decision=Decision("2", date(2020, 1, 1)),
    )
    outcome = run(_members(member_row(cell="W1C")))
    assert not outcome.ok
    assert "đã giải thể" in errors(outcome)[0]


def test_imported_members_are_written_as_the_services_write_them(small_tree, make_member):
    from dangbo.members.services import derived_text

    outcome = run(_members(member_row("Đặng Thị Ánh Tuyết", sex="Nữ")))
    assert outcome.ok
    member = Member.objects.get()
    expected = Member(
        full_name=member.full_name, cccd=member.cccd, party_card_number=member.party_card_number
    )
    derived_text(expected)
    assert (member.sort_key, member.search_text, member.surname, member.middle_name, member.given_name) == (
        expected.sort_key,
        expected.search_text,
        expected.surname,
        expected.middle_name,
        expected.given_name,
    )
    assert (
        MemberEvent.objects.filter(member=member, kind="official").get().from_organization
        == small_tree.cell_a
    )


def test_a_member_without_cccd_or_card_is_found_by_the_dangbo_number_of_an_export(small_tree, make_member):
    recorded = make_member(small_tree.cell_a, "Trần Thị Bình", sex="female")
    headers = ["Mã Dangbo", "Họ và tên", "Giới tính", "Ngày sinh", "Ngày vào Đảng", "Mã tổ chức", "Quê quán"]
    row = [recorded.pk, "Trần Thị Bình", "Nữ", date(1980, 5, 17), date(2005, 3, 2), "W1A", "Bến Tre"]
    outcome = run(xlsx({"Đảng viên": [headers, row]}))
    assert outcome.ok, errors(outcome)
    recorded.refresh_from_db()
    assert recorded.hometown == "Bến Tre"
    wrong_name = run(xlsx({"Đảng viên": [headers, [recorded.pk, "Lê Văn Khác", *row[2:]]]}))
    assert f"Mã Dangbo {recorded.pk} là của Trần Thị Bình" in errors(wrong_name)[0]
    unknown = run(xlsx({"Đảng viên": [headers, [recorded.pk + 1000, *row[1:]]]}))
    assert (
        f"Mã Dangbo {recorded.pk + 1000}: không có đảng viên này trong phạm vi của bạn." in errors(unknown)[0]
    )
