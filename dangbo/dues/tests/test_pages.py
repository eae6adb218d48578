"""The dues pages: the cell's month (record a payment, a reason, import the month), the year sheet, the
level's report with its downloads; who sees what; the removal ground beside the review."""

from __future__ import annotations

import io
import json
from datetime import date

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from dangbo.audit.models import AuditEntry
from dangbo.core.tests.print_ready import assert_print_ready
from dangbo.dues.models import DuesPayment
from dangbo.dues.services import dues_payment_record

MONTH = reverse("dues_cell_month", args=["W1A", 2026, 3])
IMPORT = reverse("dues_cell_import", args=["W1A", 2026, 3])


@pytest.fixture
def members(small_tree, make_member):
    return (
        make_member(small_tree.cell_a, "Nguyễn Văn An", birth_date=date(1980, 5, 17)),
        make_member(small_tree.cell_a, "Lê Thị Bình", birth_date=date(1990, 1, 2)),
        make_member(small_tree.cell_b, "Trần Văn Cường"),
    )


def client_of(personas, name):
    client = Client()
    client.force_login(personas[name])
    return client


def test_the_secretary_records_a_payment_on_the_months_page(members, personas):
    an = members[0]
    client = client_of(personas, "secretary_a")
    page = client.get(MONTH)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Nguyễn Văn An" in text and "Trần Văn Cường" not in text
    response = client.post(
        MONTH,
        {
            "bieu-mau": "thu",
            "thu-member": an.pk,
            "thu-amount": "5000",
            "thu-method": "online",
            "thu-paid_on": "10/03/2026",
        },
    )
    assert response.status_code == 302
    assert DuesPayment.objects.get().method == "online"
    text = client.get(MONTH).content.decode()
    assert "Đã ghi đảng phí tháng 03/2026 của đồng chí Nguyễn Văn An: 5.000 đồng." in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"thu-amount": "abc"}, "phải là số nguyên"),
        ({"thu-amount": "0"}, "phải lớn hơn 0"),
        ({"thu-amount": "99999999999999"}, "quá lớn"),
        ({"thu-method": "vang"}, "Lựa chọn hình thức không hợp lệ"),
        ({"thu-paid_on": "31/02/2026"}, "không phải là ngày hợp lệ"),
        ({"thu-paid_on": "01/01/2099"}, "ở tương lai"),
        ({"thu-member": "999999"}, "Lựa chọn đảng viên không hợp lệ"),
        ({"thu-note": "a\x00b"}, "Ghi chú"),
    ],
)
def test_hostile_input_gets_a_vietnamese_message_and_writes_nothing(members, personas, data, message):
    client = client_of(personas, "secretary_a")
    post = {"bieu-mau": "thu", "thu-member": members[0].pk, "thu-amount": "5000", "thu-method": "cash",
            "thu-paid_on": "10/03/2026", **data}  # fmt: skip
    response = client.post(MONTH, post)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DuesPayment.objects.exists()


def test_a_member_of_another_cell_cannot_be_posted(members, personas):
    client = client_of(personas, "secretary_a")
    response = client.post(MONTH, {"bieu-mau": "thu", "thu-member": members[2].pk, "thu-amount": "5000",
                                   "thu-method": "cash", "thu-paid_on": "10/03/2026"})  # fmt: skip
    assert response.status_code == 400 and not DuesPayment.objects.exists()
    assert "Trần Văn Cường" not in response.content.decode()


def test_a_reason_is_recorded_on_the_months_page(members, personas):
    client = client_of(personas, "secretary_a")
    response = client.post(MONTH, {"bieu-mau": "ly-do", "ly-do-member": members[1].pk, "ly-do-reason": "Ốm"})
    assert response.status_code == 302
    assert "có lý do" in client.get(MONTH).content.decode()


def test_a_cell_secretary_sees_their_cells_dues_only(members, personas):
    client = client_of(personas, "secretary_a")
    assert client.get(reverse("dues_cell_month", args=["W1B", 2026, 3])).status_code == 404
    assert client.get(reverse("dues_cell_year", args=["W1B", 2026])).status_code == 404
    assert client.get(reverse("dues_index") + "?org=W1&nam=2026").status_code == 404
    assert (
        client.post(reverse("dues_cell_month", args=["W1B", 2026, 3]), {"bieu-mau": "thu"}).status_code == 404
    )
    page = client.get(reverse("dues_index") + "?org=W1A&nam=2026")
    assert page.status_code == 200 and "Chi bộ Khu phố 2" not in page.content.decode()


