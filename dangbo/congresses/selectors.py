"""Reads of the congress round, always through the user's scope: the rounds and congresses a user
may see, the progress of a round (how many reached each stage, how many are late), a congress's
proposal with the structure of its lists, an election's count."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from dangbo.accounts.scope import authorize, path_filter, path_in_scope
from dangbo.congresses import rules
from dangbo.congresses.models import (
    STAGE_DATE,
    STAGE_ORDER,
    Candidate,
    Congress,
    CongressRound,
    Election,
    PersonnelProposal,
    Stage,
)
from dangbo.core.dates import today
from dangbo.core.exceptions import NotFound, PermissionDenied
from dangbo.core.text import format_date, format_number, format_percent
from dangbo.organizations.models import Organization, path_ids

if TYPE_CHECKING:
    from dangbo.accounts.models import User

NOT_FOUND = "Không có đại hội này, hoặc bạn không có quyền xem."


def visible_congresses(user: User) -> QuerySet[Congress]:
    return Congress.objects.filter(path_filter(user, "path"))


def visible_rounds(user: User) -> list[CongressRound]:
    """Rounds with at least one congress the user may see, newest term first."""
    ids = visible_congresses(user).values("round_id")
    return list(
        CongressRound.objects.filter(pk__in=ids).select_related("organization").order_by("-term_start", "id")
    )


def round_for(user: User, round_id: int) -> CongressRound:
    round_ = CongressRound.objects.select_related("organization").filter(pk=round_id).first()
    if round_ is None or not visible_congresses(user).filter(round=round_).exists():
        raise NotFound(NOT_FOUND)
    return round_


def round_congresses(
    user: User, round_: CongressRound, *, under: Organization | None = None
) -> list[Congress]:
    rows = visible_congresses(user).filter(round=round_)
    if under is not None:
        rows = rows.filter(path__under=under.path)
    return list(rows.select_related("organization").order_by("path"))


def congress_for(user: User, congress_id: int, *, write: bool = False) -> Congress:
    congress = Congress.objects.select_related("round", "organization").filter(pk=congress_id).first()
    if congress is None or not path_in_scope(user, congress.path):
        raise NotFound(NOT_FOUND)
    if write:
        authorize(user, congress.organization, write=True)
    return congress


def election_for(user: User, election_id: int, *, write: bool = False) -> Election:
    election = (
        Election.objects.select_related("congress", "congress__round", "congress__organization")
        .filter(pk=election_id)
        .first()
    )
    if election is None or not path_in_scope(user, election.congress.path):
        raise NotFound(NOT_FOUND)
    if write:
        authorize(user, election.congress.organization, write=True)
    # the candidates, ballots and results by name: personal data (PersonalDataDenied for a viewer)
    authorize(user, election.congress.path, personal=True)
    return election


def can_write(user: User, congress: Congress) -> bool:
    return path_in_scope(user, congress.path, write=True)


def can_approve(user: User, congress: Congress) -> bool:
    parent = congress.organization.parent
    return path_in_scope(user, parent.path if parent is not None else congress.path, write=True)


# --- progress ---------------------------------------------------------------------------------------


def is_late(congress: Congress, day: date) -> bool:
    """Late (chậm so với kế hoạch): not held by its planned day, or held after it."""
    if congress.held_on is not None:
        return congress.held_on > congress.planned_on
    return congress.planned_on < day


@dataclass
class Progress:
    total: int
    day: date
    reached: dict[str, int] = field(default_factory=dict)  # stage → congresses at that stage or beyond
    held: int = 0
    late: list[Congress] = field(default_factory=list)
    late_not_held: int = 0
    late_held: int = 0

    def stages(self) -> list[dict[str, Any]]:
        return [
            {
                "stage": stage,
                "label": Stage(stage).label,
                "count": self.reached[stage],
                "percent": format_percent(self.reached[stage], self.total),
            }
            for stage in STAGE_ORDER
        ]


def progress(congresses: list[Congress], *, day: date | None = None) -> Progress:
    day = day or today()
    result = Progress(total=len(congresses), day=day, reached=dict.fromkeys(STAGE_ORDER, 0))
    for congress in congresses:
        index = congress.stage_index
        for stage in STAGE_ORDER[: index + 1]:
            result.reached[stage] += 1
        if is_late(congress, day):
            result.late.append(congress)
            if congress.held_on is None:
                result.late_not_held += 1
            else:
                result.late_held += 1
    result.held = result.reached[Stage.HELD]
    return result


def progress_json(pr: Progress, round_: CongressRound, organization: Organization) -> dict[str, Any]:
    return {
        "organization": {"code": organization.code, "name": organization.name},
        "term": round_.term,
        "as_of": pr.day.isoformat(),
        "total": pr.total,
        "held": pr.held,
        "late": len(pr.late),
        "late_not_held": pr.late_not_held,
        "late_held": pr.late_held,
        "stages": [
            {k: v for k, v in s.items() if k != "percent"} | {"percent": s["percent"]} for s in pr.stages()
        ],
        "late_organizations": [
            {
                "code": c.organization.code,
                "name": c.name,
                "planned_on": c.planned_on.isoformat(),
                "held_on": c.held_on.isoformat() if c.held_on else None,
                "stage": c.stage,
            }
            for c in pr.late
        ],
    }


def round_covering(organization: Organization, term_start: int) -> CongressRound | None:
    """The round of this term opened on the organization or on a node above it."""
    ids = path_ids(organization.path)
    rounds = CongressRound.objects.filter(organization_id__in=ids, term_start=term_start).select_related(
        "organization"
    )
    return max(rounds, key=lambda r: len(r.organization.path), default=None)


def subtree_progress(
    user: User, organization: Organization, term_start: int, *, day: date | None = None
) -> tuple[CongressRound, Progress] | None:
    authorize(user, organization)
    round_ = round_covering(organization, term_start)
    if round_ is None:
        return None
    return round_, progress(round_congresses(user, round_, under=organization), day=day)


def report_paragraph(user: User, organization: Organization, year: int) -> str | None:
    """A paragraph for the year's report: the congress round whose term starts in `year` or the
    year before (its congresses are held then), as of 31/12 of the year or today."""
    for term_start in (year, year - 1):
        found = subtree_progress(user, organization, term_start, day=min(date(year, 12, 31), today()))
        if found is None:
            continue
        round_, pr = found
        if pr.total == 0:
            continue
        late = (
            f"; {format_number(len(pr.late))} tổ chức chậm so với kế hoạch "
            f"({format_number(pr.late_held)} tổ chức tiến hành muộn, {format_number(pr.late_not_held)} "
            f"tổ chức quá ngày dự kiến chưa tiến hành)"
            if pr.late
            else "; không có tổ chức nào chậm so với kế hoạch"
        )
        return (
            f"Đại hội nhiệm kỳ {round_.term} (đến ngày {format_date(pr.day)}): "
            f"{format_number(pr.held)}/{format_number(pr.total)} tổ chức đảng đã tiến hành đại hội "
            f"({format_percent(pr.held, pr.total)}), trong đó {format_number(pr.reached[Stage.APPROVED])} "
            f"tổ chức đã được cấp trên chuẩn y kết quả{late}."
        )
    return None


# --- a congress ---------------------------------------------------------------------------------------


def stage_rows(congress: Congress) -> list[dict[str, Any]]:
    rows = [
        {"stage": Stage.PLANNED.value, "label": "Dự kiến tổ chức", "on": congress.planned_on, "done": True}
    ]
    for stage, attr in STAGE_DATE.items():
        on = getattr(congress, attr)
        rows.append({"stage": stage.value, "label": stage.label, "on": on, "done": on is not None})
    return rows


def congress_day(congress: Congress) -> date:
    return congress.held_on or congress.planned_on


def list_structure(election: Election, proposal: PersonnelProposal | None) -> list[rules.Line]:
    targets = (
        rules.Targets(proposal.young_percent, proposal.women_percent, proposal.minority_percent)
        if proposal is not None
        else rules.Targets()
    )
    people = [
        rules.Person(
            birth_date=c.member.birth_date,
            female=c.member.sex == "female",
            minority=(c.member.ethnicity or "Kinh").strip().lower() != "kinh",
        )
        for c in election.candidates.select_related("member")
    ]
    return rules.structure(people, on=congress_day(election.congress), targets=targets)


def election_rows(election: Election) -> list[dict[str, Any]]:
    """The candidates with their votes and share of the base, best first once counted."""
    candidates = list(election.candidates.select_related("member", "member__organization"))
    if election.status == Election.Status.COUNTED:
        candidates.sort(key=lambda c: (-(c.votes or 0), c.position))
    base = election.base or 0
    return [
        {
            "candidate": c,
            "age": rules.age_on(c.member.birth_date, congress_day(election.congress)),
            "percent": format_percent(c.votes or 0, base) if base and c.votes is not None else "",
            "majority": c.votes is not None and rules.has_majority(c.votes, base),
        }
        for c in candidates
    ]


def can_see_names(user: User, congress: Congress) -> bool:
    """The candidates and the people elected by name: not through a viewer's role."""
    return path_in_scope(user, congress.path, personal=True)


