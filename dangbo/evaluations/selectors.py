"""Reads of the review: who is not yet assessed, who is not rated and why, commendation candidates.
What names members is personal data (a read-only viewer gets the organizations and the counts)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, When

from dangbo.accounts.scope import authorize, path_filter, path_in_scope, scope_paths
from dangbo.audit.figures import kept
from dangbo.core.exceptions import NotFound
from dangbo.core.idsets import id_lookups
from dangbo.core.text import format_date, phrase_key
from dangbo.evaluations import rules
from dangbo.evaluations.models import (
    Award,
    CapRaise,
    ComparableGroup,
    ComparableGroupUnit,
    MemberRating,
    OrganizationRating,
    RatingCorrection,
    ReviewCycle,
)
from dangbo.members.models import Member, MemberEvent, MemberPeriod
from dangbo.organizations.models import (
    CELL_KINDS,
    COMMITTEE_KINDS,
    GRASSROOTS_KINDS,
    Kind,
    Organization,
    OrganizationVersion,
    path_ids,
)
from dangbo.organizations.selectors import grassroots_of, subtree_versions, version_of

if TYPE_CHECKING:
    from dangbo.accounts.models import User


def _rule_settings() -> rules.RuleSettings:
    """The rule settings in force (evaluations.services.rule_settings, which reads these selectors)."""
    from dangbo.evaluations.services import rule_settings

    return rule_settings()


def _subtree_ids(organization: Organization, year: int) -> QuerySet[Any]:
    return subtree_versions(organization, date(year, 12, 31)).values("organization_id")


def not_yet_assessed(user: User, organization: Organization, year: int) -> QuerySet[Member]:
    """Members on the books on 31/12 of `year` in the subtree with no decision for the year."""
    authorize(user, organization, personal=True)
    return _not_yet_assessed(organization, year)


def not_yet_assessed_count(user: User, organization: Organization, year: int) -> int:
    """How many they are (a figure: for every role that sees the organization)."""
    authorize(user, organization)
    return _not_yet_assessed(organization, year).count()


def _not_yet_assessed(organization: Organization, year: int) -> QuerySet[Member]:
    day = date(year, 12, 31)
    on_books = MemberPeriod.objects.filter(
        valid_from__lte=day, valid_to__gt=day, organization_id__in=_subtree_ids(organization, year)
    ).values("member_id")
    decided = (
        MemberRating.objects.filter(year=year)
        .exclude(rank__isnull=True, not_rated_reason="")
        .values("member_id")
    )
    return Member.objects.filter(pk__in=on_books).exclude(pk__in=decided).order_by("sort_key", "pk")


def not_rated(user: User, organization: Organization, year: int) -> QuerySet[MemberRating]:
    """Members decided as not rated, with the reason."""
    authorize(user, organization, personal=True)
    return (
        MemberRating.objects.filter(
            year=year, rank__isnull=True, organization_id__in=_subtree_ids(organization, year)
        )
        .exclude(not_rated_reason="")
        .select_related("member", "organization")
        .order_by("member__sort_key")
    )


@dataclass(frozen=True)
class Candidate:
    name: str
    code: str  # organization code, or the member's party card number
    years: int
    target_id: int


def organization_candidates(
    user: User, organization: Organization, *, year: int, years: int, exemplary: bool = True
) -> list[Candidate]:
    """Organizations of the subtree at the top level (tiêu biểu, when asked) `years` years running
    up to `year`; the streak crosses scheme changes."""
    authorize(user, organization)
    ids = _subtree_ids(organization, year)
    history: dict[int, dict[int, tuple[int, bool]]] = defaultdict(dict)
    for row in OrganizationRating.objects.filter(
        organization_id__in=ids, year__gt=year - years - 30, year__lte=year, rank__isnull=False
    ).values("organization_id", "year", "rank", "exemplary"):
        history[row["organization_id"]][row["year"]] = (int(row["rank"] or 0), row["exemplary"])
    result = []
    names = dict(Organization.objects.filter(pk__in=list(history)).values_list("pk", "name"))
    codes = dict(Organization.objects.filter(pk__in=list(history)).values_list("pk", "code"))
    for org_id, org_history in history.items():
        streak = rules.consecutive_years(org_history, until=year, exemplary=exemplary)
        if streak >= years:
            result.append(Candidate(name=names[org_id], code=codes[org_id], years=streak, target_id=org_id))
    return sorted(result, key=lambda c: (-c.years, c.name))


def member_candidates(user: User, organization: Organization, *, year: int, years: int) -> list[Candidate]:
    """Members of the subtree rated HTXSNV `years` years running up to `year`."""
    authorize(user, organization, personal=True)
    return _member_candidates(organization, year=year, years=years)


def member_candidate_count(user: User, organization: Organization, *, year: int, years: int) -> int:
    """How many they are (a figure: for every role that sees the organization)."""
    authorize(user, organization)
    return len(_member_candidates(organization, year=year, years=years))


def _member_candidates(organization: Organization, *, year: int, years: int) -> list[Candidate]:
    top_now = MemberRating.objects.filter(
        year=year, rank=rules.HTXSNV, organization_id__in=_subtree_ids(organization, year)
    ).values("member_id")
    history: dict[int, dict[int, tuple[int, bool]]] = defaultdict(dict)
    for row in MemberRating.objects.filter(
        member_id__in=top_now, year__gt=year - years - 30, year__lte=year, rank__isnull=False
    ).values("member_id", "year", "rank"):
        history[row["member_id"]][row["year"]] = (int(row["rank"] or 0), False)
    members = {m.pk: m for m in Member.objects.filter(pk__in=list(history))}
    result = []
    for member_id, member_history in history.items():
        streak = rules.consecutive_years(member_history, until=year, exemplary=False)
        if streak >= years:
            member = members[member_id]
            result.append(
                Candidate(
                    name=member.full_name,
                    code=member.party_card_number or "",
                    years=streak,
                    target_id=member_id,
                )
            )
    return sorted(result, key=lambda c: (-c.years, members[c.target_id].sort_key))


# --- Reads for the review pages (added with the web UI) ------------------------------------------

RATED_BELOW_GRASSROOTS = (Kind.PARTIAL_COMMITTEE, Kind.AFFILIATED_CELL)


def _year_end(year: int) -> date:
    return date(year, 12, 31)


@dataclass(frozen=True)
class MemberReviewRow:
    """A member on the books of a cell on 31/12 of the year, with the year's rating (if any) and
    the rules' not-rated case (admitted under 6 months, exempted from activity), if any."""

    member: Member
    period: MemberPeriod
    rating: MemberRating | None
    excluded_reason: str | None


