"""Reads of party dues (đảng phí), always through the user's scope.

What a member owes for a month is computed, never stored: the member is on a cell's list for the
month when a period of theirs covers the month's last day (where they are active temporarily, if
they are); the amount comes from their latest declared basis (DuesBasis) under the regime of that
month (dangbo.dues.rules). A fixed number of queries serves any subtree: the periods, the bases, the
payments and the excuses of the cells in it; the paid totals are summed by the database.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Q, Sum

from dangbo.accounts.scope import authorize, path_in_scope, scope_paths
from dangbo.audit.figures import kept as kept_figures
from dangbo.core.exceptions import ApplicationError, NotFound
from dangbo.dues import rules
from dangbo.dues.models import DuesBasis, DuesExcuse, DuesPayment
from dangbo.members.models import Member, MemberPeriod
from dangbo.organizations.models import CELL_KINDS, Organization

if TYPE_CHECKING:
    from dangbo.accounts.models import User


def dues_settings() -> rules.DuesSettings:
    return rules.settings_from(settings.DANGBO_DUES)


def month_start(year: int, month: int) -> date:
    return date(year, month, 1)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def check_year(year: Any) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= 2100:
        raise ApplicationError(f"Năm “{year}” không hợp lệ (từ 1990 đến 2100).", field="year")
    return year


def check_month(month: Any) -> int:
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ApplicationError(f"Tháng “{month}” không hợp lệ (từ 1 đến 12).", field="month")
    return month


def months_due(year: int, today: date) -> list[int]:
    """The months of `year` whose dues are due by `today` (the current month included)."""
    if year > today.year:
        return []
    return list(range(1, (today.month if year == today.year else 12) + 1))


def dues_cell(user: User, code: str, *, write: bool = False) -> Organization:
    """The cell with `code` in the user's scope, whose members' dues the user may see by name (NotFound
    outside the scope; a viewer: PersonalDataDenied)."""
    cell = Organization.objects.filter(code=str(code).strip().upper()[:40]).first()
    if cell is None or not path_in_scope(user, cell.path):
        raise NotFound(f"Không có chi bộ mã “{str(code)[:40]}”.")
    if not cell.is_cell:
        raise NotFound(f"{cell.name} không phải là chi bộ; đảng phí được thu ở chi bộ.")
    authorize(user, cell, personal=True, write=write)
    return cell


def payment_of_cell(cell: Organization, year: int, month: int, payment_id: int) -> DuesPayment:
    """The payment in force `payment_id` recorded by `cell` for the month (the caller has checked the
    user's scope on the cell); NotFound otherwise (withdrawn, another cell or month)."""
    payment = (
        DuesPayment.objects.in_force()
        .select_related("member")
        .filter(pk=payment_id, organization=cell, month=month_start(year, month))
        .first()
    )
    if payment is None:
        raise NotFound(
            "Không có khoản thu đảng phí này trong sổ thu của chi bộ (có thể đã được hủy hoặc sửa)."
        )
    return payment


def member_for_dues(user: User, member_id: int, *, write: bool = False) -> Member:
    member = Member.objects.filter(pk=member_id).first()
    if member is None:
        raise NotFound("Không có đảng viên này.")
    period = member.periods.order_by("-valid_from").first()
    if period is None or not path_in_scope(user, period.organization.path):
        raise NotFound("Không có đảng viên này.")
    authorize(user, period.organization, personal=True, write=write)
    return member


# --- the computation ---------------------------------------------------------------------------------


@dataclass
class Entry:
    """A member's dues of one month in one cell."""

    cell_id: int
    member_id: int
    month: int
    due: rules.Due
    declared: bool  # a basis was declared; else the default category's rate
    paid: int = 0
    method: str = ""
    paid_on: date | None = None
    excuse: str = ""
    payment_id: int | None = None  # the payment in force, to withdraw or correct it

    @property
    def arrears(self) -> int:
        return rules.arrears(self.due.amount, self.paid)


def _holders(
    cell_ids: list[int] | None,
    year: int,
    months: list[int],
    s: rules.DuesSettings,
    member_ids: list[int] | None = None,
) -> dict[tuple[int, int], list[int]]:
    """(cell id, month) -> the members on its dues list (a period covering the month's last day)."""
    if not months:
        return {}
    first, last = month_end(year, months[0]), month_end(year, months[-1])
    periods = MemberPeriod.objects.filter(valid_from__lte=last, valid_to__gt=first)
    if cell_ids is not None:
        periods = periods.filter(
            Q(organization_id__in=cell_ids, temporary_organization__isnull=True)
            | Q(temporary_organization_id__in=cell_ids)
        )
    if member_ids is not None:
        periods = periods.filter(member_id__in=member_ids)
    wanted = set(cell_ids) if cell_ids is not None else None
    held: dict[tuple[int, int], list[int]] = defaultdict(list)
    rows = periods.values_list(
        "member_id", "organization_id", "temporary_organization_id", "exempted", "valid_from", "valid_to"
    )
    ends = {m: month_end(year, m) for m in months}
    for member_id, org_id, temporary_id, exempted, valid_from, valid_to in rows:
        if exempted and not s.exempted_members_pay:
            continue
        cell = temporary_id or org_id
        if wanted is not None and cell not in wanted:
            continue
        for m, end in ends.items():
            if valid_from <= end < valid_to:
                held[(cell, m)].append(member_id)
    return held


def _bases(member_ids: set[int], until: date) -> dict[int, list[tuple[date, str, int]]]:
    found: dict[int, list[tuple[date, str, int]]] = defaultdict(list)
    rows = (
        DuesBasis.objects.filter(member_id__in=member_ids, valid_from__lte=until)
        .order_by("member_id", "valid_from")
        .values_list("member_id", "valid_from", "category", "income")
    )
    for member_id, valid_from, category, income in rows:
        found[member_id].append((valid_from, category, income))
    return found


def basis_on(bases: list[tuple[date, str, int]], day: date, s: rules.DuesSettings) -> tuple[str, int, bool]:
    """(category, income, declared) in force on `day`."""
    chosen = None
    for valid_from, category, income in bases:
        if valid_from <= day:
            chosen = (category, income, True)
    return chosen or (s.default_category, 0, False)


def entries(
    cell_ids: list[int] | None, year: int, months: list[int], *, member_ids: list[int] | None = None
) -> list[Entry]:
    """Every member-month of the cells (or of the members) in the months, with what was paid."""
    s = dues_settings()
    held = _holders(cell_ids, year, months, s, member_ids)
    members = {m for ids in held.values() for m in ids}
    if not members:
        return []
    bases = _bases(members, month_start(year, months[-1]))
    starts = [month_start(year, m) for m in months]
    payments = {
        (member_id, day.month): (amount, method, paid_on, pk)
        for member_id, day, amount, method, paid_on, pk in DuesPayment.objects.in_force()
        .filter(member_id__in=members, month__in=starts)
        .values_list("member_id", "month", "amount", "method", "paid_on", "pk")
    }
    excuses = {
        (member_id, day.month): reason
        for member_id, day, reason in DuesExcuse.objects.filter(
            member_id__in=members, month__in=starts
        ).values_list("member_id", "month", "reason")
    }
    result = []
    dues: dict[tuple[str, int, int], rules.Due] = {}  # a district's year: 70.000 member-months, a few
    # hundred (category, income, month): each amount computed once (a Due is immutable)
    for (cell, m), ids in held.items():
        first_day = month_start(year, m)
        for member_id in ids:
            category, income, declared = basis_on(bases.get(member_id, []), first_day, s)
            due = dues.get((category, income, m))
            if due is None:
                due = dues[(category, income, m)] = rules.monthly_due(category, income, year, m, s)
            entry = Entry(cell, member_id, m, due, declared)
            payment = payments.get((member_id, m))
            if payment is not None:
                entry.paid, entry.method, entry.paid_on, entry.payment_id = payment
            entry.excuse = excuses.get((member_id, m), "")
            result.append(entry)
    return result


def books_kept(
    cell_ids: list[int] | None, year: int, *, member_ids: list[int] | None = None
) -> set[tuple[int, int]]:
    """(cell id, month) of the year where the cell recorded something (a payment or a reason)."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    kept: set[tuple[int, int]] = set()
    for source in (DuesPayment.objects.in_force(), DuesExcuse.objects.all()):
        rows = source.filter(month__gte=start, month__lt=end)
        if cell_ids is not None:
            rows = rows.filter(organization_id__in=cell_ids)
        if member_ids is not None:
            rows = rows.filter(organization_id__in=_cells_of_members(member_ids, year))
        for org_id, day in rows.values_list("organization_id", "month").distinct():
            kept.add((org_id, day.month))
    return kept


def _cells_of_members(member_ids: list[int], year: int) -> list[int]:
    rows = MemberPeriod.objects.filter(
        member_id__in=member_ids, valid_from__lte=date(year, 12, 31), valid_to__gt=date(year, 1, 1)
    ).values_list("organization_id", "temporary_organization_id")
    return sorted({o for pair in rows for o in pair if o is not None})


def unpaid(found: list[Entry], kept: set[tuple[int, int]], year: int) -> dict[int, tuple[int, ...]]:
    """member id -> the months unpaid without reason (rules.unpaid_months) of the entries."""
    by_member: dict[int, list[rules.MonthRecord]] = defaultdict(list)
    for e in found:
        by_member[e.member_id].append(
            rules.MonthRecord(e.month, e.due.amount, e.paid, bool(e.excuse), (e.cell_id, e.month) in kept)
        )
    return {
        member_id: months
        for member_id, records in by_member.items()
        if (months := rules.unpaid_months(records))
    }


def unpaid_dues_months(member_ids: list[int], year: int, today: date) -> dict[int, int]:
    """For each member, the number of months of `year` (due by `today`) with dues unpaid without reason,
    shown beside the review as a removal ground; the caller has checked the scope of the members.
    Kept while the records do not change (audit.figures.kept)."""
    months = months_due(year, today)
    if not member_ids or not months:
        return {}

    def compute() -> dict[int, int]:
        found = entries(None, year, months, member_ids=member_ids)
        kept = books_kept(None, year, member_ids=member_ids)
        return {member_id: len(months) for member_id, months in unpaid(found, kept, year).items()}

    return kept_figures("unpaid_dues_months", (tuple(member_ids), year, tuple(months)), compute)


# --- the cell's month and year -------------------------------------------------------------------------


@dataclass
class Line:
    member: Member
    entry: Entry

    @property
    def category_label(self) -> str:
        return rules.CATEGORIES[self.entry.due.category]


def cell_month(user: User, cell: Organization, year: int, month: int) -> dict[str, Any]:
    """Sổ thu đảng phí of a cell's month: the members on its list, what each owes and paid."""
    authorize(user, cell, personal=True)
    check_year(year)
    check_month(month)
    found = entries([cell.pk], year, [month])
    members = Member.objects.in_bulk([e.member_id for e in found])
    bases = _bases({e.member_id for e in found}, month_start(year, month))
    s = dues_settings()
    lines = sorted(
        (Line(members[e.member_id], e) for e in found),
        key=lambda line: (line.member.sort_key, line.member.pk),
    )
    incomes = {
        line.member.pk: basis_on(bases.get(line.member.pk, []), month_start(year, month), s)[1]
        for line in lines
    }
    key = rules.regime(year, month, s)
    return {
        "cell": cell,
        "year": year,
        "month": month,
        "regime": key,
        "regime_name": rules.REGIMES[key],
        "lines": lines,
        "incomes": incomes,
        "due": sum(e.due.amount for e in found),
        "paid": sum(e.paid for e in found),
        "arrears": sum(e.arrears for e in found),
        "paid_count": sum(1 for e in found if e.paid),
        "rates": rate_table(s, key),
        "withdrawn": list(  # the payments withdrawn or corrected, kept as history (counted nowhere)
            DuesPayment.objects.filter(
                organization=cell, month=month_start(year, month), withdrawn_at__isnull=False
            )
            .select_related("member", "replaced_by")
            .order_by("withdrawn_at", "pk")
        ),
    }


def rate_table(s: rules.DuesSettings, key: str) -> list[dict[str, Any]]:
    return [
        {"category": label, "rate": s.rates[key][cat].describe(), "confirmed": s.rates[key][cat].confirmed}
        for cat, label in rules.CATEGORIES.items()
    ]


def cell_year(user: User, cell: Organization, year: int, today: date) -> dict[str, Any]:
    """Sổ thu đảng phí of a cell's year: a row per member, a column per month (the months due)."""
    authorize(user, cell, personal=True)
    check_year(year)
    months = months_due(year, today)
    found = entries([cell.pk], year, months) if months else []
    kept = books_kept([cell.pk], year)
    grounds = unpaid(found, kept, year)
    members = Member.objects.in_bulk({e.member_id for e in found})
    rows: dict[int, dict[str, Any]] = {}
    for e in found:
        row = rows.setdefault(
            e.member_id,
            {"member": members[e.member_id], "months": {}, "due": 0, "paid": 0, "arrears": 0, "ground": None},
        )
        row["months"][e.month] = e
        row["due"] += e.due.amount
        row["paid"] += e.paid
        row["arrears"] += e.arrears
    for member_id, row in rows.items():
        row["cells"] = [row["months"].get(m) for m in months]
        row["ground"] = rules.removal_ground(grounds.get(member_id, ()), year)
    ordered = sorted(rows.values(), key=lambda r: (r["member"].sort_key, r["member"].pk))
    totals = {
        m: {
            "due": sum(e.due.amount for e in found if e.month == m),
            "paid": sum(e.paid for e in found if e.month == m),
        }
        for m in months
    }
    return {
        "cell": cell,
        "year": year,
        "months": months,
        "rows": ordered,
        "totals": [totals[m] for m in months],
        "due": sum(r["due"] for r in ordered),
        "paid": sum(r["paid"] for r in ordered),
        "arrears": sum(r["arrears"] for r in ordered),
    }


# --- the report of a level ---------------------------------------------------------------------------


@dataclass
class Node:
    """An organization's figures in the report: its own (a cell's) plus its children's."""

    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    due: int = 0
    paid: int = 0
    arrears: int = 0
    members: int = 0  # member-months on the lists
    received: int = 0
    kept: int = 0
    sent_up: int = 0
    children: list[Node] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "due": self.due,
            "paid": self.paid,
            "arrears": self.arrears,
            "kept": self.kept,
            "sent_up": self.sent_up,
            "children": [c.as_dict() for c in self.children],
        }


