"""Every write of the annual review: self-assessment, proposal, decision, lock, correction, award.

A decision runs the rules (dangbo.evaluations.rules). In the live workflow a violation blocks the
decision unless it is overridden with a recorded reason; a historical record (entered after the
fact, e.g. from an import) is kept as decided and its violations are stored as flags.
"""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from dangbo.accounts.scope import authorize, path_in_scope
from dangbo.audit.services import audit_record, snapshot
from dangbo.core.exceptions import ApplicationError, Conflict, PermissionDenied, RuleViolation
from dangbo.core.text import nfc
from dangbo.evaluations import rules
from dangbo.evaluations.locks import lock_grassroots
from dangbo.evaluations.models import (
    Award,
    CapRaise,
    MemberRating,
    OrganizationRating,
    RatingCorrection,
    ReviewCycle,
)
from dangbo.evaluations.quarter_selectors import member_quarters, organization_quarters
from dangbo.evaluations.rules.checks import points as score_points
from dangbo.evaluations.selectors import (
    collective_cap_counts,
    effective_cap_counts,
    group_percent,
    member_histories,
)
from dangbo.evaluations.tallies import headcounts_take, tally_cells
from dangbo.members.models import Member
from dangbo.organizations.models import CELL_KINDS, Organization, OrganizationVersion, path_ids
from dangbo.organizations.selectors import grassroots_of

if TYPE_CHECKING:
    from dangbo.accounts.models import User

STAGES = ("self", "proposal", "decision")
_RATING_FIELDS = (
    "self_rank",
    "self_assessment",
    "proposed_rank",
    "rank",
    "not_rated_reason",
    "decision_number",
    "override_reason",
)

_MEMBER_FACTS = ("targets_met_percent", "sick_leave_months", "decline_concluded", "disciplined_in_year")
_ORG_FIELDS = (
    "exemplary",
    "sub_units_disciplined",
    "score",
    "tasks_done_percent",
    "shortcomings_fixed",
    "self_score_general",
    "self_score_results",
    "proposed_score_general",
    "proposed_score_results",
    "decided_score_general",
    "decided_score_results",
    "tasks_exceeding_percent",
    "tasks_on_time",
)
# the 100-point score and the conditions of the levels (from 2025), the temporary cell's comment
_SCORE_FIELDS = (
    "self_score_general",
    "self_score_results",
    "proposed_score_general",
    "proposed_score_results",
    "decided_score_general",
    "decided_score_results",
    "tasks_exceeding_percent",
    "tasks_on_time",
)


def rule_settings() -> rules.RuleSettings:
    """The rule settings in force (settings.DANGBO_RULES: the unconfirmed rules)."""
    from django.conf import settings

    declared: dict[str, Any] = settings.DANGBO_RULES
    return rules.RuleSettings(**declared, quarters=quarter_rules())


def quarter_rules() -> rules.quarters.QuarterRules:
    """What a quarter's rating requires of the year's (settings.DANGBO_QUARTER_RULES: UNCONFIRMED)."""
    from django.conf import settings

    declared: dict[str, Any] = settings.DANGBO_QUARTER_RULES
    ceiling = str(declared["ceiling"] or "").strip().upper()
    ranks = {code: rank for rank, code in rules.CODES.items()}
    if ceiling and ceiling not in ranks:
        raise ValueError(
            f"DANGBO_QUARTER_CEILING must be one of {', '.join(ranks)} or empty, not {ceiling!r}"
        )
    return rules.quarters.QuarterRules(
        first_year=int(declared["first_year"]), ceiling=ranks.get(ceiling), blocks=bool(declared["blocks"])
    )


def rating_score(rating: MemberRating | OrganizationRating) -> Decimal | None:
    """The 100-point score the rules read (from 2025): the decision's (a collective's decided
    total, else the decision's two parts), else the proposal's (appraisal), else the
    self-assessment's."""
    if isinstance(rating, OrganizationRating) and rating.score is not None:
        return Decimal(rating.score)
    for general, results in (
        (rating.decided_score_general, rating.decided_score_results),
        (rating.proposed_score_general, rating.proposed_score_results),
    ):
        total = rules.score_total(general, results, year=rating.year)
        if total is not None:
            return total
    return rules.score_total(rating.self_score_general, rating.self_score_results, year=rating.year)


def _score_parts(
    rating: MemberRating | OrganizationRating, stage: str
) -> tuple[Decimal | None, Decimal | None]:
    """The score's two parts as recorded at a step: the decision's, the proposal's, the self's."""
    if stage == "decision":
        return rating.decided_score_general, rating.decided_score_results
    if stage == "proposal":
        return rating.proposed_score_general, rating.proposed_score_results
    return rating.self_score_general, rating.self_score_results


def decision_score_start(rating: MemberRating | OrganizationRating) -> tuple[Decimal | None, Decimal | None]:
    """The parts a decision starts from: the decision's own, else the proposal's, else the
    self-assessment's (a page prefills them; a decision given none keeps them)."""
    for stage in ("decision", "proposal", "self"):
        parts = _score_parts(rating, stage)
        if parts != (None, None):
            return parts
    return None, None


def _set_score(
    rating: MemberRating | OrganizationRating,
    stage: str,
    general: Decimal | None,
    results: Decimal | None,
    year: int,
) -> None:
    """The score's two parts entered at the self-assessment, the proposal or the decision. Both
    None: kept, and a decision without parts of its own takes those it starts from (the proposal's,
    else the self-assessment's: decision_score_start), so that the decided score is on the record.
    At the decision both parts are needed once one is given."""
    the_scheme = scheme(year)
    if general is None and results is None:
        if stage == "decision" and the_scheme.scored:
            rating.decided_score_general, rating.decided_score_results = decision_score_start(rating)
        return
    if not the_scheme.scored:
        raise ApplicationError(
            f"Năm {year} không chấm điểm theo thang 100 điểm ({the_scheme.cite('regime')}).",
            field="score_general" if general is not None else "score_results",
        )
    if stage == "decision" and (general is None or results is None):
        missing, field = (
            ("tiêu chí chung", "score_general")
            if general is None
            else ("kết quả thực hiện nhiệm vụ", "score_results")
        )
        raise ApplicationError(
            f"Phải nhập điểm {missing} của quyết định (hoặc để trống cả hai phần để giữ điểm đề xuất).",
            field=field,
        )
    try:
        rules.score_total(general, results, year=year)
    except ValueError as error:
        field = "score_general" if "tiêu chí chung" in str(error) else "score_results"
        raise ApplicationError(str(error), field=field) from None
    if stage == "self":
        rating.self_score_general, rating.self_score_results = general, results
    elif stage == "proposal":
        rating.proposed_score_general, rating.proposed_score_results = general, results
    else:
        rating.decided_score_general, rating.decided_score_results = general, results


