"""Reads of targets and cell meetings, always through the user's scope.

Achievement is computed from the recorded events, never typed in: admissions (MemberEvent of kind
admission) into a cell that was in the subtree on the admission day; establishments (OrganizationEvent
of kind establish) of a grassroots organization or cell of the kind's sectors that was in the subtree
on its first day. A subtree's figure is the sum of its parts because every event has exactly one place.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from dangbo.accounts.scope import authorize, path_in_scope, scope_paths
from dangbo.audit.figures import kept
from dangbo.core.exceptions import ApplicationError, NotFound
from dangbo.core.text import phrase_key
from dangbo.members.models import Member, MemberEvent, MemberPeriod, SourceGroup
from dangbo.organizations.models import (
    CELL_KINDS,
    GRASSROOTS_KINDS,
    Organization,
    OrganizationEvent,
    OrganizationVersion,
)
from dangbo.targets import rules
from dangbo.targets.models import Attendance, Meeting, Target

if TYPE_CHECKING:
    from dangbo.accounts.models import User

Window = tuple[date, date]  # [from, to)


def target_kinds() -> tuple[rules.TargetKind, ...]:
    """The built-in kinds and those of settings.DANGBO_TARGET_KINDS."""
    return rules.build_kinds(settings.DANGBO_TARGET_KINDS)


def target_kind(key: str) -> rules.TargetKind:
    for kind in target_kinds():
        if kind.key == key:
            return kind
    names = "; ".join(k.label for k in target_kinds())
    raise ApplicationError(f"Loại chỉ tiêu “{key}” không có (các loại: {names}).", field="kind")


def check_year(year: Any) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= 2100:
        raise ApplicationError(f"Năm “{year}” không hợp lệ (từ 1990 đến 2100).", field="year")
    return year


def _year_window(year: int) -> Window:
    return date(year, 1, 1), date(year + 1, 1, 1)


def subtree_windows(organization: Organization, year: int) -> dict[int, list[Window]]:
    """For each organization that was in `organization`'s subtree at some time of `year`, the
    stretches of days [from, to) when it was (the tree may change during the year)."""
    return subtrees_windows([organization.pk], year).get(organization.pk, {})


def subtrees_windows(organization_ids: list[int], year: int) -> dict[int, dict[int, list[Window]]]:
    """subtree_windows of each of the organizations, in two queries whatever their number."""
    start, end = _year_window(year)
    roots: dict[int, list[tuple[str, date, date]]] = defaultdict(list)
    for org_id, path, valid_from, valid_to in OrganizationVersion.objects.filter(
        organization_id__in=organization_ids, valid_from__lt=end, valid_to__gt=start
    ).values_list("organization_id", "path", "valid_from", "valid_to"):
        roots[org_id].append((path, max(valid_from, start), min(valid_to, end)))
    if not roots:
        return {}
    by_path: dict[str, list[tuple[int, date, date]]] = defaultdict(list)
    condition = Q()
    for root_id, own in roots.items():
        for path, low, high in own:
            by_path[path].append((root_id, low, high))
    for path, under in by_path.items():
        condition |= Q(
            path__under=path,
            valid_from__lt=max(high for _, _, high in under),
            valid_to__gt=min(low for _, low, _ in under),
        )
    found: dict[int, dict[int, list[Window]]] = {root_id: defaultdict(list) for root_id in roots}
    rows = OrganizationVersion.objects.filter(condition).values_list(
        "organization_id", "path", "valid_from", "valid_to"
    )
    for org_id, path, valid_from, valid_to in rows:
        # the roots whose path is a prefix of this one ("/1/10/100/" is under "/1/", "/1/10/" and itself)
        cut = 0
        while (cut := path.find("/", cut + 1)) != -1:
            for root_id, low, high in by_path.get(path[: cut + 1], ()):
                a, b = max(valid_from, low), min(valid_to, high)
                if a < b:
                    found[root_id][org_id].append((a, b))
    return {root_id: dict(windows) for root_id, windows in found.items()}


def _inside(windows: dict[int, list[Window]], org_id: int | None, day: date) -> bool:
    return org_id is not None and any(a <= day < b for a, b in windows.get(org_id, ()))


@dataclass
class Events:
    """The events of a year in a subtree that targets are measured by."""

    admissions: list[tuple[int, date, str]] = field(default_factory=list)  # (cell id, day, source group)
    establishments: list[tuple[int, date, str]] = field(default_factory=list)  # (org id, day, sector)


def year_events(organization: Organization, year: int) -> tuple[Events, dict[int, list[Window]]]:
    windows = subtree_windows(organization, year)
    events = Events()
    if not windows:
        return events, windows
    start, end = _year_window(year)
    ids = list(windows)
    admissions = MemberEvent.objects.filter(
        kind=MemberEvent.Kind.ADMISSION,
        effective_on__gte=start,
        effective_on__lt=end,
        to_organization_id__in=ids,
    ).values_list("to_organization_id", "effective_on", "details")
    for org_id, day, details in admissions.iterator(chunk_size=2000):
        if _inside(windows, org_id, day):
            events.admissions.append((org_id, day, (details or {}).get("source_group") or SourceGroup.OTHER))
    establishments = OrganizationEvent.objects.filter(
        action=OrganizationEvent.Action.ESTABLISH,
        effective_on__gte=start,
        effective_on__lt=end,
        organization_id__in=ids,
    ).values_list("organization_id", "effective_on", "organization__sector")
    kinds = dict(
        OrganizationVersion.objects.filter(organization_id__in=ids)
        .order_by("valid_from")
        .values_list("organization_id", "kind")
    )
    for org_id, day, sector in establishments:
        if kinds.get(org_id) in (CELL_KINDS | GRASSROOTS_KINDS) and _inside(windows, org_id, day):
            events.establishments.append((org_id, day, sector))
    return events, windows


def achieved(kind: rules.TargetKind, events: Events, within: dict[int, list[Window]] | None = None) -> int:
    """How many events of the kind (only those inside the `within` windows, when given)."""
    if kind.measure == rules.ADMISSIONS:
        return sum(
            1
            for org_id, day, source in events.admissions
            if (within is None or _inside(within, org_id, day))
            and (not kind.source_groups or source in kind.source_groups)
        )
    return sum(
        1
        for org_id, day, sector in events.establishments
        if (within is None or _inside(within, org_id, day)) and (not kind.sectors or sector in kind.sectors)
    )


def _percent_text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _children(organization: Organization, year: int) -> list[OrganizationVersion]:
    """The organizations directly under `organization` at some time of the year (latest version each)."""
    start, end = _year_window(year)
    latest: dict[int, OrganizationVersion] = {}
    for version in (
        OrganizationVersion.objects.filter(parent=organization, valid_from__lt=end, valid_to__gt=start)
        .select_related("organization")
        .order_by("valid_from")
    ):
        latest[version.organization_id] = version
    return sorted(latest.values(), key=lambda v: phrase_key(v.name))


def can_set_targets(user: User, organization: Organization) -> bool:
    """Targets are set by the level above: a writing role strictly above the organization (or a
    system administrator)."""
    paths = scope_paths(user, write=True)
    if paths is None:
        return True
    return any(organization.path.startswith(p) and organization.path != p for p in paths)


def target_summary(user: User, organization: Organization, year: int) -> dict[str, Any]:
    """The year's targets of an organization with their achievement, the admissions by source group,
    and the same figures for each organization directly below it (with their sums). Kept between
    requests while the records do not change (audit.figures.kept): the same for every user in scope."""
    authorize(user, organization)
    check_year(year)
    kinds = target_kinds()
    return kept(
        "target_summary", (organization.pk, year, kinds), lambda: _target_summary(organization, year, kinds)
    )


def _target_summary(
    organization: Organization, year: int, kinds: tuple[rules.TargetKind, ...]
) -> dict[str, Any]:
    events, windows = year_events(organization, year)
    children = _children(organization, year)
    child_ids = [v.organization_id for v in children]
    targets: dict[tuple[int, str], int] = {
        (t.organization_id, t.kind): t.value
        for t in Target.objects.filter(year=year, organization_id__in=[organization.pk, *child_ids])
    }

    def row(kind: rules.TargetKind, org_id: int, within: dict[int, list[Window]] | None) -> dict[str, Any]:
        target = targets.get((org_id, kind.key))
        done = achieved(kind, events, within)
        return {
            "kind": kind.key,
            "label": kind.label,
            "heading": kind.heading,
            "target": target,
            "achieved": done,
            "percent": _percent_text(rules.achievement_percent(done, target)),
        }

    # each child's own stretches in the tree: an event counts for the child it lay under that day
    found = subtrees_windows(child_ids, year)
    under = {child: found.get(child, {}) for child in child_ids}
    child_rows: list[dict[str, Any]] = []
    for version in children:
        child_rows.append(
            {
                "code": version.organization.code,
                "name": version.name,
                "rows": [
                    row(kind, version.organization_id, under[version.organization_id]) for kind in kinds
                ],
            }
        )
    sums = []
    for index, kind in enumerate(kinds):
        set_targets = [c["rows"][index]["target"] for c in child_rows if c["rows"][index]["target"]]
        sums.append(
            {
                "kind": kind.key,
                "target": sum(set_targets) if set_targets else None,
                "achieved": sum(c["rows"][index]["achieved"] for c in child_rows),
            }
        )
    sources = Counter(source for _, _, source in events.admissions)
    return {
        "organization": {"code": organization.code, "name": organization.name},
        "year": year,
        "targets": [row(kind, organization.pk, None) for kind in kinds],
        "admissions_by_source": [
            {"source_group": key, "label": str(label), "count": sources.get(key, 0)}
            for key, label in SourceGroup.choices
        ],
        "children": child_rows,
        "children_total": sums,
    }


# --- cell meetings ------------------------------------------------------------------------------------


def cell_life(cell: Organization) -> rules.Life:
    return rules.Life(cell.established_on, cell.ended_on)


def expected_attendees(cell: Organization, day: date) -> QuerySet[Member]:
    """The members who attend the cell's meetings on `day`: on its books and not exempted, or active
    in it temporarily; those away temporarily attend elsewhere."""
    periods = MemberPeriod.objects.filter(valid_from__lte=day, valid_to__gt=day, exempted=False).filter(
        Q(organization=cell, temporary_organization__isnull=True) | Q(temporary_organization=cell)
    )
    return Member.objects.filter(pk__in=periods.values("member_id")).order_by("sort_key", "pk")


def meeting_cell(user: User, code: str, *, write: bool = False) -> Organization:
    """The cell with `code` in the user's scope (NotFound outside it)."""
    cell = Organization.objects.filter(code=code.strip().upper()).first()
    if cell is None or not path_in_scope(user, cell.path):
        raise NotFound(f"Không có chi bộ mã “{code}”.")
    if not cell.is_cell:
        raise NotFound(f"{cell.name} không phải là chi bộ; sinh hoạt chi bộ chỉ ghi cho chi bộ.")
    authorize(user, cell, write=write)
    return cell