def suspended_members(member_ids: Iterable[int], day: date) -> set[int]:
    """The members suspended from activity (đình chỉ sinh hoạt đảng) on `day` (rules.rating.suspended_at)."""
    changes: dict[int, list[tuple[date, bool]]] = defaultdict(list)
    ids = sorted(set(member_ids))
    for start in range(0, len(ids), HISTORY_CHUNK):
        for member_id, kind, when in MemberEvent.objects.filter(
            member_id__in=ids[start : start + HISTORY_CHUNK],
            kind__in=(MemberEvent.Kind.SUSPENSION, MemberEvent.Kind.SUSPENSION_END),
            effective_on__lte=day,
        ).values_list("member_id", "kind", "effective_on"):
            changes[member_id].append((when, kind == MemberEvent.Kind.SUSPENSION))
    return {m for m, c in changes.items() if rules.rating.suspended_at(c, day)}


def cell_review(user: User, cell: Organization, year: int) -> list[MemberReviewRow]:
    """The members of `cell` on 31/12 of `year`, sorted the Vietnamese way, with their ratings."""
    authorize(user, cell, personal=True)
    day = _year_end(year)
    periods = list(
        MemberPeriod.objects.filter(organization=cell, valid_from__lte=day, valid_to__gt=day)
        .select_related("member")
        .order_by("member__sort_key", "member_id")
    )
    ratings = {
        r.member_id: r
        for r in MemberRating.objects.filter(year=year, member_id__in=[p.member_id for p in periods])
    }
    settings = _rule_settings()
    suspended = suspended_members([p.member_id for p in periods], day)
    return [
        MemberReviewRow(
            member=p.member,
            period=p,
            rating=ratings.get(p.member_id),
            excluded_reason=rules.member_not_rated_reason(
                year=year,
                admitted_on=p.member.admitted_on,
                exempted=p.exempted,
                suspended=p.member_id in suspended,
                settings=settings,
            ),
        )
        for p in periods
    ]


@dataclass(frozen=True)
class OrganizationReviewRow:
    version: OrganizationVersion  # the organization as it stood on 31/12 of the year
    rating: OrganizationRating | None
    excluded_reason: str | None
    parent_name: str

    @property
    def organization(self) -> Organization:
        return self.version.organization

    @property
    def is_cell(self) -> bool:
        return self.version.kind in CELL_KINDS


def _review_tree(
    organization: Organization, year: int
) -> tuple[OrganizationVersion | None, dict[int, OrganizationVersion]]:
    """The node on 31/12 of `year` and the versions of its subtree that the review pages need: the
    committees above the grassroots level, and the kinds rated at the node's level (grassroots
    organizations; below a grassroots committee, its partial committees and affiliated cells).
    Cells under a committee are not loaded: a nation's tree has a quarter of a million nodes."""
    day = _year_end(year)
    root = version_of(organization, day)
    if root is None:
        return None, {}
    wanted = _rated_kinds(root)
    versions = (
        subtree_versions(organization, day)
        .filter(Q(kind__in=wanted | COMMITTEE_KINDS) | Q(organization_id=root.organization_id))
        .select_related("organization")
    )
    return root, {v.organization_id: v for v in versions}


def _rated_kinds(root: OrganizationVersion) -> set[str]:
    if root.kind in GRASSROOTS_KINDS or root.kind in RATED_BELOW_GRASSROOTS:
        return set(RATED_BELOW_GRASSROOTS)
    return set(GRASSROOTS_KINDS)


def _between(
    version: OrganizationVersion, root: OrganizationVersion, by_id: dict[int, OrganizationVersion]
) -> list[OrganizationVersion]:
    """The loaded ancestors of `version` strictly below `root`, nearest first."""
    found = []
    parent = by_id.get(version.parent_id) if version.parent_id is not None else None
    while parent is not None and parent.organization_id != root.organization_id:
        found.append(parent)
        parent = by_id.get(parent.parent_id) if parent.parent_id is not None else None
    return found


