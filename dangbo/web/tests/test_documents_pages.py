"""The documents pages: a document offered where its record is, its choices asked and remembered,
the scope; the templates an administrator replaces (checked, kept, reverted); the letterhead."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from dangbo.audit.models import AuditEntry
from dangbo.documents.build import SHIPPED_DIR
from dangbo.documents.models import DocumentTemplate
from dangbo.documents.tests.party_format import texts

SHEET = reverse("document_make", args=["phieu-dang-vien"])
DECISION = reverse("document_make", args=["quyet-dinh"])
TEMPLATES = reverse("document_templates")
CHOICES = {
    "so": "",
    "ngay_ky": "15/01/2020",
    "chuc_vu": "Bí thư",
    "nguoi_ky": "Đỗ Văn Ký",
    "noi_nhan": "Lưu hồ sơ",
}


def test_the_member_page_offers_the_sheet_and_the_decisions(as_user, people):
    page = as_user("secretary_a").get(reverse("member_detail", args=[people.an.pk])).content.decode()
    assert f"{SHEET}?dang-vien={people.an.pk}" in page
    event = people.an.events.first()
    assert event.kind == "transfer_in"  # received: no decision of this kind is printed
    assert DECISION not in page


def test_the_sheet_is_asked_for_then_downloaded_and_the_choices_come_back(as_user, people):
    client = as_user("secretary_a")
    url = f"{SHEET}?dang-vien={people.an.pk}"
    assert "Họ tên người ký" in client.get(url).content.decode()
    response = client.post(url, CHOICES)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "phieu-dang-vien" in response["Content-Disposition"]
    lines = texts(response.content)
    assert "NGUYỄN VĂN AN" in lines and "Đỗ Văn Ký" in lines
    assert "Phường An Bình, ngày 15 tháng 01 năm 2020" in lines
    again = client.get(url).content.decode()
    assert 'value="Đỗ Văn Ký"' in again and 'value="15/01/2020"' in again
    assert AuditEntry.objects.filter(action="export.document").count() == 1


def test_a_bad_number_is_named_and_nothing_is_downloaded(as_user, people):
    url = reverse("document_report") + "?org=D&nam=2019"
    response = as_user("officer").post(url, {**CHOICES, "so": "12a"})
    assert response.status_code == 200 and "text/html" in response["Content-Type"]
    assert "Số văn bản “12a” chỉ gồm chữ số" in response.content.decode()
    assert not AuditEntry.objects.filter(action="export.document").exists()


@pytest.mark.parametrize("query", ["abc", "", "99999999", "1" * 30])
def test_an_unknown_record_is_not_found(as_user, people, query):
    assert as_user("secretary_a").get(f"{SHEET}?dang-vien={query}").status_code == 404


def test_a_member_outside_the_scope_is_not_found_and_a_viewer_is_refused(as_user, people):
    assert as_user("secretary_b").get(f"{SHEET}?dang-vien={people.an.pk}").status_code == 404
    assert as_user("secretary_b").post(f"{SHEET}?dang-vien={people.an.pk}", CHOICES).status_code == 404
    assert as_user("viewer").get(f"{SHEET}?dang-vien={people.an.pk}").status_code == 403
    assert not AuditEntry.objects.filter(action="export.document").exists()


def _adapted(kind: str, marker: str) -> bytes:
    document = Document(str(SHIPPED_DIR / f"{kind}.docx"))
    document.add_paragraph(marker)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(client, kind: str, content: bytes, name: str = "mau.docx"):
    return client.post(
        TEMPLATES,
        {"hanh-dong": "tai-len", "tai-len-loai": kind, "tai-len-tep": SimpleUploadedFile(name, content)},
    )


def test_an_administrator_replaces_a_template_and_returns_to_the_shipped_one(as_user, people):
    admin = as_user("admin")
    assert _upload(admin, "member-sheet", _adapted("member-sheet", "MẪU CỦA TỈNH")).status_code == 302
    url = f"{SHEET}?dang-vien={people.an.pk}"
    assert "MẪU CỦA TỈNH" in texts(admin.post(url, CHOICES).content)
    assert admin.post(TEMPLATES, {"hanh-dong": "tro-lai", "tro-lai-loai": "member-sheet"}).status_code == 302
    assert "MẪU CỦA TỈNH" not in texts(admin.post(url, CHOICES).content)
    assert DocumentTemplate.objects.filter(kind="member-sheet").count() == 2  # the uploaded one is kept
    assert AuditEntry.objects.filter(action="document.template_upload").count() == 1
    assert AuditEntry.objects.filter(action="document.template_revert").count() == 1
    page = admin.get(TEMPLATES).content.decode()
    assert "mau.docx" in page and "Trở lại mẫu gốc" in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a word file", "không phải là tài liệu Word"),
        (b"", "Tệp mẫu trống"),
        ("member-sheet", "Mẫu thiếu trường: {{ number_line }} (số văn bản)"),
        ("broken-tag", "Cú pháp trường trong mẫu không đúng"),
    ],
)
def test_a_wrong_template_is_refused_with_what_is_missing(as_user, content, message):
    if content == "member-sheet":
        content = (SHIPPED_DIR / "member-sheet.docx").read_bytes()
    elif content == "broken-tag":
        content = _adapted("decision", "{{ summary ")
    response = _upload(as_user("admin"), "decision", content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DocumentTemplate.objects.exists()
    assert not AuditEntry.objects.filter(action="document.template_upload").exists()


def test_only_an_administrator_sees_or_changes_the_templates(as_user):
    officer = as_user("officer")
    assert officer.get(TEMPLATES).status_code == 403
    assert _upload(officer, "decision", _adapted("decision", "X")).status_code == 403
    assert officer.get(reverse("document_template_download", args=["quyet-dinh"])).status_code == 403
    assert not DocumentTemplate.objects.exists()


def test_the_superior_sets_the_letterhead(as_user, small_tree):
    url = reverse("organization_letterhead", args=["W1"])
    assert as_user("ward_staff").get(url).status_code == 403
    response = as_user("officer").post(url, {"number_abbreviation": "đuab", "superior_printed_name": ""})
    assert response.status_code == 302
    small_tree.ward.refresh_from_db()
    assert small_tree.ward.number_abbreviation == "ĐUAB"
    refused = as_user("officer").post(url, {"number_abbreviation": "Q U!", "superior_printed_name": ""})
    assert "Ký hiệu cơ quan ban hành chỉ gồm chữ" in refused.content.decode()


@pytest.mark.parametrize("year", ["abc", "", "-1", "10000", str(2**63), "31/12/1899"])
def test_a_year_that_is_not_one_is_not_found(as_user, small_tree, year):
    response = as_user("officer").get(reverse("document_report"), {"org": "D", "nam": year})
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="export.document").exists()
