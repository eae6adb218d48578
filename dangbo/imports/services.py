"""Every write of an import: the run's record, and the plan applied in one transaction.

The file is checked again inside the transaction that writes it, so what is written is exactly what
a check of the database as it stands allows; a single error anywhere and nothing is written.
The people's part (new organizations, profile changes, new members) starts as soon as the people
are checked, while the ratings still are (PeopleWrite); an error found after it rolls it back.
Organizations go through organization_establish, members with their events and periods through
imports.bulk (the same lifecycle state machine as the services), profile changes and events of
recorded members through the member services, awards through award_record; ratings, which can
number a hundred thousand, are written in bulk with the rules' flags computed on the whole list.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from dangbo.accounts.scope import scope_paths
from dangbo.audit.services import audit_record
from dangbo.core.dates import today as local_today
from dangbo.core.exceptions import ApplicationError
from dangbo.core.uploads import max_upload_bytes
from dangbo.evaluations.models import MemberRating, OrganizationRating
from dangbo.evaluations.services import award_record
from dangbo.evaluations.tallies import tally_cells
from dangbo.imports import bulk, values
from dangbo.imports.guard import OLD_EXCEL
from dangbo.imports.issues import IssueLog
from dangbo.imports.models import ImportIssue, ImportRun
from dangbo.imports.plan import CheckResult, Marks, check_workbook
from dangbo.imports.plan.base import Person, Plan
from dangbo.imports.plan.marks import Inserted
from dangbo.imports.plan.marks import stored as stored_marks
from dangbo.members import lifecycle
from dangbo.members.models import Member
from dangbo.members.services import member_record_event, member_update_profile
from dangbo.organizations.models import Organization
from dangbo.organizations.services import organization_establish

if TYPE_CHECKING:
    from dangbo.accounts.models import User

EXTENSIONS = (".xlsx", ".xlsm", ".ods")
ProgressFn = Callable[[str, int, int], None]  # (phase, done, total)

logger = logging.getLogger(__name__)

CHECKING = "Đang kiểm tra"
WRITING = "Đang ghi vào cơ sở dữ liệu"


@dataclass
class Written:
    organizations: int = 0
    members_new: int = 0
    members_updated: int = 0
    events: int = 0
    member_ratings_new: int = 0
    member_ratings_updated: int = 0
    organization_ratings_new: int = 0
    organization_ratings_updated: int = 0
    awards: int = 0

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name in self.__dataclass_fields__)

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass
class Outcome:
    result: CheckResult
    written: Written = field(default_factory=Written)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.result.ok


def _new_member(
    person: Person, real: Callable[[int], int], maybe: Callable[[int | None], int | None], *, mapped: bool
) -> bulk.NewMember:
    """What the writer needs of a new member; the organizations the file established get their ids."""
    state = person.state
    assert state is not None and person.periods is not None
    if not mapped:  # every organization was already recorded: the plan's objects as they are
        return bulk.NewMember(person.profile, person.events, state, person.periods, person.sources)
    return bulk.NewMember(
        profile=person.profile,
        events=[
            bulk.Event(
                e.kind,
                e.effective_on,
                maybe(e.to_id),
                e.details,
                e.decision_number,
                e.decision_date,
                e.issued_by,
                e.note,
            )
            for e in person.events
        ],
        state=lifecycle.State(
            status=state.status,
            organization_id=maybe(state.organization_id),
            temporary_organization_id=maybe(state.temporary_organization_id),
            exempted=state.exempted,
            admitted_on=state.admitted_on,
            official_on=state.official_on,
            ended_on=state.ended_on,
        ),
        periods=[
            lifecycle.Period(
                real(p.organization_id),
                maybe(p.temporary_organization_id),
                p.status,
                p.exempted,
                p.valid_from,
                p.valid_to,
            )
            for p in person.periods
        ],
        sources=[maybe(source) for source in person.sources],
    )


def _member_id(person: Person) -> int:
    assert person.member_id is not None, "written before"
    return person.member_id


def _actor_or_none(actor: User) -> User | None:
    return actor if actor.pk else None


class PeopleWrite:
    """The first part of a plan's writes: the new organizations and the profile changes (through
    their services, at once), then the new members with their events and periods, queued on a
    bulk.Writer that writes them in its own thread.

    The import starts it from check_workbook as soon as the people are checked (people_checked),
    so SQLite writes the members while the ratings are still being checked; apply_plan then waits
    for it. The lists of who is new, whose profile changes and who gets events are taken before
    anything is written: a new member's id is kept here, and given to the Person only once the
    whole file is checked (until then the ratings' checks must see the new members as new)."""

    def __init__(self, actor: User, stack: ExitStack) -> None:
        self.actor = actor
        self.stack = stack
        self.writer: bulk.Writer | None = None
        self.started = False
        self.failure: ApplicationError | None = None
        self.ids: dict[int, int] = {}  # temporary id of a new organization -> its id
        self.total = 0
        self.organizations = 0
        self.profiles = 0
        self.people: list[Person] = []
        self.member_ids: list[int] = []
        self.additions: list[Person] = []
        self.ratings: list[bulk.NewRating] = []  # queued on the writer by apply_plan
        self.first_rating: tuple[int, int] | None = None  # (member id, year) of the first one written

    def start(self, plan: Plan) -> None:
        """Write the organizations and profiles, queue the new members. A refusal of a service is
        kept in `failure` (the import then writes nothing); other errors propagate."""
        self.started = True
        self.total = plan.writes()
        profile_updates, self.people, self.additions = (
            plan.profile_updates,
            plan.new_people,
            plan.event_additions,
        )
        try:
            self._organizations(plan)
            for person in profile_updates:
                member = Member.objects.select_related("organization").get(pk=_member_id(person))
                member_update_profile(
                    actor=self.actor, member=member, changes=person.profile, expected_version=None
                )
                self.profiles += 1
        except ApplicationError as error:
            self.failure = error
            return
        # cell by cell: the indexes on the cell are then written in order rather than at random
        self.people = sorted(self.people, key=lambda p: p.cell_id or 0)
        mapped = bool(self.ids)
        new_members = [_new_member(person, self.real, self.maybe, mapped=mapped) for person in self.people]
        self.writer = self.stack.enter_context(bulk.writer())
        self.member_ids = bulk.insert_members(new_members, into=self.writer)

    def _organizations(self, plan: Plan) -> None:
        objects: dict[int, Organization] = {}
        for new in plan.new_orgs:
            parent = objects.get(new.parent_id) if new.parent_id is not None and new.parent_id < 0 else None
            if parent is None and new.parent_id is not None:
                parent = Organization.objects.get(pk=new.parent_id)
            created = organization_establish(
                actor=self.actor,
                code=new.org.code,
                name=new.org.name,
                kind=new.kind,
                sector=new.org.sector,
                parent=parent,
                effective_on=new.org.established_on,
                decision=new.decision,
            )
            self.ids[new.org.id] = created.pk
            objects[new.org.id] = created
            self.organizations += 1

    def real(self, org_id: int) -> int:
        return self.ids[org_id] if org_id < 0 else org_id

    def maybe(self, org_id: int | None) -> int | None:
        return None if org_id is None else self.real(org_id)

    def settle(self, plan: Plan) -> None:
        """After the whole check: the new members become recorded (their ids)."""
        if sorted(map(id, plan.new_people)) != sorted(map(id, self.people)):
            raise RuntimeError("the checks after the people changed who is new")  # a programming error
        for person, member_id in zip(self.people, self.member_ids, strict=True):
            person.member_id = member_id

    def inserted(self) -> Inserted:
        """What the writer inserted, for the run's marks."""
        ratings: dict[int, set[int]] = {}
        for rating in self.ratings:
            ratings.setdefault(rating.year, set()).add(rating.member_id)
        return Inserted(set(self.member_ids), ratings, self.first_rating)

    def cancel(self) -> None:
        if self.writer is not None:
            self.writer.cancel()

    def taken_meanwhile(self, error: BaseException) -> bool:
        """Did the error come from a member's number already taken (the writer's insert, or a read
        after it on the transaction it aborted)? Then the transaction is marked for rollback and
        the writer stopped: the caller reports the file as not written."""
        failure: BaseException | None = error
        if self.writer is not None:
            self.writer.batches.join()  # the writer's own error, once it has stopped
            failure = self.writer.error or error
        taken = isinstance(failure, (IntegrityError, _driver().IntegrityError))
        if not taken and connection.vendor == "sqlite":
            # sqlite3 may have read another statement's error code for the writer's failed INSERT
            # (bulk.Writer): a UNIQUE failure then comes as a DatabaseError of another class, or as
            # bulk.RowsNotWritten. The database says whether a number was taken: SQLite undid the
            # failed statement alone, so the transaction still reads (it is rolled back below).
            taken = isinstance(failure, (DatabaseError, _driver().DatabaseError)) and self._numbers_taken()
        if not taken:
            return False
        self.cancel()
        transaction.set_rollback(True)
        return True

    def _numbers_taken(self) -> bool:
        """Does another member than those written here hold a CCCD or card number of a new member?"""
        ours = set(self.member_ids)
        for column in ("cccd", "party_card_number"):
            numbers = sorted({n for p in self.people if (n := p.profile.get(column))})
            for start in range(0, len(numbers), bulk.CHUNK):
                chunk = numbers[start : start + bulk.CHUNK]
                found = Member.objects.filter(**{f"{column}__in": chunk}).values_list("pk", flat=True)
                if any(pk not in ours for pk in found):
                    return True
        return False


def apply_plan(
    plan: Plan,
    *,
    actor: User,
    progress: ProgressFn | None = None,
    people: PeopleWrite | None = None,
    before_drain: Callable[[], None] | None = None,
) -> Written:
    """Write the plan (the part a PeopleWrite started, if one is given). The caller holds the
    transaction. `before_drain`: called while the writer writes the last ratings, once the first is
    written, when nothing written after the writer touches a member or a member's rating (no events
    added to recorded members, no rating changed): the run's marks are read then."""
    with ExitStack() as stack:
        if people is None:
            people = PeopleWrite(actor, stack)
        if not people.started:
            people.start(plan)
        if people.failure is not None:
            raise people.failure
        return _apply(plan, actor=actor, progress=progress, people=people, before_drain=before_drain)


def _apply(
    plan: Plan,
    *,
    actor: User,
    progress: ProgressFn | None,
    people: PeopleWrite,
    before_drain: Callable[[], None] | None = None,
) -> Written:
    written = Written()
    total = people.total
    done = 0
    additions = people.additions

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(WRITING, min(done, total), total)

    step(0)
    real, maybe = people.real, people.maybe
    written.organizations = people.organizations
    written.members_updated = people.profiles
    people.settle(plan)
    written.members_new = len(people.people)
    written.events = sum(len(p.events) for p in people.people)
    step(people.organizations + people.profiles)

    decided_by = _actor_or_none(actor)
    new_ratings = [
        bulk.NewRating(
            member_id=_member_id(rating.person),
            year=rating.year,
            rank=rating.rank,
            not_rated_reason=rating.reason,
            decision_number=rating.decision_number,
            decision_date=rating.decision_date,
            decided_by_id=decided_by.pk if decided_by else None,
            flags=rating.flags,
            organization_id=real(rating.organization_id),
            grassroots_id=real(rating.grassroots_id),
            disciplined_in_year=rating.disciplined,
            decided_score_general=rating.decided_score_general,
            decided_score_results=rating.decided_score_results,
        )
        for rating in plan.ratings
        if not rating.existing_id
    ]
    assert people.writer is not None
    first = threading.Event()
    people.first_rating = bulk.insert_ratings(new_ratings, into=people.writer, first=first)
    people.ratings = new_ratings
    if before_drain is not None and not additions and not any(r.existing_id for r in plan.ratings):
        first.wait()  # the members are written, and the first rating
        if people.writer.error is None:
            before_drain()
    people.writer.drain()  # everything below goes through the ORM: the writer must be done
    step(len(people.people))
    step(len(new_ratings))
    written.member_ratings_new = len(new_ratings)

    for person in additions:
        member = Member.objects.get(pk=_member_id(person))
        targets = Organization.objects.in_bulk([real(e.to_id) for e in person.events if e.to_id is not None])
        for event in person.events:
            to_id = maybe(event.to_id)
            member_record_event(
                actor=actor,
                member=member,
                kind=event.kind,
                effective_on=event.effective_on,
                decision_number=event.decision_number,
                decision_date=event.decision_date,
                issued_by=event.issued_by,
                to_organization=targets[to_id] if to_id is not None else None,
                details=event.details,
                note=event.note or "",
            )
            written.events += 1
            step(1)

    written_at = timezone.now()
    changed = {r.existing_id: r for r in plan.ratings if r.existing_id}
    if changed:
        objects_by_id = MemberRating.objects.in_bulk(list(changed))
        for pk, rating in changed.items():
            row = objects_by_id[pk]
            row.organization_id = real(rating.organization_id)
            row.grassroots_id = real(rating.grassroots_id)
            row.rank = rating.rank
            row.not_rated_reason = rating.reason
            row.decision_number = rating.decision_number
            row.decision_date = rating.decision_date
            row.decided_by = decided_by
            row.disciplined_in_year = rating.disciplined
            row.flags = rating.flags
            row.override_reason = ""
            if rating.decided_score_general is not None:  # the file's score; else the record's stays
                row.decided_score_general = rating.decided_score_general
                row.decided_score_results = rating.decided_score_results
            row.version += 1
            row.updated_at = written_at  # bulk_update does not set auto_now fields
        MemberRating.objects.bulk_update(
            list(objects_by_id.values()),
            [
                "organization",
                "grassroots",
                "rank",
                "not_rated_reason",
                "decision_number",
                "decision_date",
                "decided_by",
                "disciplined_in_year",
                "flags",
                "override_reason",
                "decided_score_general",
                "decided_score_results",
                "version",
                "updated_at",
            ],
            batch_size=2000,
        )
        written.member_ratings_updated = len(changed)
        step(len(changed))

    cells_by_year: dict[int, set[int]] = defaultdict(set)  # the year's report counts by cell: keep it
    for rating in plan.ratings:
        cells_by_year[rating.year].add(real(rating.organization_id))
        if rating.previous_organization_id is not None:
            cells_by_year[rating.year].add(rating.previous_organization_id)
    for year, cells in sorted(cells_by_year.items()):
        tally_cells(year, cells)

    new_org_ratings = []
    changed_org = {r.existing_id: r for r in plan.org_ratings if r.existing_id}
    for org_rating in plan.org_ratings:
        if org_rating.existing_id:
            continue
        new_org_ratings.append(
            OrganizationRating(
                organization_id=real(org_rating.organization_id),
                year=org_rating.year,
                rank=org_rating.rank,
                exemplary=org_rating.exemplary,
                not_rated_reason=org_rating.reason,
                score=org_rating.score,
                decision_number=org_rating.decision_number,
                decision_date=org_rating.decision_date,
                decided_by=decided_by,
                flags=org_rating.flags,
            )
        )
    OrganizationRating.objects.bulk_create(new_org_ratings, batch_size=2000)
    written.organization_ratings_new = len(new_org_ratings)
    if changed_org:
        org_objects = OrganizationRating.objects.in_bulk(list(changed_org))
        for pk, org_rating in changed_org.items():
            item = org_objects[pk]
            item.rank = org_rating.rank
            item.exemplary = org_rating.exemplary
            item.not_rated_reason = org_rating.reason
            item.score = org_rating.score
            item.decision_number = org_rating.decision_number
            item.decision_date = org_rating.decision_date
            item.decided_by = decided_by
            item.flags = org_rating.flags
            item.override_reason = ""
            item.version += 1
            item.updated_at = written_at  # bulk_update does not set auto_now fields
        OrganizationRating.objects.bulk_update(
            list(org_objects.values()),
            [
                "rank",
                "exemplary",
                "not_rated_reason",
                "score",
                "decision_number",
                "decision_date",
                "decided_by",
                "flags",
                "override_reason",
                "version",
                "updated_at",
            ],
        )
        written.organization_ratings_updated = len(changed_org)
    step(len(plan.org_ratings))

    for award in plan.awards:
        award_record(
            actor=actor,
            kind=award.kind,
            year=award.year,
            title=award.title,
            given_by=award.given_by,
            decision_number=award.decision_number,
            decision_date=award.decision_date,
            member=Member.objects.get(pk=_member_id(award.person)) if award.person is not None else None,
            organization=Organization.objects.get(pk=real(award.organization_id))
            if award.organization_id is not None
            else None,
            consecutive_years=award.consecutive_years,
        )
        written.awards += 1
        step(1)
    return written


def import_workbook(
    data: bytes,
    *,
    actor: User,
    filename: str = "",
    dry_run: bool = False,
    progress: ProgressFn | None = None,
    today: date | None = None,
    run: ImportRun | None = None,
) -> Outcome:
    """Check the file and, when it has no error and this is not a dry run, write it: all or nothing.
    The import is recorded (an ImportRun, created here when none is given, and its audit entry) in
    the same transaction as what it writes. Nothing process-wide is changed here: the processes that
    import (the worker's task, the import_xlsx command) take dangbo.imports.tuning.tuned_for_import."""
    try:
        return _import_workbook(
            data, actor=actor, filename=filename, dry_run=dry_run, progress=progress, today=today, run=run
        )
    finally:
        values.choice_key.cache_clear()  # the file's names: not kept by the worker between imports


def _import_workbook(
    data: bytes,
    *,
    actor: User,
    filename: str,
    dry_run: bool,
    progress: ProgressFn | None,
    today: date | None,
    run: ImportRun | None,
) -> Outcome:
    started = time.perf_counter()
    day = today or local_today()

    def checking(done: int, total: int) -> None:
        if progress is not None:
            progress(CHECKING, done, total)

    if dry_run:
        result = check_workbook(data, actor=actor, today=day, filename=filename, progress=checking)
        return Outcome(result, seconds=time.perf_counter() - started)
    with transaction.atomic(), ExitStack() as stack:  # the writer's thread ends before the transaction
        people = PeopleWrite(actor, stack)
        marks = Marks()
        try:
            result = check_workbook(
                data,
                actor=actor,
                today=day,
                filename=filename,
                progress=checking,
                people_checked=people.start,
                marks=marks,
            )
        except (DatabaseError, _driver().DatabaseError) as error:  # Django's, or the writer's own
            if not people.taken_meanwhile(error):
                raise
            return _taken_meanwhile(started)
        if not result.ok or people.failure is not None:
            people.cancel()  # what it wrote is rolled back
            transaction.set_rollback(True)
            if people.failure is not None:
                _not_written(result, people.failure)
            return Outcome(result, seconds=time.perf_counter() - started)
        early: list[bytes] = []  # the run's marks, read while the writer writes the last ratings

        def marks_now() -> None:
            early.append(stored_marks(marks, result.plan.people, people.inserted()))

        try:
            written = apply_plan(
                result.plan,
                actor=actor,
                progress=progress,
                people=people,
                before_drain=marks_now if marks.capture else None,
            )
        except ApplicationError as error:  # a check the plan did not foresee: nothing is kept
            transaction.set_rollback(True)
            _not_written(result, error)
            return Outcome(result, seconds=time.perf_counter() - started)
        except (DatabaseError, _driver().DatabaseError) as error:  # Django's, or the writer's own
            if not people.taken_meanwhile(error):
                raise
            _not_written(result, ApplicationError(TAKEN_MEANWHILE))
            return Outcome(result, seconds=time.perf_counter() - started)
        if marks.capture and not early:  # after the drain: what _apply wrote then changes what they read
            marks_now()
        row_marks = early[0] if early else None
        outcome = Outcome(result, written, time.perf_counter() - started)
        _record(outcome, data=data, actor=actor, filename=filename, run=run, row_marks=row_marks)
    return outcome


def _driver() -> Any:
    """The DB-API module of the connection (sqlite3, psycopg): the writer's thread raises its errors."""
    return connection.Database  # type: ignore[attr-defined]


# A CCCD or card number of a new member written by someone else between the check and the write
# (another import of the same people at the same time): said without naming anyone.
TAKEN_MEANWHILE = (
    "số CCCD hoặc số thẻ đảng viên của một đảng viên mới trong tệp vừa được ghi cho một hồ sơ khác "
    "(có thể do một lần nhập khác chạy cùng lúc); hãy kiểm tra lại tệp rồi nhập lại."
)


def _taken_meanwhile(started: float) -> Outcome:
    """The checks failed on a transaction the writer's failed insert aborted: nothing is kept, and
    the file is reported as not written (its own checks could not finish)."""
    result = CheckResult(Plan(), IssueLog(), [], [], 0)
    _not_written(result, ApplicationError(TAKEN_MEANWHILE))
    return Outcome(result, seconds=time.perf_counter() - started)


def _not_written(result: CheckResult, error: ApplicationError) -> None:
    result.issues.error("", None, "", "", "", f"Không ghi được: {error.message} Không có gì được ghi.")


def _record(
    outcome: Outcome,
    *,
    data: bytes,
    actor: User,
    filename: str,
    run: ImportRun | None,
    row_marks: bytes | None = None,
) -> ImportRun:
    """Who imported which file, and what it wrote: the run and its audit entry (and the marks of
    its rows, for the next import)."""
    if run is not None:
        run.row_marks = row_marks  # saved with the run's outcome (_finish)
    if run is None:
        run = ImportRun.objects.create(
            created_by=_actor_or_none(actor),
            filename=(filename or "tep.xlsx")[:255],
            content=data,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            status=ImportRun.Status.DONE,
            total_rows=outcome.result.total_rows,
            warning_count=outcome.result.issues.warning_count,
            summary=summary_of(outcome),
            seconds=outcome.seconds,
            checked_at=timezone.now(),
            finished_at=timezone.now(),
            row_marks=row_marks,
        )
    if row_marks is not None:  # only the latest marks are read: the older ones (a cache) go
        ImportRun.objects.exclude(pk=run.pk).exclude(row_marks=None).update(row_marks=None)
    paths = scope_paths(actor, write=True)
    audit_record(
        actor=actor,
        action="import.apply",
        target=run,
        label=f"Nhập tệp Excel {run.filename}",
        after={"sha256": run.sha256, "rows": outcome.result.total_rows, **outcome.written.as_dict()},
        scope_path=paths[0] if paths and len(paths) == 1 else "",
    )
    return run


# --- import runs (the web pages) -----------------------------------------------------------------


def import_run_create(*, actor: User, filename: str, content: bytes) -> ImportRun:
    name = (filename or "").strip()[:255] or "tep.xlsx"
    if name.lower().endswith(".xls"):
        raise ApplicationError(OLD_EXCEL, field="file")
    if not name.lower().endswith(EXTENSIONS):
        raise ApplicationError("Chỉ nhận tệp Excel (.xlsx) hoặc .ods.", field="file")
    if not content:
        raise ApplicationError("Tệp rỗng.", field="file")
    if len(content) > max_upload_bytes():
        raise ApplicationError(
            f"Tệp lớn quá {settings.DANGBO_UPLOAD_MAX_MB} MB, giới hạn của một lần tải lên.", field="file"
        )
    return ImportRun.objects.create(
        created_by=_actor_or_none(actor),
        filename=name,
        content=content,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _store_issues(run: ImportRun, issues: IssueLog) -> None:
    ImportIssue.objects.filter(run=run).delete()  # derived from the file: replaced at each check
    ImportIssue.objects.bulk_create(
        (
            ImportIssue(
                run=run,
                severity=issue.severity,
                sheet=issue.sheet[:100],
                row=issue.row,
                column=issue.column[:4],
                header=issue.header[:255],
                value=issue.value[:255],
                message=issue.message,
            )
            for issue in (*issues.errors, *issues.warnings)
        ),
        batch_size=2000,
    )


def summary_of(outcome: Outcome) -> dict[str, Any]:
    result = outcome.result
    return {
        "sheets": [
            {
                "name": s.name,
                "kind": s.kind,
                "label": s.label,
                "rows": s.rows,
                "new": s.new,
                "updated": s.updated,
                "unchanged": s.unchanged,
                "invalid": s.invalid,
            }
            for s in result.stats
        ],
        "skipped": [{"name": s.name, "reason": s.reason} for s in result.skipped],
        "written": outcome.written.as_dict(),
        "writes_planned": result.plan.writes(),
        "warnings_dropped": result.issues.warnings_dropped,
        "seconds": round(outcome.seconds, 2),
    }


def _finish(run: ImportRun, outcome: Outcome, status: str) -> ImportRun:
    _store_issues(run, outcome.result.issues)
    run.status = status
    run.total_rows = outcome.result.total_rows
    run.error_count = len(outcome.result.issues.errors)
    run.warning_count = outcome.result.issues.warning_count
    run.summary = summary_of(outcome)
    run.seconds = outcome.seconds
    now = timezone.now()
    if status in (ImportRun.Status.CHECKED, ImportRun.Status.INVALID) and run.checked_at is None:
        run.checked_at = now
    if status in (ImportRun.Status.DONE, ImportRun.Status.FAILED) or (
        status == ImportRun.Status.INVALID and run.dry_run is False and run.checked_at != now
    ):
        run.finished_at = now
    run.save()
    return run


# --- import runs as jobs: the web enqueues, a worker runs (dangbo.imports.tasks) ------------------

CHECK, IMPORT = "check", "import"
ABANDONED = (
    "Tiến trình xử lý tệp đã dừng giữa chừng (máy chủ khởi động lại hoặc tiến trình bị ngắt). "
    "Không có gì được ghi; hãy tải tệp lên lại."
)
NOT_QUEUED = (
    "Cơ sở dữ liệu đang bận (có thể đang ghi một tệp khác): chưa đưa được tệp vào hàng đợi xử lý. "
    "Không có gì được ghi; hãy thử lại sau ít phút."
)
NO_LONGER_ALLOWED = "Người bắt đầu lần nhập này không còn quyền nhập dữ liệu. Không có gì được ghi."
UNEXPECTED = "Lỗi ngoài dự kiến khi xử lý tệp. Không có gì được ghi."
_BUSY = (ImportRun.Status.CHECKING, ImportRun.Status.IMPORTING)


def process_id() -> str:
    """This process, as a run records its worker: "host:pid"."""
    return f"{socket.gethostname()}:{os.getpid()}"


def import_run_enqueue(*, run: ImportRun, actor: User, work: str) -> ImportRun:
    """Hand the run to a worker: its check (work=CHECK, once uploaded) or its import (work=IMPORT,
    once checked). The run is marked checking or importing, with the user it runs as, and its task
    queued, in one transaction; a worker takes it from there. The web never runs an import. When the
    database cannot take it now, nothing changes and the refusal says to try again."""
    from dangbo.imports.tasks import import_run_job

    _require_owner(run, actor)
    if work == IMPORT and run.status == ImportRun.Status.DONE:
        raise ApplicationError("Tệp này đã được nhập.", field="run")
    expected, status = (
        (ImportRun.Status.UPLOADED, ImportRun.Status.CHECKING)
        if work == CHECK
        else (ImportRun.Status.CHECKED, ImportRun.Status.IMPORTING)
    )
    try:
        with transaction.atomic():
            taken = ImportRun.objects.filter(pk=run.pk, status=expected).update(
                status=status,
                started_by=_actor_or_none(actor),
                task_id="",
                worker="",
                worker_since=None,
                message="",
                progress_phase="",
                progress_done=0,
                progress_total=0,
                progress_at=None,
            )
            if not taken:
                raise ApplicationError("Tệp này không ở trạng thái chờ xác nhận.", field="run")
            result = import_run_job.enqueue(run.pk, work)  # the immediate backend (tests) runs it here
            ImportRun.objects.filter(pk=run.pk, task_id="").update(task_id=str(result.id)[:64])
    except DatabaseError:  # SQLite busy with an import's transaction, say: nothing changed, try again
        logger.warning("import run %s: its task could not be queued", run.pk, exc_info=True)
        raise ApplicationError(NOT_QUEUED, field="file") from None
    run.refresh_from_db()
    return run


def _refusal(run: ImportRun) -> str:
    """Why the user who started the run may no longer run it ("" when they may): the scope of every
    row is checked again by the import itself, as that user."""
    from dangbo.core.exceptions import PermissionDenied
    from dangbo.organizations.selectors import can_write_anywhere

    starter = run.started_by
    if starter is None or not starter.is_active:
        return NO_LONGER_ALLOWED
    try:
        _require_owner(run, starter)
    except PermissionDenied:
        return NO_LONGER_ALLOWED
    return "" if can_write_anywhere(starter) else NO_LONGER_ALLOWED


def _fail(run_id: int, message: str, statuses: tuple[str, ...] = _BUSY) -> int:
    return ImportRun.objects.filter(pk=run_id, status__in=statuses).update(
        status=ImportRun.Status.FAILED, message=message, finished_at=timezone.now()
    )


def import_run_process(*, run_id: int, work: str, task_id: str = "") -> ImportRun:
    """The worker's part: take the queued run (recording this process on it), check that the user
    who started it still may, then check or import its file as that user, reporting the progress on
    the run. A run no longer waiting (failed meanwhile, or taken by another worker) is left alone."""
    from dangbo.imports.progress import Reporter

    status = ImportRun.Status.CHECKING if work == CHECK else ImportRun.Status.IMPORTING
    taken = ImportRun.objects.filter(pk=run_id, status=status, worker="").update(
        worker=process_id(), worker_since=timezone.now(), **({"task_id": task_id[:64]} if task_id else {})
    )
    run = ImportRun.objects.select_related("started_by").get(pk=run_id)
    if not taken:
        logger.warning("import run %s: not waiting for a worker (%s), left alone", run_id, run.status)
        return run
    refusal = _refusal(run)
    if refusal:
        _fail(run_id, refusal)
        run.refresh_from_db()
        return run
    starter = run.started_by  # _refusal() answered "" only for an active user who started the run
    if starter is None:
        raise RuntimeError(f"import run {run_id} has no user who started it")
    reporter = Reporter(run_id)
    try:
        if work == CHECK:
            return import_run_check(run=run, actor=starter, progress=reporter)
        return import_run_execute(run=run, actor=starter, progress=reporter)
    except Exception:
        logger.exception("import run %s (%s, %s) failed", run_id, run.filename, work)
        _fail(run_id, UNEXPECTED)
        raise
    finally:
        reporter.close()


def import_run_check(*, run: ImportRun, actor: User, progress: ProgressFn | None = None) -> ImportRun:
    """Preview: check the run's file, store what was found; writes nothing else."""
    _require_owner(run, actor)
    outcome = import_workbook(
        bytes(run.content), actor=actor, filename=run.filename, dry_run=True, progress=progress
    )
    return _finish(run, outcome, ImportRun.Status.CHECKED if outcome.ok else ImportRun.Status.INVALID)


def import_run_execute(*, run: ImportRun, actor: User, progress: ProgressFn | None = None) -> ImportRun:
    """Confirm: check again and write, all or nothing."""
    _require_owner(run, actor)
    if run.status == ImportRun.Status.DONE:
        raise ApplicationError("Tệp này đã được nhập.", field="run")
    try:
        outcome = import_workbook(
            bytes(run.content), actor=actor, filename=run.filename, progress=progress, run=run
        )
    except Exception as error:
        logger.exception("import run %s (%s) failed", run.pk, run.filename)
        run.status = ImportRun.Status.FAILED
        run.message = f"Lỗi ngoài dự kiến: {type(error).__name__}. Không có gì được ghi."
        run.finished_at = timezone.now()
        run.save()
        raise
    finished = _finish(run, outcome, ImportRun.Status.DONE if outcome.ok else ImportRun.Status.INVALID)
    if outcome.ok and outcome.written.total:
        bulk.statistics_refresh()  # the run is recorded as done first: this is the planner's, not the user's
    return finished


def _require_owner(run: ImportRun, actor: User) -> None:
    if run.created_by_id is not None and run.created_by_id != actor.pk and not actor.is_superuser:
        from dangbo.core.exceptions import PermissionDenied

        raise PermissionDenied("Đây là tệp do người khác tải lên.")


# --- a run whose worker is gone is failed when a worker starts -------------------------------------


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _last_sign_of_life(run: ImportRun) -> Any:
    from dangbo.imports.progress import current

    since = run.worker_since or run.created_at
    found = current(run)
    return max(since, found.at) if found is not None else since


def _worker_gone(run: ImportRun, now: Any) -> bool:
    host, _, pid = run.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        # this process is just starting: a run recorded under its pid is an earlier process's
        return int(pid) == os.getpid() or not _alive(int(pid))
    # another server: failed after the time limit without a sign of life
    limit = int(settings.DANGBO_IMPORT_STALE_MINUTES)
    return (now - _last_sign_of_life(run)).total_seconds() > limit * 60


def import_runs_fail_abandoned() -> int:
    """Fail the runs left "checking" or "importing" by a worker that is gone (killed, the server
    restarted), with their tasks: called when a worker starts (the db_worker command), before it
    takes any task. Nothing of such a run was written (its transaction died with it). A run still
    waiting in the queue (no worker yet) is left to the workers. Returns how many were failed."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    failed = 0
    busy = ImportRun.objects.filter(status__in=_BUSY).exclude(worker="")
    for run in busy.only("id", "status", "worker", "worker_since", "created_at", "task_id", "progress_at"):
        if not _worker_gone(run, now):
            continue
        if not ImportRun.objects.filter(pk=run.pk, status=run.status, worker=run.worker).update(
            status=ImportRun.Status.FAILED, message=ABANDONED, finished_at=now
        ):
            continue
        failed += 1
        logger.error("import run %s failed: its worker %s is gone", run.pk, run.worker)
        task = (
            DBTaskResult.objects.filter(id=run.task_id, status=TaskResultStatus.RUNNING).first()
            if run.task_id
            else None
        )
        if task is not None:
            task.set_failed(WorkerGone(f"import run {run.pk}: worker {run.worker} is gone"))
    return failed


class WorkerGone(Exception):
    """The worker running a task died: recorded on the task's result."""
