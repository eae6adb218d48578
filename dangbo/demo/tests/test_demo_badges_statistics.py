"""The demo's party badges around 07/11/2019 and its member statistics, which agree with tree_stats
for every organization of the district (loaded once for the module)."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from dangbo.accounts.scope import system_actor
from dangbo.badges.models import BadgeAward, BadgeProposal, PartyAgeBreak
from dangbo.badges.selectors import due_list
from dangbo.members.tree_counts import subtree_stats
from dangbo.memberstats.selectors import member_statistics
from dangbo.organizations.models import GRASSROOTS_KINDS, Organization
from dangbo.organizations.selectors import versions_on

pytestmark = pytest.mark.usefixtures("demo", "db")

ACTOR = system_actor("kiểm thử: dữ liệu mẫu")
OCCASION = date(2019, 11, 7)


def _badge_json(code: str) -> dict:
    out = StringIO()
    call_command("badge_due", "--org", code, "--occasion", "07/11/2019", "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_quan_9_has_members_due_for_badges_on_7_november_2019_each_once():
    data = _badge_json("Q9")
    assert data["occasion"] == "2019-11-07"
    assert len(data["members"]) == sum(data["by_years"].values()) > 20
    assert len({m["id"] for m in data["members"]}) == len(data["members"])
    assert set(data["members"][0]) == {"id", "full_name", "organization", "admitted_on", "years"}
    assert data["by_years"]["30"] > 0 and data["deceased_total"] > 0
    # every member listed reached the level between the occasion before (02/09/2019) and this one, or
    # skipped it: nobody is due a level awarded on an earlier occasion
    awarded = set(BadgeAward.objects.filter(occasion__lt=OCCASION).values_list("member_id", "years"))
    assert not {(m["id"], m["years"]) for m in data["members"]} & awarded


def test_truong_thanh_sent_its_list_and_the_decision_came_with_the_badge_numbers():
    proposal = BadgeProposal.objects.get(organization__code="Q9-TT", occasion=OCCASION)
    assert proposal.status == BadgeProposal.Status.DECIDED
    due = due_list(ACTOR, Organization.objects.get(code="Q9-TT"), OCCASION)
    assert due.members and all(r.decision == "1120-QĐ/TU" and r.badge_number for r in due.members)
    assert {r.member_id for r in due.members} == set(proposal.lines.values_list("member_id", flat=True))


def test_the_readmitted_member_is_not_due_the_30_year_badge_yet():
    stretch = PartyAgeBreak.objects.select_related("member").get()
    member = stretch.member
    ward = Organization.objects.get(code="Q9-TT")
    listed = {r.member_id: r for r in due_list(ACTOR, ward, OCCASION).members}
    assert member.admitted_on <= date(1989, 11, 7) and member.pk not in listed


def test_the_statistics_agree_with_tree_stats_for_the_district_and_every_grassroots_organization():
    day = date(2019, 12, 31)
    codes = ["Q9"] + list(
        Organization.objects.filter(
            pk__in=versions_on(day).filter(kind__in=GRASSROOTS_KINDS).values("organization_id")
        ).values_list("code", flat=True)
    )
    assert len(codes) > 40
    for code in codes:
        organization = Organization.objects.get(code=code)
        stats = member_statistics(ACTOR, organization, day, date(2019, 1, 1))
        assert stats.total == subtree_stats(ACTOR, organization, day)["members"]["total"], code
        for name, buckets in stats.breakdowns.items():
            assert sum(buckets.values()) == stats.total, (code, name)
        assert stats.balanced, code


def test_the_statistics_command_prints_the_district():
    out = StringIO()
    call_command("member_statistics", "--org", "Q9", "--as-of", "2019-12-31", stdout=out)
    data = json.loads(out.getvalue())
    assert (
        data["total"]
        == subtree_stats(ACTOR, Organization.objects.get(code="Q9"), date(2019, 12, 31))["members"]["total"]
    )
    assert data["movements"]["admitted"] > 0
