"""Checking the ratings sheets (members, organizations) against the members' histories, the tree and the rules.

A rating taken from a file is a historical record: it is kept as decided, and a rule it breaks is
stored as a flag (as evaluations.services does with historical=True). What cannot be stored is an
error: a member not on the books that year, a year already locked, "tiêu biểu" without the top level.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Count

from dangbo.evaluations import rules
from dangbo.evaluations.locks import lock_grassroots
from dangbo.evaluations.models import MemberRating, OrganizationRating, ReviewCycle
from dangbo.evaluations.quarter_selectors import member_quarters
from dangbo.evaluations.selectors import defined_groups, group_percents, member_histories
from dangbo.evaluations.services import rule_settings
from dangbo.imports import choices, values
from dangbo.imports.plan.base import (
    INVALID,
    NEW,
    UNCHANGED,
    UPDATED,
    Context,
    OrgRatingPlan,
    Person,
    Plan,
    RatingPlan,
    RowReader,
    key_column,
    no_member,
    reads_usual_keys,
    rows_of,
)
from dangbo.imports.plan.marks import RatingCapture, Skip
from dangbo.imports.plan.members import CHUNK, People
from dangbo.imports.reader import Sheet


@dataclass
class RatingRow:
    reader: RowReader
    cccd: str | None
    card: str | None
    ref: int | None
    full_name: str
    year: int | None
    rank: int | None
    exemplary: bool
    reason: str
    decision_number: str
    decision_date: date | None
    person: Person | None = None
    # the decision's score from 2025 (QĐ 366): general criteria of 30, results of 70
    score_general: Decimal | None = None
    score_results: Decimal | None = None
    mark: Skip | None = None  # taken as unchanged without being read (dangbo.imports.plan.marks)


@dataclass
class OrgRatingRow:
    reader: RowReader
    code: str
    year: int | None
    rank: int | None
    exemplary: bool
    reason: str
    score: Decimal | None
    decision_number: str
    decision_date: date | None


def _levels_text(year: int, for_members: bool) -> str:
    try:
        scheme = rules.scheme_for(year)
    except rules.UnknownYear:
        return ""
    levels = scheme.member_levels if for_members else scheme.organization_levels
    return "; ".join(level.label for level in levels)


@lru_cache(maxsize=1024)
def _rank_of(kind: type, raw: Any, for_members: bool) -> tuple[int | None, bool] | None:
    """A rank cell's reading (read_rank), None when it is not a rank; cached by the value and its
    type (1, 1.0 and True are equal keys but different cells): a sheet repeats a handful of them."""
    if values.is_empty(raw):
        return None, False
    key = values.choice_key(values.text(raw))
    exemplary = False
    if not for_members and key.endswith("tieu bieu"):
        exemplary = True
        key = key.removesuffix("tieu bieu").strip()
        if key in ("", "trong sach vung manh"):
            return rules.HTXSNV, True
    rank = choices.RANK.get(key)
    if rank is None and key in ("1", "2", "3", "4"):
        rank = int(key)
    return None if rank is None else (rank, exemplary)


def read_rank(r: RowReader, year: int | None, *, for_members: bool) -> tuple[int | None, bool]:
    """The rank (1 … 4) and, for an organization, whether the wording says "tiêu biểu"."""
    raw = r.raw("rank")
    if raw is None:
        return None, False
    found = _rank_of(raw.__class__, raw, for_members)
    if found is None:
        wording = _levels_text(year, for_members) if year else ""
        r.error(
            "rank",
            f"Mức xếp loại không hợp lệ{f' cho năm {year}' if year else ''}"
            f"{f' ({wording})' if wording else ''}; cũng nhận HTXSNV, HTTNV, HTNV, KHTNV.",
        )
        return None, False
    return found


def _decimal(r: RowReader, name: str) -> Decimal | None:
    raw = r.raw(name)
    if values.is_empty(raw):
        return None
    try:
        number = Decimal(str(raw).replace(",", ".").strip())
    except InvalidOperation:
        r.error(name, "Phải là một số (ví dụ 85 hoặc 85,5).")
        return None
    if not Decimal(0) <= number <= Decimal(100):
        r.error(name, "Điểm phải từ 0 đến 100.")
        return None
    return number.quantize(Decimal("0.01"))


def _score_parts(r: RowReader, year: int | None) -> tuple[Decimal | None, Decimal | None]:
    """The decision's two parts from 2025 (QĐ 366): numbers in range, both or neither, only in a
    year with the 100-point score; an error naming the column otherwise."""
    if values.is_empty(r.raw("score_general")) and values.is_empty(r.raw("score_results")):
        return None, None  # before 2025 the columns are left empty
    parts: list[Decimal | None] = []
    for name, what, most in (
        ("score_general", "Điểm tiêu chí chung", 30),
        ("score_results", "Điểm kết quả thực hiện nhiệm vụ", 70),
    ):
        raw = r.raw(name)
        if values.is_empty(raw):
            parts.append(None)
            continue
        try:
            number = Decimal(str(raw).replace(",", ".").strip())
        except InvalidOperation:
            number = Decimal(-1)
        if not number.is_finite() or not Decimal(0) <= number <= Decimal(most):
            r.error(name, f"{what} phải là một số từ 0 đến {most} (ví dụ 25,5).")
            return None, None
        parts.append(number.quantize(Decimal("0.01")))
    general, results = parts
    if general is None and results is None:
        return None, None
    if general is None or results is None:
        missing = "score_general" if general is None else "score_results"
        r.error(missing, "Phải ghi cả điểm tiêu chí chung và điểm kết quả (hoặc để trống cả hai).")
        return None, None
    if year is not None:
        try:
            scheme = rules.scheme_for(year)
        except rules.UnknownYear:
            return None, None  # the year's own error says it
        if not scheme.scored:
            r.error(
                "score_general", f"Năm {year} không chấm điểm theo thang 100 điểm ({scheme.cite('regime')})."
            )
            return None, None
    return general, results


# --- reading -------------------------------------------------------------------------------------


def parse_ratings(ctx: Context, sheets: list[Sheet]) -> list[RatingRow]:
    result = []
    marks = ctx.marks if ctx.marks is not None and ctx.marks.capture else None
    for sheet in sheets:
        ctx.stat(sheet).rows += len(sheet.rows)
        usual_keys = reads_usual_keys(sheet)
        for rownum, row in rows_of(ctx, sheet):
            skip = marks.skip(sheet, rownum) if marks is not None else None
            if skip is not None:
                bare = RowReader.bare(ctx, sheet, rownum)
                bare.replay(skip.warnings)
                result.append(
                    RatingRow(bare, None, None, None, "", None, None, False, "", "", None, mark=skip)
                )
                continue
            if marks is not None:
                ctx.row_warnings = []
            r = RowReader(ctx, sheet, rownum, row)
            cccd, card, ref = r.usual_keys() if usual_keys else r.keys()
            year = r.year()
            rank, _ = read_rank(r, year, for_members=True)
            general, results = _score_parts(r, year)
            full_name = r.text("full_name")
            reason = r.text("not_rated_reason")
            decision_number = r.text("decision_number", max_length=60)
            decision_date = r.date("decision_date")
            # by position (the person is found later): keywords take twice as long, row after row
            item = RatingRow(
                r, cccd, card, ref, full_name, year, rank, False, reason, decision_number, decision_date,
                None, general, results,
            )  # fmt: skip
            if marks is not None:
                where = (sheet.name, rownum)
                marks.ratings[where] = RatingCapture(
                    values.choice_key(item.full_name) if item.full_name else "",
                    ctx.row_warnings or [],
                )
                ctx.row_warnings = None
            result.append(item)
    return result


def rating_keys(ctx: Context, sheets: list[Sheet]) -> tuple[set[str], set[str], set[int]]:
    """The CCCDs, card numbers and Dangbo numbers (of rows without the other two) that the ratings
    sheets' rows name, read as parse_ratings reads them but without saying anything: the recorded
    members they name are loaded with the others' (load_people), and the rows are parsed in full
    once the people are being written. A row taken as unchanged names no one, as in parse_ratings."""
    scratch = ctx.silent()
    marks = ctx.marks if ctx.marks is not None and ctx.marks.capture else None
    cccds: set[str] = set()
    cards: set[str] = set()
    refs: set[int] = set()
    for sheet in sheets:
        usual_keys = reads_usual_keys(sheet)
        for rownum, row in sheet.rows:
            if marks is not None and marks.skip(sheet, rownum) is not None:
                continue
            r = RowReader(scratch, sheet, rownum, row)
            cccd, card, ref = r.usual_keys() if usual_keys else r.keys()
            if cccd:
                cccds.add(cccd)
            if card:
                cards.add(card)
            if ref and not (cccd or card):
                refs.add(ref)
    return cccds, cards, refs


def parse_org_ratings(ctx: Context, sheets: list[Sheet]) -> list[OrgRatingRow]:
    result = []
    for sheet in sheets:
        ctx.stat(sheet).rows += len(sheet.rows)
        for rownum, row in rows_of(ctx, sheet):
            r = RowReader(ctx, sheet, rownum, row)
            year = r.year()
            rank, exemplary_by_name = read_rank(r, year, for_members=False)
            result.append(
                OrgRatingRow(
                    reader=r,
                    code=r.code("code", required=True),
                    year=year,
                    rank=rank,
                    exemplary=r.flag("exemplary") or exemplary_by_name,
                    reason=r.text("not_rated_reason"),
                    score=_decimal(r, "score"),
                    decision_number=r.text("decision_number", max_length=60),
                    decision_date=r.date("decision_date"),
                )
            )
    return result


# --- shared look-ups -----------------------------------------------------------------------------


def _locked_cycles() -> set[tuple[int, int]]:
    return set(
        ReviewCycle.objects.filter(stage=ReviewCycle.Stage.LOCKED).values_list("organization_id", "year")
    )


def _in_scope(ctx: Context, org_id: int, day: date) -> bool:
    org = ctx.tree.by_id.get(org_id)
    if org is None:
        return False
    if org.is_new or ctx.write_paths is None:
        return True
    version = org.version_at(day)
    path = version.path if version else org.path
    return any(path.startswith(p) for p in ctx.write_paths)


def attach_person(
    row_reader: RowReader, people: People, cccd: str | None, card: str | None, ref: int | None, name: str = ""
) -> Person | None:
    person, conflict = people.find(cccd, card, ref, name)
    if conflict:
        row_reader.error(key_column(cccd, card, ref), conflict)
        return None
    if person is None or (person.db is not None and not person.db["visible"]):
        row_reader.error(key_column(cccd, card, ref), no_member(cccd, card, ref))
        return None
    return person


# --- member ratings ------------------------------------------------------------------------------


@dataclass
class YearFacts:
    organization_id: int
    grassroots_id: int
    day: date
    facts: rules.rating.MemberYear
    not_rated: str | None
    disciplined: bool  # facts.disciplined_in_year


# the facts of a member's year that differ between members (year, admission, exempted, on the books
# at the end, disciplined, suspended) -> the year's facts as the rules read them, and why not rated
KnownFacts = dict[tuple[int, date | None, bool, bool, bool, bool], tuple[rules.rating.MemberYear, str | None]]


def _year_facts(
    ctx: Context,
    person: Person,
    year: int,
    stays: Sequence[rules.rating.Stay],
    settings: rules.RuleSettings,
    known: KnownFacts,
) -> YearFacts | str:
    """As evaluations.services.member_year_facts (rules.rating.place), from the periods in memory
    or read in bulk (member_histories); a str is the error. The facts (immutable) are built once
    per combination (`known`): a file's hundred thousand members share a few thousand."""
    placement = rules.rating.place(stays, year)
    if placement is None:
        return f"{person.name} không có trong danh sách đảng viên năm {year}."
    grassroots = ctx.tree.grassroots_at(placement.organization_id, placement.day)
    if ctx.tree.by_id.get(placement.organization_id) is None or grassroots is None:
        return f"Không xác định được chi bộ và tổ chức cơ sở đảng của {person.name} năm {year}."
    admitted = person.admitted_on or (person.db or {}).get("admitted_on")
    disciplined = bool(person.discipline_days) and rules.rating.disciplined_in(person.discipline_days, year)
    suspended = bool(person.suspensions) and rules.rating.suspended_at(person.suspensions, placement.day)
    key = (year, admitted, placement.exempted, placement.on_books_at_end, disciplined, suspended)
    found = known.get(key)
    if found is None:
        facts = rules.rating.MemberYear(
            year,
            admitted,
            exempted=placement.exempted,
            on_books_at_end=placement.on_books_at_end,
            disciplined_in_year=disciplined,
            suspended=suspended,
        )
        found = known[key] = (facts, rules.rating.member_not_rated(facts, settings=settings))
    return YearFacts(placement.organization_id, grassroots, placement.day, *found, disciplined)


