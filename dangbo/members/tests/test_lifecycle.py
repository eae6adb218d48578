"""The lifecycle state machine, without a database."""

from datetime import date

import pytest

from dangbo.members import lifecycle as lc


def ev(kind, day, to=None, **details):
    return lc.EventFact(kind, day, to, details)


def test_admission_makes_a_probationary_member_of_the_cell():
    state, periods = lc.replay([ev(lc.ADMISSION, date(2018, 5, 1), 7)])
    assert state.status == lc.PROBATIONARY
    assert state.organization_id == 7
    assert state.admitted_on == date(2018, 5, 1)
    assert periods == [lc.Period(7, None, lc.PROBATIONARY, False, date(2018, 5, 1), None)]


def test_status_changes_only_by_events_not_by_the_calendar():
    state, _ = lc.replay([ev(lc.ADMISSION, date(2010, 5, 1), 7)])
    assert state.status == lc.PROBATIONARY  # still probationary: no conversion was recorded


def test_conversion_splits_the_period():
    state, periods = lc.replay([ev(lc.ADMISSION, date(2018, 5, 1), 7), ev(lc.OFFICIAL, date(2019, 5, 1))])
    assert state.status == lc.OFFICIAL_STATUS
    assert [(p.status, p.valid_from, p.valid_to) for p in periods] == [
        (lc.PROBATIONARY, date(2018, 5, 1), date(2019, 5, 1)),
        (lc.OFFICIAL_STATUS, date(2019, 5, 1), None),
    ]


def test_only_a_probationary_member_can_be_made_official():
    with pytest.raises(lc.LifecycleError, match="dự bị"):
        lc.replay(
            [ev(lc.TRANSFER_IN, date(2018, 1, 1), 7, status="official"), ev(lc.OFFICIAL, date(2019, 1, 1))]
        )


def test_events_must_come_in_date_order():
    with pytest.raises(lc.LifecycleError, match="thứ tự thời gian"):
        lc.replay([ev(lc.ADMISSION, date(2018, 5, 1), 7), ev(lc.EXEMPTION, date(2017, 1, 1))])


def test_transfer_out_of_the_tree_closes_the_periods():
    state, periods = lc.replay(
        [
            ev(lc.TRANSFER_IN, date(2015, 1, 1), 7, status="official"),
            ev(lc.TRANSFER, date(2017, 3, 1), None, transfer_type="official", destination="Quận 2"),
        ]
    )
    assert state.status == lc.TRANSFERRED_OUT
    assert state.ended_on == date(2017, 3, 1)
    assert periods[-1].valid_to == date(2017, 3, 1)


def test_temporary_transfer_keeps_the_home_cell():
    state, periods = lc.replay(
        [
            ev(lc.TRANSFER_IN, date(2015, 1, 1), 7, status="official"),
            ev(lc.TRANSFER, date(2016, 1, 1), 9, transfer_type="temporary"),
            ev(lc.RETURN, date(2016, 9, 1)),
        ]
    )
    assert state.organization_id == 7 and not state.temporary
    assert [(p.organization_id, p.temporary_organization_id) for p in periods] == [
        (7, None),
        (7, 9),
        (7, None),
    ]


def test_a_probationary_member_cannot_be_expelled():
    with pytest.raises(lc.LifecycleError, match="khiển trách hoặc cảnh cáo"):
        lc.replay(
            [ev(lc.ADMISSION, date(2019, 1, 1), 7), ev(lc.DISCIPLINE, date(2019, 6, 1), form="expulsion")]
        )


def test_expulsion_ends_an_official_member_record():
    state, periods = lc.replay(
        [
            ev(lc.TRANSFER_IN, date(2015, 1, 1), 7, status="official"),
            ev(lc.DISCIPLINE, date(2019, 6, 1), form="expulsion"),
        ]
    )
    assert state.status == lc.EXPELLED
    assert periods[-1].valid_to == date(2019, 6, 1)


def test_a_reprimand_keeps_the_member_on_the_books():
    state, periods = lc.replay(
        [
            ev(lc.TRANSFER_IN, date(2015, 1, 1), 7, status="official"),
            ev(lc.DISCIPLINE, date(2019, 6, 1), form="reprimand"),
        ]
    )
    assert state.status == lc.OFFICIAL_STATUS
    assert len(periods) == 1


def test_nothing_can_happen_after_death():
    with pytest.raises(lc.LifecycleError, match="đã từ trần"):
        lc.replay(
            [
                ev(lc.TRANSFER_IN, date(2015, 1, 1), 7, status="official"),
                ev(lc.DEATH, date(2018, 1, 1)),
                ev(lc.TRANSFER, date(2018, 2, 1), 8, transfer_type="internal"),
            ]
        )


def test_exemption_is_a_flag_on_the_period():
    state, periods = lc.replay(
        [ev(lc.TRANSFER_IN, date(2015, 1, 1), 7, status="official"), ev(lc.EXEMPTION, date(2017, 1, 1))]
    )
    assert state.exempted
    assert [p.exempted for p in periods] == [False, True]
    with pytest.raises(lc.LifecycleError, match="đã được miễn"):
        lc.apply(state, ev(lc.EXEMPTION, date(2018, 1, 1)))


def test_two_events_on_one_day_leave_no_empty_period():
    _, periods = lc.replay(
        [
            ev(lc.TRANSFER_IN, date(2015, 1, 1), 7, status="official"),
            ev(lc.TRANSFER, date(2015, 1, 1), 8, transfer_type="internal"),
        ]
    )
    assert periods == [lc.Period(8, None, lc.OFFICIAL_STATUS, False, date(2015, 1, 1), None)]


def test_a_member_transferred_out_can_come_back():
    state, periods = lc.replay(
        [
            ev(lc.TRANSFER_IN, date(2015, 1, 1), 7, status="official"),
            ev(lc.TRANSFER, date(2016, 1, 1), None, transfer_type="official", destination="Tỉnh Bình Dương"),
            ev(lc.TRANSFER_IN, date(2018, 1, 1), 9, status="official"),
        ]
    )
    assert state.status == lc.OFFICIAL_STATUS and state.ended_on is None
    assert [(p.organization_id, p.valid_from, p.valid_to) for p in periods] == [
        (7, date(2015, 1, 1), date(2016, 1, 1)),
        (9, date(2018, 1, 1), None),
    ]


def test_event_sources_name_the_cell_each_event_leaves():
    events = [
        ev(lc.ADMISSION, date(2015, 1, 1), 7),
        ev(lc.TRANSFER, date(2016, 1, 1), 9, transfer_type="temporary"),
        ev(lc.RETURN, date(2016, 6, 1)),
        ev(lc.TRANSFER, date(2017, 1, 1), 8, transfer_type="internal"),
    ]
    assert lc.event_sources(events) == [None, 7, 9, 7]
