"""Reads of the admission pipeline, through the user's scope.

Candidates' personal data is confidential like a member's record: a read-only viewer sees the counts
per stage of the organizations in their scope, never a name; a role that sees personal data (a cell
secretary on their cell, the staff of a grassroots organization, …) sees the candidates of its subtree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings

from dangbo.accounts.scope import authorize, path_in_scope, scoped
from dangbo.admissions import rules
from dangbo.admissions.models import Candidate, CandidateStep
from dangbo.core.exceptions import NotFound
from dangbo.members.models import Member, MemberPeriod, Status
from dangbo.organizations.models import Organization

if TYPE_CHECKING:
    from dangbo.accounts.models import User


def admission_settings() -> rules.AdmissionSettings:
    return rules.build_settings(settings.DANGBO_ADMISSION_RULES)


def pipeline_organization(user: User, code: str) -> Organization:
    """The organization with `code` in the user's scope (read): NotFound outside it, the same message
    as an unknown code."""
    code = (code or "").strip().upper()
    organization = Organization.objects.filter(code=code).first() if code else None
    if organization is None or not path_in_scope(user, organization.path):
        raise NotFound(f"Không có tổ chức đảng mã “{code}”.")
    return organization


def pipeline_cell(user: User, code: str, *, write: bool = False) -> Organization:
    """A cell in the user's scope whose candidates they may see (write: may change)."""
    cell = pipeline_organization(user, code)
    if not cell.is_cell:
        raise NotFound(f"{cell.name} không phải là chi bộ; quần chúng ưu tú thuộc một chi bộ.")
    authorize(user, cell, personal=True, write=write)
    return cell


def candidate_for(user: User, candidate_id: int, *, write: bool = False) -> Candidate:
    """A candidate of the user's scope (NotFound outside; PersonalDataDenied through a viewer's role)."""
    candidate = Candidate.objects.select_related("organization", "member").filter(pk=candidate_id).first()
    if candidate is None or not path_in_scope(user, candidate.organization.path):
        raise NotFound("Không có quần chúng này.")
    authorize(user, candidate.organization, personal=True, write=write)
    return candidate


def steps_of(candidate: Candidate) -> dict[str, CandidateStep]:
    return {
        s.kind: s for s in CandidateStep.objects.filter(candidate=candidate).select_related("recorded_by")
    }


def done_on(steps: dict[str, CandidateStep]) -> dict[str, date]:
    return {kind: step.done_on for kind, step in steps.items()}


def official_members(cell: Organization, day: date) -> list[Member]:
    """The cell's official members on the books on `day` (the register's periods, never typed in)."""
    ids = MemberPeriod.objects.filter(
        organization=cell, status=Status.OFFICIAL, valid_from__lte=day, valid_to__gt=day
    ).values("member_id")
    return list(Member.objects.filter(pk__in=ids).order_by("sort_key", "id"))


@dataclass
class Row:
    """A candidate as the list shows them."""

    candidate: Candidate
    cell_name: str
    parent_name: str
    stage: str
    stage_label: str
    missing: list[str]
    alerts: list[rules.Alert]


@dataclass
class Overview:
    organization: Organization
    today: date
    counts: dict[str, int]  # stage → open candidates (and those admitted), in the order of rules.STAGES
    total: int
    closed: int
    stuck: int
    incomplete: int
    rows: list[Row] = field(default_factory=list)  # only those the user may see by name
    hidden: int = 0  # candidates counted but not named (outside the user's personal-data scope)
    settings: rules.AdmissionSettings = field(default_factory=rules.AdmissionSettings)

    @property
    def stage_rows(self) -> list[tuple[str, str, int]]:
        return [(key, rules.STAGE_LABELS[key], self.counts.get(key, 0)) for key in rules.STAGES]

    def as_json(self) -> dict[str, object]:
        return {
            "organization": self.organization.code,
            "name": self.organization.name,
            "as_of": self.today.isoformat(),
            "stages": {key: self.counts.get(key, 0) for key in rules.STAGES},
            "stage_labels": dict(rules.STAGE_LABELS),
            "total": self.total,
            "closed": self.closed,
            "alerts": {"stuck": self.stuck, "incomplete_before_resolution": self.incomplete},
        }


