"""Reads of member records, always through the user's scope of personal data: a read-only viewer
sees the members only as counts (reports), never by name (dangbo/accounts/scope.py)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, QuerySet

from dangbo.accounts.scope import authorize, path_filter, path_in_scope, require_personal_data, scope_paths
from dangbo.audit.figures import kept
from dangbo.core.dates import add_months, add_working_days
from dangbo.core.exceptions import NotFound
from dangbo.core.text import fold
from dangbo.members import authority, fulltext, lifecycle
from dangbo.members.models import ON_BOOKS, Member, MemberEvent, MemberPeriod, Status
from dangbo.organizations.models import Organization, OrganizationVersion, path_ids

if TYPE_CHECKING:
    from dangbo.accounts.models import User

# The filters of the member list (?tinh-trang=, ?mien=): the value of the parameter -> (label, the
# statuses / the exemption search_members is given). The page and the export of the list read them.
STATUS_FILTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "": ("Đang sinh hoạt (dự bị và chính thức)", tuple(ON_BOOKS)),
    Status.PROBATIONARY.value: ("Dự bị", (Status.PROBATIONARY,)),
    Status.OFFICIAL.value: ("Chính thức", (Status.OFFICIAL,)),
    **{s.value: (s.label, (s,)) for s in Status if s not in ON_BOOKS},
    "tat-ca": ("Tất cả (kể cả đã ra khỏi danh sách)", ()),
}
WHOLE_CCCD = re.compile(r"[0-9]{12}")
# a number that may be a whole party card number (số thẻ đảng viên: 8 digits in Hồ Chí Minh City's)
CARD_DIGITS = re.compile(r"[0-9]{6,20}")
EXEMPTED_FILTERS = {"": ("Tất cả", None), "co": ("Được miễn sinh hoạt", True), "khong": ("Không miễn", False)}


def visible_members(user: User) -> QuerySet[Member]:
    """The members whose personal data the user may read (not those seen through a viewer's role)."""
    return Member.objects.filter(path_filter(user, "organization__path", personal=True))


def _member(member_id: int) -> Member:
    member = (
        Member.objects.select_related("organization", "temporary_organization").filter(pk=member_id).first()
    )
    if member is None:
        raise NotFound("Không tìm thấy đảng viên.")
    return member


def member_detail(user: User, member_id: int) -> Member:
    """A member's file. Outside the scope: PermissionDenied (404); in it through a viewer's role
    only: PersonalDataDenied (403)."""
    member = _member(member_id)
    authorize(user, member.organization, personal=True)
    return member


def member_history(member: Member) -> QuerySet[MemberEvent]:
    """Every recorded event, the withdrawn and the corrected ones included (marked on the page)."""
    return (
        MemberEvent.recorded.filter(member=member)
        .select_related(
            "from_organization",
            "to_organization",
            "recorded_by",
            "organization_event",
            "correction",
            "corrects",
        )
        .order_by("effective_on", "pk")
    )


def event_of(member: Member, event_id: int) -> MemberEvent:
    event = MemberEvent.recorded.filter(member=member, pk=event_id).first()
    if event is None:
        raise NotFound("Không tìm thấy sự kiện.")
    return event


def correctable_events(user: User, events: Iterable[MemberEvent]) -> set[int]:
    """The events the user may withdraw or correct: in force, not the consequence of a reorganization,
    and decided at a level whose records the user keeps (as recording them)."""
    from dangbo.members.models import MemberEventCorrection

    events = list(events)
    corrected = set(
        MemberEventCorrection.objects.filter(event_id__in=[e.pk for e in events]).values_list(
            "event_id", flat=True
        )
    )
    result = set()
    for event in events:
        if event.pk in corrected or event.organization_event_id is not None:
            continue
        cell = event.from_organization or event.to_organization or event.member.organization
        decider = event_decider(
            event.kind, cell, event.effective_on, discipline_form=(event.details or {}).get("form", "")
        )
        if decider.allows(user):
            result.add(event.pk)
    return result


def member_periods(member: Member) -> QuerySet[MemberPeriod]:
    return MemberPeriod.objects.filter(member=member).select_related("organization").order_by("valid_from")


def search_members(
    user: User,
    *,
    query: str = "",
    organization: Organization | None = None,
    statuses: tuple[str, ...] | list[str] = ON_BOOKS,
    sex: str = "",
    exempted: bool | None = None,
) -> QuerySet[Member]:
    """Members in scope matching an accent- and case-insensitive query, sorted the Vietnamese way.
    A whole CCCD (12 digits) or a whole party card number finds its holder through its unique index;
    any other text, members whose name, CCCD or card number contains it.
    A user holding only viewer roles is refused (PersonalDataDenied), as for an organization seen
    through a viewer's role only."""
    if organization is not None:
        authorize(user, organization, personal=True)
    else:
        require_personal_data(user)
    members = visible_members(user)
    if organization is not None:
        members = members.filter(organization__path__under=organization.path)
    if statuses:
        members = members.filter(status__in=statuses)
    if sex:
        members = members.filter(sex=sex)
    if exempted is not None:
        members = members.filter(exempted=exempted)
    phrase = fold(query)
    if WHOLE_CCCD.fullmatch(phrase):
        # a whole CCCD (12 digits) is one member at most: its unique indexes answer first, so that the
        # list's query starts from that row instead of walking the name order to find it
        # (a UNION, not an OR: SQLite's statistics count the many empty card numbers as one value and
        # would scan the table for the OR)
        by_cccd = Member.objects.filter(cccd=phrase).values_list("pk", flat=True)
        by_card = Member.objects.filter(party_card_number=phrase).values_list("pk", flat=True)
        members = members.filter(pk__in=list(by_cccd.union(by_card)))
    elif CARD_DIGITS.fullmatch(phrase) and (card := _card_holder(members, phrase)):
        # a whole party card number: its holder, found through the card's unique index (the digits'
        # substring search reads the trigram index, whose digit trigrams every CCCD of the province
        # shares: a hundred times slower)
        members = members.filter(pk__in=card)
    elif phrase:
        # the folded phrase as typed: "nguyen van a" finds "Nguyễn Văn An", not "Nguyễn Thị Vân Anh"
        members = members.filter(fulltext.contains(phrase))
    return members.select_related("organization").order_by("sort_key", "pk")


def _card_holder(members: QuerySet[Member], digits: str) -> list[int]:
    """[id] of the member among `members` whose party card number is `digits`, else []."""
    return list(members.filter(party_card_number=digits).values_list("pk", flat=True)[:1])


def members_on(user: User, organization: Organization, day: date, *, dense: bool = False) -> QuerySet[Member]:
    """Members on the books of the subtree on `day` (through the effective-dated periods).

    `dense`: the subtree holds a large share of the members of the database (dense_subtree): the
    members are then read in the order of their names, each checked for a period in the subtree,
    so that a page stops at its rows (and a capped count at its cap) instead of sorting every member
    of the subtree first. The same members either way; only the way the database reads them."""
    from dangbo.organizations.selectors import subtree_versions

    authorize(user, organization, personal=True)
    org_ids = subtree_versions(organization, day).values("organization_id")
    if dense:
        periods = MemberPeriod.objects.filter(
            member_id=OuterRef("pk"), valid_from__lte=day, valid_to__gt=day, organization_id__in=org_ids
        )
        return Member.objects.filter(Exists(periods)).order_by("sort_key", "pk")
    member_ids = MemberPeriod.objects.filter(
        valid_from__lte=day, valid_to__gt=day, organization_id__in=org_ids
    ).values("member_id")
    return Member.objects.filter(pk__in=member_ids).order_by("sort_key", "pk")


DENSE_SHARE = 10  # a subtree holding at least 1/10 of the members on the books is read by name
DENSE_MINIMUM = 1000  # below, the subtree's members are sorted at once whatever their share


def dense_subtree(members: int) -> bool:
    """Does a subtree of `members` members hold a large share (1/DENSE_SHARE) of the members on the
    books (counted once while the records do not change)? For members_on(dense=…). A subtree of
    fewer than DENSE_MINIMUM members is not asked about (no query)."""
    if members < DENSE_MINIMUM:
        return False
    on_books = kept("members_on_books", (), lambda: Member.objects.filter(status__in=ON_BOOKS).count())
    return members * DENSE_SHARE >= on_books


@dataclass(frozen=True)
class DueConversion:
    member: Member
    due_on: date  # end of the 12 months of probation
    deadline: date  # 30 working days later: the cell must have considered it by then
    overdue: bool


def _due_candidates(
    user: User, today: date, within_days: int, under: Organization | None
) -> QuerySet[Member]:
    """The probationary members (in the subtree of `under` when given) whose 12 months may end
    within `within_days`: admitted at least 12 months before that day (a later ceremony may still
    put their end beyond it)."""
    if under is not None:
        authorize(user, under, personal=True)
    else:
        require_personal_data(user)
    members = visible_members(user)
    if under is not None:
        members = members.filter(organization__path__under=under.path)
    cutoff = add_months(today + timedelta(days=within_days), -12)
    return members.filter(status=Status.PROBATIONARY, admitted_on__lte=cutoff)


def _due_dates(
    admitted_on: date, ceremony_on: date | None, today: date, within_days: int
) -> tuple[date, date] | None:
    """(end of probation, deadline of the cell's consideration), or None when the end is further
    than `within_days` away."""
    from dangbo.members.services import probation_end

    due = probation_end(admitted_on, ceremony_on)
    if (due - today).days > within_days:
        return None
    return due, add_working_days(due, 30)


def conversions_due(
    user: User, *, today: date, within_days: int = 30, under: Organization | None = None
) -> list[DueConversion]:
    """Probationary members whose 12 months end within `within_days` or have already ended
    (Điều lệ Đảng, Điều 5: the cell considers it within 30 working days of the end), in the subtree
    of `under` when given. A list of names: refused to a user holding only viewer roles."""
    from dangbo.members.services import ceremony_dates

    candidates = list(
        _due_candidates(user, today, within_days, under)
        .select_related("organization")
        .order_by("admitted_on", "sort_key")
    )
    ceremonies = ceremony_dates([m.pk for m in candidates])
    result = []
    for member in candidates:
        dates = _due_dates(member.admitted_on, ceremonies.get(member.pk), today, within_days)
        if dates is None:
            continue
        due, deadline = dates
        result.append(DueConversion(member=member, due_on=due, deadline=deadline, overdue=today > deadline))
    return sorted(result, key=lambda d: (d.due_on, d.member.sort_key))


def conversions_due_counts(user: User, *, today: date, within_days: int = 30) -> tuple[int, int]:
    """(how many, how many overdue) of conversions_due(user, today=…): the home page's figures,
    read without the members' records (two columns a candidate)."""
    from dangbo.members.services import ceremony_dates

    candidates = list(_due_candidates(user, today, within_days, None).values_list("pk", "admitted_on"))
    ceremonies = ceremony_dates([pk for pk, _ in candidates])
    due = overdue = 0
    for pk, admitted_on in candidates:
        dates = _due_dates(admitted_on, ceremonies.get(pk), today, within_days)
        if dates is not None:
            due += 1
            overdue += today > dates[1]
    return due, overdue


# --- Reads for the web pages (added with the UI) -------------------------------------------------


def can_write_member(user: User, member: Member) -> bool:
    return path_in_scope(user, member.organization.path, write=True)


def member_for_update(user: User, member_id: int) -> Member:
    """The member, for a change. NotFound when outside the user's scope (so the page says 404),
    PermissionDenied when the user sees the member but holds only a read-only role there."""
    member = _member(member_id)
    if not path_in_scope(user, member.organization.path):
        raise NotFound("Không tìm thấy đảng viên.")
    authorize(user, member.organization, write=True)
    return member


# The actions offered on a member's page, in the order of the buttons.
ACTIONS = (
    MemberEvent.Kind.TRANSFER,
    MemberEvent.Kind.OFFICIAL,
    MemberEvent.Kind.RETURN,
    MemberEvent.Kind.EXEMPTION,
    MemberEvent.Kind.EXEMPTION_END,
    MemberEvent.Kind.SUSPENSION,
    MemberEvent.Kind.SUSPENSION_END,
    MemberEvent.Kind.DISCIPLINE,
    MemberEvent.Kind.REMOVAL,
    MemberEvent.Kind.DEATH,
    MemberEvent.Kind.LEAVING,
)


def member_state(member: Member) -> lifecycle.State:
    """The member's state replayed from the whole history (the same state machine as the services)."""
    facts = [
        lifecycle.EventFact(
            kind=e.kind,
            effective_on=e.effective_on,
            to_organization_id=e.to_organization_id,
            details=e.details,
        )
        for e in MemberEvent.objects.filter(member=member).order_by("effective_on", "pk")
    ]
    state, _ = lifecycle.replay(facts)
    return state


def allowed_actions(member: Member, *, today: date) -> list[str]:
    """The lifecycle actions the member's current state allows (the state machine decides)."""
    state = member_state(member)
    day = max(today, state.last_event_on or today)
    allowed = []
    for kind in ACTIONS:
        details = {"form": "reprimand"} if kind == MemberEvent.Kind.DISCIPLINE else {}
        if kind == MemberEvent.Kind.TRANSFER:
            details = {"transfer_type": "official"}
        try:
            lifecycle.apply(state, lifecycle.EventFact(kind, day, None, details))
        except lifecycle.LifecycleError:
            continue
        allowed.append(str(kind))
    return allowed


def members_by_refs(user: User, refs: list[str]) -> tuple[list[Member], list[str]]:
    """Members in scope named by id ("125" or "#125") or party card number; returns (found, unknown refs)."""
    found: list[Member] = []
    unknown: list[str] = []
    visible = visible_members(user)
    for ref in refs:
        token = ref.strip().lstrip("#")
        member = None
        if token.isdigit():
            member = visible.filter(pk=int(token)).first()
        if member is None and token:
            member = visible.filter(party_card_number=token).first()
        if member is None:
            unknown.append(ref)
        elif member not in found:
            found.append(member)
    return found, unknown


def member_names(user: User, ids: list[int]) -> dict[int, str]:
    """Names of the members among `ids` that the user may see."""
    return dict(visible_members(user).filter(pk__in=ids).values_list("pk", "full_name"))


def periods_on(member_ids: list[int], day: date) -> dict[int, MemberPeriod]:
    """The period valid on `day` for each of the given members (already scoped by the caller)."""
    periods = MemberPeriod.objects.filter(
        member_id__in=member_ids, valid_from__lte=day, valid_to__gt=day
    ).select_related("organization", "temporary_organization")
    return {p.member_id: p for p in periods}


def authority_settings() -> authority.AuthoritySettings:
    """The lifecycle rules' settings in force (settings.DANGBO_LIFECYCLE_RULES: the unconfirmed ones)."""
    from django.conf import settings

    return authority.AuthoritySettings(**settings.DANGBO_LIFECYCLE_RULES)


@dataclass(frozen=True)
class EventDecider:
    """Cấp có thẩm quyền quyết định a lifecycle event: who, their organization's name and path."""

    kind: str
    discipline_form: str
    authority: authority.Authority
    name: str
    path: str

    def allows(self, user: User) -> bool:
        if user.is_superuser:
            return True
        return bool(self.path) and path_in_scope(user, self.path, write=True)

    def refusal(self) -> str:
        return authority.refusal(self.kind, self.authority, self.name, discipline_form=self.discipline_form)


def _pick_version(versions: list[OrganizationVersion], day: date) -> OrganizationVersion | None:
    """The version in force on `day`, else the latest before it, else the first (`versions` in the
    order of valid_from)."""
    return (
        next((v for v in versions if v.valid_from <= day < v.valid_to), None)
        or next((v for v in reversed(versions) if v.valid_from <= day), None)
        or (versions[0] if versions else None)
    )


def _versions_on(organization_ids: set[int], day: date) -> dict[int, OrganizationVersion | None]:
    found: dict[int, list[OrganizationVersion]] = defaultdict(list)
    for version in OrganizationVersion.objects.filter(organization_id__in=organization_ids).order_by(
        "valid_from", "pk"
    ):
        found[version.organization_id].append(version)
    return {org_id: _pick_version(found.get(org_id, []), day) for org_id in organization_ids}


def event_decider(kind: str, cell: Organization, day: date, *, discipline_form: str = "") -> EventDecider:
    """Who decides the event `kind` for a member of `cell` on `day` (domain.md §3)."""
    return event_deciders(kind, [cell], day, discipline_form=discipline_form)[cell.pk]


def event_deciders(
    kind: str, cells: Iterable[Organization], day: date, *, discipline_form: str = ""
) -> dict[int, EventDecider]:
    """event_decider of each cell, in three queries whatever their number (a page of members)."""
    return _deciders([(kind, discipline_form)], cells, day)[kind, discipline_form]


def _deciders(
    asked: Iterable[tuple[str, str]], cells: Iterable[Organization], day: date
) -> dict[tuple[str, str], dict[int, EventDecider]]:
    """(kind, discipline form) -> event_decider of each cell: for every pair asked, in three
    queries whatever their number (a member's page asks for each action it may offer)."""
    asked = list(dict.fromkeys(asked))
    cell_ids = {cell.pk for cell in cells}
    if not cell_ids:
        return {pair: {} for pair in asked}
    versions = _versions_on(cell_ids, day)
    chains = {
        cell_id: path_ids(version.path) if version is not None else [cell_id]
        for cell_id, version in versions.items()
    }
    kinds: dict[int, str] = dict(
        OrganizationVersion.objects.filter(
            organization_id__in={i for ids in chains.values() for i in ids},
            valid_from__lte=day,
            valid_to__gt=day,
        ).values_list("organization_id", "kind")
    )
    chain_kinds = {}
    for cell_id, ids in chains.items():
        version = versions[cell_id]
        own = {cell_id: version.kind} if version is not None and cell_id not in kinds else {}
        chain_kinds[cell_id] = [(i, kinds.get(i) or own[i]) for i in ids if i in kinds or i in own]
    rules = authority_settings()
    decided = {
        (kind, form): {
            cell_id: authority.event_authority(kind, chain, discipline_form=form, settings=rules)
            for cell_id, chain in chain_kinds.items()
        }
        for kind, form in asked
    }
    deciding = _versions_on(
        {
            d.organization_id
            for by_cell in decided.values()
            for d in by_cell.values()
            if d.organization_id is not None
        },
        day,
    )
    result: dict[tuple[str, str], dict[int, EventDecider]] = {}
    for (kind, form), by_cell in decided.items():
        result[kind, form] = {}
        for cell_id, decided_by in by_cell.items():
            name = path = ""
            found = (
                deciding.get(decided_by.organization_id) if decided_by.organization_id is not None else None
            )
            if found is not None:
                name, path = found.name, found.path
            result[kind, form][cell_id] = EventDecider(kind, form, decided_by, name, path)
    return result


def decidable_actions(user: User, member: Member, kinds: list[str], *, today: date) -> list[str]:
    """Of `kinds`, those whose deciding level the user keeps the records of (discipline: any form)."""
    forms_of = {
        kind: list(authority.DISCIPLINE_WHAT) if kind == MemberEvent.Kind.DISCIPLINE else [""]
        for kind in kinds
    }
    cell = member.organization
    deciders = _deciders([(kind, form) for kind in kinds for form in forms_of[kind]], [cell], today)
    return [
        kind for kind in kinds if any(deciders[kind, form][cell.pk].allows(user) for form in forms_of[kind])
    ]


def decidable_discipline_forms(user: User, member: Member, *, today: date) -> list[str]:
    """The forms of discipline the user may record for the member (Điều lệ Đảng, Điều 36)."""
    cell = member.organization
    kind = MemberEvent.Kind.DISCIPLINE
    deciders = _deciders([(kind, form) for form in authority.DISCIPLINE_WHAT], [cell], today)
    return [form for form in authority.DISCIPLINE_WHAT if deciders[kind, form][cell.pk].allows(user)]


def may_record_admissions(user: User, day: date) -> bool:
    """Whether some role of the user writes at a level that admits members (the admission page is
    refused otherwise; which cell exactly is checked by the service)."""
    if user.is_superuser:
        return True
    paths = scope_paths(user, write=True) or []
    ids = [path_ids(p)[-1] for p in paths]
    kinds = OrganizationVersion.objects.filter(
        organization_id__in=ids, valid_from__lte=day, valid_to__gt=day
    ).values_list("kind", flat=True)
    settings = authority_settings()
    return any(authority.admits_at(kind, settings=settings) for kind in kinds)
