"""Đính chính a reorganization decision (the services; one transaction each, with its audit entry).

A decision recorded with a wrong number, date, issuing body or text is corrected: the new values on its
rows (and on the copies the member events it wrote carry), the values recorded before kept in the
correction's record and its audit entry. A decision recorded by mistake is withdrawn (hủy): the versions
it opened are kept, void; those it closed are open again, those it replaced in force again; the
organizations it ended are active again, those it established never were; the members it moved are back
in their cells (their events kept and marked, their periods derived again). The counts on any day and
the year's figures follow: the tree and the periods are what they read, and the year-end headcounts of a
locked year are taken again. A withdrawal is refused, naming them, when later decisions or later events
of the members depend on it. Who may do it: whoever may record the decision (organizations.services,
reorganizations.services). Above members and evaluations (it moves members back and takes the
headcounts again); its audit actions stay the organizations' ("organization.decision_correct", …)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q

from dangbo.accounts.scope import authorize
from dangbo.audit.services import audit_record
from dangbo.core.dates import OPEN_END
from dangbo.core.exceptions import ApplicationError
from dangbo.core.text import nfc
from dangbo.evaluations.models import (
    MemberRating,
    RatingTally,
    ReviewCycle,
    YearEndHeadcount,
    YearRollup,
)
from dangbo.evaluations.rollups import rollups_after_tree_change
from dangbo.evaluations.tallies import headcounts_take
from dangbo.members import services as member_services
from dangbo.members.models import Member, MemberEvent
from dangbo.organizations.models import (
    Organization,
    OrganizationEvent,
    OrganizationEventCorrection,
    OrganizationVersion,
    path_ids,
)
from dangbo.organizations.services import Decision, sync_current

if TYPE_CHECKING:
    from dangbo.accounts.models import User

Action = OrganizationEvent.Action
ENDING = {Action.DISSOLVE, Action.MERGE, Action.SPLIT}  # the actions that may end their organization
SHOWN = 5  # the dependent records named in a refusal
# what is derived from other records, checked through them
DERIVED = {
    "members.member",
    "members.memberperiod",
    "evaluations.yearendheadcount",
    "evaluations.ratingtally",
    "evaluations.yearrollup",
}


def decision_label(event: OrganizationEvent) -> str:
    """“Quyết định sáp nhập số 123-QĐ/QU ngày 20/06/2019” (as recorded on the row)."""
    return (
        f"quyết định {event.get_action_display().lower()} số {event.decision_number} "
        f"ngày {event.decision_date:%d/%m/%Y}"
    )


def decision_rows(principal: OrganizationEvent) -> list[OrganizationEvent]:
    """The rows one decision wrote: its principal and its parts, in the order recorded."""
    return list(
        OrganizationEvent.recorded.filter(Q(pk=principal.pk) | Q(part_of=principal))
        .select_related("organization", "counterpart")
        .order_by("pk")
    )


def authorize_decision(actor: User, rows: list[OrganizationEvent]) -> None:
    """Whoever may record each row of the decision may correct or withdraw it (PermissionDenied)."""
    for row in rows:
        if row.action == Action.ESTABLISH:
            if row.counterpart is not None:
                authorize(actor, row.counterpart, write=True)
            else:
                authorize(actor, "/", write=True)
        elif row.action == Action.MERGE and row.part_of_id is None:
            authorize(actor, row.organization, write=True)  # the receiving organization
        else:
            authorize(actor, row.organization, write=True, superior=True)
        if row.action == Action.MOVE:
            # the move was decided with a writing role on both parents: so is putting it back
            old_parent = Organization.objects.filter(code=(row.details or {}).get("old_parent") or "").first()
            for parent in (row.counterpart, old_parent):
                if parent is not None:
                    authorize(actor, parent, write=True)
    receiving = Organization.objects.filter(
        pk__in=MemberEvent.recorded.filter(organization_event__in=rows, to_organization__isnull=False).values(
            "to_organization_id"
        )
    )
    for cell in receiving:
        authorize(actor, cell, write=True)


def _principal_for_correction(
    actor: User, event: OrganizationEvent
) -> tuple[OrganizationEvent, list[OrganizationEvent]]:
    principal_id = event.part_of_id or event.pk
    principal = OrganizationEvent.recorded.select_for_update().get(pk=principal_id)
    if principal.withdrawn_by_id is not None:
        raise ApplicationError("Quyết định này đã bị hủy.", field="event")
    rows = decision_rows(principal)
    authorize_decision(actor, rows)
    return principal, rows


def _check_approval(reason: str, approval_number: str, approval_date: date | None) -> tuple[str, str]:
    reason = nfc(reason or "").strip()
    if not reason:
        raise ApplicationError("Phải nhập lý do đính chính.", field="reason")
    number = nfc(approval_number or "").strip()
    if not number:
        raise ApplicationError(
            "Phải ghi số văn bản của cấp ủy cho phép đính chính hoặc hủy quyết định.", field="approval_number"
        )
    if approval_date is None:
        raise ApplicationError("Phải nhập ngày văn bản.", field="approval_date")
    return reason, number


def _decision_values(event: OrganizationEvent) -> dict[str, object]:
    return {
        "decision_number": event.decision_number,
        "decision_date": event.decision_date.isoformat(),
        "issued_by": event.issued_by,
        "note": event.note,
    }


@transaction.atomic
def organization_decision_correct(
    *,
    actor: User,
    event: OrganizationEvent,
    reason: str,
    approval_number: str,
    approval_date: date | None,
    decision: Decision,
) -> OrganizationEventCorrection:
    """Sửa số, ngày, cơ quan ban hành, nội dung của một quyết định: every row of the decision takes the
    corrected values; the recorded ones are kept in the correction. The effective date is not corrected
    here: it moved the tree and the members on that day (withdraw the decision and record it again)."""
    principal, rows = _principal_for_correction(actor, event)
    reason, number = _check_approval(reason, approval_number, approval_date)
    assert approval_date is not None
    decision = decision.cleaned()
    original = _decision_values(principal)
    corrected = {
        "decision_number": decision.number,
        "decision_date": decision.date.isoformat(),
        "issued_by": decision.issued_by,
        "note": nfc(decision.note).strip(),
    }
    if corrected == original:
        raise ApplicationError(
            "Các giá trị mới trùng với giá trị đã ghi: không có gì để sửa.", field="decision_number"
        )
    correction = OrganizationEventCorrection.objects.create(
        event=principal,
        action=OrganizationEventCorrection.Action.CORRECT,
        reason=reason,
        approval_number=number,
        approval_date=approval_date,
        original=original,
        corrected=corrected,
        recorded_by=actor if actor.pk else None,
    )
    OrganizationEvent.recorded.filter(pk__in=[r.pk for r in rows]).update(
        decision_number=decision.number,
        decision_date=decision.date,
        issued_by=decision.issued_by,
        note=corrected["note"],
    )
    member_services.member_events_correct_decision(
        organization_event_ids=[r.pk for r in rows],
        decision_number=decision.number,
        decision_date=decision.date,
        issued_by=decision.issued_by,
    )
    organization = principal.organization
    audit_record(
        actor=actor,
        action="organization.decision_correct",
        target=organization,
        label=f"{organization.name}: sửa {decision_label(principal)}",
        before=original,
        after={**corrected, "reason": reason, "approval_number": number, "approval_date": approval_date},
        scope_path=organization.path,
    )
    return correction


def _shown(items: list[str]) -> str:
    more = f" và {len(items) - SHOWN} việc khác" if len(items) > SHOWN else ""
    return "; ".join(items[:SHOWN]) + more


def _later_decisions(rows: list[OrganizationEvent], affected: set[int]) -> list[str]:
    ids = [r.pk for r in rows]
    day = rows[0].effective_on
    later = (
        OrganizationEvent.objects.filter(Q(organization_id__in=affected) | Q(counterpart_id__in=affected))
        .exclude(pk__in=ids)
        .filter(Q(effective_on__gt=day) | Q(effective_on=day, pk__gt=max(ids)))
        .select_related("organization")
        .order_by("effective_on", "pk")
    )
    seen: set[int] = set()
    found = []
    for event in later:
        principal_id = event.part_of_id or event.pk
        if principal_id in seen:
            continue
        seen.add(principal_id)
        found.append(
            f"{decision_label(event)[:1].upper()}{decision_label(event)[1:]} "
            f"(hiệu lực {event.effective_on:%d/%m/%Y}) về {event.organization.name}"
        )
    return found


def _later_member_events(rows: list[OrganizationEvent]) -> list[str]:
    """The members the decision moved who have events after it (a transfer, a removal…), and their
    ratings of a year from the decision's on, in the cell the decision put them in."""
    written = list(
        MemberEvent.objects.filter(organization_event__in=rows).select_related("member").order_by("member_id")
    )
    found = []
    for event in written:
        later = (
            MemberEvent.objects.filter(member_id=event.member_id)
            .exclude(pk__in=[e.pk for e in written])
            .filter(
                Q(effective_on__gt=event.effective_on) | Q(effective_on=event.effective_on, pk__gt=event.pk)
            )
            .order_by("effective_on", "pk")
            .first()
        )
        if later is not None:
            found.append(
                f"đảng viên {event.member.full_name}: {later.get_kind_display().lower()} "
                f"ngày {later.effective_on:%d/%m/%Y}"
            )
            continue
        if event.to_organization_id is not None:
            rating = (
                MemberRating.objects.filter(
                    member_id=event.member_id,
                    organization_id=event.to_organization_id,
                    year__gte=event.effective_on.year,
                )
                .order_by("year")
                .first()
            )
            if rating is not None:
                found.append(
                    f"đảng viên {event.member.full_name}: đã được đánh giá năm {rating.year} tại chi bộ mới"
                )
    return found


