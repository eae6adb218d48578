"""The congress pages: the rounds, a round's progress, a congress (plan, stages, elections), its
personnel proposal, an election (list, ballots or tally, count, further round), the count minutes
(DOCX) and the XLSX exports. Reads through the selectors; each write is one service call."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from dangbo.accounts.exports import export_record
from dangbo.accounts.requests import user_of
from dangbo.accounts.scope import READ_ONLY
from dangbo.congresses import exports, minutes, selectors, services
from dangbo.congresses.forms import (
    BallotForm,
    CandidateForm,
    CountForm,
    ElectionForm,
    PlanForm,
    ProposalForm,
    RoundOpenForm,
    StageForm,
    TallyForm,
)
from dangbo.congresses.models import Candidate, Congress, Election, PersonnelProposal
from dangbo.congresses.rules import Tally
from dangbo.core import xlsx
from dangbo.core.dates import today
from dangbo.core.text import format_date, phrase_key
from dangbo.members.models import Member
from dangbo.organizations import selectors as org_selectors
from dangbo.organizations.pickers import grassroots_filter
from dangbo.ui.listing import Column, Sorting, paginate_sorted
from dangbo.ui.views import posted, submit, visible_only, writable_only

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def congress_index(request: HttpRequest) -> HttpResponse:
    """The rounds the user may see; a form to open a round (a writing role only)."""
    user = user_of(request)
    if request.method == "POST" and not org_selectors.can_write_anywhere(user):
        raise Forbidden(READ_ONLY)
    form = RoundOpenForm(posted(request), initial={"term_start": today().year, "term_end": today().year + 5})

    def run(data: dict[str, Any]) -> tuple[str, str]:
        typed = org_selectors.organization_typed(user, data["org"], today(), write=True, field="org")
        with writable_only():
            organization = org_selectors.organization_for_update(user, typed.code)
        round_ = services.congress_round_open(
            actor=user,
            organization=organization,
            term_start=data["term_start"],
            term_end=data["term_end"],
            planned_on=data["planned_on"],
        )
        return (
            f"Đã mở đợt đại hội nhiệm kỳ {round_.term} cho {organization.name}.",
            reverse("congress_round", args=[round_.pk]),
        )

    done = submit(request, form, run, {"org": "org", "term": "term_start"})
    if done is not None:
        return done
    rounds = selectors.visible_rounds(user)
    rows = []
    for round_ in rounds:
        pr = selectors.progress(selectors.round_congresses(user, round_))
        rows.append({"round": round_, "progress": pr})
    mine = list(
        selectors.visible_congresses(user)
        .filter(round__in=rounds)
        .exclude(stage="approved")
        .select_related("round")
        .order_by("planned_on")[:20]
    )
    return render(
        request,
        "congresses/index.html",
        {"rows": rows, "form": form, "mine": mine, "can_open": org_selectors.can_write_anywhere(user)},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def congress_round(request: HttpRequest, round_id: int) -> HttpResponse:
    user = user_of(request)
    with visible_only():
        round_ = selectors.round_for(user, round_id)
    congresses = selectors.round_congresses(user, round_)
    day = today()
    pr = selectors.progress(congresses, day=day)
    late_ids = {c.pk for c in pr.late}
    grassroots = grassroots_filter(request, user, day)
    shown = congresses
    if grassroots.organization is not None:
        shown = selectors.round_congresses(user, round_, under=grassroots.organization)
    sorting = Sorting(request, ROUND_COLUMNS)  # none asked: the tree's order
    return render(
        request,
        "congresses/round.html",
        {
            "round": round_,
            "progress": pr,
            "stages": pr.stages(),
            "page": paginate_sorted(request, shown, sorting),
            "sorting": sorting,
            "grassroots": grassroots,
            "late_ids": late_ids,
            "day": day,
        },
    )


ROUND_COLUMNS = (
    Column("to-chuc", "Tổ chức", lambda c: (phrase_key(c.name), c.pk)),
    Column("du-kien", "Dự kiến", lambda c: (c.planned_on, c.path)),
    Column("giai-doan", "Giai đoạn", lambda c: (c.stage_index, c.path)),
    Column("ngay-dai-hoi", "Ngày đại hội", lambda c: None if c.held_on is None else (c.held_on, c.path)),
    Column("chuan-y", "Chuẩn y", lambda c: None if c.approved_on is None else (c.approved_on, c.path)),
)


@login_required
@require_safe
def congress_round_xlsx(request: HttpRequest, round_id: int) -> HttpResponse:
    user = user_of(request)
    with visible_only():
        round_ = selectors.round_for(user, round_id)
    congresses = selectors.round_congresses(user, round_)
    content = exports.round_xlsx(round_, congresses, selectors.progress(congresses))
    name = xlsx.file_name("Đại hội", round_.organization.code, f"{round_.term_start}-{round_.term_end}")
    return _download(content, name, XLSX)


def _congress(request: HttpRequest, congress_id: int) -> Congress:
    user = user_of(request)
    if request.method == "POST":
        with writable_only():
            return selectors.congress_for(user, congress_id, write=True)
    with visible_only():
        return selectors.congress_for(user, congress_id)


@login_required
def congress_detail(request: HttpRequest, congress_id: int) -> HttpResponse:
    """A congress: its plan, its stages (with the form to record the next), its elections."""
    user = user_of(request)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "stage" and request.POST.get("stage-stage") == "approved":
        with visible_only():
            congress = selectors.congress_for(user, congress_id)
        if not selectors.can_approve(user, congress):
            raise Forbidden("Chỉ cấp trên mới chuẩn y kết quả đại hội.")
    else:
        congress = _congress(request, congress_id)
    here = reverse("congress_detail", args=[congress.pk])
    plan_form = PlanForm(
        posted(request) if action == "plan" else None,
        initial={"planned_on": congress.planned_on, "kind": congress.kind, "place": congress.place},
        prefix="plan",
    )
    next_stage = selectors.STAGE_ORDER[min(congress.stage_index + 1, len(selectors.STAGE_ORDER) - 1)]
    stage_form = StageForm(
        posted(request) if action == "stage" else None,
        initial={
            "stage": next_stage,
            "on": today(),
            "electors_called": congress.electors_called,
            "present": congress.present,
            "counting_board": congress.counting_board,
        },
        prefix="stage",
    )
    election_form = ElectionForm(posted(request) if action == "election" else None, prefix="election")
    done = None
    if action == "plan":

        def run_plan(data: dict[str, Any]) -> tuple[str, str]:
            services.congress_plan(
                actor=user,
                congress=congress,
                planned_on=data["planned_on"],
                kind=data["kind"],
                place=data["place"],
            )
            return "Đã ghi kế hoạch đại hội.", here

        done = submit(request, plan_form, run_plan)
    elif action == "stage":

        def run_stage(data: dict[str, Any]) -> tuple[str, str]:
            services.congress_record_stage(
                actor=user,
                congress=congress,
                stage=data["stage"],
                on=data["on"],
                electors_called=data["electors_called"],
                present=data["present"],
                decision_number=data["decision_number"],
                counting_board=data["counting_board"],
            )
            return f"Đã ghi giai đoạn “{dict(stage_form.fields['stage'].choices)[data['stage']]}”.", here  # type: ignore[attr-defined]

        done = submit(request, stage_form, run_stage)
    elif action == "election":

        def run_election(data: dict[str, Any]) -> tuple[str, str]:
            election = services.election_create(
                actor=user,
                congress=congress,
                kind=data["kind"],
                seats=data["seats"],
                alternates=data["alternates"] or 0,
                committee_present=data["committee_present"],
            )
            return f"Đã mở cuộc {str(election).lower()}.", reverse("election_detail", args=[election.pk])

        done = submit(request, election_form, run_election)
    if done is not None:
        return done
    proposal = PersonnelProposal.objects.filter(congress=congress).first()
    errors = any(f.errors for f in (plan_form, stage_form, election_form))
    names = selectors.can_see_names(user, congress)  # the elections and the people elected: not for a viewer
    return render(
        request,
        "congresses/congress.html",
        {
            "congress": congress,
            "stages": selectors.stage_rows(congress),
            "late": selectors.is_late(congress, today()),
            "proposal": proposal,
            "elections": list(congress.elections.all()),
            "winners": selectors.winners(congress) if names else {},
            "names": names,
            "plan_form": plan_form,
            "stage_form": stage_form,
            "election_form": election_form,
            "can_write": selectors.can_write(user, congress),
            "can_approve": selectors.can_approve(user, congress),
        },
        status=400 if errors else 200,
    )


@login_required
def congress_proposal(request: HttpRequest, congress_id: int) -> HttpResponse:
    """Đề án nhân sự: the numbers to elect, the targets, and the structure of the lists against them."""
    user = user_of(request)
    congress = _congress(request, congress_id)
    proposal = PersonnelProposal.objects.filter(congress=congress).first()
    initial: dict[str, Any] = {"on": today()}
    if proposal is not None:
        initial.update(
            {name: getattr(proposal, name) for name in services.ProposalInput.__dataclass_fields__}
        )
    else:
        initial.update(
            {
                "standing_size": 0,
                "deputies": 1,
                "delegates": 0,
                "alternates": 0,
                "young_percent": 10,
                "women_percent": 15,
                "minority_percent": 0,
            }
        )
    form = ProposalForm(posted(request), initial=initial)

    def run(data: dict[str, Any]) -> tuple[str, str]:
        values = {name: data[name] for name in services.ProposalInput.__dataclass_fields__}
        services.proposal_save(
            actor=user, congress=congress, data=services.ProposalInput(**values), on=data["on"]
        )
        return "Đã ghi đề án nhân sự.", reverse("congress_proposal", args=[congress.pk])

    done = submit(request, form, run)
    if done is not None:
        return done
    lists: list[dict[str, Any]] = [
        {"election": e, "structure": selectors.list_structure(e, proposal), "count": e.candidates.count()}
        for e in congress.elections.filter(previous__isnull=True)
    ]
    extra_note = None
    committee = next((row for row in lists if row["election"].kind == Election.Kind.COMMITTEE), None)
    if committee is not None:
        from dangbo.congresses.rules import extra_prepared_note

        proposed = committee["election"].candidates.filter(proposed_by_committee=True).count()
        extra_note = extra_prepared_note(seats=committee["election"].seats, prepared=proposed)
    return render(
        request,
        "congresses/proposal.html",
        {
            "congress": congress,
            "proposal": proposal,
            "form": form,
            "lists": lists,
            "extra_note": extra_note,
            "can_write": selectors.can_write(user, congress),
        },
        status=400 if form.errors else 200,
    )


def _election(request: HttpRequest, election_id: int) -> Election:
    user = user_of(request)
    if request.method == "POST":
        with writable_only():
            return selectors.election_for(user, election_id, write=True)
    with visible_only():
        return selectors.election_for(user, election_id)


@login_required
def election_detail(request: HttpRequest, election_id: int) -> HttpResponse:
    """An election: the list (add, remove, check, open), then the ballots one by one or the tally,
    the count and its result, the further round on a tie."""
    user = user_of(request)
    election = _election(request, election_id)
    congress = election.congress
    here = reverse("election_detail", args=[election.pk])
    action = request.POST.get("action", "") if request.method == "POST" else ""
    candidates = list(election.candidates.all())
    choices = [(c.pk, c.full_name) for c in candidates]
    member_choices = [
        (m.pk, f"{m.full_name} ({format_date(m.birth_date)})")
        for m in selectors.member_options(congress, election)[:500]
    ]
    candidate_form = CandidateForm(
        posted(request) if action == "add" else None, choices=member_choices, prefix="c"
    )
    ballot_form = BallotForm(posted(request) if action == "ballot" else None, choices=choices, prefix="b")
    count_form = CountForm(
        posted(request) if action == "count" else None, initial={"issued": election.present}, prefix="k"
    )
    tally_form = TallyForm(
        posted(request) if action == "tally" else None,
        candidates=choices,
        initial={"issued": election.present},
        prefix="t",
    )
    done = None
    if action == "add":

        def run_add(data: dict[str, Any]) -> tuple[str, str]:
            member = Member.objects.get(pk=data["member"])
            services.candidate_add(
                actor=user,
                election=election,
                member=member,
                proposed_by_committee=data["proposed_by_committee"],
                approvals=data["approvals"],
            )
            return f"Đã đưa {member.full_name} vào danh sách.", here

        done = submit(request, candidate_form, run_add)
    elif action == "ballot":

        def run_ballot(data: dict[str, Any]) -> tuple[str, str]:
            ballot = services.ballot_enter(
                actor=user,
                election=election,
                marks=data["marks"],
                valid=not data["invalid"],
                invalid_reason=data["invalid_reason"],
            )
            return f"Đã nhập phiếu số {ballot.number}.", here + "#nhap-phieu"

        done = submit(request, ballot_form, run_ballot)
    elif action == "count":

        def run_count(data: dict[str, Any]) -> tuple[str, str]:
            services.election_count(actor=user, election=election, issued=data["issued"], on=data["on"])
            return "Đã kiểm phiếu.", here

        done = submit(request, count_form, run_count)
    elif action == "tally":

        def run_tally(data: dict[str, Any]) -> tuple[str, str]:
            tally = Tally(
                issued=data["issued"],
                returned=data["returned"],
                valid=data["valid"],
                invalid=data["invalid"],
                votes=tally_form.votes(),
            )
            services.election_count(
                actor=user, election=election, issued=data["issued"], tally=tally, on=data["on"]
            )
            return "Đã ghi kết quả kiểm phiếu.", here

        done = submit(request, tally_form, run_tally)
    elif action in ("open", "undo", "further", "remove"):
        done = _simple_action(request, user, election, action, here)
    if done is not None:
        return done
    proposal = PersonnelProposal.objects.filter(congress=congress).first()
    list_errors = services._list_violations(election, len(candidates))
    errors = any(f.errors for f in (candidate_form, ballot_form, count_form, tally_form)) or bool(
        request.method == "POST" and action in ("open", "undo", "further", "remove")
    )
    return render(
        request,
        "congresses/election.html",
        {
            "election": election,
            "congress": congress,
            "rows": selectors.election_rows(election),
            "structure": selectors.list_structure(election, proposal),
            "list_errors": list_errors,
            "ballots": list(election.ballots.all().order_by("-number")[:10]),
            "ballot_total": selectors.ballot_count(election),
            "names": dict(choices),
            "candidate_form": candidate_form,
            "ballot_form": ballot_form,
            "count_form": count_form,
            "tally_form": tally_form,
            "vote_fields": [tally_form[key] for key in tally_form.vote_fields],
            "can_write": selectors.can_write(user, congress) and congress.stage != "approved",
            "has_further": hasattr(election, "further_round"),
            "tied": [c for c in candidates if c.result == Candidate.Result.TIED],
            "action_error": getattr(request, "_action_error", ""),
        },
        status=400 if errors else 200,
    )


def _simple_action(
    request: HttpRequest, user: Any, election: Election, action: str, here: str
) -> HttpResponse | None:
    from django.contrib import messages
    from django.shortcuts import redirect

    from dangbo.core.exceptions import ApplicationError

    try:
        if action == "open":
            services.election_open(actor=user, election=election)
            message, url = "Đã chốt danh sách, bắt đầu bỏ phiếu.", here
        elif action == "undo":
            services.ballot_remove_last(actor=user, election=election)
            message, url = "Đã xóa phiếu nhập sau cùng.", here + "#nhap-phieu"
        elif action == "remove":
            candidate = election.candidates.filter(pk=request.POST.get("candidate") or 0).first()
            if candidate is None:
                raise ApplicationError("Không có người này trong danh sách.", field="member")
            services.candidate_remove(actor=user, candidate=candidate)
            message, url = f"Đã bỏ {candidate.full_name} khỏi danh sách.", here
        else:
            further = services.election_further_round(actor=user, election=election)
            message, url = (
                f"Đã lập danh sách {str(further).lower()}.",
                reverse("election_detail", args=[further.pk]),
            )
    except ApplicationError as error:
        request._action_error = error.message  # type: ignore[attr-defined]
        return None
    messages.success(request, message)
    return redirect(url)


@login_required
@require_safe
def election_minutes(request: HttpRequest, election_id: int) -> HttpResponse:
    """Biên bản kiểm phiếu (DOCX) of a counted election."""
    election = _election(request, election_id)
    if election.status != Election.Status.COUNTED:
        return render(
            request,
            "congresses/refused.html",
            {
                "message": "Cuộc bầu cử chưa kiểm phiếu: chưa có biên bản.",
                "back": reverse("election_detail", args=[election.pk]),
            },
            status=404,
        )
    _audit_export(request, election, "export.election_minutes", "Biên bản kiểm phiếu")
    content = minutes.render_minutes(minutes.minutes_data(election))
    name = f"bien-ban-kiem-phieu-{election.congress.organization.code}-{election.kind}-{election.round_number}.docx"
    return _download(content, name, DOCX)


@login_required
@require_safe
def election_xlsx(request: HttpRequest, election_id: int) -> HttpResponse:
    election = _election(request, election_id)
    _audit_export(request, election, "export.election_results", "Kết quả bầu cử")
    content = exports.election_xlsx(election, selectors.election_rows(election))
    name = xlsx.file_name("Kết quả bầu cử", election.congress.organization.code, election.pk)
    return _download(content, name, XLSX)


def _audit_export(request: HttpRequest, election: Election, action: str, what: str) -> None:
    """The minutes and results name the candidates and their votes: an export of personal data."""
    organization = election.congress.organization
    export_record(
        actor=user_of(request),
        action=action,
        label=f"{what}: {election} — {organization.name}",
        organization=organization,
        details={"election": election.pk},
    )
