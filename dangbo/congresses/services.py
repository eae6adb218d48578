"""Every write of the congress round: open the round, plan and record each congress's stages, the
personnel proposal (đề án nhân sự), the elections with their lists, ballots, tallies and results.

One transaction each, with its audit entry; a refusal raises ApplicationError (Vietnamese message,
naming the field) and writes nothing. The counting rules are in dangbo.congresses.rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction

from dangbo.accounts.scope import authorize
from dangbo.audit.services import audit_record, snapshot
from dangbo.congresses import rules
from dangbo.congresses.models import (
    STAGE_DATE,
    STAGE_ORDER,
    Ballot,
    Candidate,
    Congress,
    CongressRound,
    Election,
    PersonnelProposal,
    Stage,
)
from dangbo.core.dates import today
from dangbo.core.exceptions import ApplicationError, RuleViolation
from dangbo.core.text import format_date, nfc
from dangbo.members.models import Member, Status
from dangbo.organizations.models import COMMITTEE_KINDS, Organization
from dangbo.organizations.selectors import subtree_versions

if TYPE_CHECKING:
    from dangbo.accounts.models import User

# elections held by the new committee at its first meeting (not by the congress)
COMMITTEE_POSTS = {Election.Kind.STANDING, Election.Kind.SECRETARY, Election.Kind.DEPUTY}
_CONGRESS_FIELDS = (
    "kind",
    "planned_on",
    "stage",
    "proposal_on",
    "documents_on",
    "opinion_on",
    "held_on",
    "approved_on",
    "approval_decision",
    "place",
    "electors_called",
    "present",
    "counting_board",
)
_ELECTION_FIELDS = ("seats", "alternates", "status", "mode", "issued", "returned", "valid", "invalid", "base")


def congress_rules() -> dict[str, Any]:
    defaults = {"delegates_majority_of": "valid", "equal_list_for_committee_posts": True}
    return {**defaults, **settings.DANGBO_CONGRESS_RULES}


def _refuse(violations: Sequence[rules.Violation]) -> None:
    if violations:
        first = violations[0]
        message = " ".join(v.message for v in violations)
        raise RuleViolation(message, field=first.field or None)


# --- the round ------------------------------------------------------------------------------------


def _check_term(term_start: int, term_end: int) -> None:
    if not 1990 <= term_start <= 2100 or term_end <= term_start or term_end - term_start > 5:
        raise ApplicationError(
            f"Nhiệm kỳ “{term_start}–{term_end}” không hợp lệ (ví dụ 2020–2025).", field="term"
        )


@transaction.atomic
def congress_round_open(
    *,
    actor: User,
    organization: Organization,
    term_start: int,
    term_end: int,
    planned_on: date,
    planned: Mapping[int, date] | None = None,
    as_of: date | None = None,
) -> CongressRound:
    """Open the congresses of a term for every organization of the subtree active on `as_of`
    (today): the node itself, its grassroots organizations, partial committees and cells. Each
    congress is planned on `planned[organization id]` or on `planned_on`."""
    authorize(actor, organization, write=True)
    _check_term(term_start, term_end)
    if planned_on is None:
        raise ApplicationError("Phải nhập ngày dự kiến tổ chức đại hội.", field="planned_on")
    if CongressRound.objects.filter(organization=organization, term_start=term_start).exists():
        raise ApplicationError(
            f"{organization.name} đã mở đợt đại hội nhiệm kỳ {term_start}–{term_end}.", field="term"
        )
    day = as_of or today()
    versions = list(subtree_versions(organization, day))
    if not versions:
        raise ApplicationError(
            f"{organization.name} không hoạt động vào ngày {format_date(day)}.", field="org"
        )
    round_ = CongressRound.objects.create(
        organization=organization,
        term_start=term_start,
        term_end=term_end,
        opened_by=actor if actor.pk else None,
    )
    Congress.objects.bulk_create(
        [
            Congress(
                round=round_,
                organization_id=v.organization_id,
                name=v.name,
                path=v.path,
                kind=Congress.Kind.DELEGATES if v.kind in COMMITTEE_KINDS else Congress.Kind.MEMBERS,
                planned_on=(planned or {}).get(v.organization_id, planned_on),
            )
            for v in versions
        ],
        batch_size=500,
    )
    audit_record(
        actor=actor,
        action="congress.round.open",
        target=round_,
        label=f"{organization.name} — nhiệm kỳ {round_.term}",
        after={"congresses": len(versions), "planned_on": planned_on},
        scope_path=organization.path,
    )
    return round_


@transaction.atomic
def congress_plan(
    *, actor: User, congress: Congress, planned_on: date, kind: str, place: str = ""
) -> Congress:
    """Change a congress's planned day, form (members' or delegates' congress) and place."""
    congress = Congress.objects.select_for_update().select_related("organization").get(pk=congress.pk)
    authorize(actor, congress.organization, write=True)
    if congress.stage in (Stage.HELD, Stage.APPROVED):
        raise ApplicationError("Đại hội đã tiến hành: không đổi kế hoạch được nữa.", field="planned_on")
    if planned_on is None:
        raise ApplicationError("Phải nhập ngày dự kiến.", field="planned_on")
    if kind not in Congress.Kind.values:
        raise ApplicationError(f"Hình thức đại hội “{kind}” không hợp lệ.", field="kind")
    before = snapshot(congress, _CONGRESS_FIELDS)
    congress.planned_on, congress.kind, congress.place = planned_on, kind, nfc(place or "")
    congress.version += 1
    congress.save()
    audit_record(
        actor=actor,
        action="congress.plan",
        target=congress,
        before=before,
        after=snapshot(congress, _CONGRESS_FIELDS),
        scope_path=congress.path,
    )
    return congress


