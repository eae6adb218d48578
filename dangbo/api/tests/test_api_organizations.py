"""GET /api/organizations, /api/organizations/{code}, /api/organizations/{code}/stats: the tree as of a
day, one organization, a subtree's counts — each within the token user's scope."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from dangbo.api.endpoints.common import NOT_FOUND


@pytest.mark.django_db
def test_the_tree_of_the_district_officer_is_the_whole_district_with_counts(api_as, people):
    response = api_as("officer").get("/api/organizations", {"as_of": "2020-01-01"})
    assert response.status_code == 200
    body = response.json()
    assert body["as_of"] == "2020-01-01"
    nodes = {n["code"]: n for n in body["nodes"]}
    assert body["nodes"][0]["code"] == "D"
    assert set(nodes) == {"D", "W1", "W1A", "W1B", "S1", "W2", "W2A"}
    assert nodes["D"]["level"] == 0 and nodes["D"]["parent_code"] is None
    assert nodes["W1A"]["parent_code"] == "W1" and nodes["W1A"]["level"] == 2
    assert nodes["D"]["members"]["total"] == 4 and nodes["D"]["grassroots"] == 3
    assert nodes["W1"]["members"] == {"probationary": 0, "official": 3, "exempted": 0, "total": 3}


@pytest.mark.django_db
def test_a_secretary_gets_only_their_cell(api_as, people):
    body = api_as("secretary_a").get("/api/organizations", {"as_of": "2020-01-01"}).json()
    assert [(n["code"], n["parent_code"], n["level"]) for n in body["nodes"]] == [("W1A", "W1", 0)]
    assert body["nodes"][0]["members"]["total"] == 2


@pytest.mark.django_db
def test_a_subtree_and_a_depth_can_be_asked(api_as, people):
    body = api_as("officer").get("/api/organizations", {"root": "W1", "depth": 0}).json()
    assert [n["code"] for n in body["nodes"]] == ["W1"]
    assert body["nodes"][0]["members"]["total"] == 3  # rolled up from the cells below


@pytest.mark.django_db
def test_the_tree_before_the_organizations_existed_is_not_found(api_as, people):
    response = api_as("officer").get("/api/organizations", {"root": "D", "as_of": "2010-01-01"})
    assert response.status_code == 404
    assert response.json() == {"field": "as_of", "message": "D không hoạt động vào ngày 01/01/2010."}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "code"),
    [("secretary_b", "W1A"), ("outsider", "W1"), ("ward_staff", "D"), ("ward_staff", "W2A")],
)
def test_a_subtree_outside_the_scope_is_not_found(api_as, people, persona, code):
    client = api_as(persona)
    for url, params in (
        ("/api/organizations", {"root": code}),
        (f"/api/organizations/{code}", {}),
        (f"/api/organizations/{code}/stats", {}),
    ):
        response = client.get(url, params)
        assert response.status_code == 404, url
        assert response.json() == {"field": None, "message": NOT_FOUND}


@pytest.mark.django_db
def test_one_organization_with_its_versions_and_decisions(api_as, people, small_tree, officer):
    from datetime import date

    from dangbo.organizations.services import Decision, organization_rename

    organization_rename(
        actor=officer,
        organization=small_tree.cell_a,
        name="Chi bộ Khu phố 1A",
        effective_on=date(2020, 6, 1),
        decision=Decision(number="05-QĐ/ĐU", date=date(2020, 5, 20)),
    )
    client = api_as("ward_staff")
    body = client.get("/api/organizations/w1a", {"as_of": "2019-12-31"}).json()
    assert body["code"] == "W1A" and body["name"] == "Chi bộ Khu phố 1" and body["active"] is True
    assert body["parent_code"] == "W1" and body["kind"] == "affiliated_cell" and body["can_write"] is True
    assert [(v["name"], v["valid_from"], v["valid_to"]) for v in body["versions"]] == [
        ("Chi bộ Khu phố 1", "2015-01-01", "2020-06-01"),
        ("Chi bộ Khu phố 1A", "2020-06-01", None),
    ]
    assert [(e["action"], e["decision_number"]) for e in body["events"]] == [
        ("establish", "01-QĐ/QU"),
        ("rename", "05-QĐ/ĐU"),
    ]
    assert client.get("/api/organizations/W1A").json()["name"] == "Chi bộ Khu phố 1A"


@pytest.mark.django_db
def test_a_viewer_reads_an_organization_but_may_not_write_there(api_as, people):
    body = api_as("viewer").get("/api/organizations/W1").json()
    assert body["can_write"] is False


@pytest.mark.django_db
def test_the_stats_are_the_json_of_the_tree_stats_command(api_as, people):
    response = api_as("ward_staff").get("/api/organizations/W1/stats", {"as_of": "2020-01-01"})
    assert response.status_code == 200
    out = StringIO()
    call_command("tree_stats", "--org", "W1", "--as-of", "2020-01-01", "--format", "json", stdout=out)
    assert response.json() == json.loads(out.getvalue())
    assert response.json()["members"]["total"] == 3


@pytest.mark.django_db
def test_an_unreadable_date_is_a_400_naming_the_field(api_as, people):
    response = api_as("officer").get("/api/organizations/W1/stats", {"as_of": "31/12/2019"})
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "as_of"
    assert "YYYY-MM-DD" in body["message"]


@pytest.mark.django_db
def test_a_query_parameter_the_operation_does_not_have_is_refused(api_as, small_tree):
    client = api_as("officer")
    response = client.get("/api/organizations", {"roott": "W1"})  # misspelt: not the whole scope
    assert response.status_code == 400
    assert response.json() == {"field": "roott", "message": "Tham số “roott” không có ở địa chỉ này."}
    assert client.get("/api/organizations/W1", {"as_of": "2019-12-31", "x": "1"}).status_code == 400
    assert client.get("/api/organizations", {"root": "W1"}).status_code == 200
    assert api_as("viewer").get("/api/me", {"x": "1"}).status_code == 400
