"""Member statistics of a subtree on a day (thống kê đảng viên), computed from the register, never
typed in: the members on the books (the member periods valid that day, as tree_stats counts them) by
each breakdown, and the movements of a period (the lifecycle events in force). Every count is a
GROUP BY in the database; only the few distinct stored values are mapped to buckets in Python
(dangbo.memberstats.rules). A viewer gets the figures; the monthly lists name members and need a role
that sees personal data."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, QuerySet, Value, When

from dangbo.accounts.scope import authorize
from dangbo.badges import rules as badge_rules
from dangbo.badges.models import PartyAgeBreak
from dangbo.badges.selectors import badge_settings, party_age_breaks
from dangbo.core.exceptions import ApplicationError, NotFound
from dangbo.core.text import phrase_key
from dangbo.members.models import MemberEvent, MemberPeriod, PoliticalTheory, Sex
from dangbo.memberstats import rules
from dangbo.organizations.models import Organization, OrganizationVersion, path_ids
from dangbo.organizations.selectors import subtree_versions, version_of, versions_on

if TYPE_CHECKING:
    from dangbo.accounts.models import User

EARLIEST = date(1930, 2, 3)


def stats_settings() -> rules.StatsSettings:
    """The bands in force (settings.DANGBO_MEMBER_STATS: UNCONFIRMED, domain.md §6)."""
    return rules.StatsSettings.from_mapping(settings.DANGBO_MEMBER_STATS)


@dataclass
class Statistics:
    organization: Organization
    name: str
    as_of: date
    start: date
    total: int
    breakdowns: dict[str, dict[str, int]]
    movements: dict[str, int]
    opening: int  # on the books the day before the period
    children: list[dict[str, Any]] = field(default_factory=list)  # per direct sub-unit, for the forms

    @property
    def balanced(self) -> bool:
        return rules.balance(self.opening, self.movements) == self.total

    def as_json(self) -> dict[str, Any]:
        return {
            "organization": {"code": self.organization.code, "name": self.name},
            "as_of": self.as_of.isoformat(),
            "from": self.start.isoformat(),
            "total": self.total,
            "breakdowns": self.breakdowns,
            "movements": self.movements,
            "opening": self.opening,
        }


def _periods(organization: Organization, day: date) -> QuerySet[MemberPeriod]:
    return MemberPeriod.objects.filter(
        valid_from__lte=day,
        valid_to__gt=day,
        organization_id__in=subtree_versions(organization, day).values("organization_id"),
    )


def _band_case(field_name: str, edges: list[tuple[date, str]], last: str) -> Case:
    """A CASE over a date field: the first edge the date is after gives the label."""
    return Case(
        *(When(**{f"{field_name}__gt": edge}, then=Value(label)) for edge, label in edges),
        default=Value(last),
        output_field=CharField(),
    )


def _age_case(day: date, config: rules.StatsSettings) -> Case:
    labels = rules.age_band_labels(config.age_bands)
    # age ≤ b  <=>  born after the day b+1 years before `day`
    edges = [
        (rules.years_before(day, b + 1), label) for b, label in zip(config.age_bands, labels, strict=False)
    ]
    return _band_case("member__birth_date", edges, labels[-1])


def _party_age_case(day: date, config: rules.StatsSettings) -> Case:
    labels = rules.party_age_labels(config.party_age_bands)
    # party age < b  <=>  admitted after the day b years before `day`
    edges = [
        (rules.years_before(day, b), label) for b, label in zip(config.party_age_bands, labels, strict=False)
    ]
    return _band_case("member__admitted_on", edges, labels[-1])


def _count(periods: QuerySet[MemberPeriod], key: Any, by_org: bool) -> dict[Any, dict[str, int]]:
    """{organization_id or None: {value: n}} counted in the database."""
    fields = ["organization_id", "k"] if by_org else ["k"]
    rows = periods.annotate(k=key).values(*fields).annotate(n=Count("id"))
    result: dict[Any, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        result[row["organization_id"] if by_org else None][row["k"] or ""] += row["n"]
    return result


def _party_age_count(
    periods: QuerySet[MemberPeriod], day: date, config: rules.StatsSettings, by_org: bool
) -> dict[Any, dict[str, int]]:
    """The party age breakdown (tuổi đảng): counted in the database by the day of admission, except
    for the few readmitted members with time out of the party recorded (badges' PartyAgeBreak), whose
    party age is the badges' own (dangbo.badges.rules.party_years: the time out not counted)."""
    away = Exists(PartyAgeBreak.objects.filter(member_id=OuterRef("member_id")))
    result = _count(periods.exclude(away), _party_age_case(day, config), by_org)
    readmitted = list(periods.filter(away).values_list("organization_id", "member_id", "member__admitted_on"))
    breaks = party_age_breaks([member_id for _, member_id, _ in readmitted])
    badges = badge_settings()
    for org_id, member_id, admitted_on in readmitted:
        years = badge_rules.party_years(admitted_on, day, breaks.get(member_id, ()), badges)
        result[org_id if by_org else None][rules.party_age_label(years, config.party_age_bands)] += 1
    return result


def _shape(name: str, counts: dict[str, int], config: rules.StatsSettings) -> dict[str, int]:
    if name == "sex":
        labels = dict(Sex.choices)
        return {
            **{label: counts.get(value, 0) for value, label in Sex.choices},
            rules.UNKNOWN: sum(n for v, n in counts.items() if v not in labels),
        }
    if name == "political_theory":
        known = dict(PoliticalTheory.choices)
        return {
            **{label: counts.get(value, 0) for value, label in PoliticalTheory.choices},
            rules.UNKNOWN: sum(n for v, n in counts.items() if v not in known),
        }
    if name == "age_band":
        return {label: counts.get(label, 0) for label in rules.age_band_labels(config.age_bands)}
    if name == "party_age":
        return {label: counts.get(label, 0) for label in rules.party_age_labels(config.party_age_bands)}
    if name == "education":
        return rules.regroup(counts, rules.education_bucket, rules.EDUCATION_BUCKETS)
    if name == "expertise":
        return rules.regroup(counts, rules.expertise_bucket, rules.EXPERTISE_BUCKETS)
    if name == "occupation":
        return rules.top_with_other(counts, config.occupations_shown)
    return rules.plain_with_unknown(counts)


def _keys(day: date, config: rules.StatsSettings) -> dict[str, Any]:
    from django.db.models import F

    return {
        "sex": F("member__sex"),
        "age_band": _age_case(day, config),
        "ethnicity": F("member__ethnicity"),
        "religion": F("member__religion"),
        "education": F("member__education"),
        "expertise": F("member__profession"),
        "political_theory": F("member__political_theory"),
        "occupation": F("member__occupation"),
    }


def _orgs_of_period(organization: Organization, start: date, end: date) -> QuerySet[Any]:
    """The organizations of the subtree at any time of [start, end] (a cell dissolved in the period
    included), by the subtree's path on `end`."""
    root = version_of(organization, end)
    assert root is not None
    return (
        OrganizationVersion.objects.filter(path__under=root.path, valid_from__lte=end, valid_to__gt=start)
        .values("organization_id")
        .distinct()
    )


def movements(organization: Organization, start: date, end: date) -> dict[str, int]:
    """The movements of [start, end] counted from the events in force (never typed in)."""
    inside = _orgs_of_period(organization, start, end)
    events = MemberEvent.objects.filter(effective_on__gte=start, effective_on__lte=end)
    K = MemberEvent.Kind
    into = Q(to_organization_id__in=inside)
    out_of = Q(from_organization_id__in=inside)
    not_temporary = ~Q(details__transfer_type="temporary")
    counted = events.aggregate(
        admitted=Count("id", filter=Q(kind=K.ADMISSION) & into),
        received=Count("id", filter=Q(kind=K.TRANSFER_IN) & into),
        transferred_in=Count("id", filter=Q(kind=K.TRANSFER) & into & ~out_of & not_temporary),
        transferred_out=Count(
            "id",
            filter=Q(kind=K.TRANSFER) & out_of & not_temporary & (Q(to_organization__isnull=True) | ~into),
        ),
        died=Count("id", filter=Q(kind=K.DEATH) & out_of),
        removed=Count("id", filter=Q(kind=K.REMOVAL) & out_of),
        expelled=Count("id", filter=Q(kind=K.DISCIPLINE, details__form="expulsion") & out_of),
        left=Count("id", filter=Q(kind=K.LEAVING) & out_of),
    )
    return {key: counted[key] for key, _ in rules.MOVEMENTS}


def check_period(start: date, end: date) -> None:
    if start > end:
        raise ApplicationError(
            f"Ngày đầu kỳ ({start:%d/%m/%Y}) phải trước hoặc bằng ngày thống kê ({end:%d/%m/%Y}).",
            field="start",
        )
    if start < EARLIEST:
        raise ApplicationError("Ngày đầu kỳ trước ngày thành lập Đảng (03/02/1930).", field="start")


def member_statistics(
    user: User, organization: Organization, as_of: date, start: date | None = None, *, children: bool = False
) -> Statistics:
    """The statistics of the subtree on `as_of` and the movements since `start` (1 January of the
    year by default). `children`: also the breakdowns of each direct sub-unit (the forms' rows)."""
    authorize(user, organization)
    root = version_of(organization, as_of)
    if root is None:
        raise NotFound(f"{organization.name} không hoạt động vào ngày {as_of:%d/%m/%Y}.")
    start = start or date(as_of.year, 1, 1)
    check_period(start, as_of)
    config = stats_settings()
    periods = _periods(organization, as_of)
    total = periods.count()
    keys = _keys(as_of, config)
    subunits: dict[int, OrganizationVersion] = {}
    owner: dict[int, int] = {}
    if children:
        subunits = {
            v.organization_id: v
            for v in sorted(
                versions_on(as_of).filter(parent_id=organization.pk), key=lambda v: phrase_key(v.name)
            )
        }
        for version in subtree_versions(organization, as_of).only("organization_id", "path"):
            for ancestor in path_ids(version.path):
                if ancestor in subunits:
                    owner[version.organization_id] = ancestor
    breakdowns: dict[str, dict[str, int]] = {}
    per_child: dict[int, dict[str, dict[str, int]]] = defaultdict(dict)
    for name, _ in rules.BREAKDOWNS:
        if name == "party_age":
            counted = _party_age_count(periods, as_of, config, children)
        else:
            counted = _count(periods, keys[name], children)
        whole: dict[str, int] = defaultdict(int)
        child_raw: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for org_id, values in counted.items():
            for value, n in values.items():
                whole[value] += n
                if children and org_id in owner:
                    child_raw[owner[org_id]][value] += n
        breakdowns[name] = _shape(name, dict(whole), config)
        for child_id in subunits:
            per_child[child_id][name] = _shape(name, dict(child_raw.get(child_id, {})), config)
    if name_problems := rules.unbalanced(breakdowns, total):  # a guard, never expected
        raise AssertionError(f"breakdowns not adding up: {name_problems}")
    opening = (
        _periods(organization, start - timedelta(days=1)).count()
        if version_of(organization, start - timedelta(days=1))
        else 0
    )
    result = Statistics(
        organization=organization,
        name=root.name,
        as_of=as_of,
        start=start,
        total=total,
        breakdowns=breakdowns,
        movements=movements(organization, start, as_of),
        opening=opening,
    )
    if children:
        result.children = [
            {
                "code": "",
                "name": version.name,
                "total": sum(per_child[org_id]["sex"].values()),
                "breakdowns": per_child[org_id],
            }
            for org_id, version in subunits.items()
        ]
        codes = dict(Organization.objects.filter(pk__in=list(subunits)).values_list("pk", "code"))
        for row, org_id in zip(result.children, subunits, strict=True):
            row["code"] = codes.get(org_id, "")
    return result


@dataclass(frozen=True)
class MonthlyRow:
    member_id: int
    full_name: str
    organization: str
    day: date  # the birthday or the anniversary this year
    years: int  # age, or party age, reached on that day


def monthly_lists(
    user: User, organization: Organization, year: int, month: int
) -> tuple[list[MonthlyRow], list[MonthlyRow]]:
    """Birthdays and anniversaries of admission in a month, of the members on the books of the
    subtree on the first day of the month (sinh nhật, ngày vào Đảng: a secretary's monthly lists).
    Names: refused to a role that does not see personal data."""
    authorize(user, organization, personal=True)
    if not 1 <= month <= 12:
        raise ApplicationError("Tháng phải từ 1 đến 12.", field="month")
    first = date(year, month, 1)
    if version_of(organization, first) is None:
        raise NotFound(f"{organization.name} không hoạt động vào ngày {first:%d/%m/%Y}.")
    names = dict(subtree_versions(organization, first).values_list("organization_id", "name"))
    periods = _periods(organization, first)
    fields = (
        "member_id",
        "member__full_name",
        "organization_id",
        "member__birth_date",
        "member__admitted_on",
        "member__sort_key",
    )

    def rows(field_name: str) -> list[MonthlyRow]:
        found = []
        keys: dict[int, str] = {}
        for member_id, full_name, org_id, birth, admitted, key in periods.filter(
            **{f"{field_name}__month": month}
        ).values_list(*fields):
            start = birth if field_name == "member__birth_date" else admitted
            day = date(year, month, min(start.day, 28 if month == 2 and start.day == 29 else start.day))
            found.append(MonthlyRow(member_id, full_name, names.get(org_id, ""), day, year - start.year))
            keys[member_id] = key
        return sorted(found, key=lambda r: (r.day, keys[r.member_id]))

    return rows("member__birth_date"), rows("member__admitted_on")