def _open_ties(congress: Congress) -> list[Election]:
    """Counted elections that still wait for a further round (a tie for the last place)."""
    return [
        e
        for e in congress.elections.filter(status=Election.Status.COUNTED)
        if e.candidates.filter(result=Candidate.Result.TIED).exists() and not hasattr(e, "further_round")
    ]


@transaction.atomic
def congress_record_stage(
    *,
    actor: User,
    congress: Congress,
    stage: str,
    on: date | None,
    electors_called: int | None = None,
    present: int | None = None,
    decision_number: str = "",
    counting_board: str = "",
) -> Congress:
    """Record the day a stage was reached: personnel proposal, documents drafted, superior's opinion
    sought, congress held (with the number called and present), results approved by the superior
    (its decision number; only the level above may approve). Stages come in order."""
    congress = Congress.objects.select_for_update().select_related("organization").get(pk=congress.pk)
    if stage not in STAGE_DATE:
        raise ApplicationError(f"Giai đoạn “{stage}” không hợp lệ.", field="stage")
    # the approval is the superior's (for a root, whose superior is outside the system: its own writers)
    organization = congress.organization
    authorize(
        actor,
        organization,
        write=True,
        superior=stage == Stage.APPROVED and organization.parent_id is not None,
    )
    if on is None:
        raise ApplicationError("Phải nhập ngày.", field="on")
    if on > today():
        raise ApplicationError(f"Ngày {format_date(on)} chưa tới.", field="on")
    index = STAGE_ORDER.index(stage)
    if index > congress.stage_index + 1:
        missing = Stage(STAGE_ORDER[congress.stage_index + 1]).label
        raise ApplicationError(
            f"Chưa thể ghi “{Stage(stage).label}”: giai đoạn trước còn thiếu ({missing}).", field="stage"
        )
    if congress.stage == Stage.APPROVED and stage != Stage.APPROVED:
        raise ApplicationError(
            "Kết quả đại hội đã được chuẩn y: không sửa các giai đoạn được nữa.", field="stage"
        )
    for earlier in STAGE_ORDER[1:index]:
        earlier_day = getattr(congress, STAGE_DATE[Stage(earlier)])
        if earlier_day is not None and earlier_day > on:
            raise ApplicationError(
                f"Ngày {format_date(on)} sớm hơn ngày của giai đoạn trước ({Stage(earlier).label}: "
                f"{format_date(earlier_day)}).",
                field="on",
            )
    before = snapshot(congress, _CONGRESS_FIELDS)
    if stage == Stage.HELD:
        if not electors_called or electors_called < 1:
            label = "đảng viên chính thức" if congress.kind == Congress.Kind.MEMBERS else "đại biểu"
            raise ApplicationError(f"Phải nhập số {label} được triệu tập.", field="electors_called")
        if present is None or present < 1 or present > electors_called:
            raise ApplicationError(
                f"Số có mặt phải từ 1 đến số được triệu tập ({electors_called}).", field="present"
            )
        if congress.elections.exclude(status=Election.Status.DRAFT).exists() and (
            electors_called != congress.electors_called or present != congress.present
        ):
            raise ApplicationError("Đã bắt đầu bầu cử: không đổi số được triệu tập, có mặt.", field="present")
        congress.electors_called, congress.present = electors_called, present
        congress.counting_board = "\n".join(
            filter(None, (nfc(line) for line in (counting_board or "").splitlines()))
        )
    if stage == Stage.APPROVED:
        if not nfc(decision_number or ""):
            raise ApplicationError("Phải nhập số quyết định chuẩn y.", field="decision_number")
        if not congress.elections.exists():
            raise ApplicationError("Đại hội chưa có kết quả bầu cử nào để chuẩn y.", field="stage")
        pending = congress.elections.exclude(status=Election.Status.COUNTED)
        if pending.exists():
            raise ApplicationError(f"Còn cuộc bầu cử chưa có kết quả: {pending.first()}.", field="stage")
        ties = _open_ties(congress)
        if ties:
            raise ApplicationError(
                f"{ties[0]} còn người bằng phiếu ở vị trí cuối: phải bầu lại trước khi chuẩn y.",
                field="stage",
            )
        congress.approval_decision = nfc(decision_number)
    setattr(congress, STAGE_DATE[Stage(stage)], on)
    if index > congress.stage_index:
        congress.stage = stage
    congress.version += 1
    congress.save()
    audit_record(
        actor=actor,
        action=f"congress.stage.{stage}",
        target=congress,
        before=before,
        after=snapshot(congress, _CONGRESS_FIELDS),
        scope_path=congress.path,
    )
    return congress


