"""Hostile text and dates sent to the API (finding 7): each is a 400 whose Vietnamese message names
the field, nothing is written, never a 500. The cleaner and the date policy are those of the web
forms and the import (core.text.clean_text, core.dates)."""

from __future__ import annotations

import json

import pytest

from dangbo.audit.models import AuditEntry
from dangbo.evaluations.models import MemberRating
from dangbo.members.models import Member

# (field, value, the start of the message)
HOSTILE_PROFILE = [
    ("full_name", "Nguyễn\x1bVăn An", "Họ và tên chứa ký tự điều khiển không hợp lệ (U+001B)"),
    ("full_name", "Nguyễn Văn An\x00", "Họ và tên chứa ký tự điều khiển không hợp lệ (U+0000)"),
    ("full_name", "Nguyễn\u200bVăn An", "Họ và tên chứa ký tự vô hình không hợp lệ (U+200B)"),
    ("full_name", "\u202eNguyễn Văn An", "Họ và tên chứa ký tự đảo chiều hiển thị không hợp lệ (U+202E)"),
    ("full_name", "\u0301", "Họ và tên có dấu đứng riêng, không gắn với chữ cái nào"),
    ("full_name", "Nguyễn\ud800", "Họ và tên chứa ký tự không hợp lệ (U+D800)"),
    ("full_name", "   ", "Phải nhập họ và tên"),
    ("full_name", "A" * 5000, "Họ và tên dài tối đa 120 ký tự (đang có 5000)"),
    ("full_name", "12345 678", "Họ và tên phải có chữ cái"),
    ("hometown", "Huế\x1b[2J", "Quê quán chứa ký tự điều khiển không hợp lệ (U+001B)"),
    ("residence", "12 Lê Lợi\x85", "Nơi cư trú chứa ký tự điều khiển không hợp lệ (U+0085)"),
    ("notes", "dòng 1\ndòng 2\x00", "Ghi chú hồ sơ chứa ký tự điều khiển không hợp lệ (U+0000)"),
    ("birth_date", "0001-01-01", "Ngày sinh 01/01/0001 trước năm 1900"),
    ("birth_date", "2100-01-01", "Ngày sinh 01/01/2100 ở tương lai"),
    ("birth_date", "9999-12-31", "Ngày sinh 31/12/9999 ở tương lai"),
    ("birth_date", "01/01/0000", "Ngày sinh phải là ngày dạng YYYY-MM-DD"),
    ("birth_date", "31/12/9999", "Ngày sinh phải là ngày dạng YYYY-MM-DD"),
    ("birth_date", 0, "Ngày sinh phải là ngày dạng YYYY-MM-DD"),  # not 01/01/1970
    ("birth_date", "2019-02-29", "Ngày sinh “2019-02-29” không phải là ngày hợp lệ"),
]


def _patch(client, member_id, data):
    # json.dumps keeps a lone surrogate as "\ud800", as a hostile client would send it
    return client.patch(f"/api/members/{member_id}", json.dumps(data), content_type="application/json")


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value", "message"), HOSTILE_PROFILE)
def test_a_hostile_value_in_a_file_change_is_a_400_naming_the_field(api_as, people, field, value, message):
    an = Member.objects.get(pk=people.an.pk)
    client = api_as("officer")  # its token is audited
    audits = AuditEntry.objects.count()
    response = _patch(client, an.pk, {"version": an.version, field: value})
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == field
    assert body["message"].startswith(message)
    after = Member.objects.get(pk=an.pk)
    assert (after.version, after.full_name, after.birth_date) == (an.version, an.full_name, an.birth_date)
    assert AuditEntry.objects.count() == audits


@pytest.mark.django_db
def test_clean_text_is_stored_trimmed_and_a_note_keeps_its_lines(api_as, people):
    an = Member.objects.get(pk=people.an.pk)
    response = _patch(
        api_as("officer"),
        an.pk,
        {"version": an.version, "hometown": "\ufeff Huế  ", "notes": " dòng 1 \r\n dòng 2 "},
    )
    assert response.status_code == 200
    an.refresh_from_db()
    assert (an.hometown, an.notes) == ("Huế", "dòng 1\ndòng 2")


HOSTILE_RATING = [
    ("decision_number", "05\x1b-QĐ/ĐU", "Số quyết định chứa ký tự điều khiển không hợp lệ (U+001B)"),
    ("decision_number", "05-QĐ\u202e/ĐU", "Số quyết định chứa ký tự đảo chiều hiển thị không hợp lệ"),
    ("override_reason", "Lý do\x00", "Lý do giữ quyết định chứa ký tự điều khiển không hợp lệ (U+0000)"),
    ("decision_date", "0001-01-01", "Ngày quyết định 01/01/0001 trước ngày thành lập Đảng (03/02/1930)"),
    ("decision_date", "1929-12-31", "Ngày quyết định 31/12/1929 trước ngày thành lập Đảng (03/02/1930)"),
    ("decision_date", "9999-12-31", "Ngày quyết định 31/12/9999 quá xa trong tương lai"),
    ("decision_date", "2019-02-29", "Ngày quyết định “2019-02-29” không phải là ngày hợp lệ"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value", "message"), HOSTILE_RATING)
def test_a_hostile_value_in_a_rating_is_a_400_naming_the_field(api_as, people, field, value, message):
    data = {"stage": "decision", "rank": 2, "decision_number": "05-QĐ/ĐU", "decision_date": "2019-12-20"}
    data[field] = value
    client = api_as("ward_staff")
    audits = AuditEntry.objects.count()
    response = client.post(
        f"/api/members/{people.an.pk}/ratings/2019", json.dumps(data), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert response.json()["message"].startswith(message)
    assert not MemberRating.objects.filter(member=people.an.pk).exists()
    assert AuditEntry.objects.count() == audits


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "data", "field"),
    [
        ("/api/members/{an}", {"version": True, "hometown": "Huế"}, "version"),  # not the version 1
        ("/api/members/{an}/ratings/2019", {"stage": "decision", "rank": True}, "rank"),  # not HTXSNV
        ("/api/reports/check-figures", {"total": True, "figures": ["1:100"]}, "total"),  # not a total of 1
    ],
)
def test_json_true_is_not_the_number_one(api_as, people, path, data, field):
    """pydantic's lax mode reads true as 1: a boolean sent for a number is refused as a wrong type, and
    the message names the field (not the branch of a union: “total.constrained-int”)."""
    client = api_as("ward_staff")
    audits = AuditEntry.objects.count()
    url = path.format(an=people.an.pk)
    method = client.patch if "ratings" not in path and "reports" not in path else client.post
    response = method(url, json.dumps(data), content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "field": field,
        "message": f"Giá trị của “{field}” không hợp lệ: phải là số nguyên.",
    }
    assert AuditEntry.objects.count() == audits
    assert not MemberRating.objects.filter(member=people.an.pk).exists()
