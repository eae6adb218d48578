from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dangbo.congresses import services
from dangbo.congresses.tests.helpers import open_round, ward_congress


def _run(*args: str) -> str:
    out = StringIO()
    call_command("congress_progress", *args, stdout=out)
    return out.getvalue()


def test_it_counts_each_stage_and_lists_the_late(small_tree, officer):
    round_ = open_round(small_tree)  # every congress planned on 10/05/2020
    congress = ward_congress(round_, small_tree)
    for stage in ("proposal", "documents", "opinion"):
        services.congress_record_stage(actor=officer, congress=congress, stage=stage, on=date(2020, 4, 1))
    services.congress_record_stage(
        actor=officer, congress=congress, stage="held", on=date(2020, 5, 20), electors_called=10, present=9
    )
    data = json.loads(_run("--org", "W1", "--term", "2020-2025", "--as-of", "2020-05-15", "--format", "json"))
    assert data["total"] == 3  # W1 and its two cells
    counts = {s["stage"]: s["count"] for s in data["stages"]}
    assert counts == {"planned": 3, "proposal": 1, "documents": 1, "opinion": 1, "held": 1, "approved": 0}
    assert data["held"] == 1
    assert data["late"] == 3 and data["late_held"] == 1 and data["late_not_held"] == 2
    assert {row["code"] for row in data["late_organizations"]} == {"W1", "W1A", "W1B"}


def test_nothing_is_late_before_the_planned_day(small_tree):
    open_round(small_tree)
    data = json.loads(_run("--org", "D", "--term", "2020-2025", "--as-of", "2020-01-15", "--format", "json"))
    assert (data["total"], data["late"]) == (7, 0)


def test_the_text_output(small_tree):
    open_round(small_tree)
    text = _run("--org", "D", "--term", "2020–2025", "--as-of", "2020-06-01")
    assert "Đảng bộ Quận Thử (D) — đại hội nhiệm kỳ 2020–2025, đến ngày 01/06/2020" in text
    assert "Đã tiến hành đại hội: 0 (0,00 %)" in text
    assert "chậm kế hoạch: 7" in text


def test_bad_arguments_say_what_is_wrong(small_tree):
    open_round(small_tree)
    with pytest.raises(CommandError, match="--term"):
        _run("--org", "D", "--term", "2020")
    with pytest.raises(CommandError, match="chưa mở đợt đại hội nhiệm kỳ 2025–2030"):
        _run("--org", "D", "--term", "2025-2030")
    with pytest.raises(CommandError, match="--org"):
        _run("--org", "KHONGCO", "--term", "2020-2025")
