"""Member lifecycle services: admission, conversion, transfers, endings, scope and bad input."""

from datetime import date

import pytest

from dangbo.accounts.scope import system_actor
from dangbo.core.exceptions import ApplicationError, PermissionDenied
from dangbo.members import selectors
from dangbo.members.models import Member, MemberEvent, MemberPeriod, Status
from dangbo.members.services import member_act, member_admit, member_transfer, member_update_profile

SYSTEM = system_actor("kiểm thử: test_member_services")


def profile(**overrides):
    data = {
        "full_name": "Nguyễn Thị Mai",
        "sex": "female",
        "birth_date": date(1995, 4, 12),
        "cccd": "079195001234",
        "hometown": "Phường Long Bình, Quận 9",
    }
    data.update(overrides)
    return data


def admit(cell, actor=SYSTEM, **kwargs):
    args = {
        "actor": actor,
        "profile": profile(),
        "cell": cell,
        "effective_on": date(2019, 3, 2),
        "decision_number": "45-QĐ/ĐU",
        "decision_date": date(2019, 3, 1),
    }
    args.update(kwargs)
    return member_admit(**args)


def rows():
    return Member.objects.count(), MemberEvent.objects.count(), MemberPeriod.objects.count()


def test_admission_creates_a_probationary_member_with_sponsors(small_tree, make_member):
    sponsor = make_member(small_tree.cell_a, "Trần Văn Hùng")
    member = admit(small_tree.cell_a, sponsors=[sponsor], source_group="worker")
    assert member.status == Status.PROBATIONARY
    assert member.organization_id == small_tree.cell_a.pk
    event = member.events.get()
    assert event.kind == MemberEvent.Kind.ADMISSION
    assert event.details == {"source_group": "worker", "sponsors": [sponsor.pk]}
    assert member.search_text.startswith("nguyen thi mai")


def test_text_is_stored_nfc(small_tree):
    member = admit(small_tree.cell_a, profile=profile(full_name="Nguye\u0302\u0303n Thi\u0323 Mai"))
    assert member.full_name == "Nguyễn Thị Mai"
    assert member.given_name == "Mai" and member.surname == "Nguyễn"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"cccd": "07919500123"}, "cccd", "12 chữ số"),
        ({"cccd": "07919500123A"}, "cccd", "12 chữ số"),
        ({"full_name": ""}, "full_name", "Phải nhập họ và tên"),
        ({"sex": "x"}, "sex", "Nam hoặc Nữ"),
        ({"birth_date": date(2002, 6, 1)}, "birth_date", "đủ 18 tuổi"),
        ({"birth_date": date(1955, 1, 1)}, "birth_date", "trên 60 tuổi"),
    ],
)
def test_bad_admission_input_names_the_field_and_writes_nothing(small_tree, overrides, field, message):
    before = rows()
    with pytest.raises(ApplicationError, match=message) as error:
        admit(small_tree.cell_a, profile=profile(**overrides))
    assert error.value.field == field
    assert rows() == before


def test_duplicate_cccd_is_refused(small_tree, make_member):
    make_member(small_tree.cell_a, "Lê Văn Tám", cccd="079195001234")
    with pytest.raises(ApplicationError, match="đã có trong hồ sơ") as error:
        admit(small_tree.cell_b)
    assert error.value.field == "cccd"


def test_a_sponsor_must_be_an_official_member(small_tree):
    probationary = admit(small_tree.cell_a, profile=profile(cccd="079195009999", full_name="Lê Văn Nam"))
    with pytest.raises(ApplicationError, match="chính thức") as error:
        admit(small_tree.cell_a, sponsors=[probationary])
    assert error.value.field == "sponsors"


def test_members_are_admitted_into_cells_only(small_tree):
    with pytest.raises(ApplicationError, match="không phải là chi bộ"):
        admit(small_tree.ward)


def test_conversion_is_refused_before_twelve_months(small_tree, officer):
    member = admit(small_tree.cell_a)
    with pytest.raises(ApplicationError, match="12 tháng") as error:
        member_act(
            actor=officer,
            member=member,
            kind="official",
            effective_on=date(2020, 3, 1),
            decision_number="12-QĐ",
            decision_date=date(2020, 3, 1),
        )
    assert error.value.field == "effective_on"
    member_act(
        actor=officer,
        member=member,
        kind="official",
        effective_on=date(2020, 3, 2),
        decision_number="12-QĐ",
        decision_date=date(2020, 3, 20),
    )
    member.refresh_from_db()
    assert member.status == Status.OFFICIAL and member.official_on == date(2020, 3, 2)


