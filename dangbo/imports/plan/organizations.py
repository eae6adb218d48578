"""Checking the organizations sheet: new organizations are placed in the in-memory tree (with a
temporary id) so that members, ratings and sub-units later in the file can refer to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dangbo.core.dates import OPEN_END
from dangbo.imports import choices
from dangbo.imports.plan.base import (
    INVALID,
    NEW,
    REFUSED,
    UNCHANGED,
    Context,
    NewOrg,
    Plan,
    RowReader,
    no_organization,
    rows_of,
)
from dangbo.imports.reader import Sheet
from dangbo.imports.tree import Org, Version
from dangbo.organizations.models import ALLOWED_CHILDREN, GRASSROOTS_KINDS, Kind, Sector
from dangbo.organizations.services import Decision

ROOT_KINDS = {Kind.PROVINCE, Kind.DISTRICT, Kind.COMMUNE, Kind.SUPERIOR, *GRASSROOTS_KINDS}


@dataclass
class OrgRow:
    reader: RowReader
    code: str
    name: str
    parent_code: str
    kind: str | None
    sector: str
    established_on: date | None
    decision_number: str
    decision_date: date | None


def plan_organizations(ctx: Context, sheets: list[Sheet], plan: Plan) -> None:
    rows: list[OrgRow] = []
    seen: dict[str, int] = {}
    for sheet in sheets:
        stats = ctx.stat(sheet)
        for rownum, row in rows_of(ctx, sheet):
            stats.rows += 1
            r = RowReader(ctx, sheet, rownum, row)
            item = OrgRow(
                reader=r,
                code=r.code("code", required=True),
                name=r.text("name", required=True),
                parent_code=r.code("parent_code"),
                kind=r.choice("kind", choices.KIND, "Cấp tổ chức", choices.KIND_ALLOWED, required=True),
                sector=r.choice("sector", choices.SECTOR, "Loại hình", choices.SECTOR_ALLOWED)
                or Sector.OTHER,
                established_on=r.date("established_on", required=True),
                decision_number=r.text("decision_number", max_length=60),
                decision_date=r.date("decision_date"),
            )
            if item.code:
                if item.code in seen:
                    r.error("code", f"Mã tổ chức “{item.code}” lặp lại (đã có ở dòng {seen[item.code]}).")
                else:
                    seen[item.code] = rownum
            rows.append(item)
    by_code = {row.code: row for row in rows if row.code and seen.get(row.code) == row.reader.rownum}
    placed: dict[str, str] = {}  # code -> outcome, once decided

    def place(item: OrgRow, trail: tuple[str, ...]) -> str:
        if item.code in placed:
            return placed[item.code]
        placed[item.code] = INVALID  # until proven otherwise (also breaks cycles)
        outcome = _place(ctx, item, by_code, plan, lambda parent: place(parent, (*trail, item.code)), trail)
        placed[item.code] = outcome
        return outcome

    for item in rows:
        r = item.reader
        stats = ctx.stat(r.sheet)
        if not r.ok or item.code not in by_code or by_code[item.code] is not item:
            stats.count(INVALID)
            continue
        stats.count(place(item, ()))


def _place(ctx, item: OrgRow, by_code, plan: Plan, place_parent, trail: tuple[str, ...]) -> str:  # type: ignore[no-untyped-def]
    r = item.reader
    existing = ctx.tree.get(item.code)
    if existing is not None and not existing.is_new:
        return _compare_existing(ctx, item, existing)
    if not r.ok:
        return INVALID
    assert item.kind is not None and item.established_on is not None
    parent: Org | None = None
    if item.parent_code:
        if item.parent_code == item.code:
            r.error("parent_code", "Tổ chức không thể trực thuộc chính nó.")
            return INVALID
        if item.parent_code in trail:
            r.error("parent_code", f"Vòng lặp cấp trên: {' → '.join((*trail, item.code))}.")
            return INVALID
        parent_row = by_code.get(item.parent_code)
        known = ctx.tree.get(item.parent_code)
        if parent_row is not None and (known is None or known.is_new) and place_parent(parent_row) == INVALID:
            r.error(
                "parent_code",
                f"Tổ chức cấp trên “{item.parent_code}” (dòng {parent_row.reader.rownum}) có lỗi.",
            )
            return INVALID
        parent = ctx.tree.get(item.parent_code)
        if parent is None or (not parent.visible and not parent.is_new):
            r.error("parent_code", no_organization(item.parent_code))
            return INVALID
        if not parent.in_scope:
            r.error("parent_code", f"Bạn không có quyền thành lập tổ chức trực thuộc “{parent.name}”.")
            return INVALID
        version = parent.version_at(item.established_on)
        if version is None:
            r.error(
                "established_on",
                f"Tổ chức cấp trên “{parent.name}” không hoạt động vào ngày thành lập {item.established_on:%d/%m/%Y}.",
            )
            return INVALID
        if item.kind not in ALLOWED_CHILDREN[version.kind]:
            r.error(
                "kind",
                f"{Kind(item.kind).label} không thể trực thuộc {Kind(version.kind).label.lower()} ({parent.name}).",
            )
            return INVALID
    else:
        if ctx.write_paths is not None:
            r.error(
                "parent_code",
                "Thiếu mã tổ chức cấp trên: chỉ quản trị hệ thống được thành lập tổ chức cấp cao nhất.",
                "",
            )
            return INVALID
        if item.kind not in ROOT_KINDS:
            r.error("parent_code", f"{Kind(item.kind).label} phải có tổ chức cấp trên.", "")
            return INVALID
    org = Org(
        id=ctx.tree.new_id(),
        code=item.code,
        name=item.name,
        sector=item.sector,
        established_on=item.established_on,
        ended_on=None,
        path="",
        versions=[
            Version(item.established_on, OPEN_END, item.kind, parent.id if parent else None, item.name, "")
        ],
        in_scope=True,
        visible=True,
    )
    ctx.tree.add(org)
    plan.new_orgs.append(
        NewOrg(
            org=org,
            kind=item.kind,
            parent_id=parent.id if parent else None,
            decision=Decision(
                number=item.decision_number or ctx.note,
                date=item.decision_date or item.established_on,
            ),
            sheet=r.sheet.name,
            row=r.rownum,
        )
    )
    return NEW


def _compare_existing(ctx: Context, item: OrgRow, org: Org) -> str:
    """An organization already recorded: never changed by an import (a rename, a move or a
    dissolution is a decision of its own); differences are reported as warnings."""
    r = item.reader
    if not org.visible:
        r.error("code", REFUSED)  # the code is taken outside the scope: said as of nothing there
        return INVALID
    if not r.ok:
        return INVALID
    parent_codes = {
        v: ctx.tree.by_id[v.parent_id].code if v.parent_id in ctx.tree.by_id else "" for v in org.versions
    }
    same_version = any(
        v.name == item.name and v.kind == item.kind and parent_codes[v] == item.parent_code
        for v in org.versions
    )
    differences = []
    if not same_version:
        names = {v.name for v in org.versions}
        if item.name not in names:
            differences.append(f"tên (hệ thống: “{org.name}”)")
        if item.kind not in {v.kind for v in org.versions}:
            current = org.versions[-1].kind if org.versions else ""
            differences.append(f"cấp tổ chức (hệ thống: {Kind(current).label if current else '—'})")
        if item.parent_code not in set(parent_codes.values()):
            differences.append(
                f"cấp trên (hệ thống: {parent_codes.get(org.versions[-1], '') if org.versions else ''})"
            )
    if item.established_on and item.established_on != org.established_on:
        differences.append(f"ngày thành lập (hệ thống: {org.established_on:%d/%m/%Y})")
    if item.sector != org.sector and item.reader.raw("sector") not in (None, ""):
        differences.append(f"loại hình (hệ thống: {Sector(org.sector).label})")
    if differences:
        r.warning(
            "code",
            f"Tổ chức “{item.code}” đã có trong hệ thống; khác với tệp ở {', '.join(differences)}. "
            "Không thay đổi: đổi tên, chuyển trực thuộc, giải thể làm bằng quyết định trên trang tổ chức.",
        )
    return UNCHANGED