def scheme(year: int) -> rules.Scheme:
    try:
        return rules.scheme_for(int(year))
    except (rules.UnknownYear, TypeError, ValueError):
        raise ApplicationError(
            f"Năm “{year}” không hợp lệ: chưa có quy định đánh giá, xếp loại.", field="year"
        ) from None


def check_year(year: int, *, today: date | None = None) -> rules.Scheme:
    current = (today or timezone.localdate()).year
    if not isinstance(year, int) or year < 1990 or year > current:
        raise ApplicationError(f"Năm “{year}” không hợp lệ (từ 1990 đến {current}).", field="year")
    return scheme(year)


def _rank(value: Any, year: int, *, for_members: bool) -> int | None:
    if value in (None, ""):
        return None
    try:
        rank = int(value)
    except (TypeError, ValueError):
        rank = 0
    if rank not in (1, 2, 3, 4):
        the_scheme = scheme(year)
        levels = the_scheme.member_levels if for_members else the_scheme.organization_levels
        names = "; ".join(level.label for level in levels)
        raise ApplicationError(
            f"Mức xếp loại “{value}” không thuộc quy định năm {year} ({names}).", field="rank"
        )
    return rank


def _year_end(year: int) -> date:
    return date(year, 12, 31)


def locked_cycle(path: str, year: int) -> ReviewCycle | None:
    """The locked cycle of `year` covering a node with this path, if any."""
    return ReviewCycle.objects.filter(
        year=year, organization_id__in=path_ids(path), stage=ReviewCycle.Stage.LOCKED
    ).first()


def _refuse_if_locked(path: str, year: int) -> None:
    cycle = locked_cycle(path, year)
    if cycle is not None:
        raise Conflict(
            f"Kết quả đánh giá năm {year} đã được phê duyệt và khóa sổ; chỉ sửa bằng quyết định điều chỉnh (ghi rõ lý do).",
            field="year",
        )


def _chain(path: str, day: date) -> list[tuple[int, str]]:
    """(organization id, kind) from the root down to the node with this path, as on `day`."""
    ids = path_ids(path)
    kinds = dict(
        OrganizationVersion.objects.filter(
            organization_id__in=ids, valid_from__lte=day, valid_to__gt=day
        ).values_list("organization_id", "kind")
    )
    return [(i, kinds[i]) for i in ids if i in kinds]


def _authority_name(authority: rules.Authority, day: date) -> tuple[str, str]:
    """The deciding organization's name and path on `day` ("", "" when it is not in the system)."""
    if authority.organization_id is None:
        return "", ""
    version = OrganizationVersion.objects.filter(
        organization_id=authority.organization_id, valid_from__lte=day, valid_to__gt=day
    ).first()
    return (version.name, version.path) if version is not None else ("", "")


@dataclass(frozen=True)
class DecidingLevel:
    """Cấp có thẩm quyền quyết định xếp loại: who decides, their organization's name and path."""

    authority: rules.Authority
    name: str
    path: str
    year: int

    def allows(self, user: User) -> bool:
        if user.is_superuser:
            return True
        return bool(self.path) and path_in_scope(user, self.path, write=True)

    def refusal(self, what: str) -> str:
        return rules.decision_refusal(what, self.authority, self.name, year=self.year)


def member_deciding_level(cell_path: str, year: int) -> DecidingLevel:
    """Who decides the ratings of the members of the cell with this path (domain.md §2)."""
    day = _year_end(year)
    authority = rules.member_authority(_chain(cell_path, day), settings=rule_settings())
    return DecidingLevel(authority, *_authority_name(authority, day), year)


def organization_deciding_level(path: str, year: int) -> DecidingLevel:
    """Who decides the rating of the organization with this path (domain.md §2)."""
    day = _year_end(year)
    authority = rules.organization_authority(_chain(path, day))
    return DecidingLevel(authority, *_authority_name(authority, day), year)


def rating_deciding_level(rating: MemberRating | OrganizationRating) -> DecidingLevel:
    """Who decides (and so corrects) this rating."""
    if isinstance(rating, MemberRating):
        return member_deciding_level(member_year_facts(rating.member, rating.year)["path"], rating.year)
    version = _organization_version(rating.organization, rating.year)
    return organization_deciding_level(version.path, rating.year)


def _check_facts(targets_met_percent: Decimal | None, sick_leave_months: Decimal | None, name: str) -> None:
    if targets_met_percent is not None and not Decimal(0) <= Decimal(targets_met_percent) <= Decimal(100):
        raise ApplicationError(
            f"Tỷ lệ hoàn thành chỉ tiêu, nhiệm vụ của {name} phải từ 0 đến 100 %.",
            field="targets_met_percent",
        )
    if sick_leave_months is not None and not Decimal(0) <= Decimal(sick_leave_months) <= Decimal(12):
        raise ApplicationError(
            f"Số tháng nghỉ ốm trong năm của {name} phải từ 0 đến 12.", field="sick_leave_months"
        )


def member_year_facts(member: Member, year: int) -> dict[str, Any]:
    """Where the member was reviewed (the cell on the year's last day on the books) and the facts
    that the rules need, taken from the member's history (rules.rating.place, as the import does)."""
    history = member_histories([member.pk], {year})[member.pk]
    placement = rules.rating.place(history.stays, year)
    if placement is None:
        raise Conflict(f"{member.full_name} không có trong danh sách đảng viên năm {year}.", field="member")
    day = placement.day
    version = OrganizationVersion.objects.filter(
        organization_id=placement.organization_id, valid_from__lte=day, valid_to__gt=day
    ).first()
    if version is None:
        raise Conflict(f"Không xác định được chi bộ của {member.full_name} năm {year}.", field="member")
    grassroots = grassroots_of(version, day)
    if grassroots is None:
        raise Conflict(f"{version.name} không thuộc tổ chức cơ sở đảng nào.", field="member")
    facts = rules.rating.MemberYear(
        year=year,
        admitted_on=member.admitted_on,
        exempted=placement.exempted,
        on_books_at_end=placement.on_books_at_end,
        disciplined_in_year=rules.rating.disciplined_in(history.discipline_days, year),
        suspended=rules.rating.suspended_at(history.suspensions, placement.day),
        quarters=member_quarters([member.pk], year).get(member.pk, ()),
    )
    return {
        "organization_id": placement.organization_id,
        "grassroots_id": grassroots,
        "path": version.path,
        "disciplined_in_year": facts.disciplined_in_year,
        "not_rated_reason": rules.rating.member_not_rated(facts, settings=rule_settings()),
        "facts": facts,
    }