def _tree_key(root: OrganizationVersion, by_id: dict[int, OrganizationVersion]) -> Any:
    keys: dict[int, tuple[str, ...]] = {}

    def key(version: OrganizationVersion) -> tuple[str, ...]:
        if version.organization_id not in keys:
            parent = (
                by_id.get(version.parent_id)
                if version.parent_id is not None and version.organization_id != root.organization_id
                else None
            )
            keys[version.organization_id] = (
                *(key(parent) if parent else ()),
                phrase_key(version.name),
                str(version.organization_id),
            )
        return keys[version.organization_id]

    return key


def rated_units(user: User, organization: Organization, year: int) -> list[OrganizationReviewRow]:
    """The organizations whose rating is decided at `organization` in `year`: below a grassroots
    committee its partial committees and affiliated cells; above the grassroots level, the
    grassroots organizations not under a lower committee (those are listed on that committee's
    page: sub_committees). The node itself comes first when it is rated too (a grassroots
    organization or a cell). Tree order, siblings sorted the Vietnamese way. Kept while the
    records do not change (the same for every user who may see the organization)."""
    authorize(user, organization)
    return kept(
        "rated_units", (organization.pk, year, _rule_settings()), lambda: _rated_units(organization, year)
    )


def _rated_units(organization: Organization, year: int) -> list[OrganizationReviewRow]:
    root, by_id = _review_tree(organization, year)
    if root is None:
        return []
    wanted = _rated_kinds(root)
    chosen = [
        v
        for v in by_id.values()
        if v.organization_id != root.organization_id
        and v.kind in wanted
        and not any(a.kind in COMMITTEE_KINDS for a in _between(v, root, by_id))
    ]
    chosen.sort(key=_tree_key(root, by_id))
    if root.kind in GRASSROOTS_KINDS or root.kind in RATED_BELOW_GRASSROOTS:
        chosen.insert(0, root)
    ratings = {
        r.organization_id: r
        for r in OrganizationRating.objects.filter(
            year=year, organization_id__in=[v.organization_id for v in chosen]
        )
    }
    settings = _rule_settings()
    return [
        OrganizationReviewRow(
            version=v,
            rating=ratings.get(v.organization_id),
            excluded_reason=rules.organization_not_rated_reason(
                year=year, established_on=v.organization.established_on, settings=settings
            ),
            parent_name=by_id[v.parent_id].name if v.parent_id in by_id else "",
        )
        for v in chosen
    ]


def sub_committees(user: User, organization: Organization, year: int) -> list[OrganizationVersion]:
    """The committees (above the grassroots level) directly below `organization` in the review's
    chain on 31/12 of `year`: each decides for its own grassroots organizations. Kept while the
    records do not change."""
    authorize(user, organization)
    return kept("sub_committees", (organization.pk, year), lambda: _sub_committees(organization, year))


def _sub_committees(organization: Organization, year: int) -> list[OrganizationVersion]:
    root, by_id = _review_tree(organization, year)
    if root is None:
        return []
    found = [
        v
        for v in by_id.values()
        if v.organization_id != root.organization_id
        and v.kind in COMMITTEE_KINDS
        and not any(a.kind in COMMITTEE_KINDS for a in _between(v, root, by_id))
    ]
    return sorted(found, key=_tree_key(root, by_id))


def locked_cycle_over(
    user: User, organization: Organization, year: int, *, version: OrganizationVersion | None = None
) -> ReviewCycle | None:
    """The locked review cycle of `year` that covers `organization` (locked at it or above it).
    `version`: the organization's on 31/12 of `year` when the caller has read it."""
    authorize(user, organization)
    if version is None:
        version = version_of(organization, _year_end(year))
    path = version.path if version is not None else organization.path
    return (
        ReviewCycle.objects.filter(
            year=year, organization_id__in=path_ids(path), stage=ReviewCycle.Stage.LOCKED
        )
        .select_related("organization", "locked_by")
        .first()
    )


def locked_cycles_below(user: User, organization: Organization, year: int) -> list[ReviewCycle]:
    """Locked cycles of `year` on organizations strictly inside the subtree."""
    authorize(user, organization)
    return list(
        ReviewCycle.objects.filter(
            year=year,
            stage=ReviewCycle.Stage.LOCKED,
            organization_id__in=_subtree_ids(organization, year),
        )
        .exclude(organization=organization)
        .select_related("organization", "locked_by")
        .order_by("organization__name")
    )


def corrections(user: User, organization: Organization, year: int) -> list[RatingCorrection]:
    """Corrections to ratings of `year` in the subtree, newest first: the organizations', and the
    members' where the user sees personal data (not through a viewer's role). Kept while the
    records do not change, for the users who see personal data in the same subtrees."""
    authorize(user, organization)
    paths = scope_paths(user, personal=True)
    return kept(
        "rating_corrections",
        (organization.pk, year, None if paths is None else tuple(paths)),
        lambda: _corrections(user, organization, year),
    )