def meeting_detail(user: User, meeting_id: int) -> Meeting:
    meeting = Meeting.objects.select_related("organization", "recorded_by").filter(pk=meeting_id).first()
    if meeting is None or not path_in_scope(user, meeting.organization.path):
        raise NotFound("Không có buổi sinh hoạt này.")
    # the attendance by name: personal data (PersonalDataDenied through a viewer's role only)
    authorize(user, meeting.organization, personal=True)
    return meeting


def meeting_attendance(meeting: Meeting) -> list[Attendance]:
    return list(meeting.attendance.select_related("member").order_by("member__sort_key", "member_id"))


@dataclass
class CellYear:
    code: str
    name: str
    parent: str
    regular: int
    thematic: int
    months_without: list[int]
    meetings: list[Meeting] = field(default_factory=list)
    personal: bool = True  # may the user open its meetings (the attendance by name)?


def meetings_overview(user: User, organization: Organization, year: int, *, today: date) -> dict[str, Any]:
    """For each cell of the subtree during `year`: its meetings, the months (up to today) without a
    regular meeting; and the members absent without reason in 3 or more months of the year — by
    name where the user sees personal data, else only their number ("absentees_hidden")."""
    authorize(user, organization)
    check_year(year)
    # the same for every user (kept while the records do not change); what the user may open, after
    cells, absentees = kept(
        "meetings_overview", (organization.pk, year, today), lambda: _meetings_year(organization, year, today)
    )
    personal_paths = scope_paths(user, personal=True)  # read once: a district has 190 cells

    def personal(path: str) -> bool:
        return personal_paths is None or any(path.startswith(p) for p in personal_paths)

    rows = []
    for path, row in cells:
        row.personal = personal(path)
        rows.append(row)
    named = [a for a in absentees if personal(a.pop("cell_path"))]
    return {
        "organization": {"code": organization.code, "name": organization.name},
        "year": year,
        "cells": rows,
        "absentees": named,
        "absentees_hidden": len(absentees) - len(named),
    }


