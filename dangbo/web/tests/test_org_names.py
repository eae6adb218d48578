"""Names that identify: six wards each with a "Chi bộ Khu phố 1" and a "Nguyễn Văn An" in it; every
page and picker that names the cell says which ward it belongs to (dangbo/organizations/names.py)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from dangbo.accounts.models import RoleAssignment, User
from dangbo.accounts.scope import system_actor
from dangbo.evaluations.services import award_record, member_rating_record
from dangbo.members.models import Member
from dangbo.organizations import names
from dangbo.organizations.models import Kind, Organization, Sector
from dangbo.organizations.services import Decision, organization_establish
from dangbo.web.tests.helpers import decision, field_errors, page_text

SYSTEM = system_actor("kiểm thử: test_org_names")

WARDS = ["Long Bình", "Long Phước", "Long Thạnh Mỹ", "Phú Hữu", "Phước Long A", "Trường Thạnh"]


def _establish(code, name, kind, sector, parent):
    return organization_establish(
        actor=SYSTEM,
        code=code,
        name=name,
        kind=kind,
        sector=sector,
        parent=parent,
        effective_on=date(2015, 1, 1),
        decision=Decision(number="01-QĐ/QU", date=date(2015, 1, 1)),
    )


@pytest.fixture
def six_wards(db, make_member):
    district = _establish("Q", "Đảng bộ Quận Chín", Kind.DISTRICT, Sector.OTHER, None)
    cells, members = [], []
    for i, ward_name in enumerate(WARDS, start=1):
        ward = _establish(
            f"P{i}", f"Đảng bộ phường {ward_name}", Kind.GRASSROOTS_COMMITTEE, Sector.WARD, district
        )
        cell = _establish(f"P{i}K1", "Chi bộ Khu phố 1", Kind.AFFILIATED_CELL, Sector.RESIDENTIAL, ward)
        cells.append(cell)
        members.append(
            make_member(
                cell,
                "Nguyễn Văn An",
                status="probationary",
                admitted=date(2018, 3, 1),
                on=date(2018, 3, 1),
                birth_date=date(1990, 1, i),
            )
        )
    officer = User.objects.create_user(username="quan9", password="x")
    RoleAssignment.objects.create(
        user=officer, organization=district, role=RoleAssignment.Role.COMMITTEE_OFFICER
    )
    client = Client()
    client.force_login(officer)
    return {"district": district, "cells": cells, "members": members, "client": client}


def _full(i: int) -> str:
    return f"Chi bộ Khu phố 1 – Đảng bộ phường {WARDS[i]}"


@pytest.mark.django_db
def test_a_cell_under_a_grassroots_committee_carries_its_name_and_the_committee_its_own(six_wards):
    cells = six_wards["cells"]
    shown = names.display_names([*cells, six_wards["district"], cells[0].parent])
    assert [shown[c.pk] for c in cells] == [_full(i) for i in range(6)]
    assert shown[six_wards["district"].pk] == "Đảng bộ Quận Chín"
    assert shown[cells[0].parent.pk] == "Đảng bộ phường Long Bình"


@pytest.mark.django_db
def test_a_cell_under_a_partial_committee_names_both(six_wards):
    ward = six_wards["cells"][5].parent
    partial = _establish(
        "P6B", "Đảng bộ bộ phận Khu dân cư", Kind.PARTIAL_COMMITTEE, Sector.RESIDENTIAL, ward
    )
    cell = _establish("P6B1", "Chi bộ Tổ 1", Kind.AFFILIATED_CELL, Sector.RESIDENTIAL, partial)
    assert names.display_names([cell])[cell.pk] == (
        "Chi bộ Tổ 1 – Đảng bộ bộ phận Khu dân cư – Đảng bộ phường Trường Thạnh"
    )


@pytest.mark.django_db
def test_the_names_of_a_list_take_one_query(six_wards, django_assert_num_queries):
    cells = [Organization.objects.get(pk=c.pk) for c in six_wards["cells"]]
    with django_assert_num_queries(1):
        names.label(cells)
    assert [names.display_name(c) for c in cells] == [_full(i) for i in range(6)]


@pytest.mark.django_db
def test_search_results_tell_the_six_cells_apart(six_wards):
    html = page_text(six_wards["client"].get(reverse("member_list"), {"q": "nguyen van an"}))
    assert html.count("Nguyễn Văn An") >= 6
    for i in range(6):
        assert _full(i) in html


@pytest.mark.django_db
def test_the_conversions_list_tells_the_six_cells_apart(six_wards):
    html = page_text(six_wards["client"].get(reverse("conversions_due")))
    for i in range(6):
        assert _full(i) in html


@pytest.mark.django_db
def test_the_member_lists_organization_picker_names_the_ward(six_wards):
    response = six_wards["client"].get(reverse("member_list"))
    labels = [label.strip("\u00a0") for _, label in response.context["org_options"]]
    for i in range(6):
        assert _full(i) in labels


@pytest.mark.django_db
def test_the_report_award_list_names_each_members_cell_and_ward(six_wards):
    for member in six_wards["members"]:
        member_rating_record(
            actor=SYSTEM,
            member=member,
            year=2019,
            stage="decision",
            rank=1,
            decision_number="1-TB",
            historical=True,
        )
        award_record(
            actor=SYSTEM,
            kind="certificate",
            year=2019,
            title="Đảng viên hoàn thành xuất sắc nhiệm vụ 2019",
            given_by="Quận ủy",
            decision_number="05-QĐ/QU",
            decision_date=date(2020, 1, 15),
            member=member,
        )
    response = six_wards["client"].get(reverse("report_year"), {"org": "Q", "nam": "2019"})
    targets = [a.target for a in response.context["report"].commendations]
    assert sorted(targets) == sorted(f"Nguyễn Văn An ({_full(i)})" for i in range(6))
    html = page_text(response)
    for i in range(6):
        assert f"Nguyễn Văn An ({_full(i)})" in html


@pytest.fixture
def dissolving(six_wards, make_member):
    """A second cell of Trường Thạnh to dissolve; the picker offers every cell of the district."""
    ward = six_wards["cells"][5].parent
    cell = _establish("P6K2", "Chi bộ Khu phố 2", Kind.AFFILIATED_CELL, Sector.RESIDENTIAL, ward)
    member = make_member(cell, "Trần Văn Bảy")
    return {
        **six_wards,
        "cell": cell,
        "member": member,
        "url": reverse("organization_dissolve", args=["P6K2"]),
    }


@pytest.mark.django_db
def test_the_dissolve_picker_lists_cells_with_their_ward(dissolving):
    html = page_text(dissolving["client"].get(dissolving["url"]))
    for i in range(6):
        assert f'<option value="P{i + 1}K1">{_full(i)}</option>' in html


@pytest.mark.django_db
def test_the_dissolve_picker_finds_a_cell_by_its_name_typed_without_accents(dissolving):
    member = dissolving["member"]
    response = dissolving["client"].post(
        dissolving["url"],
        {f"member_{member.pk}": "chi bo khu pho 1 - dang bo phuong truong thanh", **decision()},
    )
    assert response.status_code == 302, field_errors(response, f"member_{member.pk}")
    assert Member.objects.get(pk=member.pk).organization.code == "P6K1"


@pytest.mark.django_db
def test_the_dissolve_picker_finds_a_cell_by_its_code_in_any_case(dissolving):
    member = dissolving["member"]
    response = dissolving["client"].post(dissolving["url"], {f"member_{member.pk}": "p2k1", **decision()})
    assert response.status_code == 302
    assert Member.objects.get(pk=member.pk).organization.code == "P2K1"


@pytest.mark.django_db
def test_a_name_that_fits_six_cells_asks_for_more(dissolving):
    member = dissolving["member"]
    response = dissolving["client"].post(
        dissolving["url"], {f"member_{member.pk}": "chi bo khu pho 1", **decision()}
    )
    [error] = field_errors(response, f"member_{member.pk}")
    assert error.startswith(
        "“chi bo khu pho 1” khớp với 6 chi bộ: Chi bộ Khu phố 1 – Đảng bộ phường Long Bình (mã P1K1);"
    )
    assert Member.objects.get(pk=member.pk).organization.code == "P6K2"
