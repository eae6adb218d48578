"""PATCH /api/members/{id}: a change of the member's file through the web form's service — scoped,
audited in its transaction, refused when the file changed meanwhile."""

from __future__ import annotations

import pytest

from dangbo.audit.models import AuditEntry
from dangbo.members.models import Member


def _patch(client, member_id, data):
    return client.patch(f"/api/members/{member_id}", data, content_type="application/json")


@pytest.mark.django_db
def test_the_cell_secretary_changes_a_file_and_the_change_is_audited(api_as, people, personas):
    an = Member.objects.get(pk=people.an.pk)
    response = _patch(
        api_as("secretary_a"), an.pk, {"version": an.version, "residence": "12 Lê Văn Việt, phường Hiệp Phú"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["residence"] == "12 Lê Văn Việt, phường Hiệp Phú" and body["version"] == an.version + 1
    an.refresh_from_db()
    assert an.residence == "12 Lê Văn Việt, phường Hiệp Phú" and an.full_name == "Nguyễn Văn An"
    entry = AuditEntry.objects.filter(action="member.profile", target_id=str(an.pk)).get()
    assert entry.actor == personas["secretary_a"]
    assert entry.after == {"residence": "12 Lê Văn Việt, phường Hiệp Phú"}
    assert entry.scope_path == an.organization.path


@pytest.mark.django_db
def test_text_is_stored_nfc_and_the_name_reindexed(api_as, people):
    an = Member.objects.get(pk=people.an.pk)
    decomposed = (
        "Nguye\u0302\u0303n Va\u0306n An"  # "Nguyễn Văn An" typed with combining marks → "Nguyễn Văn An"
    )
    response = _patch(api_as("officer"), an.pk, {"version": an.version, "full_name": decomposed})
    assert response.status_code == 200
    an.refresh_from_db()
    assert an.full_name == "Nguyễn Văn An"
    found = api_as("officer").get("/api/members", {"q": "nguyen van an"}).json()
    assert [m["id"] for m in found["items"]] == [an.pk]


@pytest.mark.django_db
def test_a_change_made_meanwhile_is_refused_with_409(api_as, people):
    an = Member.objects.get(pk=people.an.pk)
    client = api_as("officer")
    assert _patch(client, an.pk, {"version": an.version, "hometown": "Huế"}).status_code == 200
    response = _patch(client, an.pk, {"version": an.version, "hometown": "Đà Nẵng"})
    assert response.status_code == 409
    assert response.json()["field"] == "version"
    an.refresh_from_db()
    assert an.hometown == "Huế"


@pytest.mark.django_db
def test_a_refused_value_is_a_400_naming_the_field_and_nothing_is_written(api_as, people):
    """…or a 409 when the value is well-formed but another record holds it."""
    an = Member.objects.get(pk=people.an.pk)
    client = api_as("officer")
    response = _patch(client, an.pk, {"version": an.version, "cccd": "079080005678", "hometown": "Huế"})
    assert response.status_code == 409
    assert response.json() == {
        "field": "cccd",
        "message": "Số CCCD 079080005678 đã có trong hồ sơ một đảng viên khác.",
    }
    response = _patch(client, an.pk, {"version": an.version, "cccd": "12345"})
    assert response.json() == {"field": "cccd", "message": "Số CCCD “12345” phải gồm đúng 12 chữ số."}
    response = _patch(client, an.pk, {"version": an.version, "sex": "x"})
    assert response.status_code == 400 and response.json()["field"] == "sex"
    response = _patch(client, an.pk, {"version": an.version, "birth_date": None})  # cannot be cleared
    assert response.status_code == 400 and response.json() == {
        "field": "birth_date",
        "message": "Ngày sinh phải là ngày dạng YYYY-MM-DD (năm đủ 4 chữ số).",
    }
    response = _patch(client, an.pk, {"version": an.version, "hometow": "Huế"})  # misspelt: refused
    assert response.status_code == 400 and response.json() == {
        "field": "hometow",
        "message": "Giá trị của “hometow” không hợp lệ: không phải là một trường của dữ liệu này.",
    }
    response = _patch(client, an.pk, {"version": str(an.version), "hometown": "Huế"})  # text for a number
    assert response.status_code == 400 and response.json()["field"] == "version"
    response = _patch(client, an.pk, {"version": an.version})
    assert response.status_code == 400 and "Không có trường nào để sửa" in response.json()["message"]
    response = _patch(client, an.pk, {"hometown": "Huế"})
    assert response.json() == {
        "field": "version",
        "message": "Giá trị của “version” không hợp lệ: bắt buộc phải có.",
    }
    response = _patch(client, an.pk, {"version": an.version, "ethnicity": "K" * 41})
    assert response.json()["field"] == "ethnicity" and "tối đa 40 ký tự" in response.json()["message"]
    an.refresh_from_db()
    assert an.hometown == "" and an.version == people.an.version
    assert not AuditEntry.objects.filter(action="member.profile").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "member"), [("secretary_b", "an"), ("outsider", "an"), ("ward_staff", "em")]
)
def test_a_member_outside_the_scope_is_not_found_and_untouched(api_as, people, persona, member):
    target = Member.objects.get(pk=getattr(people, member).pk)
    response = _patch(api_as(persona), target.pk, {"version": target.version, "hometown": "Huế"})
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.hometown == "" and target.version == getattr(people, member).version


@pytest.mark.django_db
def test_a_viewer_sees_the_member_but_may_not_change_the_file(api_as, people):
    an = Member.objects.get(pk=people.an.pk)
    response = _patch(api_as("viewer"), an.pk, {"version": an.version, "hometown": "Huế"})
    assert response.status_code == 403
    assert response.json() == {"field": None, "message": "Vai trò của bạn chỉ cho phép xem."}
    an.refresh_from_db()
    assert an.hometown == ""


@pytest.mark.django_db
def test_text_the_database_would_refuse_is_a_400_not_a_server_error(api_as, people):
    an = Member.objects.get(pk=people.an.pk)
    client = api_as("officer")
    response = _patch(client, an.pk, {"version": an.version, "residence": "Số 1\u0000"})
    assert response.status_code == 400 and response.json()["field"] == "residence"
    assert response.json()["message"] == "Nơi cư trú chứa ký tự điều khiển không hợp lệ (U+0000)."
    # 40 characters that NFC turns into 80 (U+0958 has no composed form): over the column's 40
    response = _patch(client, an.pk, {"version": an.version, "ethnicity": "\u0958" * 40})
    assert response.status_code == 400 and response.json()["field"] == "ethnicity"
    response = api_as("officer").get("/api/members", {"q": "an\u0000"})
    assert response.status_code == 400 and response.json()["field"] == "q"
