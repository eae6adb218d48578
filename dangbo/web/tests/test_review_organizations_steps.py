"""Organizations in the regulation's order: a collective self-assesses (level and text), the
competent level decides (the grassroots committee for its cells, the superior for the grassroots
organization), the disciplined sub-units reach the rules."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.evaluations.models import OrganizationRating
from dangbo.web.tests.helpers import page_text

WARD = reverse("review_organizations", args=[2019, "W1"])
DISTRICT = reverse("review_organizations", args=[2019, "D"])
CELL = reverse("review_organizations", args=[2019, "W1A"])


def unit_data(unit, **values):
    data = {
        "don_vi": str(unit.pk),
        "stage": "decision",
        "decision_number": "7-QĐ/ĐU",
        "decision_date": "25/12/2019",
    }
    data.update(values)
    return {key if key == "don_vi" else f"u{unit.pk}-{key}": value for key, value in data.items()}


def line_of(response, unit):
    return next(line for line in response.context["lines"] if line["row"].organization.pk == unit.pk)


@pytest.mark.django_db
def test_the_cell_self_assesses_its_collective_but_has_no_decision(as_user, small_tree):
    client = as_user("secretary_a")
    page = client.get(CELL)
    line = line_of(page, small_tree.cell_a)
    stages = [value for value, _ in line["form"].fields["stage"].choices]
    assert stages == ["proposal", "self"]
    assert line["form"].initial["stage"] == "self"
    assert "thuộc thẩm quyền của đảng ủy cơ sở (Đảng bộ phường An Bình)" in page_text(page)
    response = client.post(
        CELL,
        unit_data(
            small_tree.cell_a, stage="self", rank="1", self_assessment="Chi bộ đạt 100% chỉ tiêu nghị quyết."
        ),
    )
    assert response.status_code == 302
    rating = OrganizationRating.objects.get(organization=small_tree.cell_a)
    assert (rating.self_rank, rating.self_assessment, rating.rank) == (
        1,
        "Chi bộ đạt 100% chỉ tiêu nghị quyết.",
        None,
    )
    page = client.get(CELL)
    assert line_of(page, small_tree.cell_a)["step"]["label"] == "Đã tự đánh giá"
    assert "Chi bộ đạt 100% chỉ tiêu nghị quyết." in page_text(page)


@pytest.mark.django_db
def test_a_decision_posted_by_the_cell_is_refused_naming_the_deciding_level(as_user, small_tree):
    response = as_user("secretary_a").post(CELL, unit_data(small_tree.cell_a, rank="2"))
    assert response.status_code == 200
    form = line_of(response, small_tree.cell_a)["form"]
    assert form.errors["stage"] == [
        "Quyết định xếp loại “Chi bộ Khu phố 1” thuộc thẩm quyền của đảng ủy cơ sở (Đảng bộ phường An Bình) "
        "(Quy định 132-QĐ/TW, Hướng dẫn 21-HD/BTCTW); vai trò của bạn chỉ cho phép tự đánh giá, đề xuất."
    ]
    assert not OrganizationRating.objects.exists()


@pytest.mark.django_db
def test_the_ward_decides_for_its_cells_but_only_self_assesses_itself(as_user, small_tree):
    client = as_user("ward_staff")
    page = client.get(WARD)
    ward_form = line_of(page, small_tree.ward)["form"]
    cell_form = line_of(page, small_tree.cell_a)["form"]
    assert "decision" not in [v for v, _ in ward_form.fields["stage"].choices]
    assert "decision" in [v for v, _ in cell_form.fields["stage"].choices]
    assert line_of(page, small_tree.ward)["deciding"].name == "Đảng bộ Quận Thử"
    assert client.post(WARD, unit_data(small_tree.cell_a, rank="2")).status_code == 302
    refused = client.post(WARD, unit_data(small_tree.ward, rank="1"))
    assert (
        "ban thường vụ cấp ủy cấp trên trực tiếp (Đảng bộ Quận Thử)"
        in line_of(refused, small_tree.ward)["form"].errors["stage"][0]
    )
    assert (
        client.post(
            WARD, unit_data(small_tree.ward, stage="self", rank="1", self_assessment="Tốt")
        ).status_code
        == 302
    )
    assert OrganizationRating.objects.get(organization=small_tree.ward).rank is None


@pytest.mark.django_db
def test_the_district_decides_for_the_ward_and_the_disciplined_cells_reach_the_rules(as_user, small_tree):
    client = as_user("officer")
    response = client.post(DISTRICT, unit_data(small_tree.ward, rank="2", sub_units_disciplined="1"))
    assert response.status_code == 200
    form = line_of(response, small_tree.ward)["form"]
    assert form.rule_violation
    assert "1/2 tổ chức trực thuộc bị kỷ luật trong năm, quá 20%" in form.errors["rank"][0]
    response = client.post(DISTRICT, unit_data(small_tree.ward, rank="2", sub_units_disciplined="3"))
    assert "từ 0 đến 2" in line_of(response, small_tree.ward)["form"].errors["sub_units_disciplined"][0]
    assert not OrganizationRating.objects.exists()
    response = client.post(
        DISTRICT,
        unit_data(small_tree.ward, rank="2", sub_units_disciplined="1", override_reason="Đã khắc phục"),
    )
    assert response.status_code == 302
    rating = OrganizationRating.objects.get(organization=small_tree.ward)
    assert (rating.rank, rating.sub_units_disciplined, rating.override_reason) == (2, 1, "Đã khắc phục")


@pytest.mark.django_db
def test_a_cell_has_no_disciplined_sub_units_field(as_user, small_tree):
    page = as_user("ward_staff").get(WARD)
    assert "sub_units_disciplined" not in line_of(page, small_tree.cell_a)["form"].fields
    assert "sub_units_disciplined" in line_of(page, small_tree.ward)["form"].fields


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["secretary_b", "outsider"])
def test_others_may_not_self_assess_the_cell(as_user, small_tree, persona):
    client = as_user(persona)
    assert client.get(CELL).status_code == 404
    assert client.post(CELL, unit_data(small_tree.cell_a, stage="self", rank="1")).status_code == 404
    assert not OrganizationRating.objects.exists()
