"""Reads of personnel planning, always through the user's scope: the plan of an organization for a
term (positions × candidates, with the rules' flags and the pool's structure), the year's figures
and the paragraph for the year's report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q

from dangbo.accounts.scope import READ_ONLY, authorize, path_filter, path_in_scope
from dangbo.core.exceptions import NotFound, PermissionDenied
from dangbo.core.text import format_date, format_number, format_percent
from dangbo.organizations.models import Organization
from dangbo.planning import rules
from dangbo.planning.models import Candidacy, PlannedPosition, PlanningTerm, PlanReview, Rotation
from dangbo.planning.services import due_removals, parse_term, people_facts, planning_settings, term_facts

if TYPE_CHECKING:
    from dangbo.accounts.models import User


def term_from_slug(slug: str) -> PlanningTerm:
    """The stored term, or an unsaved one (a plan not started yet)."""
    start, end = parse_term(slug)
    return PlanningTerm.objects.filter(start_year=start, end_year=end).first() or PlanningTerm(
        start_year=start, end_year=end
    )


def plans_in_scope(user: User) -> list[tuple[Organization, PlanningTerm, int]]:
    """(organization, term, number of positions) of every plan the user may see (the cadres planned
    are personal data: not through a viewer's role)."""
    positions = (
        PlannedPosition.objects.filter(path_filter(user, "organization__path", personal=True))
        .select_related("organization", "term")
        .order_by("organization__path", "term__start_year")
    )
    counts: Counter[tuple[int, int]] = Counter()
    seen: dict[tuple[int, int], tuple[Organization, PlanningTerm]] = {}
    for position in positions:
        key = (position.organization_id, position.term_id)
        counts[key] += 1
        seen.setdefault(key, (position.organization, position.term))
    return [(org, term, counts[key]) for key, (org, term) in seen.items()]


@dataclass
class CandidateRow:
    candidacy: Candidacy
    age: int
    young: bool
    retires: date
    flags: list[rules.Violation]
    rotations: list[Rotation] = field(default_factory=list)


@dataclass
class PositionRow:
    position: PlannedPosition
    candidates: list[CandidateRow]

    @property
    def limit(self) -> int:
        return 3 * self.position.seats


@dataclass
class Plan:
    organization: Organization
    term: PlanningTerm
    day: date
    regulation: rules.Regulation
    rows: list[PositionRow]
    structure: rules.Structure
    removed: list[Candidacy]
    reviews: list[PlanReview]
    settings: rules.PlanningSettings

    @property
    def flagged(self) -> int:
        return sum(1 for row in self.rows for c in row.candidates if c.flags)


def _active_on(day: date) -> Q:
    return Q(added_on__lte=day) & (Q(removed_on__isnull=True) | Q(removed_on__gt=day))


def plan_for(user: User, organization: Organization, term: PlanningTerm, *, day: date) -> Plan:
    """The plan as of `day`: each position with its candidates (flags: why one must leave the plan),
    the pool's structure (distinct people) against the targets, the removed and the yearly reviews.
    It names the cadres planned: personal data (PersonalDataDenied through a viewer's role only)."""
    authorize(user, organization, personal=True)
    settings = planning_settings()
    regulation = rules.regulation_for(day, settings)
    positions = (
        list(PlannedPosition.objects.filter(organization=organization, term=term).order_by("order", "pk"))
        if term.pk
        else []
    )
    candidacies = list(
        Candidacy.objects.filter(position__in=positions)
        .filter(_active_on(day))
        .select_related("member", "member__organization", "position")
        .order_by("added_on", "pk")
    )
    rotations: dict[int, list[Rotation]] = {}
    for rotation in Rotation.objects.filter(candidacy__in=candidacies).select_related("to_organization"):
        rotations.setdefault(rotation.candidacy_id, []).append(rotation)
    facts = term_facts(term)
    by_position: dict[int, list[CandidateRow]] = {p.pk: [] for p in positions}
    people = people_facts(list({c.member_id: c.member for c in candidacies}.values()))
    for candidacy in candidacies:
        person = people[candidacy.member_id]
        by_position[candidacy.position_id].append(
            CandidateRow(
                candidacy=candidacy,
                age=rules.age_on(person.birth_date, facts.starts_on),
                young=rules.is_young(person, facts, settings),
                retires=rules.retirement_date(person.birth_date, person.sex, settings),
                flags=due_removals(candidacy, day, person),
                rotations=rotations.get(candidacy.pk, []),
            )
        )
    structure = rules.pool_structure(
        list(people.values()), term=facts, regulation=regulation, settings=settings
    )
    removed = list(
        Candidacy.objects.filter(position__in=positions, removed_on__isnull=False, removed_on__lte=day)
        .select_related("member", "position")
        .order_by("removed_on", "pk")
    )
    reviews = (
        list(PlanReview.objects.filter(organization=organization, term=term).order_by("year"))
        if term.pk
        else []
    )
    return Plan(
        organization=organization,
        term=term,
        day=day,
        regulation=regulation,
        rows=[PositionRow(p, by_position[p.pk]) for p in positions],
        structure=structure,
        removed=removed,
        reviews=reviews,
        settings=settings,
    )


def reviews_of(user: User, organization: Organization, term: PlanningTerm) -> list[PlanReview]:
    authorize(user, organization, personal=True)
    return list(PlanReview.objects.filter(organization=organization, term=term).order_by("year"))


def _writable(user: User, organization: Organization) -> None:
    if not path_in_scope(user, organization.path):
        raise NotFound("Không tìm thấy.")
    if not path_in_scope(user, organization.path, write=True):
        raise PermissionDenied(READ_ONLY)


def position_for_update(user: User, position_id: int) -> PlannedPosition:
    """NotFound outside the user's scope (404), PermissionDenied for a read-only role (403)."""
    position = PlannedPosition.objects.select_related("organization", "term").filter(pk=position_id).first()
    if position is None:
        raise NotFound("Không tìm thấy chức danh quy hoạch.")
    _writable(user, position.organization)
    return position


def candidacy_for_update(user: User, candidacy_id: int) -> Candidacy:
    candidacy = (
        Candidacy.objects.select_related("position__organization", "position__term", "member")
        .filter(pk=candidacy_id)
        .first()
    )
    if candidacy is None:
        raise NotFound("Không tìm thấy cán bộ trong quy hoạch.")
    _writable(user, candidacy.position.organization)
    return candidacy


# --- the year's figures and paragraph ----------------------------------------------------------------


def _in_year(name: str, year: int) -> Q:
    return Q(**{f"{name}__gte": date(year, 1, 1), f"{name}__lte": date(year, 12, 31)})


def year_figures(user: User, organization: Organization, term: PlanningTerm, year: int) -> dict:
    """The year's review of the plan as plain data (for JSON, text and the report's paragraph)."""
    day = date(year, 12, 31)
    plan = plan_for(user, organization, term, day=day)
    all_candidacies = Candidacy.objects.filter(position__organization=organization, position__term=term)
    added = list(all_candidacies.filter(_in_year("added_on", year)).values_list("member_id", flat=True))
    removed_rows = list(
        all_candidacies.filter(_in_year("removed_on", year)).values_list("member_id", "removal_kind")
    )
    rotated = (
        Rotation.objects.filter(candidacy__in=all_candidacies)
        .filter(_in_year("starts_on", year))
        .values_list("candidacy__member_id", "kind")
    )
    review = next((r for r in plan.reviews if r.year == year), None)
    structure = plan.structure
    return {
        "organization": {"code": organization.code, "name": organization.name},
        "term": term.label,
        "year": year,
        "as_of": day.isoformat(),
        "regulation": plan.regulation.cite,
        "review": (
            {"reviewed_on": review.reviewed_on.isoformat(), "decision_number": review.decision_number}
            if review
            else None
        ),
        "positions": [
            {
                "title": row.position.title,
                "seats": row.position.seats,
                "candidates": [c.candidacy.member.full_name for c in row.candidates],
            }
            for row in plan.rows
        ],
        "added": len(set(added)),
        "removed": len({m for m, _ in removed_rows}),
        "removed_by_reason": dict(Counter(str(Candidacy.Removal(k).label) for _, k in removed_rows if k)),
        "rotated": len({m for m, k in rotated if k == Rotation.Kind.ROTATION}),
        "transferred": len({m for m, k in rotated if k == Rotation.Kind.TRANSFER}),
        "structure": {
            "total": structure.total,
            "young": structure.young,
            "women": structure.women,
            "minorities": structure.minorities,
            "young_percent": format_percent(structure.young, structure.total),
            "women_percent": format_percent(structure.women, structure.total),
            "minorities_percent": format_percent(structure.minorities, structure.total),
            "young_age_limit": plan.settings.young_age_limit,
        },
        "warnings": [w.message for w in structure.warnings],
        "flagged": [
            {
                "name": c.candidacy.member.full_name,
                "position": row.position.title,
                "reasons": [f.message for f in c.flags],
            }
            for row in plan.rows
            for c in row.candidates
            if c.flags
        ],
        "paragraph": "",
    }


def paragraph(figures: dict) -> str:
    """The year's paragraph in the manner of the report ("rà soát, bổ sung quy hoạch cấp ủy và cán bộ
    lãnh đạo, quản lý ... nhiệm kỳ 2020 - 2025 ...")."""
    n = format_number
    s = figures["structure"]
    name = figures["organization"]["name"]
    text = (
        f"Năm {figures['year']}, {name} thực hiện rà soát, bổ sung quy hoạch cấp ủy và cán bộ lãnh đạo, quản lý "
        f"nhiệm kỳ {figures['term']}"
    )
    if figures["review"] and figures["review"]["decision_number"]:
        text += f" (Quyết định số {figures['review']['decision_number']})"
    text += f": bổ sung {n(figures['added'])} đồng chí"
    removed = figures["removed"]
    if removed:
        reasons = ", ".join(f"{n(v)} {k.lower()}" for k, v in sorted(figures["removed_by_reason"].items()))
        text += f", đưa ra khỏi quy hoạch {n(removed)} đồng chí ({reasons})"
    else:
        text += ", không có đồng chí nào phải đưa ra khỏi quy hoạch"
    positions = len(figures["positions"])
    day = format_date(date.fromisoformat(figures["as_of"]))
    text += f". Đến ngày {day}, quy hoạch có {n(s['total'])} đồng chí cho {n(positions)} chức danh"
    if s["total"]:
        text += (
            f", trong đó cán bộ trẻ (dưới {s['young_age_limit']} tuổi) {n(s['young'])} đồng chí, tỷ lệ "
            f"{s['young_percent']}; cán bộ nữ {n(s['women'])} đồng chí, tỷ lệ {s['women_percent']}; "
            f"cán bộ người dân tộc thiểu số {n(s['minorities'])} đồng chí, tỷ lệ {s['minorities_percent']}"
        )
    text += "."
    moved = []
    if figures["rotated"]:
        moved.append(f"luân chuyển {n(figures['rotated'])} đồng chí")
    if figures["transferred"]:
        moved.append(f"điều động {n(figures['transferred'])} đồng chí")
    if moved:
        text += f" Thực hiện quy trình {' và '.join(moved)} sau quy hoạch."
    for warning in figures["warnings"]:
        text += f" Lưu ý: {warning}"
    return text


def year_report(user: User, organization: Organization, term: PlanningTerm, year: int) -> dict:
    figures = year_figures(user, organization, term, year)
    figures["paragraph"] = paragraph(figures)
    return figures