def test_conversions_due_lists_overdue_and_upcoming(small_tree, personas):
    early = admit(small_tree.cell_a, effective_on=date(2019, 1, 10))
    late = admit(
        small_tree.cell_a,
        profile=profile(full_name="Võ Văn Tư", cccd="079195005555"),
        effective_on=date(2019, 5, 20),
    )
    admit(
        small_tree.cell_a,
        profile=profile(full_name="Hồ Văn Năm", cccd="079195006666"),
        effective_on=date(2019, 9, 1),
    )
    due = selectors.conversions_due(personas["officer"], today=date(2020, 3, 1))
    assert [d.member.pk for d in due] == [early.pk]
    assert due[0].due_on == date(2020, 1, 10) and due[0].overdue
    due = selectors.conversions_due(personas["officer"], today=date(2020, 5, 1))
    assert [(d.member.pk, d.overdue) for d in due] == [(early.pk, True), (late.pk, False)]
    # the home page's figures: the same members counted without their records
    for day in (date(2019, 12, 1), date(2020, 3, 1), date(2020, 5, 1), date(2020, 9, 1)):
        due = selectors.conversions_due(personas["officer"], today=day)
        counts = selectors.conversions_due_counts(personas["officer"], today=day)
        assert counts == (len(due), sum(d.overdue for d in due)), day
    assert selectors.conversions_due_counts(personas["officer"], today=date(2020, 5, 1)) == (2, 1)


def test_internal_transfer_stays_within_the_grassroots_organization(small_tree, make_member, personas):
    member = make_member(small_tree.cell_a)
    with pytest.raises(ApplicationError, match="nội bộ") as error:
        member_transfer(
            actor=personas["officer"],
            member=member,
            to_organization=small_tree.other_cell,
            transfer_type="internal",
            effective_on=date(2019, 5, 1),
            decision_number="7-QĐ",
            decision_date=date(2019, 5, 1),
        )
    assert error.value.field == "transfer_type"
    member_transfer(
        actor=personas["officer"],
        member=member,
        to_organization=small_tree.cell_b,
        transfer_type="internal",
        effective_on=date(2019, 5, 1),
        decision_number="7-QĐ",
        decision_date=date(2019, 5, 1),
    )
    member.refresh_from_db()
    assert member.organization_id == small_tree.cell_b.pk
    assert list(member.events.values_list("kind", flat=True)) == ["transfer_in", "transfer"]


def test_transfer_out_of_the_tree_needs_a_destination(small_tree, officer, make_member):
    member = make_member(small_tree.cell_a)
    with pytest.raises(ApplicationError, match="nơi chuyển đến"):
        member_transfer(
            actor=officer,
            member=member,
            to_organization=None,
            transfer_type="official",
            effective_on=date(2019, 5, 1),
            decision_number="7-QĐ",
            decision_date=date(2019, 5, 1),
        )
    member_transfer(
        actor=officer,
        member=member,
        to_organization=None,
        transfer_type="official",
        destination="Đảng bộ Quận 2",
        effective_on=date(2019, 5, 1),
        decision_number="7-QĐ",
        decision_date=date(2019, 5, 1),
    )
    member.refresh_from_db()
    assert member.status == Status.TRANSFERRED_OUT
    assert member.events.count() == 2  # nothing deleted: the history stays


def test_a_secretary_cannot_transfer_a_member_of_another_cell(small_tree, make_member, personas):
    member = make_member(small_tree.cell_a)
    before = rows()
    with pytest.raises(PermissionDenied):
        member_transfer(
            actor=personas["secretary_b"],
            member=member,
            to_organization=small_tree.cell_b,
            transfer_type="internal",
            effective_on=date(2019, 5, 1),
            decision_number="7-QĐ",
            decision_date=date(2019, 5, 1),
        )
    assert rows() == before


def test_a_viewer_cannot_write(small_tree, make_member, personas):
    member = make_member(small_tree.cell_a)
    with pytest.raises(PermissionDenied, match="chỉ cho phép xem"):
        member_act(
            actor=personas["viewer"],
            member=member,
            kind="exemption",
            effective_on=date(2019, 5, 1),
            decision_number="7-QĐ",
            decision_date=date(2019, 5, 1),
        )