def _period_orgs(organization: Organization, year: int) -> list[Organization]:
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    return list(
        Organization.objects.filter(path__under=organization.path, established_on__lt=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=start))
        .only("id", "code", "name", "kind", "parent_id", "path")
        .order_by("path")
    )


def _level_figures(
    cell_ids: list[int], year: int, months: list[int], *, grounds: bool
) -> tuple[dict[int, tuple[int, int, int]], list[tuple[int, tuple[int, ...], int]]]:
    """For each cell (due, arrears, member-months) over the months, and, with `grounds`, the members
    with UNPAID_MONTHS_GROUND months unpaid without reason or more: (member id, months, cell id)."""
    found = entries(cell_ids, year, months) if months and cell_ids else []
    per_cell: dict[int, tuple[int, int, int]] = {}
    for e in found:
        due, arrears, members = per_cell.get(e.cell_id, (0, 0, 0))
        per_cell[e.cell_id] = (due + e.due.amount, arrears + e.arrears, members + 1)
    if not grounds:
        return per_cell, []
    kept_books = books_kept(cell_ids, year) if cell_ids else set()
    cell_of = {e.member_id: e.cell_id for e in found}
    listed = [
        (member_id, months_unpaid, cell_of[member_id])
        for member_id, months_unpaid in unpaid(found, kept_books, year).items()
        if len(months_unpaid) >= rules.UNPAID_MONTHS_GROUND
    ]
    return per_cell, listed


