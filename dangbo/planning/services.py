"""Every write of personnel planning: terms, positions, candidacies (add, remove), the yearly review,
rotations. One transaction each, with its audit entry.

Adding a candidate runs the rules (dangbo.planning.rules): a violation refuses it with the rule's
Vietnamese message on the member field and nothing is written. The pool's structure targets (young,
women) are reported on the plan, never blocking. The yearly review takes out of the plan, with the
rule's reason, every candidate who must leave it (discipline, age limit, off the books).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q

from dangbo.accounts.scope import authorize
from dangbo.audit.services import audit_record, snapshot
from dangbo.core.exceptions import ApplicationError, RuleViolation
from dangbo.core.text import nfc
from dangbo.members.models import Member, MemberEvent
from dangbo.organizations.models import Organization
from dangbo.planning import rules
from dangbo.planning.models import Candidacy, PlannedPosition, PlanningTerm, PlanReview, Rotation

if TYPE_CHECKING:
    from dangbo.accounts.models import User

TERM_YEARS = 5


def planning_settings() -> rules.PlanningSettings:
    """The planning settings in force (settings.DANGBO_PLANNING: the unconfirmed figures)."""
    from django.conf import settings

    return rules.PlanningSettings(**settings.DANGBO_PLANNING)


def regulation(day: date, *, field: str = "added_on") -> rules.Regulation:
    try:
        return rules.regulation_for(day, planning_settings())
    except rules.UnknownRegulation as error:
        raise RuleViolation(str(error), field=field) from None


def parse_term(text: str) -> tuple[int, int]:
    """ "2020-2025" or "2020 - 2025" → (2020, 2025)."""
    parts = [p.strip() for p in str(text).replace("–", "-").split("-")]
    if len(parts) == 2 and all(p.isdigit() and len(p) == 4 for p in parts):
        start, end = int(parts[0]), int(parts[1])
        if 1930 <= start < end <= start + 10:
            return start, end
    raise ApplicationError(f"Nhiệm kỳ “{text}” không hợp lệ; hãy ghi dạng 2020-2025.", field="term")


def term_facts(term: PlanningTerm) -> rules.TermFacts:
    return rules.TermFacts(term.start_year, term.end_year)


def people_facts(members: list[Member]) -> dict[int, rules.PersonFacts]:
    """The members' facts for the rules, by id; discipline from the lifecycle's events (details.form),
    in one query."""
    disciplines: dict[int, list[rules.Discipline]] = {m.pk: [] for m in members}
    events = MemberEvent.objects.filter(member__in=[m.pk for m in members], kind=MemberEvent.Kind.DISCIPLINE)
    for member_id, effective_on, details in events.order_by("effective_on", "pk").values_list(
        "member_id", "effective_on", "details"
    ):
        disciplines[member_id].append(
            rules.Discipline(on=effective_on, form=str((details or {}).get("form", "")))
        )
    return {
        m.pk: rules.PersonFacts(
            name=m.full_name,
            birth_date=m.birth_date,
            sex=m.sex,
            ethnicity=m.ethnicity,
            status=m.status,
            disciplines=tuple(disciplines[m.pk]),
        )
        for m in members
    }


def person_facts(member: Member) -> rules.PersonFacts:
    return people_facts([member])[member.pk]


@transaction.atomic
def term_get_or_create(*, actor: User, start_year: int, end_year: int | None = None) -> PlanningTerm:
    end = end_year or start_year + TERM_YEARS
    term = PlanningTerm.objects.filter(start_year=start_year, end_year=end).first()
    if term is None:
        term = PlanningTerm.objects.create(start_year=start_year, end_year=end)
        audit_record(actor=actor, action="planning.term_create", target=term, after=snapshot(term))
    return term


@transaction.atomic
def position_create(
    *,
    actor: User,
    organization: Organization,
    term: PlanningTerm,
    kind: str,
    title: str = "",
    seats: int = 1,
) -> PlannedPosition:
    """Add a position (chức danh quy hoạch) to an organization's plan for a term."""
    authorize(actor, organization, write=True)
    if kind not in PlannedPosition.Kind.values:
        raise ApplicationError("Phải chọn loại chức danh.", field="kind")
    title = nfc(title.strip()) or PlannedPosition.Kind(kind).label
    if seats < 1:
        raise ApplicationError("Số vị trí phải từ 1 trở lên.", field="seats")
    if term.pk is None:
        term = term_get_or_create(actor=actor, start_year=term.start_year, end_year=term.end_year)
    if PlannedPosition.objects.filter(organization=organization, term=term, title=title).exists():
        raise ApplicationError(f"Quy hoạch nhiệm kỳ {term.label} đã có chức danh “{title}”.", field="title")
    order = PlannedPosition.objects.filter(organization=organization, term=term).count()
    position = PlannedPosition.objects.create(
        organization=organization, term=term, kind=kind, title=title, seats=seats, order=order
    )
    audit_record(
        actor=actor,
        action="planning.position_create",
        target=position,
        label=f"{organization.name}: {title} ({term.label})",
        after=snapshot(position),
        scope_path=organization.path,
    )
    return position


