"""The pipeline's pure rules at their boundaries (Điều lệ Đảng, Điều 4; Quy định 24-QĐ/TW on Điều 4;
the unconfirmed days are settings)."""

from datetime import date, timedelta

import pytest

from dangbo.admissions import rules

DAY = date(2026, 6, 1)
DOSSIER_DONE = dict.fromkeys(rules.DOSSIER, date(2026, 1, 1))


def test_the_stage_is_the_first_step_not_done_in_order():
    assert rules.stage({}) == rules.COURSE
    assert rules.stage({rules.COURSE: DAY}) == rules.APPLICATION
    # the residence comment arrived before the mass organization's: still waiting for the latter
    done = dict.fromkeys(
        (rules.COURSE, rules.APPLICATION, rules.BIOGRAPHY, rules.VERIFICATION, rules.RESIDENCE_COMMENT), DAY
    )
    assert rules.stage(done) == rules.MASS_COMMENT
    assert rules.stage(DOSSIER_DONE) == rules.RESOLUTION
    assert rules.stage({**DOSSIER_DONE, rules.RESOLUTION: DAY, rules.PROPOSAL: DAY}) == rules.DECISION
    assert (
        rules.stage({**DOSSIER_DONE, rules.RESOLUTION: DAY, rules.PROPOSAL: DAY, rules.DECISION: DAY})
        == rules.ADMITTED
    )


def test_the_application_needs_the_course_certificate_first():
    assert rules.step_violations(rules.COURSE, {}) == []
    problems = rules.step_violations(rules.APPLICATION, {})
    assert (
        problems
        and "lớp bồi dưỡng nhận thức về Đảng" in problems[0]
        and "Điều lệ Đảng, Điều 4" in problems[0]
    )
    assert rules.step_violations(rules.APPLICATION, {rules.COURSE: DAY}) == []


def test_a_step_is_recorded_once():
    assert "đã được ghi nhận" in rules.step_violations(rules.COURSE, {rules.COURSE: DAY})[0]


def test_the_resolution_needs_the_whole_dossier_and_names_what_is_missing():
    lacking_one = {k: v for k, v in DOSSIER_DONE.items() if k != rules.RESIDENCE_COMMENT}
    problems = rules.step_violations(rules.RESOLUTION, lacking_one)
    assert len(problems) == 1
    assert (
        "Hồ sơ chưa đủ" in problems[0]
        and "nơi cư trú" in problems[0]
        and "Điều lệ Đảng, Điều 4" in problems[0]
    )
    assert rules.step_violations(rules.RESOLUTION, DOSSIER_DONE) == []
    assert rules.missing(lacking_one) == [rules.RESIDENCE_COMMENT]
    assert rules.dossier_complete(DOSSIER_DONE)
    assert rules.missing({}) == list(rules.DOSSIER)


def test_the_proposal_and_the_decision_follow_in_order():
    assert rules.step_violations(rules.PROPOSAL, DOSSIER_DONE)
    assert rules.step_violations(rules.PROPOSAL, {**DOSSIER_DONE, rules.RESOLUTION: DAY}) == []
    assert rules.step_violations(rules.DECISION, {**DOSSIER_DONE, rules.RESOLUTION: DAY})
    assert (
        rules.step_violations(rules.DECISION, {**DOSSIER_DONE, rules.RESOLUTION: DAY, rules.PROPOSAL: DAY})
        == []
    )


def test_a_step_is_not_dated_before_the_step_it_rests_on():
    done = {rules.COURSE: date(2026, 3, 10)}
    assert rules.step_date_violations(rules.APPLICATION, date(2026, 3, 10), done) == []
    problems = rules.step_date_violations(rules.APPLICATION, date(2026, 3, 9), done)
    assert problems and "10/03/2026" in problems[0] and "09/03/2026" in problems[0]


def _sponsor(name="Nguyễn Văn A", *, official=True, official_on=date(2020, 1, 1), months=12):
    return rules.Sponsor(name=name, official=official, official_on=official_on, months_together=months)


def test_two_official_sponsors_of_12_months_pass():
    # Điều lệ Đảng, Điều 4: "cùng công tác với người xin vào Đảng ít nhất một năm": 12 months pass
    assert rules.sponsor_violations([_sponsor(), _sponsor("Trần Thị B")], DAY) == []


def test_a_sponsor_of_11_months_is_refused_citing_the_charter():
    problems = rules.sponsor_violations([_sponsor(months=11), _sponsor("Trần Thị B")], DAY)
    assert len(problems) == 1
    assert (
        "ít nhất 12 tháng" in problems[0]
        and "mới 11 tháng" in problems[0]
        and "Điều lệ Đảng, Điều 4" in problems[0]
    )


