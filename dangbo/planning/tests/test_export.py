"""/quy-hoach/<code>/<term>/quy-hoach.xlsx and the planning_report command."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.accounts.scope import system_actor
from dangbo.core.tests.print_ready import assert_print_ready
from dangbo.planning import services
from dangbo.planning.tests.helpers import ADDED, position

SYSTEM = system_actor("kiểm thử: test_export")

pytestmark = pytest.mark.django_db
URL = reverse("planning_export", args=["W1", "2025-2030"])


@pytest.fixture
def planned(small_tree, make_member):
    return services.candidacy_add(
        actor=SYSTEM,
        position=position(small_tree.ward),
        member=make_member(small_tree.cell_a, "Trần Thị Lan", sex="female"),
        added_on=ADDED,
    )


def test_the_plan_downloads_as_xlsx(as_user, planned):
    response = as_user("ward_staff").get(URL)
    assert response.status_code == 200
    assert "quy-hoach-W1-2025-2030.xlsx" in response["Content-Disposition"]
    assert_print_ready(response.content, title="QUY HOẠCH")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Quy hoạch", "Cơ cấu", "Đã đưa ra", "Rà soát hằng năm"]
    rows = list(workbook["Quy hoạch"].iter_rows(values_only=True))
    assert rows[4][:5] == ("Bí thư Đảng ủy", 1, "Trần Thị Lan", "17/05/1980", "Nữ")
    structure = list(workbook["Cơ cấu"].iter_rows(values_only=True))
    assert structure[2][0] == "Chỉ số"  # the header under the title and subtitle
    assert structure[5] == ("Cán bộ nữ", 1, 100, "≥ 25 %")
    from dangbo.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="export.planning", actor__username="phuong1").count() == 1


def test_outside_the_scope_the_export_is_not_found(as_user, planned):
    assert as_user("outsider").get(URL).status_code == 404
    assert as_user("secretary_b").get(URL).status_code == 404
    # a read-only download: a POST is refused before anything is looked up (405), inside or out
    assert as_user("outsider").post(URL).status_code == 405
    assert as_user("ward_staff").post(URL).status_code == 405


def test_the_command_prints_json_and_text(planned):
    out = io.StringIO()
    call_command(
        "planning_report",
        "--org",
        "W1",
        "--term",
        "2025-2030",
        "--year",
        "2024",
        "--format",
        "json",
        stdout=out,
    )
    report = json.loads(out.getvalue())
    assert report["positions"] == [{"title": "Bí thư Đảng ủy", "seats": 1, "candidates": ["Trần Thị Lan"]}]
    assert report["structure"]["women_percent"] == "100,00 %"
    out = io.StringIO()
    call_command("planning_report", "--org", "W1", "--term", "2025-2030", "--year", "2024", stdout=out)
    assert "Năm 2024, Đảng bộ phường An Bình thực hiện rà soát" in out.getvalue()


def test_the_command_refuses_an_unknown_term(planned):
    with pytest.raises(CommandError, match="--term: chưa có quy hoạch nhiệm kỳ 2030 - 2035"):
        call_command("planning_report", "--org", "W1", "--term", "2030-2035")
