"""The organizations sheet: new nodes are established through organization_establish, parents first;
recorded ones are never changed by a file."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dangbo.imports.tests.helpers import MEMBER_HEADERS, ORG_HEADERS, errors, member_row, run, warnings, xlsx
from dangbo.members.models import Member
from dangbo.organizations.models import Organization, OrganizationEvent

pytestmark = pytest.mark.django_db


def test_new_organizations_are_established_parents_first_whatever_the_row_order(small_tree):
    rows: list[list[Any]] = [
        ["W3A", "Chi bộ Khu phố 7", "W3", "Chi bộ trực thuộc", "Khu phố", "01/02/2020"],
        ["W3", "Đảng bộ phường Tân Phú", "D", "Đảng bộ cơ sở", "Phường", date(2020, 1, 1)],
    ]
    outcome = run(xlsx({"Tổ chức": [ORG_HEADERS, *rows]}))
    assert outcome.ok, errors(outcome)
    ward = Organization.objects.get(code="W3")
    cell = Organization.objects.get(code="W3A")
    assert cell.parent == ward and ward.parent == small_tree.district
    assert (cell.kind, cell.sector) == ("affiliated_cell", "residential")
    assert cell.path == f"{ward.path}{cell.pk}/"
    event = OrganizationEvent.objects.get(organization=ward)
    assert event.action == "establish" and event.decision_number == "Nhập từ tệp Excel “thu.xlsx”"


def test_members_may_go_to_a_cell_established_by_the_same_file(small_tree):
    orgs = [["W3A", "Chi bộ Khu phố 7", "W1", "Chi bộ trực thuộc", "Khu phố", "01/02/2016"]]
    members = [member_row(cell="W3A", admitted=date(2016, 5, 19))]
    outcome = run(xlsx({"Tổ chức": [ORG_HEADERS, *orgs], "Đảng viên": [MEMBER_HEADERS, *members]}))
    assert outcome.ok, errors(outcome)
    assert Member.objects.get().organization.code == "W3A"


def test_a_recorded_organization_is_left_as_it_is_and_a_difference_is_a_warning(small_tree):
    rows = [["W1A", "Chi bộ Khu phố Một", "W1", "Chi bộ trực thuộc", "Khu phố", "01/01/2015"]]
    outcome = run(xlsx({"Tổ chức": [ORG_HEADERS, *rows]}))
    assert outcome.ok
    assert outcome.written.total == 0
    assert any("khác với tệp ở tên" in w for w in warnings(outcome))
    assert Organization.objects.get(code="W1A").name == "Chi bộ Khu phố 1"


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (
            ["W3", "Đảng bộ X", "KHONGCO", "Đảng bộ cơ sở", "", "01/01/2020"],
            "C",
            "Không có tổ chức mã “KHONGCO”",
        ),
        (
            ["W3", "Chi bộ X", "W1A", "Chi bộ trực thuộc", "", "01/01/2020"],
            "D",
            "không thể trực thuộc chi bộ trực thuộc",
        ),
        (
            ["W3", "Chi bộ X", "W1", "Chi bộ loại lạ", "", "01/01/2020"],
            "D",
            "Cấp tổ chức “Chi bộ loại lạ” không hợp lệ",
        ),
        (
            ["W3", "Chi bộ X", "W1", "Chi bộ trực thuộc", "", "01/01/2010"],
            "F",
            "không hoạt động vào ngày thành lập",
        ),
        (["W3", "", "W1", "Chi bộ trực thuộc", "", "01/01/2020"], "B", "Thiếu tên tổ chức"),
    ],
)
def test_each_bad_organization_row_names_its_cell(small_tree, row, column, reason):
    outcome = run(xlsx({"Tổ chức": [ORG_HEADERS, row]}))
    assert not outcome.ok
    issue = outcome.result.issues.errors[0]
    assert (issue.row, issue.column) == (2, column), issue.line()
    assert reason in issue.message
    assert not Organization.objects.filter(code="W3").exists()


def test_a_cycle_of_parents_is_an_error(small_tree):
    rows = [
        ["X1", "Đảng bộ X1", "X2", "Đảng bộ cơ sở", "", "01/01/2020"],
        ["X2", "Đảng bộ X2", "X1", "Đảng bộ cơ sở", "", "01/01/2020"],
    ]
    outcome = run(xlsx({"Tổ chức": [ORG_HEADERS, *rows]}))
    assert not outcome.ok
    assert any("Vòng lặp cấp trên" in e for e in errors(outcome))


def test_only_a_system_administrator_may_establish_a_root(as_user, small_tree, personas):
    rows = [["TP", "Đảng bộ Thành phố", "", "Đảng bộ tỉnh, thành phố", "", "01/01/2020"]]
    outcome = run(xlsx({"Tổ chức": [ORG_HEADERS, *rows]}), personas["officer"])
    assert not outcome.ok
    assert "chỉ quản trị hệ thống" in errors(outcome)[0]
    assert run(xlsx({"Tổ chức": [ORG_HEADERS, *rows]})).ok


def test_a_parent_outside_the_users_scope_is_an_error(small_tree, personas):
    rows = [["W2B", "Chi bộ Khu phố 6", "W2", "Chi bộ trực thuộc", "", "01/01/2020"]]
    outcome = run(xlsx({"Tổ chức": [ORG_HEADERS, *rows]}), personas["ward_staff"])
    assert not outcome.ok
    assert "Không có tổ chức mã “W2” trong phạm vi của bạn" in errors(outcome)[0]
