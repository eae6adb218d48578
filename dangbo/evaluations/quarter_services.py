"""Every write of the quarterly ratings (xếp loại hằng quý, QĐ 366 from 2025) and of the superior's
re-rating (hủy kết quả xếp loại và xếp loại lại, Mẫu 03): one transaction, one audit entry per row.

The quarters are read by the year's rules as a fact (quarter_facts, rules.rating.MemberYear.quarters);
what a quarter requires of the year is a setting (settings.DANGBO_QUARTER_RULES).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from dangbo.accounts.scope import authorize
from dangbo.audit.services import audit_record, snapshot
from dangbo.core.exceptions import ApplicationError, Conflict
from dangbo.core.text import nfc
from dangbo.evaluations import rules
from dangbo.evaluations.audit_actions import QuarterAuditAction
from dangbo.evaluations.models import MemberRating, OrganizationRating
from dangbo.evaluations.models_quarters import QuarterRating, Rerating
from dangbo.evaluations.services import (
    _member_violations,
    _organization_version,
    _organization_violations,
    _rank,
    _refuse_if_locked,
    check_year,
    member_deciding_level,
    member_year_facts,
    organization_deciding_level,
    rule_settings,
)
from dangbo.evaluations.tallies import tally_cells
from dangbo.members.models import Member, MemberPeriod
from dangbo.organizations.models import Organization

if TYPE_CHECKING:
    from dangbo.accounts.models import User

QUARTER_FIRST_YEAR = 2025  # QĐ 366 (30/8/2025): the first year with quarterly ratings
_FIELDS = ("year", "quarter", "rank", "score", "note")
_RERATING_FIELDS = ("rank", "decision_number", "decision_date", "flags", "override_reason")


def quarter_end(year: int, quarter: int) -> date:
    return date(year, 3 * quarter, 31 if quarter in (1, 4) else 30)


def check_quarter(year: Any, quarter: Any, *, today: date | None = None) -> tuple[int, int]:
    """A year from 2025 (the quarterly ratings of QĐ 366) to this one and a quarter 1–4 that has
    begun; a Vietnamese refusal naming the field otherwise."""
    try:
        year, quarter = int(year), int(quarter)
    except (TypeError, ValueError):
        raise ApplicationError("Năm hoặc quý không hợp lệ.", field="quarter") from None
    if year < QUARTER_FIRST_YEAR:
        raise ApplicationError(
            f"Xếp loại hằng quý áp dụng từ năm {QUARTER_FIRST_YEAR} "
            f"({rules.scheme_for(QUARTER_FIRST_YEAR).regulation}); năm {year} không có.",
            field="year",
        )
    check_year(year, today=today)
    if quarter not in rules.quarters.QUARTERS:
        raise ApplicationError(f"Quý “{quarter}” không hợp lệ (từ 1 đến 4).", field="quarter")
    current = today or timezone.localdate()
    if date(year, 3 * quarter - 2, 1) > current:
        raise ApplicationError(f"Quý {quarter} năm {year} chưa bắt đầu.", field="quarter")
    return year, quarter


def _score(value: Any, name: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        score = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        score = Decimal(-1)
    if not score.is_finite() or not Decimal(0) <= score <= Decimal(100):
        raise ApplicationError(f"Điểm quý của {name} phải từ 0 đến 100.", field="score")
    return score.quantize(Decimal("0.01"))


def member_cell_in_quarter(member: Member, year: int, quarter: int) -> Organization:
    """The cell where the member stood at the quarter's end (else the last one that quarter)."""
    start, end = date(year, 3 * quarter - 2, 1), quarter_end(year, quarter)
    period = (
        MemberPeriod.objects.filter(member=member, valid_from__lte=end, valid_to__gt=start)
        .select_related("organization")
        .order_by("-valid_from")
        .first()
    )
    if period is None:
        raise Conflict(
            f"{member.full_name} không có trong danh sách đảng viên quý {quarter} năm {year}.", field="member"
        )
    return period.organization