# --- the personnel proposal ---------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalInput:
    committee_size: int
    standing_size: int = 0
    deputies: int = 1
    delegates: int = 0
    alternates: int = 0
    young_percent: int = 10
    women_percent: int = 15
    minority_percent: int = 0
    note: str = ""


@transaction.atomic
def proposal_save(
    *, actor: User, congress: Congress, data: ProposalInput, on: date | None = None
) -> PersonnelProposal:
    """Write the personnel proposal; the first time it also records the stage "personnel proposal"."""
    congress = Congress.objects.select_for_update().select_related("organization").get(pk=congress.pk)
    authorize(actor, congress.organization, write=True)
    if congress.stage_index >= STAGE_ORDER.index(Stage.HELD):
        raise ApplicationError(
            "Đại hội đã tiến hành: không sửa đề án nhân sự được nữa.", field="committee_size"
        )
    if data.committee_size < 1:
        raise ApplicationError("Số lượng cấp ủy viên phải từ 1 trở lên.", field="committee_size")
    if data.standing_size and data.standing_size >= data.committee_size:
        raise ApplicationError(
            f"Số ủy viên ban thường vụ ({data.standing_size}) phải ít hơn số cấp ủy viên ({data.committee_size}).",
            field="standing_size",
        )
    limit = data.standing_size or data.committee_size
    if data.deputies + 1 > limit:
        raise ApplicationError(
            f"Bí thư và {data.deputies} phó bí thư vượt quá số {'ủy viên ban thường vụ' if data.standing_size else 'cấp ủy viên'} ({limit}).",
            field="deputies",
        )
    for name in ("young_percent", "women_percent", "minority_percent"):
        if not 0 <= getattr(data, name) <= 100:
            raise ApplicationError("Chỉ tiêu phải từ 0 đến 100 %.", field=name)
    if data.alternates and not data.delegates:
        raise ApplicationError("Có đại biểu dự khuyết thì phải có đại biểu chính thức.", field="alternates")
    proposal = PersonnelProposal.objects.filter(congress=congress).first()
    fields = tuple(ProposalInput.__dataclass_fields__)
    before = snapshot(proposal, fields) if proposal else None
    if proposal is None:
        proposal = PersonnelProposal(congress=congress)
    for name in fields:
        value = getattr(data, name)
        setattr(proposal, name, nfc(value) if isinstance(value, str) else value)
    proposal.save()
    if congress.stage == Stage.PLANNED:
        congress.proposal_on = on or today()
        congress.stage = Stage.PROPOSAL
        congress.version += 1
        congress.save()
    audit_record(
        actor=actor,
        action="congress.proposal.save",
        target=proposal,
        label=f"Đề án nhân sự — {congress.name}",
        before=before,
        after=snapshot(proposal, fields),
        scope_path=congress.path,
    )
    return proposal


