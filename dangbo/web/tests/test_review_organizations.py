"""Ratings of organizations: the units under a node, a form per unit through organization_rating_record."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangbo.evaluations.models import OrganizationRating
from dangbo.evaluations.services import member_rating_record
from dangbo.members.services import member_act
from dangbo.web.tests.helpers import page_text

DISTRICT = reverse("review_organizations", args=[2019, "D"])
WARD = reverse("review_organizations", args=[2019, "W1"])


def unit_data(unit, **values):
    data = {
        "don_vi": str(unit.pk),
        "stage": "decision",
        "decision_number": "7-QĐ/ĐU",
        "decision_date": "25/12/2019",
    }
    data.update(values)
    return {key if key == "don_vi" else f"u{unit.pk}-{key}": value for key, value in data.items()}


def unit_form(response, unit):
    for line in response.context["lines"]:
        if line["row"].organization.pk == unit.pk:
            return line["form"]
    raise AssertionError(f"{unit} is not listed")


@pytest.mark.django_db
def test_the_district_lists_its_grassroots_organizations(as_user, small_tree):
    response = as_user("officer").get(DISTRICT)
    assert response.status_code == 200
    names = [line["row"].version.name for line in response.context["lines"]]
    assert names == ["Chi bộ Trường THPT Đông Hòa", "Đảng bộ phường An Bình", "Đảng bộ phường Bình Đức"]
    text = page_text(response)
    assert "Hoàn thành xuất sắc nhiệm vụ" in text


@pytest.mark.django_db
def test_a_grassroots_committee_lists_itself_and_its_cells(as_user, small_tree):
    response = as_user("ward_staff").get(WARD)
    names = [line["row"].version.name for line in response.context["lines"]]
    assert names == ["Đảng bộ phường An Bình", "Chi bộ Khu phố 1", "Chi bộ Khu phố 2"]
    assert reverse("review_cell", args=[2019, "W1A"]) in page_text(response)


@pytest.mark.django_db
def test_the_ward_staff_rates_a_cell(as_user, small_tree):
    client = as_user("ward_staff")
    response = client.post(WARD, unit_data(small_tree.cell_a, rank="2"))
    assert response.status_code == 302
    assert response["Location"] == f"{WARD}#don-vi-{small_tree.cell_a.pk}"
    rating = OrganizationRating.objects.get(organization=small_tree.cell_a, year=2019)
    assert (rating.rank, rating.decision_number, rating.decision_date) == (2, "7-QĐ/ĐU", date(2019, 12, 25))
    page = page_text(client.get(WARD))
    assert "Đã ghi quyết định xếp loại năm 2019 của Chi bộ Khu phố 1." in page


@pytest.mark.django_db
def test_the_proposal_step_needs_no_decision_number(as_user, small_tree):
    response = as_user("ward_staff").post(
        WARD, unit_data(small_tree.cell_b, stage="proposal", rank="1", decision_number="")
    )
    assert response.status_code == 302
    rating = OrganizationRating.objects.get(organization=small_tree.cell_b)
    assert (rating.proposed_rank, rating.rank) == (1, None)


@pytest.mark.django_db
def test_the_excellent_conditions_block_unless_overridden(as_user, small_tree, officer, make_member):
    members = [make_member(small_tree.cell_a, name) for name in ("Trần Văn A", "Trần Văn B")]
    member_act(
        actor=officer,
        member=members[1],
        kind="discipline",
        form="reprimand",
        effective_on=date(2019, 5, 1),
        decision_number="2-QĐ",
        decision_date=date(2019, 5, 1),
    )
    for member, rank in zip(members, (2, 4), strict=True):
        member_rating_record(
            actor=officer, member=member, year=2019, stage="decision", rank=rank, decision_number="1-TB"
        )
    client = as_user("ward_staff")
    response = client.post(WARD, unit_data(small_tree.cell_a, rank="1"))
    assert response.status_code == 200
    form = unit_form(response, small_tree.cell_a)
    assert form.rule_violation
    assert "Còn 1 đảng viên không hoàn thành nhiệm vụ" in form.errors["rank"][0]
    assert form["rank"].value() == "1"  # the entered value is kept
    assert not OrganizationRating.objects.exists()
    # the other units' forms stay unbound
    assert not unit_form(response, small_tree.cell_b).is_bound

    reason = "Chi bộ hoàn thành xuất sắc nhiệm vụ chính trị đột xuất của năm"
    response = client.post(WARD, unit_data(small_tree.cell_a, rank="1", override_reason=reason))
    assert response.status_code == 302
    rating = OrganizationRating.objects.get(organization=small_tree.cell_a)
    assert rating.rank == 1 and rating.override_reason == reason
    assert {f["rule"] for f in rating.flags} == {"org_excellent_all_complete", "org_excellent_80_percent"}
    page = page_text(client.get(WARD))
    assert "Vượt quy tắc" in page and reason in page


@pytest.mark.django_db
def test_exemplary_only_at_the_top_level_even_with_a_reason(as_user, small_tree):
    response = as_user("officer").post(
        DISTRICT, unit_data(small_tree.school, rank="2", exemplary="on", override_reason="Ý kiến cấp ủy")
    )
    assert response.status_code == 200
    errors = unit_form(response, small_tree.school).errors["exemplary"]
    assert "Chỉ tổ chức được xếp loại “hoàn thành xuất sắc nhiệm vụ” mới được chọn" in errors[0]
    assert not OrganizationRating.objects.exists()


@pytest.mark.django_db
def test_the_school_is_rated_excellent_and_exemplary(as_user, small_tree):
    response = as_user("officer").post(DISTRICT, unit_data(small_tree.school, rank="1", exemplary="on"))
    assert response.status_code == 302
    rating = OrganizationRating.objects.get(organization=small_tree.school)
    assert (rating.rank, rating.exemplary) == (1, True)


@pytest.mark.django_db
def test_missing_rank_and_decision_number_are_named(as_user, small_tree):
    response = as_user("officer").post(DISTRICT, unit_data(small_tree.school, rank="", decision_number=""))
    form = unit_form(response, small_tree.school)
    assert form.errors["rank"] == ["Phải chọn mức xếp loại."]
    assert form.errors["decision_number"] == ["Phải nhập số quyết định xếp loại."]
    assert not OrganizationRating.objects.exists()


@pytest.mark.django_db
def test_not_rated_needs_a_reason(as_user, small_tree):
    client = as_user("officer")
    response = client.post(DISTRICT, unit_data(small_tree.school, rank="khong"))
    assert unit_form(response, small_tree.school).errors["rank"] == [
        "Phải chọn mức xếp loại hoặc ghi lý do không xếp loại."
    ]
    response = client.post(
        DISTRICT, unit_data(small_tree.school, rank="khong", not_rated_reason="Đang kiện toàn cấp ủy")
    )
    assert response.status_code == 302
    assert (
        OrganizationRating.objects.get(organization=small_tree.school).not_rated_reason
        == "Đang kiện toàn cấp ủy"
    )


@pytest.mark.django_db
def test_a_unit_that_is_not_listed_is_refused(as_user, small_tree):
    response = as_user("ward_staff").post(WARD, unit_data(small_tree.school, rank="2"))
    assert response.status_code == 302
    assert not OrganizationRating.objects.exists()


@pytest.mark.django_db
def test_the_viewer_sees_but_may_not_rate(as_user, small_tree):
    client = as_user("viewer")
    page = client.get(DISTRICT)
    assert page.status_code == 200 and not page.context["can_write"]
    assert client.post(DISTRICT, unit_data(small_tree.school, rank="2")).status_code == 403
    assert not OrganizationRating.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "secretary_a"])
def test_others_do_not_see_the_ward(as_user, small_tree, persona):
    client = as_user(persona)
    assert client.get(WARD).status_code == 404
    assert client.post(WARD, unit_data(small_tree.cell_a, rank="2")).status_code == 404
    assert not OrganizationRating.objects.exists()


@pytest.mark.django_db
def test_a_province_lists_its_districts_and_only_its_own_grassroots(as_user, small_tree, personas):
    from dangbo.organizations.models import Kind, Sector
    from dangbo.organizations.services import Decision, organization_establish, organization_move

    admin = personas["admin"]  # a new root, and the district moved under it: the system administrator
    decision = Decision(number="1-QĐ/TU", date=date(2015, 1, 1))
    province = organization_establish(
        actor=admin,
        code="P",
        name="Đảng bộ Tỉnh Thử",
        kind=Kind.PROVINCE,
        sector=Sector.OTHER,
        parent=None,
        effective_on=date(2015, 1, 1),
        decision=decision,
    )
    organization_move(
        actor=admin,
        organization=small_tree.district,
        new_parent=province,
        effective_on=date(2015, 1, 2),
        decision=decision,
    )
    agency = organization_establish(
        actor=admin,
        code="PA",
        name="Chi bộ Văn phòng Tỉnh ủy",
        kind=Kind.GRASSROOTS_CELL,
        sector=Sector.AGENCY,
        parent=province,
        effective_on=date(2015, 1, 2),
        decision=decision,
    )
    response = as_user("admin").get(reverse("review_organizations", args=[2019, "P"]))
    assert [line["row"].organization for line in response.context["lines"]] == [agency]
    assert [v.organization.code for v in response.context["sub_committees"]] == ["D"]
    assert DISTRICT in page_text(response)
