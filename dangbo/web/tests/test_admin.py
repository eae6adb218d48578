"""The admin at /quan-tri/: users and roles are edited there; the tree and the records are read-only."""

from __future__ import annotations

import pytest

from dangbo.web.tests.helpers import page_text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/quan-tri/",
        "/quan-tri/accounts/user/",
        "/quan-tri/accounts/roleassignment/",
        "/quan-tri/organizations/organization/",
        "/quan-tri/organizations/organizationversion/",
        "/quan-tri/organizations/organizationevent/",
        "/quan-tri/members/member/",
        "/quan-tri/members/memberevent/",
        "/quan-tri/members/memberperiod/",
    ],
)
def test_the_admin_pages_open_for_the_administrator(as_user, people, path):
    assert as_user("admin").get(path).status_code == 200


@pytest.mark.django_db
def test_member_search_in_the_admin_ignores_accents(as_user, people):
    html = page_text(as_user("admin").get("/quan-tri/members/member/", {"q": "nguyen van an"}))
    assert "Nguyễn Văn An" in html
    assert "Trần Thị Bình" not in html


@pytest.mark.django_db
def test_domain_records_cannot_be_changed_in_the_admin(as_user, people, small_tree):
    client = as_user("admin")
    assert client.get("/quan-tri/members/member/add/").status_code == 403
    assert client.get("/quan-tri/organizations/organization/add/").status_code == 403
    change = page_text(client.get(f"/quan-tri/members/member/{people.an.pk}/change/"))
    assert 'name="_save"' not in change  # view only
    assert (
        client.post(
            f"/quan-tri/organizations/organization/{small_tree.cell_a.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_roles_are_managed_in_the_admin(as_user, personas):
    html = page_text(as_user("admin").get(f"/quan-tri/accounts/user/{personas['secretary_a'].pk}/change/"))
    assert "Bí thư chi bộ" in html


@pytest.mark.django_db
def test_staff_without_superuser_rights_do_not_get_in(as_user):
    response = as_user("officer").get("/quan-tri/")
    assert response.status_code == 302
