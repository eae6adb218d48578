"""The demo opens Quận 9's 2020–2025 round: every organization planned in 2020, none held."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command

from dangbo.congresses.models import Congress, CongressRound
from dangbo.organizations.models import GRASSROOTS_KINDS


def test_the_demo_opens_q9s_round_with_planned_dates_in_2020(demo, db):
    round_ = CongressRound.objects.get(organization__code="Q9")
    assert (round_.term_start, round_.term_end) == (2020, 2025)
    congresses = Congress.objects.filter(round=round_)
    grassroots = congresses.filter(organization__kind__in=GRASSROOTS_KINDS)
    assert grassroots.count() == 42
    assert congresses.filter(organization__kind="affiliated_cell").count() > 100
    assert {c.planned_on.year for c in congresses} == {2020}
    assert not congresses.exclude(stage="planned").exists()
    cells_last = max(c.planned_on for c in congresses.filter(organization__kind="affiliated_cell"))
    grassroots_first = min(c.planned_on for c in grassroots)
    assert cells_last < grassroots_first  # the cells under a committee hold theirs first


def test_the_progress_command_on_the_demo(demo, db):
    out = StringIO()
    call_command(
        "congress_progress",
        "--org",
        "Q9",
        "--term",
        "2020-2025",
        "--as-of",
        "2019-12-31",
        "--format",
        "json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["held"] == 0 and data["late"] == 0
    assert data["stages"][0]["count"] == data["total"]
