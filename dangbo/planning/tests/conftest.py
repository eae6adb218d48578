from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def as_user(personas):
    """as_user("officer") -> a test client logged in as that persona."""

    def login(name: str) -> Client:
        client = Client()
        client.force_login(personas[name])
        return client

    return login
