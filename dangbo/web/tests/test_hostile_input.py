"""Hostile text and dates typed into the web forms (finding 7): each is refused with a Vietnamese
message naming the field, nothing is written, no page fails. The same cleaner (core.text.clean_text)
and date policy (core.dates) serve the API and the import (their own hostile tests)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from dangbo.members.models import Member
from dangbo.web.tests.helpers import decision, field_errors, row_counts
from dangbo.web.tests.test_member_admit import admission
from dangbo.web.tests.test_member_update_profile import current_form, url

ADMIT = reverse("member_admit")

# (value of “Họ và tên”, the start of the message)
HOSTILE_NAMES = [
    ("Nguyễn\x1bVăn An", "Họ và tên chứa ký tự điều khiển không hợp lệ (U+001B)"),
    ("Nguyễn Văn An\x00", "Họ và tên chứa ký tự điều khiển không hợp lệ (U+0000)"),
    ("Nguyễn\u200bVăn An", "Họ và tên chứa ký tự vô hình không hợp lệ (U+200B)"),
    ("\u202eNguyễn Văn An", "Họ và tên chứa ký tự đảo chiều hiển thị không hợp lệ (U+202E)"),
    ("\u0301", "Họ và tên có dấu đứng riêng, không gắn với chữ cái nào"),
    ("Nguyễn \u0301", "Họ và tên có dấu đứng riêng, không gắn với chữ cái nào"),
    ("   ", "Phải nhập họ và tên"),
    ("A" * 5000, "Họ và tên dài tối đa 120 ký tự (đang có 5000)"),
]
# (field, value, the start of the message)
HOSTILE_DATES = [
    ("birth_date", "01/01/0000", "Ngày sinh “01/01/0000” không phải là ngày hợp lệ"),
    ("birth_date", "0001-01-01", "Ngày sinh 01/01/0001 trước năm 1900"),
    ("birth_date", "01/01/2100", "Ngày sinh 01/01/2100 ở tương lai"),
    ("birth_date", "31/12/9999", "Ngày sinh 31/12/9999 ở tương lai"),
    ("birth_date", "29/02/2019", "Ngày sinh “29/02/2019” không phải là ngày hợp lệ"),
    ("birth_date", "1/1/90", "Ngày sinh “1/1/90” không phải là ngày hợp lệ"),
    ("effective_on", "01/01/1920", "Ngày kết nạp 01/01/1920 trước ngày thành lập Đảng (03/02/1930)"),
    ("effective_on", "31/12/9999", "Ngày kết nạp 31/12/9999 quá xa trong tương lai"),
    ("decision_date", "01/01/0000", "Ngày quyết định “01/01/0000” không phải là ngày hợp lệ"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("value", "message"), HOSTILE_NAMES)
def test_a_hostile_name_is_refused_at_admission_and_nothing_is_written(as_user, small_tree, value, message):
    before = row_counts()
    response = as_user("ward_staff").post(ADMIT, admission(small_tree, full_name=value))
    assert response.status_code == 200
    (error,) = field_errors(response, "full_name")
    assert error.startswith(message)
    assert row_counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value", "message"), HOSTILE_DATES)
def test_a_hostile_date_is_refused_at_admission_and_nothing_is_written(
    as_user, small_tree, field, value, message
):
    before = row_counts()
    response = as_user("ward_staff").post(ADMIT, admission(small_tree, **{field: value}))
    assert response.status_code == 200
    (error,) = field_errors(response, field)
    assert error.startswith(message)
    assert row_counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("full_name", value, message) for value, message in HOSTILE_NAMES if not message.startswith("Phải nhập")]
    + [
        ("hometown", "Huế\x1b[31m", "Quê quán chứa ký tự điều khiển không hợp lệ (U+001B)"),
        ("residence", "12 Lê Lợi\u202e", "Nơi cư trú chứa ký tự đảo chiều hiển thị không hợp lệ"),
        ("notes", "dòng 1\ndòng 2\x07", "Ghi chú hồ sơ chứa ký tự điều khiển không hợp lệ (U+0007)"),
        ("birth_date", "01/01/2100", "Ngày sinh 01/01/2100 ở tương lai"),
    ],
)
def test_a_hostile_value_is_refused_when_editing_a_file(as_user, people, field, value, message):
    client = as_user("secretary_a")
    data = current_form(client, people.an)
    data[field] = value
    version = Member.objects.get(pk=people.an.pk).version
    response = client.post(url(people.an), data)
    assert response.status_code == 200
    (error,) = field_errors(response, field)
    assert error.startswith(message)
    assert Member.objects.get(pk=people.an.pk).version == version


@pytest.mark.django_db
def test_a_multi_line_note_keeps_its_lines(as_user, people):
    client = as_user("secretary_a")
    data = current_form(client, people.an)
    data["notes"] = "  Dòng một \r\n  Dòng   hai  "
    assert client.post(url(people.an), data).status_code == 302
    assert Member.objects.get(pk=people.an.pk).notes == "Dòng một\nDòng hai"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "Chi bộ\x1b Khu phố 3", "Tên tổ chức chứa ký tự điều khiển không hợp lệ (U+001B)"),
        ("name", "\u202eChi bộ Khu phố 3", "Tên tổ chức chứa ký tự đảo chiều hiển thị không hợp lệ"),
        ("name", "123", "Tên tổ chức phải có chữ cái"),
        ("decision_number", "15\x00-QĐ/ĐU", "Số quyết định chứa ký tự điều khiển không hợp lệ (U+0000)"),
        ("effective_on", "01/01/0000", "Ngày hiệu lực “01/01/0000” không phải là ngày hợp lệ"),
        ("effective_on", "31/12/9999", "Ngày hiệu lực 31/12/9999 quá xa trong tương lai"),
        ("decision_date", "02/02/1930", "Ngày quyết định 02/02/1930 trước ngày thành lập Đảng"),
    ],
)
def test_a_hostile_value_is_refused_when_establishing_an_organization(
    as_user, small_tree, field, value, message
):
    before = row_counts()
    data = {"code": "W1C", "name": "Chi bộ Khu phố 3", "kind": "affiliated_cell", "sector": "residential"}
    data.update(decision())
    data[field] = value
    response = as_user("ward_staff").post(reverse("organization_establish", args=["W1"]), data)
    assert response.status_code == 200
    (error,) = field_errors(response, field)
    assert error.startswith(message)
    assert row_counts() == before


def _subclasses(cls: type[Any]) -> list[type[Any]]:
    found: list[type[Any]] = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def test_every_text_field_of_every_form_goes_through_the_cleaner():
    from django import forms
    from django.urls import get_resolver

    from dangbo.ui.forms import VnCharField, VnForm

    get_resolver().url_patterns  # noqa: B018 — imports every view, and so every form
    subclasses = _subclasses(VnForm)
    assert len(subclasses) > 30
    plain = [
        f"{cls.__name__}.{name}"
        for cls in subclasses
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.CharField) and not isinstance(field, VnCharField)
    ]
    assert plain == []