def pipeline_overview(user: User, organization: Organization, today: date) -> Overview:
    """The candidates of the organization's subtree: counts per stage for everyone who may read the
    organization; the rows by name only where the user sees personal data."""
    authorize(user, organization)
    config = admission_settings()
    candidates = list(
        Candidate.objects.filter(organization__path__under=organization.path)
        .select_related("organization", "organization__parent")
        .order_by("sort_key", "id")
    )
    steps: dict[int, dict[str, date]] = {c.pk: {} for c in candidates}
    for candidate_id, kind, day in CandidateStep.objects.filter(candidate_id__in=list(steps)).values_list(
        "candidate_id", "kind", "done_on"
    ):
        steps[candidate_id][kind] = day
    counts: Counter[str] = Counter()
    overview = Overview(organization, today, {}, 0, 0, 0, 0, settings=config)
    personal_paths = {
        c.organization.path: path_in_scope(user, c.organization.path, personal=True) for c in candidates
    }
    for candidate in candidates:
        if candidate.closed_on is not None:
            overview.closed += 1
            continue
        done = steps[candidate.pk]
        stage = rules.stage(done)
        counts[stage] += 1
        found = rules.alerts(
            listed_on=candidate.listed_on,
            done_on=done,
            resolution_planned_on=candidate.resolution_planned_on,
            today=today,
            settings=config,
        )
        overview.stuck += any(a.kind == "stuck" for a in found)
        overview.incomplete += any(a.kind == "incomplete" for a in found)
        if not personal_paths[candidate.organization.path]:
            overview.hidden += 1
            continue
        parent = candidate.organization.parent
        overview.rows.append(
            Row(
                candidate=candidate,
                cell_name=candidate.organization.name,
                parent_name=parent.name if parent else "",
                stage=stage,
                stage_label=rules.STAGE_LABELS[stage],
                missing=[rules.STEP_INFO[s].label for s in rules.missing(done)]
                if stage != rules.ADMITTED
                else [],
                alerts=found,
            )
        )
    overview.counts = {key: counts.get(key, 0) for key in rules.STAGES}
    overview.total = sum(counts.values())
    return overview


def cells_for_new_candidates(user: User, organization: Organization) -> list[Organization]:
    """The active cells of the subtree where the user may list a new candidate."""
    cells = scoped(
        user,
        Organization.objects.filter(
            path__under=organization.path,
            kind__in=["grassroots_cell", "affiliated_cell"],
            ended_on__isnull=True,
        ),
        "path",
        write=True,
    )
    return list(cells.order_by("path"))


@dataclass
class ChecklistItem:
    """A line of the candidate's checklist: the step, whether done (its row), whether it may be
    recorded now and by this user, and who records it otherwise."""

    key: str
    label: str
    source: str
    step: CandidateStep | None
    in_dossier: bool
    ready: bool  # the steps it rests on are done
    allowed: bool  # the user may record it
    who: str  # who records it, in words


def grassroots_organization(cell: Organization) -> Organization:
    """The grassroots organization (TCCSĐ) of a cell: itself for a grassroots cell."""
    node: Organization | None = cell
    while node is not None and not node.is_grassroots:
        node = node.parent
    return node or cell


def checklist(
    user: User, candidate: Candidate, steps: dict[str, CandidateStep], today: date
) -> list[ChecklistItem]:
    from dangbo.members import selectors as member_selectors

    cell = candidate.organization
    done = done_on(steps)
    open_ = candidate.is_open
    writes_cell = path_in_scope(user, cell.path, write=True)
    grassroots = grassroots_organization(cell)
    decider = member_selectors.event_decider("admission", cell, today)
    items = []
    for key in rules.STEPS:
        info = rules.STEP_INFO[key]
        if key == rules.PROPOSAL:
            allowed = path_in_scope(user, grassroots.path, write=True)
            who = f"Đảng ủy cơ sở ({grassroots.name})" if grassroots.pk != cell.pk else f"{cell.name}"
        elif key == rules.DECISION:
            allowed = decider.allows(user)
            who = f"{decider.authority.who}" + (f" ({decider.name})" if decider.name else "")
        else:
            allowed = writes_cell
            who = f"Chi bộ ({cell.name})"
        items.append(
            ChecklistItem(
                key=key,
                label=info.label,
                source=info.source,
                step=steps.get(key),
                in_dossier=key in rules.DOSSIER,
                ready=open_ and key not in done and not rules.step_violations(key, done),
                allowed=allowed and open_,
                who=who,
            )
        )
    return items
