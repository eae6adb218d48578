"""Commendation candidates (N years running, across the 2018 change) and award_record."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangbo.accounts.scope import system_actor
from dangbo.evaluations.models import Award
from dangbo.evaluations.services import member_rating_record, organization_rating_record
from dangbo.web.tests.helpers import field_errors, page_text

SYSTEM = system_actor("kiểm thử: test_review_commendations")

URL = reverse("review_commendations", args=[2019, "D"])


@pytest.fixture
def streaks(small_tree, make_member):
    """The school cell tiêu biểu 2015–2019 and a member HTXSNV 2015–2019 (entered as history)."""
    member = make_member(small_tree.school, "Võ Thị Dung", sex="female", party_card_number="79123456")
    for year in range(2015, 2020):
        organization_rating_record(
            actor=SYSTEM,
            organization=small_tree.school,
            year=year,
            stage="decision",
            rank=1,
            exemplary=True,
            historical=True,
        )
        member_rating_record(
            actor=SYSTEM, member=member, year=year, stage="decision", rank=1, historical=True
        )
    return member


def award(target, **extra):
    data = {
        "target": target,
        "kind": "certificate",
        "title": "Tổ chức cơ sở đảng trong sạch, vững mạnh tiêu biểu 5 năm liền",
        "consecutive_years": "5",
        "given_by": "Ban Thường vụ Quận ủy",
        "decision_number": "514-QĐ/QU",
        "decision_date": "15/01/2020",
    }
    data.update(extra)
    return data


@pytest.mark.django_db
def test_the_candidates_of_five_years_running(as_user, streaks, small_tree):
    response = as_user("officer").get(URL)
    assert response.status_code == 200
    assert [(c.name, c.years) for c in response.context["org_candidates"]] == [
        ("Chi bộ Trường THPT Đông Hòa", 5)
    ]
    assert [(c.name, c.years) for c in response.context["member_candidates"]] == [("Võ Thị Dung", 5)]
    assert "79123456" in page_text(response)
    six = as_user("officer").get(URL + "?so-nam=6")
    assert six.context["org_candidates"] == [] and six.context["member_candidates"] == []


@pytest.mark.django_db
def test_a_bad_number_of_years_is_explained(as_user, streaks):
    response = as_user("officer").get(URL + "?so-nam=abc")
    assert "Số năm liền “abc” không hợp lệ (từ 1 đến 30); đang dùng 5 năm." in page_text(response)
    assert response.context["streak"] == 5


@pytest.mark.django_db
def test_choosing_a_candidate_prefills_the_award(as_user, streaks, small_tree):
    response = as_user("officer").get(URL + f"?doi-tuong=o{small_tree.school.pk}")
    initial = response.context["form"].initial
    assert initial["target"] == f"o{small_tree.school.pk}"
    assert initial["consecutive_years"] == 5
    assert "5 năm liền (2015–2019)" in initial["title"]


@pytest.mark.django_db
def test_the_officer_records_an_award_for_the_school(as_user, streaks, small_tree):
    client = as_user("officer")
    response = client.post(URL, award(f"o{small_tree.school.pk}"))
    assert response.status_code == 302
    given = Award.objects.get()
    assert (given.organization, given.year, given.consecutive_years, given.decision_date) == (
        small_tree.school,
        2019,
        5,
        date(2020, 1, 15),
    )
    page = client.get(URL)
    assert "Đã ghi giấy khen cho Chi bộ Trường THPT Đông Hòa." in page_text(page)
    assert "Đã khen thưởng" in page_text(page)


@pytest.mark.django_db
def test_a_member_is_awarded(as_user, streaks):
    response = as_user("officer").post(
        URL, award(f"m{streaks.pk}", kind="merit", title="Đảng viên HTXSNV 5 năm liền")
    )
    assert response.status_code == 302
    assert Award.objects.get().member == streaks


@pytest.mark.django_db
def test_bad_input_is_named_and_nothing_written(as_user, streaks, small_tree):
    client = as_user("officer")
    response = client.post(URL, award(f"o{small_tree.school.pk}", decision_date="", given_by=""))
    assert field_errors(response, "decision_date") == ["Phải nhập ngày quyết định."]
    assert field_errors(response, "given_by") == ["Phải nhập cấp khen thưởng."]
    response = client.post(URL, award(f"o{small_tree.ward.pk}"))
    assert field_errors(response, "target") == ["Lựa chọn tổ chức, đảng viên được khen thưởng không hợp lệ."]
    assert not Award.objects.exists()


@pytest.mark.django_db
def test_only_the_years_candidates_may_be_chosen(as_user, streaks, small_tree):
    client = as_user("officer")
    # one year running is enough to be listed in 2019; in 2014 the school was not rated
    response = client.post(
        reverse("review_commendations", args=[2019, "D"]) + "?so-nam=1", award(f"o{small_tree.school.pk}")
    )
    assert response.status_code == 302
    response = client.post(
        reverse("review_commendations", args=[2014, "D"]) + "?so-nam=1", award(f"o{small_tree.school.pk}")
    )
    assert field_errors(response, "target") == ["Lựa chọn tổ chức, đảng viên được khen thưởng không hợp lệ."]
    assert Award.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "status"), [("viewer", 403), ("outsider", 404)])
def test_others_may_not_award(as_user, streaks, small_tree, persona, status):
    assert as_user(persona).post(URL, award(f"o{small_tree.school.pk}")).status_code == status
    assert not Award.objects.exists()
