"""The quarterly ratings page of a cell (xếp loại hằng quý), the quarters beside the year's rating,
the documents filled from the record (Mẫu 2A/2B/2C, 01, 03) and the superior's re-rating."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from dangbo.accounts.scope import system_actor
from dangbo.evaluations.models import MemberRating, OrganizationRating, QuarterRating, Rerating
from dangbo.evaluations.services import member_rating_record, organization_rating_record
from dangbo.web.tests.helpers import page_text

SYSTEM = system_actor("kiểm thử: test_review_quarters")
URL = reverse("review_quarters", args=[2025, "W1A"])


def docx_text(response) -> str:
    document = Document(io.BytesIO(response.content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
    return "\n".join(parts)


@pytest.mark.django_db
def test_a_cell_secretary_records_a_quarter_for_the_members_and_the_cell(as_user, people):
    client = as_user("secretary_a")
    page = client.get(URL + "?quy=2")
    assert page.status_code == 200
    text = page_text(page)
    assert "Nguyễn Văn An" in text and "Lê Văn Cường" not in text  # cell B's member is not listed
    assert "DANGBO_QUARTER_RULES" in text  # the rule is said to be a setting
    response = client.post(
        URL,
        {
            "quy": "2",
            f"rank_{people.an.pk}": "4",
            f"note_{people.an.pk}": "Vắng họp",
            f"score_{people.an.pk}": "45,5",
            "cell_rank": "2",
        },
    )
    assert response.status_code == 302
    row = QuarterRating.objects.get(member=people.an, quarter=2)
    assert (row.rank, str(row.score)) == (4, "45.50")
    assert QuarterRating.objects.get(member__isnull=True, organization__code="W1A", quarter=2).rank == 2
    # the quarters beside the year's rating, on the cell's page and the member's, with the warning
    member_rating_record(actor=SYSTEM, member=people.an, year=2025, stage="proposal", rank=2)
    cell_page = page_text(client.get(reverse("review_cell", args=[2025, "W1A"]) + "?buoc=de-xuat"))
    assert "Q2 KHTNV" in cell_page
    assert "năm 2025 không được xếp loại cao hơn" in cell_page
    member_page = page_text(client.get(reverse("review_member", args=[2025, people.an.pk])))
    assert "Quý 2" in member_page and "Vắng họp" in member_page and "45,50" in member_page


@pytest.mark.django_db
def test_a_bad_level_is_refused_in_vietnamese_and_nothing_is_written(as_user, people):
    response = as_user("secretary_a").post(URL, {"quy": "1", f"rank_{people.an.pk}": "9"})
    assert response.status_code == 200
    assert "không có trong Quy định 366-QĐ/TW" in page_text(response)
    response = as_user("secretary_a").post(
        URL, {"quy": "1", f"rank_{people.an.pk}": "2", f"score_{people.an.pk}": "120"}
    )
    assert "Điểm quý của Nguyễn Văn An phải từ 0 đến 100." in page_text(response)
    assert not QuarterRating.objects.exists()


@pytest.mark.django_db
def test_another_cells_secretary_cannot_see_or_record_the_quarter(as_user, people):
    client = as_user("secretary_b")
    assert client.get(URL).status_code == 404
    response = client.post(URL, {"quy": "1", f"rank_{people.an.pk}": "2"})
    assert response.status_code in (403, 404)
    assert not QuarterRating.objects.exists()


@pytest.mark.django_db
def test_before_2025_there_are_no_quarters(as_user, people):
    response = as_user("secretary_a").get(reverse("review_quarters", args=[2024, "W1A"]))
    assert response.status_code == 404
    assert "từ năm 2025" in page_text(response)


@pytest.mark.django_db
def test_the_self_assessment_form_is_filled_from_the_record(as_user, people):
    people.an.occupation = "Phó Chủ tịch UBND phường"
    people.an.save(update_fields=["occupation"])
    member_rating_record(
        actor=SYSTEM,
        member=people.an,
        year=2025,
        stage="self",
        rank=2,
        self_assessment="Hoàn thành các nhiệm vụ được giao",
    )
    client = as_user("secretary_a")
    response = client.get(reverse("review_form_member", args=[2025, people.an.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = docx_text(response)
    assert "BẢN KIỂM ĐIỂM CÁ NHÂN" in text and "Mẫu 2A" in text  # a leading post: 2A
    assert "Nguyễn Văn An" in text
    assert (
        "Chi bộ Khu phố 1 – Đảng bộ phường An Bình".upper() in text
        or "Chi bộ Khu phố 1 – Đảng bộ phường An Bình" in text
    )
    assert "Năm 2025" in text and "Hoàn thành tốt nhiệm vụ" in text
    assert "Quy định 366-QĐ/TW" in text
    other = docx_text(client.get(reverse("review_form_member", args=[2025, people.binh.pk])))
    assert "Mẫu 2B" in other and "Trần Thị Bình" in other
    chosen = docx_text(client.get(reverse("review_form_member", args=[2025, people.binh.pk]) + "?mau=2C"))
    assert "Mẫu 2C" in chosen
    assert (
        as_user("secretary_b").get(reverse("review_form_member", args=[2025, people.an.pk])).status_code
        == 404
    )


@pytest.mark.django_db
def test_the_collective_report_is_filled_from_the_cells_record(as_user, people, small_tree):
    member_rating_record(
        actor=SYSTEM,
        member=people.an,
        year=2025,
        stage="decision",
        rank=2,
        decision_number="05-QĐ/ĐU",
        historical=True,
    )
    organization_rating_record(actor=SYSTEM, organization=small_tree.cell_a, year=2025, stage="self", rank=2)
    response = as_user("secretary_a").get(reverse("review_form_cell", args=[2025, "W1A"]))
    assert response.status_code == 200
    text = docx_text(response)
    assert "Mẫu 01" in text and "BÁO CÁO" in text
    assert "Chi bộ Khu phố 1 – Đảng bộ phường An Bình" in text
    assert "năm 2025" in text and "Tập thể tự nhận mức: Hoàn thành tốt nhiệm vụ" in text
    assert "Hoàn thành tốt nhiệm vụ: 1" in text
    assert "ĐẢNG ỦY PHƯỜNG AN BÌNH" in text  # the superior body above the cell
    assert OrganizationRating.objects.get(organization=small_tree.cell_a, year=2025).self_rank == 2


@pytest.mark.django_db
def test_the_superior_rerates_on_the_page_and_downloads_the_decision(as_user, people):
    rating = member_rating_record(
        actor=SYSTEM,
        member=people.an,
        year=2025,
        stage="decision",
        rank=1,
        decision_number="05-QĐ/ĐU",
        decision_date=date(2025, 12, 20),
        historical=True,
    )
    url = reverse("review_rerate_member", args=[2025, people.an.pk])
    # the ward decided: its staff is not its own superior (the refusal on the form, nothing written)
    refused = as_user("ward_staff").post(
        url,
        {
            "rank": "2",
            "reason": "Chưa đủ điều kiện",
            "decision_number": "12-QĐ/QU",
            "decision_date": "10/01/2026",
        },
    )
    assert refused.status_code == 200 and "cấp ủy cấp trên" in page_text(refused)
    assert not Rerating.objects.exists()
    client = as_user("officer")
    member_page = page_text(client.get(reverse("review_member", args=[2025, people.an.pk])))
    assert "Hủy kết quả và xếp loại lại (cấp trên)" in member_page
    response = client.post(
        url,
        {
            "rank": "2",
            "reason": "Chưa đủ điều kiện HTXSNV",
            "decision_number": "12-QĐ/QU",
            "decision_date": "10/01/2026",
        },
    )
    assert response.status_code == 302
    rating = MemberRating.objects.get(pk=rating.pk)
    rerating = Rerating.objects.get()
    assert rating.rank == 2 and rerating.cancelled_rank == 1
    document = client.get(reverse("review_form_rerating", args=[rerating.pk]))
    assert document.status_code == 200
    text = docx_text(document)
    assert "QUYẾT ĐỊNH" in text and "Mẫu 03" in text
    assert "Nguyễn Văn An" in text and "Chi bộ Khu phố 1 – Đảng bộ phường An Bình" in text
    assert "Hoàn thành xuất sắc nhiệm vụ" in text and "Hoàn thành tốt nhiệm vụ" in text
    assert "năm 2025" in text and "Số 12-QĐ/QU" in text and "QUẬN ỦY QUẬN THỬ" in text
    assert "Chưa đủ điều kiện HTXSNV" in text
    assert as_user("secretary_b").get(reverse("review_form_rerating", args=[rerating.pk])).status_code == 404


@pytest.mark.django_db
def test_the_superior_rerates_a_cell_and_the_cancelled_level_stays(as_user, people, small_tree):
    rating = organization_rating_record(
        actor=SYSTEM,
        organization=small_tree.cell_a,
        year=2025,
        stage="decision",
        rank=1,
        decision_number="07-QĐ/ĐU",
        historical=True,
    )
    url = reverse("review_rerate_organization", args=[2025, "W1A"])
    assert (
        f'href="{url}"'
        in as_user("officer").get(reverse("review_organizations", args=[2025, "W1"])).content.decode()
    )
    refused = as_user("secretary_a").post(
        url,
        {
            "rank": "2",
            "reason": "Thiếu điều kiện",
            "decision_number": "8-QĐ/ĐU",
            "decision_date": "05/01/2026",
        },
    )
    assert refused.status_code == 200 and "cấp ủy cấp trên" in page_text(refused)
    response = as_user("officer").post(
        url,
        {
            "rank": "2",
            "reason": "Thiếu điều kiện",
            "decision_number": "13-QĐ/QU",
            "decision_date": "05/01/2026",
        },
    )
    assert response.status_code == 302
    assert OrganizationRating.objects.get(pk=rating.pk).rank == 2
    rerating = Rerating.objects.get(organization_rating=rating)
    assert (rerating.cancelled_rank, rerating.cancelled_decision_number) == (1, "07-QĐ/ĐU")
    page = page_text(as_user("officer").get(url))
    assert "13-QĐ/QU" in page and "Tải Mẫu 03" in page
    text = docx_text(as_user("officer").get(reverse("review_form_rerating", args=[rerating.pk])))
    assert "tổ chức đảng năm 2025" in text and "Chi bộ Khu phố 1 – Đảng bộ phường An Bình" in text
