"""No code path updates or deletes audit entries: the model and its queryset refuse, the admin offers
neither, deleting a user who acted is refused, and no module of the product writes to the table other
than through AuditEntry.objects.create (checked in the source)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.db import transaction
from django.db.models import ProtectedError
from django.test import RequestFactory

from dangbo.audit.models import AppendOnlyError, AuditEntry
from dangbo.members.services import member_update_profile

ROOT = Path(__file__).resolve().parents[2]  # the dangbo package


def _sources() -> list[Path]:
    return [
        p
        for p in ROOT.rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts and p.name != "models.py"
    ]


def test_no_module_updates_or_deletes_audit_entries():
    forbidden = [
        re.compile(r"AuditEntry[\w.()\[\]\"'=, ]*\.(update|delete|bulk_update|bulk_create|_raw_delete)\b"),
        re.compile(r"\b(UPDATE|DELETE\s+FROM|TRUNCATE)\s+\"?audit_auditentry", re.I),
        re.compile(r"\.save\(\)[^\n]*#.*audit", re.I),
    ]
    offenders = []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        if "AuditEntry" not in text and "audit_auditentry" not in text.lower():
            continue
        for pattern in forbidden:
            offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offenders == []


def test_the_only_write_is_the_create_in_audit_record():
    writers = [
        str(p.relative_to(ROOT))
        for p in _sources()
        if re.search(
            r"AuditEntry\.objects\.(create|get_or_create|update_or_create)", p.read_text(encoding="utf-8")
        )
    ]
    assert writers == ["audit/services.py"]


@pytest.mark.django_db
def test_model_queryset_and_bulk_paths_refuse(small_tree, make_member, personas):
    member = make_member(small_tree.cell_a)
    member_update_profile(
        actor=personas["officer"], member=member, changes={"hometown": "Huế"}, expected_version=None
    )
    entry = AuditEntry.objects.filter(action="member.profile").get()
    entry.after = {}
    for attempt in (
        entry.save,
        entry.delete,
        lambda: AuditEntry.objects.filter(pk=entry.pk).update(action="x"),
        lambda: AuditEntry.objects.filter(pk=entry.pk).delete(),
        lambda: AuditEntry.objects.bulk_update([entry], ["after"]),
    ):
        with pytest.raises(AppendOnlyError), transaction.atomic():
            attempt()
    assert AuditEntry.objects.get(pk=entry.pk).after == {"hometown": "Huế"}


@pytest.mark.django_db
def test_a_user_who_acted_cannot_be_deleted(small_tree, make_member, personas):
    member = make_member(small_tree.cell_a)
    member_update_profile(
        actor=personas["officer"], member=member, changes={"hometown": "Huế"}, expected_version=None
    )
    with pytest.raises(ProtectedError), transaction.atomic():
        personas["officer"].delete()


@pytest.mark.django_db
def test_the_admin_cannot_change_or_delete_entries(personas):
    model_admin = admin.site._registry[AuditEntry]
    request = RequestFactory().get("/")
    request.user = personas["admin"]
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert not model_admin.has_add_permission(request)