def _save(
    actor: User,
    row: QuarterRating,
    *,
    rank: int,
    score: Decimal | None,
    note: str,
    path: str,
    label: str,
) -> QuarterRating:
    before = snapshot(row, _FIELDS) if row.pk else None
    row.rank, row.score, row.note = rank, score, nfc(note or "").strip()[:500]
    if before is not None and before == snapshot(row, _FIELDS):
        return row  # nothing changed: no new version, no entry
    row.recorded_by = actor if actor.pk else None
    row.version = (row.version or 0) + 1 if row.pk else 1
    row.save()
    audit_record(
        actor=actor,
        action=QuarterAuditAction.QUARTER_MEMBER
        if row.member_id
        else QuarterAuditAction.QUARTER_ORGANIZATION,
        target=row,
        label=label,
        before=before,
        after=snapshot(row, _FIELDS),
        scope_path=path,
    )
    return row


@transaction.atomic
def quarter_rating_record(
    *,
    actor: User,
    year: Any,
    quarter: Any,
    rank: Any,
    member: Member | None = None,
    organization: Organization | None = None,
    score: Any = None,
    note: str = "",
) -> QuarterRating:
    """Record (or change) one quarter's rating of a member or of an organization. A member's is
    recorded at the cell where the member stood at the quarter's end, by a writer of that cell."""
    if (member is None) == (organization is None):
        raise ApplicationError("Chọn một đảng viên hoặc một tổ chức để xếp loại quý.", field="member")
    year, quarter = check_quarter(year, quarter)
    name = member.full_name if member is not None else organization.name  # type: ignore[union-attr]
    level = _rank(rank, year, for_members=member is not None)
    if level is None:
        raise ApplicationError(f"Chọn mức xếp loại quý {quarter} của {name}.", field="rank")
    the_score = _score(score, name)
    where = member_cell_in_quarter(member, year, quarter) if member is not None else organization
    assert where is not None
    authorize(actor, where, write=True)
    _refuse_if_locked(where.path, year)
    if member is not None:
        row = QuarterRating.objects.select_for_update().filter(
            member=member, year=year, quarter=quarter
        ).first() or QuarterRating(member=member, year=year, quarter=quarter)
        row.organization = where
    else:
        row = QuarterRating.objects.select_for_update().filter(
            member__isnull=True, organization=where, year=year, quarter=quarter
        ).first() or QuarterRating(organization=where, year=year, quarter=quarter)
    return _save(
        actor,
        row,
        rank=level,
        score=the_score,
        note=note,
        path=where.path,
        label=f"{name} — quý {quarter}/{year}",
    )


def cells_in_quarter(member_ids: Sequence[int], year: int, quarter: int) -> dict[int, int]:
    """member_cell_in_quarter of many members at once: member id → the cell's id."""
    start, end = date(year, 3 * quarter - 2, 1), quarter_end(year, quarter)
    cells: dict[int, int] = {}
    for member_id, organization_id in (
        MemberPeriod.objects.filter(member_id__in=member_ids, valid_from__lte=end, valid_to__gt=start)
        .order_by("member_id", "-valid_from")
        .values_list("member_id", "organization_id")
    ):
        cells.setdefault(member_id, organization_id)
    return cells


