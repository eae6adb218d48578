"""Every write of the admission pipeline (phát triển đảng viên): one transaction each, with its audit
entry. Refusals raise ApplicationError (Vietnamese, naming the field) and write nothing.

Who may do what: the cell's steps (certificate … resolution) by a writer of the cell; the grassroots
proposal by a writer of the grassroots organization; the decision by the level that admits
(dangbo/members/authority.py, checked again by members.services.member_admit, which records the
admission event the targets count).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from dangbo.accounts.scope import authorize
from dangbo.admissions import rules, selectors
from dangbo.admissions.models import Candidate, CandidateStep
from dangbo.audit.services import audit_record, snapshot
from dangbo.core.dates import DateKind, DateRefused, check_date
from dangbo.core.exceptions import ApplicationError, Conflict, RuleViolation
from dangbo.core.text import TextRefused, clean_text, sort_key
from dangbo.members.models import Member, SourceGroup, Status
from dangbo.members.services import clean_profile, member_admit
from dangbo.organizations.models import Organization

if TYPE_CHECKING:
    from dangbo.accounts.models import User

PROFILE_FIELDS = (
    "full_name",
    "sex",
    "birth_date",
    "cccd",
    "ethnicity",
    "religion",
    "hometown",
    "residence",
    "education",
    "occupation",
)
CANDIDATE_FIELDS = (*PROFILE_FIELDS, "organization_id", "source_group", "listed_on", "stage", "stage_since")
PROPOSAL_REFUSAL = (
    "Việc đề nghị kết nạp thuộc đảng ủy cơ sở (hoặc chi bộ cơ sở) của {name} (Điều lệ Đảng, Điều 4); "
    "vai trò của bạn không ghi được bước này."
)


def _day(value: date | None, field: str, label: str) -> date:
    if not isinstance(value, date):
        raise ApplicationError(f"Phải nhập {label.lower()} (dd/mm/yyyy).", field=field)
    try:
        return check_date(value, kind=DateKind.DECISION, label=label)
    except DateRefused as refused:
        raise ApplicationError(refused.message, field=field) from None


def _text(value: str, field: str, label: str, *, max_length: int = 255, multiline: bool = False) -> str:
    try:
        return clean_text(str(value or ""), label=label, max_length=max_length, multiline=multiline)
    except TextRefused as refused:
        raise ApplicationError(refused.message, field=field) from None


def _locked(candidate: Candidate, expected_version: int | None = None) -> Candidate:
    """The candidate's row locked for the change; refused when admitted, closed, or changed by someone
    else since the form was opened (`expected_version`, when the caller knows it)."""
    locked = Candidate.objects.select_for_update().select_related("organization").get(pk=candidate.pk)
    if locked.member_id is not None:
        raise ApplicationError("Quần chúng này đã được kết nạp; hồ sơ không ghi thêm được.", field="kind")
    if locked.closed_on is not None:
        raise ApplicationError("Quần chúng này đã thôi xem xét kết nạp.", field="kind")
    if expected_version is not None and expected_version != locked.version:
        raise ApplicationError(
            "Hồ sơ đã được người khác cập nhật sau khi bạn mở; hãy tải lại trang và thực hiện lại.",
            field="version",
        )
    return locked


def _save_audited(
    candidate: Candidate,
    *,
    actor: User,
    action: str,
    after: dict[str, Any],
    before: dict[str, Any] | None = None,
    label: str = "",
) -> None:
    """The tail of every change of a candidate: a new version, the row saved, its audit entry."""
    candidate.version += 1
    candidate.save()
    audit_record(
        actor=actor,
        action=action,
        target=candidate,
        label=label or candidate.full_name,
        before=before,
        after=after,
        scope_path=candidate.organization.path,
    )


def _restage(candidate: Candidate) -> None:
    done = selectors.done_on(selectors.steps_of(candidate))
    candidate.stage = rules.stage(done)
    candidate.stage_since = rules.stage_since(candidate.listed_on, done)


@transaction.atomic
def candidate_add(
    *,
    actor: User,
    cell: Organization,
    profile: dict[str, Any],
    listed_on: date,
    source_group: str = SourceGroup.OTHER,
    resolution_planned_on: date | None = None,
) -> Candidate:
    """Đưa quần chúng ưu tú vào danh sách phát triển đảng viên của chi bộ."""
    authorize(actor, cell, write=True)
    if not cell.is_cell or cell.ended_on is not None:
        raise ApplicationError(f"{cell.name} không phải là chi bộ đang hoạt động.", field="cell")
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise ApplicationError(
            f"Trường “{sorted(unknown)[0]}” không có trong hồ sơ quần chúng.", field="profile"
        )
    cleaned = clean_profile(profile)  # the member record's own checks: name, sex, birth date, CCCD
    if (
        cleaned.get("cccd")
        and Candidate.objects.filter(cccd=cleaned["cccd"], closed_on__isnull=True).exists()
    ):
        raise Conflict(f"Số CCCD {cleaned['cccd']} đã có trong danh sách quần chúng ưu tú.", field="cccd")
    listed_on = _day(listed_on, "listed_on", "Ngày đưa vào danh sách")
    if resolution_planned_on is not None:
        resolution_planned_on = _day(
            resolution_planned_on, "resolution_planned_on", "Ngày dự kiến chi bộ xét"
        )
    if source_group not in SourceGroup.values:
        raise ApplicationError("Nguồn kết nạp không hợp lệ.", field="source_group")
    candidate = Candidate(
        **cleaned,
        organization=cell,
        source_group=source_group,
        listed_on=listed_on,
        resolution_planned_on=resolution_planned_on,
        stage=rules.COURSE,
        stage_since=listed_on,
        sort_key=sort_key(cleaned["full_name"]),
        recorded_by=actor if actor.pk else None,
    )
    candidate.save()
    audit_record(
        actor=actor,
        action="admission.candidate_add",
        target=candidate,
        label=candidate.full_name,
        after=snapshot(candidate, CANDIDATE_FIELDS),
        scope_path=cell.path,
    )
    return candidate


@transaction.atomic
def candidate_update(
    *,
    actor: User,
    candidate: Candidate,
    profile: dict[str, Any],
    source_group: str,
    expected_version: int | None = None,
) -> Candidate:
    """Sửa thông tin quần chúng (before the admission; the member record is corrected on its own page after)."""
    authorize(actor, candidate.organization, write=True)
    candidate = _locked(candidate, expected_version)
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise ApplicationError(
            f"Trường “{sorted(unknown)[0]}” không có trong hồ sơ quần chúng.", field="profile"
        )
    cleaned = clean_profile(
        {
            "full_name": candidate.full_name,
            "sex": candidate.sex,
            "birth_date": candidate.birth_date,
            **profile,
        }
    )
    cccd = cleaned.get("cccd")
    if cccd and Candidate.objects.filter(cccd=cccd, closed_on__isnull=True).exclude(pk=candidate.pk).exists():
        raise Conflict(f"Số CCCD {cccd} đã có trong danh sách quần chúng ưu tú.", field="cccd")
    if source_group not in SourceGroup.values:
        raise ApplicationError("Nguồn kết nạp không hợp lệ.", field="source_group")
    before = snapshot(candidate, CANDIDATE_FIELDS)
    for key, value in cleaned.items():
        setattr(candidate, key, value)
    candidate.source_group = source_group
    candidate.sort_key = sort_key(candidate.full_name)
    _save_audited(
        candidate,
        actor=actor,
        action="admission.candidate_update",
        before=before,
        after=snapshot(candidate, CANDIDATE_FIELDS),
    )
    return candidate


@transaction.atomic
def candidate_plan(
    *,
    actor: User,
    candidate: Candidate,
    resolution_planned_on: date | None,
    expected_version: int | None = None,
) -> Candidate:
    """Dự kiến ngày chi bộ họp xét kết nạp (empty: not planned)."""
    authorize(actor, candidate.organization, write=True)
    candidate = _locked(candidate, expected_version)
    if resolution_planned_on is not None:
        resolution_planned_on = _day(
            resolution_planned_on, "resolution_planned_on", "Ngày dự kiến chi bộ xét"
        )
    before = snapshot(candidate, ("resolution_planned_on",))
    candidate.resolution_planned_on = resolution_planned_on
    _save_audited(
        candidate,
        actor=actor,
        action="admission.candidate_plan",
        before=before,
        after=snapshot(candidate, ("resolution_planned_on",)),
    )
    return candidate


@transaction.atomic
def candidate_close(
    *,
    actor: User,
    candidate: Candidate,
    closed_on: date,
    reason: str,
    expected_version: int | None = None,
) -> Candidate:
    """Thôi xem xét kết nạp: the candidate stays in the history with the day and the reason."""
    authorize(actor, candidate.organization, write=True)
    candidate = _locked(candidate, expected_version)
    closed_on = _day(closed_on, "closed_on", "Ngày thôi xem xét")
    if closed_on < candidate.listed_on:
        raise ApplicationError(
            "Ngày thôi xem xét không được trước ngày đưa vào danh sách.", field="closed_on"
        )
    reason = _text(reason, "reason", "Lý do", max_length=2000, multiline=True)
    if not reason:
        raise ApplicationError("Phải nhập lý do thôi xem xét.", field="reason")
    candidate.closed_on = closed_on
    candidate.closed_reason = reason
    _save_audited(
        candidate,
        actor=actor,
        action="admission.candidate_close",
        after={"closed_on": closed_on, "closed_reason": reason},
    )
    return candidate


@dataclass(frozen=True)
class SponsorChoice:
    member: Member
    months_together: int


def _check_step(candidate: Candidate, kind: str, day: date) -> dict[str, CandidateStep]:
    steps = selectors.steps_of(candidate)
    done = selectors.done_on(steps)
    problems = rules.step_violations(kind, done)
    if problems:
        raise RuleViolation(" ".join(problems), field="kind")
    problems = rules.step_date_violations(kind, day, done)
    if problems:
        raise RuleViolation(" ".join(problems), field="done_on")
    return steps


@transaction.atomic
def candidate_step_record(
    *,
    actor: User,
    candidate: Candidate,
    kind: str,
    done_on: date,
    reference: str = "",
    note: str = "",
    sponsors: Sequence[SponsorChoice] = (),
    in_favour: int | None = None,
) -> CandidateStep:
    """Ghi nhận một bước của hồ sơ (every step but the decision, which is candidate_admit)."""
    cell = candidate.organization
    authorize(actor, cell, write=True)
    if kind == rules.PROPOSAL:
        grassroots = selectors.grassroots_organization(cell)
        authorize(
            actor, grassroots, write=True, refusal=PROPOSAL_REFUSAL.format(name=cell.name), field="kind"
        )
    if kind not in rules.STEPS or kind == rules.DECISION:
        raise ApplicationError("Bước này không ghi được ở đây.", field="kind")
    candidate = _locked(candidate)
    done_on = _day(done_on, "done_on", "Ngày")
    _check_step(candidate, kind, done_on)
    reference = _text(reference, "reference", "Số, nơi ban hành")
    note = _text(note, "note", "Ghi chú", max_length=2000, multiline=True)
    details: dict[str, Any] = {}
    if kind == rules.SPONSORS:
        facts = []
        for choice in sponsors:
            member = choice.member
            if (
                member.organization_id != cell.pk
                and not Member.objects.filter(
                    pk=member.pk, organization__path__under=selectors.grassroots_organization(cell).path
                ).exists()
            ):
                raise ApplicationError(
                    "Người giới thiệu phải là đảng viên trong tổ chức cơ sở đảng của chi bộ.",
                    field="sponsors",
                )
            facts.append(
                rules.Sponsor(
                    name=member.full_name,
                    official=member.status == Status.OFFICIAL,
                    official_on=member.official_on,
                    months_together=choice.months_together,
                )
            )
        problems = rules.sponsor_violations(facts, done_on)
        if problems:
            raise RuleViolation(" ".join(problems), field="sponsors")
        details["sponsors"] = [
            {"member_id": c.member.pk, "name": c.member.full_name, "months_together": c.months_together}
            for c in sponsors
        ]
    if kind == rules.RESOLUTION:
        official = len(selectors.official_members(cell, done_on))
        if in_favour is None:
            raise ApplicationError("Phải nhập số đảng viên chính thức tán thành.", field="in_favour")
        problems = rules.resolution_violations(in_favour, official)
        if problems:
            raise RuleViolation(" ".join(problems), field="in_favour")
        details.update({"in_favour": in_favour, "official_members": official})
        if not reference:
            raise ApplicationError("Phải nhập số nghị quyết của chi bộ.", field="reference")
    if kind == rules.PROPOSAL and not reference:
        raise ApplicationError("Phải nhập số văn bản đề nghị của đảng ủy cơ sở.", field="reference")
    try:
        with transaction.atomic():
            step = CandidateStep.objects.create(
                candidate=candidate,
                kind=kind,
                done_on=done_on,
                reference=reference,
                details=details,
                note=note,
                recorded_by=actor if actor.pk else None,
            )
    except IntegrityError:
        raise Conflict("Bước này đã được ghi nhận.", field="kind") from None
    before = snapshot(candidate, ("stage", "stage_since"))
    _restage(candidate)
    _save_audited(
        candidate,
        actor=actor,
        action="admission.step",
        label=f"{candidate.full_name}: {rules.STEP_INFO[kind].label}",
        before=before,
        after={**snapshot(candidate, ("stage", "stage_since")), "step": kind, "done_on": done_on, **details},
    )
    return step


@transaction.atomic
def candidate_admit(
    *,
    actor: User,
    candidate: Candidate,
    decision_number: str,
    decision_date: date | None,
    effective_on: date,
    issued_by: str = "",
    ceremony_on: date | None = None,
    over_age_approved: bool = False,
) -> Member:
    """Kết nạp: the competent decision recorded, the member record created from the candidate and the
    admission event written (members.services.member_admit: the targets count it), in one step."""
    cell = candidate.organization
    authorize(actor, cell, write=True)
    candidate = _locked(candidate)
    effective_on = _day(effective_on, "effective_on", "Ngày quyết định kết nạp")
    if decision_date is not None:
        decision_date = _day(decision_date, "decision_date", "Ngày ký quyết định")
    if ceremony_on is not None:
        ceremony_on = _day(ceremony_on, "ceremony_on", "Ngày lễ kết nạp")
        if ceremony_on < effective_on:
            raise ApplicationError(
                "Lễ kết nạp không được trước ngày quyết định kết nạp.", field="ceremony_on"
            )
    steps = _check_step(candidate, rules.DECISION, effective_on)
    decision_number = _text(decision_number, "decision_number", "Số quyết định", max_length=60)
    issued_by = _text(issued_by, "issued_by", "Cơ quan quyết định")
    sponsors = [
        Member.objects.get(pk=s["member_id"]) for s in steps[rules.SPONSORS].details.get("sponsors", [])
    ]
    member = member_admit(
        actor=actor,
        profile={
            key: getattr(candidate, key)
            for key in PROFILE_FIELDS
            if getattr(candidate, key) not in (None, "")
        },
        cell=cell,
        effective_on=effective_on,
        decision_number=decision_number,
        decision_date=decision_date,
        issued_by=issued_by,
        ceremony_on=ceremony_on,
        sponsors=sponsors,
        source_group=candidate.source_group,
        over_age_approved=over_age_approved,
    )
    CandidateStep.objects.create(
        candidate=candidate,
        kind=rules.DECISION,
        done_on=effective_on,
        reference=f"{decision_number} — {issued_by}" if issued_by else decision_number,
        details={"member_id": member.pk, "ceremony_on": ceremony_on.isoformat() if ceremony_on else None},
        recorded_by=actor if actor.pk else None,
    )
    before = snapshot(candidate, ("stage", "stage_since", "member_id"))
    candidate.member = member
    _restage(candidate)
    _save_audited(
        candidate,
        actor=actor,
        action="admission.admit",
        before=before,
        after={
            **snapshot(candidate, ("stage", "stage_since", "member_id")),
            "decision_number": decision_number,
        },
    )
    return member