@dataclass
class RatingsOutcome:
    planned: list[RatingPlan]  # every valid row, new, changed or unchanged
    cell_ranks: dict[tuple[int, int], list[int | None]]  # (cell, year) -> the file's ranks there
    rated_members: set[tuple[int, int]]  # (member id, year) whose recorded rating the file replaces


def plan_member_ratings(ctx: Context, rows: list[RatingRow], people: People, plan: Plan) -> RatingsOutcome:
    locked = _locked_cycles()
    for item in rows:
        if item.reader.ok and item.mark is None:
            item.person = attach_person(item.reader, people, item.cccd, item.card, item.ref, item.full_name)
    persons = [i.person for i in rows if i.person is not None]
    years = {i.year for i in rows if i.year}
    # the recorded members' histories as the services read them; the others' are in memory
    histories = member_histories(
        [p.member_id for p in persons if p.member_id is not None and p.periods is None], years
    )
    for person in persons:
        if person.member_id is not None and person.periods is None:
            person.discipline_days = histories[person.member_id].discipline_days
            person.suspensions = histories[person.member_id].suspensions
    existing: dict[tuple[int, int], dict[str, Any]] = {}
    ids = sorted({p.member_id for p in persons if p.member_id is not None})
    for start in range(0, len(ids), CHUNK):
        for row in MemberRating.objects.filter(
            member_id__in=ids[start : start + CHUNK], year__in=years
        ).values(
            "id",
            "member_id",
            "year",
            "rank",
            "not_rated_reason",
            "organization_id",
            "grassroots_id",
            "decision_number",
            "decision_date",
            "decline_concluded",
            "targets_met_percent",
            "sick_leave_months",
            "decided_score_general",
            "decided_score_results",
        ):
            existing[(row["member_id"], row["year"])] = dict(row)
    # the recorded members' quarterly ratings (from 2025), a fact of the year's rules as in the services
    quarters: dict[tuple[int, int], tuple[rules.quarters.QuarterRank, ...]] = {}
    for year in sorted(y for y in years if y >= rule_settings().quarters.first_year):
        for start in range(0, len(ids), CHUNK):
            for member_id, ranks in member_quarters(ids[start : start + CHUNK], year).items():
                quarters[(member_id, year)] = ranks
    seen: dict[tuple[int, int], int] = {}
    settings = rule_settings()
    rule_flags: dict[tuple[Any, ...], list[dict[str, str]]] = {}
    planned: list[RatingPlan] = []
    captures = ctx.marks.ratings if ctx.marks is not None and ctx.marks.capture else None
    known: KnownFacts = {}
    in_scope: dict[tuple[int, date], bool] = {}  # (cell, day) -> may the user write there
    for item in rows:
        r = item.reader
        stats = ctx.stat(r.sheet)
        if item.mark is not None:  # unchanged since the import that marked it, the records read again
            stats.count(UNCHANGED)  # (a row whose name differs from the record's is never marked)
            continue
        if not r.ok or item.person is None or item.year is None:
            stats.count(INVALID)
            continue
        person = item.person
        if not person.ok:
            r.error(
                key_column(item.cccd, item.card, item.ref),
                f"{person.label()} có lỗi ở sheet đảng viên hoặc quá trình sinh hoạt.",
            )
            stats.count(INVALID)
            continue
        key = (id(person), item.year)
        if key in seen:
            r.error("year", f"{person.label()} đã có kết quả năm {item.year} ở dòng {seen[key]}.")
            stats.count(INVALID)
            continue
        seen[key] = r.rownum
        if (
            item.full_name
            and item.full_name != person.name
            and values.choice_key(item.full_name) != values.choice_key(person.name)
        ):
            r.warning("full_name", f"Họ tên khác với hồ sơ ({person.name}).")
        stays: Sequence[rules.rating.Stay] = (
            person.periods
            if person.periods is not None
            else histories[person.member_id].stays
            if person.member_id is not None
            else []
        )
        facts = _year_facts(ctx, person, item.year, stays, settings, known)
        if isinstance(facts, str):
            r.error("year", facts)
            stats.count(INVALID)
            continue
        if person.member_id is not None and (person.member_id, item.year) in quarters:
            facts.facts = replace(facts.facts, quarters=quarters[(person.member_id, item.year)])
        place = (facts.organization_id, facts.day)
        allowed = in_scope.get(place)
        if allowed is None:
            allowed = in_scope[place] = _in_scope(ctx, *place)
        if not allowed:
            r.error(
                key_column(item.cccd, item.card, item.ref),
                f"Bạn không có quyền ghi kết quả xếp loại của {person.name}.",
            )
            stats.count(INVALID)
            continue
        if item.rank is not None and item.reason:
            r.error("not_rated_reason", "Đã có mức xếp loại thì không ghi lý do không xếp loại.")
            stats.count(INVALID)
            continue
        reason = "" if item.rank is not None else (item.reason or facts.not_rated or "")
        if item.rank is None and not reason:
            r.error(
                "rank",
                f"Thiếu xếp loại: {person.name} thuộc diện được xếp loại năm {item.year} "
                "(nếu không xếp loại, ghi lý do ở cột “Lý do không xếp loại”).",
                "",
            )
            stats.count(INVALID)
            continue
        before = existing.get((person.member_id, item.year)) if person.member_id is not None else None
        # by position (person, year, rank, reason, cell, grassroots, disciplined, decision number and
        # date, flags, existing id, its cell, sheet, row, day, the two scores): keywords take twice as long
        plan_item = RatingPlan(
            person,
            item.year,
            item.rank,
            reason,
            facts.organization_id,
            facts.grassroots_id,
            facts.disciplined,
            item.decision_number or (before["decision_number"] if before else ""),
            item.decision_date or (before["decision_date"] if before else None),
            [],
            before["id"] if before else None,
            before["organization_id"] if before else None,
            r.sheet.name,
            r.rownum,
            facts.day,
            item.score_general,
            item.score_results,
        )
        if (
            before is not None
            and before["rank"] == item.rank
            and before["not_rated_reason"] == reason
            and (not item.decision_number or item.decision_number == before["decision_number"])
            and (not item.decision_date or item.decision_date == before["decision_date"])
            and (
                item.score_general is None
                or (item.score_general, item.score_results)
                == (before["decided_score_general"], before["decided_score_results"])
            )
        ):
            stats.count(UNCHANGED)
            plan_item.existing_id = -1  # marks "kept as recorded" for the counts below
            planned.append(plan_item)
            continue
        locked_by = (
            next(
                (
                    a
                    for a in ctx.tree.ancestors_at(facts.organization_id, facts.day)
                    if (a, item.year) in locked
                ),
                None,
            )
            if locked
            else None
        )
        if locked_by is not None:
            r.error(
                "rank",
                f"Kết quả đánh giá năm {item.year} đã được phê duyệt và khóa sổ; chỉ sửa bằng quyết định điều chỉnh.",
            )
            stats.count(INVALID)
            continue
        # the facts recorded with an earlier step (the proposal's targets, sick leave, decline) stay
        # and count, as when the decision is recorded by the services
        member_year = facts.facts
        if before is not None:
            member_year = replace(
                member_year,
                decline_concluded=before["decline_concluded"],
                targets_met_percent=before["targets_met_percent"],
                sick_leave_months=before["sick_leave_months"] or Decimal(0),
            )
        # the member's rules read these facts only (the not-rated reason stands for the year, the
        # admission, the exemption and the end of the year on the books): once per combination
        if item.score_general is not None and item.score_results is not None:
            member_year = replace(member_year, score=item.score_general + item.score_results)
        rule_key = (
            item.rank,
            member_year.score,
            facts.not_rated,
            member_year.disciplined_in_year,
            member_year.decline_concluded,
            member_year.targets_met_percent,
            member_year.sick_leave_months,
            # the quarters (from 2025), whose rule reads the year
            member_year.quarters,
            member_year.year if member_year.quarters else 0,
        )
        flags = rule_flags.get(rule_key)
        if flags is None:
            violations = rules.rating.member_violations(item.rank, member_year, settings=settings)
            flags = rule_flags[rule_key] = [asdict(v) for v in violations]
        plan_item.flags = list(flags)
        planned.append(plan_item)
        stats.count(UPDATED if before is not None else NEW)
    if captures is not None:
        for p in planned:
            capture = captures.get((p.sheet, p.row))
            if capture is not None:
                capture.person, capture.year, capture.day = p.person, p.year, p.day
                capture.organization_id, capture.grassroots_id = p.organization_id, p.grassroots_id
    replaced = {
        (p.person.member_id, p.year): existing[(p.person.member_id, p.year)]
        for p in planned
        if p.person.member_id is not None and (p.person.member_id, p.year) in existing
    }
    _cap_flags(ctx, planned, replaced, settings)
    plan.ratings.extend(p for p in planned if p.existing_id != -1)
    for p in plan.ratings:
        if not p.flags:
            continue
        own = [
            f["message"] for f in p.flags if f["rule"] != "excellent_cap"
        ]  # the cap is said once per organization
        if own:
            ctx.issues.warning(
                p.sheet,
                p.row,
                "",
                "",
                "",
                f"{p.person.label()}, năm {p.year}: được ghi như đã quyết định nhưng vượt quy tắc — "
                + " ".join(own),
            )
    cell_ranks: dict[tuple[int, int], list[int | None]] = defaultdict(list)
    for p in planned:
        cell_ranks[(p.organization_id, p.year)].append(p.rank)
    return RatingsOutcome(planned, cell_ranks, set(replaced))


