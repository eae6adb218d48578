"""manage.py badge_due (JSON of the issue's shape; bad input: a Vietnamese message, nothing written)
and the pages (scope: the cell secretary sees their cell, the viewer the figures only)."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from dangbo.badges.models import BadgeAward, BadgeProposal
from dangbo.core.tests.print_ready import assert_print_ready

OCCASION = "07/11/2019"


@pytest.fixture
def people(small_tree, make_member):
    old = make_member(small_tree.cell_a, "Trần Văn Ba", admitted=date(1989, 11, 7))
    veteran = make_member(small_tree.cell_b, "Phạm Thị Năm", admitted=date(1964, 9, 1))
    return small_tree, old, veteran


def _run(*args):
    out = io.StringIO()
    call_command("badge_due", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_the_due_list_as_json(people):
    tree, old, veteran = people
    data = json.loads(_run("--org", "W1", "--occasion", OCCASION, "--format", "json"))
    assert data["occasion"] == "2019-11-07"
    assert data["members"] == [
        {
            "id": veteran.pk,
            "full_name": "Phạm Thị Năm",
            "organization": "Chi bộ Khu phố 2",
            "admitted_on": "1964-09-01",
            "years": 55,
        },
        {
            "id": old.pk,
            "full_name": "Trần Văn Ba",
            "organization": "Chi bộ Khu phố 1",
            "admitted_on": "1989-11-07",
            "years": 30,
        },
    ]
    assert data["by_years"] == {
        "30": 1,
        "40": 0,
        "45": 0,
        "50": 0,
        "55": 1,
        "60": 0,
        "65": 0,
        "70": 0,
        "75": 0,
        "80": 0,
        "85": 0,
        "90": 0,
    }
    assert "Trần Văn Ba" in _run("--org", "W1", "--occasion", OCCASION, "--format", "text")


def test_the_command_writes_the_xlsx(people, tmp_path):
    target = tmp_path / "hh.xlsx"
    _run("--org", "D", "--occasion", OCCASION, "--format", "xlsx", "--output", str(target))
    assert_print_ready(target.read_bytes(), title="DANH SÁCH ĐẢNG VIÊN ĐỀ NGHỊ TẶNG HUY HIỆU ĐẢNG")
    sheet = load_workbook(target).active
    assert sheet["B4"].value == "Phạm Thị Năm" and sheet["F4"].value == 55


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--org", "XX", "--occasion", OCCASION), "--org: Không có tổ chức mã “XX”"),
        (("--org", "W1", "--occasion", "31/02/2019"), "--occasion: “31/02/2019” không phải là ngày hợp lệ"),
        (("--org", "W1", "--occasion", "08/11/2019"), "không phải là dịp trao Huy hiệu Đảng"),
        (("--org", "W1", "--occasion", OCCASION, "--format", "pdf"), "--format: “pdf” không hợp lệ"),
        (("--org", "W1", "--occasion", OCCASION, "--format", "xlsx"), "--output: phải chỉ định tệp"),
        (("--org", "W1", "--occasion", "01/01/1900"), "không phải là dịp"),
    ],
)
def test_bad_input_gets_a_vietnamese_message_and_writes_nothing(people, args, message, tmp_path):
    with pytest.raises(CommandError) as refused:
        _run(*args)
    assert message in str(refused.value)
    assert not BadgeProposal.objects.exists() and not BadgeAward.objects.exists()
    assert list(tmp_path.iterdir()) == []


def test_the_officer_sees_the_list_and_downloads_it(client, people, personas):
    client.force_login(personas["officer"])
    page = client.get("/huy-hieu/", {"org": "D", "dip": OCCASION}).content.decode()
    assert "Trần Văn Ba" in page and "Phạm Thị Năm" in page and "chưa xác nhận" in page
    response = client.get("/huy-hieu/", {"org": "D", "dip": OCCASION, "dinh_dang": "xlsx"})
    assert response.status_code == 200
    from dangbo.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="export.badges").count() == 1


def test_a_long_list_shows_its_first_rows_and_the_whole_list_on_demand(client, people, personas, monkeypatch):
    """A district's list of thousands: the first LIST_LIMIT names, no proposal form; the whole list
    (?tat-ca=1) with its check boxes and the proposal form."""
    from dangbo.badges import views

    monkeypatch.setattr(views, "LIST_LIMIT", 1)
    client.force_login(personas["officer"])
    page = client.get("/huy-hieu/", {"org": "D", "dip": OCCASION}).content.decode()
    table = page[page.index('id="den-han"') :]
    assert table.count("<tr data-member=") == 1 and 'id="mot-phan"' in page
    assert "Xem toàn bộ 2 người" in page and 'type="checkbox"' not in table
    assert "Gửi tờ trình đề nghị tặng" not in page
    whole = client.get("/huy-hieu/", {"org": "D", "dip": OCCASION, "tat-ca": "1"}).content.decode()
    table = whole[whole.index('id="den-han"') :]
    assert table.count("<tr data-member=") == 2 and 'id="mot-phan"' not in whole
    assert table.count('type="checkbox"') >= 2 and "Gửi tờ trình đề nghị tặng" in whole


def test_a_cell_secretary_sees_their_cell_only(client, people, personas):
    client.force_login(personas["secretary_a"])
    page = client.get("/huy-hieu/", {"org": "W1A", "dip": OCCASION}).content.decode()
    assert "Trần Văn Ba" in page and "Phạm Thị Năm" not in page
    assert client.get("/huy-hieu/", {"org": "W1B", "dip": OCCASION}).status_code == 404
    tree, old, veteran = people
    assert client.get(f"/huy-hieu/dang-vien/{veteran.pk}/").status_code == 404
    response = client.post(
        f"/huy-hieu/W1B/de-nghi/?dip={OCCASION}",
        {"number": "1", "sent_on": "20/09/2019", f"dv-{veteran.pk}": "on"},
    )
    assert response.status_code == 404 and not BadgeProposal.objects.exists()


def test_a_viewer_sees_the_figures_never_the_names(client, people, personas):
    client.force_login(personas["viewer"])
    response = client.get("/huy-hieu/", {"org": "D", "dip": OCCASION})
    page = response.content.decode()
    assert response.status_code == 200 and 'data-years="55"' in page
    assert "Trần Văn Ba" not in page and "Phạm Thị Năm" not in page
    assert client.get("/huy-hieu/", {"org": "D", "dip": OCCASION, "dinh_dang": "xlsx"}).status_code == 403
    data = json.loads(client.get("/huy-hieu/", {"org": "D", "dip": OCCASION, "dinh_dang": "json"}).content)
    assert data["total"] == 2 and "members" not in data
    tree, old, veteran = people
    assert client.get(f"/huy-hieu/dang-vien/{old.pk}/").status_code == 403


def test_the_proposal_form_refuses_in_vietnamese_and_writes_nothing(client, people, personas):
    tree, old, veteran = people
    client.force_login(personas["officer"])
    response = client.post(f"/huy-hieu/W1/de-nghi/?dip={OCCASION}", {"number": "", "sent_on": "31/02/2019"})
    page = response.content.decode()
    assert response.status_code == 400 and "Phải nhập số tờ trình" in page
    response = client.post(f"/huy-hieu/W1/de-nghi/?dip={OCCASION}", {"number": "85", "sent_on": "20/09/2019"})
    assert response.status_code == 400 and "Phải chọn ít nhất một đảng viên" in response.content.decode()
    assert not BadgeProposal.objects.exists()
    response = client.post(
        f"/huy-hieu/W1/de-nghi/?dip={OCCASION}",
        {"number": "85-TTr/ĐU", "sent_on": "20/09/2019", f"dv-{old.pk}": "on"},
    )
    assert response.status_code == 302 and BadgeProposal.objects.get().lines.get().member == old


def test_the_award_form_records_the_decision_and_the_badge_number(client, people, personas):
    tree, old, veteran = people
    client.force_login(personas["ward_staff"])
    url = f"/huy-hieu/dang-vien/{old.pk}/"
    response = client.post(
        url,
        {
            "viec": "huy-hieu",
            "years": "30",
            "occasion": "08/11/2019",
            "decision_number": "1120-QĐ/TU",
            "decision_date": "25/10/2019",
        },
    )
    assert response.status_code == 400 and "không phải là dịp" in response.content.decode()
    response = client.post(
        url,
        {
            "viec": "huy-hieu",
            "years": "30",
            "occasion": OCCASION,
            "decision_number": "1120-QĐ/TU",
            "decision_date": "25/10/2019",
            "badge_number": "3019110001",
        },
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.badge_number == "3019110001"
    assert "3019110001" in client.get(url).content.decode()
