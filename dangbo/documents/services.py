"""Every write of the documents: a template replaced or returned to the shipped one, the choices
remembered at a download, a transfer letter's number issued. One transaction each, with its audit
entry; a refusal raises ApplicationError naming the field and writes nothing."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Max

from dangbo.accounts.scope import authorize
from dangbo.audit.services import audit_record
from dangbo.core.exceptions import ApplicationError, PermissionDenied
from dangbo.documents.audit_actions import AuditAction
from dangbo.documents.checks import template_problems
from dangbo.documents.kinds import KINDS
from dangbo.documents.models import DocumentChoice, DocumentTemplate, IssuedNumber
from dangbo.members.models import MemberEvent
from dangbo.organizations.models import Organization

if TYPE_CHECKING:
    from dangbo.accounts.models import User

ADMINISTRATORS_ONLY = "Chỉ quản trị hệ thống được thay mẫu văn bản."


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise ApplicationError(f"Không có loại văn bản “{kind}”.", field="kind")
    return kind


@transaction.atomic
def template_upload(*, actor: User, kind: str, content: bytes, file_name: str) -> DocumentTemplate:
    """Thay mẫu: the uploaded template, once checked, is in force; the previous ones are kept."""
    if not actor.is_superuser:
        raise PermissionDenied(ADMINISTRATORS_ONLY)
    _kind(kind)
    problems = template_problems(kind, content)
    if problems:
        raise ApplicationError(" ".join(problems), field="file")
    template = DocumentTemplate.objects.create(
        kind=kind,
        content=content,
        file_name=file_name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor if actor.pk else None,
    )
    audit_record(
        actor=actor,
        action=AuditAction.TEMPLATE_UPLOAD,
        target=template,
        label=f"{KINDS[kind].label}: {file_name}",
        after={"kind": kind, "file_name": file_name, "sha256": template.sha256, "bytes": len(content)},
    )
    return template


@transaction.atomic
def template_revert(*, actor: User, kind: str) -> DocumentTemplate:
    """Trở lại mẫu gốc: a row saying the shipped template is in force again (the uploaded ones stay)."""
    if not actor.is_superuser:
        raise PermissionDenied(ADMINISTRATORS_ONLY)
    _kind(kind)
    current = DocumentTemplate.objects.filter(kind=kind).first()
    if current is None or current.shipped:
        raise ApplicationError("Mẫu đang dùng đã là mẫu gốc của Dangbo.", field="kind")
    template = DocumentTemplate.objects.create(
        kind=kind, shipped=True, uploaded_by=actor if actor.pk else None
    )
    audit_record(
        actor=actor,
        action=AuditAction.TEMPLATE_REVERT,
        target=template,
        label=KINDS[kind].label,
        before={"file_name": current.file_name, "sha256": current.sha256},
        after={"shipped": True},
    )
    return template


@transaction.atomic
def choice_remember(
    *,
    actor: User,
    organization: Organization,
    record_organization: Organization,
    kind: str,
    number: str,
    signed_on: date | None,
    signer_title: str,
    signer_name: str,
    recipients: str,
) -> DocumentChoice:
    """What a person chose at a download, offered again next time for the same issuing body
    `organization` (not audited: the download that follows is, with these values). The right is
    the one on the record the document is about (`record_organization`: the member's cell, the
    meeting's cell, the organization of the report), which a cell's secretary holds where the
    issuing body above is out of reach."""
    _kind(kind)
    authorize(actor, record_organization, personal=kind != "year-report")
    choice, _ = DocumentChoice.objects.update_or_create(
        organization=organization,
        kind=kind,
        defaults={
            "number": number,
            "signed_on": signed_on,
            "signer_title": signer_title,
            "signer_name": signer_name,
            "recipients": recipients,
        },
    )
    return choice


def number_issue(*, actor: User, issuer: Organization, event: MemberEvent, year: int) -> IssuedNumber:
    """Cấp số giấy giới thiệu: the letter of a transfer event gets the next number of its issuing
    body for the year, once (printed again, it keeps it). Two requests at once: the issuer's row is
    locked (select_for_update) while the next number is taken, and the unique constraint
    (issuer, kind, year, number) refuses a duplicate where the database cannot lock (SQLite locks
    the whole file); a refused insert is tried again."""
    authorize(actor, event.member.organization, write=True, personal=True)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                existing = IssuedNumber.objects.filter(kind="transfer-letter", event=event).first()
                if existing is not None:
                    return existing
                Organization.objects.select_for_update().filter(pk=issuer.pk).first()
                last = IssuedNumber.objects.filter(
                    issuer=issuer, kind="transfer-letter", year=year
                ).aggregate(n=Max("number"))["n"]
                issued = IssuedNumber.objects.create(
                    issuer=issuer,
                    kind="transfer-letter",
                    year=year,
                    number=(last or 0) + 1,
                    event=event,
                    issued_by=actor if actor.pk else None,
                )
                audit_record(
                    actor=actor,
                    action=AuditAction.NUMBER_ISSUE,
                    target=issued,
                    label=f"Giấy giới thiệu số {issued.number}/{year} — {event.member.full_name}",
                    scope_path=issuer.path,
                    after={"number": issued.number, "year": year, "issuer": issuer.code, "event": event.pk},
                )
                return issued
        except IntegrityError:
            continue
    raise ApplicationError("Không cấp được số giấy giới thiệu lúc này; hãy thử lại.", field="number")
