"""A number written by someone else between the check and the write (issue 12, finding 9).

Two imports of the same new member at once: both find the CCCD free, the second one's insert then
fails on the unique index. On PostgreSQL the writer's thread failed the transaction and the next
read of the checks answered "Lỗi ngoài dự kiến: InternalError"; the import must instead refuse the
file, write nothing and name no one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest
from django.db import DatabaseError, connection

from dangbo.evaluations.models import MemberRating
from dangbo.imports import bulk
from dangbo.imports.plan import members as plan_members
from dangbo.imports.services import TAKEN_MEANWHILE
from dangbo.imports.tests.helpers import MEMBER_HEADERS, RATING_HEADERS, errors, member_row, run, xlsx
from dangbo.members.models import Member, MemberEvent, MemberPeriod

CCCD = "079090000001"


@pytest.mark.django_db
def test_a_cccd_taken_meanwhile_refuses_the_file_without_an_internal_error(
    small_tree, make_member, monkeypatch
):
    make_member(small_tree.cell_b, "Lê Thị Đã Có", cccd=CCCD)
    # as if the other import wrote it after this one's check: the check does not see it
    monkeypatch.setattr(plan_members, "_matching_ids", lambda column, keys: [])
    data = xlsx(
        {
            "Đảng viên": [MEMBER_HEADERS, member_row("Nguyễn Văn Mới", cccd=CCCD, cell="W1A")],
            # checked after the people's writes started: the checks read on after the failed insert
            "Xếp loại": [RATING_HEADERS, [CCCD, "", "Nguyễn Văn Mới", 2019, "Hoàn thành tốt nhiệm vụ", ""]],
        }
    )
    outcome = run(data)
    assert not outcome.ok
    (line,) = errors(outcome)
    assert "Không có gì được ghi" in line and "Đã Có" not in line, line
    assert list(Member.objects.values_list("full_name", flat=True)) == ["Lê Thị Đã Có"]
    assert date(2016, 5, 19) not in Member.objects.values_list("admitted_on", flat=True)


# --- the error sqlite3 loses (bulk.Writer) ---------------------------------------------------------
#
# With two threads on one connection, sqlite3 reads a failed statement's error from the connection
# after the statement: when the import's checks run a read in between, the failed INSERT returns as
# if it had written its rows (rowcount 0), or raises a DatabaseError of the wrong class ("another
# row available"). Under load one run in a few hundred hit it: the import then wrote the new
# member's events, periods and rating without the member (SQLite checks foreign keys at COMMIT) and
# reported success. The writer's cursor below does deterministically what that interleaving does.


class _ErrorLostCursor:
    """The writer's cursor, whose INSERT into `table` fails (undone, as SQLite undoes a failed
    statement) and then either returns without an error (how="lost") or raises the error of
    another statement (how="misread")."""

    def __init__(self, cursor: sqlite3.Cursor, table: str, how: str) -> None:
        self.cursor, self.table, self.how = cursor, table, how
        self.rowcount = -1

    def execute(self, sql: str, params: Any = ()) -> _ErrorLostCursor:
        if not sql.startswith(f'INSERT INTO "{self.table}" '):
            self.cursor.execute(sql, params)
            self.rowcount = self.cursor.rowcount
            return self
        if self.how == "lost":
            self.rowcount = 0  # what sqlite3 leaves when it reads SQLITE_OK as the statement's error
            return self
        raise sqlite3.DatabaseError("another row available")  # the reading thread's SQLITE_ROW

    def close(self) -> None:
        self.cursor.close()


def _lose_errors(monkeypatch: pytest.MonkeyPatch, table: str, how: str) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("psycopg reports each statement's own error")
    monkeypatch.setattr(bulk.Writer, "_cursor", lambda self: _ErrorLostCursor(self.raw.cursor(), table, how))


def _counts() -> tuple[int, int, int, int]:
    return (
        Member.objects.count(),
        MemberEvent.objects.count(),
        MemberPeriod.objects.count(),
        MemberRating.objects.count(),
    )


NEW_MEMBER_FILE: dict[str, Sequence[Sequence[Any]]] = {
    "Đảng viên": [MEMBER_HEADERS, member_row("Nguyễn Văn Mới", cccd=CCCD, cell="W1A")],
    "Xếp loại": [RATING_HEADERS, [CCCD, "", "Nguyễn Văn Mới", 2019, "Hoàn thành tốt nhiệm vụ", ""]],
}


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["lost", "misread"])
def test_a_cccd_taken_meanwhile_whose_error_sqlite_lost_still_refuses_the_file(
    small_tree, make_member, monkeypatch, how
):
    make_member(small_tree.cell_b, "Lê Thị Đã Có", cccd=CCCD)
    monkeypatch.setattr(plan_members, "_matching_ids", lambda column, keys: [])
    _lose_errors(monkeypatch, Member._meta.db_table, how)
    before = _counts()
    outcome = run(xlsx(NEW_MEMBER_FILE))
    assert not outcome.ok
    (line,) = errors(outcome)
    assert TAKEN_MEANWHILE in line and "Không có gì được ghi" in line and "Đã Có" not in line, line
    assert _counts() == before  # no event, period or rating of a member that is not there
    connection.check_constraints()  # every foreign key holds (PRAGMA foreign_key_check)


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["lost", "misread"])
def test_a_failed_write_with_no_number_taken_is_an_error_not_taken_meanwhile(small_tree, monkeypatch, how):
    """The ratings' INSERT fails with no CCCD taken by anyone: the import neither reports success
    with the ratings missing, nor blames another import; it fails and nothing is written."""
    _lose_errors(monkeypatch, MemberRating._meta.db_table, how)
    before = _counts()
    with pytest.raises((DatabaseError, sqlite3.DatabaseError)):
        run(xlsx(NEW_MEMBER_FILE))
    assert _counts() == before
    connection.check_constraints()
