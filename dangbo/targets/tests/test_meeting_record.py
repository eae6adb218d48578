"""meeting_record: a cell's meeting with the attendance of every member expected at it."""

from __future__ import annotations

from datetime import date

import pytest

from dangbo.audit.models import AuditEntry
from dangbo.core.exceptions import ApplicationError, PermissionDenied
from dangbo.targets.models import Attendance, Meeting
from dangbo.targets.services import Presence, meeting_record

DAY = date(2019, 3, 5)


@pytest.fixture
def cell(small_tree, make_member):
    an = make_member(small_tree.cell_a, "Nguyễn Văn An")
    binh = make_member(small_tree.cell_a, "Lê Thị Bình")
    return small_tree.cell_a, an, binh


def record(actor, cell, attendance, day=DAY, kind="regular"):
    return meeting_record(
        actor=actor, cell=cell, held_on=day, kind=kind, topics="Nội dung", attendance=attendance
    )


def test_the_secretary_records_a_meeting_with_attendance(cell, personas):
    organization, an, binh = cell
    meeting = record(
        personas["secretary_a"],
        organization,
        {an.pk: Presence("present"), binh.pk: Presence("excused", "Ốm")},
    )
    statuses = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "status"))
    assert statuses == {an.pk: "present", binh.pk: "excused"}
    entry = AuditEntry.objects.get(action="meeting_record")
    assert (entry.after or {}).get("attendance") == {"present": 1, "excused": 1, "unexcused": 0}


def test_a_meeting_outside_the_cells_life_is_refused_and_nothing_written(small_tree, personas, make_member):
    an = make_member(small_tree.cell_a, "Nguyễn Văn An")
    with pytest.raises(
        ApplicationError, match="trước ngày thành lập Chi bộ Khu phố 1 \\(01/01/2015\\)"
    ) as error:
        record(
            personas["secretary_a"], small_tree.cell_a, {an.pk: Presence("present")}, day=date(2014, 12, 31)
        )
    assert error.value.field == "held_on"
    assert not Meeting.objects.exists() and not Attendance.objects.exists()


def test_a_meeting_after_the_cell_was_dissolved_is_refused(small_tree, personas, make_member):
    from dangbo.organizations.services import Decision
    from dangbo.reorganizations.services import organization_dissolve

    an = make_member(small_tree.cell_b, "Nguyễn Văn An")
    organization_dissolve(
        actor=personas["officer"],
        organization=small_tree.cell_b,
        effective_on=date(2019, 7, 1),
        decision=Decision(number="5-QĐ/ĐU", date=date(2019, 6, 20)),
        receiving={an.pk: small_tree.cell_a},
    )
    small_tree.cell_b.refresh_from_db()
    with pytest.raises(ApplicationError, match="đã giải thể, sáp nhập từ ngày 01/07/2019"):
        record(personas["officer"], small_tree.cell_b, {an.pk: Presence("present")}, day=date(2019, 7, 5))
    assert not Meeting.objects.exists()


def test_every_member_must_be_accounted_for(cell, personas):
    organization, an, _ = cell
    with pytest.raises(ApplicationError, match="Chưa ghi việc dự sinh hoạt của: Lê Thị Bình"):
        record(personas["secretary_a"], organization, {an.pk: Presence("present")})
    assert not Meeting.objects.exists()


def test_a_member_of_another_cell_is_refused(cell, personas, make_member, small_tree):
    organization, an, binh = cell
    other = make_member(small_tree.cell_b, "Phạm Văn Cường")
    attendance = {an.pk: Presence("present"), binh.pk: Presence("present"), other.pk: Presence("present")}
    with pytest.raises(ApplicationError, match="Không thuộc danh sách sinh hoạt .*Phạm Văn Cường"):
        record(personas["secretary_a"], organization, attendance)


def test_absent_with_reason_needs_the_reason(cell, personas):
    organization, an, binh = cell
    with pytest.raises(ApplicationError, match="Lê Thị Bình vắng có lý do: phải ghi lý do vắng"):
        record(
            personas["secretary_a"], organization, {an.pk: Presence("present"), binh.pk: Presence("excused")}
        )


def test_one_regular_meeting_a_month_more_are_thematic(cell, personas):
    organization, an, binh = cell
    everyone = {an.pk: Presence("present"), binh.pk: Presence("present")}
    record(personas["secretary_a"], organization, everyone)
    with pytest.raises(ApplicationError, match="đã có buổi sinh hoạt thường kỳ tháng 03/2019"):
        record(personas["secretary_a"], organization, everyone, day=date(2019, 3, 25))
    record(personas["secretary_a"], organization, everyone, day=date(2019, 3, 25), kind="thematic")
    assert Meeting.objects.count() == 2


def test_another_cells_secretary_and_the_viewer_cannot_record(cell, personas):
    organization, an, binh = cell
    everyone = {an.pk: Presence("present"), binh.pk: Presence("present")}
    for name in ("secretary_b", "outsider", "viewer"):
        with pytest.raises(PermissionDenied):
            record(personas[name], organization, everyone)
    assert not Meeting.objects.exists()


def test_exempted_members_are_not_expected_and_temporary_ones_are(cell, personas, make_member, small_tree):
    from dangbo.members.services import member_act, member_transfer
    from dangbo.targets.selectors import expected_attendees

    organization, an, binh = cell
    member_act(
        actor=personas["officer"],
        member=binh,
        kind="exemption",
        effective_on=date(2018, 1, 1),
        decision_number="3-QĐ/ĐU",
        decision_date=date(2018, 1, 1),
    )
    guest = make_member(small_tree.cell_b, "Võ Văn Hải")
    member_transfer(
        actor=personas["officer"],
        member=guest,
        transfer_type="temporary",
        to_organization=organization,
        effective_on=date(2019, 1, 1),
        decision_number="4-QĐ/ĐU",
        decision_date=date(2019, 1, 1),
    )
    assert {m.full_name for m in expected_attendees(organization, DAY)} == {"Nguyễn Văn An", "Võ Văn Hải"}
    assert {m.full_name for m in expected_attendees(small_tree.cell_b, DAY)} == set()
