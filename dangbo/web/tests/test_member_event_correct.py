"""Đính chính on the member's page: the link on the events the user decides, the form, the record."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangbo.members.models import Member, MemberEvent, MemberEventCorrection
from dangbo.members.services import member_act
from dangbo.web.tests.helpers import field_errors, page_text, row_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def removed(people, personas):
    return member_act(
        actor=personas["ward_staff"],
        member=people.an,
        kind="removal",
        effective_on=date(2025, 6, 1),
        decision_number="7-QĐ/ĐU",
        decision_date=date(2025, 6, 1),
    )


def url(event) -> str:
    return reverse("member_event_correct", args=[event.member_id, event.pk])


def test_the_deciding_level_withdraws_a_mistaken_removal(as_user, people, removed):
    client = as_user("ward_staff")
    detail = page_text(client.get(reverse("member_detail", args=[people.an.pk])))
    assert url(removed) in detail
    response = client.post(
        url(removed),
        {
            "action": "withdraw",
            "reason": "Ghi nhầm người",
            "approval_number": "15-CV/ĐU",
            "approval_date": "01/07/2025",
        },
    )
    assert response.status_code == 302
    assert Member.objects.get(pk=people.an.pk).status == "official"
    page = page_text(client.get(response["Location"]))
    assert "Đã hủy “Xóa tên khỏi danh sách đảng viên” ngày 01/06/2025" in page
    assert "Ghi nhầm người (văn bản 15-CV/ĐU ngày 01/07/2025)" in page  # the original kept, marked
    assert url(removed) not in page  # corrected once


def test_a_correction_of_the_decision_number(as_user, people, removed):
    client = as_user("ward_staff")
    form = page_text(client.get(url(removed)))
    assert 'value="7-QĐ/ĐU"' in form  # the recorded values, to correct
    response = client.post(
        url(removed),
        {
            "action": "correct",
            "reason": "Sai số quyết định",
            "approval_number": "16-CV/ĐU",
            "approval_date": "02/07/2025",
            "effective_on": "01/06/2025",
            "decision_number": "17-QĐ/ĐU",
            "decision_date": "01/06/2025",
        },
    )
    assert response.status_code == 302
    assert list(
        MemberEvent.objects.filter(member=people.an, kind="removal").values_list("decision_number", flat=True)
    ) == ["17-QĐ/ĐU"]


def test_the_reason_and_the_approval_are_required(as_user, removed):
    before = row_counts()
    response = as_user("ward_staff").post(url(removed), {"action": "withdraw"})
    assert field_errors(response, "reason") == ["Phải nhập lý do đính chính."]
    assert field_errors(response, "approval_number")
    assert row_counts() == before and not MemberEventCorrection.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("secretary_a", 403), ("outsider", 404), ("viewer", 403)])
def test_others_may_not_correct(as_user, people, removed, persona, status):
    client = as_user(persona)
    assert client.get(url(removed)).status_code == status
    assert client.post(url(removed), {"action": "withdraw", "reason": "x"}).status_code == status
    assert not MemberEventCorrection.objects.exists()
