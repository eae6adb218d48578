"""A locked year's report read from the stored rollups gives exactly the figures counted from the
ratings, tallies and headcounts (the report of an open year, or of a locked year without rollups):
at the lock, and after every later change of the year's ratings or of its tree on 31/12 — on the small
tree and on a generated one."""

import random
from collections import Counter
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.accounts.scope import system_actor
from dangbo.evaluations.models import MemberRating, OrganizationRating, YearRollup
from dangbo.evaluations.quarter_services import rating_rerate
from dangbo.evaluations.rollups import rollups_build
from dangbo.evaluations.services import rating_correct, review_cycle_lock, rollups_rebuild
from dangbo.evaluations.tallies import rebuild_year
from dangbo.organizations.models import Kind, Organization, Sector
from dangbo.organizations.selectors import subtree_versions, version_of
from dangbo.organizations.services import Decision, organization_establish, organization_move
from dangbo.reorganizations.services import organization_dissolve
from dangbo.reports.selectors import live_figures, year_report
from dangbo.reports.tests.test_year_report import rated  # noqa: F401 - the fixture

SYSTEM = system_actor("kiểm thử: báo cáo từ số liệu tổng hợp")
YEAR = 2019
DAY = date(YEAR, 12, 31)
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hải", "Khoa", "Long", "Minh", "Nam", "Phúc", "Quang", "Sơn"]


def _live(organization: Organization) -> Counter:
    root = version_of(organization, DAY)
    assert root is not None
    figures = live_figures(root, subtree_versions(organization, DAY), YEAR, locked=True)
    return Counter({key: n for key, n in figures.items() if n})


def _assert_every_node_agrees(top: Organization) -> int:
    """The stored rollup of every node of the subtree equals its figures counted live."""
    nodes = list(subtree_versions(top, DAY).select_related("organization"))
    stored = dict(
        YearRollup.objects.filter(year=YEAR, organization__in=[v.organization for v in nodes]).values_list(
            "organization_id", "figures"
        )
    )
    for version in nodes:
        assert Counter(stored[version.organization_id]) == _live(version.organization), version.name
    return len(nodes)


def _reports(organizations: list[Organization]) -> list[dict]:
    return [year_report(SYSTEM, o, YEAR).as_json() for o in organizations]


def _assert_reports_agree(organizations: list[Organization]) -> None:
    """The reports with the rollups equal those counted live (the rollups removed, then put back)."""
    with_rollups = _reports(organizations)
    kept = list(YearRollup.objects.filter(year=YEAR).values_list("organization_id", "figures"))
    YearRollup.objects.filter(year=YEAR).delete()
    assert _reports(organizations) == with_rollups
    YearRollup.objects.bulk_create(YearRollup(year=YEAR, organization_id=i, figures=f) for i, f in kept)


def test_the_small_tree_locked_reads_one_row_and_the_same_figures(rated):  # noqa: F811
    tree = rated
    everyone = [tree.district, tree.ward, tree.cell_a, tree.cell_b, tree.school]
    before_lock = _reports(everyone)
    review_cycle_lock(actor=SYSTEM, organization=tree.district, year=YEAR, decision_number="9-QĐ/QU")
    assert YearRollup.objects.filter(year=YEAR).count() == 7  # every node of the district
    assert _assert_every_node_agrees(tree.district) == 7
    assert _reports(everyone) == before_lock  # nothing moved since: the lock's figures are the live ones
    _assert_reports_agree(everyone)
    # the district's report reads its figures in one query, not a count per table over the subtree
    with CaptureQueriesContext(connection) as queries:
        year_report(SYSTEM, tree.district, YEAR)
    assert sum("evaluations_yearrollup" in q["sql"] for q in queries.captured_queries) == 1
    assert not any("evaluations_ratingtally" in q["sql"] for q in queries.captured_queries)
    assert not any("evaluations_yearendheadcount" in q["sql"] for q in queries.captured_queries)


def test_corrections_after_the_lock_reach_every_ancestor(rated):  # noqa: F811
    tree = rated
    review_cycle_lock(actor=SYSTEM, organization=tree.district, year=YEAR, decision_number="9-QĐ/QU")
    member_rating = MemberRating.objects.filter(year=YEAR, organization=tree.cell_a, rank=2).first()
    assert member_rating is not None
    rating_correct(
        actor=SYSTEM, rating=member_rating, rank=None, not_rated_reason="Ốm đau dài ngày",
        reason="Đính chính", decision_number="12-QĐ/QU",
    )  # fmt: skip
    ward_rating = OrganizationRating.objects.get(year=YEAR, organization=tree.ward)
    rating_correct(
        actor=SYSTEM, rating=ward_rating, rank=1, exemplary=True, reason="Đính chính",
        decision_number="13-QĐ/QU",
    )  # fmt: skip
    _assert_every_node_agrees(tree.district)
    district = year_report(SYSTEM, tree.district, YEAR)
    assert district.sections.grassroots.exemplary == 1
    assert ("Ốm đau dài ngày", 1) in [
        (r.reason, r.count) for r in district.sections.members.not_evaluated_reasons
    ]
    _assert_reports_agree([tree.district, tree.ward, tree.cell_a])


