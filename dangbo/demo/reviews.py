"""The demo's annual reviews, 2015–2019, as the seed article reports them for 2019:
grassroots organizations 8 HTXSNV (1 tiêu biểu), 33 HTTNV, 1 HTNV, 0 KHTNV of 42; members
648 / 4.353 / 830 / 21 of 5.852 rated; the Trường Tiểu học Trường Thạnh cell tiêu biểu five years
running (2015–2019, across the 2018 change of scheme); 20 members HTXSNV five years running; the
commendations of the year. Built to obey the rules: the 20 % cap in every grassroots organization,
members disciplined in the year at the lowest level, organizations at the top level only when their
members or sub-units qualify, tiêu biểu only among those. dangbo.evaluations.audit re-checks it.

Ratings are written in bulk (about 30 000 rows): the rule checks are made here, on the whole list,
rather than row by row through the services.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from dangbo.evaluations import rules
from dangbo.evaluations.models import Award, MemberRating, OrganizationRating, ReviewCycle
from dangbo.evaluations.rollups import rollups_build
from dangbo.evaluations.tallies import headcounts_take, rebuild_year
from dangbo.members.models import Member, MemberEvent, MemberPeriod
from dangbo.organizations.models import CELL_KINDS, GRASSROOTS_KINDS, Kind, Organization
from dangbo.organizations.selectors import subtree_versions

YEARS = range(2015, 2020)
SCHOOL_CODE = "Q9-TT-TH"
EXEMPLARY_2019 = "Q9-TT"  # Đảng bộ phường Trường Thạnh
SEED = 2020
# 2019 as published: members (HTXSNV, HTTNV, HTNV, KHTNV) and grassroots organizations.
MEMBERS_2019 = (648, 4353, 830, 21)
GRASSROOTS_2019 = (8, 33, 1, 0)
FIVE_YEAR_MEMBERS = 20


class DemoReviewError(RuntimeError):
    pass


@dataclass
class YearFacts:
    year: int
    cell_of: dict[int, int]  # member -> cell on 31/12
    grassroots_of_cell: dict[int, int]
    kind: dict[int, str]
    parent: dict[int, int | None]
    established: dict[int, date]
    eligible: list[int]
    not_rated: dict[int, str]
    disciplined: set[int]


@dataclass
class Written:
    member_ratings: int = 0
    organization_ratings: int = 0
    awards: int = 0
    by_year: dict[int, dict[str, tuple[int, ...]]] = field(default_factory=dict)


def _facts(root: Organization, year: int) -> YearFacts:
    day = date(year, 12, 31)
    versions = list(subtree_versions(root, day).select_related("organization"))
    kind = {v.organization_id: v.kind for v in versions}
    parent = {v.organization_id: v.parent_id for v in versions}
    established = {v.organization_id: v.organization.established_on for v in versions}

    def grassroots(org_id: int) -> int:
        current: int | None = org_id
        while current is not None and kind.get(current) not in GRASSROOTS_KINDS:
            current = parent.get(current)
        if current is None:
            raise DemoReviewError(f"no grassroots organization above {org_id}")
        return current

    cells = [org_id for org_id, k in kind.items() if k in CELL_KINDS]
    periods = MemberPeriod.objects.filter(
        valid_from__lte=day, valid_to__gt=day, organization_id__in=cells
    ).values_list("member_id", "organization_id", "exempted")
    admitted = dict(Member.objects.filter(pk__in=[p[0] for p in periods]).values_list("pk", "admitted_on"))
    cell_of: dict[int, int] = {}
    eligible: list[int] = []
    not_rated: dict[int, str] = {}
    for member_id, org_id, exempted in periods:
        cell_of[member_id] = org_id
        reason = rules.member_not_rated_reason(year=year, admitted_on=admitted[member_id], exempted=exempted)
        if reason:
            not_rated[member_id] = reason
        else:
            eligible.append(member_id)
    disciplined = set(
        MemberEvent.objects.filter(
            kind=MemberEvent.Kind.DISCIPLINE, effective_on__gte=date(year, 1, 1), effective_on__lte=day
        ).values_list("member_id", flat=True)
    )
    return YearFacts(
        year=year,
        cell_of=cell_of,
        grassroots_of_cell={c: grassroots(c) for c in cells},
        kind=kind,
        parent=parent,
        established=established,
        eligible=sorted(eligible),
        not_rated=not_rated,
        disciplined=disciplined & set(eligible),
    )


def _member_targets(year: int, eligible: int, disciplined: int) -> tuple[int, int, int, int]:
    if year == 2019:
        if eligible != sum(MEMBERS_2019):
            raise DemoReviewError(f"2019: {eligible} members to rate, the article has {sum(MEMBERS_2019)}")
        return MEMBERS_2019
    excellent = round(eligible * 0.105)
    weak = max(disciplined, round(eligible * 0.003))
    complete = round(eligible * 0.15)
    return excellent, eligible - excellent - complete - weak, complete, weak


def _rate_members(facts: YearFacts, rng: random.Random, five_year: list[int], school: int) -> dict[int, int]:
    excellent, _, complete, weak = _member_targets(facts.year, len(facts.eligible), len(facts.disciplined))
    if len(facts.disciplined) > weak:
        raise DemoReviewError(
            f"{facts.year}: {len(facts.disciplined)} disciplined, only {weak} at the lowest level"
        )
    rank: dict[int, int] = dict.fromkeys(sorted(facts.disciplined), rules.KHTNV)
    others = [m for m in facts.eligible if m not in rank]
    rng.shuffle(others)
    extra_weak = [m for m in others if m not in five_year and facts.cell_of[m] != school][: weak - len(rank)]
    for member in extra_weak:
        rank[member] = rules.KHTNV
    # HTNV: not the five-year members, not the exemplary school cell
    pool = [m for m in others if m not in rank and m not in five_year and facts.cell_of[m] != school]
    for member in pool[:complete]:
        rank[member] = rules.HTNV
    rest = [m for m in facts.eligible if m not in rank]
    # excellent within the 20 % cap of each grassroots organization, the five-year members first
    members_in: dict[int, list[int]] = defaultdict(list)
    for member in rest:
        members_in[facts.grassroots_of_cell[facts.cell_of[member]]].append(member)
    chosen: Counter[int] = Counter()

    def room(grassroots: int) -> int:
        # e excellent and (n - e) good: e <= floor((n - e) / 5)  <=>  6e <= n
        return len(members_in[grassroots]) // 6 - chosen[grassroots]

    for member in five_year:
        if member in rank or member not in facts.cell_of:
            raise DemoReviewError(f"{facts.year}: five-year member {member} cannot be rated")
        grassroots = facts.grassroots_of_cell[facts.cell_of[member]]
        if room(grassroots) <= 0:
            raise DemoReviewError(f"{facts.year}: no room under the cap for five-year member {member}")
        rank[member] = rules.HTXSNV
        chosen[grassroots] += 1
    candidates = [m for m in rest if m not in rank]
    rng.shuffle(candidates)
    needed = excellent - len(five_year)
    for member in candidates:
        if needed == 0:
            break
        grassroots = facts.grassroots_of_cell[facts.cell_of[member]]
        if room(grassroots) > 0:
            rank[member] = rules.HTXSNV
            chosen[grassroots] += 1
            needed -= 1
    if needed:
        raise DemoReviewError(
            f"{facts.year}: the cap leaves room for {excellent - needed} excellent members only"
        )
    for member in rest:
        rank.setdefault(member, rules.HTTNV)
    return rank


def _rate_organizations(
    facts: YearFacts, member_rank: dict[int, int], rng: random.Random, school: int, exemplary_2019: int
) -> dict[int, tuple[int | None, bool, str]]:
    """(rank, tiêu biểu, reason not rated) for every organization below the root."""
    ranks_in_cell: dict[int, list[int]] = defaultdict(list)
    for member, rank in member_rank.items():
        ranks_in_cell[facts.cell_of[member]].append(rank)
    result: dict[int, tuple[int | None, bool, str]] = {}

    def qualifies(ranks: list[int]) -> bool:
        return bool(ranks) and not rules.organization_excellent_conditions(
            is_cell=True, sub_ranks=ranks, year=2019
        )

    affiliated = sorted(o for o, k in facts.kind.items() if k == Kind.AFFILIATED_CELL)
    for org_id in affiliated:
        reason = rules.organization_not_rated_reason(
            year=facts.year, established_on=facts.established[org_id]
        )
        if reason:
            result[org_id] = (None, False, reason)
            continue
        ranks = ranks_in_cell.get(org_id, [])
        if org_id == school:
            if not qualifies(ranks) and facts.year >= 2018:
                raise DemoReviewError(f"{facts.year}: the school cell does not qualify")
            result[org_id] = (rules.HTXSNV, True, "")
        elif qualifies(ranks) and rng.random() < 0.2:
            result[org_id] = (rules.HTXSNV, False, "")
        elif rules.KHTNV in ranks and rng.random() < 0.5 or rng.random() < 0.04:
            result[org_id] = (rules.HTNV, False, "")
        else:
            result[org_id] = (rules.HTTNV, False, "")
    grassroots = sorted(o for o, k in facts.kind.items() if k in GRASSROOTS_KINDS)
    rated = [
        g
        for g in grassroots
        if not rules.organization_not_rated_reason(year=facts.year, established_on=facts.established[g])
    ]
    for org_id in set(grassroots) - set(rated):
        result[org_id] = (
            None,
            False,
            rules.organization_not_rated_reason(year=facts.year, established_on=facts.established[org_id])
            or "",
        )
    if facts.year == 2019:
        top, _, complete, _ = GRASSROOTS_2019
        if len(rated) != sum(GRASSROOTS_2019):
            raise DemoReviewError(f"2019: {len(rated)} grassroots organizations to rate, the article has 42")
    else:
        top = round(len(rated) * 0.18)
        complete = 1 if facts.year % 2 else 2
    children: dict[int, list[int]] = defaultdict(list)
    for org_id, parent in facts.parent.items():
        if parent is not None:
            children[parent].append(org_id)

    def can_be_top(org_id: int) -> bool:
        if facts.kind[org_id] == Kind.GRASSROOTS_CELL:
            return qualifies(ranks_in_cell.get(org_id, []))
        return True  # a committee: its cells are lifted to HTTNV below if needed

    order = list(rated)
    rng.shuffle(order)
    tops = [exemplary_2019] if exemplary_2019 in rated else []
    tops += [g for g in order if g not in tops and can_be_top(g)][: top - len(tops)]
    if len(tops) < top:
        raise DemoReviewError(f"{facts.year}: only {len(tops)} organizations qualify for the top level")
    remaining = [g for g in order if g not in tops]
    completes = remaining[:complete]
    for org_id in rated:
        if org_id in tops:
            result[org_id] = (rules.HTXSNV, facts.year == 2019 and org_id == exemplary_2019, "")
            for child in children.get(org_id, []):  # a committee at the top: every cell at least HTTNV
                if child in result and result[child][0] == rules.HTNV:
                    result[child] = (rules.HTTNV, False, "")
        elif org_id in completes:
            result[org_id] = (rules.HTNV, False, "")
        else:
            result[org_id] = (rules.HTTNV, False, "")
    return result


def write_reviews(root: Organization) -> Written:
    """Write 2015–2019's ratings, locked cycles and 2019's awards. Call once, inside load_demo's transaction."""
    rng = random.Random(SEED)
    written = Written()
    school = Organization.objects.get(code=SCHOOL_CODE).pk
    exemplary_2019 = Organization.objects.get(code=EXEMPLARY_2019).pk
    all_facts = {year: _facts(root, year) for year in YEARS}
    always = set(all_facts[2015].eligible)
    for year in YEARS:
        always &= set(all_facts[year].eligible) - all_facts[year].disciplined
    # twenty members, each in a different grassroots organization
    picks: list[int] = []
    used: set[int] = set()
    pool = sorted(always)
    rng.shuffle(pool)
    for member in pool:
        grassroots = {all_facts[y].grassroots_of_cell[all_facts[y].cell_of[member]] for y in YEARS}
        if len(grassroots) == 1 and not grassroots & used and all_facts[2019].cell_of[member] != school:
            picks.append(member)
            used |= grassroots
        if len(picks) == FIVE_YEAR_MEMBERS:
            break
    if len(picks) < FIVE_YEAR_MEMBERS:
        raise DemoReviewError("not enough members present 2015–2019 for the five-year streak")
    member_rows: list[MemberRating] = []
    org_rows: list[OrganizationRating] = []
    for year in YEARS:
        facts = all_facts[year]
        member_rank = _rate_members(facts, rng, picks, school)
        org_rank = _rate_organizations(facts, member_rank, rng, school, exemplary_2019)
        number = f"{40 + year - 2015}-TB/QU"
        decided_on = date(year, 12, 28)
        for member_id in sorted(facts.cell_of):
            cell = facts.cell_of[member_id]
            member_rank_value = member_rank.get(member_id)
            member_rows.append(
                MemberRating(
                    member_id=member_id,
                    year=year,
                    organization_id=cell,
                    grassroots_id=facts.grassroots_of_cell[cell],
                    self_rank=member_rank_value,
                    proposed_rank=member_rank_value,
                    rank=member_rank_value,
                    not_rated_reason=facts.not_rated.get(member_id, ""),
                    disciplined_in_year=member_id in facts.disciplined,
                    decision_number=number,
                    decision_date=decided_on,
                )
            )
        for org_id, (rank, exemplary, reason) in sorted(org_rank.items()):
            org_rows.append(
                OrganizationRating(
                    organization_id=org_id,
                    year=year,
                    self_rank=rank,
                    proposed_rank=rank,
                    rank=rank,
                    exemplary=exemplary,
                    not_rated_reason=reason,
                    decision_number=f"{year - 2000}{org_id:03d}-QĐ/QU",
                    decision_date=decided_on,
                )
            )
        ranks = Counter(member_rank.values())
        grassroots_ranks = Counter(
            r for o, (r, _, _) in org_rank.items() if facts.kind[o] in GRASSROOTS_KINDS
        )
        written.by_year[year] = {
            "members": tuple(ranks[r] for r in (1, 2, 3, 4)),
            "grassroots": tuple(grassroots_ranks[r] for r in (1, 2, 3, 4)),
        }
    MemberRating.objects.bulk_create(member_rows, batch_size=2000)
    for year in YEARS:
        rebuild_year(year)
    OrganizationRating.objects.bulk_create(org_rows, batch_size=2000)
    written.member_ratings, written.organization_ratings = len(member_rows), len(org_rows)
    for year in YEARS:
        ReviewCycle.objects.create(
            organization=root,
            year=year,
            stage=ReviewCycle.Stage.LOCKED,
            decision_number=f"{60 + year - 2015}-QĐ/QU",
        )
        headcounts_take(year, root.path)
    for year in YEARS:
        rollups_build(year, root.path)  # once the ratings are all written (the organizations' below)
    written.awards = _awards(picks, school, exemplary_2019, rng)
    return written


