"""bench/import_floor.py: the bare reader, the capture of an import's writes and their replay."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from django.db import connection

from bench import import_floor as floor
from bench.bench_import import build_workbooks


def test_the_bare_reader_reads_every_row_of_every_sheet():
    _, data, counts = build_workbooks(20)
    timing, rows = floor.bare_reader(data)
    # members: a title, an empty row, the header; ratings and the organizations' ratings: a header
    assert rows == 3 + counts["members"] + 1 + counts["member_ratings"] + 1 + counts["organization_ratings"]
    assert timing.wall > 0 and timing.cpu >= 0


def _table(path):
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT UNIQUE, d TEXT, p TEXT)")
    raw.close()


def test_the_replay_runs_both_styles_of_statements_in_one_transaction(tmp_path):
    path = tmp_path / "bench.sqlite3"
    _table(path)
    statements = [
        floor.Statement("INSERT INTO t (a) VALUES (?), (?)", ["x", "y"], many=False, orm=False),
        floor.Statement(
            'INSERT INTO "t" ("a", "d", "p") VALUES (%s, %s, \'100%%\')', ("z", date(2019, 1, 2)), False, True
        ),
        floor.Statement('UPDATE "t" SET "d" = %s WHERE "a" = %s', [("2020-01-01", "x"), ("2021-01-01", "y")], True, True),
        floor.Statement('INSERT INTO "t" ("a") VALUES (%s) RETURNING "t"."id"', ["w"], False, True),
    ]  # fmt: skip
    done = floor.replay(statements, path, {"synchronous": 1, "foreign_keys": 1})
    assert done.rows == 6 and done.inserts.wall > 0 and done.commit.wall >= 0
    assert list(done.tables) == ["t"] and done.tables["t"].wall <= done.inserts.wall
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT a, d, p FROM t ORDER BY id").fetchall() == [
        ("x", "2020-01-01", None),
        ("y", "2021-01-01", None),
        ("z", "2019-01-02", "100%"),  # Django's date adapter, Django's %% for %
        ("w", None, None),
    ]
    raw.close()
    assert floor.row_counts(["t"], path) == {"t": 4}


def test_a_failing_statement_leaves_the_copy_as_it_was(tmp_path):
    path = tmp_path / "bench.sqlite3"
    _table(path)
    statements = [
        floor.Statement("INSERT INTO t (a) VALUES (?)", ["x"], many=False, orm=False),
        floor.Statement("INSERT INTO t (a) VALUES (?)", ["x"], many=False, orm=False),
    ]
    with pytest.raises(sqlite3.IntegrityError):
        floor.replay(statements, path, {})
    assert floor.row_counts(["t"], path) == {"t": 0}


def test_the_rows_of_a_bulk_insert_are_its_parameters_over_a_rows():
    statement = floor.Statement("INSERT INTO t (a, d) VALUES (?, ?), (?, ?), (?, ?)", [1] * 6, False, False)
    assert floor.Capture([statement]).counts() == {"bulk_writer": 1, "orm": 0, "rows_bulk_writer": 3}


def test_the_table_a_statement_writes():
    tables = [
        floor.Statement(sql, None, False, True).table
        for sql in ('INSERT INTO "a" ("x") VALUES (1)', 'UPDATE "b" SET "x" = 1', 'DELETE FROM "c" WHERE 1')
    ]
    assert tables == ["a", "b", "c"]


def test_ratios():
    assert floor.ratio(18.2, 6.5) == 2.8 and floor.ratio(1.0, 0.0) is None


@pytest.mark.django_db(transaction=True)  # the copy is made of what the tree's import committed
def test_an_import_replayed_on_the_copy_writes_what_the_import_wrote(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the floor is measured on SQLite only")
    from dangbo.accounts.scope import system_actor
    from dangbo.imports.services import import_workbook

    tree, data, counts = build_workbooks(30)
    actor = system_actor("kiểm thử: bench")
    assert import_workbook(tree, actor=actor, filename="tree.xlsx").ok
    copy = tmp_path / "copy.sqlite3"
    floor.copy_database(copy)
    with floor.capturing() as capture:
        outcome = import_workbook(data, actor=actor, filename="members.xlsx")
    assert outcome.ok and outcome.written.members_new == counts["members"]
    tables = capture.tables()
    assert {"members_member", "members_memberevent", "evaluations_memberrating", "imports_importrun"} <= set(
        tables
    )
    before = floor.row_counts(tables, copy)
    assert before["members_member"] == 0
    counted = capture.counts()
    assert counted["bulk_writer"] >= 4 and counted["orm"] >= 3 and capture.others["SELECT"] > 0
    assert counted["rows_bulk_writer"] >= counts["members"] * 4  # members, events, periods, ratings
    done = floor.replay(capture.statements, copy, floor.connection_pragmas())
    assert done.rows >= counted["rows_bulk_writer"]
    assert {"members_member", "members_memberperiod", "evaluations_ratingtally"} <= set(done.tables)
    assert floor.row_counts(tables, copy) == floor.row_counts(tables)
    floor.remove_database(copy)
    assert not copy.exists()