def _references_left(created: list[Organization]) -> list[str]:
    """What still names an organization the withdrawn decision established, once it is withdrawn:
    members, their periods, ratings, roles, meetings… (each a later record that depends on it)."""
    found = []
    ids = [o.pk for o in created]
    names = {o.pk: o.name for o in created}
    for member in Member.objects.filter(Q(organization_id__in=ids) | Q(temporary_organization_id__in=ids)):
        found.append(f"đảng viên {member.full_name} sinh hoạt tại {names.get(member.organization_id, '')}")
    if found:
        return found
    for relation in Organization._meta.related_objects:
        model = relation.related_model
        if model is Organization or not hasattr(relation.field, "attname"):
            continue
        if model._meta.label_lower in DERIVED:
            continue  # members named above; counts derived from the rest
        rows = model._default_manager.filter(**{f"{relation.field.name}__in": ids})
        if rows.exists():
            found.append(f"{model._meta.verbose_name_plural} gắn với tổ chức được thành lập")
    return found


def _retake_headcounts(affected_paths: list[str], day: date) -> None:
    """The year-end headcounts of the locked years from the decision's on, taken again at each locked
    review that covers an organization the withdrawal changed."""
    ancestors = {i for path in affected_paths for i in path_ids(path)}
    cycles = ReviewCycle.objects.filter(
        stage=ReviewCycle.Stage.LOCKED, year__gte=day.year, organization_id__in=ancestors
    ).select_related("organization")
    for cycle in cycles:
        year_end = date(cycle.year, 12, 31)
        version = OrganizationVersion.objects.filter(
            organization=cycle.organization, valid_from__lte=year_end, valid_to__gt=year_end
        ).first()
        headcounts_take(cycle.year, version.path if version else cycle.organization.path)
    rollups_after_tree_change(affected_paths, day)  # and the rollups of those years, on the new counts


