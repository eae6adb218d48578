"""The review's start page: choose an organization and a year."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.web.tests.helpers import page_text

URL = reverse("review_index")


@pytest.mark.django_db
def test_the_page_lists_the_users_organizations(as_user, small_tree):
    response = as_user("ward_staff").get(URL)
    assert response.status_code == 200
    assert "Đảng bộ phường An Bình" in page_text(response)
    assert reverse("review_organizations", args=[response.context["year"], "W1"]) in page_text(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "view"), [("W1A", "review_cell"), ("W1", "review_organizations"), ("w1a", "review_cell")]
)
def test_choosing_opens_the_cell_or_the_organizations(as_user, small_tree, code, view):
    response = as_user("officer").get(URL, {"org": code, "nam": "2019"})
    assert response.status_code == 302
    assert response["Location"] == reverse(view, args=[2019, code.upper()])


@pytest.mark.django_db
def test_a_bad_year_is_explained(as_user, small_tree):
    response = as_user("officer").get(URL, {"org": "W1", "nam": "abc"})
    assert response.status_code == 200
    assert "Năm “abc” không hợp lệ: hãy nhập 4 chữ số, ví dụ 2019." in page_text(response)


@pytest.mark.django_db
def test_an_organization_out_of_scope_is_not_found(as_user, small_tree):
    assert as_user("outsider").get(URL, {"org": "W1", "nam": "2019"}).status_code == 404


@pytest.mark.django_db
def test_the_top_bar_links_to_the_review_and_the_reports(as_user, small_tree):
    text = page_text(as_user("viewer").get(reverse("home")))
    assert f'href="{URL}"' in text
    assert f'href="{reverse("report_year")}"' in text


@pytest.mark.django_db
def test_each_organization_lists_the_years_it_has_data_for(as_user, small_tree):
    """The years rows are the years with ratings or a cycle (2015, 2016 here) and the year under
    review, not a fixed window of five years before today."""
    from dangbo.evaluations.models import OrganizationRating, ReviewCycle
    from dangbo.ui.views import default_year

    OrganizationRating.objects.create(organization=small_tree.cell_a, year=2015)
    ReviewCycle.objects.create(organization=small_tree.ward, year=2016)
    ReviewCycle.objects.create(organization=small_tree.other_ward, year=2011)  # another subtree
    response = as_user("ward_staff").get(URL)
    text = page_text(response)
    current = default_year()
    for year in (2015, 2016, current):
        assert reverse("review_organizations", args=[year, "W1"]) in text
    for year in (2011, current - 1, current - 4):
        assert reverse("review_organizations", args=[year, "W1"]) not in text