@transaction.atomic
def cell_quarter_record(
    *,
    actor: User,
    cell: Organization,
    year: Any,
    quarter: Any,
    entries: Sequence[tuple[Any, ...]],
    cell_rank: Any = None,
    cell_note: str = "",
    cell_score: Any = None,
) -> list[QuarterRating]:
    """A cell's quarter at once (the cell's meeting): each member's level and note, and the cell's
    own; an empty level leaves that line as it is. An entry is (member, level, note) or (member,
    level, note, score out of 100). All lines or none. The members' lines are checked and written
    together (a few queries for the whole list, one audit entry per line changed, as
    quarter_rating_record writes one)."""
    year, quarter = check_quarter(year, quarter)
    authorize(actor, cell, write=True)
    _refuse_if_locked(cell.path, year)
    lines: list[tuple[int, Member, int, Decimal | None, str]] = []
    for index, entry in enumerate(entries, start=1):
        member: Member = entry[0]
        rank, note = entry[1], str(entry[2] or "")
        score = entry[3] if len(entry) > 3 else None
        if rank in (None, ""):
            continue
        try:
            level = _rank(rank, year, for_members=True)
            if level is None:
                raise ApplicationError(
                    f"Chọn mức xếp loại quý {quarter} của {member.full_name}.", field="rank"
                )
            lines.append((index, member, level, _score(score, member.full_name), nfc(note).strip()[:500]))
        except ApplicationError as error:
            raise type(error)(
                f"Dòng {index} ({member.full_name}): {error.message}", field=error.field
            ) from None
    seen: set[int] = set()
    for index, member, *_ in lines:
        if member.pk in seen:
            raise ApplicationError(
                f"Dòng {index} ({member.full_name}): đảng viên đã có ở một dòng trước.", field="member"
            )
        seen.add(member.pk)
    cells = cells_in_quarter([line[1].pk for line in lines], year, quarter)
    for index, member, *_ in lines:
        if cells.get(member.pk) != cell.pk:
            where = (
                "không sinh hoạt ở chi bộ này" if member.pk in cells else "không có trong danh sách đảng viên"
            )
            raise Conflict(f"Dòng {index} ({member.full_name}): {where} cuối quý {quarter}.", field="member")
    existing = {
        row.member_id: row
        for row in QuarterRating.objects.select_for_update().filter(
            member_id__in=[line[1].pk for line in lines], year=year, quarter=quarter
        )
    }
    now = timezone.now()
    new: list[QuarterRating] = []
    changed: list[tuple[QuarterRating, dict[str, Any]]] = []
    rows: dict[int, QuarterRating] = {}
    for _, member, level, score, note in lines:
        row = rows[member.pk] = existing.get(member.pk) or QuarterRating(
            member=member, year=year, quarter=quarter
        )
        before = snapshot(row, _FIELDS) if row.pk else None
        row.organization = cell
        row.rank, row.score, row.note = level, score, note
        if before is not None and before == snapshot(row, _FIELDS):
            continue  # nothing changed: no new version, no entry
        row.recorded_by = actor if actor.pk else None
        if before is None:
            new.append(row)
        else:
            row.version += 1
            row.updated_at = now  # bulk_update does not set auto_now fields
            changed.append((row, before))
    QuarterRating.objects.bulk_create(new)
    QuarterRating.objects.bulk_update(
        [row for row, _ in changed],
        ["organization", "rank", "score", "note", "recorded_by", "version", "updated_at"],
    )
    names = {line[1].pk: line[1].full_name for line in lines}
    for row, before_row in [(row, None) for row in new] + changed:
        audit_record(
            actor=actor,
            action=QuarterAuditAction.QUARTER_MEMBER,
            target=row,
            label=f"{names[row.member_id or 0]} — quý {quarter}/{year}",
            before=before_row,
            after=snapshot(row, _FIELDS),
            scope_path=cell.path,
        )
    saved = [rows[line[1].pk] for line in lines]
    if cell_rank not in (None, ""):
        saved.append(
            quarter_rating_record(
                actor=actor,
                year=year,
                quarter=quarter,
                rank=cell_rank,
                organization=cell,
                note=cell_note,
                score=cell_score,
            )
        )
    return saved


# --- re-rating by the superior (Mẫu 03) ---------------------------------------------------------------


