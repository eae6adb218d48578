"""Every change writes an append-only entry in its own transaction; officers read their subtree's."""

from datetime import date

import pytest

from dangbo.audit.models import AppendOnlyError, AuditEntry
from dangbo.audit.selectors import audit_entries
from dangbo.core.exceptions import ApplicationError
from dangbo.evaluations.services import member_rating_record
from dangbo.members.services import member_transfer
from dangbo.organizations.services import Decision, organization_rename


def test_a_transfer_writes_who_what_before_and_after(small_tree, make_member, personas):
    member = make_member(small_tree.cell_a, "Nguyễn Văn An")
    member_transfer(
        actor=personas["ward_staff"],
        member=member,
        to_organization=small_tree.cell_b,
        transfer_type="internal",
        effective_on=date(2019, 5, 1),
        decision_number="7-QĐ",
        decision_date=date(2019, 5, 1),
    )
    entry = AuditEntry.objects.filter(action="member.transfer").get()
    assert entry.actor == personas["ward_staff"] and entry.actor_name == "phuong1"
    assert entry.target_label == "Nguyễn Văn An"
    assert entry.before == {"organization_id": small_tree.cell_a.pk}
    assert entry.after is not None
    assert entry.after["organization_id"] == small_tree.cell_b.pk
    assert entry.after["decision_number"] == "7-QĐ"


def test_a_refused_change_leaves_no_entry(small_tree, officer, make_member):
    member = make_member(small_tree.cell_a)
    before = AuditEntry.objects.count()
    with pytest.raises(ApplicationError):
        member_transfer(
            actor=officer,
            member=member,
            to_organization=small_tree.other_cell,
            transfer_type="internal",
            effective_on=date(2019, 5, 1),
            decision_number="7-QĐ",
            decision_date=date(2019, 5, 1),
        )
    assert AuditEntry.objects.count() == before


def test_entries_cannot_be_changed_or_deleted(small_tree, officer):
    organization_rename(
        actor=officer,
        organization=small_tree.cell_a,
        name="Chi bộ Khu phố 1A",
        effective_on=date(2020, 1, 1),
        decision=Decision(number="1-QĐ", date=date(2020, 1, 1)),
    )
    entry = AuditEntry.objects.filter(action="organization.rename").get()
    assert entry.after is not None and entry.after["new_name"] == "Chi bộ Khu phố 1A"
    entry.action = "khác"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(action="x")


def test_ratings_and_roles_are_audited(small_tree, make_member, personas):
    member = make_member(small_tree.cell_a)
    member_rating_record(
        actor=personas["officer"], member=member, year=2019, stage="decision", rank=2, decision_number="1-TB"
    )
    assert AuditEntry.objects.filter(action="rating.member.decision", after__rank=2).exists()
    assert AuditEntry.objects.filter(action="role.grant").count() == 6  # the personas' roles


def test_officers_see_the_entries_of_their_subtree_only(small_tree, make_member, personas):
    make_member(small_tree.cell_a, "Nguyễn Văn An")
    make_member(small_tree.other_cell, "Trần Văn Bình")
    assert audit_entries(personas["officer"], query="Trần").exists()
    assert not audit_entries(personas["ward_staff"], query="Trần").exists()
    assert audit_entries(personas["ward_staff"], query="Nguyễn").exists()


def test_the_client_address_is_recorded(client, small_tree, make_member, personas):
    member = make_member(small_tree.cell_a)
    client.force_login(personas["officer"])
    client.post(
        f"/dang-vien/{member.pk}/chuyen-sinh-hoat/",
        {
            "transfer_type": "internal",
            "to_organization": small_tree.cell_b.pk,
            "effective_on": "01/05/2019",
            "decision_number": "8-QĐ",
            "decision_date": "01/05/2019",
            "version": member.version,
        },
        REMOTE_ADDR="10.1.2.3",
    )
    entry = AuditEntry.objects.filter(action="member.transfer").first()
    assert entry is not None, "the transfer form did not go through"
    assert entry.ip == "10.1.2.3" and entry.actor == personas["officer"]