def _member_year(rating: MemberRating, facts: dict[str, Any]) -> rules.rating.MemberYear:
    """The member's facts of the year (member_year_facts) with those recorded on the rating."""
    return dataclasses.replace(
        facts["facts"],
        disciplined_in_year=rating.disciplined_in_year,
        decline_concluded=rating.decline_concluded,
        targets_met_percent=rating.targets_met_percent,
        sick_leave_months=Decimal(rating.sick_leave_months or 0),
        score=rating_score(rating),
        tasks_exceeding_percent=rating.tasks_exceeding_percent,
        tasks_on_time=rating.tasks_on_time,
    )


def _effective_rank(rating: MemberRating) -> int | None:
    if rating.rank is not None:
        return rating.rank
    return rating.proposed_rank if not rating.not_rated_reason else None


def _cap_others(year: int, grassroots_id: int, member_id: int) -> rules.CapCounts:
    """HTXSNV and HTTNV members of the grassroots organization in the year, but for this member."""
    return effective_cap_counts(year, grassroots_id, but=member_id)


def _cap_changes(
    rating: MemberRating, previous: tuple[int | None, int | None], settings: rules.RuleSettings
) -> list[rules.rating.CapChange]:
    """The cap's counts around the change of one member's rating: `previous` is the (grassroots id,
    counted rank) the member had before it. Counted in the member's grassroots organization and,
    when the member moved, in the one left (losing an HTTNV member can put it over)."""
    previous_group, previous_rank = previous
    changes: list[rules.rating.CapChange] = []
    if not settings.excellent_cap_enabled:
        return changes
    for group in sorted({g for g in (rating.grassroots_id, previous_group) if g is not None}):
        before = previous_rank if previous_group == group else None
        after = rating.rank if rating.grassroots_id == group else None
        if not rules.rating.moves_cap(before, after):
            continue  # moves neither count the wrong way: nothing to count
        where = Organization.objects.get(pk=group).name if group != rating.grassroots_id else ""
        others = _cap_others(rating.year, group, rating.member_id)
        percent = group_percent(rating.year, group, CapRaise.Group.MEMBERS, settings)
        changes.append(rules.rating.cap_change(others, before, after, where, percent=percent))
    return changes


def _member_violations(
    rating: MemberRating,
    facts: dict[str, Any],
    settings: rules.RuleSettings,
    previous: tuple[int | None, int | None] = (None, None),
) -> list[rules.Violation]:
    # every change that moves the cap's numerator or denominator: an HTXSNV added, an HTTNV lowered
    # or not rated (the others count with their decided rank or, not decided yet, the proposal)
    return rules.rating.member_violations(
        rating.rank,
        _member_year(rating, facts),
        settings=settings,
        cap=_cap_changes(rating, previous, settings),
    )


def _settle(
    rating: MemberRating | OrganizationRating,
    violations: list[rules.Violation],
    override_reason: str,
    historical: bool,
) -> None:
    override_reason = nfc(override_reason or "")
    rating.flags = [asdict(v) for v in violations]
    # a rule the setting makes warn (the cap of 2023–2024) is flagged, never refused
    blocking = rules.rating.blocking(violations, year=rating.year, settings=rule_settings())
    if blocking and not historical and not override_reason:
        raise RuleViolation(
            " ".join(v.message for v in blocking)
            + " Nếu vẫn quyết định như vậy, hãy ghi lý do vượt quy tắc.",
            field="rank",
        )
    rating.override_reason = override_reason if violations else ""