MEMBER_NOT_FOUND = "Không tìm thấy đảng viên này trong phạm vi của bạn."


def candidacy_violations(
    *, position: PlannedPosition, member: Member, day: date, settings: rules.PlanningSettings | None = None
) -> list[rules.Violation]:
    """The rules' verdict on planning `member` for `position` on `day` (empty: eligible)."""
    settings = settings or planning_settings()
    term = position.term
    active = Candidacy.objects.filter(removed_on__isnull=True)
    other_same_level = (
        active.filter(
            member=member,
            position__term=term,
            position__organization__kind=position.organization.kind,
        )
        .exclude(position=position)
        .values("position")
        .distinct()
        .count()
    )
    first = not Candidacy.objects.filter(member=member, added_on__lt=day).exists()
    return rules.candidate_violations(
        person_facts(member),
        position=rules.PositionFacts(
            title=position.title, seats=position.seats, planned=active.filter(position=position).count()
        ),
        term=term_facts(term),
        day=day,
        regulation=rules.regulation_for(day, settings),
        first_planning=first,
        other_positions_same_level=other_same_level,
        already_planned=active.filter(position=position, member=member).exists(),
        settings=settings,
    )


@transaction.atomic
def candidacy_add(
    *,
    actor: User,
    position: PlannedPosition,
    member: Member,
    added_on: date,
    decision_number: str = "",
    note: str = "",
) -> Candidacy:
    """Plan `member` for `position` (bổ sung quy hoạch). Refused, nothing written, on any rule."""
    authorize(actor, position.organization, write=True)
    authorize(actor, member.organization, personal=True, refusal=MEMBER_NOT_FOUND, field="member")
    # one at a time per position (3 per position) and per member (3 positions per person)
    position = (
        PlannedPosition.objects.select_for_update().select_related("term", "organization").get(pk=position.pk)
    )
    member = Member.objects.select_for_update().get(pk=member.pk)
    term = position.term
    if added_on > date(term.end_year, 12, 31):
        raise ApplicationError(
            f"Ngày bổ sung {added_on:%d/%m/%Y} đã sau nhiệm kỳ {term.label}.", field="added_on"
        )
    regulation(added_on)  # a day with no regulation is refused on the date field
    violations = candidacy_violations(position=position, member=member, day=added_on)
    if violations:
        raise RuleViolation(" ".join(v.message for v in violations), field="member")
    candidacy = Candidacy.objects.create(
        position=position,
        member=member,
        added_on=added_on,
        decision_number=nfc(decision_number.strip()),
        first_planning=not Candidacy.objects.filter(member=member, added_on__lt=added_on).exists(),
        note=nfc(note.strip()),
        recorded_by=actor if actor.pk else None,
    )
    audit_record(
        actor=actor,
        action="planning.candidacy_add",
        target=candidacy,
        label=f"{member.full_name} → {position.title} ({term.label})",
        after=snapshot(
            candidacy, ("position_id", "member_id", "added_on", "decision_number", "first_planning")
        ),
        scope_path=position.organization.path,
    )
    return candidacy


