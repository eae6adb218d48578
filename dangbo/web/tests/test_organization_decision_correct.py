"""Đính chính a reorganization decision on the web: the link in the organization's history, the
correction of the decision number, the withdrawal after its confirmation, the refusals."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangbo.members.models import Member
from dangbo.organizations.models import Organization, OrganizationEvent, OrganizationEventCorrection
from dangbo.organizations.services import Decision, organization_rename
from dangbo.reorganizations.services import SplitPart, organization_merge, organization_split
from dangbo.web.tests.helpers import field_errors, page_text, row_counts

pytestmark = pytest.mark.django_db

WITHDRAW = {
    "action": "withdraw",
    "reason": "Sáp nhập nhầm chi bộ",
    "approval_number": "45-CV/ĐU",
    "approval_date": "01/08/2025",
}


@pytest.fixture
def merge(small_tree, people, personas) -> OrganizationEvent:
    """Cell A (An, Bình, Dũng) merged into cell B on 01/07/2025 by the ward's staff."""
    organization_merge(
        actor=personas["ward_staff"],
        sources=[small_tree.cell_a],
        target=small_tree.cell_b,
        effective_on=date(2025, 7, 1),
        decision=Decision(number="123-QĐ/ĐU", date=date(2025, 6, 20)),
    )
    return OrganizationEvent.objects.get(organization=small_tree.cell_b, action="merge")


def url(event: OrganizationEvent) -> str:
    return reverse("organization_decision_correct", args=[event.organization.code, event.pk])


def test_the_history_links_the_decision_and_its_withdrawal_waits_for_the_confirmation(
    as_user, small_tree, people, merge
):
    client = as_user("ward_staff")
    history = page_text(client.get(reverse("org_detail", args=["W1B"])))
    assert url(merge) in history
    # the merged cell's own row of the decision leads to the same page
    assert url(merge) in page_text(client.get(reverse("org_detail", args=["W1A"])))
    form = page_text(client.get(url(merge)))
    assert 'value="123-QĐ/ĐU"' in form and "3 đảng viên chuyển sinh hoạt theo quyết định này" in form

    before = row_counts()
    page = client.post(url(merge), WITHDRAW)
    html = page_text(page)
    assert page.status_code == 200 and "Xác nhận: Hủy quyết định" in html
    assert "Hủy quyết định hợp nhất, sáp nhập số 123-QĐ/ĐU ngày 20/06/2025, hiệu lực 01/07/2025" in html
    assert "Chi bộ Khu phố 1 – Đảng bộ phường An Bình hoạt động trở lại từ ngày đó" in html
    assert "3 đảng viên trở về chi bộ cũ" in html
    assert row_counts() == before and not OrganizationEventCorrection.objects.exists()

    done = client.post(url(merge), {**WITHDRAW, "xac-nhan": "1"})
    assert done.status_code == 302
    assert Organization.objects.get(code="W1A").ended_on is None
    assert Member.objects.get(pk=people.an.pk).organization.code == "W1A"
    page = page_text(client.get(done["Location"]))
    assert "Đã hủy quyết định hợp nhất, sáp nhập số 123-QĐ/ĐU ngày 20/06/2025." in page
    assert "Đã hủy</span>" in page and "Sáp nhập nhầm chi bộ (văn bản 45-CV/ĐU ngày 01/08/2025)" in page
    assert url(merge) not in page  # withdrawn once
    assert client.get(url(merge)).status_code == 403


def test_a_wrong_decision_number_is_corrected_without_a_confirmation(as_user, people, merge):
    client = as_user("ward_staff")
    response = client.post(
        url(merge),
        {
            "action": "correct",
            "reason": "Sai số quyết định",
            "approval_number": "46-CV/ĐU",
            "approval_date": "02/08/2025",
            "decision_number": "124-QĐ/ĐU",
            "decision_date": "20/06/2025",
        },
    )
    assert response.status_code == 302
    assert set(
        OrganizationEvent.objects.filter(action="merge").values_list("decision_number", flat=True)
    ) == {"124-QĐ/ĐU"}
    page = page_text(client.get(response["Location"]))
    assert "trước đó số 123-QĐ/ĐU ngày 20/06/2025" in page


