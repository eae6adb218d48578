"""The badge services and the due list over a small tree: proposals, awards, stretches out of the
party, the deceased apart, scope and audit; refusals write nothing."""

from __future__ import annotations

from datetime import date

import pytest

from dangbo.accounts.scope import system_actor
from dangbo.audit.models import AuditEntry
from dangbo.badges import selectors, services
from dangbo.badges.models import BadgeAward, BadgeProposal, PartyAgeBreak
from dangbo.core.exceptions import ApplicationError, Conflict, PermissionDenied, RuleViolation
from dangbo.members.services import member_act

OCCASION = date(2019, 11, 7)
SYSTEM = system_actor("kiểm thử: Huy hiệu Đảng")


@pytest.fixture
def people(small_tree, make_member):
    old = make_member(small_tree.cell_a, "Trần Văn Ba", admitted=date(1989, 11, 7))  # 30 years on the day
    young = make_member(small_tree.cell_a, "Lê Văn Bốn", admitted=date(1989, 11, 8))  # a day short
    veteran = make_member(small_tree.cell_b, "Phạm Thị Năm", admitted=date(1964, 9, 1))  # 55 years
    other = make_member(small_tree.other_cell, "Võ Văn Sáu", admitted=date(1979, 2, 3))  # 40 years
    return small_tree, old, young, veteran, other


def _award(member, years, occasion=OCCASION, **kwargs):
    return services.badge_award_record(
        actor=SYSTEM,
        member=member,
        years=years,
        occasion=occasion,
        decision_number=kwargs.pop("decision_number", "1120-QĐ/TU"),
        decision_date=kwargs.pop("decision_date", date(2019, 10, 25)),
        **kwargs,
    )


def test_the_due_list_holds_each_member_once_at_the_highest_level_reached(people, officer):
    tree, old, young, veteran, other = people
    due = selectors.due_list(officer, tree.district, OCCASION)
    assert [(r.full_name, r.years) for r in due.members] == [
        ("Phạm Thị Năm", 55),
        ("Võ Văn Sáu", 40),
        ("Trần Văn Ba", 30),
    ]
    assert due.by_years[30] == 1 and due.by_years[55] == 1 and due.by_years[90] == 0
    ward = selectors.due_list(officer, tree.ward, OCCASION)
    assert {r.full_name for r in ward.members} == {"Phạm Thị Năm", "Trần Văn Ba"}


def test_a_level_awarded_on_an_earlier_occasion_is_not_due_again(people, officer):
    tree, old, young, veteran, other = people
    _award(veteran, 55, occasion=date(2019, 9, 2), decision_date=date(2019, 8, 20))
    _award(other, 40, occasion=OCCASION)  # this occasion's: still listed, with its decision
    due = selectors.due_list(officer, tree.district, OCCASION)
    rows = {r.full_name: r for r in due.members}
    assert "Phạm Thị Năm" not in rows
    assert rows["Võ Văn Sáu"].decision == "1120-QĐ/TU"


def test_a_proposal_sends_the_chosen_due_members_at_their_level_with_its_audit(people, officer):
    tree, old, young, veteran, other = people
    proposal = services.badge_proposal_send(
        actor=officer,
        organization=tree.ward,
        occasion=OCCASION,
        number="85-TTr/ĐU",
        sent_on=date(2019, 9, 20),
        member_ids=[old.pk, veteran.pk],
    )
    assert sorted(proposal.lines.values_list("years", flat=True)) == [30, 55]
    entry = AuditEntry.objects.get(action="badge_proposal_send")
    assert entry.after is not None and entry.after["by_years"] == {"30": 1, "55": 1}
    with pytest.raises(Conflict):  # already on a proposal waiting for its decision
        services.badge_proposal_send(
            actor=officer,
            organization=tree.ward,
            occasion=OCCASION,
            number="86-TTr/ĐU",
            sent_on=date(2019, 9, 21),
            member_ids=[old.pk],
        )


def test_a_member_not_due_or_outside_the_organization_is_refused_and_nothing_is_written(people, officer):
    tree, old, young, veteran, other = people
    for ids in ([young.pk], [other.pk], []):
        with pytest.raises(ApplicationError):
            services.badge_proposal_send(
                actor=officer,
                organization=tree.ward,
                occasion=OCCASION,
                number="85-TTr/ĐU",
                sent_on=date(2019, 9, 20),
                member_ids=ids,
            )
    assert not BadgeProposal.objects.exists()
    assert not AuditEntry.objects.filter(action="badge_proposal_send").exists()