def test_a_probationary_sponsor_or_one_official_only_later_is_refused():
    problems = rules.sponsor_violations([_sponsor(official=False), _sponsor("Trần Thị B")], DAY)
    assert problems and "đảng viên chính thức" in problems[0]
    # official from the day after the sponsoring: not yet official that day
    later = rules.sponsor_violations(
        [_sponsor(official_on=DAY + timedelta(days=1)), _sponsor("Trần Thị B")], DAY
    )
    assert later and "chính thức vào ngày 01/06/2026" in later[0]
    assert rules.sponsor_violations([_sponsor(official_on=DAY), _sponsor("Trần Thị B")], DAY) == []


def test_one_sponsor_or_the_same_one_twice_is_refused():
    assert "2 đảng viên chính thức" in rules.sponsor_violations([_sponsor()], DAY)[0]
    assert any("khác nhau" in p for p in rules.sponsor_violations([_sponsor(), _sponsor()], DAY))


@pytest.mark.parametrize(
    ("in_favour", "official", "passes"),
    [
        (6, 9, True),  # exactly two thirds
        (5, 9, False),
        (5, 8, False),  # 5/8 = 62,5 %
        (6, 8, True),
        (2, 3, True),
        (1, 2, False),
        (2, 2, True),
        (0, 1, False),
    ],
)
def test_two_thirds_of_the_official_members(in_favour, official, passes):
    # Điều lệ Đảng, Điều 4: "ít nhất hai phần ba số đảng viên chính thức tán thành"
    assert rules.two_thirds_agree(in_favour, official) is passes
    assert (rules.resolution_violations(in_favour, official) == []) is passes


def test_a_vote_beyond_the_official_members_or_in_a_cell_without_any_is_refused():
    assert "không được lớn hơn" in rules.resolution_violations(10, 9)[0]
    assert "không có đảng viên chính thức" in rules.resolution_violations(0, 0)[0]
    assert "hai phần ba" in rules.resolution_violations(5, 9)[0]


def test_a_candidate_is_stuck_only_after_the_stage_s_days():
    settings = rules.AdmissionSettings()
    limit = settings.stuck_days[rules.APPLICATION]
    done = {rules.COURSE: DAY}
    kept = rules.alerts(
        listed_on=DAY, done_on=done, resolution_planned_on=None, today=DAY + timedelta(days=limit)
    )
    assert kept == []
    late = rules.alerts(
        listed_on=DAY, done_on=done, resolution_planned_on=None, today=DAY + timedelta(days=limit + 1)
    )
    assert [a.kind for a in late] == ["stuck"] and "chưa xác nhận" in late[0].message


def test_the_stuck_days_are_a_setting():
    settings = rules.build_settings({"stuck_days": {rules.APPLICATION: 10}})
    found = rules.alerts(
        listed_on=DAY,
        done_on={rules.COURSE: DAY},
        resolution_planned_on=None,
        today=DAY + timedelta(days=11),
        settings=settings,
    )
    assert [a.kind for a in found] == ["stuck"]
    with pytest.raises(ValueError):
        rules.build_settings({"stuck_days": {"nope": 10}})
    with pytest.raises(ValueError):
        rules.build_settings({"stuck_day": {}})
    with pytest.raises(ValueError):
        rules.build_settings({"incomplete_warning_days": -1})


def test_an_incomplete_dossier_is_flagged_before_the_planned_resolution():
    warn = rules.AdmissionSettings().incomplete_warning_days
    done = {rules.COURSE: DAY, rules.APPLICATION: DAY}
    planned = DAY + timedelta(days=warn)
    flagged = rules.alerts(listed_on=DAY, done_on=done, resolution_planned_on=planned, today=DAY)
    assert [a.kind for a in flagged] == ["incomplete"]
    assert "01/07/2026" in flagged[0].message and "Lý lịch" in flagged[0].message
    early = rules.alerts(
        listed_on=DAY, done_on=done, resolution_planned_on=planned + timedelta(days=1), today=DAY
    )
    assert early == []
    complete = rules.alerts(listed_on=DAY, done_on=DOSSIER_DONE, resolution_planned_on=planned, today=DAY)
    assert complete == []


def test_an_admitted_candidate_has_no_alert():
    done = {**DOSSIER_DONE, rules.RESOLUTION: DAY, rules.PROPOSAL: DAY, rules.DECISION: DAY}
    assert (
        rules.alerts(
            listed_on=DAY, done_on=done, resolution_planned_on=None, today=DAY + timedelta(days=9999)
        )
        == []
    )
