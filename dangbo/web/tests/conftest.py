"""Fixtures for the web tests: members in the small tree, and a client logged in as a persona."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client


@dataclass
class People:
    an: object  # Nguyễn Văn An, official, cell A
    binh: object  # Trần Thị Bình, official, cell A
    cuong: object  # Lê Văn Cường, official, cell B
    dung: object  # Phạm Minh Dũng, probationary, cell A
    em: object  # Hoàng Văn Em, official, other ward's cell (outside W1)


@pytest.fixture
def people(small_tree, make_member) -> People:
    return People(
        an=make_member(small_tree.cell_a, "Nguyễn Văn An", cccd="079080001234"),
        binh=make_member(small_tree.cell_a, "Trần Thị Bình", sex="female", birth_date=date(1985, 2, 3)),
        cuong=make_member(small_tree.cell_b, "Lê Văn Cường"),
        dung=make_member(
            small_tree.cell_a,
            "Phạm Minh Dũng",
            status="probationary",
            admitted=date(2024, 3, 15),
            on=date(2024, 3, 15),
            birth_date=date(1999, 9, 9),
        ),
        em=make_member(small_tree.other_cell, "Hoàng Văn Em"),
    )


@pytest.fixture
def as_user(personas):
    """as_user("officer") -> a test client logged in as that persona."""

    def login(name: str) -> Client:
        client = Client()
        client.force_login(personas[name])
        return client

    return login