@transaction.atomic
def candidacy_remove(
    *,
    actor: User,
    candidacy: Candidacy,
    removed_on: date,
    removal_kind: str,
    reason: str = "",
) -> Candidacy:
    """Take a candidate out of the plan (đưa ra khỏi quy hoạch) with the reason; the row is kept."""
    candidacy = (
        Candidacy.objects.select_for_update()
        .select_related("position__organization", "member")
        .get(pk=candidacy.pk)
    )
    authorize(actor, candidacy.position.organization, write=True)
    if candidacy.removed_on is not None:
        raise ApplicationError(
            f"Đồng chí {candidacy.member.full_name} đã được đưa ra khỏi quy hoạch ngày "
            f"{candidacy.removed_on:%d/%m/%Y}.",
            field="removed_on",
        )
    if removal_kind not in Candidacy.Removal.values:
        raise ApplicationError("Phải chọn lý do đưa ra khỏi quy hoạch.", field="removal_kind")
    reason = nfc(reason.strip())
    if not reason and removal_kind in (Candidacy.Removal.STANDARD, Candidacy.Removal.OTHER):
        raise ApplicationError("Phải ghi lý do cụ thể.", field="reason")
    if removed_on < candidacy.added_on:
        raise ApplicationError(
            f"Ngày đưa ra khỏi quy hoạch phải từ ngày bổ sung ({candidacy.added_on:%d/%m/%Y}) trở đi.",
            field="removed_on",
        )
    before = snapshot(candidacy, ("removed_on", "removal_kind", "removal_reason"))
    candidacy.removed_on = removed_on
    candidacy.removal_kind = removal_kind
    candidacy.removal_reason = reason or Candidacy.Removal(removal_kind).label
    candidacy.save(update_fields=["removed_on", "removal_kind", "removal_reason"])
    audit_record(
        actor=actor,
        action="planning.candidacy_remove",
        target=candidacy,
        label=f"{candidacy.member.full_name} → {candidacy.position.title}",
        before=before,
        after=snapshot(candidacy, ("removed_on", "removal_kind", "removal_reason")),
        scope_path=candidacy.position.organization.path,
    )
    return candidacy


REMOVAL_BY_RULE = {
    "discipline": Candidacy.Removal.DISCIPLINE,
    "age_limit": Candidacy.Removal.AGE,
    "on_books": Candidacy.Removal.OFF_BOOKS,
}


def due_removals(
    candidacy: Candidacy, day: date, person: rules.PersonFacts | None = None
) -> list[rules.Violation]:
    """Why an active candidacy must leave the plan on `day` (the rules' removal reasons)."""
    settings = planning_settings()
    return rules.removal_reasons(
        person or person_facts(candidacy.member),
        added_on=candidacy.added_on,
        day=day,
        regulation=rules.regulation_for(day, settings),
        settings=settings,
    )


@dataclass
class ReviewOutcome:
    review: PlanReview
    removed: list[Candidacy]


def _in_year(field: str, year: int) -> Q:
    return Q(**{f"{field}__gte": date(year, 1, 1), f"{field}__lte": date(year, 12, 31)})


