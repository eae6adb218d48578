"""The dashboard of a subtree: charts (inline SVG, no script) from reports.dashboard."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangbo.accounts.scope import system_actor
from dangbo.evaluations.services import member_rating_record
from dangbo.web.tests.helpers import page_text

SYSTEM = system_actor("kiểm thử: test_dashboard_page")

URL = reverse("dashboard")


@pytest.fixture
def members(small_tree, make_member):
    made = [
        make_member(small_tree.cell_a, "Nguyễn Văn An", birth_date=date(1950, 1, 1)),
        make_member(
            small_tree.cell_b, "Lê Thị Hoa", sex="female", birth_date=date(1990, 6, 1), ethnicity="Hoa"
        ),
    ]
    member_rating_record(
        actor=SYSTEM, member=made[0], year=2019, stage="decision", rank=2, decision_number="1"
    )
    return made


@pytest.mark.django_db
def test_the_dashboard_draws_the_charts(as_user, members):
    response = as_user("viewer").get(
        URL, {"org": "W1", "tu_nam": "2017", "den_nam": "2019", "ngay": "31/12/2019"}
    )
    assert response.status_code == 200
    data = response.context["data"]
    assert data["members_by_year"] == [2, 2, 2]
    assert data["ratings_by_year"][-1] == [0, 1, 0, 0]
    figures = response.context["figures"]
    assert set(figures) == {
        "members",
        "admissions",
        "ratings",
        "age",
        "sex",
        "ethnicity",
        "education",
        "political_theory",
    }
    for svg in figures.values():
        assert svg.lstrip().startswith("<svg") and "<script" not in svg
    text = page_text(response)
    assert "Cơ cấu đảng viên ngày 31/12/2019" in text
    assert "Hoa" in figures["ethnicity"] and "Nữ" in figures["sex"]


@pytest.mark.django_db
def test_the_first_visit_uses_the_users_organization_and_the_last_ten_years(as_user, members):
    response = as_user("ward_staff").get(URL)
    assert response.status_code == 200
    assert response.context["data"]["organization"]["code"] == "W1"
    assert len(response.context["data"]["years"]) == 10


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            {"tu_nam": "abc", "den_nam": "2019"},
            "tu_nam",
            "Từ năm “abc” không hợp lệ: hãy nhập 4 chữ số, ví dụ 2019.",
        ),
        ({"tu_nam": "2019", "den_nam": "2015"}, "tu_nam", "Từ năm 2019 sau đến năm 2015."),
        ({"tu_nam": "1950", "den_nam": "2019"}, "tu_nam", "Chỉ xem tối đa 30 năm một lần."),
        ({"tu_nam": "2015", "den_nam": "2999"}, "den_nam", "Đến năm 2999 chưa tới"),
    ],
)
def test_bad_years_are_named(as_user, members, params, field, message):
    response = as_user("viewer").get(URL, {"org": "D", **params})
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert response.context["data"] is None


@pytest.mark.django_db
def test_a_bad_day_is_explained(as_user, members):
    response = as_user("viewer").get(URL, {"org": "D", "ngay": "31/02/2019"})
    assert "Ngày “31/02/2019” không hợp lệ" in page_text(response)


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "code"), [("outsider", "W1"), ("secretary_a", "D")])
def test_out_of_scope_is_not_found(as_user, members, persona, code):
    assert as_user(persona).get(URL, {"org": code}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["officer", "viewer", "ward_staff", "secretary_a"])
def test_a_birth_date_no_living_member_has_is_counted_apart_and_the_page_answers(as_user, members, persona):
    from dangbo.members.models import Member

    Member.objects.filter(pk=members[0].pk).update(birth_date=date(2100, 1, 1))
    Member.objects.filter(pk=members[1].pk).update(birth_date=date(1, 1, 1))
    response = as_user(persona).get(URL, {"org": "W1A" if persona == "secretary_a" else "W1"})
    assert response.status_code == 200
    age = dict(response.context["data"]["composition"]["age"])
    assert age["Ngày sinh chưa hợp lệ"] == (1 if persona == "secretary_a" else 2)
    assert sum(age.values()) == age["Ngày sinh chưa hợp lệ"]
