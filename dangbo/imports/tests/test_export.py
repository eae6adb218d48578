"""The exports: what each contains, through the user's scope, and that importing one changes nothing."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from dangbo.accounts.scope import system_actor
from dangbo.core.tests.print_ready import assert_print_ready
from dangbo.evaluations.services import award_record, member_rating_record, organization_rating_record
from dangbo.imports.tests.helpers import errors, run
from dangbo.members.services import member_act, member_transfer

SYSTEM = system_actor("kiểm thử: test_export")

pytestmark = pytest.mark.django_db


def _sheets(content: bytes) -> dict[str, list[list[Any]]]:
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return {name: workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names}


@pytest.fixture
def people(small_tree, make_member):
    an = make_member(small_tree.cell_a, "Nguyễn Văn An", cccd="079080001234", birth_name="Nguyễn Văn Ân",
                     party_card_number="11223344", education="12/12", political_theory="intermediate")  # fmt: skip
    binh = make_member(small_tree.cell_a, "Trần Thị Bình", sex="female", birth_date=date(1985, 2, 3))
    cuong = make_member(small_tree.cell_b, "Lê Văn Cường", cccd="079080005678")
    em = make_member(small_tree.other_cell, "Hoàng Văn Em", cccd="079080009999")
    member_transfer(actor=SYSTEM, member=cuong, to_organization=small_tree.cell_a, transfer_type="internal",
                    effective_on=date(2019, 6, 1), decision_number="5-QĐ/ĐU", decision_date=date(2019, 6, 1))  # fmt: skip
    member_act(
        actor=SYSTEM,
        member=binh,
        kind="death",
        effective_on=date(2020, 2, 2),
        decision_number="",
        decision_date=None,
    )
    return {"an": an, "binh": binh, "cuong": cuong, "em": em}


def test_the_member_list_export_follows_the_pages_filters_and_scope(as_user, people):
    client = as_user("secretary_a")
    content = client.get(reverse("imports_export_members") + "?q=nguyen").content
    sheets = _sheets(content)
    rows = sheets["Đảng viên"]
    assert rows[2][:3] == ["Họ và tên", "Giới tính", "Ngày sinh"]
    names = [r[0] for r in rows[3:]]
    assert names == ["Nguyễn Văn An"]
    everyone = _sheets(
        as_user("officer").get(reverse("imports_export_members") + "?tinh-trang=tat-ca").content
    )
    names = sorted(r[0] for r in everyone["Đảng viên"][3:])
    assert names == ["Hoàng Văn Em", "Lê Văn Cường", "Nguyễn Văn An", "Trần Thị Bình"]
    events = everyone["Quá trình sinh hoạt"]
    assert any(r[4] == "Từ trần" for r in events[3:])
    ward = _sheets(
        as_user("ward_staff").get(reverse("imports_export_members") + "?tinh-trang=tat-ca").content
    )
    assert "Hoàng Văn Em" not in [r[0] for r in ward["Đảng viên"][3:]]


def test_the_member_list_page_offers_the_export_with_its_filters(as_user, people):
    page = as_user("officer").get(reverse("member_list") + "?q=an&gioi-tinh=male").content.decode()
    assert reverse("imports_export_members") + "?q=an&amp;gioi-tinh=male" in page


def test_exports_import_back_without_changing_anything(as_user, people, small_tree, officer):
    member_rating_record(
        actor=officer, member=people["an"], year=2019, stage="decision", rank=1, historical=True
    )
    member_rating_record(
        actor=officer, member=people["cuong"], year=2019, stage="decision", rank=2, historical=True
    )
    organization_rating_record(
        actor=officer, organization=small_tree.cell_a, year=2019, stage="decision", rank=2, historical=True
    )
    award_record(actor=officer, kind="certificate", year=2019, title="Hoàn thành xuất sắc nhiệm vụ", given_by="Đảng ủy phường",
                 decision_number="3-QĐ/ĐU", decision_date=date(2020, 1, 15), member=people["an"])  # fmt: skip
    client = as_user("officer")
    files = {
        "members": client.get(reverse("imports_export_members") + "?tinh-trang=tat-ca").content,
        "register": client.get(reverse("imports_export_register") + "?org=D&ngay=31/12/2019").content,
        "organizations": client.get(
            reverse("imports_export_organizations") + "?org=D&ngay=31/12/2019"
        ).content,
        "reviews": client.get(reverse("imports_export_reviews") + "?org=D&nam=2019").content,
    }
    assert_print_ready(files["register"], a3=("Sổ đảng viên (Mẫu 7-HSĐV)",), title="SỔ DANH SÁCH ĐẢNG VIÊN")
    for name in ("members", "organizations", "reviews"):
        assert_print_ready(files[name])
    for name, content in files.items():
        outcome = run(content, system_actor("kiểm thử"))
        assert outcome.ok, (name, errors(outcome))
        assert outcome.written.total == 0, (name, outcome.written)
        assert outcome.result.plan.writes() == 0, name


def test_the_register_has_the_14_columns_and_the_members_on_the_books_that_day(as_user, people):
    response = as_user("officer").get(reverse("imports_export_register") + "?org=W1&ngay=31/12/2019")
    assert response["Content-Disposition"].endswith('filename="so-dang-vien-W1-2019-12-31.xlsx"')
    content = response.content
    sheets = _sheets(content)
    subtitle = sheets["Sổ đảng viên (Mẫu 7-HSĐV)"][1][0]
    assert subtitle == "Đảng bộ phường An Bình (Đảng bộ Quận Thử) — tại ngày 31/12/2019"  # with its superior
    register = sheets["Sổ đảng viên (Mẫu 7-HSĐV)"]
    header = register[3]
    assert len(header) == 14 and header[0] == "Số TT" and header[13] == "Ghi chú"
    rows = register[5:]
    assert [r[1].split("\n")[0] for r in rows] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    an = rows[0]
    assert an[1] == "Nguyễn Văn An\nNguyễn Văn Ân"
    assert an[2] == "Nam\nKinh\nKhông"
    assert an[4].startswith("12/12\nTrung cấp")
    assert an[6] == "02/03/2005\n02/03/2006"
    assert an[7] == "11223344"
    assert an[10].startswith("01/01/2015")  # received into the cell
    members = sheets["Đảng viên"]
    assert [r[10] for r in members[3:]] == ["W1A", "W1A", "W1A"]  # Lê Văn Cường's cell that day


def test_the_register_of_an_earlier_day_and_outside_the_scope(as_user, people):
    rows = _sheets(
        as_user("officer").get(reverse("imports_export_register") + "?org=W1&ngay=31/12/2018").content
    )["Đảng viên"]
    assert {r[0]: r[10] for r in rows[3:]}["Lê Văn Cường"] == "W1B"
    assert as_user("ward_staff").get(reverse("imports_export_register") + "?org=W2").status_code == 404


def test_an_organization_that_did_not_exist_that_day_is_said_so(as_user, people):
    response = as_user("officer").get(
        reverse("imports_export_register") + "?org=D&ngay=01/01/2000", follow=True
    )
    assert "không hoạt động vào ngày 01/01/2000" in response.content.decode()


def test_the_tree_page_offers_the_tree_and_the_register_of_its_day(as_user, people):
    page = as_user("officer").get(reverse("org_tree") + "?ngay=31/12/2019").content.decode()
    assert reverse("imports_export_organizations") + "?org=D&amp;ngay=31/12/2019" in page
    assert reverse("imports_export_register") + "?org=D&amp;ngay=31/12/2019" in page