# --- elections -------------------------------------------------------------------------------------


def _electorate(congress: Congress, kind: str) -> str:
    if kind in COMMITTEE_POSTS:
        return "committee"
    return "delegates" if congress.kind == Congress.Kind.DELEGATES else "members"


def _committee_elected(congress: Congress) -> int:
    return Candidate.objects.filter(
        election__congress=congress,
        election__kind=Election.Kind.COMMITTEE,
        result=Candidate.Result.ELECTED,
    ).count()


@transaction.atomic
def election_create(
    *,
    actor: User,
    congress: Congress,
    kind: str,
    seats: int | None = None,
    alternates: int = 0,
    committee_present: int | None = None,
) -> Election:
    """Open an election of a held congress. The seats default to the personnel proposal's. The
    committee's own posts (standing committee, secretary, deputies) are elected by the new committee:
    its members are the electors."""
    congress = Congress.objects.select_for_update().select_related("organization").get(pk=congress.pk)
    authorize(actor, congress.organization, write=True)
    if kind not in Election.Kind.values:
        raise ApplicationError(f"Loại bầu cử “{kind}” không hợp lệ.", field="kind")
    if congress.stage_index < STAGE_ORDER.index(Stage.HELD) or congress.electors_called is None:
        raise ApplicationError(
            "Phải ghi đại hội đã tiến hành (ngày, số được triệu tập, số có mặt) trước khi bầu cử.",
            field="kind",
        )
    if congress.stage == Stage.APPROVED:
        raise ApplicationError("Kết quả đại hội đã được chuẩn y.", field="kind")
    proposal = PersonnelProposal.objects.filter(congress=congress).first()
    if seats is None and proposal is not None:
        seats = {
            Election.Kind.COMMITTEE: proposal.committee_size,
            Election.Kind.STANDING: proposal.standing_size,
            Election.Kind.SECRETARY: 1,
            Election.Kind.DEPUTY: proposal.deputies,
            Election.Kind.DELEGATES: proposal.delegates,
        }.get(Election.Kind(kind))
        if kind == Election.Kind.DELEGATES and not alternates:
            alternates = proposal.alternates
    if not seats or seats < 1:
        raise ApplicationError("Số lượng cần bầu phải từ 1 trở lên.", field="seats")
    if alternates < 0:
        raise ApplicationError("Số dự khuyết không được âm.", field="alternates")
    if congress.elections.filter(kind=kind, previous__isnull=True).exists():
        raise ApplicationError(
            f"Đại hội đã có cuộc bầu {Election.Kind(kind).label}; bầu lại thì dùng “bầu bổ sung”.",
            field="kind",
        )
    if kind in COMMITTEE_POSTS:
        electors = _committee_elected(congress)
        if electors == 0:
            raise ApplicationError(
                "Chưa có kết quả bầu Ban Chấp hành: ban thường vụ, bí thư, phó bí thư do cấp ủy mới bầu.",
                field="kind",
            )
        present = electors if committee_present is None else committee_present
        if not 0 < present <= electors:
            raise ApplicationError(
                f"Số cấp ủy viên có mặt phải từ 1 đến {electors}.", field="committee_present"
            )
    else:
        electors, present = congress.electors_called, congress.present or 0
    election = Election.objects.create(
        congress=congress, kind=kind, seats=seats, alternates=alternates, electors=electors, present=present
    )
    audit_record(
        actor=actor,
        action="congress.election.create",
        target=election,
        label=f"{election} — {congress.name}",
        after=snapshot(election, ("kind", "seats", "alternates", "electors", "present")),
        scope_path=congress.path,
    )
    return election


def _locked_election(election: Election, *, status: str | None = None) -> Election:
    election = (
        Election.objects.select_for_update()
        .select_related("congress", "congress__organization")
        .get(pk=election.pk)
    )
    if election.congress.stage == Stage.APPROVED:
        raise ApplicationError("Kết quả đại hội đã được chuẩn y: không sửa được nữa.", field="election")
    if status is not None and election.status != status:
        raise ApplicationError(
            f"{election} đang ở bước “{election.get_status_display()}”: không làm việc này được.",
            field="election",
        )
    return election


