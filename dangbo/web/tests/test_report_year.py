"""The year's report page (/bao-cao/danh-gia/?org=CODE&nam=YYYY&thap_phan=2) and its downloads."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from dangbo.accounts.scope import system_actor
from dangbo.evaluations.services import award_record, member_rating_record, organization_rating_record
from dangbo.members.services import member_act
from dangbo.web.tests.helpers import page_text

SYSTEM = system_actor("kiểm thử: test_report_year")

URL = reverse("report_year")


@pytest.fixture
def rated(small_tree, make_member):
    """Eight members of cell A rated 2 2 2 2 2 1 3 4; an exempted member of cell B not rated."""
    members = [make_member(small_tree.cell_a, f"Trần Văn {g}") for g in "ABCDEGHK"]
    for member, rank in zip(members, [2, 2, 2, 2, 2, 1, 3, 4], strict=True):
        if rank == 4:
            member_act(
                actor=SYSTEM,
                member=member,
                kind="discipline",
                form="reprimand",
                effective_on=date(2019, 5, 1),
                decision_number="2-QĐ",
                decision_date=date(2019, 5, 1),
            )
        member_rating_record(
            actor=SYSTEM, member=member, year=2019, stage="decision", rank=rank, decision_number="1-TB"
        )
    exempt = make_member(small_tree.cell_b, "Lê Thị Lan", sex="female")
    member_act(
        actor=SYSTEM,
        member=exempt,
        kind="exemption",
        effective_on=date(2018, 1, 1),
        decision_number="3",
        decision_date=None,
    )
    member_rating_record(
        actor=SYSTEM, member=exempt, year=2019, stage="decision", rank=None, decision_number="1-TB"
    )
    for org, rank in (
        (small_tree.ward, 2),
        (small_tree.school, 1),
        (small_tree.cell_a, 2),
        (small_tree.cell_b, 2),
    ):
        organization_rating_record(
            actor=SYSTEM,
            organization=org,
            year=2019,
            stage="decision",
            rank=rank,
            exemplary=org == small_tree.school,
            decision_number="9-QĐ",
            historical=True,
        )
    award_record(
        actor=SYSTEM,
        kind="certificate",
        year=2019,
        title="Tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ tiêu biểu",
        given_by="Ban Thường vụ Quận ủy",
        decision_number="514-QĐ/QU",
        decision_date=date(2020, 1, 15),
        organization=small_tree.school,
    )
    return members


def section(response, key):
    return next(s for s in response.context["sections"] if s["key"] == key)


@pytest.mark.django_db
def test_the_report_shows_counts_and_percents_of_the_evaluated(as_user, rated):
    response = as_user("viewer").get(URL, {"org": "D", "nam": "2019", "thap_phan": "2"})
    assert response.status_code == 200
    members = section(response, "members")
    assert [(lv["count"], lv["percent_text"]) for lv in members["levels"]] == [
        (1, "12,50 %"),
        (5, "62,50 %"),
        (1, "12,50 %"),
        (1, "12,50 %"),
    ]
    assert (members["good"]["count"], members["good"]["percent_text"]) == (6, "75,00 %")
    grassroots = section(response, "grassroots")
    assert [lv["percent_text"] for lv in grassroots["levels"]] == ["50,00 %", "50,00 %", "0,00 %", "0,00 %"]
    text = page_text(response)
    assert "8/9 được đánh giá" in text
    assert "Hoàn thành tốt nhiệm vụ trở lên" in text
    assert "Miễn công tác và sinh hoạt đảng (HD 21-HD/BTCTW, mục II.6)" in text
    assert "Trong đó: tiêu biểu" in text
    assert "Trường học công lập" in text  # the sector breakdown
    assert "514-QĐ/QU" in text  # the commendations
    assert "Năm 2019, kết quả đánh giá, xếp loại tổ chức cơ sở đảng" in text  # the narrative
    assert text.count("<svg") == 3 and "<script" not in text.split("</header>")[1].split("<footer")[0]


@pytest.mark.django_db
def test_one_decimal_as_an_option(as_user, rated):
    response = as_user("officer").get(URL, {"org": "D", "nam": "2019", "thap_phan": "1"})
    assert [lv["percent_text"] for lv in section(response, "members")["levels"]][:2] == ["12,5 %", "62,5 %"]


@pytest.mark.django_db
def test_the_first_visit_shows_the_users_organization(as_user, rated):
    response = as_user("ward_staff").get(URL)
    assert response.status_code == 200
    assert response.context["organization"].code == "W1"
    assert response.context["form"]["nam"].value()


@pytest.mark.django_db
def test_the_docx_download(as_user, rated):
    response = as_user("officer").get(URL, {"org": "D", "nam": "2019", "dinh_dang": "docx"})
    assert response.status_code == 200
    assert (
        response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-danh-gia-D-2019.docx"'
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text and "năm 2019" in text


@pytest.mark.django_db
def test_the_xlsx_download(as_user, rated):
    response = as_user("officer").get(URL, {"org": "D", "nam": "2019", "dinh_dang": "xlsx"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-danh-gia-D-2019.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "Tổng hợp"


@pytest.mark.django_db
def test_the_json_download(as_user, rated):
    response = as_user("officer").get(URL, {"org": "W1", "nam": "2019", "dinh_dang": "json"})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-danh-gia-W1-2019.json"'
    data = json.loads(response.content)
    assert data["year"] == 2019 and data["organization"]["code"] == "W1"
    assert [lv["percent"] for lv in data["sections"]["members"]["levels"]] == [
        "12.50",
        "62.50",
        "12.50",
        "12.50",
    ]
    # the commendations keep their published keys (docs/api.md) now that the report is a dataclass
    data = json.loads(as_user("officer").get(URL, {"org": "D", "nam": "2019", "dinh_dang": "json"}).content)
    assert [list(award) for award in data["commendations"]][:1] == [
        ["kind", "title", "target", "given_by", "decision_number", "consecutive_years"]
    ]
    assert [list(group) for group in data["commendation_groups"]][:1] == [
        ["kind", "title", "decision_number", "count", "targets"]
    ]


@pytest.mark.django_db
def test_the_text_download(as_user, rated):
    response = as_user("officer").get(URL, {"org": "D", "nam": "2019", "dinh_dang": "text"})
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "BÁO CÁO KẾT QUẢ ĐÁNH GIÁ" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_format_is_explained(as_user, rated):
    response = as_user("officer").get(URL, {"org": "D", "nam": "2019", "dinh_dang": "pdf"})
    assert response.status_code == 400
    assert "Định dạng “pdf” không có; chọn một trong: docx, xlsx, json, text." in page_text(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("abc", "Năm “abc” không hợp lệ: hãy nhập 4 chữ số, ví dụ 2019."),
        ("", "Phải nhập năm."),
        ("2099", "Năm “2099” không hợp lệ (từ 1990 đến"),
        ("1890", "Năm “1890” không hợp lệ (từ 1990 đến"),
    ],
)
def test_a_bad_year_is_named_on_the_field(as_user, rated, year, message):
    response = as_user("officer").get(URL, {"org": "D", "nam": year})
    assert response.status_code == 200
    assert message in response.context["form"].errors["nam"][0]
    assert response.context["report"] is None


@pytest.mark.django_db
def test_a_bad_number_of_decimals_is_named(as_user, rated):
    response = as_user("officer").get(URL, {"org": "D", "nam": "2019", "thap_phan": "3"})
    assert response.context["form"].errors["thap_phan"] == [
        "Lựa chọn số chữ số thập phân của tỷ lệ không hợp lệ."
    ]


@pytest.mark.django_db
def test_an_organization_not_active_that_year_is_explained(as_user, rated):
    response = as_user("officer").get(URL, {"org": "D", "nam": "2012"})
    assert response.context["form"].errors["org"] == ["Đảng bộ Quận Thử không hoạt động vào ngày 31/12/2012."]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "code"),
    [("outsider", "D"), ("outsider", "W1"), ("secretary_a", "W1"), ("officer", "KHONGCO")],
)
def test_out_of_scope_or_unknown_is_not_found(as_user, rated, persona, code):
    response = as_user(persona).get(URL, {"org": code, "nam": "2019", "dinh_dang": "json"})
    assert response.status_code == 404