@transaction.atomic
def member_rating_record(
    *,
    actor: User,
    member: Member,
    year: int,
    stage: str,
    rank: Any,
    decision_number: str = "",
    decision_date: date | None = None,
    override_reason: str = "",
    targets_met_percent: Decimal | None = None,
    sick_leave_months: Decimal | None = None,
    decline_concluded: bool | None = None,
    record_facts: bool = False,
    self_assessment: str | None = None,
    historical: bool = False,
    settings: rules.RuleSettings | None = None,
    score_general: Decimal | None = None,
    score_results: Decimal | None = None,
    tasks_exceeding_percent: Decimal | None = None,
    tasks_on_time: bool | None = None,
    temporary_cell: str | None = None,
    temporary_comment: str | None = None,
) -> MemberRating:
    """Record one step of a member's review: the self-assessment (tự đánh giá, with the short text
    of the member's tự kiểm điểm), the cell's proposal, or the decision of the competent level
    (the grassroots committee: member_deciding_level). The facts the rules use (targets met, sick
    leave, a concluded decline) are kept when None, unless `record_facts` (then None clears the
    percentage). A historical record (entered after the fact) skips the deciding level's check:
    it transcribes a decision already taken. From 2025 (QĐ 366) the score's two parts are entered
    at the self-assessment and at the proposal (`score_general` of 30, `score_results` of 70), with
    the share of tasks exceeding their target and whether all were on time; a member active
    temporarily elsewhere gets the temporary cell's comment (HD 43, 7.6)."""
    check_year(year)
    if stage not in STAGES:
        raise ApplicationError(f"Bước “{stage}” không hợp lệ.", field="stage")
    level = _rank(rank, year, for_members=True)
    _check_facts(targets_met_percent, sick_leave_months, member.full_name)
    if tasks_exceeding_percent is not None and not 0 <= Decimal(tasks_exceeding_percent) <= 100:
        raise ApplicationError(
            f"Tỷ lệ nhiệm vụ vượt mức của {member.full_name} phải từ 0 đến 100 %.",
            field="tasks_exceeding_percent",
        )
    facts = member_year_facts(member, year)
    authorize(actor, facts["path"], write=True)
    _refuse_if_locked(facts["path"], year)
    if stage == "decision" and not historical:
        deciding = member_deciding_level(facts["path"], year)
        authorize(actor, deciding.path, write=True, refusal=deciding.refusal("đảng viên"), field="rank")
    # the cap counts the grassroots organization's ratings: its writers take turns (locks.py)
    recorded_group = (
        MemberRating.objects.filter(member=member, year=year).values_list("grassroots_id", flat=True).first()
    )
    locked = lock_grassroots([facts["grassroots_id"], recorded_group])
    rating = MemberRating.objects.select_for_update().filter(
        member=member, year=year
    ).first() or MemberRating(member=member, year=year)
    if rating.pk and rating.grassroots_id not in locked:  # moved meanwhile (a concurrent write)
        lock_grassroots([rating.grassroots_id])
    before = snapshot(rating, (*_RATING_FIELDS, *_MEMBER_FACTS, *_SCORE_FIELDS)) if rating.pk else None
    previous_cell = rating.organization_id if rating.pk else None
    previous = (rating.grassroots_id, _effective_rank(rating)) if rating.pk else (None, None)
    rating.organization_id = facts["organization_id"]
    rating.grassroots_id = facts["grassroots_id"]
    rating.disciplined_in_year = facts["disciplined_in_year"]
    if targets_met_percent is not None or record_facts:
        rating.targets_met_percent = targets_met_percent
    if sick_leave_months is not None:
        rating.sick_leave_months = sick_leave_months
    if decline_concluded is not None:
        rating.decline_concluded = decline_concluded
    _set_score(rating, stage, score_general, score_results, year)
    if tasks_exceeding_percent is not None:
        rating.tasks_exceeding_percent = tasks_exceeding_percent
    if tasks_on_time is not None:
        rating.tasks_on_time = tasks_on_time
    if temporary_cell is not None:
        rating.temporary_cell = nfc(temporary_cell).strip()
    if temporary_comment is not None:
        rating.temporary_comment = nfc(temporary_comment).strip()
    if stage == "self":
        rating.self_rank = level
        if self_assessment is not None:
            rating.self_assessment = nfc(self_assessment).strip()
    elif stage == "proposal":
        rating.proposed_rank = level
    else:
        if not nfc(decision_number or "") and not historical:
            raise ApplicationError(
                "Phải nhập số quyết định (hoặc thông báo) xếp loại.", field="decision_number"
            )
        rating.rank = level
        rating.not_rated_reason = facts["not_rated_reason"] or "" if level is None else ""
        if level is None and not rating.not_rated_reason:
            raise Conflict("Phải chọn mức xếp loại (đảng viên này thuộc diện được xếp loại).", field="rank")
        rating.decision_number = nfc(decision_number or "")
        rating.decision_date = decision_date
        rating.decided_by = actor if actor.pk else None
        the_settings = settings or rule_settings()
        _settle(
            rating, _member_violations(rating, facts, the_settings, previous), override_reason, historical
        )
    rating.version = (rating.version or 0) + 1
    rating.save()
    tally_cells(year, (previous_cell, rating.organization_id))
    audit_record(
        actor=actor,
        action=f"rating.member.{stage}",
        target=rating,
        label=f"{member.full_name} — {year}",
        before=before,
        after=snapshot(rating, (*_RATING_FIELDS, *_MEMBER_FACTS, *_SCORE_FIELDS)),
        scope_path=facts["path"],
    )
    return rating


def _organization_version(organization: Organization, year: int) -> OrganizationVersion:
    day = _year_end(year)
    version = OrganizationVersion.objects.filter(
        organization=organization, valid_from__lte=day, valid_to__gt=day
    ).first()
    if version is None:
        raise ApplicationError(
            f"{organization.name} không hoạt động vào ngày 31/12/{year}.", field="organization"
        )
    return version


def sub_ranks(version: OrganizationVersion, year: int) -> list[int]:
    """The decided ranks of a cell's members, or of a committee's direct sub-units, for the year."""
    if version.kind in CELL_KINDS:
        ranks = MemberRating.objects.filter(
            year=year, organization_id=version.organization_id, rank__isnull=False
        ).values_list("rank", flat=True)
        return [r for r in ranks if r is not None]
    day = _year_end(year)
    children = OrganizationVersion.objects.filter(
        parent_id=version.organization_id, valid_from__lte=day, valid_to__gt=day
    )
    unit_ranks = OrganizationRating.objects.filter(
        year=year, organization_id__in=children.values("organization_id"), rank__isnull=False
    ).values_list("rank", flat=True)
    return [r for r in unit_ranks if r is not None]


def _sub_unit_count(version: OrganizationVersion, year: int) -> int:
    """The organizations directly below on 31/12 of the year (a cell has none)."""
    if version.kind in CELL_KINDS:
        return 0
    day = _year_end(year)
    return OrganizationVersion.objects.filter(
        parent_id=version.organization_id, valid_from__lte=day, valid_to__gt=day
    ).count()


def _collective_cap(
    rating: OrganizationRating,
    version: OrganizationVersion,
    previous_rank: int | None,
    settings: rules.RuleSettings,
) -> list[rules.rating.CapChange]:
    """From 2025 the cap counts collectives too, within their group of comparable collectives
    (rules.organization_cap_group; the group's recorded raise, if any): the change of this one."""
    the_scheme = scheme(rating.year)
    if not the_scheme.cap_covers_collectives or not rules.cap_applies(rating.year, settings):
        return []
    if not rules.rating.moves_cap(previous_rank, rating.rank):
        return []
    group = rules.organization_cap_group(_chain(version.path, _year_end(rating.year)))
    if group is None:
        return []
    others = collective_cap_counts(rating.year, group, but=rating.organization_id)
    percent = group_percent(rating.year, group.organization_id, group.group, settings)
    head = Organization.objects.get(pk=group.organization_id).name
    where = f"Nhóm {CapRaise.Group(group.group).label.lower()} của {head}"
    return [
        rules.rating.cap_change(others, previous_rank, rating.rank, where, percent=percent, who="tổ chức")
    ]