def _grow(rng: random.Random, make_member) -> tuple[Organization, list[Organization]]:
    """A province of three districts, each with grassroots committees (affiliated cells, one under a
    partial committee) and grassroots cells of several sectors; members with ratings at every level
    and some not rated, with reasons; organizations rated, some exemplary, some not."""

    def make(code, name, kind, sector, parent):
        return organization_establish(
            actor=SYSTEM, code=code, name=name, kind=kind, sector=sector, parent=parent,
            effective_on=date(2015, 1, 1), decision=Decision(number=f"{code}-QĐ", date=date(2015, 1, 1)),
        )  # fmt: skip

    province = make("P", "Đảng bộ Tỉnh Thử", Kind.PROVINCE, Sector.OTHER, None)
    cells: list[tuple[Organization, Organization]] = []  # (cell, its grassroots organization)
    rated_orgs = []
    sectors = [Sector.WARD, Sector.AGENCY, Sector.PUBLIC_SCHOOL, Sector.STATE_ENTERPRISE]
    for d in range(3):
        district = make(f"P{d}", f"Đảng bộ Huyện {d}", Kind.DISTRICT, Sector.OTHER, province)
        for g in range(rng.randint(2, 4)):
            sector = rng.choice(sectors)
            if g == 0 or rng.random() < 0.6:  # at least one committee a district
                committee = make(f"P{d}G{g}", f"Đảng bộ {d}.{g}", Kind.GRASSROOTS_COMMITTEE, sector, district)
                rated_orgs.append(committee)
                partial = make(
                    f"P{d}G{g}B", f"Đảng bộ bộ phận {d}.{g}", Kind.PARTIAL_COMMITTEE, sector, committee
                )
                for c in range(rng.randint(1, 3) + (g == 0)):  # the first: two cells side by side
                    parent = partial if c == 0 else committee
                    cell = make(
                        f"P{d}G{g}C{c}",
                        f"Chi bộ {d}.{g}.{c}",
                        Kind.AFFILIATED_CELL,
                        Sector.RESIDENTIAL,
                        parent,
                    )
                    cells.append((cell, committee))
                    rated_orgs.append(cell)
            else:
                cell = make(f"P{d}G{g}", f"Chi bộ cơ sở {d}.{g}", Kind.GRASSROOTS_CELL, sector, district)
                cells.append((cell, cell))
                rated_orgs.append(cell)
    reasons = ["Ốm đau dài ngày", "Miễn sinh hoạt", "Mới chuyển đến"]
    ratings: list[MemberRating] = []
    for cell, grassroots in cells:
        for _ in range(rng.randint(0, 4)):
            member = make_member(cell, f"Nguyễn Văn {GIVEN[len(ratings) % len(GIVEN)]}")
            rank = rng.choice([1, 2, 2, 2, 3, 4, None, None])
            if rank is None and rng.random() < 0.3:
                continue  # on the books, not rated yet
            ratings.append(
                MemberRating(
                    member=member, year=YEAR, organization=cell, grassroots=grassroots, rank=rank,
                    not_rated_reason="" if rank else rng.choice(reasons), decision_number="1-QĐ",
                )
            )  # fmt: skip
    MemberRating.objects.bulk_create(ratings)
    rebuild_year(YEAR)
    org_ratings = []
    for organization in rated_orgs:
        if rng.random() < 0.15:
            continue  # not rated
        rank = rng.choice([1, 1, 2, 2, 3, 4, None])
        org_ratings.append(
            OrganizationRating(
                organization=organization, year=YEAR, rank=rank, exemplary=rank == 1 and rng.random() < 0.5,
                not_rated_reason="" if rank else rng.choice(reasons), decision_number="2-QĐ",
            )
        )  # fmt: skip
    OrganizationRating.objects.bulk_create(org_ratings)
    return province, [c for c, _ in cells]


