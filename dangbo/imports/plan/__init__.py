"""Checking a whole workbook: every sheet, every row, against the database and the user's scope.

check_workbook() reads nothing but the file and the database, writes nothing itself, and returns
the plan of every write together with every error and warning found. The import writes only a plan
without errors (dangbo.imports.services); it may start writing the people's part once that part is
checked (`people_checked`), inside the transaction that any later error rolls back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from dangbo.accounts.scope import scope_paths
from dangbo.imports import schema
from dangbo.imports.issues import IssueLog
from dangbo.imports.limits import import_limits
from dangbo.imports.plan.awards import parse_awards, plan_awards, top_rated_targets
from dangbo.imports.plan.base import Context, Plan, RowReader, SheetStats
from dangbo.imports.plan.events import (
    Columns,
    attach_db_events,
    check_recorded_people,
    parse_events,
    plan_events,
    plan_histories,
)
from dangbo.imports.plan.marks import (
    Marks,
    all_skipped,
    fill,
    find_skips,
    hash_rows,
    inspected_before,
    unread_sheets,
)
from dangbo.imports.plan.members import add_to_plan, load_people, parse_members, plan_members
from dangbo.imports.plan.organizations import plan_organizations
from dangbo.imports.plan.reviews import (
    parse_org_ratings,
    parse_ratings,
    plan_member_ratings,
    plan_org_ratings,
    rating_keys,
)
from dangbo.imports.reader import Sheet, Skipped, WorkbookError, read_workbook
from dangbo.imports.tree import Tree

if TYPE_CHECKING:
    from dangbo.accounts.models import User

__all__ = ["CheckResult", "Marks", "check_workbook"]


@dataclass
class CheckResult:
    plan: Plan
    issues: IssueLog
    stats: list[SheetStats]
    skipped: list[Skipped]
    total_rows: int
    tree: Tree | None = None
    sheets: list[Sheet] = field(default_factory=list)
    unread: int = 0  # rows taken as unchanged since the latest finished import (plan.marks)

    @property
    def ok(self) -> bool:
        return not self.issues.errors


def check_workbook(
    data: bytes,
    *,
    actor: User,
    today: date,
    filename: str = "",
    progress: Callable[[int, int], None] | None = None,
    people_checked: Callable[[Plan], None] | None = None,
    marks: Marks | None = None,
) -> CheckResult:
    """Read and check the file. `progress(done, total)` is called as rows are checked.

    `people_checked(plan)` is called once the organizations, members and their histories are
    checked without an error, before the ratings' rows are parsed (only their keys were read, to
    find the recorded members they name) and the ratings and awards checked: the import starts
    writing the people there (in a thread of its own) while the rest is checked. The checks after
    it read the database but must not depend on those writes (they see the new members as new:
    Person objects without an id), and they may only add errors, never change who or what is new.

    `marks` (an import that writes): the rows of the members and ratings sheets are marked for the
    next import, and those the latest finished import marked are taken as unchanged when the
    database says they are (dangbo.imports.plan.marks)."""
    issues = IssueLog()
    inspected = marks is not None and inspected_before(data, marks)
    try:
        sheets, skipped = read_workbook(
            data,
            import_limits(),
            inspected=inspected,
            known=unread_sheets(marks) if marks is not None and inspected else None,
        )
    except WorkbookError as error:
        issues.error("", None, "", "", filename, error.message)
        return CheckResult(Plan(), issues, [], [], 0)
    total = sum(len(s.rows) for s in sheets)
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(min(done, total), total)

    if progress is not None:
        progress(0, total)
    write_paths = scope_paths(actor, write=True)
    tree = Tree.load(write_paths, scope_paths(actor))
    ctx = Context(
        actor=actor,
        today=today,
        filename=filename,
        tree=tree,
        issues=issues,
        write_paths=write_paths,
        step=step,
    )
    if not sheets:
        issues.error(
            "",
            None,
            "",
            "",
            filename,
            "Tệp không có sheet nào nhận ra được: cần dòng tiêu đề với các cột như trong tệp mẫu "
            "(tổ chức đảng, đảng viên, quá trình sinh hoạt, xếp loại đảng viên, xếp loại tổ chức, khen thưởng).",
        )
    for sheet in sheets:
        ctx.stat(sheet)  # every sheet listed, in the file's order
        for index, header in sheet.unknown:
            issues.warning(
                sheet.name, None, _letter(index), header, "", f"Cột “{header}” không được dùng khi nhập."
            )
    of = {code: [s for s in sheets if s.kind.code == code] for code in schema.APPLY_ORDER}
    plan = Plan()
    plan_organizations(ctx, of[schema.ORGANIZATIONS], plan)
    if marks is not None:

        def read() -> list[Sheet]:
            return read_workbook(data, import_limits(), inspected=True)[0]

        _find_marks(ctx, marks, of, read)

    member_rows = parse_members(ctx, of[schema.MEMBERS])
    event_rows = parse_events(ctx, of[schema.EVENTS])
    org_rating_rows = parse_org_ratings(ctx, of[schema.ORGANIZATION_RATINGS])
    award_rows = parse_awards(ctx, of[schema.AWARDS])

    # the ratings' rows are parsed once the people are being written: their keys alone now
    cccds, cards, refs = rating_keys(ctx, of[schema.MEMBER_RATINGS])
    keyed: list[Any] = [*member_rows, *event_rows, *award_rows]
    cccds.update(x.cccd for x in keyed if x.cccd)
    cards.update(x.card for x in keyed if x.card)
    refs.update(x.ref for x in keyed if x.ref and not (x.cccd or x.card))
    people = load_people(ctx, cccds, cards, refs)
    plan_members(ctx, member_rows, people, plan)
    plan_events(ctx, event_rows, people)
    for row in event_rows:  # recorded members named only in the events sheet are people of the plan too
        if row.person is not None:
            add_to_plan(people, plan, row.person)
    columns: Columns = {(s.name, f): (s.letter(f), s.headers.get(f, "")) for s in sheets for f in s.columns}
    attach_db_events(people, [p for p in plan.people if not p.is_new and p.events])
    plan_histories(ctx, plan.people, columns)
    check_recorded_people(ctx, plan, people, columns)
    if people_checked is not None and not issues.errors:
        people_checked(plan)
    rating_rows = parse_ratings(ctx, of[schema.MEMBER_RATINGS])
    if marks is not None and marks.capture:  # the rows' hashes, for their marks: the writer is busy
        for sheet in marks.sheets:
            hash_rows(marks, sheet)
    ratings = plan_member_ratings(ctx, rating_rows, people, plan)
    plan_org_ratings(ctx, org_rating_rows, plan, ratings.cell_ranks, ratings.rated_members)
    if award_rows:
        from dangbo.imports.plan.base import OrgRatingPlan

        org_final: list[OrgRatingPlan] = list(plan.org_ratings)
        top = top_rated_targets(ratings.planned, org_final, award_rows, people, ctx)
        plan_awards(ctx, award_rows, people, plan, top)
    if progress is not None:
        progress(total, total)
    # what the marks hold (every row's mark and hash) is not kept by ctx, which a recursive closure of
    # plan_organizations keeps in a reference cycle until the collector runs
    ctx.marks = None
    return CheckResult(
        plan,
        issues,
        list(ctx.stats.values()),
        skipped,
        total,
        tree,
        sheets,
        len(marks.skips) if marks is not None else 0,
    )


def _find_marks(
    ctx: Context, marks: Marks, of: dict[str, list[Sheet]], read: Callable[[], list[Sheet]]
) -> None:
    """Find the rows of the members and ratings sheets taken as unchanged (rows hashed when first
    needed: marks.hash_rows, by find_skips when there are marks to compare with); not for a
    file with events or awards (their checks read the other sheets' rows together). The sheets of
    the same bytes standing by their layout (marks.unread) are read when a row of theirs is to be:
    one whose mark is missing, or not taken as unchanged."""
    if any(s.rows for s in (*of[schema.EVENTS], *of[schema.AWARDS])):
        fill(marks, read)
        return
    marks.capture = True
    ctx.marks = marks
    marked = [*of[schema.MEMBERS], *of[schema.MEMBER_RATINGS]]
    marks.sheets = marked
    if not set(marks.unread) <= {s.name for s in marked}:
        fill(marks, read)
    scratch = ctx.silent()

    def keys_of(sheet: Sheet, rownum: int, row: list[Any]) -> tuple[str | None, str | None, int | None]:
        return RowReader(scratch, sheet, rownum, row).keys()

    found = find_skips(ctx, marked, marks, keys_of)
    if not found or (marks.unread and not all_skipped(marks)):
        fill(marks, read)  # a row to read: the sheets are read, and the rows found again from their cells
        find_skips(ctx, marked, marks, keys_of)


def _letter(index: int) -> str:
    from dangbo.imports.reader import column_letter

    return column_letter(index)
