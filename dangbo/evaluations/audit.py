"""Re-check a year's stored ratings against the rules (for historical data, imports and the demo):
what breaks a rule is listed, never changed."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from dangbo.accounts.scope import authorize
from dangbo.evaluations import rules
from dangbo.evaluations.models import MemberRating, OrganizationRating
from dangbo.members.models import Member, MemberEvent, MemberPeriod
from dangbo.organizations.models import CELL_KINDS, Organization
from dangbo.organizations.selectors import subtree_versions

if TYPE_CHECKING:
    from dangbo.accounts.models import User


@dataclass(frozen=True)
class Finding:
    target: str
    rule: str
    message: str


def audit_year(user: User, organization: Organization, year: int) -> list[Finding]:
    authorize(user, organization, personal=True)  # the findings name members
    the_scheme = rules.scheme_for(year)
    day = date(year, 12, 31)
    versions = {
        v.organization_id: v for v in subtree_versions(organization, day).select_related("organization")
    }
    findings: list[Finding] = []
    member_ratings = list(
        MemberRating.objects.filter(year=year, organization_id__in=list(versions)).values(
            "member_id", "organization_id", "grassroots_id", "rank", "not_rated_reason"
        )
    )
    names = dict(
        Member.objects.filter(pk__in=[r["member_id"] for r in member_ratings]).values_list("pk", "full_name")
    )
    disciplined = set(
        MemberEvent.objects.filter(
            kind=MemberEvent.Kind.DISCIPLINE, effective_on__gte=date(year, 1, 1), effective_on__lte=day
        ).values_list("member_id", flat=True)
    )
    periods = {
        p["member_id"]: p
        for p in MemberPeriod.objects.filter(
            valid_from__lte=day, valid_to__gt=day, member_id__in=[r["member_id"] for r in member_ratings]
        ).values("member_id", "exempted")
    }
    admitted = dict(
        Member.objects.filter(pk__in=[r["member_id"] for r in member_ratings]).values_list(
            "pk", "admitted_on"
        )
    )
    by_grassroots: dict[int, Counter[int]] = defaultdict(Counter)
    by_cell: dict[int, list[int]] = defaultdict(list)
    for rating in member_ratings:
        rank = rating["rank"]
        name = names.get(rating["member_id"], str(rating["member_id"]))
        if rank is None:
            continue
        by_grassroots[rating["grassroots_id"]][rank] += 1
        by_cell[rating["organization_id"]].append(rank)
        period = periods.get(rating["member_id"])
        reason = rules.member_not_rated_reason(
            year=year, admitted_on=admitted[rating["member_id"]], exempted=bool(period and period["exempted"])
        )
        if reason:
            findings.append(
                Finding(name, "not_rated", f"Thuộc diện không xếp loại ({reason}) nhưng đã được xếp loại.")
            )
        for violation in rules.member_level_violations(
            rank, rules.MemberFacts(disciplined_in_year=rating["member_id"] in disciplined)
        ):
            findings.append(Finding(name, violation.rule, violation.message))
    for grassroots_id, counts in by_grassroots.items():
        for violation in rules.excellent_cap(counts[1], counts[2], year=year):
            target = versions[grassroots_id].name if grassroots_id in versions else str(grassroots_id)
            findings.append(Finding(target, violation.rule, violation.message))
    org_ratings = {
        r.organization_id: r
        for r in OrganizationRating.objects.filter(year=year, organization_id__in=list(versions))
    }
    children: dict[int, list[int]] = defaultdict(list)
    for version in versions.values():
        if version.parent_id in versions:
            children[version.parent_id].append(version.organization_id)
    for org_id, org_rating in org_ratings.items():
        version = versions[org_id]
        if org_rating.rank is None:
            continue
        for violation in rules.exemplary_violations(org_rating.rank, org_rating.exemplary, the_scheme):
            findings.append(Finding(version.name, violation.rule, violation.message))
        if org_rating.rank == rules.HTXSNV:
            is_cell = version.kind in CELL_KINDS
            sub = (
                by_cell.get(org_id, [])
                if is_cell
                else [
                    org_ratings[c].rank
                    for c in children.get(org_id, [])
                    if c in org_ratings and org_ratings[c].rank is not None
                ]
            )
            for violation in rules.organization_excellent_conditions(
                is_cell=is_cell, sub_ranks=[r for r in sub if r is not None], year=year
            ):
                findings.append(Finding(version.name, violation.rule, violation.message))
        reason = rules.organization_not_rated_reason(
            year=year, established_on=version.organization.established_on
        )
        if reason:
            findings.append(
                Finding(
                    version.name, "not_rated", f"Thuộc diện không xếp loại ({reason}) nhưng đã được xếp loại."
                )
            )
    return findings