@pytest.mark.parametrize("seed", [1, 2])
def test_a_generated_tree_with_corrections_keeps_the_same_figures(db, make_member, seed):
    rng = random.Random(seed)
    province, cells = _grow(rng, make_member)
    districts = list(Organization.objects.filter(parent=province).order_by("code"))
    everyone = list(Organization.objects.filter(path__startswith=province.path).order_by("code"))
    before_lock = _reports(everyone)
    # a district locked first, then the province over it (the district's rollups built again with it)
    review_cycle_lock(actor=SYSTEM, organization=districts[0], year=YEAR, decision_number="8-QĐ/TU")
    review_cycle_lock(actor=SYSTEM, organization=province, year=YEAR, decision_number="9-QĐ/TU")
    assert _reports(everyone) == before_lock
    assert _assert_every_node_agrees(province) == len(everyone)
    # corrections of member ratings and organization ratings (levels, reasons, exemplary)
    member_ratings = list(MemberRating.objects.filter(year=YEAR).order_by("pk"))
    for rating in rng.sample(member_ratings, min(6, len(member_ratings))):
        rank = rng.choice([1, 2, 3, 4, None])
        rating_correct(
            actor=SYSTEM, rating=rating, rank=rank, not_rated_reason="" if rank else "Đi học dài hạn",
            reason="Đính chính", decision_number="20-QĐ/TU",
        )  # fmt: skip
    for org_rating in rng.sample(list(OrganizationRating.objects.filter(year=YEAR).order_by("pk")), 4):
        rank = rng.choice([1, 2, 3])
        rating_correct(
            actor=SYSTEM, rating=org_rating, rank=rank, exemplary=rank == 1, reason="Đính chính",
            decision_number="21-QĐ/TU",
        )  # fmt: skip
    rerated = MemberRating.objects.filter(year=YEAR, rank__in=[2, 3]).order_by("pk").first()
    assert rerated is not None
    rating_rerate(
        actor=SYSTEM, rating=rerated, rank=4, reason="Cấp trên xem xét lại", decision_number="22-QĐ/TU",
        decision_date=date(2020, 3, 1),
    )  # fmt: skip
    _assert_every_node_agrees(province)
    # the tree of 31/12/2019 changed afterwards: a grassroots organization moved to another district,
    # one established and a cell dissolved, all back-dated into the locked year
    moved = Organization.objects.filter(parent=districts[1]).order_by("code").first()
    assert moved is not None
    organization_move(
        actor=SYSTEM, organization=moved, new_parent=districts[2], effective_on=date(2019, 6, 1),
        decision=Decision(number="30-QĐ/TU", date=date(2019, 6, 1)),
    )  # fmt: skip
    organization_establish(
        actor=SYSTEM, code="NEW", name="Chi bộ Mới", kind=Kind.GRASSROOTS_CELL, sector=Sector.AGENCY,
        parent=districts[0], effective_on=date(2019, 9, 1), decision=Decision(number="31-QĐ", date=date(2019, 9, 1)),
    )  # fmt: skip
    by_parent: dict[int, list[Organization]] = {}
    for cell in cells:
        if cell.kind == Kind.AFFILIATED_CELL and cell.parent_id is not None:
            by_parent.setdefault(cell.parent_id, []).append(cell)
    dissolved, sibling = next(pair for pair in by_parent.values() if len(pair) > 1)[:2]
    organization_dissolve(
        actor=SYSTEM, organization=dissolved, effective_on=date(2019, 10, 1),
        decision=Decision(number="32-QĐ", date=date(2019, 10, 1)), default_receiving=sibling,
    )  # fmt: skip
    _assert_every_node_agrees(province)
    # what was kept step by step is what a build from scratch gives, and the command's service agrees
    kept = dict(YearRollup.objects.filter(year=YEAR).values_list("organization_id", "figures"))
    rollups_build(YEAR, province.path)
    assert dict(YearRollup.objects.filter(year=YEAR).values_list("organization_id", "figures")) == kept
    assert rollups_rebuild(actor=SYSTEM, year=YEAR) == len(kept) - 1  # the dissolved cell's row is not built
    _assert_reports_agree([province, *districts, moved])


def test_the_command_builds_them_again_and_refuses_a_bad_year(rated, capsys):  # noqa: F811
    from django.core.management import CommandError, call_command

    from dangbo.audit.models import AuditEntry

    review_cycle_lock(actor=SYSTEM, organization=rated.district, year=YEAR, decision_number="9-QĐ/QU")
    YearRollup.objects.filter(year=YEAR, organization=rated.ward).delete()
    call_command("rebuild_rollups", "--year", str(YEAR))
    assert "7 tổ chức" in capsys.readouterr().out
    assert YearRollup.objects.filter(year=YEAR, organization=rated.ward).exists()
    _assert_every_node_agrees(rated.district)
    assert AuditEntry.objects.filter(action="review.rollups_rebuild").count() == 1
    with pytest.raises(CommandError, match="--year"):
        call_command("rebuild_rollups", "--year", "1200")
