"""One document made from the records, for the page and the command alike: the data read through
the user's scope, the choices remembered for the organization, the transfer letter's number
issued, the export recorded (a document names a member: personal data), the template filled."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dangbo.accounts.exports import export_record
from dangbo.core.exceptions import ApplicationError
from dangbo.documents import selectors, services
from dangbo.documents.audit_actions import AuditAction
from dangbo.documents.kinds import KINDS
from dangbo.documents.render import render_document
from dangbo.documents.selectors import Choices
from dangbo.organizations.models import Organization

if TYPE_CHECKING:
    from dangbo.accounts.models import User


@dataclass(frozen=True)
class Target:
    """What a document is about: a member, an event of a member, a meeting, or an organization's year."""

    member: int | None = None
    event: int | None = None
    meeting: int | None = None
    organization: str = ""
    year: int | None = None


NEEDS = {
    "year-report": ("organization", "--org CODE --year YYYY"),
    "member-sheet": ("member", "--member ID"),
    "transfer-letter": ("event", "--event ID"),
    "decision": ("event", "--event ID"),
    "meeting-minutes": ("meeting", "--meeting ID"),
}


@dataclass(frozen=True)
class Made:
    content: bytes
    file_name: str
    organization: Organization


def issuer_for(actor: User, kind: str, target: Target) -> Organization:
    """The organization whose choices are remembered (the issuing body)."""
    if kind == "year-report":
        return selectors.organization_for_report(actor, target.organization)
    if kind == "member-sheet":
        _, issuer, _ = selectors.member_sheet_context(actor, _id(target.member), Choices())
        return issuer
    if kind == "meeting-minutes":
        _, cell = selectors.meeting_minutes_context(actor, _id(target.meeting), Choices())
        return cell
    return selectors.deciding_organization(selectors.member_event(actor, _id(target.event)))


def _id(value: int | None) -> int:
    if value is None:
        raise ApplicationError("Thiếu đối tượng của văn bản.", field="target")
    return value


def make(actor: User, kind: str, target: Target, choices: Choices, *, remember: bool = True) -> Made:
    if kind not in KINDS:
        raise ApplicationError(
            f"Không có loại văn bản “{kind}”; chọn một trong: {', '.join(KINDS)}.", field="kind"
        )
    needed, how = NEEDS[kind]
    if getattr(target, needed) in (None, "") or (kind == "year-report" and target.year is None):
        raise ApplicationError(f"{KINDS[kind].label} cần {how}.", field=needed)
    document_kind = KINDS[kind]
    stem = document_kind.file_stem
    if kind == "year-report":
        issuer = selectors.organization_for_report(actor, target.organization)
        context = selectors.year_report_context(actor, issuer, _id(target.year), choices)
        name = f"{stem}-{issuer.code}-{target.year}"
        title = f"{document_kind.label} {target.year} — {issuer.name}"
        record = issuer
    elif kind == "member-sheet":
        context, issuer, member = selectors.member_sheet_context(actor, _id(target.member), choices)
        record = member.organization
        name, title = f"{stem}-{member.pk}", f"{document_kind.label} — {member.full_name}"
    elif kind == "meeting-minutes":
        context, issuer = selectors.meeting_minutes_context(actor, _id(target.meeting), choices)
        name, title = f"{stem}-{issuer.code}-{_id(target.meeting)}", f"{document_kind.label} — {issuer.name}"
        record = issuer
    else:
        event = selectors.member_event(actor, _id(target.event))
        issuer = selectors.deciding_organization(event)
        record = event.member.organization
        if kind == "transfer-letter":
            if event.kind not in selectors.TRANSFER_KINDS:  # refused before a number is taken
                raise ApplicationError(
                    "Giấy giới thiệu sinh hoạt đảng chỉ in cho việc chuyển sinh hoạt đảng.", field="event"
                )
            year = (choices.signed_on or event.decision_date or event.effective_on).year
            issued = services.number_issue(actor=actor, issuer=issuer, event=event, year=year)
            context = selectors.transfer_letter_context(event, issuer, issued.number, choices)
        else:
            context = selectors.decision_context(event, issuer, choices)
        name, title = (
            f"{stem}-{event.member_id}-{event.pk}",
            f"{document_kind.label} — {event.member.full_name}",
        )
    if remember:
        services.choice_remember(
            actor=actor,
            organization=issuer,
            record_organization=record,
            kind=kind,
            number=choices.number,
            signed_on=choices.signed_on,
            signer_title=choices.signer_title,
            signer_name=choices.signer_name,
            recipients="\n".join(choices.recipients),
        )
    content = render_document(
        selectors.template_bytes(kind), context, author=issuer.name or "Dangbo", title=title
    )
    export_record(
        actor=actor,
        action=AuditAction.EXPORT_DOCUMENT,
        label=title,
        organization=record,
        details={
            "kind": kind,
            "number": context.get("number", ""),
            "signed_on": context.get("signed_on", ""),
        },
    )
    return Made(content=content, file_name=f"{name}.docx", organization=issuer)