def _corrections(user: User, organization: Organization, year: int) -> list[RatingCorrection]:
    ids = _subtree_ids(organization, year)
    members_here = Q(member_rating__year=year, member_rating__organization_id__in=ids) & path_filter(
        user, "member_rating__organization__path", personal=True
    )
    return list(
        RatingCorrection.objects.filter(
            members_here | Q(organization_rating__year=year, organization_rating__organization_id__in=ids)
        )
        .select_related("member_rating__member", "organization_rating__organization", "corrected_by")
        .order_by("-corrected_at", "-pk")
    )


def _rating_access(user: User, organization: Organization, *, write: bool, personal: bool = False) -> None:
    """Out of scope: not found. In scope, read-only role, asked to write: permission denied; a
    member's rating seen through a viewer's role only: PersonalDataDenied."""
    if not path_in_scope(user, organization.path):
        raise NotFound("Không tìm thấy kết quả xếp loại.")
    authorize(user, organization, write=write, personal=personal)


def member_rating_of(user: User, member_id: int, year: int, *, write: bool = False) -> MemberRating:
    """A member's rating of `year`, seen through the cell where the member was reviewed."""
    if not 0 < member_id < 2**63:  # an id no row can have (a foreign key lookup sends it as it is)
        raise NotFound("Đảng viên chưa có kết quả xếp loại năm này.")
    rating = (
        MemberRating.objects.select_related("member", "organization", "grassroots")
        .filter(member_id=member_id, year=year)
        .first()
    )
    if rating is None:
        raise NotFound("Đảng viên chưa có kết quả xếp loại năm này.")
    _rating_access(user, rating.organization, write=write, personal=True)
    return rating


def organization_rating_of(
    user: User, organization: Organization, year: int, *, write: bool = False
) -> OrganizationRating:
    rating = (
        OrganizationRating.objects.select_related("organization")
        .filter(organization=organization, year=year)
        .first()
    )
    if rating is None:
        raise NotFound(f"{organization.name} chưa có kết quả xếp loại năm {year}.")
    _rating_access(user, organization, write=write)
    return rating


def rating_corrections(rating: MemberRating | OrganizationRating) -> QuerySet[RatingCorrection]:
    """The corrections of one rating (already reached through a scoped selector), oldest first."""
    if isinstance(rating, MemberRating):
        found = RatingCorrection.objects.filter(member_rating=rating)
    else:
        found = RatingCorrection.objects.filter(organization_rating=rating)
    return found.select_related("corrected_by").order_by("corrected_at", "pk")


def units_not_yet_assessed(user: User, organization: Organization, year: int) -> list[OrganizationReviewRow]:
    """Rated organizations under `organization` (as rated_units) with no decision for the year."""
    return [
        row
        for row in rated_units(user, organization, year)
        if row.rating is None or (row.rating.rank is None and not row.rating.not_rated_reason)
    ]


def units_not_rated(user: User, organization: Organization, year: int) -> list[OrganizationReviewRow]:
    """Rated organizations under `organization` decided as not rated, with the reason."""
    return [
        row
        for row in rated_units(user, organization, year)
        if row.rating is not None and row.rating.rank is None and row.rating.not_rated_reason
    ]


def awards_given(user: User, organization: Organization, year: int) -> list[Award]:
    """Awards of `year` to organizations of the subtree and to members reviewed in it (those where
    the user sees personal data: a viewer gets the organizations' only)."""
    authorize(user, organization)
    ids = _subtree_ids(organization, year)
    reviewed_here = (
        MemberRating.objects.filter(year=year, organization_id__in=ids)
        .filter(path_filter(user, "organization__path", personal=True))
        .values("member_id")
    )
    return list(
        Award.objects.filter(year=year)
        .filter(Q(organization_id__in=ids) | Q(member_id__in=reviewed_here))
        .select_related("member", "organization", "recorded_by")
        .order_by("-recorded_at", "-pk")
    )


def member_review(
    user: User, member_id: int, year: int, *, write: bool = False
) -> tuple[Member, MemberRating | None]:
    """A member and the year's rating (None: nothing recorded yet), seen through the cell where the
    member was reviewed (else the member's cell). Out of scope: NotFound; read-only: PermissionDenied."""
    member = Member.objects.select_related("organization").filter(pk=member_id).first()
    if member is None:
        raise NotFound("Không tìm thấy đảng viên.")
    rating = (
        MemberRating.objects.select_related("organization", "grassroots", "decided_by")
        .filter(member=member, year=year)
        .first()
    )
    cell = rating.organization if rating is not None else member.organization
    _rating_access(user, cell, write=write, personal=True)
    return member, rating


@dataclass(frozen=True)
class CapOverrun:
    """A group of members whose decided HTXSNV exceed the 20 % cap in a year: a grassroots
    organization's, or a group it defined in it (`group_name`)."""

    version: OrganizationVersion  # the grassroots organization heading the group
    excellent: int
    good: int
    message: str
    group_name: str = ""  # a defined group's name ("": the organization's default group)


def excellent_cap_overruns(
    user: User, organization: Organization, year: int, *, settings: rules.RuleSettings
) -> list[CapOverrun]:
    """The grassroots organizations at or under `organization` (and the one it belongs to, when the
    user sees it) over the 20 % cap on the ratings decided for `year`: overruns left by a decision
    with an override reason, a historical record, an import or a correction (counts only)."""
    authorize(user, organization)
    if not rules.rating.cap_overrun(rules.CapCounts(1, 0), year=year, settings=settings):
        return []  # the cap does not apply that year (or is off): nothing can be over it
    # the same for every user who reads the same subtrees (kept while the records do not change)
    paths = scope_paths(user)
    return kept(
        "excellent_cap_overruns",
        (organization.pk, year, settings, None if paths is None else tuple(paths)),
        lambda: _cap_overruns_read(user, organization, year, settings),
    )