def _decided_total(rating: OrganizationRating, score: Decimal | None, *, parts_given: bool) -> Decimal | None:
    """A collective's decided total (OrganizationRating.score) beside the decision's two parts: the
    parts' sum when they were entered (a total given with them must be that sum); a total given
    alone stands, and parts that do not add up to it are not kept (the decision gave no parts)."""
    total = rules.score_total(rating.decided_score_general, rating.decided_score_results, year=rating.year)
    if parts_given:
        if score is not None and total is not None and Decimal(score) != total:
            raise ApplicationError(
                f"Điểm quyết định ({score_points(Decimal(score))}) phải bằng tổng hai phần "
                f"({score_points(total)}).",
                field="score",
            )
        return total
    if score is not None:
        if total is not None and Decimal(score) != total:
            rating.decided_score_general = rating.decided_score_results = None
        return score
    return total if rating.score is None else None


def _organization_violations(
    rating: OrganizationRating, version: OrganizationVersion, previous_rank: int | None = None
) -> list[rules.Violation]:
    if rating.rank is None:
        return []
    settings = rule_settings()
    is_cell = version.kind in CELL_KINDS
    facts = rules.rating.OrganizationYear(
        year=rating.year,
        established_on=version.organization.established_on,
        is_cell=is_cell,
        sub_ranks=tuple(sub_ranks(version, rating.year)),
        sub_units=0 if is_cell else _sub_unit_count(version, rating.year),
        exemplary=rating.exemplary,
        leadership_disciplined=rating.leadership_disciplined,
        leadership_warning_or_above=rating.leadership_warning_or_above,
        sub_units_disciplined=rating.sub_units_disciplined,
        disunity_concluded=rating.disunity_concluded,
        quarters=organization_quarters(rating.organization_id, rating.year),
        score=rating_score(rating),
        tasks_done_percent=rating.tasks_done_percent,
        tasks_exceeding_percent=rating.tasks_exceeding_percent,
        tasks_on_time=rating.tasks_on_time,
        shortcomings_fixed=rating.shortcomings_fixed,
    )
    return rules.rating.organization_violations(
        rating.rank, facts, settings=settings, cap=_collective_cap(rating, version, previous_rank, settings)
    )


@transaction.atomic
def organization_rating_record(
    *,
    actor: User,
    organization: Organization,
    year: int,
    stage: str,
    rank: Any,
    exemplary: bool = False,
    score: Decimal | None = None,
    decision_number: str = "",
    decision_date: date | None = None,
    override_reason: str = "",
    leadership_disciplined: bool = False,
    leadership_warning_or_above: bool = False,
    disunity_concluded: bool = False,
    sub_units_disciplined: int | None = None,
    not_rated_reason: str = "",
    self_assessment: str | None = None,
    historical: bool = False,
    score_general: Decimal | None = None,
    score_results: Decimal | None = None,
    tasks_done_percent: Decimal | None = None,
    tasks_exceeding_percent: Decimal | None = None,
    tasks_on_time: bool | None = None,
    shortcomings_fixed: bool | None = None,
) -> OrganizationRating:
    """Record one step of a collective's review (tự đánh giá, đề xuất, quyết định). The decision is
    taken by the competent level (organization_deciding_level): the grassroots committee for its
    partial committees and affiliated cells, the superior for a grassroots organization."""
    check_year(year)
    if stage not in STAGES:
        raise ApplicationError(f"Bước “{stage}” không hợp lệ.", field="stage")
    level = _rank(rank, year, for_members=False)
    version = _organization_version(organization, year)
    authorize(actor, organization, write=True)
    _refuse_if_locked(version.path, year)
    if stage == "decision" and not historical:
        deciding = organization_deciding_level(version.path, year)
        authorize(
            actor, deciding.path, write=True, refusal=deciding.refusal(f"“{version.name}”"), field="rank"
        )
    if score is not None and not Decimal(0) <= Decimal(score) <= Decimal(100):
        raise ApplicationError("Điểm phải từ 0 đến 100.", field="score")
    if sub_units_disciplined is not None:
        units = _sub_unit_count(version, year)
        if version.kind in CELL_KINDS and sub_units_disciplined:
            raise ApplicationError(
                "Chi bộ không có tổ chức trực thuộc: số tổ chức trực thuộc bị kỷ luật phải là 0.",
                field="sub_units_disciplined",
            )
        if not 0 <= sub_units_disciplined <= units:
            raise ApplicationError(
                f"Số tổ chức trực thuộc bị kỷ luật phải từ 0 đến {units} (số tổ chức trực thuộc "
                f"của {version.name} ngày 31/12/{year}).",
                field="sub_units_disciplined",
            )
    rating = (
        OrganizationRating.objects.select_for_update().filter(organization=organization, year=year).first()
    )
    rating = rating or OrganizationRating(organization=organization, year=year)
    before = snapshot(rating, (*_RATING_FIELDS, *_ORG_FIELDS)) if rating.pk else None
    # the decided rank before (a proposal is not counted as decided: the decision is checked against
    # the group's other collectives, decided or proposed)
    previous_rank = rating.rank if rating.pk else None
    for value, what, field in (
        (tasks_done_percent, "Tỷ lệ hoàn thành nhiệm vụ", "tasks_done_percent"),
        (tasks_exceeding_percent, "Tỷ lệ nhiệm vụ vượt mức", "tasks_exceeding_percent"),
    ):
        if value is not None and not 0 <= Decimal(value) <= 100:
            raise ApplicationError(f"{what} của {version.name} phải từ 0 đến 100 %.", field=field)
    _set_score(rating, stage, score_general, score_results, year)
    if stage == "decision" and scheme(year).scored:
        score = _decided_total(
            rating, score, parts_given=score_general is not None or score_results is not None
        )
    if tasks_done_percent is not None:
        rating.tasks_done_percent = tasks_done_percent
    if tasks_exceeding_percent is not None:
        rating.tasks_exceeding_percent = tasks_exceeding_percent
    if tasks_on_time is not None:
        rating.tasks_on_time = tasks_on_time
    if shortcomings_fixed is not None:
        rating.shortcomings_fixed = shortcomings_fixed
    rating.leadership_disciplined = leadership_disciplined
    rating.leadership_warning_or_above = leadership_warning_or_above
    rating.disunity_concluded = disunity_concluded
    if sub_units_disciplined is not None:
        rating.sub_units_disciplined = sub_units_disciplined
    if score is not None:
        rating.score = score
    if stage == "self":
        rating.self_rank = level
        if self_assessment is not None:
            rating.self_assessment = nfc(self_assessment).strip()
    elif stage == "proposal":
        rating.proposed_rank = level
    else:
        if not nfc(decision_number or "") and not historical:
            raise ApplicationError("Phải nhập số quyết định xếp loại.", field="decision_number")
        rating.rank = level
        rating.exemplary = bool(exemplary)
        if rating.exemplary and level != rules.HTXSNV:
            # not a rule to override: tiêu biểu is chosen among the top-rated only
            raise RuleViolation(
                rules.exemplary_violations(level or rules.KHTNV, True, scheme(year))[0].message,
                field="exemplary",
            )
        reason = nfc(not_rated_reason or "") or (
            rules.organization_not_rated_reason(
                year=year, established_on=organization.established_on, settings=rule_settings()
            )
            or ""
        )
        rating.not_rated_reason = reason if level is None else ""
        if level is None and not rating.not_rated_reason:
            raise ApplicationError("Phải chọn mức xếp loại hoặc ghi lý do không xếp loại.", field="rank")
        rating.decision_number = nfc(decision_number or "")
        rating.decision_date = decision_date
        rating.decided_by = actor if actor.pk else None
        _settle(rating, _organization_violations(rating, version, previous_rank), override_reason, historical)
    rating.version = (rating.version or 0) + 1
    rating.save()
    audit_record(
        actor=actor,
        action=f"rating.organization.{stage}",
        target=rating,
        label=f"{organization.name} — {year}",
        before=before,
        after=snapshot(rating, (*_RATING_FIELDS, *_ORG_FIELDS)),
        scope_path=version.path,
    )
    return rating


