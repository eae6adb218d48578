"""Fixtures for the API tests: members in the small tree, and a client carrying a persona's token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client


@dataclass
class People:
    an: object  # Nguyễn Văn An, official, cell A, CCCD 079080001234
    binh: object  # Trần Thị Bình, official, cell A
    cuong: object  # Lê Văn Cường, official, cell B
    em: object  # Hoàng Văn Em, official, the other ward's cell (outside W1)


@pytest.fixture
def people(small_tree, make_member) -> People:
    return People(
        an=make_member(small_tree.cell_a, "Nguyễn Văn An", cccd="079080001234"),
        binh=make_member(small_tree.cell_a, "Trần Thị Bình", sex="female", birth_date=date(1985, 2, 3)),
        cuong=make_member(small_tree.cell_b, "Lê Văn Cường", cccd="079080005678"),
        em=make_member(small_tree.other_cell, "Hoàng Văn Em", cccd="079080009999"),
    )


@pytest.fixture
def token_of(personas):
    """token_of("officer") -> a new API token of that persona."""
    from dangbo.api.services import api_token_create

    def make(name: str) -> str:
        user = personas[name]
        _, raw = api_token_create(actor=user, user=user, name=f"kiểm thử {name}")
        return raw

    return make


@pytest.fixture
def api_as(token_of):
    """api_as("officer") -> a test client sending that persona's token with every request."""

    def client(name: str) -> Client:
        return Client(headers={"Authorization": f"Bearer {token_of(name)}"})

    return client
