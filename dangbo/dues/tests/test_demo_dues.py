"""The demo's dues of 2026 and the dues_report command over them: children add up to their parent."""

from __future__ import annotations

import io
import json
import time

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from dangbo.core.tests.print_ready import assert_print_ready
from dangbo.dues.models import DuesBasis, DuesExcuse, DuesPayment
from dangbo.organizations.models import Organization

pytestmark = pytest.mark.usefixtures("demo")


def report(*args: str) -> dict:
    out = io.StringIO()
    call_command("dues_report", *args, stdout=out)
    return json.loads(out.getvalue())


def _adds_up(node: dict) -> int:
    """Check every node whose children exist; the number of nodes checked."""
    checked = 0
    if node["children"]:
        for key in ("due", "paid", "arrears"):
            assert node[key] == sum(c[key] for c in node["children"]), (node["code"], key)
        checked += 1
    assert node["kept"] + node["sent_up"] >= 0
    return checked + sum(_adds_up(c) for c in node["children"])


@pytest.mark.django_db
def test_the_demo_has_the_2026_dues_of_the_cells_of_one_ward():
    ward = Organization.objects.get(code="Q9-TT")
    cells = {p.organization.code for p in DuesPayment.objects.select_related("organization")}
    assert cells and all(code.startswith("Q9-TT-") for code in cells)
    assert len(cells) >= 2
    assert DuesBasis.objects.exists() and DuesExcuse.objects.exists()
    assert set(DuesPayment.objects.values_list("method", flat=True)) == {"cash", "online"}
    assert ward.path


@pytest.mark.django_db
def test_the_report_json_adds_up_from_the_cells_to_the_district():
    district = report("--org", "Q9", "--year", "2026", "--format", "json")
    assert {"due", "paid", "arrears", "children"} <= set(district)
    assert _adds_up(district) >= 2
    ward = report("--org", "Q9-TT", "--year", "2026", "--format", "json")
    assert ward["paid"] > 0 and ward["arrears"] > 0 and ward["due"] >= ward["paid"] - ward["arrears"]
    in_district = [c for c in district["children"] if c["code"] == "Q9-TT"]
    assert in_district and in_district[0]["paid"] == ward["paid"]
    march = report("--org", "Q9-TT", "--year", "2026", "--month", "3", "--format", "json")
    assert march["month"] == 3 and _adds_up(march) >= 1


@pytest.mark.django_db
def test_the_report_takes_bounded_cpu_time():
    start = time.process_time()
    report("--org", "Q9", "--year", "2026", "--format", "json")
    assert time.process_time() - start < 20


@pytest.mark.django_db
def test_the_xlsx_report(tmp_path):
    target = tmp_path / "dp.xlsx"
    call_command(
        "dues_report", "--org", "Q9-TT", "--year", "2026", "--format", "xlsx", "--output", str(target)
    )
    assert_print_ready(target.read_bytes(), title="BÁO CÁO THU, NỘP ĐẢNG PHÍ")
    sheet = openpyxl.load_workbook(target).active
    assert sheet["A4"].value == "Q9-TT"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--org", "KHONG-CO", "--year", "2026"), "--org: Không có tổ chức mã"),
        (("--org", "Q9", "--year", "20x6"), "--year"),
        (("--org", "Q9", "--year", "1900"), "--year"),
        (("--org", "Q9", "--year", "2026", "--month", "13"), "--month"),
        (("--org", "Q9", "--year", "2026", "--month", "-1"), "--month"),
    ],
)
def test_bad_arguments_get_a_vietnamese_message(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("dues_report", *args, stdout=io.StringIO())
