"""Re-check a year's stored ratings against the rules (for historical data, imports and the demo):
what breaks a rule is listed, never changed. The rules are those of every other caller
(rules.rating), with the members' facts read as the services read them (member_histories)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from dangbo.accounts.scope import authorize
from dangbo.evaluations import rules
from dangbo.evaluations.models import MemberRating, OrganizationRating
from dangbo.evaluations.quarter_selectors import member_quarters, organizations_quarters
from dangbo.evaluations.selectors import defined_groups, group_percent, member_histories
from dangbo.evaluations.services import rating_score, rule_settings
from dangbo.members.models import Member
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
    """Every stored rating of the year in the subtree through the rules' composition
    (rules.rating), with the facts gathered as the services gather them."""
    authorize(user, organization, personal=True)  # the findings name members
    settings = rule_settings()
    day = date(year, 12, 31)
    versions = {
        v.organization_id: v for v in subtree_versions(organization, day).select_related("organization")
    }
    findings: list[Finding] = []
    member_ratings = list(
        MemberRating.objects.filter(year=year, organization_id__in=list(versions), rank__isnull=False)
    )
    member_ids = [r.member_id for r in member_ratings]
    members = {
        m["pk"]: m for m in Member.objects.filter(pk__in=member_ids).values("pk", "full_name", "admitted_on")
    }
    histories = member_histories(member_ids, {year})
    quarters = member_quarters(member_ids, year)
    member_rows: list[tuple[rules.CapGroup, int, int | None]] = []
    by_cell: dict[int, list[int]] = defaultdict(list)
    for rating in member_ratings:
        assert rating.rank is not None
        member = members[rating.member_id]
        member_rows.append(
            (rules.CapGroup(rating.grassroots_id, "members"), rating.organization_id, rating.rank)
        )
        by_cell[rating.organization_id].append(rating.rank)
        history = histories[rating.member_id]
        placement = rules.rating.place(history.stays, year)
        facts = rules.rating.MemberYear(
            year=year,
            admitted_on=member["admitted_on"],
            exempted=placement is not None and placement.exempted,
            on_books_at_end=placement is None or placement.on_books_at_end,
            disciplined_in_year=rules.rating.disciplined_in(history.discipline_days, year),
            decline_concluded=rating.decline_concluded,
            targets_met_percent=rating.targets_met_percent,
            sick_leave_months=Decimal(rating.sick_leave_months or 0),
            suspended=placement is not None and rules.rating.suspended_at(history.suspensions, placement.day),
            score=rating_score(rating),
            tasks_exceeding_percent=rating.tasks_exceeding_percent,
            tasks_on_time=rating.tasks_on_time,
            quarters=quarters.get(rating.member_id, ()),
        )
        for violation in rules.rating.member_violations(rating.rank, facts, settings=settings):
            findings.append(Finding(member["full_name"], violation.rule, violation.message))
    # the cap within each group of members: a grassroots organization's, or a group defined in it
    defined = defined_groups(year)
    for group, counts in rules.groups.counts_by_group(member_rows, defined).items():
        overrun = rules.rating.cap_overrun(
            counts, year=year, settings=settings, percent=group_percent(year, group, settings)
        )
        for violation in overrun:
            head = versions[group.organization_id].name if group.organization_id in versions else ""
            target = head or str(group.organization_id)
            if group.group == rules.groups.DEFINED:
                target = f"{target} (nhóm “{group.name}”)"
            findings.append(Finding(target, violation.rule, violation.message))
    org_ratings = {
        r.organization_id: r
        for r in OrganizationRating.objects.filter(year=year, organization_id__in=list(versions))
    }
    org_quarters = organizations_quarters(list(org_ratings), year)
    children: dict[int, list[int]] = defaultdict(list)
    for version in versions.values():
        if version.parent_id in versions:
            children[version.parent_id].append(version.organization_id)
    for org_id, org_rating in org_ratings.items():
        version = versions[org_id]
        if org_rating.rank is None:
            continue
        is_cell = version.kind in CELL_KINDS
        sub = (
            by_cell.get(org_id, [])
            if is_cell
            else [
                rank
                for c in children.get(org_id, [])
                if c in org_ratings and (rank := org_ratings[c].rank) is not None
            ]
        )
        org_facts = rules.rating.OrganizationYear(
            year=year,
            established_on=version.organization.established_on,
            is_cell=is_cell,
            sub_ranks=tuple(sub),
            sub_units=0 if is_cell else len(children.get(org_id, [])),
            score=rating_score(org_rating),
            tasks_done_percent=org_rating.tasks_done_percent,
            tasks_exceeding_percent=org_rating.tasks_exceeding_percent,
            tasks_on_time=org_rating.tasks_on_time,
            shortcomings_fixed=org_rating.shortcomings_fixed,
            exemplary=org_rating.exemplary,
            leadership_disciplined=org_rating.leadership_disciplined,
            leadership_warning_or_above=org_rating.leadership_warning_or_above,
            sub_units_disciplined=org_rating.sub_units_disciplined,
            disunity_concluded=org_rating.disunity_concluded,
            quarters=org_quarters.get(org_id, ()),
        )
        for violation in rules.rating.organization_violations(org_rating.rank, org_facts, settings=settings):
            findings.append(Finding(version.name, violation.rule, violation.message))
    # from 2025 the cap counts collectives within each group of comparable collectives
    if rules.scheme_for(year).cap_covers_collectives:
        collective_rows: list[tuple[rules.CapGroup, int, int | None]] = []
        for org_id, org_rating in org_ratings.items():
            version = versions[org_id]
            default = rules.organization_cap_group([*_chain_up(versions, version), (org_id, version.kind)])
            if default is not None:
                collective_rows.append((default, org_id, org_rating.rank))
        for group, counts in rules.groups.counts_by_group(collective_rows, defined).items():
            percent = group_percent(year, group, settings)
            head = versions[group.organization_id].name if group.organization_id in versions else ""
            label = group.name if group.group == rules.groups.DEFINED else group.group
            for violation in rules.rating.cap_overrun(
                counts, year=year, settings=settings, percent=percent, who="tổ chức"
            ):
                findings.append(Finding(f"{head} ({label})", violation.rule, violation.message))
    return findings


def _chain_up(versions: dict[int, Any], version: Any) -> list[tuple[int, str]]:
    """(organization id, kind) from the highest ancestor in the subtree down to the parent of `version`."""
    chain: list[tuple[int, str]] = []
    parent_id = version.parent_id
    while parent_id in versions:
        parent = versions[parent_id]
        chain.insert(0, (parent.organization_id, parent.kind))
        parent_id = parent.parent_id
    return chain
