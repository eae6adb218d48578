"""The actions that close a record or an organization name their consequence and wait for a
confirmation; a refusal still shows on the form; nothing is written before the confirmation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.members.models import Member
from dangbo.organizations.models import Organization
from dangbo.web.tests.helpers import decision, field_errors, page_text, row_counts

pytestmark = pytest.mark.django_db


def unconfirmed(**extra: str) -> dict[str, str]:
    data = decision(**extra)
    del data["xac-nhan"]
    return data


def test_a_removal_names_its_consequence_then_waits_for_the_confirmation(as_user, people):
    client = as_user("ward_staff")
    url = reverse("member_act", args=[people.an.pk, "xoa-ten"])
    data = {"version": str(people.an.version), **unconfirmed(decision_number="7-QĐ/ĐU")}
    before = row_counts()
    page = client.post(url, data)
    assert page.status_code == 200
    html = page_text(page)
    assert (
        "Xóa tên đồng chí Nguyễn Văn An (Chi bộ Khu phố 1 – Đảng bộ phường An Bình) khỏi danh sách đảng viên từ ngày 01/06/2025"
        in html
    )
    assert 'name="xac-nhan" value="1"' in html and 'value="7-QĐ/ĐU"' in html  # the values carried over
    assert row_counts() == before and Member.objects.get(pk=people.an.pk).status == "official"

    back = client.post(url, {**data, "sua-lai": "1"})  # back to the form, its values kept
    assert 'value="7-QĐ/ĐU"' in page_text(back) and "Xác nhận:" not in page_text(back)
    assert row_counts() == before

    done = client.post(url, {**data, "xac-nhan": "1"})
    assert done.status_code == 302
    assert Member.objects.get(pk=people.an.pk).status == "removed"


def test_a_refusal_shows_on_the_form_before_any_confirmation(as_user, people):
    url = reverse("member_act", args=[people.an.pk, "xoa-ten"])
    before = row_counts()
    response = as_user("ward_staff").post(
        url, {"version": str(people.an.version), **unconfirmed(effective_on="01/01/2001")}
    )  # before the member came to the cell: the service refuses in the trial run
    assert "Xác nhận:" not in page_text(response)
    assert field_errors(response, "effective_on") or "không" in page_text(response)
    assert row_counts() == before


def test_a_dissolution_names_the_members_who_move(as_user, people, small_tree):
    url = reverse("organization_dissolve", args=["W1A"])
    before = row_counts()
    html = page_text(
        as_user("ward_staff").post(url, {"default_receiving": str(small_tree.cell_b.pk), **unconfirmed()})
    )
    assert (
        "Giải thể Chi bộ Khu phố 1 – Đảng bộ phường An Bình từ ngày 01/06/2025: tổ chức chấm dứt hoạt động; 3 đảng viên"
        in html
    )
    assert row_counts() == before
    assert Organization.objects.get(code="W1A").ended_on is None
