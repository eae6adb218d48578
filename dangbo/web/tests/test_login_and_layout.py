"""Every page needs a login; the top bar names the user and logs out by POST."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.web.tests.helpers import page_text

PAGES = [
    ("home", []),
    ("org_tree", []),
    ("org_detail", ["W1A"]),
    ("organization_establish", ["W1"]),
    ("organization_rename", ["W1A"]),
    ("organization_move", ["W1A"]),
    ("organization_merge", ["W1A"]),
    ("organization_split", ["W1A"]),
    ("organization_dissolve", ["W1A"]),
    ("member_list", []),
    ("member_admit", []),
    ("member_receive", []),
    ("member_lookup", []),
    ("conversions_due", []),
    ("member_detail", [1]),
    ("member_update_profile", [1]),
    ("member_transfer", [1]),
    ("member_act", [1, "ky-luat"]),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args"), PAGES)
def test_every_page_sends_an_anonymous_visitor_to_the_login_page(client, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_the_login_page_is_in_vietnamese_and_logs_in(client, personas):
    page = client.get(reverse("login"))
    assert "Đăng nhập" in page_text(page)
    assert "Tên đăng nhập" in page_text(page)
    response = client.post(reverse("login"), {"username": "bantochuc", "password": "mat-khau-thu-1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


@pytest.mark.django_db
def test_a_wrong_password_is_refused_with_a_message(client, personas):
    response = client.post(reverse("login"), {"username": "bantochuc", "password": "sai"})
    assert response.status_code == 200
    assert "form-errors" in page_text(response)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_top_bar_shows_the_product_the_user_and_a_post_logout(as_user, personas):
    personas["officer"].full_name = "Trần Văn Tổ"
    personas["officer"].save()
    client = as_user("officer")
    html = page_text(client.get(reverse("home")))
    assert "Dangbo" in html
    assert "Trần Văn Tổ" in html
    assert f'<form method="post" action="{reverse("logout")}">' in html
    assert "Đăng xuất" in html


@pytest.mark.django_db
def test_logout_is_a_post_and_ends_the_session(as_user):
    client = as_user("officer")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_pages_load_the_own_css_and_no_cdn(as_user):
    html = page_text(as_user("officer").get(reverse("home")))
    assert "/static/dangbo/dangbo.css" in html
    assert "/static/django_htmx/htmx-2.min.js" in html
    assert "https://" not in html and "http://" not in html


@pytest.mark.django_db
def test_refusals_are_explained_in_vietnamese(as_user, people):
    forbidden = as_user("viewer").get(reverse("member_transfer", args=[people.an.pk]))
    assert forbidden.status_code == 403
    assert "Vai trò của bạn chỉ cho phép xem." in page_text(forbidden)
    missing = as_user("outsider").get(reverse("member_detail", args=[people.an.pk]))
    assert missing.status_code == 404
    assert "không thuộc phạm vi bạn được xem" in page_text(missing)
