"""Backups and the embedded database hold every member's file: written 0600 (owner only), whatever
the umask."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

from dangbo.core import backup


@pytest.fixture
def open_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_readable_by_its_owner_only(tmp_path, open_umask, small_tree):
    if connection.vendor == "postgresql" and not backup.shutil.which("pg_dump"):
        pytest.skip("pg_dump không có trên máy này")
    path = tmp_path / "dangbo.backup"
    backup.backup(path)
    assert _mode(path) == 0o600


def test_a_private_file_is_0600_under_an_open_umask(tmp_path, open_umask):
    path = backup.private_file(tmp_path / "x.tmp")
    assert _mode(path) == 0o600


def test_the_sqlite_database_file_is_made_private_when_opened(tmp_path, open_umask, django_db_blocker):
    name = tmp_path / "dangbo.sqlite3"
    sqlite3.connect(name).close()  # created as migrate would create it: 0644 under umask 022
    assert _mode(name) == 0o644
    wrapper = DatabaseWrapper(
        {
            **connection.settings_dict,
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(name),
            "OPTIONS": {},
            "TEST": {},
        },
        alias="private_check",
    )
    with django_db_blocker.unblock():
        try:
            wrapper.ensure_connection()
        finally:
            wrapper.close()
    assert _mode(name) == 0o600