def winners(congress: Congress) -> dict[str, dict[str, list[Candidate]]]:
    """The final result per kind of election, over all its rounds (already scoped by the caller:
    can_see_names)."""
    result: dict[str, dict[str, list[Candidate]]] = {}
    rows = (
        Candidate.objects.filter(
            election__congress=congress,
            result__in=[Candidate.Result.ELECTED, Candidate.Result.ALTERNATE],
        )
        .select_related("election")
        .order_by("election__round_number", "-votes")
    )
    for c in rows:
        bucket = result.setdefault(c.election.get_kind_display(), {"elected": [], "alternates": []})
        bucket["elected" if c.result == Candidate.Result.ELECTED else "alternates"].append(c)
    return result


def ballot_count(election: Election) -> int:
    return election.ballots.count()


def member_options(congress: Congress, election: Election) -> QuerySet[Any]:
    """Official members of the congress's organization not yet on the list (for the select box)."""
    from dangbo.members.models import Member, Status

    return (
        Member.objects.filter(organization__path__under=congress.path, status=Status.OFFICIAL)
        .exclude(pk__in=election.candidates.values("member_id"))
        .order_by("sort_key")
    )


def check_access(user: User, congress: Congress) -> None:
    if not path_in_scope(user, congress.path):
        raise PermissionDenied(NOT_FOUND)