def _meetings_year(
    organization: Organization, year: int, today: date
) -> tuple[list[tuple[str, CellYear]], list[dict[str, Any]]]:
    """meetings_overview's figures, the same for every user: (cell path, row) sorted by grassroots
    organization then cell, and the absentees (with their cell's path)."""
    windows = subtree_windows(organization, year)
    start, end = _year_window(year)
    cells = list(Organization.objects.filter(pk__in=list(windows), kind__in=CELL_KINDS).order_by("path"))
    parents = dict(
        Organization.objects.filter(pk__in={c.parent_id for c in cells if c.parent_id}).values_list(
            "pk", "name"
        )
    )
    meetings = Meeting.objects.filter(organization__in=cells, held_on__gte=start, held_on__lt=end).order_by(
        "held_on", "pk"
    )
    by_cell: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        by_cell[meeting.organization_id].append(meeting)
    until = min(today, end - timedelta(days=1))
    rows = []
    for cell in cells:
        held = by_cell.get(cell.pk, [])
        regular_months = {m.held_on.month for m in held if m.kind == Meeting.Kind.REGULAR}
        rows.append(
            (
                cell.path,
                CellYear(
                    code=cell.code,
                    name=cell.name,
                    parent=parents.get(cell.parent_id, "") if cell.parent_id else "",
                    regular=sum(1 for m in held if m.kind == Meeting.Kind.REGULAR),
                    thematic=sum(1 for m in held if m.kind == Meeting.Kind.THEMATIC),
                    months_without=rules.months_without_meeting(
                        year, cell_life(cell), regular_months, until=until
                    ),
                    meetings=held,
                ),
            )
        )
    rows.sort(key=lambda r: (phrase_key(r[1].parent), phrase_key(r[1].name)))
    return rows, absentee_rows(organization, year, windows)