def _cap_flags(
    ctx: Context,
    planned: list[RatingPlan],
    replaced: dict[tuple[int, int], dict[str, Any]],
    settings: rules.RuleSettings,
) -> None:
    """The 20 % cap (HD 21) on every grassroots organization whose counts the file moves, as the
    services check it (rules.rating.cap_violations): an HTXSNV added, an HTTNV lowered, not rated or
    moved away. The file's ratings that moved the counts the wrong way share the flag. The groups'
    rows are locked first when the import writes (evaluations.locks): a decision taken meanwhile
    counts after the import, and the import counts after it."""
    changed = [p for p in planned if p.existing_id != -1]
    # the recorded rating each replaces (none on a first import)
    befores: list[dict[str, Any] | None] = [None] * len(changed)
    if replaced:
        befores = [
            None if p.person.member_id is None else replaced.get((p.person.member_id, p.year))
            for p in changed
        ]
    # the group a rating counts in: its grassroots organization's members, or a group of comparable
    # subjects defined for its cell (rules.groups), as the services count it
    defined = {
        year: defined_groups(year)
        for year in {p.year for p in changed} | {b["year"] for b in befores if b is not None}
    }
    known: dict[tuple[int, int, int], tuple[int, rules.CapGroup]] = {}

    def group_of(year: int, grassroots: int, cell: int) -> tuple[int, rules.CapGroup]:
        """Once per (year, grassroots organization, cell): a file has a few thousand."""
        found = known.get((year, grassroots, cell))
        if found is None:
            default = rules.CapGroup(grassroots, "members")
            group = rules.groups.regroup(default, [cell], defined.get(year, []), rules.groups.MEMBERS)
            found = known[(year, grassroots, cell)] = (year, group)
        return found

    places = {(p.year, p.grassroots_id, p.organization_id) for p in changed}
    places |= {(b["year"], b["grassroots_id"], b["organization_id"]) for b in befores if b is not None}
    groups = {group_of(*place) for place in places}
    if not groups:
        return
    real = [(y, g) for y, g in groups if g.organization_id > 0]
    if real and connection.in_atomic_block:  # writing (a dry run holds no transaction to lock in)
        lock_grassroots(g.organization_id for _, g in real)
    recorded: Counter[tuple[int, rules.CapGroup, int | None]] = Counter()
    if real:
        for row in (
            MemberRating.objects.filter(
                year__in={y for y, _ in real},
                grassroots_id__in={g.organization_id for _, g in real},
                rank__in=(1, 2),
            )
            .values("year", "grassroots_id", "organization_id", "rank")
            .annotate(n=Count("id"))
            .order_by()
        ):
            key = group_of(row["year"], row["grassroots_id"], row["organization_id"])
            recorded[(*key, row["rank"])] += row["n"]
    counts = Counter(recorded)
    # the recorded ratings the file's rows replace leave their groups, the file's come in: counted
    # by place first
    leaving = Counter(
        (b["year"], b["grassroots_id"], b["organization_id"], b["rank"])
        for b in replaced.values()
        if b["rank"] in (1, 2)
    )
    for (year, grassroots, cell, rank), n in leaving.items():
        counts[(*group_of(year, grassroots, cell), rank)] -= n
    coming = Counter(
        (p.year, p.grassroots_id, p.organization_id, p.rank) for p in planned if p.rank in (1, 2)
    )
    for (year, grassroots, cell, rank), n in coming.items():
        counts[(*group_of(year, grassroots, cell), rank)] += n
    percents = group_percents(real, settings)  # the groups of new organizations have no raise
    moves: list[
        tuple[RatingPlan, tuple[int, rules.CapGroup] | None, int | None, tuple[int, rules.CapGroup]]
    ] = []
    for year, group in sorted(
        groups, key=lambda k: (k[0], k[1].organization_id, k[1].group, k[1].defined or 0)
    ):
        name = ctx.tree.by_id[group.organization_id].name if group.organization_id in ctx.tree.by_id else ""
        is_defined = group.group == rules.groups.DEFINED
        where = rules.groups.group_label(group, name) if is_defined else ""
        change = rules.rating.CapChange(
            rules.CapCounts(recorded[(year, group, 1)], recorded[(year, group, 2)]),
            rules.CapCounts(counts[(year, group, 1)], counts[(year, group, 2)]),
            where=where[:1].upper() + where[1:],
            percent=percents.get((year, group)),
        )
        violations = rules.rating.cap_violations(change, year=year, settings=settings)
        if not violations:
            continue
        ctx.issues.warning(
            "",
            None,
            "",
            "",
            "",
            (f"Năm {year}" if is_defined else f"{name}, năm {year}")
            + f": {violations[0].message} Kết quả vẫn được ghi và đánh dấu.",
        )
        if not moves:  # each changed rating's group before and after, once
            moves = [
                (
                    p,
                    None
                    if before is None
                    else group_of(before["year"], before["grassroots_id"], before["organization_id"]),
                    None if before is None else before["rank"],
                    group_of(p.year, p.grassroots_id, p.organization_id),
                )
                for p, before in zip(changed, befores, strict=True)
            ]
        for p, was_in, before_rank, now_in in moves:
            before_here = before_rank if was_in == (year, group) else None
            after_here = p.rank if now_in == (year, group) else None
            if rules.rating.carries_cap_flag(before_here, after_here):
                p.flags = [*p.flags, asdict(violations[0])]