@transaction.atomic
def review_cycle_lock(
    *,
    actor: User,
    organization: Organization,
    year: int,
    decision_number: str,
    decision_date: date | None = None,
) -> ReviewCycle:
    """Phê duyệt và khóa sổ: after this, the year's ratings in the subtree change only by correction."""
    check_year(year)
    authorize(actor, organization, write=True)
    if not nfc(decision_number or ""):
        raise ApplicationError("Phải nhập số quyết định phê duyệt.", field="decision_number")
    version = _organization_version(organization, year)
    _refuse_if_locked(version.path, year)
    cycle, _ = ReviewCycle.objects.get_or_create(organization=organization, year=year)
    cycle.stage = ReviewCycle.Stage.LOCKED
    cycle.locked_at = timezone.now()
    cycle.locked_by = actor if actor.pk else None
    cycle.decision_number = nfc(decision_number)
    cycle.decision_date = decision_date
    cycle.save()
    headcounts_take(year, version.path)  # the locked year's denominator, fixed from now on
    audit_record(
        actor=actor,
        action="review.lock",
        target=cycle,
        label=f"{organization.name} — {year}",
        after={
            "stage": cycle.stage,
            "decision_number": cycle.decision_number,
            "decision_date": decision_date.isoformat() if decision_date else None,
        },
        scope_path=version.path,
    )
    return cycle


def _snapshot(rating: MemberRating | OrganizationRating) -> dict[str, Any]:
    data: dict[str, Any] = {"rank": rating.rank, "not_rated_reason": rating.not_rated_reason}
    if isinstance(rating, OrganizationRating):
        data["exemplary"] = rating.exemplary
    return data


@transaction.atomic
def rating_correct(
    *,
    actor: User,
    rating: MemberRating | OrganizationRating,
    rank: Any,
    reason: str,
    decision_number: str,
    exemplary: bool | None = None,
    not_rated_reason: str = "",
) -> RatingCorrection:
    """Điều chỉnh: change a decided rating (of a locked year too), keeping who, why and the decision."""
    reason = nfc(reason or "")
    if not reason:
        raise ApplicationError("Phải ghi lý do điều chỉnh.", field="reason")
    if not nfc(decision_number or ""):
        raise ApplicationError("Phải nhập số quyết định điều chỉnh.", field="decision_number")
    is_member = isinstance(rating, MemberRating)
    level = _rank(rank, rating.year, for_members=is_member)
    authorize(actor, rating.organization, write=True)
    what = "đảng viên" if isinstance(rating, MemberRating) else f"“{rating.organization.name}”"
    deciding = rating_deciding_level(rating)
    authorize(actor, deciding.path, write=True, refusal=deciding.refusal(what), field="rank")
    not_rated_reason = nfc(not_rated_reason or "")
    if level is None and not not_rated_reason:
        raise ApplicationError(
            "Điều chỉnh sang “không xếp loại” phải ghi lý do không xếp loại.", field="rank"
        )
    previous: tuple[int | None, int | None] = (None, None)
    if isinstance(rating, MemberRating):
        lock_grassroots([rating.grassroots_id])  # before counting for the cap (locks.py)
        rating.refresh_from_db()
        lock_grassroots([rating.grassroots_id])  # no-op unless it moved before the lock
        previous = (rating.grassroots_id, _effective_rank(rating))
    before = _snapshot(rating)
    rating.rank = level
    rating.not_rated_reason = "" if level is not None else not_rated_reason
    if isinstance(rating, OrganizationRating):
        if exemplary is not None:
            rating.exemplary = exemplary
        elif level != rules.HTXSNV:
            rating.exemplary = False  # lowered: no longer tiêu biểu
        if rating.exemplary and level != rules.HTXSNV:
            raise ApplicationError(
                "Chỉ tổ chức hoàn thành xuất sắc nhiệm vụ mới được chọn tiêu biểu.", field="exemplary"
            )
        version = _organization_version(rating.organization, rating.year)
        rating.flags = [asdict(v) for v in _organization_violations(rating, version)]
    else:
        facts = member_year_facts(rating.member, rating.year)
        # a correction is recorded as decided, with its reason and decision: a broken rule (the
        # cap too, moved either way) is flagged, not refused
        rating.flags = [asdict(v) for v in _member_violations(rating, facts, rule_settings(), previous)]
    rating.version += 1
    rating.save()
    if isinstance(rating, MemberRating):
        tally_cells(rating.year, [rating.organization_id])
    correction = RatingCorrection.objects.create(
        member_rating=rating if isinstance(rating, MemberRating) else None,
        organization_rating=rating if isinstance(rating, OrganizationRating) else None,
        before=before,
        after=_snapshot(rating),
        reason=reason,
        decision_number=nfc(decision_number),
        corrected_by=actor if actor.pk else None,
    )
    audit_record(
        actor=actor,
        action="rating.correct",
        target=rating,
        before=before,
        after={**_snapshot(rating), "reason": reason, "decision_number": correction.decision_number},
        scope_path=rating.organization.path,
    )
    return correction


