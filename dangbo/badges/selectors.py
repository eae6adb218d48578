"""Reads of party badges (Huy hiệu Đảng), always through the user's scope: who is due on an occasion
(computed from the register, never stored), the deceased shown apart, the proposals and the awards.

Bounded: the candidates of a subtree are found in one query over the member periods valid on the
occasion (admitted at least the lowest level's years before it); their awards and stretches out of
the party are read in one query each; the pure rules (dangbo.badges.rules) decide each level."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Case, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value, When

from dangbo.accounts.scope import authorize, path_filter
from dangbo.badges import rules
from dangbo.badges.models import BadgeAward, BadgeProposal, BadgeProposalLine, PartyAgeBreak
from dangbo.core.exceptions import ApplicationError, NotFound
from dangbo.members.models import Member, MemberPeriod, Status
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import subtree_versions, version_of

if TYPE_CHECKING:
    from dangbo.accounts.models import User


def badge_settings() -> rules.BadgeSettings:
    """The badge rules in force (settings.DANGBO_BADGES: the UNCONFIRMED figures)."""
    return rules.BadgeSettings.from_mapping(settings.DANGBO_BADGES)


def check_occasion(day: date) -> None:
    problems = rules.occasion_problems(day, badge_settings())
    if problems:
        raise ApplicationError(" ".join(problems), field="occasion")


@dataclass(frozen=True)
class DueRow:
    member_id: int
    full_name: str
    sort_key: str
    organization: str
    organization_code: str
    admitted_on: date
    years: int
    days_out: int  # days out of the party, not counted
    died_on: date | None = None
    proposal: str = ""  # the proposal (tờ trình) that already carries the member at this level
    decision: str = ""  # the decision awarding this level on this occasion, when recorded
    badge_number: str = ""

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.member_id,
            "full_name": self.full_name,
            "organization": self.organization,
            "admitted_on": self.admitted_on.isoformat(),
            "years": self.years,
        }
        if self.died_on is not None:
            data["died_on"] = self.died_on.isoformat()
        return data


@dataclass
class DueList:
    organization: Organization
    name: str  # the organization's name on the occasion
    occasion: date
    members: list[DueRow] = field(default_factory=list)
    deceased: list[DueRow] = field(default_factory=list)
    levels: tuple[int, ...] = rules.LEVELS

    @property
    def by_years(self) -> dict[int, int]:
        return rules.Tally.of(self.levels, [r.years for r in self.members]).counts

    @property
    def deceased_by_years(self) -> dict[int, int]:
        return rules.Tally.of(self.levels, [r.years for r in self.deceased]).counts

    def as_json(self, *, names: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "organization": {"code": self.organization.code, "name": self.name},
            "occasion": self.occasion.isoformat(),
            "total": len(self.members),
            "by_years": {str(k): v for k, v in self.by_years.items()},
            "deceased_total": len(self.deceased),
            "deceased_by_years": {str(k): v for k, v in self.deceased_by_years.items()},
        }
        if names:
            data["members"] = [r.as_json() for r in self.members]
            data["deceased"] = [r.as_json() for r in self.deceased]
        return data


def _org_ids_on(organization: Organization, day: date) -> QuerySet[Any]:
    return subtree_versions(organization, day).values("organization_id")


def party_age_breaks(member_ids: list[int]) -> dict[int, list[rules.Break]]:
    """The stretches out of the party of these members (thời gian ra khỏi Đảng), for
    rules.party_years: one query."""
    result: dict[int, list[rules.Break]] = defaultdict(list)
    rows = PartyAgeBreak.objects.filter(member_id__in=member_ids).values_list(
        "member_id", "left_on", "returned_on"
    )
    for member_id, left_on, returned_on in rows:
        result[member_id].append(rules.Break(left_on, returned_on))
    return result


@dataclass(frozen=True)
class Awarded:
    years: int
    occasion: date
    decision_number: str
    badge_number: str


def _awards(member_ids: list[int]) -> dict[int, list[Awarded]]:
    result: dict[int, list[Awarded]] = defaultdict(list)
    rows = BadgeAward.objects.filter(member_id__in=member_ids).values_list(
        "member_id", "years", "occasion", "decision_number", "badge_number"
    )
    for member_id, years, occasion, decision, badge in rows:
        result[member_id].append(Awarded(years, occasion, decision, badge))
    return result


def _proposed(member_ids: list[int], occasion: date) -> dict[tuple[int, int], str]:
    """The proposal carrying each member at a level: one of this occasion, or one still waiting."""
    rows = (
        BadgeProposalLine.objects.filter(member_id__in=member_ids)
        .filter(Q(proposal__occasion=occasion) | Q(proposal__status=BadgeProposal.Status.SENT))
        .values_list("member_id", "years", "proposal__number")
    )
    return {(member_id, years): number for member_id, years, number in rows}


def _not_yet_awarded(
    periods: QuerySet[MemberPeriod], occasion: date, config: rules.BadgeSettings
) -> QuerySet[MemberPeriod]:
    """In the database, leave out the members awarded on an earlier occasion a level at least the one
    their admission date alone reaches by `occasion` (a stretch out of the party only lowers it): they
    are never due, and they are most of the old members of a subtree. The rules decide the rest."""
    reached = Case(
        *(
            When(member__admitted_on__lte=rules.add_years(occasion, -level), then=Value(level))
            for level in sorted(config.levels, reverse=True)
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    awarded = (
        BadgeAward.objects.filter(member_id=OuterRef("member_id"), occasion__lt=occasion)
        .order_by()
        .values("member_id")
        .annotate(top=Max("years"))
        .values("top")
    )
    return periods.annotate(reached=reached, awarded=Subquery(awarded, output_field=IntegerField())).filter(
        Q(awarded__isnull=True) | Q(awarded__lt=F("reached"))
    )


def _chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)] or [[]]


def due_list(user: User, organization: Organization, occasion: date, *, personal: bool = True) -> DueList:
    """The members of the subtree due for a badge on `occasion` (on the books that day, each once at
    the highest level reached and not yet awarded), and apart the members who died within the
    settings' window before it, with the level they may be awarded posthumously. `personal=False`:
    for the figures only (a viewer), the names are then not to be shown by the caller."""
    authorize(user, organization, personal=personal)
    check_occasion(occasion)
    config = badge_settings()
    root = version_of(organization, occasion)
    if root is None:
        raise NotFound(f"{organization.name} không hoạt động vào ngày {occasion:%d/%m/%Y}.")
    result = DueList(organization=organization, name=root.name, occasion=occasion, levels=config.levels)
    lowest = min(config.levels)
    versions = {
        v.organization_id: v for v in subtree_versions(organization, occasion).only("organization_id", "name")
    }
    codes = dict(Organization.objects.filter(pk__in=list(versions)).values_list("pk", "code"))
    cutoff = rules.add_years(occasion, -lowest)
    on_books = dict(
        _not_yet_awarded(
            MemberPeriod.objects.filter(
                valid_from__lte=occasion,
                valid_to__gt=occasion,
                organization_id__in=_org_ids_on(organization, occasion),
                member__admitted_on__lte=cutoff,
            ),
            occasion,
            config,
        ).values_list("member_id", "organization_id")
    )
    window_start = rules.add_months(occasion, -config.posthumous_within_months)
    deceased = list(
        Member.objects.filter(
            status=Status.DECEASED,
            ended_on__gt=window_start,
            ended_on__lte=occasion,
            admitted_on__lte=rules.add_years(occasion, -lowest + 1),
            organization__path__under=organization.path,
        ).values_list("pk", "organization_id", "ended_on")
    )
    ids = list(on_books) + [pk for pk, _, _ in deceased]
    members: dict[int, tuple[str, str, date]] = {}
    breaks: dict[int, list[rules.Break]] = {}
    awards: dict[int, list[Awarded]] = {}
    proposed: dict[tuple[int, int], str] = {}
    for chunk in _chunks(ids):
        for pk, name, key, admitted in Member.objects.filter(pk__in=chunk).values_list(
            "pk", "full_name", "sort_key", "admitted_on"
        ):
            members[pk] = (name, key, admitted)
        breaks.update(party_age_breaks(chunk))
        awards.update(_awards(chunk))
        proposed.update(_proposed(chunk, occasion))
    extra_orgs = {org_id for _, org_id, _ in deceased if org_id not in versions}
    extra_names = dict(Organization.objects.filter(pk__in=extra_orgs).values_list("pk", "name"))
    codes.update(dict(Organization.objects.filter(pk__in=extra_orgs).values_list("pk", "code")))

    def row(member_id: int, org_id: int, years: int, died_on: date | None = None) -> DueRow:
        name, key, admitted = members[member_id]
        own = breaks.get(member_id, [])
        out = sum(b.days for b in own) if config.deduct_time_out else 0
        version = versions.get(org_id)
        here = next(
            (a for a in awards.get(member_id, ()) if a.occasion == occasion and a.years == years), None
        )
        return DueRow(
            member_id=member_id,
            full_name=name,
            sort_key=key,
            organization=version.name if version else extra_names.get(org_id, ""),
            organization_code=codes.get(org_id, ""),
            admitted_on=admitted,
            years=years,
            days_out=out,
            died_on=died_on,
            proposal=proposed.get((member_id, years), ""),
            decision=here.decision_number if here else "",
            badge_number=here.badge_number if here else "",
        )

    def before(member_id: int) -> list[int]:
        """The levels awarded on earlier occasions (this occasion's awards keep the member listed)."""
        return [a.years for a in awards.get(member_id, ()) if a.occasion < occasion]

    for member_id, org_id in on_books.items():
        _, _, admitted = members[member_id]
        level = rules.due_level(
            admitted, occasion, awarded=before(member_id), breaks=breaks.get(member_id, ()), settings=config
        )
        if level is not None:
            result.members.append(row(member_id, org_id, level))
    for member_id, org_id, died_on in deceased:
        assert died_on is not None
        _, _, admitted = members[member_id]
        level = rules.posthumous_level(
            admitted, died_on, awarded=before(member_id), breaks=breaks.get(member_id, ()), settings=config
        )
        if level is not None:
            result.deceased.append(row(member_id, org_id, level, died_on))
    order = lambda r: (-r.years, r.sort_key, r.member_id)  # noqa: E731
    result.members.sort(key=order)
    result.deceased.sort(key=order)
    return result


def proposals_of(user: User, organization: Organization) -> QuerySet[BadgeProposal]:
    """The proposals sent by the organization and by those under it."""
    authorize(user, organization)
    return (
        BadgeProposal.objects.filter(organization__path__under=organization.path)
        .select_related("organization")
        .order_by("-occasion", "-pk")
    )


def awards_of(user: User, organization: Organization, occasion: date | None = None) -> QuerySet[BadgeAward]:
    """The awards recorded for members of the subtree (by their current cell), names: personal data."""
    authorize(user, organization, personal=True)
    awards = BadgeAward.objects.filter(member__organization__path__under=organization.path).filter(
        path_filter(user, "member__organization__path", personal=True)
    )
    if occasion is not None:
        awards = awards.filter(occasion=occasion)
    return awards.select_related("member", "member__organization").order_by("-occasion", "member__sort_key")


def member_awards(member: Member) -> QuerySet[BadgeAward]:
    return BadgeAward.objects.filter(member=member).order_by("years")


def member_breaks(member: Member) -> QuerySet[PartyAgeBreak]:
    return PartyAgeBreak.objects.filter(member=member).order_by("left_on")


def member_for_badge(user: User, member_id: int, *, write: bool = False) -> Member:
    """The member, seen (or written) through the user's scope; NotFound otherwise."""
    member = Member.objects.select_related("organization").filter(pk=member_id).first()
    if member is None:
        raise NotFound("Không tìm thấy đảng viên.")
    authorize(user, member.organization, personal=True)
    if write:
        authorize(user, member.organization, write=True)
    return member


def waiting_proposal(member_id: int, years: int) -> BadgeProposal | None:
    """The proposal still waiting for its decision that carries the member at that level, if any."""
    return (
        BadgeProposal.objects.filter(
            status=BadgeProposal.Status.SENT, lines__member_id=member_id, lines__years=years
        )
        .order_by("-occasion")
        .first()
    )
