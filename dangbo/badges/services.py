"""Every write of party badges (Huy hiệu Đảng): one transaction each, with its audit entry.

- badge_proposal_send: the list an organization sends up for an occasion (only members due then);
- badge_award_record: the decision awarding (or posthumously awarding) one member a level, with the
  badge's number, which goes into the member's record (the register's "số huy hiệu" column);
- party_age_break_record: a readmitted member's stretch out of the party (not counted in party age).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F

from dangbo.accounts.scope import authorize
from dangbo.audit.services import audit_record, snapshot
from dangbo.badges import rules, selectors
from dangbo.badges.models import BadgeAward, BadgeProposal, BadgeProposalLine, PartyAgeBreak
from dangbo.core.dates import DateKind, DateRefused, check_date
from dangbo.core.exceptions import ApplicationError, Conflict, RuleViolation
from dangbo.core.text import TextRefused, clean_text
from dangbo.members.models import Member, Status
from dangbo.organizations.models import Organization

if TYPE_CHECKING:
    from dangbo.accounts.models import User

AWARD_FIELDS = (
    "member_id",
    "years",
    "occasion",
    "posthumous",
    "decision_number",
    "decision_date",
    "issued_by",
    "badge_number",
    "proposal_id",
)


def _text(
    value: str, *, label: str, field: str, max_length: int, required: bool = False, multiline: bool = False
) -> str:
    try:
        cleaned = clean_text(value or "", label=label, multiline=multiline)
    except TextRefused as refused:
        raise ApplicationError(refused.message, field=field) from None
    if required and not cleaned:
        raise ApplicationError(f"Phải nhập {label[:1].lower() + label[1:]}.", field=field)
    if len(cleaned) > max_length:
        raise ApplicationError(f"{label} dài tối đa {max_length} ký tự.", field=field)
    return cleaned


def _day(value: date | None, *, label: str, field: str) -> date:
    if value is None:
        raise ApplicationError(f"Phải nhập {label[:1].lower() + label[1:]}.", field=field)
    try:
        return check_date(value, kind=DateKind.DECISION, label=label)
    except DateRefused as refused:
        raise ApplicationError(refused.message, field=field) from None


@transaction.atomic
def badge_proposal_send(
    *,
    actor: User,
    organization: Organization,
    occasion: date,
    number: str,
    sent_on: date | None,
    member_ids: Sequence[int],
    posthumous: bool = False,
    note: str = "",
) -> BadgeProposal:
    """Gửi tờ trình đề nghị tặng (truy tặng) Huy hiệu Đảng: the chosen members of the organization's
    due list (or of its deceased, for a posthumous proposal) at the level the list gives them."""
    authorize(actor, organization, personal=True)
    authorize(actor, organization, write=True)
    number = _text(number, label="Số tờ trình", field="number", max_length=60, required=True)
    note = _text(note, label="Ghi chú", field="note", max_length=5000, multiline=True)
    sent_on = _day(sent_on, label="Ngày gửi", field="sent_on")
    if sent_on > occasion:
        raise RuleViolation(
            f"Ngày gửi ({sent_on:%d/%m/%Y}) phải trước dịp trao tặng ({occasion:%d/%m/%Y}): "
            "danh sách được lập trước mỗi dịp.",
            field="sent_on",
        )
    due = selectors.due_list(actor, organization, occasion)
    rows = {r.member_id: r for r in (due.deceased if posthumous else due.members)}
    chosen = list(dict.fromkeys(int(pk) for pk in member_ids))
    if not chosen:
        raise ApplicationError("Phải chọn ít nhất một đảng viên.", field="members")
    outside = [pk for pk in chosen if pk not in rows]
    if outside:
        raise RuleViolation(
            f"{len(outside)} đảng viên được chọn không có trong danh sách đến hạn "
            f"{'truy tặng' if posthumous else 'tặng'} Huy hiệu Đảng dịp {occasion:%d/%m/%Y} của {due.name}.",
            field="members",
        )
    already = [rows[pk] for pk in chosen if rows[pk].proposal]
    if already:
        names = ", ".join(f"{r.full_name} (tờ trình {r.proposal})" for r in already[:5])
        raise Conflict(f"Đã có trong tờ trình khác đang chờ quyết định: {names}.", field="members")
    proposal = BadgeProposal.objects.create(
        organization=organization,
        occasion=occasion,
        number=number,
        sent_on=sent_on,
        posthumous=posthumous,
        note=note,
        recorded_by=actor if actor.pk else None,
    )
    BadgeProposalLine.objects.bulk_create(
        [BadgeProposalLine(proposal=proposal, member_id=pk, years=rows[pk].years) for pk in chosen]
    )
    by_years = rules.Tally.of(due.levels, [rows[pk].years for pk in chosen]).counts
    audit_record(
        actor=actor,
        action="badge_proposal_send",
        target=proposal,
        label=f"Tờ trình {number}: đề nghị {'truy tặng' if posthumous else 'tặng'} Huy hiệu Đảng "
        f"dịp {occasion:%d/%m/%Y} — {due.name}",
        after={
            "occasion": occasion.isoformat(),
            "number": number,
            "sent_on": sent_on.isoformat(),
            "posthumous": posthumous,
            "members": chosen,
            "by_years": {str(k): v for k, v in by_years.items() if v},
        },
        scope_path=organization.path,
    )
    return proposal


@transaction.atomic
def badge_award_record(
    *,
    actor: User,
    member: Member,
    years: int,
    occasion: date,
    decision_number: str,
    decision_date: date | None,
    issued_by: str = "",
    badge_number: str = "",
    posthumous: bool = False,
    proposal: BadgeProposal | None = None,
) -> BadgeAward:
    """Ghi quyết định tặng Huy hiệu Đảng: the level must be one of the settings' levels, reached by
    the occasion (by the day of death plus the early window for a posthumous award), and not awarded
    already; the badge's number goes into the member's record."""
    authorize(actor, member.organization, personal=True)
    authorize(actor, member.organization, write=True)
    config = selectors.badge_settings()
    selectors.check_occasion(occasion)
    decision_number = _text(
        decision_number, label="Số quyết định", field="decision_number", max_length=60, required=True
    )
    decision_date = _day(decision_date, label="Ngày quyết định", field="decision_date")
    issued_by = _text(issued_by, label="Cơ quan ban hành", field="issued_by", max_length=255)
    badge_number = _text(badge_number, label="Số huy hiệu", field="badge_number", max_length=20)
    if years not in config.levels:
        listed = ", ".join(str(level) for level in config.levels)
        raise RuleViolation(
            f"Mức huy hiệu {years} năm không có trong các mức {listed} năm tuổi đảng ({rules.SOURCE}).",
            field="years",
        )
    member = Member.objects.select_for_update().get(pk=member.pk)
    breaks = [rules.Break(b.left_on, b.returned_on) for b in selectors.member_breaks(member)]
    if posthumous:
        if member.status != Status.DECEASED or member.ended_on is None or member.ended_on > occasion:
            raise RuleViolation(
                "Chỉ truy tặng Huy hiệu Đảng cho đảng viên đã từ trần trước dịp trao tặng.",
                field="posthumous",
            )
        horizon = rules.add_months(member.ended_on, config.posthumous_early_months)
        reached = rules.party_years(member.admitted_on, horizon, breaks, config)
    else:
        if member.status == Status.DECEASED and member.ended_on is not None and member.ended_on <= occasion:
            raise RuleViolation(
                f"Đảng viên đã từ trần ngày {member.ended_on:%d/%m/%Y}: việc truy tặng là một quyết định riêng "
                "(đánh dấu truy tặng).",
                field="posthumous",
            )
        reached = rules.party_years(member.admitted_on, occasion, breaks, config)
    if reached < years:
        raise RuleViolation(
            f"Đến dịp {occasion:%d/%m/%Y} đảng viên mới có {reached} năm tuổi đảng, chưa đủ {years} năm "
            f"(tính từ ngày vào Đảng {member.admitted_on:%d/%m/%Y}"
            f"{', không tính thời gian ra khỏi Đảng' if breaks and config.deduct_time_out else ''}).",
            field="years",
        )
    if decision_date > occasion:
        raise RuleViolation(
            f"Ngày quyết định ({decision_date:%d/%m/%Y}) phải trước hoặc đúng dịp trao tặng ({occasion:%d/%m/%Y}).",
            field="decision_date",
        )
    if BadgeAward.objects.filter(member=member, years=years).exists():
        raise Conflict(f"Đảng viên đã được tặng Huy hiệu {years} năm tuổi đảng.", field="years")
    if proposal is not None and not proposal.lines.filter(member=member, years=years).exists():
        raise RuleViolation("Đảng viên không có trong tờ trình này ở mức huy hiệu đó.", field="proposal")
    award = BadgeAward.objects.create(
        member=member,
        years=years,
        occasion=occasion,
        posthumous=posthumous,
        decision_number=decision_number,
        decision_date=decision_date,
        issued_by=issued_by,
        badge_number=badge_number,
        proposal=proposal,
        recorded_by=actor if actor.pk else None,
    )
    before_number = member.badge_number
    if badge_number and badge_number != before_number:
        Member.objects.filter(pk=member.pk).update(badge_number=badge_number, version=F("version") + 1)
    if proposal is not None:
        awarded = set(BadgeAward.objects.filter(proposal=proposal).values_list("member_id", flat=True))
        if not proposal.lines.exclude(member_id__in=awarded).exists():
            BadgeProposal.objects.filter(pk=proposal.pk).update(status=BadgeProposal.Status.DECIDED)
    audit_record(
        actor=actor,
        action="badge_award_record",
        target=member,
        label=f"{'Truy tặng' if posthumous else 'Tặng'} Huy hiệu {years} năm tuổi đảng — {member.full_name} "
        f"(quyết định {decision_number})",
        before={"badge_number": before_number},
        after={**snapshot(award, AWARD_FIELDS), "badge_number": badge_number or before_number},
        scope_path=member.organization.path,
    )
    return award


@transaction.atomic
def party_age_break_record(
    *,
    actor: User,
    member: Member,
    left_on: date | None,
    returned_on: date | None,
    decision_number: str,
    note: str = "",
) -> PartyAgeBreak:
    """Ghi thời gian ra khỏi Đảng của đảng viên được kết nạp lại: not counted in party age."""
    authorize(actor, member.organization, personal=True)
    authorize(actor, member.organization, write=True)
    left_on = _day(left_on, label="Ngày ra khỏi Đảng", field="left_on")
    returned_on = _day(returned_on, label="Ngày kết nạp lại", field="returned_on")
    decision_number = _text(
        decision_number,
        label="Số quyết định kết nạp lại",
        field="decision_number",
        max_length=60,
        required=True,
    )
    note = _text(note, label="Ghi chú", field="note", max_length=5000, multiline=True)
    problems = rules.break_problems(member.admitted_on, left_on, returned_on)
    if problems:
        raise RuleViolation(" ".join(problems), field="returned_on" if returned_on <= left_on else "left_on")
    overlapping = PartyAgeBreak.objects.filter(
        member=member, left_on__lt=returned_on, returned_on__gt=left_on
    )
    if overlapping.exists():
        raise Conflict("Khoảng thời gian này trùng với một khoảng ra khỏi Đảng đã ghi.", field="left_on")
    stretch = PartyAgeBreak.objects.create(
        member=member,
        left_on=left_on,
        returned_on=returned_on,
        decision_number=decision_number,
        note=note,
        recorded_by=actor if actor.pk else None,
    )
    audit_record(
        actor=actor,
        action="party_age_break_record",
        target=member,
        label=f"Thời gian ra khỏi Đảng {left_on:%d/%m/%Y}–{returned_on:%d/%m/%Y} — {member.full_name}",
        after=snapshot(stretch, ("left_on", "returned_on", "decision_number", "note")),
        scope_path=member.organization.path,
    )
    return stretch