def test_a_refusal_names_the_later_decision_and_writes_nothing(as_user, small_tree, personas, people, merge):
    organization_rename(
        actor=personas["ward_staff"],
        organization=small_tree.cell_b,
        name="Chi bộ Khu phố 1-2",
        effective_on=date(2025, 9, 1),
        decision=Decision(number="130-QĐ/ĐU", date=date(2025, 8, 25)),
    )
    before = row_counts()
    response = as_user("ward_staff").post(url(merge), WITHDRAW)
    assert response.status_code == 200
    errors = [str(e) for e in response.context["form"].non_field_errors()]
    assert len(errors) == 1 and "Quyết định đổi tên số 130-QĐ/ĐU ngày 25/08/2025" in errors[0]
    assert row_counts() == before


def test_the_reason_and_the_document_are_required(as_user, merge):
    response = as_user("ward_staff").post(url(merge), {"action": "withdraw"})
    assert field_errors(response, "reason") == ["Phải nhập lý do đính chính."]
    assert field_errors(response, "approval_number")
    assert not OrganizationEventCorrection.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("secretary_b", 403), ("viewer", 403), ("outsider", 404), ("officer", 200)]
)
def test_who_may_correct(as_user, merge, persona, status):
    client = as_user(persona)
    assert client.get(url(merge)).status_code == status
    if status != 200:
        assert client.post(url(merge), {**WITHDRAW, "xac-nhan": "1"}).status_code == status
        assert not OrganizationEventCorrection.objects.exists()


def test_a_decision_id_under_another_organizations_code_is_not_found(as_user, merge):
    client = as_user("ward_staff")
    assert client.get(reverse("organization_decision_correct", args=["W1A", merge.pk])).status_code == 404
    assert client.get(reverse("organization_decision_correct", args=["W1B", 999999])).status_code == 404


def test_a_withdrawn_split_shows_the_new_cell_as_never_established(as_user, small_tree, people, personas):
    organization_split(
        actor=personas["ward_staff"],
        source=small_tree.cell_a,
        parts=[SplitPart(code="W1A1", name="Chi bộ Khu phố 1A", member_ids=(people.an.pk,))],
        effective_on=date(2025, 7, 1),
        decision=Decision(number="5-QĐ/ĐU", date=date(2025, 6, 20)),
        dissolve_source=False,
    )
    split = OrganizationEvent.objects.get(action="split")
    client = as_user("ward_staff")
    assert client.post(url(split), {**WITHDRAW, "xac-nhan": "1"}).status_code == 302
    void = page_text(client.get(reverse("org_detail", args=["W1A1"])))
    assert "Quyết định thành lập đã bị hủy: tổ chức coi như chưa được thành lập" in void
    # its version kept in the history, marked
    assert "quyết định mở giai đoạn này đã bị hủy (văn bản 45-CV/ĐU ngày 01/08/2025)" in void
    source = page_text(client.get(reverse("org_detail", args=["W1A"])))
    # the trail reads as a person reads it
    assert "Tổ chức coi như chưa thành lập" in source and "Chi bộ Khu phố 1A" in source
    assert "Số đảng viên trở về chi bộ cũ" in source
    assert "Chi bộ Khu phố 1A" not in page_text(client.get(reverse("org_tree")))


def test_a_members_transfer_by_the_decision_links_to_the_decision(as_user, people, merge):
    client = as_user("ward_staff")
    detail = page_text(client.get(reverse("member_detail", args=[people.an.pk])))
    assert url(merge) in detail and "Đính chính quyết định" in detail
    assert url(merge) not in page_text(
        as_user("secretary_b").get(reverse("member_detail", args=[people.an.pk]))
    )