@transaction.atomic
def organization_decision_withdraw(
    *,
    actor: User,
    event: OrganizationEvent,
    reason: str,
    approval_number: str,
    approval_date: date | None,
) -> OrganizationEventCorrection:
    """Hủy một quyết định sắp xếp tổ chức ghi nhầm (merge, split, dissolve, rename, move, establish),
    with all its rows: see the module's docstring."""
    principal, rows = _principal_for_correction(actor, event)
    reason, number = _check_approval(reason, approval_number, approval_date)
    assert approval_date is not None
    ids = [r.pk for r in rows]
    day = principal.effective_on
    opened = list(OrganizationVersion.recorded.filter(opened_by__in=ids, withdrawn_by__isnull=True))
    closed = list(OrganizationVersion.objects.filter(closed_by__in=ids))
    replaced = list(OrganizationVersion.recorded.filter(replaced_by__in=ids, withdrawn_by__isnull=True))
    if not (opened or closed or replaced):
        raise ApplicationError(
            "Quyết định này được ghi trước khi phần mềm lưu các thay đổi của từng quyết định; không thể hủy "
            "tự động: hãy ghi quyết định điều chỉnh.",
            field="event",
        )
    affected = {v.organization_id for v in (*opened, *closed, *replaced)} | {r.organization_id for r in rows}
    dependent = _later_decisions(rows, affected) + _later_member_events(rows)
    if dependent:
        raise ApplicationError(
            f"Không thể hủy {decision_label(principal)}: đã có việc ghi sau dựa trên nó — {_shown(dependent)}. "
            "Hãy hủy hoặc đính chính các việc đó trước.",
            field="event",
        )
    correction = OrganizationEventCorrection.objects.create(
        event=principal,
        action=OrganizationEventCorrection.Action.WITHDRAW,
        reason=reason,
        approval_number=number,
        approval_date=approval_date,
        original=_decision_values(principal),
        recorded_by=actor if actor.pk else None,
    )
    returned = member_services.member_events_withdraw_with_decision(
        actor=actor,
        organization_event_ids=ids,
        reason=reason,
        approval_number=number,
        approval_date=approval_date,
        decision_label=f"hủy {decision_label(principal)}",
    )
    # the versions it opened, void; those it replaced on their first day, in force again; those it
    # closed, open again to where the version it opened after them ended (or without end)
    ends = {(v.organization_id, v.valid_from): v.valid_to for v in opened}
    OrganizationVersion.recorded.filter(pk__in=[v.pk for v in opened]).update(withdrawn_by=correction)
    OrganizationVersion.recorded.filter(pk__in=[v.pk for v in replaced]).update(replaced_by=None)
    for version in closed:
        version.valid_to = ends.get((version.organization_id, version.valid_to), OPEN_END)
        version.closed_by = None
        version.save(update_fields=["valid_to", "closed_by"])
    OrganizationEvent.recorded.filter(pk__in=ids).update(withdrawn_by=correction)
    created = [r.organization for r in rows if r.action == Action.ESTABLISH]
    reopened = []
    for organization in Organization.objects.filter(pk__in=affected).order_by("pk"):
        if any(o.pk == organization.pk for o in created):
            organization.ended_on = organization.established_on  # never in force: all its versions void
            organization.version += 1
            organization.save(update_fields=["ended_on", "version"])
            continue
        ended_here = any(r.organization_id == organization.pk and r.action in ENDING for r in rows)
        if organization.ended_on == day and ended_here:
            organization.ended_on = None
            organization.save(update_fields=["ended_on"])
            reopened.append(organization)
        sync_current(organization)
    YearEndHeadcount.objects.filter(organization__in=created).delete()  # counts of a void organization
    YearRollup.objects.filter(organization__in=created).delete()
    RatingTally.objects.filter(organization__in=created, count=0).delete()
    left = _references_left(created)
    if left:
        raise ApplicationError(
            f"Không thể hủy {decision_label(principal)}: tổ chức được thành lập theo quyết định này đã có "
            f"việc ghi sau — {_shown(left)}. Hãy hủy hoặc chuyển các việc đó trước.",
            field="event",
        )
    paths = [v.path for v in (*opened, *closed, *replaced)]
    _retake_headcounts(paths, day)
    organization = principal.organization
    audit_record(
        actor=actor,
        action="organization.decision_withdraw",
        target=organization,
        label=f"{organization.name}: hủy {decision_label(principal)}",
        before={"decision": decision_label(principal), "effective_on": day},
        after={
            "decision": "đã hủy",
            "reason": reason,
            "approval_number": number,
            "approval_date": approval_date,
            "members_returned": len(returned),
            **({"organizations_reopened": [o.name for o in reopened]} if reopened else {}),
            **({"organizations_void": [o.name for o in created]} if created else {}),
        },
        scope_path=organization.path,
    )
    return correction


__all__ = [
    "authorize_decision",
    "decision_label",
    "decision_rows",
    "organization_decision_correct",
    "organization_decision_withdraw",
]