@transaction.atomic
def award_record(
    *,
    actor: User,
    kind: str,
    year: int,
    title: str,
    given_by: str,
    decision_number: str,
    decision_date: date,
    member: Member | None = None,
    organization: Organization | None = None,
    consecutive_years: int | None = None,
) -> Award:
    """Khen thưởng: only HTXSNV members and organizations may be commended (HD 21)."""
    check_year(year)
    if kind not in Award.Kind.values:
        raise ApplicationError("Hình thức khen thưởng phải là giấy khen hoặc bằng khen.", field="kind")
    if (member is None) == (organization is None):
        raise ApplicationError("Chọn một đảng viên hoặc một tổ chức được khen thưởng.", field="member")
    for field, value in (("title", title), ("given_by", given_by), ("decision_number", decision_number)):
        if not nfc(value or ""):
            label = {
                "title": "nội dung khen thưởng",
                "given_by": "cấp khen thưởng",
                "decision_number": "số quyết định",
            }[field]
            raise ApplicationError(f"Phải nhập {label}.", field=field)
    if member is not None:
        rated = MemberRating.objects.filter(member=member, year=year, rank=rules.HTXSNV).exists()
        authorize(actor, member.organization, write=True)
    else:
        assert organization is not None
        rated = OrganizationRating.objects.filter(
            organization=organization, year=year, rank=rules.HTXSNV
        ).exists()
        authorize(actor, organization, write=True)
    if not rated:
        raise RuleViolation(rules.commendation_refusal(year), field="year")
    award = Award.objects.create(
        kind=kind,
        year=year,
        title=nfc(title),
        given_by=nfc(given_by),
        decision_number=nfc(decision_number),
        decision_date=decision_date,
        member=member,
        organization=organization,
        consecutive_years=consecutive_years,
        recorded_by=actor if actor.pk else None,
    )
    audit_record(
        actor=actor,
        action="award.create",
        target=award,
        after=snapshot(award, ("kind", "year", "title", "member_id", "organization_id", "decision_number")),
        scope_path=member.organization.path
        if member is not None
        else organization.path
        if organization
        else "",
    )
    return award


def _lock_for_members(members: list[Member], year: int) -> list[int]:
    """Lock, before a list is written, the grassroots organizations of all its members at once (in
    id order: locking them member by member, two lists could take two of them in opposite orders)."""
    groups = set(
        MemberRating.objects.filter(year=year, member__in=members).values_list("grassroots_id", flat=True)
    )
    for member in members:
        try:
            groups.add(member_year_facts(member, year)["grassroots_id"])
        except ApplicationError:
            continue  # said with the member's line when the list is written
    return lock_grassroots(groups)


def _cap_decided(year: int, grassroots_id: int) -> rules.CapCounts:
    counts = dict(
        MemberRating.objects.filter(
            year=year, grassroots_id=grassroots_id, rank__in=(rules.HTXSNV, rules.HTTNV)
        )
        .values_list("rank")
        .annotate(n=Count("id"))
        .order_by()
    )
    return rules.CapCounts(counts.get(rules.HTXSNV, 0), counts.get(rules.HTTNV, 0))


def _facts_arguments(entered: dict[str, Any] | None) -> dict[str, Any]:
    if entered is None:
        return {}
    allowed = ("targets_met_percent", "sick_leave_months", "decline_concluded", *_SCORE_ARGUMENTS)
    return {"record_facts": True, **{k: v for k, v in entered.items() if k in allowed}}


# what a list's line may carry from 2025 (member_rating_record's arguments)
_SCORE_ARGUMENTS = (
    "score_general",
    "score_results",
    "tasks_exceeding_percent",
    "tasks_on_time",
    "temporary_cell",
    "temporary_comment",
)


def _score_arguments(entered: dict[str, Any] | None) -> dict[str, Any]:
    return {k: v for k, v in (entered or {}).items() if k in _SCORE_ARGUMENTS}


@transaction.atomic
def member_ratings_propose(
    *,
    actor: User,
    year: int,
    proposals: list[tuple[Member, Any]],
    facts: dict[int, dict[str, Any]] | None = None,
) -> list[MemberRating]:
    """Đề xuất của chi bộ for a list at once, with the facts the rules use: all lines or none."""
    _lock_for_members([member for member, _ in proposals], year)
    saved = []
    for index, (member, rank) in enumerate(proposals, start=1):
        try:
            saved.append(
                member_rating_record(
                    actor=actor,
                    member=member,
                    year=year,
                    stage="proposal",
                    rank=rank,
                    **_facts_arguments((facts or {}).get(member.pk)),
                )
            )
        except ApplicationError as error:
            raise type(error)(
                f"Dòng {index} ({member.full_name}): {error.message}", field=error.field
            ) from None
    return saved


@transaction.atomic
def member_self_assessments_record(
    *,
    actor: User,
    year: int,
    entries: list[tuple[Member, Any, str]],
    scores: dict[int, dict[str, Any]] | None = None,
) -> list[MemberRating]:
    """Tự đánh giá of a list of members (entered by the cell on their behalf): level and the short
    text of each member's tự kiểm điểm; all lines or none."""
    _lock_for_members([member for member, _, _ in entries], year)
    saved = []
    for index, (member, rank, text) in enumerate(entries, start=1):
        try:
            saved.append(
                member_rating_record(
                    actor=actor,
                    member=member,
                    year=year,
                    stage="self",
                    rank=rank,
                    self_assessment=text,
                    **_score_arguments((scores or {}).get(member.pk)),
                )
            )
        except ApplicationError as error:
            raise type(error)(
                f"Dòng {index} ({member.full_name}): {error.message}", field=error.field
            ) from None
    return saved


