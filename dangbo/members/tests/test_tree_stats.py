"""manage.py tree_stats: the subtree counts on a day, as JSON or Vietnamese text; clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from dangbo.accounts.scope import system_actor
from dangbo.members.management.commands.tree_stats import text_lines
from dangbo.members.tree_counts import subtree_stats
from dangbo.organizations.services import Decision
from dangbo.reorganizations.services import organization_dissolve

SYSTEM = system_actor("kiểm thử: test_tree_stats")

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str) -> str:
    out = StringIO()
    call_command("tree_stats", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def members(small_tree, make_member):
    make_member(small_tree.cell_a, "Nguyễn Văn An")
    make_member(small_tree.cell_a, "Trần Thị Bình", status="probationary", admitted=date(2014, 9, 2))
    make_member(small_tree.cell_b, "Lê Văn Cường")
    make_member(small_tree.school, "Phạm Thị Dung")
    return small_tree


def test_json_is_exactly_what_subtree_stats_returns(members):
    output = run("--org", "D", "--as-of", "2019-12-31", "--format", "json")
    stats = json.loads(output)
    assert stats == subtree_stats(system_actor("kiểm thử"), members.district, date(2019, 12, 31))
    assert stats["organizations"]["grassroots"] == 3
    assert stats["members"] == {"probationary": 1, "official": 3, "exempted": 0, "total": 4}
    assert output.startswith('{\n  "organization"')  # indented
    assert "Đảng bộ Quận Thử" in output  # not escaped


def test_the_code_is_read_case_insensitively(members):
    stats = json.loads(run("--org", " w1 ", "--as-of", "2019-12-31", "--format", "json"))
    assert stats["organization"] == {"code": "W1", "name": "Đảng bộ phường An Bình"}
    assert stats["members"]["total"] == 3


def test_text_is_vietnamese_with_the_date_and_the_counts(members):
    output = run("--org", "D", "--as-of", "2019-12-31", "--format", "text")
    assert "Đảng bộ Quận Thử (D), ngày 31/12/2019" in output
    assert "Tổ chức cơ sở đảng: 3" in output
    assert "Chi bộ trực thuộc: 3" in output
    assert "Đảng viên: 4 (chính thức 3, dự bị 1)" in output


def test_text_is_the_default_format(members):
    assert run("--org", "D", "--as-of", "2019-12-31").startswith("Đảng bộ Quận Thử (D), ngày 31/12/2019")


def test_text_writes_numbers_the_vietnamese_way():
    stats = {
        "organization": {"code": "Q9", "name": "Đảng bộ Quận 9"},
        "as_of": "2019-12-31",
        "organizations": {
            "grassroots": 42,
            "cells": 1182,
            "by_kind": {
                "district": 1,
                "grassroots_committee": 19,
                "grassroots_cell": 23,
                "affiliated_cell": 1159,
            },
        },
        "members": {"probationary": 270, "official": 5851, "exempted": 171, "total": 6121},
    }
    lines = text_lines(stats)
    assert "Chi bộ (cơ sở và trực thuộc): 1.182" in lines
    assert "  Chi bộ trực thuộc: 1.159" in lines
    assert "Đảng viên: 6.121 (chính thức 5.851, dự bị 270)" in lines


def test_without_as_of_it_counts_today(members, monkeypatch):
    monkeypatch.setattr("dangbo.members.management.commands.tree_stats.today", lambda: date(2016, 5, 19))
    assert json.loads(run("--org", "D", "--format", "json"))["as_of"] == "2016-05-19"


def test_the_tree_as_of_a_day_before_a_dissolution_still_counts_the_cell(members):
    organization_dissolve(
        actor=SYSTEM,
        organization=members.cell_b,
        effective_on=date(2019, 7, 1),
        decision=Decision(number="123-QĐ/QU", date=date(2019, 6, 20)),
        default_receiving=members.cell_a,
    )
    before = json.loads(run("--org", "W1", "--as-of", "2019-06-30", "--format", "json"))
    after = json.loads(run("--org", "W1", "--as-of", "2019-07-01", "--format", "json"))
    assert before["organizations"]["by_kind"]["affiliated_cell"] == 2
    assert after["organizations"]["by_kind"]["affiliated_cell"] == 1
    assert before["members"]["total"] == after["members"]["total"] == 3


def test_an_unknown_code_is_refused_naming_the_option(small_tree):
    with pytest.raises(CommandError) as error:
        run("--org", "XX", "--as-of", "2019-12-31")
    assert str(error.value) == "--org: Không có tổ chức mã “XX”."
    assert error.value.returncode != 0


@pytest.mark.parametrize("raw", ["2019-13-01", "31/12/2019x", "hôm qua", "2019-02-30"])
def test_a_bad_date_is_refused_naming_the_option(small_tree, raw):
    with pytest.raises(CommandError) as error:
        run("--org", "D", "--as-of", raw)
    assert str(error.value).startswith("--as-of: ")
    assert "không phải là ngày hợp lệ" in str(error.value)
    assert "YYYY-MM-DD" in str(error.value)


def test_an_organization_not_active_that_day_is_refused_naming_the_date(small_tree):
    with pytest.raises(CommandError) as error:
        run("--org", "D", "--as-of", "2014-12-31")
    assert str(error.value) == "--as-of: Đảng bộ Quận Thử không hoạt động vào ngày 31/12/2014."


def test_the_command_line_exits_non_zero_with_the_message_on_stderr():
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "tree_stats",
            "--org",
            "Q9",
            "--as-of",
            "2019-02-30",
            "--format",
            "json",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert result.returncode == 1
    assert "--as-of: “2019-02-30” không phải là ngày hợp lệ" in result.stderr
    assert result.stdout == ""


def test_a_format_other_than_json_or_text_is_refused(small_tree):
    with pytest.raises(CommandError, match="--format"):
        run("--org", "D", "--format", "xml")