@transaction.atomic
def rating_rerate(
    *,
    actor: User,
    rating: MemberRating | OrganizationRating,
    rank: Any,
    reason: str,
    decision_number: str,
    decision_date: date | None,
) -> Rerating:
    """Hủy kết quả xếp loại và xếp loại lại: the level above the one that decided (the superior
    committee or its standing committee, QĐ 366 Điều 12) cancels a decided rating and rates again.
    The cancelled level is kept on the Rerating row (history is never deleted); the rating takes
    the new level, with the rules' findings stored as flags (the superior's decision stands)."""
    rating = type(rating).objects.select_for_update().get(pk=rating.pk)
    is_member = isinstance(rating, MemberRating)
    name = rating.member.full_name if isinstance(rating, MemberRating) else rating.organization.name
    if rating.rank is None:
        raise Conflict(
            f"Kết quả xếp loại năm {rating.year} của {name} chưa được quyết định: chưa thể hủy.", field="rank"
        )
    level = _rank(rank, rating.year, for_members=is_member)
    if level is None:
        raise ApplicationError("Chọn mức xếp loại lại.", field="rank")
    reason = nfc(reason or "").strip()
    if not reason:
        raise ApplicationError("Phải ghi lý do hủy kết quả xếp loại.", field="reason")
    number = nfc(decision_number or "").strip()
    if not number:
        raise ApplicationError("Phải nhập số quyết định hủy và xếp loại lại.", field="decision_number")
    if decision_date is None:
        raise ApplicationError("Phải nhập ngày quyết định hủy và xếp loại lại.", field="decision_date")
    if isinstance(rating, MemberRating):
        deciding = member_deciding_level(rating.organization.path, rating.year)
    else:
        deciding = organization_deciding_level(rating.organization.path, rating.year)
    if deciding.authority.organization_id is None:
        raise Conflict(
            "Cấp quyết định xếp loại không có trong hệ thống: không xác định được cấp trên.", field="rank"
        )
    decider = Organization.objects.get(pk=deciding.authority.organization_id)
    superior_id = parent_id(decider.path)
    if superior_id is None:
        raise Conflict(f"{decider.name} không có cấp trên trong hệ thống.", field="rank")
    authorize(
        actor,
        decider,
        write=True,
        superior=True,
        refusal=(
            "Hủy kết quả xếp loại và xếp loại lại thuộc thẩm quyền của cấp ủy cấp trên của cấp đã quyết định "
            f"({decider.name}); vai trò của bạn không cho phép."
        ),
        field="rank",
    )
    before = snapshot(rating, _RERATING_FIELDS)
    rerating = Rerating(
        member_rating=rating if isinstance(rating, MemberRating) else None,
        organization_rating=rating if isinstance(rating, OrganizationRating) else None,
        cancelled_rank=rating.rank,
        cancelled_decision_number=rating.decision_number,
        cancelled_decision_date=rating.decision_date,
        new_rank=level,
        reason=reason,
        decision_number=number,
        decision_date=decision_date,
        deciding_organization_id=superior_id,
        recorded_by=actor if actor.pk else None,
    )
    rating.rank = level
    rating.decision_number = number
    rating.decision_date = decision_date
    rating.decided_by = actor if actor.pk else None
    if isinstance(rating, OrganizationRating) and level != rules.HTXSNV:
        rating.exemplary = False
    if isinstance(rating, MemberRating):
        violations = _member_violations(
            rating, member_year_facts(rating.member, rating.year), rule_settings()
        )
    else:
        violations = _organization_violations(rating, _organization_version(rating.organization, rating.year))
    rating.flags = [asdict(v) for v in violations]
    rating.override_reason = f"Cấp trên hủy và xếp loại lại: {reason}" if violations else ""
    rating.version = (rating.version or 0) + 1
    rating.save()
    rerating.flags = rating.flags
    rerating.save()
    if isinstance(rating, MemberRating):
        tally_cells(rating.year, (rating.organization_id,))
    audit_record(
        actor=actor,
        action=QuarterAuditAction.RERATE,
        target=rating,
        label=f"{name} — {rating.year}",
        before={**before, "reason": reason},
        after=snapshot(rating, _RERATING_FIELDS),
        scope_path=rating.organization.path,
    )
    return rerating


def parent_id(path: str) -> int | None:
    """The id of the node above the one with this materialised path (None: a root)."""
    ids = [int(p) for p in path.strip("/").split("/") if p]
    return ids[-2] if len(ids) >= 2 else None