def _cap_overruns_read(
    user: User, organization: Organization, year: int, settings: rules.RuleSettings
) -> list[CapOverrun]:
    day = _year_end(year)
    version = version_of(organization, day)
    if version is None:
        return []
    above = [
        v.organization_id
        for v in OrganizationVersion.objects.filter(
            organization_id__in=path_ids(version.path),
            kind__in=GRASSROOTS_KINDS,
            valid_from__lte=day,
            valid_to__gt=day,
        )
        if path_in_scope(user, v.path)
    ]
    return _cap_overruns(organization, year, day, above, settings)


def _cap_overruns(
    organization: Organization, year: int, day: date, above: list[int], settings: rules.RuleSettings
) -> list[CapOverrun]:
    below = subtree_versions(organization, day).filter(kind__in=GRASSROOTS_KINDS).values("organization_id")
    rows = (
        MemberRating.objects.filter(year=year, rank__in=(rules.HTXSNV, rules.HTTNV))
        .filter(Q(grassroots_id__in=above) | Q(grassroots_id__in=below))
        .values_list("grassroots_id", "organization_id", "rank")
        .annotate(n=Count("id"))
        .order_by()
    )
    expanded = [
        (rules.CapGroup(grassroots_id, "members"), cell_id, rank)
        for grassroots_id, cell_id, rank, n in rows
        for _ in range(n)
    ]
    heads = {group.organization_id for group, _, _ in expanded}
    over: list[tuple[rules.CapGroup, int, int, str]] = []
    for group, counts in rules.groups.counts_by_group(expanded, defined_groups(year, heads)).items():
        violations = rules.rating.cap_overrun(
            counts, year=year, settings=settings, percent=group_percent(year, group, settings)
        )
        if violations:
            over.append((group, counts.excellent, counts.good, violations[0].message))
    if not over:
        return []
    versions = {
        v.organization_id: v
        for v in OrganizationVersion.objects.filter(
            organization_id__in={g.organization_id for g, *_ in over}, valid_from__lte=day, valid_to__gt=day
        ).select_related("organization")
    }
    return sorted(
        (
            CapOverrun(versions[g.organization_id], excellent, good, message, g.name)
            for g, excellent, good, message in over
            if g.organization_id in versions
        ),
        key=lambda o: (phrase_key(o.version.name), o.group_name, o.version.organization_id),
    )


def review_years(root: Organization) -> list[int]:
    """The years with ratings or a review cycle in `root`'s subtree, newest first.

    `root` is one of the user's scope roots (the caller checks the scope)."""
    years: set[int] = set()
    for model in (MemberRating, OrganizationRating, ReviewCycle):
        years.update(
            model.objects.filter(organization__path__under=root.path)  # type: ignore[attr-defined]
            .values_list("year", flat=True)
            .distinct()
        )
    return sorted(years, reverse=True)


@dataclass(frozen=True)
class StayRow:
    """A period on the books as the rules read it (rules.rating.Stay)."""

    organization_id: int
    exempted: bool
    valid_from: date
    valid_to: date | None


@dataclass
class MemberHistory:
    """What the rules place a member by in a year (rules.rating.place, disciplined_in)."""

    stays: list[StayRow]
    discipline_days: list[date]
    # đình chỉ sinh hoạt đảng (True) and its end (False), by day (rules.rating.suspended_at)
    suspensions: list[tuple[date, bool]] = field(default_factory=list)


HISTORY_CHUNK = 900  # ids per query (SQLite's limit on parameters)


def member_histories(member_ids: Iterable[int], years: set[int]) -> dict[int, MemberHistory]:
    """The periods of members and their disciplines taking effect in `years`, read a chunk of
    members at a time: for one member (evaluations.services.member_year_facts) or a file's
    (the import). The caller has checked the scope of the members."""
    ids = sorted(set(member_ids))
    result: dict[int, MemberHistory] = {i: MemberHistory([], []) for i in ids}
    for lookup, chunk in id_lookups("member_id", ids):
        for member_id, organization_id, exempted, valid_from, valid_to in (
            MemberPeriod.objects.filter(**lookup)
            .order_by("member_id", "valid_from")
            .values_list("member_id", "organization_id", "exempted", "valid_from", "valid_to")
        ):
            if member_id in chunk:
                result[member_id].stays.append(StayRow(organization_id, exempted, valid_from, valid_to))
        if years:
            for member_id, day in MemberEvent.objects.filter(
                **lookup,
                kind=MemberEvent.Kind.DISCIPLINE,
                effective_on__gte=date(min(years), 1, 1),
                effective_on__lte=date(max(years), 12, 31),
            ).values_list("member_id", "effective_on"):
                if member_id in chunk:
                    result[member_id].discipline_days.append(day)
            for member_id, kind, day in (
                MemberEvent.objects.filter(
                    **lookup,
                    kind__in=(MemberEvent.Kind.SUSPENSION, MemberEvent.Kind.SUSPENSION_END),
                    effective_on__lte=date(max(years), 12, 31),
                )
                .order_by("member_id", "effective_on", "id")
                .values_list("member_id", "kind", "effective_on")
            ):
                if member_id in chunk:
                    result[member_id].suspensions.append((day, kind == MemberEvent.Kind.SUSPENSION))
    return result