@transaction.atomic
def plan_review_record(
    *,
    actor: User,
    organization: Organization,
    term: PlanningTerm,
    year: int,
    reviewed_on: date,
    decision_number: str = "",
    note: str = "",
) -> ReviewOutcome:
    """The yearly review (rà soát quy hoạch): takes out, with the rule's reason, every candidate who
    must leave the plan on `reviewed_on`, then records the year's figures."""
    authorize(actor, organization, write=True)
    if reviewed_on.year != year:
        raise ApplicationError(f"Ngày rà soát phải trong năm {year}.", field="reviewed_on")
    if PlanReview.objects.filter(organization=organization, term=term, year=year).exists():
        raise ApplicationError(f"Năm {year} đã có rà soát quy hoạch nhiệm kỳ {term.label}.", field="year")
    regulation(reviewed_on, field="reviewed_on")
    candidacies = Candidacy.objects.filter(
        position__organization=organization,
        position__term=term,
        removed_on__isnull=True,
        added_on__lte=reviewed_on,
    ).select_related("member", "position")
    removed = []
    for candidacy in candidacies:
        reasons = due_removals(candidacy, reviewed_on)
        if reasons:
            removed.append(
                candidacy_remove(
                    actor=actor,
                    candidacy=candidacy,
                    removed_on=reviewed_on,
                    removal_kind=REMOVAL_BY_RULE[reasons[0].rule],
                    reason=" ".join(r.message for r in reasons),
                )
            )
    in_plan = Candidacy.objects.filter(position__organization=organization, position__term=term)
    review = PlanReview.objects.create(
        organization=organization,
        term=term,
        year=year,
        reviewed_on=reviewed_on,
        decision_number=nfc(decision_number.strip()),
        note=nfc(note.strip()),
        added=in_plan.filter(_in_year("added_on", year)).count(),
        removed=in_plan.filter(_in_year("removed_on", year)).count(),
        planned=in_plan.filter(added_on__lte=reviewed_on)
        .filter(Q(removed_on__isnull=True) | Q(removed_on__gt=reviewed_on))
        .values("member")
        .distinct()
        .count(),
        recorded_by=actor if actor.pk else None,
    )
    audit_record(
        actor=actor,
        action="planning.review_record",
        target=review,
        label=f"{organization.name}: rà soát quy hoạch {term.label} năm {year}",
        after=snapshot(review, ("year", "reviewed_on", "decision_number", "added", "removed", "planned")),
        scope_path=organization.path,
    )
    return ReviewOutcome(review=review, removed=removed)


@transaction.atomic
def rotation_record(
    *,
    actor: User,
    candidacy: Candidacy,
    kind: str,
    to_post: str,
    starts_on: date,
    decision_number: str,
    to_organization: Organization | None = None,
    ends_on: date | None = None,
    note: str = "",
) -> Rotation:
    """Record the rotation (luân chuyển) or transfer (điều động) of a planned cadre."""
    candidacy = Candidacy.objects.select_related("position__organization", "member").get(pk=candidacy.pk)
    authorize(actor, candidacy.position.organization, write=True)
    if kind not in Rotation.Kind.values:
        raise ApplicationError("Phải chọn hình thức luân chuyển hoặc điều động.", field="kind")
    if candidacy.removed_on is not None and candidacy.removed_on < starts_on:
        raise ApplicationError(
            f"Đồng chí {candidacy.member.full_name} đã ra khỏi quy hoạch ngày {candidacy.removed_on:%d/%m/%Y}.",
            field="starts_on",
        )
    if starts_on < candidacy.added_on:
        raise ApplicationError(
            f"Ngày bắt đầu phải từ ngày bổ sung quy hoạch ({candidacy.added_on:%d/%m/%Y}) trở đi.",
            field="starts_on",
        )
    if ends_on is not None and ends_on <= starts_on:
        raise ApplicationError("Ngày kết thúc phải sau ngày bắt đầu.", field="ends_on")
    to_post = nfc(to_post.strip())
    if not to_post:
        raise ApplicationError("Phải nhập chức vụ, nơi đến.", field="to_post")
    decision_number = nfc(decision_number.strip())
    if not decision_number:
        raise ApplicationError("Phải nhập số quyết định.", field="decision_number")
    if to_organization is not None:
        authorize(
            actor,
            to_organization,
            refusal="Không tìm thấy tổ chức nơi đến trong phạm vi của bạn.",
            field="to_organization",
        )
    rotation = Rotation.objects.create(
        candidacy=candidacy,
        kind=kind,
        to_organization=to_organization,
        to_post=to_post,
        starts_on=starts_on,
        ends_on=ends_on,
        decision_number=decision_number,
        note=nfc(note.strip()),
        recorded_by=actor if actor.pk else None,
    )
    audit_record(
        actor=actor,
        action="planning.rotation_record",
        target=rotation,
        label=f"{rotation.get_kind_display()} {candidacy.member.full_name}: {to_post}",
        after=snapshot(
            rotation, ("candidacy_id", "kind", "to_organization_id", "to_post", "starts_on", "ends_on")
        ),
        scope_path=candidacy.position.organization.path,
    )
    return rotation