def test_a_viewer_sees_the_figures_never_the_names(members, personas, small_tree):
    dues_payment_record(actor=personas["officer"], cell=small_tree.cell_a, member=members[0], year=2026, month=3,
                        amount=5_000, method="cash", paid_on=date(2026, 3, 10))  # fmt: skip
    client = client_of(personas, "viewer")
    page = client.get(reverse("dues_index") + "?org=D&nam=2026&thang=3")
    text = page.content.decode()
    assert page.status_code == 200 and "Chi bộ Khu phố 1" in text and "5.000" in text
    assert "Nguyễn Văn An" not in text and "Lê Thị Bình" not in text
    yearly = client.get(reverse("dues_index") + "?org=D&nam=2026").content.decode()
    assert "Nguyễn Văn An" not in yearly and "Lê Thị Bình" not in yearly
    assert client.get(MONTH).status_code == 403
    assert client.get(reverse("dues_cell_year", args=["W1A", 2026])).status_code == 403
    assert client.post(MONTH, {"bieu-mau": "thu"}).status_code == 403
    body = json.loads(client.get(reverse("dues_index") + "?org=D&nam=2026&thang=3&dinh_dang=json").content)
    assert body["paid"] == 5_000 and "Nguyễn" not in json.dumps(body, ensure_ascii=False)


def test_the_downloads(members, personas):
    client = client_of(personas, "officer")
    month = client.get(MONTH + "?dinh_dang=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(month.content)).active
    assert sheet["B3"].value == "Họ và tên" and sheet["B4"].value == "Nguyễn Văn An"  # sorted by given name
    assert AuditEntry.objects.filter(action="export.dues").count() == 1
    assert_print_ready(month.content, title="SỔ THU ĐẢNG PHÍ THÁNG")
    year = client.get(reverse("dues_cell_year", args=["W1A", 2026]) + "?dinh_dang=xlsx")
    assert year.status_code == 200 and year.content[:2] == b"PK"
    assert_print_ready(year.content, title="SỔ THU ĐẢNG PHÍ NĂM 2026")
    report = client.get(reverse("dues_index") + "?org=D&nam=2026&dinh_dang=xlsx")
    assert report.status_code == 200 and report.content[:2] == b"PK"
    assert_print_ready(report.content, title="BÁO CÁO THU, NỘP ĐẢNG PHÍ")


def _workbook(
    rows, header=("STT", "Họ và tên", "Ngày sinh", "Số tiền đã đóng (đồng)", "Hình thức", "Ngày đóng")
):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["SỔ THU ĐẢNG PHÍ"])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "thu.xlsx"
    return buffer


def test_the_months_import_writes_every_row_or_nothing(members, personas):
    client = client_of(personas, "secretary_a")
    bad = _workbook([
        (1, "Nguyễn Văn An", "17/05/1980", "53.000", "Tiền mặt", "05/03/2026"),
        (2, "Lê Thị Bình", None, "năm nghìn", "chuyển khoản", None),
        (3, "Trần Văn Cường", None, 5000, "vàng", None),
    ])  # fmt: skip
    response = client.post(IMPORT, {"file": bad})
    text = response.content.decode()
    assert response.status_code == 400 and not DuesPayment.objects.exists()
    assert "Dòng 4, cột D (Số tiền đã đóng (đồng))" in text
    assert "Dòng 5, cột E (Hình thức)" in text
    assert "Dòng 5, cột B (Họ và tên): Không có đồng chí “Trần Văn Cường”" in text
    good = _workbook([
        (1, "Nguyễn Văn An", "17/05/1980", "53.000", "Tiền mặt", "05/03/2026"),
        (2, "Lê Thị Bình", None, 5000, "Trực tuyến", None),
        (3, "Nobody", None, None, None, None),  # no amount: not paid, skipped
    ])  # fmt: skip
    response = client.post(IMPORT, {"file": good})
    assert response.status_code == 302
    assert sorted(DuesPayment.objects.values_list("amount", "method")) == [
        (5_000, "online"),
        (53_000, "cash"),
    ]
    assert AuditEntry.objects.filter(action="dues_import").count() == 1
    again = client.post(IMPORT, {"file": _workbook([(1, "Nguyễn Văn An", None, 53000, "Tiền mặt", None)])})
    assert again.status_code == 302 and DuesPayment.objects.count() == 2


def test_the_import_refuses_a_file_that_is_no_workbook(members, personas):
    client = client_of(personas, "secretary_a")
    junk = io.BytesIO(b"not a workbook")
    junk.name = "x.xlsx"
    response = client.post(IMPORT, {"file": junk})
    assert response.status_code == 400 and "Không đọc được tệp" in response.content.decode()
    no_header = client.post(IMPORT, {"file": _workbook([], header=("a", "b"))})
    assert "Không thấy dòng tiêu đề" in no_header.content.decode()
    assert client_of(personas, "secretary_b").post(IMPORT, {"file": junk}).status_code == 404


def test_three_months_unpaid_show_beside_the_review(members, personas, small_tree):
    an, binh, _ = members
    for month in (1, 2, 3):
        dues_payment_record(actor=personas["officer"], cell=small_tree.cell_a, member=an, year=2026, month=month,
                            amount=5_000, method="cash", paid_on=date(2026, month, 10))  # fmt: skip
    page = client_of(personas, "secretary_a").get(reverse("review_cell", args=[2026, "W1A"]))
    text = page.content.decode()
    assert "Không đóng đảng phí 3 tháng trong năm 2026 không có lý do." in text
    assert text.count("Không đóng đảng phí 3 tháng trong năm 2026") == 1  # Bình only
    report = client_of(personas, "officer").get(reverse("dues_index") + "?org=W1&nam=2026").content.decode()
    assert "Lê Thị Bình" in report and "xem xét xóa tên" in report