def absentee_rows(
    organization: Organization, year: int, windows: dict[int, list[Window]]
) -> list[dict[str, Any]]:
    start, end = _year_window(year)
    months: dict[int, set[int]] = defaultdict(set)
    cells: dict[int, int] = {}
    for member_id, day, cell_id in Attendance.objects.filter(
        status=Attendance.Status.UNEXCUSED,
        meeting__held_on__gte=start,
        meeting__held_on__lt=end,
        meeting__organization_id__in=list(windows),
    ).values_list("member_id", "meeting__held_on", "meeting__organization_id"):
        months[member_id].add(day.month)
        cells[member_id] = cell_id
    found = rules.absentees(months)
    members = Member.objects.in_bulk([a.member_id for a in found])
    orgs = {o.pk: o for o in Organization.objects.filter(pk__in=set(cells.values())).only("name", "path")}
    return [
        {
            "member": members[a.member_id],
            "cell": orgs[cells[a.member_id]].name,
            "cell_path": orgs[cells[a.member_id]].path,
            "months": list(a.months),
            "message": a.message,
        }
        for a in found
    ]


def unexcused_absence_months(member_ids: list[int], year: int) -> dict[int, int]:
    """For each member, the number of months of `year` with a meeting missed without reason
    (vắng không có lý do), shown beside the review; the caller has checked the scope of the members
    listed. Kept while the records do not change (audit.figures.kept)."""
    return kept(
        "unexcused_absence_months", (tuple(member_ids), year), lambda: _absence_months(member_ids, year)
    )


def _absence_months(member_ids: list[int], year: int) -> dict[int, int]:
    from django.db.models.functions import ExtractMonth

    rows = (
        Attendance.objects.filter(
            member_id__in=member_ids,
            meeting__held_on__year=year,
            status=Attendance.Status.UNEXCUSED,
        )
        .annotate(month=ExtractMonth("meeting__held_on"))
        .values("member_id")
        .annotate(months=Count("month", distinct=True))
    )
    return {row["member_id"]: row["months"] for row in rows}
