"""A read-only viewer's token: refused (403, a Vietnamese message) on the members' personal data
(/api/members, /api/members/{id}, /api/members/{id}/events); still answered on the reports and
figures of its subtree (/api/reports/evaluation, /api/organizations/{code}/stats). A viewer of the
district who is also staff of a ward reads the ward's members only."""

from __future__ import annotations

import pytest
from django.test import Client

from dangbo.accounts.scope import NO_PERSONAL_DATA

pytestmark = pytest.mark.django_db


@pytest.fixture
def commended(people, decide_2019):
    """The year 2019 rated, Nguyễn Văn An (cell A) HTXSNV and commended."""
    ranks = ((people.an, 1), (people.binh, 2), (people.cuong, 2), (people.em, 3))
    decide_2019(ranks, commend=people.an)
    return people


def _member_urls(people) -> list[str]:
    an = people.an.pk
    return ["/api/members", "/api/members?org=W1A", f"/api/members/{an}", f"/api/members/{an}/events"]


def test_a_viewer_is_refused_the_members(api_as, people):
    client = api_as("viewer")
    for url in _member_urls(people):
        response = client.get(url)
        assert response.status_code == 403, url
        assert response.json() == {"field": None, "message": NO_PERSONAL_DATA}, url
        assert "Nguyễn Văn An" not in response.content.decode() and "079080" not in response.content.decode()


def test_a_member_outside_the_viewers_subtree_is_still_not_found(people, small_tree):
    from dangbo.accounts.models import RoleAssignment, User
    from dangbo.api.services import api_token_create

    ward_viewer = User.objects.create_user(username="xem-phuong", password="mat-khau-thu-1")
    RoleAssignment.objects.create(
        user=ward_viewer, role=RoleAssignment.Role.VIEWER, organization=small_tree.ward
    )
    _, token = api_token_create(actor=ward_viewer, user=ward_viewer, name="xem")
    client = Client(headers={"Authorization": f"Bearer {token}"})
    assert client.get(f"/api/members/{people.em.pk}").status_code == 404  # the other ward: not even 403
    assert client.get(f"/api/members/{people.an.pk}").status_code == 403


def test_a_viewer_still_gets_the_reports_and_figures(api_as, commended):
    client = api_as("viewer")
    stats = client.get("/api/organizations/D/stats", {"as_of": "2019-12-31"})
    assert stats.status_code == 200
    assert stats.json()["members"]["total"] == 4
    report = client.get("/api/reports/evaluation", {"org": "D", "year": 2019})
    assert report.status_code == 200
    body = report.json()
    assert [level["count"] for level in body["sections"]["members"]["levels"]] == [1, 2, 1, 0]
    # the award is counted, its member not named
    assert [group["count"] for group in body["commendation_groups"]] == [1]
    assert "Nguyễn Văn An" not in report.content.decode()
    assert client.get("/api/organizations/W1").status_code == 200


def test_the_officer_reads_the_same_report_with_the_names(api_as, commended):
    body = api_as("officer").get("/api/reports/evaluation", {"org": "D", "year": 2019}).json()
    assert body["commendation_groups"][0]["targets"] == [
        "Nguyễn Văn An (Chi bộ Khu phố 1 – Đảng bộ phường An Bình)"
    ]


def test_a_viewer_of_the_district_and_staff_of_a_ward_reads_the_wards_members_only(
    api_as, personas, commended, small_tree
):
    from dangbo.accounts.models import RoleAssignment

    RoleAssignment.objects.create(
        user=personas["viewer"], role=RoleAssignment.Role.GRASSROOTS_STAFF, organization=small_tree.ward
    )
    client = api_as("viewer")
    listed = client.get("/api/members", {"page_size": 100}).json()
    assert [m["full_name"] for m in listed["items"]] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    assert client.get(f"/api/members/{commended.an.pk}").status_code == 200
    assert client.get(f"/api/members/{commended.an.pk}/events").status_code == 200
    assert client.get(f"/api/members/{commended.em.pk}").status_code == 403  # the other ward: reports only
    assert client.get("/api/members", {"org": "W2"}).status_code == 403
    assert client.get("/api/members", {"org": "D"}).status_code == 403
    # the district's report: the ward's member named, as the ward's staff sees it
    report = client.get("/api/reports/evaluation", {"org": "D", "year": 2019}).json()
    assert report["commendation_groups"][0]["targets"] == [
        "Nguyễn Văn An (Chi bộ Khu phố 1 – Đảng bộ phường An Bình)"
    ]
