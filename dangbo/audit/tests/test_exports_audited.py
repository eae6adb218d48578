"""Exports of personal data are recorded in the audit trail: who took which list of which subtree."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.audit.models import AuditEntry


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "query", "action"),
    [
        ("imports_export_members", {}, "export.members"),
        ("imports_export_members", {"org": "W1A", "q": "nguyen"}, "export.members"),
        ("imports_export_register", {"org": "W1", "ngay": "01/06/2020"}, "export.register"),
        ("imports_export_reviews", {"org": "W1", "nam": "2019"}, "export.reviews"),
        ("report_year", {"org": "W1", "nam": "2019", "dinh_dang": "xlsx"}, "export.report"),
    ],
)
def test_each_export_writes_an_entry(as_user, people, personas, name, query, action):
    response = as_user("ward_staff").get(reverse(name), query)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    entry = AuditEntry.objects.get(action=action)
    assert entry.actor == personas["ward_staff"]
    assert entry.scope_path.startswith(people.an.organization.parent.path)  # seen by the ward's officers


@pytest.mark.django_db
def test_a_refused_export_writes_nothing(as_user, people):
    assert as_user("outsider").get(reverse("imports_export_register"), {"org": "W1"}).status_code == 404
    assert not AuditEntry.objects.filter(action__startswith="export.").exists()


@pytest.mark.django_db
def test_the_member_list_export_records_its_filters_and_count(as_user, people):
    as_user("officer").get(reverse("imports_export_members"), {"org": "W1A"})
    entry = AuditEntry.objects.get(action="export.members")
    assert entry.after == {"count": 3, "org": "W1A"}
    assert entry.target_label.endswith("Chi bộ Khu phố 1")


@pytest.mark.django_db
def test_the_error_list_of_an_import_is_audited(as_user, small_tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dangbo.imports.models import ImportRun
    from dangbo.imports.tests.helpers import MEMBER_HEADERS, member_row, xlsx

    client = as_user("officer")
    data = xlsx({"Đảng viên": [MEMBER_HEADERS, member_row("Nguyễn Văn Mới", cccd="12", cell="W1A")]})
    client.post(reverse("imports_upload"), {"file": SimpleUploadedFile("dv.xlsx", data)})
    run = ImportRun.objects.get()
    response = client.get(reverse("imports_run_issues", args=[run.pk]))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="export.import_issues")
    assert entry.after == {"run": run.pk} and "dv.xlsx" in entry.target_label
