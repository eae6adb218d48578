"""Giới hạn xuất sắc: the competent level records its decision raising a group's cap (QĐ 366, from
2025); bad input answers in Vietnamese on its field and writes nothing; before 2025 there is no form."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from dangbo.evaluations.models import CapRaise
from dangbo.web.tests.helpers import field_errors, page_text

URL = reverse("review_cap_raise", args=[2025, "W1"])
GOOD = {
    "group": "members",
    "percent": "25",
    "decision_number": "215-QĐ/ĐU",
    "decision_date": "10/12/2025",
    "reason": "Hoàn thành vượt mức",
}


@pytest.mark.django_db
def test_the_ward_records_its_members_cap_at_25_percent(as_user, small_tree):
    client = as_user("ward_staff")
    response = client.post(URL, GOOD)
    assert response.status_code == 302
    raised = CapRaise.objects.get()
    assert (raised.organization, raised.year, raised.group, raised.percent) == (
        small_tree.ward,
        2025,
        "members",
        Decimal(25),
    )
    page = page_text(client.get(URL))
    assert "215-QĐ/ĐU" in page and "Quy định 366-QĐ/TW, Điều 11, khoản 1.5" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("percent", "30", "không quá 25%"),
        ("percent", "20", "lớn hơn 20"),
        ("percent", "abc", "phải là một số"),
        ("group", "ca-nuoc", ""),
        ("decision_number", "", ""),
        ("decision_date", "31/02/2025", ""),
    ],
)
def test_bad_input_is_refused_on_its_field(as_user, small_tree, field, value, message):
    response = as_user("ward_staff").post(URL, GOOD | {field: value})
    assert response.status_code == 200
    errors = " ".join(field_errors(response, field))
    assert errors and message in errors
    assert not CapRaise.objects.exists()


@pytest.mark.django_db
def test_a_cell_does_not_head_the_group_of_grassroots_organizations(as_user, small_tree):
    response = as_user("ward_staff").post(reverse("review_cap_raise", args=[2025, "W1A"]), GOOD)
    assert response.status_code == 200
    assert "không đứng đầu nhóm" in " ".join(field_errors(response, "group"))
    assert not CapRaise.objects.exists()


@pytest.mark.django_db
def test_no_form_before_2025_and_no_write_outside_the_scope(as_user, small_tree):
    page = page_text(as_user("ward_staff").get(reverse("review_cap_raise", args=[2019, "W1"])))
    assert "không có quy định cho cấp có thẩm quyền nâng giới hạn" in page
    response = as_user("secretary_b").post(URL, GOOD)
    assert response.status_code in (403, 404)
    assert not CapRaise.objects.exists()


def _group_errors(response) -> list[str]:
    return [str(e) for e in response.context["group_form"].errors.get("units", [])]


GROUP = {
    "action": "nhom",
    "name": "Chi bộ khu phố",
    "subjects": "collectives",
    "decision_number": "210-QĐ/ĐU",
    "decision_date": "05/12/2025",
    "note": "",
}


@pytest.mark.django_db
def test_the_ward_defines_a_group_raises_its_cap_and_closes_it(as_user, small_tree):
    from dangbo.evaluations.models import ComparableGroup

    client = as_user("ward_staff")
    response = client.post(URL, GROUP | {"units": [str(small_tree.cell_a.pk), str(small_tree.cell_b.pk)]})
    assert response.status_code == 302
    group = ComparableGroup.objects.get()
    page = page_text(client.get(URL))
    assert (
        "Nhóm “Chi bộ khu phố” của Đảng bộ phường An Bình" in page
        and "Chi bộ Khu phố 1; Chi bộ Khu phố 2" in page
    )
    # a raise for the defined group
    response = client.post(URL, GOOD | {"group": "defined", "comparable_group": str(group.pk)})
    assert response.status_code == 302
    assert CapRaise.objects.get().comparable_group == group
    assert "Nhóm “Chi bộ khu phố”" in page_text(client.get(URL))
    # the same cell in a second group of collectives: refused on the units
    response = client.post(URL, GROUP | {"name": "Khác", "units": [str(small_tree.cell_a.pk)]})
    assert "đã thuộc nhóm “Chi bộ khu phố”" in " ".join(_group_errors(response))
    # closed with a decision and a reason: kept, said as closed
    response = client.post(
        URL,
        {"action": "thoi", "group_id": str(group.pk), "close_decision_number": "220-QĐ/ĐU",
         "closed_on": "15/12/2025", "close_reason": "Gộp lại"},
    )  # fmt: skip
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.closed_on is not None and "Thôi áp dụng từ 15/12/2025" in page_text(client.get(URL))


@pytest.mark.django_db
def test_a_group_needs_a_qd366_year_and_the_scope(as_user, small_tree):
    from dangbo.evaluations.models import ComparableGroup

    page = page_text(as_user("ward_staff").get(reverse("review_cap_raise", args=[2024, "W1"])))
    assert "không có quy định cho cấp có thẩm quyền xác định nhóm đối tượng tương đồng" in page
    response = as_user("outsider").post(URL, GROUP | {"units": [str(small_tree.cell_a.pk)]})
    assert response.status_code in (403, 404)
    # a unit not offered (another ward's cell) is not taken
    response = as_user("ward_staff").post(URL, GROUP | {"units": [str(small_tree.other_cell.pk)]})
    assert response.status_code == 200 and _group_errors(response)
    assert not ComparableGroup.objects.exists()