# the rank a member counts with in the cap: the decided rank or, not decided yet (no rank and no
# reason not to be rated), the cell's proposal
_EFFECTIVE_RANK = Case(
    When(rank__isnull=False, then="rank"),
    When(not_rated_reason="", then="proposed_rank"),
    default=None,
    output_field=IntegerField(),
)


def effective_cap_counts(year: int, grassroots_id: int, *, but: int | None = None) -> rules.CapCounts:
    """The members of a grassroots organization's default group counted by the cap in the year
    (member_group_counts)."""
    return member_group_counts(year, rules.CapGroup(grassroots_id, "members"), but=but)


def _rank_counts(ratings: QuerySet[Any], *, decided_only: bool) -> rules.CapCounts:
    if decided_only:
        rows = ratings.filter(rank__in=(rules.HTXSNV, rules.HTTNV)).values_list("rank")
    else:
        rows = (
            ratings.annotate(effective=_EFFECTIVE_RANK)
            .filter(effective__in=(rules.HTXSNV, rules.HTTNV))
            .values_list("effective")
        )
    counts: dict[int, int] = dict(rows.annotate(n=Count("id")).order_by())
    return rules.CapCounts(counts.get(rules.HTXSNV, 0), counts.get(rules.HTTNV, 0))


def member_group_counts(
    year: int, group: rules.CapGroup, *, but: int | None = None, decided_only: bool = False
) -> rules.CapCounts:
    """The members of a group counted by the cap in the year (HTXSNV, HTTNV), each with the decided
    rank or, not decided yet, the cell's proposal (`decided_only`: the decided rank alone); `but` a
    member left out. A defined group counts the members of its cells; a grassroots organization's
    default group its members but those of the cells its defined groups took (rules.groups). A count
    (the caller has checked the scope)."""
    ratings = MemberRating.objects.filter(year=year)
    if group.group == rules.groups.DEFINED:
        ratings = ratings.filter(organization_id__in=group_units(group))
    else:
        ratings = ratings.filter(grassroots_id=group.organization_id).exclude(
            organization_id__in=defined_units(year, group.organization_id, rules.groups.MEMBERS)
        )
    if but is not None:
        ratings = ratings.exclude(member_id=but)
    return _rank_counts(ratings, decided_only=decided_only)


# --- groups of comparable subjects (rules.groups) --------------------------------------------------


def chain_of(path: str, day: date) -> list[tuple[int, str]]:
    """(organization id, kind) from the root down to the node with this path, as on `day`."""
    ids = path_ids(path)
    kinds = dict(
        OrganizationVersion.objects.filter(
            organization_id__in=ids, valid_from__lte=day, valid_to__gt=day
        ).values_list("organization_id", "kind")
    )
    return [(i, kinds[i]) for i in ids if i in kinds]


def defined_groups(year: int, heads: Iterable[int] | None = None) -> list[rules.groups.DefinedGroup]:
    """The groups of comparable subjects in force for the year (not closed), with their units in
    force, of the levels `heads` (all when None). A read the caller has scoped."""
    groups = ComparableGroup.objects.filter(year=year, closed_on__isnull=True)
    if heads is not None:
        groups = groups.filter(organization_id__in=list(heads))
    rows = list(groups.values_list("pk", "name", "organization_id", "subjects"))
    units: dict[int, set[int]] = defaultdict(set)
    for group_id, organization_id in ComparableGroupUnit.objects.filter(
        group_id__in=[row[0] for row in rows], active=True
    ).values_list("group_id", "organization_id"):
        units[group_id].add(organization_id)
    return [
        rules.groups.DefinedGroup(pk, name, head, subjects, frozenset(units[pk]))
        for pk, name, head, subjects in rows
    ]


def defined_units(year: int, head_id: int, subjects: str) -> list[int]:
    """The organizations the head's groups in force took out of its default group of `subjects`."""
    return list(
        ComparableGroupUnit.objects.filter(
            year=year,
            subjects=subjects,
            active=True,
            group__organization_id=head_id,
            group__closed_on__isnull=True,
        ).values_list("organization_id", flat=True)
    )


def group_units(group: rules.CapGroup) -> list[int]:
    """The organizations of a defined group in force."""
    return list(
        ComparableGroupUnit.objects.filter(group_id=group.defined, active=True).values_list(
            "organization_id", flat=True
        )
    )


def member_group_of(year: int, cell_id: int) -> rules.CapGroup | None:
    """The group the members of a cell count in for the year's cap (rules.groups.member_group)."""
    day = _year_end(year)
    version = OrganizationVersion.objects.filter(
        organization_id=cell_id, valid_from__lte=day, valid_to__gt=day
    ).first()
    if version is None:
        return None
    chain = chain_of(version.path, day)
    default = rules.member_cap_group(chain)
    if default is None:
        return None
    return rules.groups.member_group(chain, defined_groups(year, [default.organization_id]))


