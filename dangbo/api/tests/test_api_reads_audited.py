"""Reads of personal data through the API are recorded in the audit trail as the web's exports are:
one entry per request, saying who read what (the endpoint, its filters, how many members, which one)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dangbo.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_page_of_the_member_list_writes_one_entry_with_its_filters_and_count(api_as, people, personas):
    response = api_as("ward_staff").get("/api/members", {"org": "W1", "q": "van", "page_size": 200})
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action__startswith="api.")
    assert entry.action == "api.members"
    assert entry.actor == personas["ward_staff"]
    after = entry.after or {}
    assert after["count"] == 2 and after["returned"] == 2
    assert after["org"] == "W1" and after["q"] == "van" and after["page_size"] == 200
    assert sorted(after["ids"]) == sorted([people.an.pk, people.cuong.pk])
    assert entry.scope_path == people.an.organization.parent.path  # seen by the ward's officers


def test_each_request_writes_its_own_entry(api_as, people):
    client = api_as("officer")
    client.get("/api/members", {"page": 1, "page_size": 2})
    client.get("/api/members", {"page": 2, "page_size": 2})
    pages = [(e.after or {})["page"] for e in AuditEntry.objects.filter(action="api.members").order_by("pk")]
    assert pages == [1, 2]


def test_a_members_file_with_the_full_cccd_is_recorded_on_the_members_record(api_as, people, personas):
    response = api_as("secretary_a").get(f"/api/members/{people.an.pk}")
    assert response.status_code == 200 and response.json()["cccd"] == "079080001234"
    entry = AuditEntry.objects.get(action="api.member")
    assert entry.actor == personas["secretary_a"]
    assert (entry.target_type, entry.target_id) == ("members.member", str(people.an.pk))
    assert entry.after == {"member": people.an.pk, "cccd_full": True}
    assert entry.scope_path == people.an.organization.path


def test_a_members_history_is_recorded(api_as, people):
    response = api_as("officer").get(f"/api/members/{people.cuong.pk}/events")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="api.member_events")
    assert entry.target_id == str(people.cuong.pk)
    assert entry.after == {"member": people.cuong.pk, "count": len(response.json())}


def test_the_year_report_is_recorded(api_as, people, decide_2019):
    decide_2019(((people.an, 1), (people.binh, 2), (people.cuong, 2), (people.em, 3)), commend=people.an)
    response = api_as("ward_staff").get("/api/reports/evaluation", {"org": "W1", "year": 2019})
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="api.report")
    assert entry.after == {"year": 2019, "decimals": 2}
    assert entry.scope_path == people.an.organization.parent.path


def test_refused_reads_write_nothing(api_as, people):
    assert api_as("outsider").get(f"/api/members/{people.an.pk}").status_code == 404
    assert api_as("viewer").get("/api/members").status_code == 403
    assert api_as("viewer").get(f"/api/members/{people.an.pk}/events").status_code == 403
    assert not AuditEntry.objects.filter(action__startswith="api.").exists()


def test_the_audit_page_offers_the_api_reads_and_shows_them_in_vietnamese(api_as, personas, people):
    api_as("officer").get(f"/api/members/{people.an.pk}")
    reader = Client()
    reader.force_login(personas["officer"])
    page = reader.get(reverse("audit_search"), {"viec": "api."})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Đọc hồ sơ đảng viên qua API" in html and "Nguyễn Văn An" in html
