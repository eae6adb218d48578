"""The decisions with no destination, one form, one member_act call each."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangbo.members.models import Member, MemberEvent
from dangbo.web.tests.helpers import decision, field_errors, form_errors, page_text, row_counts


def url(member, action: str) -> str:
    return reverse("member_act", args=[member.pk, action])


def act(member, **extra):
    data = {"version": str(member.version), **decision(decision_number="40-QĐ/ĐU")}
    data.update(extra)
    return data


@pytest.mark.django_db
def test_the_official_form_proposes_the_end_of_probation(as_user, people):
    response = as_user("ward_staff").get(url(people.dung, "chinh-thuc"))
    assert 'value="15/03/2025"' in page_text(response)  # admitted 15/03/2024 + 12 months


@pytest.mark.django_db
def test_the_grassroots_committee_records_the_official_decision(as_user, people):
    client = as_user("ward_staff")
    response = client.post(url(people.dung, "chinh-thuc"), act(people.dung, effective_on="15/03/2025"))
    assert response.status_code == 302
    member = Member.objects.get(pk=people.dung.pk)
    assert member.status == "official"
    assert member.official_on == date(2025, 3, 15)
    html = page_text(client.get(response["Location"]))
    assert "Đã công nhận đảng viên chính thức: đồng chí Phạm Minh Dũng." in html


@pytest.mark.django_db
def test_an_official_decision_before_twelve_months_is_refused(as_user, people):
    before = row_counts()
    response = as_user("ward_staff").post(
        url(people.dung, "chinh-thuc"), act(people.dung, effective_on="01/03/2025")
    )
    assert field_errors(response, "effective_on") == [
        "Chưa hết 12 tháng dự bị: sớm nhất là ngày 15/03/2025 (Điều lệ Đảng, Điều 5)."
    ]
    assert row_counts() == before


@pytest.mark.django_db
def test_discipline_needs_a_form_and_records_it(as_user, people):
    client = as_user("secretary_a")
    missing = client.post(url(people.an, "ky-luat"), act(people.an))
    assert field_errors(missing, "form") == ["Phải chọn hình thức kỷ luật."]
    response = client.post(
        url(people.an, "ky-luat"), act(people.an, form="warning", reason="Vi phạm quy định")
    )
    assert response.status_code == 302
    event = MemberEvent.objects.get(member=people.an, kind="discipline")
    assert event.details == {"form": "warning", "reason": "Vi phạm quy định"}


@pytest.mark.django_db
def test_a_probationary_member_cannot_be_expelled(as_user, people):
    before = row_counts()
    response = as_user("ward_staff").post(url(people.dung, "ky-luat"), act(people.dung, form="expulsion"))
    assert field_errors(response, "form") == [
        "Đảng viên dự bị chỉ bị kỷ luật bằng hình thức khiển trách hoặc cảnh cáo (Điều lệ Đảng, Điều 35)."
    ]
    assert row_counts() == before


@pytest.mark.django_db
def test_exemption_and_its_end(as_user, people):
    client = as_user("secretary_a")
    assert client.post(url(people.an, "mien-sinh-hoat"), act(people.an, reason="Tuổi cao")).status_code == 302
    assert Member.objects.get(pk=people.an.pk).exempted
    member = Member.objects.get(pk=people.an.pk)
    assert client.post(url(member, "thoi-mien"), act(member, effective_on="01/09/2025")).status_code == 302
    assert not Member.objects.get(pk=people.an.pk).exempted


@pytest.mark.django_db
def test_a_return_without_a_temporary_stay_is_refused_by_the_state_machine(as_user, people):
    before = row_counts()
    response = as_user("ward_staff").post(url(people.an, "ket-thuc-tam-thoi"), act(people.an))
    assert form_errors(response) == ["Đảng viên không sinh hoạt tạm thời nơi khác."]
    assert row_counts() == before


@pytest.mark.django_db
def test_death_needs_no_decision_number(as_user, people):
    response = as_user("secretary_a").post(
        url(people.an, "tu-tran"),
        {"version": str(people.an.version), "effective_on": "02/02/2025", "xac-nhan": "1"},
    )
    assert response.status_code == 302
    member = Member.objects.get(pk=people.an.pk)
    assert member.status == "deceased"
    assert member.ended_on == date(2025, 2, 2)


@pytest.mark.django_db
def test_removal_requires_the_decision_number(as_user, people):
    before = row_counts()
    response = as_user("ward_staff").post(
        url(people.an, "xoa-ten"), {"version": str(people.an.version), "effective_on": "02/02/2025"}
    )
    assert field_errors(response, "decision_number") == ["Phải nhập số quyết định."]
    assert row_counts() == before
    response = as_user("ward_staff").post(
        url(people.an, "xoa-ten"), act(people.an, reason="Bỏ sinh hoạt 3 tháng")
    )
    assert response.status_code == 302
    assert Member.objects.get(pk=people.an.pk).status == "removed"


@pytest.mark.django_db
def test_leaving_the_party(as_user, people):
    response = as_user("ward_staff").post(url(people.binh, "ra-khoi-dang"), act(people.binh))
    assert response.status_code == 302
    assert Member.objects.get(pk=people.binh.pk).status == "left"


@pytest.mark.django_db
def test_an_unknown_action_is_not_found(as_user, people):
    assert as_user("secretary_a").get(url(people.an, "bay-len-troi")).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "status"), [("secretary_b", 404), ("outsider", 404), ("viewer", 403)])
def test_others_are_refused(as_user, people, persona, status):
    before = row_counts()
    response = as_user(persona).post(url(people.an, "ky-luat"), act(people.an, form="warning"))
    assert response.status_code == status
    assert row_counts() == before
