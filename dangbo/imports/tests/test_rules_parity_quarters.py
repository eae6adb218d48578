"""The quarterly ratings (from 2025) are a fact of the year's rules on both paths: a decision recorded
through the services and the same decision imported give the same flags (rules.rating)."""

from __future__ import annotations

import pytest
from django.db import transaction

from dangbo.evaluations.models import MemberRating
from dangbo.evaluations.quarter_services import quarter_rating_record
from dangbo.evaluations.services import member_rating_record
from dangbo.imports.tests.helpers import RATING_HEADERS, errors, run, xlsx

pytestmark = pytest.mark.django_db

NAMES = ("Nguyễn Văn An", "Trần Thị Bình")


class _RolledBack(Exception):
    pass


def _flags() -> dict[str, list[str]]:
    return {
        r.member.full_name: [f["rule"] for f in r.flags if f["rule"] == "quarter"]
        for r in MemberRating.objects.filter(year=2025).select_related("member")
    }


def test_a_failed_quarter_flags_the_year_alike_through_the_services_and_the_import(
    small_tree, make_member, personas, settings
):
    settings.DANGBO_QUARTER_RULES = {**settings.DANGBO_QUARTER_RULES, "blocks": True}
    admin = personas["admin"]
    members = [make_member(small_tree.cell_a, name, cccd=f"07908000200{i}") for i, name in enumerate(NAMES)]
    quarter_rating_record(actor=admin, year=2025, quarter=2, rank=4, member=members[0])
    with pytest.raises(_RolledBack), transaction.atomic():
        for member in members:
            member_rating_record(
                actor=admin,
                member=member,
                year=2025,
                stage="decision",
                rank=2,
                decision_number="",
                historical=True,
            )
        through_services = _flags()
        raise _RolledBack
    sheet = [RATING_HEADERS] + [
        [f"07908000200{i}", "", name, 2025, "HTTNV", ""] for i, name in enumerate(NAMES)
    ]
    outcome = run(xlsx({"Xếp loại": sheet}), admin)
    assert outcome.ok, errors(outcome)
    assert _flags() == through_services == {"Nguyễn Văn An": ["quarter"], "Trần Thị Bình": []}
    # the other rules of 2025 (the score) flag both paths alike too
    everything = {
        r.member.full_name: r.flags for r in MemberRating.objects.filter(year=2025).select_related("member")
    }
    assert everything["Nguyễn Văn An"][:-1] == everything["Trần Thị Bình"]