@transaction.atomic
def member_ratings_decide(
    *,
    actor: User,
    year: int,
    decisions: list[tuple[Member, Any]],
    decision_number: str,
    decision_date: date | None,
    override_reason: str = "",
    settings: rules.RuleSettings | None = None,
    facts: dict[int, dict[str, Any]] | None = None,
) -> list[MemberRating]:
    """Decide a list at once (the committee's meeting): every member's own rules per member, and the
    20 % cap on the final list of each grassroots organization, so the order does not matter.
    `facts` maps a member's id to the facts entered with the list (member_rating_record's
    targets_met_percent, sick_leave_months, decline_concluded; recorded as given)."""
    settings = settings or rule_settings()
    per_member = dataclasses.replace(settings, excellent_cap_enabled=False)
    members = [member for member, _ in decisions]
    groups = _lock_for_members(members, year)  # before counting (locks.py)
    before = {group: _cap_decided(year, group) for group in groups}
    previous_rank = dict(
        MemberRating.objects.filter(year=year, member__in=members).values_list("member_id", "rank")
    )
    saved = []
    # every row's refusal at once (each row's write rolls back to its savepoint), not one per submit
    refused: list[tuple[int, Member, ApplicationError]] = []
    for index, (member, rank) in enumerate(decisions, start=1):
        try:
            saved.append(
                member_rating_record(
                    actor=actor,
                    member=member,
                    year=year,
                    stage="decision",
                    rank=rank,
                    decision_number=decision_number,
                    decision_date=decision_date,
                    override_reason=override_reason,
                    settings=per_member,
                    **_facts_arguments((facts or {}).get(member.pk)),
                )
            )
        except ApplicationError as error:
            if isinstance(error, PermissionDenied) or error.field == "decision_number":
                raise type(error)(
                    f"Dòng {index} ({member.full_name}): {error.message}", field=error.field
                ) from None
            refused.append((index, member, error))
    if refused:
        first = refused[0][2]
        combined = type(first)(
            " ".join(f"Dòng {i} ({m.full_name}): {e.message}" for i, m, e in refused), field=first.field
        )
        # each refused row's reason and field, for the page to mark the rows
        combined.rows = {m.pk: (e.message, e.field) for _, m, e in refused}  # type: ignore[attr-defined]
        raise combined
    # every group whose counts the list moved: an HTXSNV added or an HTTNV lowered breaks the cap
    for grassroots_id in sorted(set(groups) | {r.grassroots_id for r in saved}):
        change = rules.rating.CapChange(
            before.get(grassroots_id, rules.CapCounts(0, 0)),
            _cap_decided(year, grassroots_id),
            percent=group_percent(year, grassroots_id, CapRaise.Group.MEMBERS, settings),
        )
        violations = rules.rating.cap_violations(change, year=year, settings=settings)
        if not violations:
            continue
        blocks = rules.rating.blocking(violations, year=year, settings=settings)
        if blocks and not nfc(override_reason or ""):
            name = Organization.objects.get(pk=grassroots_id).name
            raise RuleViolation(
                f"{name}: {violations[0].message} Nếu vẫn quyết định như vậy, hãy ghi lý do vượt quy tắc.",
                field="rank",
            )
        for rating in saved:
            moved_wrong_way = rules.rating.carries_cap_flag(previous_rank.get(rating.member_id), rating.rank)
            if rating.grassroots_id == grassroots_id and moved_wrong_way:
                rating.flags = [*rating.flags, asdict(violations[0])]
                rating.override_reason = nfc(override_reason)
                rating.save(update_fields=["flags", "override_reason"])
    return saved


@transaction.atomic
def cap_raise_record(
    *,
    actor: User,
    organization: Organization,
    year: int,
    group: str,
    percent: Any,
    decision_number: str,
    decision_date: date | None,
    reason: str = "",
) -> CapRaise:
    """Record the competent level's decision raising the HTXSNV cap of a group of comparable
    subjects to at most 25 % (QĐ 366, Điều 11, khoản 1.5): the organization heading the group
    decides (its members: the grassroots organization; its affiliated units: the grassroots
    committee; the grassroots organizations under it: the superior). A second decision for the
    same group replaces the figures; the earlier stay in the audit trail."""
    check_year(year)
    if group not in CapRaise.Group.values:
        raise ApplicationError("Phải chọn nhóm đối tượng.", field="group")
    try:
        value = Decimal(str(percent))
    except (ArithmeticError, ValueError):
        raise ApplicationError("Tỷ lệ tối đa phải là một số, ví dụ 25.", field="percent") from None
    refusal = rules.cap_raise_refusal(year, value, settings=rule_settings())
    if refusal:
        raise RuleViolation(refusal, field="percent")
    if not nfc(decision_number or ""):
        raise ApplicationError("Phải nhập số quyết định nâng giới hạn.", field="decision_number")
    if decision_date is None:
        raise ApplicationError("Phải nhập ngày quyết định.", field="decision_date")
    version = _organization_version(organization, year)
    authorize(actor, organization, write=True)
    _refuse_if_locked(version.path, year)
    kind = version.kind
    fits = {
        CapRaise.Group.MEMBERS: kind in ("grassroots_committee", "grassroots_cell"),
        CapRaise.Group.SUB_UNITS: kind == "grassroots_committee",
        CapRaise.Group.GRASSROOTS: kind not in CELL_KINDS
        and kind not in ("grassroots_committee", "partial_committee"),
    }[CapRaise.Group(group)]
    if not fits:
        raise ApplicationError(
            f"{version.name} không đứng đầu nhóm “{CapRaise.Group(group).label.lower()}”.", field="group"
        )
    raised = (
        CapRaise.objects.select_for_update().filter(organization=organization, year=year, group=group).first()
    )
    before = snapshot(raised, ("percent", "decision_number", "decision_date", "reason")) if raised else None
    raised = raised or CapRaise(organization=organization, year=year, group=group)
    raised.percent = value
    raised.decision_number = nfc(decision_number)
    raised.decision_date = decision_date
    raised.reason = nfc(reason or "").strip()
    raised.recorded_by = actor if actor.pk else None
    raised.save()
    audit_record(
        actor=actor,
        action="review.cap_raise",
        target=raised,
        label=f"{version.name} — {year}: {CapRaise.Group(group).label} {value}%",
        before=before,
        after=snapshot(raised, ("percent", "decision_number", "decision_date", "reason")),
        scope_path=version.path,
    )
    return raised