def _awards(picks: list[int], school: int, exemplary: int, rng: random.Random) -> int:
    given_by = "Ban Thường vụ Quận ủy Quận 9"
    decided = date(2020, 3, 10)
    awards = [
        Award(
            kind=Award.Kind.CERTIFICATE,
            year=2019,
            title="Tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ, trong sạch, vững mạnh tiêu biểu năm 2019",
            organization_id=exemplary,
            given_by=given_by,
            decision_number="512-QĐ/QU",
            decision_date=decided,
        ),
        Award(
            kind=Award.Kind.CERTIFICATE,
            year=2019,
            title="Chi bộ trực thuộc trong sạch, vững mạnh tiêu biểu 5 năm liền (2015–2019)",
            consecutive_years=5,
            organization_id=school,
            given_by=given_by,
            decision_number="513-QĐ/QU",
            decision_date=decided,
        ),
    ]
    top = sorted(
        OrganizationRating.objects.filter(year=2019, rank=rules.HTXSNV)
        .exclude(organization_id__in=(school, exemplary))
        .values_list("organization_id", flat=True)
    )
    rng.shuffle(top)
    for org_id in top[:11]:
        awards.append(
            Award(
                kind=Award.Kind.CERTIFICATE,
                year=2019,
                title="Tổ chức đảng đạt thành tích xuất sắc trong công tác tổ chức xây dựng Đảng năm 2019",
                organization_id=org_id,
                given_by=given_by,
                decision_number="514-QĐ/QU",
                decision_date=decided,
            )
        )
    for member_id in picks:
        awards.append(
            Award(
                kind=Award.Kind.CERTIFICATE,
                year=2019,
                title="Đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm liên tục (2015–2019)",
                consecutive_years=5,
                member_id=member_id,
                given_by=given_by,
                decision_number="515-QĐ/QU",
                decision_date=decided,
            )
        )
    Award.objects.bulk_create(awards)
    return len(awards)