@transaction.atomic
def candidate_add(
    *,
    actor: User,
    election: Election,
    member: Member,
    proposed_by_committee: bool = True,
    approvals: int | None = None,
) -> Candidate:
    """Put an official member of the organization on the list. One not proposed by the committee
    needs the approval of more than 30 % of the delegates present (QĐ 190)."""
    election = _locked_election(election, status=Election.Status.DRAFT)
    congress = election.congress
    authorize(actor, congress.organization, write=True)
    if election.previous_id is not None:
        raise ApplicationError(
            "Danh sách bầu lại gồm những người bằng phiếu: không thêm người được.", field="member"
        )
    member = Member.objects.select_related("organization").get(pk=member.pk)
    if not member.organization.path.startswith(congress.path):
        raise ApplicationError(f"{member.full_name} không sinh hoạt trong {congress.name}.", field="member")
    if member.status != Status.OFFICIAL:
        raise RuleViolation(
            f"{member.full_name} không phải đảng viên chính thức: đảng viên dự bị không có quyền ứng cử "
            f"(Điều lệ Đảng, Điều 5).",
            field="member",
        )
    if election.candidates.filter(member=member).exists():
        raise ApplicationError(f"{member.full_name} đã có trong danh sách.", field="member")
    if (
        election.kind in COMMITTEE_POSTS
        and not Candidate.objects.filter(
            election__congress=congress,
            election__kind=Election.Kind.COMMITTEE,
            result=Candidate.Result.ELECTED,
            member=member,
        ).exists()
    ):
        raise RuleViolation(
            f"{member.full_name} không trúng cử Ban Chấp hành: {election.get_kind_display().lower()} được bầu "
            f"trong số cấp ủy viên (Quyết định 190-QĐ/TW).",
            field="member",
        )
    if not proposed_by_committee:
        _refuse(
            rules.nomination_violations(
                name=member.full_name, approvals=approvals, delegates_present=election.present
            )
        )
    position = (election.candidates.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    candidate = Candidate.objects.create(
        election=election,
        member=member,
        full_name=member.full_name,
        position=position,
        proposed_by_committee=proposed_by_committee,
        approvals=None if proposed_by_committee else approvals,
    )
    audit_record(
        actor=actor,
        action="congress.candidate.add",
        target=candidate,
        label=f"{member.full_name} — {election} — {congress.name}",
        after=snapshot(candidate, ("member_id", "proposed_by_committee", "approvals")),
        scope_path=congress.path,
    )
    return candidate


@transaction.atomic
def candidate_remove(*, actor: User, candidate: Candidate) -> None:
    election = _locked_election(candidate.election, status=Election.Status.DRAFT)
    authorize(actor, election.congress.organization, write=True)
    if election.previous_id is not None:
        raise ApplicationError("Danh sách bầu lại không sửa được.", field="member")
    audit_record(
        actor=actor,
        action="congress.candidate.remove",
        target=candidate,
        label=f"{candidate.full_name} — {election} — {election.congress.name}",
        before=snapshot(candidate, ("member_id", "proposed_by_committee", "approvals")),
        scope_path=election.congress.path,
    )
    candidate.delete()


def _list_violations(election: Election, count: int) -> list[rules.Violation]:
    if election.previous_id is not None:  # a further round among the tied: only more than the places
        if count <= election.seats:
            return [
                rules.Violation(
                    "too_few",
                    f"Danh sách bầu lại có {count} người, phải nhiều hơn số lượng cần bầu ({election.seats}).",
                    "candidates",
                )
            ]
        return []
    equal = election.kind in COMMITTEE_POSTS and bool(congress_rules()["equal_list_for_committee_posts"])
    return rules.candidate_list_violations(
        seats=election.seats + election.alternates, candidates=count, equal_allowed=equal
    )


@transaction.atomic
def election_open(*, actor: User, election: Election) -> Election:
    """Close the list (checked against QĐ 190) and start the vote."""
    election = _locked_election(election, status=Election.Status.DRAFT)
    authorize(actor, election.congress.organization, write=True)
    _refuse(_list_violations(election, election.candidates.count()))
    election.status = Election.Status.VOTING
    election.version += 1
    election.save()
    audit_record(
        actor=actor,
        action="congress.election.open",
        target=election,
        label=f"{election} — {election.congress.name}",
        after={"candidates": election.candidates.count(), "seats": election.seats},
        scope_path=election.congress.path,
    )
    return election


@transaction.atomic
def ballot_enter(
    *,
    actor: User,
    election: Election,
    marks: Sequence[int],
    valid: bool = True,
    invalid_reason: str = "",
) -> Ballot:
    """Enter one ballot: the candidates it keeps (ids), or invalid with the reason. A ballot entered as
    valid that keeps more names than places is refused (it is an invalid ballot, QĐ 190)."""
    election = _locked_election(election, status=Election.Status.VOTING)
    authorize(actor, election.congress.organization, write=True)
    if election.mode == Election.Mode.TALLY:
        raise ApplicationError("Cuộc bầu này đã nhập tổng hợp: không nhập từng phiếu được.", field="marks")
    number = election.ballots.count() + 1
    if number > election.present:
        raise ApplicationError(
            f"Đã nhập {election.present} phiếu, bằng số người bầu có mặt: không thể có phiếu số {number}.",
            field="marks",
        )
    kept = [int(m) for m in marks]
    ids = list(election.candidates.values_list("id", flat=True))
    if valid:
        _refuse(
            rules.ballot_violations(
                marks=kept, seats=election.seats + election.alternates, candidates=ids, number=number
            )
        )
    elif not nfc(invalid_reason or ""):
        raise ApplicationError("Phiếu không hợp lệ: phải ghi lý do.", field="invalid_reason")
    ballot = Ballot.objects.create(
        election=election,
        number=number,
        marks=sorted(set(kept)) if valid else [],
        valid=valid,
        invalid_reason="" if valid else nfc(invalid_reason),
    )
    if election.mode != Election.Mode.BALLOTS:
        election.mode = Election.Mode.BALLOTS
        election.save(update_fields=["mode"])
    audit_record(
        actor=actor,
        action="congress.ballot.enter",
        target=ballot,
        label=f"Phiếu số {number} — {election} — {election.congress.name}",
        after=snapshot(ballot, ("number", "marks", "valid", "invalid_reason")),
        scope_path=election.congress.path,
    )
    return ballot


@transaction.atomic
def ballot_remove_last(*, actor: User, election: Election) -> None:
    """Take back the last ballot entered (a typing mistake), before the count."""
    election = _locked_election(election, status=Election.Status.VOTING)
    authorize(actor, election.congress.organization, write=True)
    ballot = election.ballots.order_by("-number").first()
    if ballot is None:
        raise ApplicationError("Chưa có phiếu nào.", field="marks")
    audit_record(
        actor=actor,
        action="congress.ballot.remove",
        target=ballot,
        label=f"Phiếu số {ballot.number} — {election} — {election.congress.name}",
        before=snapshot(ballot, ("number", "marks", "valid", "invalid_reason")),
        scope_path=election.congress.path,
    )
    ballot.delete()
    if not election.ballots.exists():
        election.mode = Election.Mode.NONE
        election.save(update_fields=["mode"])


@transaction.atomic
def election_count(
    *,
    actor: User,
    election: Election,
    issued: int,
    tally: rules.Tally | None = None,
    on: date | None = None,
) -> Election:
    """The count (kiểm phiếu): from the ballots entered one by one, or from a tally (the figures and
    each candidate's votes). Figures that do not add up are refused. Then the winners: more than half
    of the base (QĐ 190, see rules.majority_base), the most votes first, a tie for the last place
    left to a further round."""
    election = _locked_election(election, status=Election.Status.VOTING)
    congress = election.congress
    authorize(actor, congress.organization, write=True)
    candidates = list(election.candidates.all())
    names = {c.pk: c.full_name for c in candidates}
    places = election.seats + election.alternates
    if tally is None:
        if election.mode != Election.Mode.BALLOTS:
            raise ApplicationError(
                "Chưa nhập phiếu nào: hãy nhập từng phiếu hoặc nhập tổng hợp.", field="issued"
            )
        tally = rules.tally_from_ballots(
            ((b.marks, b.valid) for b in election.ballots.all()), candidates=names, issued=issued
        )
        mode = Election.Mode.BALLOTS
    else:
        if election.mode == Election.Mode.BALLOTS:
            raise ApplicationError(
                "Cuộc bầu này đã nhập từng phiếu: kiểm phiếu theo các phiếu đã nhập.", field="issued"
            )
        if set(tally.votes) != set(names):
            raise ApplicationError("Phải nhập số phiếu bầu của từng người trong danh sách.", field="votes")
        mode = Election.Mode.TALLY
    _refuse(rules.tally_violations(tally, seats=places, present=election.present, names=names))
    electorate = _electorate(congress, election.kind)
    base = rules.majority_base(
        electorate=electorate,
        electors=election.electors,
        valid_ballots=tally.valid,
        delegates_base=str(congress_rules()["delegates_majority_of"]),
    )
    if base < 1:
        raise ApplicationError(
            "Không có phiếu hợp lệ nào: không xác định được người trúng cử.", field="valid"
        )
    outcome = rules.decide(
        tally.votes,
        seats=election.seats,
        alternates=election.alternates,
        base=base,
        order=[c.pk for c in candidates],
    )
    won = Candidate.Result.ALTERNATE if election.for_alternates else Candidate.Result.ELECTED
    results = dict.fromkeys(outcome.elected, won)
    results.update(dict.fromkeys(outcome.alternates, Candidate.Result.ALTERNATE))
    results.update(dict.fromkeys(outcome.tied, Candidate.Result.TIED))
    for candidate in candidates:
        candidate.votes = tally.votes[candidate.pk]
        candidate.result = results.get(candidate.pk, Candidate.Result.NOT_ELECTED)
    Candidate.objects.bulk_update(candidates, ["votes", "result"])
    before = snapshot(election, _ELECTION_FIELDS)
    election.mode = mode
    election.issued, election.returned = tally.issued, tally.returned
    election.valid, election.invalid = tally.valid, tally.invalid
    election.base = base
    election.base_label = {
        "members": "số đảng viên chính thức được triệu tập",
        "committee": "số cấp ủy viên",
        "delegates": "số phiếu hợp lệ"
        if congress_rules()["delegates_majority_of"] != "called"
        else "số đại biểu được triệu tập",
    }[electorate]
    election.counted_on = on or congress.held_on or today()
    election.status = Election.Status.COUNTED
    election.version += 1
    election.save()
    audit_record(
        actor=actor,
        action="congress.election.count",
        target=election,
        label=f"{election} — {congress.name}",
        before=before,
        after={
            **snapshot(election, _ELECTION_FIELDS),
            "votes": {names[k]: v for k, v in tally.votes.items()},
        },
        scope_path=congress.path,
    )
    return election


@transaction.atomic
def election_further_round(*, actor: User, election: Election) -> Election:
    """A further round (bầu lần tiếp theo) among those tied for the last place(s)."""
    election = _locked_election(election, status=Election.Status.COUNTED)
    congress = election.congress
    authorize(actor, congress.organization, write=True)
    if hasattr(election, "further_round"):
        raise ApplicationError("Đã có cuộc bầu lại cho kết quả này.", field="election")
    tied = list(election.candidates.filter(result=Candidate.Result.TIED))
    if not tied:
        raise ApplicationError(
            "Không có người bằng phiếu ở vị trí cuối: không cần bầu lại.", field="election"
        )
    taken = election.candidates.filter(result=Candidate.Result.ELECTED).count()
    if election.alternates and taken >= election.seats:  # the tie is for the alternates' places
        alt_taken = election.candidates.filter(result=Candidate.Result.ALTERNATE).count()
        seats, alternates = election.alternates - alt_taken, 0
        for_alternates = True
    else:
        seats, alternates, for_alternates = election.seats - taken, 0, False
    further = Election.objects.create(
        congress=congress,
        kind=election.kind,
        round_number=election.round_number + 1,
        previous=election,
        seats=seats,
        alternates=alternates,
        electors=election.electors,
        present=election.present,
        for_alternates=for_alternates,
    )
    Candidate.objects.bulk_create(
        [
            Candidate(
                election=further,
                member_id=c.member_id,
                full_name=c.full_name,
                position=i,
                proposed_by_committee=c.proposed_by_committee,
                approvals=c.approvals,
            )
            for i, c in enumerate(tied, start=1)
        ]
    )
    audit_record(
        actor=actor,
        action="congress.election.further_round",
        target=further,
        label=f"{further} — {congress.name}",
        after={"seats": seats, "candidates": [c.full_name for c in tied]},
        scope_path=congress.path,
    )
    return further