# --- organization ratings ------------------------------------------------------------------------


def plan_org_ratings(
    ctx: Context,
    rows: list[OrgRatingRow],
    plan: Plan,
    file_member_ranks: dict[tuple[int, int], list[int | None]],
    file_rated_members: set[tuple[int, int]],
) -> None:
    locked = _locked_cycles()
    settings = rule_settings()
    items: list[tuple[OrgRatingRow, OrgRatingPlan]] = []
    seen: dict[tuple[int, int], int] = {}
    codes = {i.code for i in rows if i.code}
    real_ids = [
        ctx.tree.by_code[c].id for c in codes if c in ctx.tree.by_code and not ctx.tree.by_code[c].is_new
    ]
    years = {i.year for i in rows if i.year}
    existing: dict[tuple[int, int], dict[str, Any]] = {
        (row["organization_id"], row["year"]): dict(row)
        for row in OrganizationRating.objects.filter(organization_id__in=real_ids, year__in=years).values(
            "id",
            "organization_id",
            "year",
            "rank",
            "exemplary",
            "not_rated_reason",
            "score",
            "decision_number",
            "decision_date",
            "leadership_disciplined",
            "leadership_warning_or_above",
            "sub_units_disciplined",
            "disunity_concluded",
        )
    }
    for item in rows:
        r = item.reader
        stats = ctx.stat(r.sheet)
        if not r.ok or item.year is None:
            stats.count(INVALID)
            continue
        org = ctx.tree.get(item.code)
        if org is None or not org.visible:
            r.error(
                "code",
                f"Không có tổ chức mã “{item.code}”"
                + (" trong phạm vi của bạn." if org else " (trong tệp và trong hệ thống)."),
            )
            stats.count(INVALID)
            continue
        day = date(item.year, 12, 31)
        version = org.version_at(day)
        if version is None:
            r.error("year", f"{org.name} không hoạt động vào ngày 31/12/{item.year}.")
            stats.count(INVALID)
            continue
        key = (org.id, item.year)
        if key in seen:
            r.error("year", f"{org.name} đã có kết quả năm {item.year} ở dòng {seen[key]}.")
            stats.count(INVALID)
            continue
        seen[key] = r.rownum
        if item.exemplary and item.rank != rules.HTXSNV:
            scheme = rules.scheme_for(item.year)
            r.error("exemplary", rules.exemplary_violations(rules.KHTNV, True, scheme)[0].message)
            stats.count(INVALID)
            continue
        if item.rank is not None and item.reason:
            r.error("not_rated_reason", "Đã có mức xếp loại thì không ghi lý do không xếp loại.")
            stats.count(INVALID)
            continue
        computed = rules.organization_not_rated_reason(
            year=item.year, established_on=org.established_on, settings=settings
        )
        reason = "" if item.rank is not None else (item.reason or computed or "")
        if item.rank is None and not reason:
            r.error(
                "rank", f"Thiếu xếp loại của {org.name} năm {item.year} (hoặc ghi lý do không xếp loại).", ""
            )
            stats.count(INVALID)
            continue
        before = existing.get(key)
        plan_item = OrgRatingPlan(
            organization_id=org.id,
            year=item.year,
            rank=item.rank,
            exemplary=item.exemplary,
            reason=reason,
            score=item.score if item.score is not None else (before["score"] if before else None),
            decision_number=item.decision_number or (before["decision_number"] if before else ""),
            decision_date=item.decision_date or (before["decision_date"] if before else None),
            existing_id=before["id"] if before else None,
            sheet=r.sheet.name,
            row=r.rownum,
        )
        if (
            before is not None
            and (before["rank"], before["exemplary"], before["not_rated_reason"])
            == (item.rank, item.exemplary, reason)
            and (item.score is None or item.score == before["score"])
            and (not item.decision_number or item.decision_number == before["decision_number"])
        ):
            stats.count(UNCHANGED)
            continue
        if not _in_scope(ctx, org.id, day):
            r.error("code", f"Bạn không có quyền ghi kết quả xếp loại của {org.name}.")
            stats.count(INVALID)
            continue
        if locked and any((a, item.year) in locked for a in ctx.tree.ancestors_at(org.id, day)):
            r.error(
                "rank",
                f"Kết quả đánh giá năm {item.year} đã được phê duyệt và khóa sổ; chỉ sửa bằng quyết định điều chỉnh.",
            )
            stats.count(INVALID)
            continue
        items.append((item, plan_item))
        stats.count(UPDATED if before is not None else NEW)
    _org_flags(ctx, items, file_member_ranks, file_rated_members, existing)
    for item, plan_item in items:
        plan.org_ratings.append(plan_item)
        if plan_item.flags:
            item.reader.warning(
                "rank",
                "Được ghi như đã quyết định nhưng vượt quy tắc — "
                + " ".join(f["message"] for f in plan_item.flags),
            )