def test_a_day_that_is_no_occasion_is_refused_naming_the_settings(people, officer):
    tree, *_ = people
    with pytest.raises(ApplicationError) as refused:
        selectors.due_list(officer, tree.district, date(2019, 11, 8))
    assert refused.value.field == "occasion" and "07/11" in refused.value.message


def test_an_award_goes_into_the_member_record_and_closes_the_proposal(people, officer):
    tree, old, young, veteran, other = people
    proposal = services.badge_proposal_send(
        actor=officer,
        organization=tree.ward,
        occasion=OCCASION,
        number="85-TTr/ĐU",
        sent_on=date(2019, 9, 20),
        member_ids=[old.pk],
    )
    award = _award(old, 30, badge_number="3019110001", proposal=proposal)
    old.refresh_from_db()
    proposal.refresh_from_db()
    assert old.badge_number == "3019110001" and award.proposal == proposal
    assert proposal.status == BadgeProposal.Status.DECIDED
    entry = AuditEntry.objects.get(action="badge_award_record")
    assert entry.before == {"badge_number": ""} and (entry.after or {})["badge_number"] == "3019110001"
    with pytest.raises(Conflict):
        _award(old, 30)


def test_an_award_before_the_party_age_is_reached_is_refused_citing_it(people):
    tree, old, young, *_ = people
    with pytest.raises(RuleViolation) as refused:
        _award(young, 30)
    assert "mới có 29 năm tuổi đảng" in refused.value.message
    with pytest.raises(RuleViolation):
        _award(old, 35)  # not a level
    assert not BadgeAward.objects.exists()


def test_time_out_of_the_party_delays_the_badge(people, officer):
    tree, old, *_ = people
    services.party_age_break_record(
        actor=officer,
        member=old,
        left_on=date(1995, 1, 1),
        returned_on=date(1995, 3, 1),
        decision_number="12-QĐ/QU",
    )
    due = selectors.due_list(officer, tree.ward, OCCASION)
    assert "Trần Văn Ba" not in {r.full_name for r in due.members}
    later = {r.full_name: r for r in selectors.due_list(officer, tree.ward, date(2020, 2, 3)).members}
    assert later["Trần Văn Ba"].days_out == 59 and later["Trần Văn Ba"].years == 30
    with pytest.raises(Conflict):
        services.party_age_break_record(
            actor=officer,
            member=old,
            left_on=date(1995, 2, 1),
            returned_on=date(1995, 4, 1),
            decision_number="13",
        )
    assert PartyAgeBreak.objects.count() == 1


def test_a_member_who_died_before_the_occasion_is_shown_apart_for_a_posthumous_decision(people, officer):
    tree, old, young, *_ = people
    member_act(
        actor=SYSTEM,
        member=young,
        kind="death",
        effective_on=date(2019, 3, 1),
        decision_number="",
        decision_date=None,
    )
    due = selectors.due_list(officer, tree.ward, OCCASION)
    assert [(r.full_name, r.years, r.died_on) for r in due.deceased] == [("Lê Văn Bốn", 30, date(2019, 3, 1))]
    assert "Lê Văn Bốn" not in {r.full_name for r in due.members}
    with pytest.raises(RuleViolation):  # a living member's award for a deceased one: a separate decision
        _award(young, 30)
    young.refresh_from_db()
    _award(young, 30, posthumous=True)


def test_a_cell_secretary_sees_and_records_only_in_their_cell(people, personas):
    tree, old, young, veteran, other = people
    secretary = personas["secretary_a"]
    assert {r.full_name for r in selectors.due_list(secretary, tree.cell_a, OCCASION).members} == {
        "Trần Văn Ba"
    }
    with pytest.raises(PermissionDenied):
        selectors.due_list(secretary, tree.ward, OCCASION)
    with pytest.raises(PermissionDenied):
        services.badge_award_record(
            actor=secretary,
            member=veteran,
            years=55,
            occasion=OCCASION,
            decision_number="1",
            decision_date=date(2019, 10, 1),
        )


def test_a_viewer_gets_the_figures_never_the_names(people, personas):
    tree, *_ = people
    viewer = personas["viewer"]
    due = selectors.due_list(viewer, tree.district, OCCASION, personal=False)
    assert "members" not in due.as_json(names=False) and due.as_json(names=False)["total"] == 3
    with pytest.raises(PermissionDenied):
        selectors.due_list(viewer, tree.district, OCCASION)
