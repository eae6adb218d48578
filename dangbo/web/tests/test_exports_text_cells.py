"""Every workbook export writes stored text as text: a name starting with "=" is never a formula, and a
control character stored in a name (the API and the import once let them in) neither breaks the file nor
reaches it. The hostile values are written straight through the ORM: what the database holds."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.accounts.scope import system_actor
from dangbo.evaluations.services import member_rating_record
from dangbo.members.models import Member
from dangbo.organizations.models import Organization, OrganizationVersion
from dangbo.targets.services import Presence, meeting_record, targets_set

SYSTEM = system_actor("kiểm thử: test_exports_text_cells")

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x","y")'
SUM = "=1+1"
CONTROL = "Chi bộ\x1b Khu\x00 phố 1"
if connection.vendor == "postgresql":  # PostgreSQL cannot hold NUL in text: such a value cannot be stored
    CONTROL = CONTROL.replace("\x00", "")
HOSTILE = (HYPERLINK, SUM, CONTROL)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _store(model, pk: int, **values) -> None:
    model.objects.filter(pk=pk).update(**values)


@pytest.fixture
def hostile(small_tree, make_member):
    """Three cells and three members named with the hostile values, rated and met in 2019; the
    district's units named with them too."""
    cells = [small_tree.cell_a, small_tree.cell_b, small_tree.school]
    members = [make_member(cell, "Nguyễn Văn An") for cell in cells]
    targets_set(actor=SYSTEM, organization=small_tree.ward, year=2019, values={"new_members": 2})
    for cell, member, text in zip(cells, members, HOSTILE, strict=True):
        member_rating_record(
            actor=SYSTEM, member=member, year=2019, stage="decision", rank=2, historical=True
        )
        meeting_record(
            actor=SYSTEM,
            cell=cell,
            held_on=date(2019, 3, 5),
            kind="regular",
            topics=text,
            attendance={member.pk: Presence("unexcused")},
        )
        _store(Organization, cell.pk, name=text)
        OrganizationVersion.objects.filter(organization_id=cell.pk).update(name=text)
        _store(Member, member.pk, full_name=text, birth_name=text, hometown=text)
    # the district's units, for the targets' sheet by unit: W1, W2 and S1 (named above)
    for organization, text in ((small_tree.ward, HYPERLINK), (small_tree.other_ward, SUM)):
        _store(Organization, organization.pk, name=text)
        OrganizationVersion.objects.filter(organization_id=organization.pk).update(name=text)
    return small_tree


def _texts(content: bytes) -> list[tuple[str, str]]:
    """(value, data_type) of every non-empty cell of every sheet, read back with openpyxl."""
    workbook = load_workbook(io.BytesIO(content))
    return [
        (cell.value, cell.data_type)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


EXPORTS = {
    "member list": ("imports_export_members", {"tinh-trang": "tat-ca"}),
    "register": ("imports_export_register", {"org": "D", "ngay": "31/12/2019"}),
    "ratings": ("imports_export_reviews", {"org": "D", "nam": "2019"}),
    "organizations": ("imports_export_organizations", {"org": "D", "ngay": "31/12/2019"}),
    "meetings": ("meetings_index", {"org": "D", "nam": "2019", "dinh_dang": "xlsx"}),
    "targets": ("targets_index", {"org": "D", "nam": "2019", "dinh_dang": "xlsx"}),
}


@pytest.mark.parametrize("export", EXPORTS)
def test_the_export_writes_hostile_names_as_plain_text(export, hostile, as_user):
    url, params = EXPORTS[export]
    response = as_user("officer").get(reverse(url), params)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    cells = _texts(response.content)
    assert not [c for c in cells if c[1] in ("f", "e")], "no formula or error cell in an export"
    values = {value for value, _ in cells}
    for text in (HYPERLINK, SUM, "Chi bộ Khu phố 1"):  # the last: CONTROL without ESC and NUL
        assert text in values, f"{text!r} is not a cell of the {export} export"
        assert {t for v, t in cells if isinstance(v, str) and text in v} == {"s"}
    assert not any("\x1b" in v or "\x00" in v for v in values if isinstance(v, str))