def collective_group_of(year: int, chain: list[tuple[int, str]]) -> rules.CapGroup | None:
    """The group a collective counts in for the year's cap (rules.groups.collective_group)."""
    default = rules.organization_cap_group(chain)
    if default is None:
        return None
    return rules.groups.collective_group(chain, defined_groups(year, [default.organization_id]))


@dataclass(frozen=True)
class CellGroup:
    """The grassroots organization a cell belongs to on 31/12, for the cap's counts on its page."""

    organization_id: int
    name: str


def cell_group(user: User, cell: Organization, year: int) -> CellGroup | None:
    """The grassroots organization of a cell on 31/12 of `year` (None: the cell was not active)."""
    authorize(user, cell)
    day = _year_end(year)
    version = version_of(cell, day)
    if version is None:
        return None
    grassroots = grassroots_of(version, day)
    if grassroots is None:
        return None
    name = (
        OrganizationVersion.objects.filter(organization_id=grassroots, valid_from__lte=day, valid_to__gt=day)
        .values_list("name", flat=True)
        .first()
    )
    return CellGroup(grassroots, name or "")


def cap_raise(year: int, group: rules.CapGroup) -> CapRaise | None:
    """The recorded decision raising the cap of a group in the year, if any (a read the caller has
    scoped: the group's counts are its own)."""
    if group.group == rules.groups.DEFINED:
        return CapRaise.objects.filter(comparable_group_id=group.defined).first()
    return CapRaise.objects.filter(
        year=year, organization_id=group.organization_id, group=group.group, comparable_group__isnull=True
    ).first()


def cap_raises(user: User, organization: Organization, year: int) -> list[CapRaise]:
    """The decisions raising the cap recorded for the groups of `organization` and the levels below."""
    authorize(user, organization)
    day = _year_end(year)
    ids = subtree_versions(organization, day).values("organization_id")
    return list(
        CapRaise.objects.filter(year=year, organization_id__in=ids)
        .select_related("organization", "comparable_group")
        .order_by("organization__name", "group", "comparable_group__name")
    )


def recorded_members_cap(user: User, organization: Organization, year: int) -> tuple[Decimal, str] | None:
    """The decision recorded for `organization`'s stored year raising its members' cap (its default
    group), as the figures auditor reads it: the percent and "quyết định số … ngày …"."""
    authorize(user, organization)
    raised = cap_raise(year, rules.CapGroup(organization.pk, "members"))
    if raised is None:
        return None
    return Decimal(
        raised.percent
    ), f"quyết định số {raised.decision_number} ngày {format_date(raised.decision_date)}"


def group_percent(year: int, group: rules.CapGroup, settings: rules.RuleSettings) -> Any:
    """The cap in force for a group: the recorded decision's percent, else the setting's."""
    return group_percents([(year, group)], settings)[(year, group)]


def group_percents(
    groups: Iterable[tuple[int, rules.CapGroup]], settings: rules.RuleSettings
) -> dict[tuple[int, rules.CapGroup], Any]:
    """The cap in force for each (year, group): the recorded decision's percent, else the setting's;
    a read for all the groups (an import's), not one each."""
    wanted = set(groups)
    defined = sorted({g.defined for _, g in wanted if g.group == rules.groups.DEFINED and g.defined})
    default = [(y, g) for y, g in wanted if g.group != rules.groups.DEFINED]
    years = {y for y, _ in default}
    heads = sorted({g.organization_id for _, g in default})
    by_defined: dict[int, Any] = {}
    for start in range(0, len(defined), HISTORY_CHUNK):
        by_defined.update(
            CapRaise.objects.filter(comparable_group_id__in=defined[start : start + HISTORY_CHUNK])
            .order_by()
            .values_list("comparable_group_id", "percent")
        )
    by_default: dict[tuple[int, int, str], Any] = {}
    for start in range(0, len(heads), HISTORY_CHUNK):
        for year, head, group, percent in (
            CapRaise.objects.filter(
                year__in=years,
                organization_id__in=heads[start : start + HISTORY_CHUNK],
                comparable_group__isnull=True,
            )
            .order_by()
            .values_list("year", "organization_id", "group", "percent")
        ):
            by_default[(year, head, group)] = percent
    return {
        (year, group): rules.cap_percent(
            year,
            by_defined.get(group.defined or 0)
            if group.group == rules.groups.DEFINED
            else by_default.get((year, group.organization_id, group.group)),
            settings=settings,
        )
        for year, group in wanted
    }


def collective_group_members(year: int, group: rules.CapGroup) -> list[int]:
    """The organizations of a group of comparable collectives on 31/12 (rules.organization_cap_group):
    the affiliated cells and partial committees under a grassroots committee, or the grassroots
    organizations under a superior, but those the head's defined groups took; a defined group's own."""
    if group.group == rules.groups.DEFINED:
        return group_units(group)
    day = _year_end(year)
    kinds = (
        RATED_BELOW_GRASSROOTS
        if group.group == "sub_units"
        else (Kind.GRASSROOTS_COMMITTEE, Kind.GRASSROOTS_CELL)
    )
    taken = set(defined_units(year, group.organization_id, rules.groups.COLLECTIVES))
    ids = OrganizationVersion.objects.filter(
        parent_id=group.organization_id, valid_from__lte=day, valid_to__gt=day, kind__in=kinds
    ).values_list("organization_id", flat=True)
    return [i for i in ids if i not in taken]


