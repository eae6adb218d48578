"""What the organization pages keep between requests (the members' counts of a tree, a subtree's
figures, the select of organizations) is read afresh after any change of the records: never a
stale figure nor a missing organization (dangbo.audit.figures.kept)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import RequestFactory

from dangbo.accounts.scope import system_actor
from dangbo.core.dates import today
from dangbo.members.tree_counts import subtree_stats, tree
from dangbo.organizations.models import Kind, Sector
from dangbo.organizations.pickers import org_options
from dangbo.organizations.services import Decision, organization_establish

pytestmark = pytest.mark.django_db


def test_the_counts_kept_follow_every_change(small_tree, make_member, officer, settings, outside_transaction):
    settings.DANGBO_FIGURES_CACHE = True
    day = today()
    make_member(small_tree.cell_a)
    before = tree(officer, small_tree.district, day)
    assert before is not None and before.total == 1
    assert subtree_stats(officer, small_tree.district, day)["members"]["total"] == 1
    assert tree(officer, small_tree.district, day).total == 1  # type: ignore[union-attr]  # kept
    make_member(small_tree.school, "Trần Thị Bình", cccd="079180000009")
    after = tree(officer, small_tree.district, day)
    assert after is not None and after.total == 2
    assert subtree_stats(officer, small_tree.district, day)["members"]["total"] == 2
    ward = tree(officer, small_tree.ward, day)  # another subtree: its own counts
    assert ward is not None and ward.total == 1


def test_the_organizations_select_kept_follows_every_change(
    small_tree, officer, personas, settings, outside_transaction
):
    settings.DANGBO_FIGURES_CACHE = True
    request = RequestFactory().get("/dang-vien/")
    request.user = officer
    first = org_options(request, personal=True)
    assert "W1A" in {code for code, _ in first} and "W3" not in {code for code, _ in first}
    assert org_options(request, personal=True) == first  # kept
    organization_establish(
        actor=system_actor("kiểm thử"),
        code="W3",
        name="Đảng bộ phường Mới",
        kind=Kind.GRASSROOTS_COMMITTEE,
        sector=Sector.WARD,
        parent=small_tree.district,
        effective_on=date(2015, 1, 1),
        decision=Decision(number="03-QĐ/QU", date=date(2015, 1, 1)),
    )
    assert "W3" in {code for code, _ in org_options(request, personal=True)}
    # another scope is kept apart: the ward's staff see their ward only
    request.user = personas["ward_staff"]
    assert {code for code, _ in org_options(request, personal=True)} == {"W1", "W1A", "W1B"}
