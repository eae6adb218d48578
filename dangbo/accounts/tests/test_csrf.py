"""Every form is protected against cross-site request forgery: no view is exempt, a POST without the
token is refused (and writes nothing), and every POST form the pages render carries the token."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dangbo.audit.models import AuditEntry
from dangbo.web.tests.helpers import row_counts


def _patterns(resolver: URLResolver, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += _patterns(entry, prefix + str(entry.pattern))
        else:
            found.append((prefix + str(entry.pattern), entry))
    return found


def test_no_view_is_exempt_from_csrf():
    """But the JSON API's (django-ninja marks its views exempt): it takes only a bearer token, which a
    browser never sends by itself, and refuses a session (tests/test_scope_matrix.py,
    test_the_api_refuses_a_session), so a forged cross-site request carries no credential."""
    exempt = [
        route
        for route, pattern in _patterns(get_resolver())
        if getattr(pattern.callback, "csrf_exempt", False) and not route.startswith("api/")
    ]
    assert exempt == []


# (url name, args) of the forms that change something, for the officer of the whole district
FORMS = [
    ("login", []),
    ("logout", []),
    ("login_otp", []),
    ("otp_setup", []),
    ("member_admit", []),
    ("member_receive", []),
    ("member_update_profile", ["an"]),
    ("member_transfer", ["an"]),
    ("member_act", ["an", "ky-luat"]),
    ("organization_establish", ["W1"]),
    ("organization_rename", ["W1A"]),
    ("organization_move", ["W1A"]),
    ("organization_merge", ["W1A"]),
    ("organization_split", ["W1A"]),
    ("organization_dissolve", ["W1A"]),
    ("review_cell", [2019, "W1A"]),
    ("review_organizations", [2019, "W1"]),
    ("review_lock", [2019, "W1"]),
    ("review_commendations", [2019, "W1"]),
    ("imports_upload", []),
]


def _url(name, args, people):
    return reverse(name, args=[people.an.pk if a == "an" else a for a in args])


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args"), FORMS)
def test_a_post_without_the_token_is_refused_and_writes_nothing(name, args, people, personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["officer"])
    before, entries = row_counts(), AuditEntry.objects.count()
    response = client.post(
        _url(name, args, people),
        {"username": "bantochuc", "password": "mat-khau-thu-1", "name": "Chi bộ mới", "token": "123456"},
    )
    assert response.status_code == 403
    assert "mã bảo vệ (CSRF)" in response.content.decode()
    assert row_counts() == before and AuditEntry.objects.count() == entries
    assert client.get(reverse("home")).status_code == 200  # still signed in: the logout was refused too


PAGES = [
    ("login", []),
    ("home", []),
    ("otp_setup", []),
    ("member_detail", ["an"]),
    ("member_update_profile", ["an"]),
    ("member_transfer", ["an"]),
    ("member_admit", []),
    ("org_detail", ["W1A"]),
    ("organization_rename", ["W1A"]),
    ("organization_split", ["W1A"]),
    ("imports_index", []),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args"), PAGES)
def test_every_post_form_on_the_pages_carries_the_token(name, args, people, personas):
    client = Client(enforce_csrf_checks=True)
    if name != "login":
        client.force_login(personas["officer"])
    html = client.get(_url(name, args, people)).content.decode()
    forms = re.findall(r"<form\b[^>]*>.*?</form>", html, flags=re.S | re.I)
    posts = [f for f in forms if re.search(r'method="post"', f, flags=re.I)]
    assert posts, "the page has a POST form"
    for form in posts:
        assert 'name="csrfmiddlewaretoken"' in form, form[:200]
