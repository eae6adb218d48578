"""Đính chính: a mistaken lifecycle event is withdrawn or corrected with a record (who, why, on whose
written approval); the original is kept and marked; the state, the periods, the counts on any day and
the year's figures follow."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from dangbo.audit.models import AuditEntry
from dangbo.core.exceptions import ApplicationError, PermissionDenied
from dangbo.members.models import Member, MemberEvent, MemberEventCorrection, MemberPeriod
from dangbo.members.services import member_act, member_event_correct, member_event_withdraw

pytestmark = pytest.mark.django_db
APPROVAL: dict[str, Any] = {
    "reason": "Ghi nhầm đảng viên",
    "approval_number": "15-CV/ĐU",
    "approval_date": date(2025, 7, 1),
}


def _members_on(code: str, day: str) -> int:
    out = StringIO()
    call_command("tree_stats", "--org", code, "--as-of", day, "--format", "json", stdout=out)
    return json.loads(out.getvalue())["members"]["total"]


def _remove(actor, member, day=date(2025, 6, 1), number="7-QĐ/ĐU"):
    return member_act(
        actor=actor,
        member=member,
        kind="removal",
        effective_on=day,
        decision_number=number,
        decision_date=day,
    )


def test_a_removal_recorded_on_the_wrong_member_is_withdrawn(small_tree, make_member, personas):
    an = make_member(small_tree.cell_a, "Nguyễn Văn An")
    make_member(small_tree.cell_a, "Nguyễn Văn Ân")
    removal = _remove(personas["ward_staff"], an)
    assert _members_on("W1A", "2025-06-30") == 1

    correction = member_event_withdraw(actor=personas["ward_staff"], event=removal, **APPROVAL)

    an.refresh_from_db()
    assert an.status == "official" and an.ended_on is None
    assert _members_on("W1A", "2025-06-30") == 2  # the counts on any day follow
    assert MemberPeriod.objects.filter(member=an).count() == 1
    # the original is kept and marked, out of the history in force
    assert MemberEvent.recorded.filter(pk=removal.pk).exists()
    assert not MemberEvent.objects.filter(pk=removal.pk).exists()
    assert correction.event_id == removal.pk and correction.recorded_by == personas["ward_staff"]
    entry = AuditEntry.objects.filter(action="member.event_withdraw").get()
    assert entry.after is not None
    assert entry.after["reason"] == "Ghi nhầm đảng viên" and entry.after["approval_number"] == "15-CV/ĐU"


def test_a_typo_in_a_decision_number_is_corrected_and_the_original_kept(small_tree, make_member, personas):
    an = make_member(small_tree.cell_a, "Nguyễn Văn An")
    wrong = _remove(personas["ward_staff"], an, number="7-QĐ/ĐU")
    correction = member_event_correct(
        actor=personas["ward_staff"],
        event=wrong,
        effective_on=date(2025, 5, 1),
        decision_number="17-QĐ/ĐU",
        decision_date=date(2025, 5, 1),
        **APPROVAL,
    )
    assert correction.replacement is not None
    assert [e.decision_number for e in MemberEvent.objects.filter(member=an, kind="removal")] == ["17-QĐ/ĐU"]
    assert MemberEvent.recorded.filter(member=an, kind="removal").count() == 2
    an.refresh_from_db()
    assert an.ended_on == date(2025, 5, 1)
    assert _members_on("W1A", "2025-05-15") == 0
    with pytest.raises(ApplicationError, match="đã được đính chính"):
        member_event_withdraw(actor=personas["ward_staff"], event=wrong, **APPROVAL)


def test_a_wrong_death_withdrawn_brings_the_member_back_into_the_years_figures(
    small_tree, make_member, personas, decide_2019
):
    an = make_member(small_tree.cell_a, "Nguyễn Văn An")
    death = member_act(
        actor=personas["secretary_a"],
        member=an,
        kind="death",
        effective_on=date(2019, 6, 1),
        decision_number="",
        decision_date=None,
    )

    def total() -> int:
        out = StringIO()
        call_command("evaluation_report", "--org", "W1", "--year", "2019", "--format", "json", stdout=out)
        return json.loads(out.getvalue())["sections"]["members"]["total"]

    assert total() == 0
    member_event_withdraw(actor=personas["secretary_a"], event=death, **APPROVAL)
    assert total() == 1


def test_a_correction_needs_a_reason_and_the_committees_written_approval(small_tree, make_member, personas):
    an = make_member(small_tree.cell_a, "Nguyễn Văn An")
    removal = _remove(personas["ward_staff"], an)
    for missing, field in (("reason", "reason"), ("approval_number", "approval_number")):
        with pytest.raises(ApplicationError) as refused:
            member_event_withdraw(actor=personas["ward_staff"], event=removal, **{**APPROVAL, missing: " "})
        assert refused.value.field == field
    assert not MemberEventCorrection.objects.exists()


def test_only_the_deciding_level_corrects_and_the_history_must_stay_valid(small_tree, make_member, personas):
    an = make_member(small_tree.cell_a, "Nguyễn Văn An")
    removal = _remove(personas["ward_staff"], an)
    with pytest.raises(PermissionDenied, match="thẩm quyền"):
        member_event_withdraw(actor=personas["secretary_a"], event=removal, **APPROVAL)
    with pytest.raises(PermissionDenied):
        member_event_withdraw(actor=personas["outsider"], event=removal, **APPROVAL)
    first = MemberEvent.objects.filter(member=an, kind="transfer_in").get()
    with pytest.raises(ApplicationError, match="khởi đầu của hồ sơ"):
        member_event_withdraw(actor=personas["ward_staff"], event=first, **APPROVAL)
    # a correction that leaves the history impossible is refused, nothing written
    with pytest.raises(ApplicationError, match="không còn hợp lệ"):
        member_event_correct(
            actor=personas["ward_staff"],
            event=removal,
            effective_on=date(2010, 1, 1),  # before the member arrived in the cell
            decision_number="7-QĐ/ĐU",
            decision_date=date(2010, 1, 1),
            **APPROVAL,
        )
    assert not MemberEventCorrection.objects.exists()
    assert Member.objects.get(pk=an.pk).status == "removed"
