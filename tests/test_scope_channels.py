"""Scope on the channels other than the URL: an id in an import file, in a form's body, an export's
content, a command run for a user. For each role, a row or a field naming a member or organization
outside its subtree is refused and nothing is written; the same request inside the subtree passes
(so that each test can fail). URL ids and filters (?org=CODE on reports, exports and lists) are in
tests/test_scope_matrix.py."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.accounts.scope import system_actor
from dangbo.audit.models import AuditEntry
from dangbo.evaluations.models import MemberRating, OrganizationRating
from dangbo.imports.tests.helpers import (
    MEMBER_HEADERS,
    ORG_HEADERS,
    ORG_RATING_HEADERS,
    RATING_HEADERS,
    errors,
    member_row,
    run,
    xlsx,
)
from dangbo.members.models import Member
from dangbo.organizations.models import Kind, Organization, Sector
from dangbo.organizations.services import Decision, organization_establish
from dangbo.web.tests.helpers import decision, field_errors, row_counts

SYSTEM = system_actor("kiểm thử: test_scope_channels")

pytestmark = pytest.mark.django_db

# persona -> (a cell inside its scope, a cell outside it); "XA" is a cell under a second root
CELLS = {
    "officer": ("W1A", "XA"),
    "ward_staff": ("W1A", "W2A"),
    "secretary_a": ("W1A", "W1B"),
    "secretary_b": ("W1B", "W1A"),
    "outsider": ("W2A", "W1A"),
}
WRITERS = list(CELLS)


@pytest.fixture
def world(small_tree, make_member, personas) -> dict[str, Any]:
    """small_tree with a second root X and its cell XA, and one member per cell (CCCD 0790800000NN)."""
    start = date(2015, 1, 1)
    root = organization_establish(
        actor=SYSTEM,
        code="X",
        name="Đảng bộ Huyện Thử Khác",
        kind=Kind.DISTRICT,
        sector=Sector.OTHER,
        parent=None,
        effective_on=start,
        decision=Decision(number="01-QĐ/QU", date=start),
    )
    organization_establish(
        actor=SYSTEM,
        code="XA",
        name="Chi bộ Ấp Bến Đò",
        kind=Kind.GRASSROOTS_CELL,
        sector=Sector.OTHER,
        parent=root,
        effective_on=start,
        decision=Decision(number="01-QĐ/QU", date=start),
    )
    members = {}
    names = ["Nguyễn Văn Một", "Trần Thị Hai", "Lê Văn Ba", "Phạm Thị Năm", "Hoàng Văn Sáu"]
    for number, (code, name) in enumerate(
        zip(["W1A", "W1B", "S1", "W2A", "XA"], names, strict=True), start=1
    ):
        members[code] = make_member(Organization.objects.get(code=code), name, cccd=f"0790800000{number:02d}")
    return {"members": members, "personas": personas}


def client_of(world: dict[str, Any], persona: str) -> Client:
    client = Client()
    client.force_login(world["personas"][persona])
    return client


def written() -> dict[str, int]:
    return row_counts() | {
        "MemberRating": MemberRating.objects.count(),
        "OrganizationRating": OrganizationRating.objects.count(),
        "AuditEntry": AuditEntry.objects.count(),
    }


# --- import files -----------------------------------------------------------------------------------


def _member_file(cell: str) -> bytes:
    return xlsx({"Đảng viên": [MEMBER_HEADERS, member_row("Nguyễn Văn Mới", cccd="079090000099", cell=cell)]})


def _rating_file(world: dict[str, Any], cell: str) -> bytes:
    cccd = world["members"][cell].cccd
    return xlsx({"Xếp loại": [RATING_HEADERS, [cccd, "", "", 2019, "HTTNV", ""]]})


def _org_rating_file(world: dict[str, Any], cell: str) -> bytes:
    return xlsx({"Tổ chức": [ORG_RATING_HEADERS, [cell, "", 2019, "HTTNV", ""]]})


def _organization_file(world: dict[str, Any], cell: str) -> bytes:
    parent = Organization.objects.get(code=cell).parent
    assert parent is not None
    kind = "Chi bộ trực thuộc" if parent.kind == Kind.GRASSROOTS_COMMITTEE else "Chi bộ cơ sở"
    row = ["NEW1", "Chi bộ Mới Lập", parent.code, kind, "", "01/01/2020"]
    return xlsx({"Tổ chức": [ORG_HEADERS, row]})


FILES = {
    "a member row in a cell": lambda world, cell: _member_file(cell),
    "a member's rating": _rating_file,
    "an organization's rating": _org_rating_file,
    "a new organization under a parent": _organization_file,
}


@pytest.mark.parametrize("persona", WRITERS)
@pytest.mark.parametrize("sheet", list(FILES))
def test_an_import_row_outside_the_subtree_is_a_row_error_and_writes_nothing(world, persona, sheet):
    inside: str | None = CELLS[persona][0]
    outside = CELLS[persona][1]
    make = FILES[sheet]
    if sheet == "a new organization under a parent" and persona.startswith("secretary"):
        inside = None  # a cell secretary establishes nothing: the file is refused inside the scope too
    user = world["personas"][persona]
    before = written()
    outcome = run(make(world, outside), user)
    assert not outcome.ok
    assert errors(outcome)
    assert written() == before
    if inside is not None:
        outcome = run(make(world, inside), user)
        assert outcome.ok, errors(outcome)
        assert written() != before


def test_an_import_by_a_user_of_two_nodes_reaches_both(world, personas):
    from dangbo.accounts.models import RoleAssignment

    user = personas["secretary_a"]
    RoleAssignment.objects.create(
        user=user, organization=Organization.objects.get(code="W2A"), role=RoleAssignment.Role.CELL_SECRETARY
    )
    rows = [
        member_row("Nguyễn Văn Mới", cccd="079090000098", cell="W1A"),
        member_row("Trần Văn Mới", cccd="079090000097", cell="W2A"),
    ]
    outcome = run(xlsx({"Đảng viên": [MEMBER_HEADERS, *rows]}), user)
    assert outcome.ok, errors(outcome)
    outcome = run(_member_file("W1B"), user)
    assert not outcome.ok


def test_the_import_command_for_a_user_refuses_a_row_outside_their_subtree(world, tmp_path, capsys):
    path = tmp_path / "ngoai.xlsx"
    path.write_bytes(_member_file("W2A"))
    before = written()
    with pytest.raises(SystemExit):
        call_command("import_xlsx", str(path), "--user", "phuong1")  # the ward staff of W1
    assert "W2A" in capsys.readouterr().err
    assert written() == before
    path.write_bytes(_member_file("W1B"))
    call_command("import_xlsx", str(path), "--user", "phuong1")
    assert Member.objects.filter(full_name="Nguyễn Văn Mới").exists()


# --- ids in the body of a form ------------------------------------------------------------------------


def _admission(cell: Organization, **extra: str) -> dict[str, str]:
    return {
        "full_name": "Đặng Thị Lan",
        "sex": "female",
        "birth_date": "12/08/2001",
        "ethnicity": "Kinh",
        "religion": "Không",
        "cccd": "079301004321",
        "cell": str(cell.pk),
        "ceremony_on": "15/06/2025",
        "source_group": "student",
        **decision(effective_on="10/06/2025", decision_date="10/06/2025"),
        **extra,
    }


@pytest.mark.parametrize("persona", WRITERS)
def test_admitting_into_a_cell_outside_the_subtree_is_refused(world, persona):
    inside, outside = (Organization.objects.get(code=c) for c in CELLS[persona])
    client = client_of(world, persona)
    before = written()
    response = client.post(reverse("member_admit"), _admission(outside))
    if persona.startswith("secretary"):  # a cell proposes; the level that admits decides
        assert response.status_code == 403
        assert client.post(reverse("member_admit"), _admission(inside)).status_code == 403
        assert written() == before
        return
    assert response.status_code == 200
    assert field_errors(response, "cell")
    assert written() == before
    assert client.post(reverse("member_admit"), _admission(inside)).status_code == 302


def test_a_sponsor_outside_the_subtree_is_refused(world):
    client = client_of(world, "ward_staff")
    cell = Organization.objects.get(code="W1A")
    before = written()
    response = client.post(
        reverse("member_admit"), _admission(cell, sponsors=str(world["members"]["W2A"].pk))
    )
    assert field_errors(response, "sponsors")
    assert written() == before
    response = client.post(
        reverse("member_admit"), _admission(cell, sponsors=str(world["members"]["W1B"].pk))
    )
    assert response.status_code == 302


def test_merging_a_cell_from_outside_the_subtree_is_refused(world):
    client = client_of(world, "ward_staff")
    url = reverse("organization_merge", args=["W1A"])
    before = written()
    response = client.post(url, {"sources": [str(Organization.objects.get(code="W2A").pk)], **decision()})
    assert response.status_code == 200 and field_errors(response, "sources")
    assert written() == before
    response = client.post(url, {"sources": [str(Organization.objects.get(code="W1B").pk)], **decision()})
    assert response.status_code == 302


def test_moving_under_a_parent_outside_the_subtree_is_refused(world):
    data = {"new_parent": str(Organization.objects.get(code="W2").pk), **decision()}
    url = reverse("organization_move", args=["W1A"])
    before = written()
    response = client_of(world, "ward_staff").post(url, data)
    assert response.status_code == 200 and field_errors(response, "new_parent")
    assert written() == before
    assert client_of(world, "officer").post(url, data).status_code == 302


def test_rating_an_organization_outside_the_page_is_refused(world):
    """The organization to rate comes in the body (don_vi): one outside the subtree is not rated."""
    outside = Organization.objects.get(code="W2A")
    prefix = f"u{outside.pk}"
    data = {
        "don_vi": str(outside.pk),
        f"{prefix}-stage": "decision",
        f"{prefix}-rank": "2",
        f"{prefix}-decision_number": "5-QĐ",
        f"{prefix}-decision_date": "15/12/2019",
    }
    before = written()
    response = client_of(world, "ward_staff").post(reverse("review_organizations", args=[2019, "W1"]), data)
    assert response.status_code == 302
    assert written() == before


# --- exports: only what is in the subtree -----------------------------------------------------------


def _sheet_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value
    )


@pytest.mark.parametrize("persona", [*WRITERS, "viewer"])
@pytest.mark.parametrize(
    "url_name", ["imports_export_members", "imports_export_register", "imports_export_organizations"]
)
def test_an_export_contains_nothing_outside_the_subtree(world, persona, url_name):
    inside, outside = CELLS.get(persona, ("W1A", "XA"))
    response = client_of(world, persona).get(reverse(url_name))
    if persona == "viewer" and url_name != "imports_export_organizations":
        # the member list and the register name members: refused to a read-only viewer
        assert response.status_code == 403
        assert not [m for m in world["members"].values() if m.full_name in response.content.decode()]
        assert client_of(world, persona).get(reverse(url_name), {"org": inside}).status_code == 403
        assert client_of(world, persona).get(reverse(url_name), {"org": outside}).status_code == 404
        return
    assert response.status_code == 200
    text = _sheet_text(response.content)
    outside_org = Organization.objects.get(code=outside)
    assert outside_org.name not in text
    assert world["members"][outside].full_name not in text
    if url_name != "imports_export_organizations":
        assert world["members"][inside].full_name in text
    assert client_of(world, persona).get(reverse(url_name), {"org": outside}).status_code == 404


def test_a_viewer_exports_the_organizations_ratings_but_not_the_members(world):
    from dangbo.evaluations.services import member_rating_record, organization_rating_record

    for code in ("W1A", "XA"):
        organization_rating_record(
            actor=SYSTEM,
            organization=Organization.objects.get(code=code),
            year=2019,
            stage="decision",
            rank=2,
            decision_number="2-QĐ",
        )
    for member in world["members"].values():
        member_rating_record(
            actor=SYSTEM,
            member=member,
            year=2019,
            stage="decision",
            rank=2,
            decision_number="1-TB",
            historical=True,
        )
    client = client_of(world, "viewer")
    query = {"org": "D", "nam": "2019"}
    organizations = client.get(reverse("imports_export_reviews"), {**query, "phan": "to-chuc"})
    assert organizations.status_code == 200
    text = _sheet_text(organizations.content)
    assert "Chi bộ Khu phố 1" in text and "Chi bộ Ấp Bến Đò" not in text
    assert not [m for m in world["members"].values() if m.full_name in text]
    for part in ("", "dang-vien", "khen-thuong"):  # they name members
        assert client.get(reverse("imports_export_reviews"), {**query, "phan": part}).status_code == 403, part
    everything = client_of(world, "officer").get(reverse("imports_export_reviews"), query)
    assert world["members"]["W1A"].full_name in _sheet_text(everything.content)