def collective_cap_counts(year: int, group: rules.CapGroup, *, but: int | None = None) -> rules.CapCounts:
    """The collectives of a group counted by the cap (decided, else proposed), `but` one left out."""
    ids = [i for i in collective_group_members(year, group) if i != but]
    counts = Counter(
        rank
        for rank in OrganizationRating.objects.filter(year=year, organization_id__in=ids)
        .annotate(effective=_EFFECTIVE_RANK)
        .values_list("effective", flat=True)
        if rank in (rules.HTXSNV, rules.HTTNV)
    )
    return rules.CapCounts(counts[rules.HTXSNV], counts[rules.HTTNV])


@dataclass(frozen=True)
class HeadedGroup:
    """A group of comparable subjects headed by an organization in a year, as the cap page shows it:
    a default group (its members, its affiliated units, the grassroots organizations under it) or a
    group it defined (`record`; closed ones too), with the units listed and the counts so far
    (decided, else proposed) and the recorded raise."""

    group: rules.CapGroup
    subjects: str  # rules.groups.MEMBERS | COLLECTIVES
    counts: rules.CapCounts
    raised: CapRaise | None
    record: ComparableGroup | None = None
    units: tuple[str, ...] = ()  # the names of a defined group's units (in force; a closed group's last)


def headed_groups(user: User, organization: Organization, year: int) -> list[HeadedGroup]:
    """The groups `organization` heads in `year` (the cap page): its default groups by its kind and
    the groups it defined, each with its counts so far."""
    authorize(user, organization)
    day = _year_end(year)
    version = version_of(organization, day)
    if version is None:
        return []
    defaults: tuple[str, ...]
    if version.kind == Kind.GRASSROOTS_COMMITTEE:
        defaults = ("members", "sub_units")
    elif version.kind == Kind.GRASSROOTS_CELL:
        defaults = ("members",)
    elif version.kind in CELL_KINDS or version.kind == Kind.PARTIAL_COMMITTEE:
        defaults = ()
    else:
        defaults = ("grassroots",)
    rows: list[HeadedGroup] = []
    for name in defaults:
        group = rules.CapGroup(organization.pk, name)
        counts = member_group_counts(year, group) if name == "members" else collective_cap_counts(year, group)
        rows.append(HeadedGroup(group, rules.groups.subjects_of(group), counts, cap_raise(year, group)))
    records = list(
        ComparableGroup.objects.filter(organization=organization, year=year).order_by(
            "closed_on", "name", "pk"
        )
    )
    unit_names: dict[int, list[str]] = defaultdict(list)
    names = dict(
        OrganizationVersion.objects.filter(
            organization_id__in=ComparableGroupUnit.objects.filter(group__in=records).values(
                "organization_id"
            ),
            valid_from__lte=day,
            valid_to__gt=day,
        ).values_list("organization_id", "name")
    )
    for group_id, organization_id, active, closed in ComparableGroupUnit.objects.filter(
        group__in=records
    ).values_list("group_id", "organization_id", "active", "group__closed_on"):
        if active or closed is not None:
            unit_names[group_id].append(names.get(organization_id, str(organization_id)))
    for record in records:
        group = rules.CapGroup(organization.pk, rules.groups.DEFINED, record.pk, record.name)
        in_force = record.closed_on is None
        if not in_force:
            counts = rules.CapCounts(0, 0)
        elif record.subjects == rules.groups.MEMBERS:
            counts = member_group_counts(year, group)
        else:
            counts = collective_cap_counts(year, group)
        rows.append(
            HeadedGroup(
                group,
                record.subjects,
                counts,
                cap_raise(year, group),
                record,
                tuple(sorted(unit_names[record.pk], key=phrase_key)),
            )
        )
    return rows


def group_unit_choices(user: User, organization: Organization, year: int) -> list[OrganizationVersion]:
    """What a group headed by `organization` may list (the service checks each): under a grassroots
    committee its affiliated cells and partial committees; under a higher level the grassroots
    organizations directly under it."""
    authorize(user, organization, write=True)
    day = _year_end(year)
    version = version_of(organization, day)
    if version is None:
        return []
    if version.kind == Kind.GRASSROOTS_COMMITTEE:
        found = subtree_versions(organization, day).filter(kind__in=RATED_BELOW_GRASSROOTS)
    else:
        found = OrganizationVersion.objects.filter(
            parent_id=organization.pk,
            valid_from__lte=day,
            valid_to__gt=day,
            kind__in=(Kind.GRASSROOTS_COMMITTEE, Kind.GRASSROOTS_CELL),
        )
    return sorted(found.select_related("organization"), key=lambda v: (phrase_key(v.name), v.organization_id))


def comparable_group_of(user: User, organization: Organization, year: int, group_id: Any) -> ComparableGroup:
    """A group `organization` defined in `year`, for a change (NotFound: not one of its groups)."""
    authorize(user, organization, write=True)
    try:
        pk = int(group_id)
    except (TypeError, ValueError):
        raise NotFound("Không tìm thấy nhóm đối tượng tương đồng.") from None
    group = ComparableGroup.objects.filter(pk=pk, organization=organization, year=year).first()
    if group is None:
        raise NotFound("Không tìm thấy nhóm đối tượng tương đồng.")
    return group