def level_report(
    user: User, organization: Organization, year: int, month: int | None, today: date
) -> dict[str, Any]:
    """Báo cáo thu, nộp đảng phí of a level: due, paid and arrears of each organization of the
    subtree, each the sum of its children's, with what each level keeps and sends up (settings); the
    members with 3 unpaid months or more named only where the user sees personal data."""
    authorize(user, organization)
    check_year(year)
    months = [check_month(month)] if month is not None else months_due(year, today)
    s = dues_settings()
    # the figures, the same for every user (kept while the records do not change); the members
    # named where the user sees personal data, after
    root, listed, people, cell_names, cell_paths = kept_figures(
        "dues_level_report",
        (organization.pk, year, tuple(months), month is None, s),
        lambda: _level_tree(organization, year, months, s, grounds=month is None),
    )
    personal_paths = scope_paths(user, personal=True)
    named: list[dict[str, Any]] = [
        {
            "member": people[m],
            "cell": cell_names[m],
            "months": list(months_unpaid),
            "message": rules.removal_ground(months_unpaid, year),
        }
        for m, months_unpaid in listed
        if m in people
        and (personal_paths is None or any(cell_paths[m].startswith(p) for p in personal_paths))
    ]
    named.sort(key=lambda r: (r["member"].sort_key, r["member"].pk))
    return {
        "organization": organization,
        "year": year,
        "month": month,
        "months": months,
        "root": root,
        "unpaid": named,
        "unpaid_hidden": len(listed) - len(named),
        "settings": s,
        "regimes": list(dict.fromkeys(rules.regime(year, m, s) for m in months)),  # in the months' order
    }