def _org_flags(
    ctx: Context,
    items: list[tuple[OrgRatingRow, OrgRatingPlan]],
    file_member_ranks: dict[tuple[int, int], list[int | None]],
    file_rated_members: set[tuple[int, int]],
    recorded_facts: dict[tuple[int, int], dict[str, Any]],
) -> None:
    """The rules of an organization's rating (rules.rating.organization_violations, as the services
    run them) on the final data: a cell's members' ranks, a committee's direct sub-units' ranks
    (recorded, replaced by the file's), the collective's facts recorded with an earlier step."""
    if not items:
        return
    years = {p.year for _, p in items}
    cells = [
        p.organization_id for _, p in items if ctx.tree.is_cell_at(p.organization_id, date(p.year, 12, 31))
    ]
    recorded_member_ranks: dict[tuple[int, int], list[int]] = defaultdict(list)
    real_cells = [c for c in cells if c > 0]
    for start in range(0, len(real_cells), CHUNK):
        for member_id, org_id, year, rank in MemberRating.objects.filter(
            organization_id__in=real_cells[start : start + CHUNK], year__in=years, rank__isnull=False
        ).values_list("member_id", "organization_id", "year", "rank"):
            if (member_id, year) not in file_rated_members:
                recorded_member_ranks[(org_id, year)].append(int(rank or 0))
    children: dict[tuple[int, int], list[int]] = {}
    for year in years:
        day = date(year, 12, 31)
        index: dict[int, list[int]] = defaultdict(list)
        for org in ctx.tree.by_id.values():
            version = org.version_at(day)
            if version is not None and version.parent_id is not None:
                index[version.parent_id].append(org.id)
        for _, p in items:
            if p.year == year:
                children[(p.organization_id, year)] = index.get(p.organization_id, [])
    file_org_ranks = {(p.organization_id, p.year): p.rank for _, p in items}
    child_ids = sorted({c for ids in children.values() for c in ids if c > 0})
    recorded_org_ranks: dict[tuple[int, int], int | None] = {}
    for start in range(0, len(child_ids), CHUNK):
        for org_id, year, rank in OrganizationRating.objects.filter(
            organization_id__in=child_ids[start : start + CHUNK], year__in=years
        ).values_list("organization_id", "year", "rank"):
            recorded_org_ranks[(org_id, year)] = rank
    settings = rule_settings()
    for _, p in items:
        if p.rank is None:
            continue
        day = date(p.year, 12, 31)
        org = ctx.tree.by_id[p.organization_id]
        is_cell = ctx.tree.is_cell_at(org.id, day)
        if is_cell:
            ranks = [r for r in file_member_ranks.get((org.id, p.year), []) if r is not None]
            ranks += recorded_member_ranks.get((org.id, p.year), [])
        else:
            ranks = []
            for child in children.get((org.id, p.year), []):
                rank = file_org_ranks.get((child, p.year), recorded_org_ranks.get((child, p.year)))
                if rank is not None:
                    ranks.append(rank)
        # the collective's facts recorded with an earlier step stay and count, as in the services
        stored = recorded_facts.get((p.organization_id, p.year), {})
        facts = rules.rating.OrganizationYear(
            year=p.year,
            established_on=org.established_on,
            is_cell=is_cell,
            sub_ranks=tuple(ranks),
            sub_units=0 if is_cell else len(children.get((org.id, p.year), [])),
            score=p.score,
            exemplary=p.exemplary,
            leadership_disciplined=stored.get("leadership_disciplined", False),
            leadership_warning_or_above=stored.get("leadership_warning_or_above", False),
            sub_units_disciplined=stored.get("sub_units_disciplined", 0),
            disunity_concluded=stored.get("disunity_concluded", False),
        )
        p.flags = [asdict(v) for v in rules.rating.organization_violations(p.rank, facts, settings=settings)]
