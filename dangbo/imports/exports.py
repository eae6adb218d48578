"""What goes into the Excel exports: rows per sheet, read through the user's scope.

Every sheet is written with the import's canonical headers and values in the words the import reads
back (labels, dd/mm/yyyy dates, CCCD as text), so that importing an export changes nothing.
Renderers (dangbo.imports.render) turn these rows into a workbook and never query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from dangbo.accounts.scope import authorize, path_filter
from dangbo.core.exceptions import ApplicationError
from dangbo.core.text import format_date
from dangbo.evaluations import rules
from dangbo.evaluations.models import Award, MemberRating, OrganizationRating
from dangbo.imports import schema
from dangbo.members.models import (
    DisciplineForm,
    Force,
    Member,
    MemberEvent,
    MemberPeriod,
    PoliticalTheory,
    Sex,
    Status,
    TransferType,
)
from dangbo.organizations import names as org_names
from dangbo.organizations.models import Kind, Organization, OrganizationEvent, OrganizationVersion, Sector
from dangbo.organizations.selectors import subtree_versions, version_of

if TYPE_CHECKING:
    from dangbo.accounts.models import User

CHUNK = 2000
SEX = dict(Sex.choices)
THEORY = {value: label for value, label in PoliticalTheory.choices if value}
FORCE = {value: label for value, label in Force.choices if value}
KIND = dict(Kind.choices)
SECTOR = dict(Sector.choices)
EVENT = dict(MemberEvent.Kind.choices)
TRANSFER = dict(TransferType.choices)
DISCIPLINE = dict(DisciplineForm.choices)
STATUS = dict(Status.choices)


@dataclass
class SheetData:
    """One sheet of an export: its kind (for the headers), title lines and rows of values."""

    kind: schema.SheetKind
    title: str
    columns: tuple[str, ...]  # field names, in order
    rows: Iterable[list[Any]]
    lines: list[str] = field(default_factory=list)  # title rows above the header
    extra_headers: tuple[str, ...] = ()  # columns shown for reading only (not imported)

    @property
    def headers(self) -> list[str]:
        return [self.kind.column(name).header for name in self.columns] + list(self.extra_headers)

    @property
    def date_columns(self) -> set[int]:
        return {i for i, name in enumerate(self.columns) if self.kind.column(name).is_date}


# --- organizations -------------------------------------------------------------------------------


def organization_sheet(user: User, root: Organization, day: date) -> SheetData:
    """The subtree of `root` as it stood on `day`: code, name, parent, kind, sector, establishment."""
    authorize(user, root)
    if version_of(root, day) is None:
        raise ApplicationError(f"{root.name} không hoạt động vào ngày {day:%d/%m/%Y}.", field="ngay")
    versions = list(
        subtree_versions(root, day).filter(path_filter(user, "path")).select_related("organization", "parent")
    )
    versions.sort(key=lambda v: (v.depth, v.path))
    decisions = {
        e.organization_id: e
        for e in OrganizationEvent.objects.filter(
            organization_id__in=[v.organization_id for v in versions],
            action=OrganizationEvent.Action.ESTABLISH,
        )
    }
    rows = []
    for v in versions:
        decision = decisions.get(v.organization_id)
        rows.append(
            [
                v.organization.code,
                v.name,
                v.parent.code if v.parent else "",
                KIND[v.kind],
                SECTOR.get(v.organization.sector, ""),
                v.organization.established_on,
                decision.decision_number if decision else "",
                decision.decision_date if decision else None,
            ]
        )
    return SheetData(
        schema.ORGANIZATION_KIND,
        schema.ORGANIZATION_KIND.title,
        (
            "code",
            "name",
            "parent_code",
            "kind",
            "sector",
            "established_on",
            "decision_number",
            "decision_date",
        ),
        rows,
        lines=[f"CÂY TỔ CHỨC ĐẢNG — {version_of(root, day).name.upper()}", f"Tại ngày {format_date(day)}"],  # type: ignore[union-attr]
    )


# --- members -------------------------------------------------------------------------------------

MEMBER_FIELDS = (
    "full_name", "sex", "birth_date", "ethnicity", "religion", "hometown", "cccd", "party_card_number",
    "admitted_on", "official_on", "organization_code", "education", "political_theory", "profession",
    "birth_name", "aliases", "birth_place", "residence", "file_number", "badge_number", "foreign_language",
    "occupation_before", "occupation", "force", "notes", "member_ref",
)  # fmt: skip


def _member_values(member: Member, cell_code: str) -> list[Any]:
    return [
        member.full_name,
        SEX.get(member.sex, ""),
        member.birth_date,
        member.ethnicity,
        member.religion,
        member.hometown,
        member.cccd or "",
        member.party_card_number or "",
        member.admitted_on,
        member.official_on,
        cell_code,
        member.education,
        THEORY.get(member.political_theory, ""),
        member.profession,
        member.birth_name,
        member.aliases,
        member.birth_place,
        member.residence,
        member.file_number,
        member.badge_number,
        member.foreign_language,
        member.occupation_before,
        member.occupation,
        FORCE.get(member.force, ""),
        member.notes,
        member.pk,
    ]


def _chunks(queryset: QuerySet[Member]) -> Iterator[list[Member]]:
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        by_id = Member.objects.select_related("organization").in_bulk(chunk)
        yield [by_id[i] for i in chunk if i in by_id]


def member_sheet(
    user: User, members: QuerySet[Member], *, title: str, cells: dict[int, str] | None = None
) -> SheetData:
    """The members (already scoped by the caller's selector), with the status for reading.
    `cells` gives each member's cell code when it is not the current one (a register as of a date)."""

    def rows() -> Iterator[list[Any]]:
        for chunk in _chunks(members):
            shown = org_names.display_names({m.organization for m in chunk})
            for member in chunk:
                code = (cells or {}).get(member.pk) or member.organization.code
                yield [
                    *_member_values(member, code),
                    STATUS.get(member.status, ""),
                    shown[member.organization_id],
                ]

    return SheetData(
        schema.MEMBER_KIND,
        schema.MEMBER_KIND.title,
        MEMBER_FIELDS,
        rows(),
        lines=[title],
        extra_headers=("Tình trạng", "Chi bộ"),
    )


def event_sheet(user: User, members: QuerySet[Member]) -> SheetData:
    """The lifecycle of the same members, one decision a row, in the order they happened."""

    def rows() -> Iterator[list[Any]]:
        for chunk in _chunks(members):
            by_id = {m.pk: m for m in chunk}
            events = (
                MemberEvent.objects.filter(member_id__in=list(by_id))
                .select_related("to_organization")
                .order_by("member_id", "effective_on", "pk")
            )
            for event in events:
                member = by_id[event.member_id]
                details = event.details or {}
                place = details.get("destination") or details.get("origin") or ""
                status = ""
                if event.kind == MemberEvent.Kind.TRANSFER_IN:
                    status = STATUS.get(details.get("status", ""), "")
                yield [
                    member.cccd or "",
                    member.party_card_number or "",
                    member.pk,
                    member.full_name,
                    EVENT[event.kind],
                    event.effective_on,
                    event.decision_number,
                    event.decision_date,
                    event.issued_by,
                    event.to_organization.code if event.to_organization else "",
                    TRANSFER.get(details.get("transfer_type", ""), "")
                    if event.kind == MemberEvent.Kind.TRANSFER
                    else "",
                    DISCIPLINE.get(details.get("form", ""), ""),
                    place,
                    status,
                    date.fromisoformat(details["ceremony_on"]) if details.get("ceremony_on") else None,
                    event.note,
                ]

    return SheetData(
        schema.EVENT_KIND,
        schema.EVENT_KIND.title,
        (
            "cccd",
            "party_card_number",
            "member_ref",
            "full_name",
            "event",
            "effective_on",
            "decision_number",
            "decision_date",
            "issued_by",
            "to_code",
            "transfer_type",
            "form",
            "place",
            "status",
            "ceremony_on",
            "note",
        ),  # fmt: skip
        rows(),
        lines=["QUÁ TRÌNH SINH HOẠT ĐẢNG"],
    )


# --- the register (Mẫu 7-HSĐV) -------------------------------------------------------------------


@dataclass
class Register:
    organization_name: str
    day: date
    rows: list[list[str | int]]  # the 14 columns, several facts per cell (one per line)
    members: QuerySet[Member]
    cells: dict[int, str]


def register(user: User, root: Organization, day: date) -> Register:
    """Sổ danh sách đảng viên (Mẫu 7-HSĐV) of a subtree on a day: the members on its books that day,
    in the Vietnamese order of names, with the 14 columns of the form."""
    from dangbo.members.selectors import members_on

    authorize(user, root, personal=True)
    root_version = version_of(root, day)
    if root_version is None:
        raise ApplicationError(f"{root.name} không hoạt động vào ngày {day:%d/%m/%Y}.", field="ngay")
    members = members_on(user, root, day).filter(path_filter(user, "organization__path", personal=True))
    ids = list(members.values_list("pk", flat=True))
    cells: dict[int, str] = {}
    for start in range(0, len(ids), CHUNK):
        for period in MemberPeriod.objects.filter(
            member_id__in=ids[start : start + CHUNK], valid_from__lte=day, valid_to__gt=day
        ).select_related("organization"):
            cells[period.member_id] = period.organization.code
    events: dict[int, list[MemberEvent]] = defaultdict(list)
    for start in range(0, len(ids), CHUNK):
        for event in (
            MemberEvent.objects.filter(member_id__in=ids[start : start + CHUNK], effective_on__lte=day)
            .select_related("to_organization")
            .order_by("effective_on", "pk")
        ):
            events[event.member_id].append(event)
    rows: list[list[str | int]] = []
    number = 0
    for chunk in _chunks(members):
        for member in chunk:
            number += 1
            history = events.get(member.pk, [])
            moved_in = [e for e in history if e.kind == MemberEvent.Kind.TRANSFER_IN]
            moved_out = [
                e
                for e in history
                if e.kind == MemberEvent.Kind.TRANSFER
                and (e.details or {}).get("transfer_type") == "temporary"
            ]
            rows.append(
                [
                    number,
                    "\n".join(x for x in (member.full_name, member.birth_name) if x),
                    "\n".join((SEX.get(member.sex, ""), member.ethnicity, member.religion)),
                    member.hometown,
                    "\n".join(
                        x
                        for x in (
                            member.education,
                            THEORY.get(member.political_theory, ""),
                            member.profession,
                            member.foreign_language,
                        )
                        if x
                    ),
                    "\n".join(x for x in (member.occupation_before, member.occupation) if x),
                    "\n".join(format_date(d) for d in (member.admitted_on, member.official_on) if d),
                    "\n".join(
                        x
                        for x in (member.party_card_number or "", member.file_number, member.badge_number)
                        if x
                    ),
                    FORCE.get(member.force, ""),
                    "\n".join(f"{format_date(e.effective_on)} {_destination(e)}".strip() for e in moved_out),
                    "\n".join(
                        f"{format_date(e.effective_on)} {(e.details or {}).get('origin', '')}".strip()
                        for e in moved_in
                    ),
                    "",
                    "",
                    "Miễn công tác và sinh hoạt đảng" if member.exempted else member.notes,
                ]
            )
    return Register(root_version.name, day, rows, members, cells)


def _destination(event: MemberEvent) -> str:
    destination = (event.details or {}).get("destination", "")
    if destination:
        return str(destination)
    return event.to_organization.name if event.to_organization is not None else ""


# --- ratings and awards ----------------------------------------------------------------------------


def _year_orgs(user: User, root: Organization, year: int, *, personal: bool) -> list[OrganizationVersion]:
    """The subtree's organizations on 31/12 of `year`; personal=True: for a sheet naming members
    (PersonalDataDenied on a root seen through a viewer's role only)."""
    authorize(user, root, personal=personal)
    day = date(year, 12, 31)
    if version_of(root, day) is None:
        raise ApplicationError(f"{root.name} không hoạt động vào ngày 31/12/{year}.", field="nam")
    in_scope = path_filter(user, "path", personal=personal)
    return list(subtree_versions(root, day).filter(in_scope).select_related("organization"))


def _scheme(year: int) -> rules.Scheme:
    try:
        return rules.scheme_for(year)
    except rules.UnknownYear:
        raise ApplicationError(f"Năm {year} không có quy định đánh giá, xếp loại.", field="nam") from None


def member_rating_sheet(user: User, root: Organization, year: int) -> SheetData:
    """The member ratings of `year` in the subtree as it stood on 31/12 (as the year's report counts them)."""
    scheme = _scheme(year)
    versions = _year_orgs(user, root, year, personal=True)
    codes = {v.organization_id: v.organization.code for v in versions}
    ratings = (
        MemberRating.objects.filter(year=year, organization_id__in=list(codes))
        .select_related("member")
        .order_by("organization_id", "member__sort_key", "member_id")
    )

    def rows() -> Iterator[list[Any]]:
        for rating in ratings.iterator(chunk_size=CHUNK):
            member = rating.member
            yield [
                member.cccd or "",
                member.party_card_number or "",
                member.pk,
                member.full_name,
                year,
                scheme.member_level(rating.rank).label if rating.rank else "",
                rating.not_rated_reason,
                rating.decision_number,
                rating.decision_date,
                # the decision's score from 2025 (QĐ 366), read back by the import
                *((rating.decided_score_general, rating.decided_score_results) if scheme.scored else ()),
                codes.get(rating.organization_id, ""),
            ]

    return SheetData(
        schema.MEMBER_RATING_KIND,
        schema.MEMBER_RATING_KIND.title,
        (
            "cccd",
            "party_card_number",
            "member_ref",
            "full_name",
            "year",
            "rank",
            "not_rated_reason",
            "decision_number",
            "decision_date",
            *(("score_general", "score_results") if scheme.scored else ()),
        ),
        rows(),
        lines=[f"KẾT QUẢ XẾP LOẠI ĐẢNG VIÊN NĂM {year}", scheme.regulation],
        extra_headers=("Mã chi bộ",),
    )


def organization_rating_sheet(user: User, root: Organization, year: int) -> SheetData:
    scheme = _scheme(year)
    versions = _year_orgs(user, root, year, personal=False)  # organizations only: for every role
    by_id = {v.organization_id: v for v in versions}
    ratings = OrganizationRating.objects.filter(year=year, organization_id__in=list(by_id)).order_by(
        "organization_id"
    )
    rows = []
    for rating in sorted(
        ratings, key=lambda r: (by_id[r.organization_id].depth, by_id[r.organization_id].path)
    ):
        version = by_id[rating.organization_id]
        rows.append(
            [
                version.organization.code,
                version.name,
                year,
                scheme.organization_level(rating.rank).label if rating.rank else "",
                "x" if rating.exemplary else "",
                rating.not_rated_reason,
                rating.score,
                rating.decision_number,
                rating.decision_date,
            ]
        )
    return SheetData(
        schema.ORGANIZATION_RATING_KIND,
        schema.ORGANIZATION_RATING_KIND.title,
        (
            "code",
            "name",
            "year",
            "rank",
            "exemplary",
            "not_rated_reason",
            "score",
            "decision_number",
            "decision_date",
        ),
        rows,
        lines=[f"KẾT QUẢ XẾP LOẠI TỔ CHỨC ĐẢNG NĂM {year}", scheme.regulation],
    )


def award_sheet(user: User, root: Organization, year: int) -> SheetData:
    """The commendations of `year` for the subtree's organizations and members (as the report lists them)."""
    versions = _year_orgs(user, root, year, personal=True)  # the members commended, by name
    org_ids = [v.organization_id for v in versions]
    rated = MemberRating.objects.filter(year=year, organization_id__in=org_ids).values("member_id")
    awards = (
        Award.objects.filter(year=year)
        .filter(organization_id__in=org_ids)
        .union(Award.objects.filter(year=year, member_id__in=rated))
    )
    rows = []
    for award in (
        Award.objects.filter(pk__in=[a.pk for a in awards])
        .select_related("member", "organization")
        .order_by("pk")
    ):
        member = award.member
        rows.append(
            [
                (member.cccd or "") if member else "",
                (member.party_card_number or "") if member else "",
                member.pk if member else None,
                award.organization.code if award.organization else "",
                member.full_name if member else award.organization.name if award.organization else "",
                year,
                award.get_kind_display(),
                award.title,
                award.consecutive_years,
                award.given_by,
                award.decision_number,
                award.decision_date,
            ]
        )
    return SheetData(
        schema.AWARD_KIND,
        schema.AWARD_KIND.title,
        (
            "cccd",
            "party_card_number",
            "member_ref",
            "code",
            "target",
            "year",
            "kind",
            "title",
            "consecutive_years",
            "given_by",
            "decision_number",
            "decision_date",
        ),  # fmt: skip
        rows,
        lines=[f"KHEN THƯỞNG NĂM {year}"],
    )