def _level_tree(
    organization: Organization, year: int, months: list[int], s: rules.DuesSettings, *, grounds: bool
) -> tuple[Node, list[tuple[int, tuple[int, ...]]], dict[int, Member], dict[int, str], dict[int, str]]:
    """level_report's figures: the root node of the subtree's tree, the members with unpaid months
    (member id, months), those members, the name and the path of each one's cell."""
    orgs = _period_orgs(organization, year)
    nodes = {o.pk: Node(o.pk, o.code, o.name, o.kind, o.parent_id) for o in orgs}
    cell_ids = [o.pk for o in orgs if o.kind in CELL_KINDS]
    per_cell, listed_in = _level_figures(cell_ids, year, months, grounds=grounds)
    for cell_id, (due, arrears, members) in per_cell.items():
        node = nodes[cell_id]
        node.due += due
        node.arrears += arrears
        node.members += members
    paid_rows = (
        DuesPayment.objects.in_force()
        .filter(organization_id__in=cell_ids, month__in=[month_start(year, m) for m in months])
        .values("organization_id")
        .annotate(total=Sum("amount"))
    )
    for row in paid_rows:
        nodes[row["organization_id"]].paid += row["total"] or 0
    root = nodes[organization.pk]
    for o in orgs:  # children in the order of the paths
        if o.pk != organization.pk and o.parent_id in nodes:
            nodes[o.parent_id].children.append(nodes[o.pk])
    _roll_up(root, s)
    paths = {o.pk: o.path for o in orgs}
    listed = [(member_id, months_unpaid) for member_id, months_unpaid, _ in listed_in]
    people = Member.objects.in_bulk([member_id for member_id, _ in listed])
    cell_names = {member_id: nodes[cell_id].name for member_id, _, cell_id in listed_in}
    cell_paths = {member_id: paths[cell_id] for member_id, _, cell_id in listed_in}
    return root, listed, people, cell_names, cell_paths


def _roll_up(node: Node, s: rules.DuesSettings) -> None:
    for child in node.children:
        _roll_up(child, s)
        node.due += child.due
        node.paid += child.paid
        node.arrears += child.arrears
        node.members += child.members
    received = (
        node.paid if node.kind in CELL_KINDS and not node.children else sum(c.sent_up for c in node.children)
    )
    share = rules.split(received, rules.level_of(node.kind), s)
    node.received, node.kept, node.sent_up = share.received, share.kept, share.sent_up


def report_json(report: dict[str, Any]) -> dict[str, Any]:
    organization = report["organization"]
    return {
        "organization": {"code": organization.code, "name": organization.name},
        "year": report["year"],
        "month": report["month"],
        "months": report["months"],
        "regimes": [rules.REGIMES[k] for k in report["regimes"]],
        **report["root"].as_dict(),
    }
