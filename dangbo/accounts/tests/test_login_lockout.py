"""Repeated wrong passwords lock the login (django-axes): a Vietnamese page, a cool-off set in the
settings, the administrator unlocks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

PASSWORD = "mat-khau-thu-1"


def _login(client: Client, password: str, username: str = "bantochuc", ip: str = "10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(client: Client, times: int, **kwargs) -> list[int]:
    return [_login(client, "sai-mat-khau", **kwargs).status_code for _ in range(times)]


@pytest.mark.django_db
def test_the_limit_locks_even_the_right_password_with_a_vietnamese_page(client, personas, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert _fail(client, 5) == [200, 200, 200, 200, 429]  # the fifth wrong password locks
    response = _login(client, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Tạm khóa đăng nhập" in html and "bantochuc" in html
    assert "30 phút" in html  # the cool-off of the settings, in words
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client, personas):
    assert _fail(client, 4) == [200] * 4
    response = _login(client, PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert not AccessAttempt.objects.filter(username="bantochuc").exists()  # reset on success


@pytest.mark.django_db
def test_the_lock_is_per_login_and_address(client, personas):
    _fail(client, 5)
    assert _login(client, PASSWORD).status_code == 429
    assert _login(Client(), PASSWORD, ip="10.0.0.2").status_code == 302  # another office
    assert _login(Client(), PASSWORD, username="phuong1").status_code == 302  # another user


@pytest.mark.django_db
def test_the_lock_ends_after_the_cool_off_time(client, personas, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=10)
    _fail(client, 5)
    assert _login(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=11))
    assert _login(client, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_cool_off_comes_from_the_environment(monkeypatch):
    import importlib

    import config.settings as project_settings

    monkeypatch.setenv("DANGBO_LOGIN_COOLOFF_MINUTES", "45")
    monkeypatch.setenv("DANGBO_LOGIN_FAILURE_LIMIT", "3")
    try:
        reloaded = importlib.reload(project_settings)
        assert timedelta(minutes=45) == reloaded.AXES_COOLOFF_TIME
        assert reloaded.AXES_FAILURE_LIMIT == 3
    finally:
        monkeypatch.undo()
        importlib.reload(project_settings)


@pytest.mark.django_db
def test_the_administrator_unlocks_from_the_admin(client, personas):
    _fail(client, 5)
    assert _login(client, PASSWORD).status_code == 429
    admin = Client()
    admin.force_login(personas["admin"])
    response = admin.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock_login", "_selected_action": [personas["officer"].pk]},
        follow=True,
    )
    assert "Đã mở khóa đăng nhập" in response.content.decode()
    assert _login(client, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_admin_lists_the_lockouts(personas):
    _fail(Client(), 5)
    admin = Client()
    admin.force_login(personas["admin"])
    page = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert page.status_code == 200 and "bantochuc" in page.content.decode()


@pytest.mark.django_db
def test_the_admin_login_form_goes_through_the_same_lockout(client, personas):
    response = client.get("/quan-tri/login/?next=/quan-tri/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=%2Fquan-tri%2F"


@pytest.mark.django_db
def test_server_side_sign_in_without_a_request_is_not_counted(personas):
    """Django's test client login() (like a shell) authenticates without a request: nothing to lock."""
    assert Client().login(username="bantochuc", password=PASSWORD)
    assert not Client().login(username="bantochuc", password="sai")
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_a_signed_in_user_who_is_not_staff_gets_a_clear_refusal_at_the_admin(personas):
    client = Client()
    client.force_login(personas["secretary_a"])
    response = client.get("/quan-tri/", follow=True)
    assert len(response.redirect_chain) <= 2  # no loop between the admin and the login page
    assert response.status_code == 403
    assert "Không có quyền quản trị" in response.content.decode()
    admin = Client()
    admin.force_login(personas["admin"])
    assert admin.get("/quan-tri/").status_code == 200
