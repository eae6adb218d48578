"""GET /api/members, /api/members/{id}, /api/members/{id}/events: search with pagination (CCCD masked),
a member's file, the history — each within the token user's scope."""

from __future__ import annotations

from datetime import date

import pytest

from dangbo.api.endpoints.common import NOT_FOUND


@pytest.mark.django_db
def test_the_search_finds_the_members_in_scope_sorted_the_vietnamese_way(api_as, people):
    body = api_as("officer").get("/api/members").json()
    assert body["count"] == 4 and body["pages"] == 1 and body["page"] == 1
    # by given name: An, Bình, Cường, Em
    assert [m["full_name"] for m in body["items"]] == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn Cường",
        "Hoàng Văn Em",
    ]


@pytest.mark.django_db
def test_the_cccd_is_masked_in_the_list_even_for_the_district_officer(api_as, people):
    body = api_as("officer").get("/api/members", {"q": "nguyen van an"}).json()
    assert [m["cccd"] for m in body["items"]] == ["********1234"]
    assert "079080001234" not in str(body)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "names"),
    [
        ("secretary_a", ["Nguyễn Văn An", "Trần Thị Bình"]),
        ("secretary_b", ["Lê Văn Cường"]),
        ("ward_staff", ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]),
        ("outsider", ["Hoàng Văn Em"]),
    ],
)
def test_each_persona_finds_only_the_members_of_their_subtree(api_as, people, persona, names):
    body = api_as(persona).get("/api/members", {"page_size": 200}).json()
    assert [m["full_name"] for m in body["items"]] == names
    assert body["count"] == len(names)


@pytest.mark.django_db
def test_the_search_pages_and_filters(api_as, people):
    client = api_as("officer")
    second = client.get("/api/members", {"page_size": 3, "page": 2}).json()
    assert second["count"] == 4 and second["pages"] == 2
    assert [m["full_name"] for m in second["items"]] == ["Hoàng Văn Em"]
    assert client.get("/api/members", {"page": 9}).json()["items"] == []
    women = client.get("/api/members", {"sex": "female"}).json()
    assert [m["full_name"] for m in women["items"]] == ["Trần Thị Bình"]
    in_w1 = client.get("/api/members", {"org": "W1", "q": "van"}).json()
    assert [m["full_name"] for m in in_w1["items"]] == ["Nguyễn Văn An", "Lê Văn Cường"]


@pytest.mark.django_db
def test_filtering_by_an_organization_outside_the_scope_is_not_found(api_as, people):
    response = api_as("secretary_b").get("/api/members", {"org": "W1A"})
    assert response.status_code == 404
    assert response.json()["field"] is None


@pytest.mark.django_db
def test_a_bad_filter_is_a_400_in_vietnamese(api_as, people):
    response = api_as("officer").get("/api/members", {"status": "đang sinh hoạt"})
    assert response.status_code == 400
    assert response.json()["field"] == "status"
    assert response.json()["message"].startswith("Giá trị của “status” không hợp lệ: phải là một trong")
    response = api_as("officer").get("/api/members", {"page_size": 1000})
    assert response.json() == {
        "field": "page_size",
        "message": "Giá trị của “page_size” không hợp lệ: phải không quá 200.",
    }


@pytest.mark.django_db
def test_a_member_file_in_scope(api_as, people):
    body = api_as("secretary_a").get(f"/api/members/{people.an.pk}").json()
    assert body["full_name"] == "Nguyễn Văn An" and body["birth_date"] == "1980-05-17"
    assert body["organization"] == {"code": "W1A", "name": "Chi bộ Khu phố 1"}
    assert body["status"] == "official" and body["status_label"] == "Chính thức"
    assert body["version"] == people.an.version and body["can_write"] is True


@pytest.mark.django_db
def test_the_whole_cccd_only_for_those_who_may_change_the_file(api_as, people):
    writer = api_as("secretary_a").get(f"/api/members/{people.an.pk}").json()
    assert writer["cccd"] == "079080001234" and writer["cccd_masked"] is False
    refused = api_as("viewer").get(f"/api/members/{people.an.pk}")  # a viewer reads no member's file
    assert refused.status_code == 403 and "1234" not in refused.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "member"), [("secretary_b", "an"), ("outsider", "cuong"), ("ward_staff", "em")]
)
def test_a_member_outside_the_scope_is_not_found(api_as, people, persona, member):
    member_id = getattr(people, member).pk
    client = api_as(persona)
    for url in (f"/api/members/{member_id}", f"/api/members/{member_id}/events"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "079080" not in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_member_is_not_found(api_as, people):
    response = api_as("admin").get("/api/members/999999")
    assert response.status_code == 404
    assert response.json() == {"field": None, "message": NOT_FOUND}


@pytest.mark.django_db
def test_the_events_are_the_history_oldest_first(api_as, people, small_tree, officer):
    from dangbo.members.services import member_transfer

    member_transfer(
        actor=officer,
        member=people.an,
        to_organization=small_tree.cell_b,
        transfer_type="internal",
        effective_on=date(2024, 9, 1),
        decision_number="31-QĐ/ĐU",
        decision_date=date(2024, 8, 25),
    )
    body = api_as("ward_staff").get(f"/api/members/{people.an.pk}/events").json()
    assert [(e["kind"], e["effective_on"]) for e in body] == [
        ("transfer_in", "2015-01-01"),
        ("transfer", "2024-09-01"),
    ]
    transfer = body[1]
    assert transfer["kind_label"] == "Chuyển sinh hoạt đảng"
    assert transfer["from_organization"]["code"] == "W1A" and transfer["to_organization"]["code"] == "W1B"
    assert transfer["details"]["transfer_type"] == "internal"
    # now in cell B: secretary A no longer sees the member
    assert api_as("secretary_a").get(f"/api/members/{people.an.pk}/events").status_code == 404