def test_the_second_of_two_concurrent_edits_is_refused(small_tree, officer, make_member):
    member = make_member(small_tree.cell_a)
    seen = member.version
    member_update_profile(
        actor=officer, member=member, changes={"residence": "Khu phố 3"}, expected_version=seen
    )
    with pytest.raises(ApplicationError, match="người khác cập nhật"):
        member_update_profile(
            actor=officer, member=member, changes={"residence": "Khu phố 4"}, expected_version=seen
        )
    member.refresh_from_db()
    assert member.residence == "Khu phố 3"


def test_discipline_form_is_required_and_expulsion_ends_the_record(small_tree, officer, make_member):
    member = make_member(small_tree.cell_a)
    with pytest.raises(ApplicationError) as error:
        member_act(
            actor=officer,
            member=member,
            kind="discipline",
            effective_on=date(2019, 5, 1),
            decision_number="1",
            decision_date=None,
        )
    assert error.value.field == "form"
    member_act(
        actor=officer,
        member=member,
        kind="discipline",
        form="expulsion",
        effective_on=date(2019, 5, 1),
        decision_number="1-QĐ/UBKT",
        decision_date=date(2019, 5, 1),
    )
    member.refresh_from_db()
    assert member.status == Status.EXPELLED and member.ended_on == date(2019, 5, 1)


def test_search_ignores_accents_and_case_and_stays_in_scope(small_tree, make_member, personas):
    make_member(small_tree.cell_a, "Nguyễn Văn An")
    make_member(small_tree.cell_b, "Đặng Thị Đào")
    make_member(small_tree.other_cell, "Nguyễn Văn Anh")
    officer, secretary = personas["officer"], personas["secretary_a"]
    assert [m.full_name for m in selectors.search_members(officer, query="nguyen van a")] == [
        "Nguyễn Văn An",
        "Nguyễn Văn Anh",
    ]
    assert [m.full_name for m in selectors.search_members(officer, query="DANG thi dao")] == ["Đặng Thị Đào"]
    assert [m.full_name for m in selectors.search_members(officer, query="d")] == ["Đặng Thị Đào"]
    assert [m.full_name for m in selectors.search_members(secretary, query="nguyen")] == ["Nguyễn Văn An"]


def test_member_lists_sort_the_vietnamese_way(small_tree, make_member, personas):
    for name in ["Trần Văn Đức", "Nguyễn Văn Dũng", "Lê Thị Ánh", "Phạm Văn An"]:
        make_member(small_tree.cell_a, name)
    names = [m.full_name for m in selectors.search_members(personas["officer"])]
    assert names == ["Phạm Văn An", "Lê Thị Ánh", "Nguyễn Văn Dũng", "Trần Văn Đức"]


def test_members_on_a_past_date_come_from_the_periods(small_tree, make_member, personas):
    member = make_member(small_tree.cell_a, on=date(2016, 1, 1))
    member_act(
        actor=personas["officer"],
        member=member,
        kind="death",
        effective_on=date(2018, 2, 3),
        decision_number="",
        decision_date=None,
    )
    officer = personas["officer"]
    assert list(selectors.members_on(officer, small_tree.ward, date(2017, 6, 1))) == [member]
    assert list(selectors.members_on(officer, small_tree.ward, date(2018, 2, 3))) == []
    assert list(selectors.members_on(officer, small_tree.ward, date(2015, 6, 1))) == []


def test_reading_a_member_out_of_scope_is_refused(small_tree, make_member, personas):
    member = make_member(small_tree.cell_a)
    assert selectors.member_detail(personas["secretary_a"], member.pk) == member
    with pytest.raises(PermissionDenied):
        selectors.member_detail(personas["secretary_b"], member.pk)
    with pytest.raises(PermissionDenied):
        selectors.member_detail(personas["outsider"], member.pk)


def test_probation_runs_from_the_ceremony(small_tree, personas):
    member = admit(small_tree.cell_a, effective_on=date(2019, 3, 2), ceremony_on=date(2019, 3, 12))
    with pytest.raises(ApplicationError, match="12/03/2020"):
        member_act(
            actor=personas["officer"],
            member=member,
            kind="official",
            effective_on=date(2020, 3, 2),
            decision_number="12-QĐ",
            decision_date=date(2020, 3, 20),
        )
    [due] = selectors.conversions_due(personas["officer"], today=date(2020, 3, 1))
    assert due.due_on == date(2020, 3, 12)
