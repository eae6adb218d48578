"""Checking the awards sheet (khen thưởng): only members and organizations rated at the top level
that year may be commended (HD 21-HD/BTCTW); awards are written through evaluations.services.award_record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dangbo.evaluations import rules
from dangbo.evaluations.models import Award, MemberRating, OrganizationRating
from dangbo.imports import choices, values
from dangbo.imports.plan.base import (
    INVALID,
    NEW,
    UNCHANGED,
    AwardPlan,
    Context,
    OrgRatingPlan,
    Person,
    Plan,
    RatingPlan,
    RowReader,
    rows_of,
)
from dangbo.imports.plan.members import People
from dangbo.imports.plan.reviews import attach_person
from dangbo.imports.reader import Sheet


@dataclass
class AwardRow:
    reader: RowReader
    cccd: str | None
    card: str | None
    ref: int | None
    code: str
    year: int | None
    kind: str | None
    title: str
    given_by: str
    decision_number: str
    decision_date: date | None
    consecutive_years: int | None
    person: Person | None = None


# --- reading ---------------------------------------------------------------------------------------


def parse_awards(ctx: Context, sheets: list[Sheet]) -> list[AwardRow]:
    result = []
    for sheet in sheets:
        ctx.stat(sheet).rows += len(sheet.rows)
        for rownum, row in rows_of(ctx, sheet):
            r = RowReader(ctx, sheet, rownum, row)
            code = r.code("code")
            cccd, card, ref = r.keys(alternative=bool(code))
            if not (cccd or card or ref or code) and r.ok:
                r.error("code", "Phải ghi số CCCD, số thẻ đảng viên hoặc mã tổ chức được khen.", "")
            try:
                consecutive = values.int_value(r.raw("consecutive_years"))
            except values.CellError as error:
                r.error("consecutive_years", error.message)
                consecutive = None
            result.append(
                AwardRow(
                    reader=r,
                    cccd=cccd,
                    card=card,
                    ref=ref,
                    code=code,
                    year=r.year(),
                    kind=r.choice(
                        "kind",
                        choices.AWARD_KIND,
                        "Hình thức khen thưởng",
                        choices.AWARD_KIND_ALLOWED,
                        required=True,
                    ),
                    title=r.text("title", required=True),
                    given_by=r.text("given_by", required=True),
                    decision_number=r.text("decision_number", required=True, max_length=60),
                    decision_date=r.date("decision_date", required=True),
                    consecutive_years=consecutive,
                )
            )
    return result


# --- awards ---------------------------------------------------------------------------------------


def plan_awards(
    ctx: Context, rows: list[AwardRow], people: People, plan: Plan, top_rated: set[tuple[str, int, int]]
) -> None:
    """`top_rated`: ("m", member key, year) / ("o", organization id, year) rated HTXSNV in the final data."""
    for item in rows:
        r = item.reader
        stats = ctx.stat(r.sheet)
        if not r.ok or item.year is None or item.kind is None or item.decision_date is None:
            stats.count(INVALID)
            continue
        person: Person | None = None
        org_id: int | None = None
        if item.cccd or item.card or item.ref:
            person = attach_person(r, people, item.cccd, item.card, item.ref)
            if person is None:
                stats.count(INVALID)
                continue
            target = ("m", id(person), item.year)
            writable = person.is_new or bool(person.db and person.db["writable"])
            name = person.name
        else:
            org = ctx.tree.get(item.code)
            if org is None or not org.visible:
                r.error("code", f"Không có tổ chức mã “{item.code}”.")
                stats.count(INVALID)
                continue
            org_id = org.id
            target = ("o", org.id, item.year)
            writable = org.in_scope
            name = org.name
        if target not in top_rated:
            r.error(
                "title",
                f"{rules.commendation_refusal(item.year)[:-1]}: {name} không được xếp loại như vậy.",
            )
            stats.count(INVALID)
            continue
        query = Award.objects.filter(year=item.year, title=item.title, decision_number=item.decision_number)
        recorded = False
        if person is not None and person.member_id is not None:
            recorded = query.filter(member_id=person.member_id).exists()
        elif org_id is not None and org_id > 0:
            recorded = query.filter(organization_id=org_id).exists()
        if recorded:
            stats.count(UNCHANGED)
            continue
        if not writable:
            r.error("cccd" if person else "code", f"Bạn không có quyền ghi khen thưởng cho {name}.")
            stats.count(INVALID)
            continue
        plan.awards.append(
            AwardPlan(
                kind=item.kind,
                year=item.year,
                title=item.title,
                given_by=item.given_by,
                decision_number=item.decision_number,
                decision_date=item.decision_date,
                consecutive_years=item.consecutive_years,
                person=person,
                organization_id=org_id,
                sheet=r.sheet.name,
                row=r.rownum,
            )
        )
        stats.count(NEW)


def top_rated_targets(
    plan_ratings: list[RatingPlan],
    org_plans: list[OrgRatingPlan],
    award_rows: list[AwardRow],
    people: People,
    ctx: Context,
) -> set[tuple[str, int, int]]:
    """Who is rated HTXSNV, in the final data, among the award rows' targets."""
    result: set[tuple[str, int, int]] = set()
    replaced: set[tuple[str, int, int]] = set()
    for p in plan_ratings:
        key = ("m", id(p.person), p.year)
        replaced.add(key)
        if p.rank == rules.HTXSNV:
            result.add(key)
    for o in org_plans:
        key = ("o", o.organization_id, o.year)
        replaced.add(key)
        if o.rank == rules.HTXSNV:
            result.add(key)
    member_ids: dict[int, Person] = {}
    org_ids: set[int] = set()
    years: set[int] = set()
    for row in award_rows:
        if row.year is None:
            continue
        years.add(row.year)
        person, _ = (
            people.find(row.cccd, row.card, row.ref) if (row.cccd or row.card or row.ref) else (None, "")
        )
        if person is not None and person.member_id is not None:
            member_ids[person.member_id] = person
        elif row.code and row.code in ctx.tree.by_code:
            org_ids.add(ctx.tree.by_code[row.code].id)
    for member_id, year in MemberRating.objects.filter(
        member_id__in=list(member_ids), year__in=years, rank=rules.HTXSNV
    ).values_list("member_id", "year"):
        key = ("m", id(member_ids[member_id]), year)
        if key not in replaced:
            result.add(key)
    for org_id, year in OrganizationRating.objects.filter(
        organization_id__in=[o for o in org_ids if o > 0], year__in=years, rank=rules.HTXSNV
    ).values_list("organization_id", "year"):
        key = ("o", org_id, year)
        if key not in replaced:
            result.add(key)
    return result
