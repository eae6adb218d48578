"""Sửa hồ sơ: through member_update_profile, with the version for optimistic locking."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangbo.core.text import format_date
from dangbo.members.models import Member
from dangbo.web.tests.helpers import field_errors, form_errors, page_text, row_counts


def url(member) -> str:
    return reverse("member_update_profile", args=[member.pk])


def current_form(client, member) -> dict[str, str]:
    """The form as the page fills it in, ready to be posted back."""
    form = client.get(url(member)).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, date):
            value = format_date(value)
        data[name] = "" if value is None else str(value)
    return data


@pytest.mark.django_db
def test_the_form_is_filled_with_the_record_and_its_version(as_user, people):
    html = page_text(as_user("secretary_a").get(url(people.an)))
    assert 'value="Nguyễn Văn An"' in html
    assert 'value="17/05/1980"' in html
    assert f'name="version" value="{people.an.version}"' in html


@pytest.mark.django_db
def test_the_secretary_corrects_the_profile(as_user, people):
    client = as_user("secretary_a")
    data = current_form(client, people.an)
    data.update(
        {"hometown": "Xã Tịnh Khê, Quảng Ngãi", "birth_date": "18/05/1980", "full_name": "Nguyễn  Văn An"}
    )
    response = client.post(url(people.an), data)
    assert response.status_code == 302
    member = Member.objects.get(pk=people.an.pk)
    assert member.hometown == "Xã Tịnh Khê, Quảng Ngãi"
    assert member.birth_date.isoformat() == "1980-05-18"
    assert member.cccd == "079080001234"
    assert member.version == people.an.version + 1


@pytest.mark.django_db
def test_a_stale_version_is_refused_and_nothing_changes(as_user, people):
    client = as_user("secretary_a")
    data = current_form(client, people.an)
    data.update({"hometown": "Huế", "version": str(people.an.version - 1)})
    response = client.post(url(people.an), data)
    assert form_errors(response) == [
        "Hồ sơ đã được người khác cập nhật sau khi bạn mở; hãy tải lại trang và thực hiện lại."
    ]
    assert Member.objects.get(pk=people.an.pk).hometown == ""


@pytest.mark.django_db
def test_a_cccd_already_on_another_record_is_refused(as_user, people):
    client = as_user("secretary_a")
    data = current_form(client, people.binh)
    data["cccd"] = "079080001234"
    before = row_counts()
    response = client.post(url(people.binh), data)
    assert field_errors(response, "cccd") == ["Số CCCD 079080001234 đã có trong hồ sơ một đảng viên khác."]
    assert Member.objects.get(pk=people.binh.pk).cccd is None
    assert row_counts() == before


@pytest.mark.django_db
def test_a_bad_birth_date_names_the_field(as_user, people):
    client = as_user("secretary_a")
    data = current_form(client, people.an)
    data["birth_date"] = "30/02/1980"
    response = client.post(url(people.an), data)
    assert field_errors(response, "birth_date") == [
        "Ngày sinh “30/02/1980” không phải là ngày hợp lệ; hãy nhập theo dạng dd/mm/yyyy."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "status"), [("secretary_b", 404), ("outsider", 404), ("viewer", 403)])
def test_others_are_refused(as_user, people, persona, status):
    response = as_user(persona).post(
        url(people.an), {"full_name": "Ai Đó", "version": str(people.an.version)}
    )
    assert response.status_code == status
    assert Member.objects.get(pk=people.an.pk).full_name == "Nguyễn Văn An"
