"""The year's review report for a subtree (báo cáo kết quả đánh giá, xếp loại): counts and
percentages per level, of those evaluated, in the scheme's own wording. A report for every role
that sees the subtree: the members commended are named only to those who see their personal data
(a read-only viewer gets the awards and their number, not the names)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet, Sum

from dangbo.accounts.scope import authorize, path_in_scope
from dangbo.audit.figures import kept
from dangbo.core.exceptions import ApplicationError
from dangbo.core.text import format_number, percent
from dangbo.evaluations import rules
from dangbo.evaluations.models import Award, MemberRating, RatingTally, YearEndHeadcount, YearRollup
from dangbo.evaluations.rollups import GROUPS
from dangbo.evaluations.services import locked_cycle, scheme
from dangbo.members.models import MemberPeriod
from dangbo.organizations import names as org_names
from dangbo.organizations.models import GRASSROOTS_KINDS, Organization, OrganizationVersion, Sector
from dangbo.organizations.selectors import version_of, versions_on
from dangbo.reports.year_data import (
    Commendation,
    CommendationGroup,
    LevelCount,
    OrganizationRef,
    ReasonCount,
    SchemeRef,
    Section,
    Sections,
    SectorLevel,
    SectorRow,
    Share,
    YearReport,
)

if TYPE_CHECKING:
    from dangbo.accounts.models import User

NOT_YET = "Chưa đánh giá"
UNNAMED_MEMBER = "Đảng viên (tên chỉ hiển thị cho cán bộ quản lý hồ sơ)"


def _percent_text(count: int, whole: int, decimals: int) -> str:
    return f"{percent(count, whole, decimals):.{decimals}f}"


def _section(
    *,
    total: int,
    ranks: Counter[int],
    reasons: Counter[str],
    labels: list[str],
    decimals: int,
    exemplary: int | None,
) -> Section:
    evaluated = sum(ranks.values())
    not_evaluated = total - evaluated
    known_reasons = sum(reasons.values())
    reason_rows = [
        ReasonCount(reason=reason, count=n)
        for reason, n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    if not_evaluated > known_reasons:
        reason_rows.append(ReasonCount(reason=NOT_YET, count=not_evaluated - known_reasons))
    good = ranks[rules.HTXSNV] + ranks[rules.HTTNV]
    return Section(
        total=total,
        evaluated=evaluated,
        not_evaluated=not_evaluated,
        levels=tuple(
            LevelCount(
                code=rules.CODES[rank],
                label=labels[rank - 1],
                count=ranks[rank],
                percent=_percent_text(ranks[rank], evaluated, decimals),
            )
            for rank in (1, 2, 3, 4)
        ),
        good_or_above=Share(count=good, percent=_percent_text(good, evaluated, decimals)),
        not_evaluated_reasons=tuple(reason_rows),
        exemplary=exemplary,
    )


def _reasons(figures: Counter[str], prefix: str) -> Counter[str]:
    return Counter({key[len(prefix) :]: n for key, n in figures.items() if key.startswith(prefix) and n})


def live_figures(
    root: OrganizationVersion, versions: QuerySet[OrganizationVersion], year: int, *, locked: bool
) -> Counter[str]:
    """The figures of the subtree (`versions`: its organizations on 31/12), counted from the ratings,
    the cells' tallies and the year-end headcounts (`locked`) or the member periods: an open year's, or
    a locked year's whose rollups are not built. The keys of evaluations.rollups."""
    day = date(year, 12, 31)
    figures: Counter[str] = Counter()
    # Everything below is counted by the database: a nation has ~250 000 organizations.
    org_ids = versions.values("organization_id")
    for row in versions.values("kind").annotate(n=Count("id")):
        group = GROUPS.get(row["kind"])
        if group is not None:
            figures[f"o:{group}:n"] += row["n"]
    rated_rows = (
        versions.filter(organization__ratings__year=year)
        .values(
            "kind",
            "organization__sector",
            "organization__ratings__rank",
            "organization__ratings__exemplary",
            "organization__ratings__not_rated_reason",
        )
        .annotate(n=Count("id"))
    )
    for row in rated_rows:
        group = GROUPS.get(row["kind"])
        if group is None:
            continue
        rank = row["organization__ratings__rank"]
        if rank:
            figures[f"o:{group}:{rank}"] += row["n"]
            if row["organization__ratings__exemplary"]:
                figures[f"o:{group}:x"] += row["n"]
            if group == "g":
                figures[f"s:{row['organization__sector']}:{rank}"] += row["n"]
        elif row["organization__ratings__not_rated_reason"]:
            figures[f"o:{group}:r:{row['organization__ratings__not_rated_reason']}"] += row["n"]
    grassroots_by_sector = versions.filter(kind__in=GRASSROOTS_KINDS).values("organization__sector")
    for sector_row in grassroots_by_sector.annotate(n=Count("id")):
        figures[f"s:{sector_row['organization__sector']}:n"] += sector_row["n"]
    # an open year at the only root on that day: no subtree filter (a semi-join over every organization
    # of a nation). Not for a locked year: its rollups count the subtree on 31/12, and so does this
    # (the tallies of a cell dissolved back-dated into the year, outside the tree, are not its figures)
    whole_database = (
        not locked
        and root.parent_id is None
        and not versions_on(day)
        .filter(parent__isnull=True)
        .exclude(organization_id=root.organization_id)
        .exists()
    )
    tallies = RatingTally.objects.filter(year=year)
    if not whole_database:
        tallies = tallies.filter(organization_id__in=org_ids)
    for member_row in tallies.values("rank", "not_rated_reason").annotate(n=Sum("count")):
        if member_row["rank"]:
            figures[f"m:{member_row['rank']}"] += member_row["n"]
        elif member_row["not_rated_reason"]:
            figures[f"m:r:{member_row['not_rated_reason']}"] += member_row["n"]
    if locked:  # the year-end headcounts taken at the lock: a row per cell
        heads = YearEndHeadcount.objects.filter(year=year)
        if not whole_database:
            heads = heads.filter(organization_id__in=org_ids)
        figures["h"] = heads.aggregate(n=Sum("count"))["n"] or 0
    else:
        periods = MemberPeriod.objects.filter(valid_from__lte=day, valid_to__gt=day)
        if not whole_database:
            periods = periods.filter(organization_id__in=org_ids)
        figures["h"] = periods.count()
    return figures


@dataclass(frozen=True)
class _YearData:
    """What year_report reads of the records, the same for every user who may see the organization."""

    name: str  # the organization's name on 31/12
    superior: str  # the name of the level above on 31/12 ("" at the top)
    figures: Counter[str]
    awards: list[Award]  # every award of the year
    member_cells: dict[int, tuple[int, str]]  # member commended here -> (cell id, cell path) of the year
    orgs_here: set[int]  # the organizations of the subtree commended
    award_names: dict[int, str]  # the names to show of those organizations and of the members' cells


def _year_data(organization: Organization, year: int) -> _YearData:
    day = date(year, 12, 31)
    root = version_of(organization, day)
    if root is None:
        raise ApplicationError(f"{organization.name} không hoạt động vào ngày 31/12/{year}.", field="org")
    superior = (
        versions_on(day).filter(organization_id=root.parent_id).first()
        if root.parent_id is not None
        else None
    )
    versions = versions_on(day).filter(path__under=root.path)  # the subtree on 31/12 (lazy)
    org_ids = versions.values("organization_id")
    locked = locked_cycle(root.path, year) is not None
    # a locked year: the subtree's figures stored on its top node (evaluations.rollups), one row
    stored = (
        YearRollup.objects.filter(year=year, organization_id=root.organization_id)
        .values_list("figures", flat=True)
        .first()
        if locked
        else None
    )
    figures: Counter[str] = (
        Counter(stored) if stored is not None else live_figures(root, versions, year, locked=locked)
    )
    # the year's awards are few: take them, then keep those of the subtree
    year_awards = list(
        Award.objects.filter(year=year).select_related("member", "organization").order_by("pk")
    )
    award_members = {a.member_id for a in year_awards if a.member_id}
    award_orgs = {a.organization_id for a in year_awards if a.organization_id}
    member_cells = {
        member_id: (cell_id, path)
        for member_id, cell_id, path in MemberRating.objects.filter(
            year=year, member_id__in=award_members, organization_id__in=org_ids
        ).values_list("member_id", "organization_id", "organization__path")
    }
    orgs_here = set(versions.filter(organization_id__in=award_orgs).values_list("organization_id", flat=True))
    # the cell of each member named, the grassroots organization of each cell (six "Chi bộ Khu phố 1")
    award_names = org_names.names_on({*orgs_here, *(cell for cell, _ in member_cells.values())}, day)
    return _YearData(
        name=root.name,
        superior=superior.name if superior is not None else "",
        figures=figures,
        awards=year_awards,
        member_cells=member_cells,
        orgs_here=orgs_here,
        award_names=award_names,
    )


def year_report(user: User, organization: Organization, year: int, *, decimals: int = 2) -> YearReport:
    """The report of `year` for the subtree of `organization` as it stood on 31/12 of that year."""
    authorize(user, organization)
    the_scheme = scheme(year)
    if decimals not in (1, 2):
        raise ApplicationError("Số chữ số thập phân phải là 1 hoặc 2.", field="decimals")
    org_labels = [level.label for level in the_scheme.organization_levels]
    member_labels = [level.label for level in the_scheme.member_levels]
    # the figures and the year's awards of the subtree, the same for every user (kept while the
    # records do not change); whose names the user may read, after
    data = kept("year_report", (organization.pk, year), lambda: _year_data(organization, year))
    figures = data.figures

    def org_section(group: str) -> Section:
        return _section(
            total=figures[f"o:{group}:n"],
            ranks=Counter({rank: figures[f"o:{group}:{rank}"] for rank in (1, 2, 3, 4)}),
            reasons=_reasons(figures, f"o:{group}:r:"),
            labels=org_labels,
            decimals=decimals,
            exemplary=figures[f"o:{group}:x"],
        )

    member_ranks = Counter({rank: figures[f"m:{rank}"] for rank in (1, 2, 3, 4)})
    member_reasons = _reasons(figures, "m:r:")
    members = _section(
        total=max(figures["h"], sum(member_ranks.values()) + sum(member_reasons.values())),
        ranks=member_ranks,
        reasons=member_reasons,
        labels=member_labels,
        decimals=decimals,
        exemplary=None,
    )
    by_sector: dict[str, Counter[int]] = {}
    for key, n in figures.items():
        if key.startswith("s:") and key.endswith(":n") and n:
            sector = key[2:-2]
            counter = by_sector[sector] = Counter({r: figures[f"s:{sector}:{r}"] for r in (1, 2, 3, 4)})
            counter[0] = n - sum(counter.values())
    sectors = tuple(
        SectorRow(
            sector=sector,
            label=Sector(sector).label,
            total=sum(counter.values()),
            levels=tuple(SectorLevel(code=rules.CODES[rank], count=counter[rank]) for rank in (1, 2, 3, 4)),
            not_evaluated=counter[0],
        )
        for sector, counter in sorted(by_sector.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    )
    year_awards = data.awards
    # the members commended here, and whether the user may read their names (the cell of the year)
    members_here = {
        member_id: path_in_scope(user, path, personal=True)
        for member_id, (_, path) in data.member_cells.items()
    }
    member_cells = {member_id: cell_id for member_id, (cell_id, _) in data.member_cells.items()}
    orgs_here, award_names = data.orgs_here, data.award_names
    awards = tuple(
        Commendation(
            kind=award.get_kind_display(),
            title=award.title,
            target=(
                f"{award.member.full_name} ({award_names[member_cells[award.member.pk]]})"
                if members_here.get(award.member.pk)
                else UNNAMED_MEMBER
            )
            if award.member
            else award_names.get(award.organization.pk, award.organization.name)
            if award.organization
            else "",
            given_by=award.given_by,
            decision_number=award.decision_number,
            consecutive_years=award.consecutive_years,
        )
        for award in year_awards
        if award.member_id in members_here or award.organization_id in orgs_here
    )
    report = YearReport(
        year=year,
        organization=OrganizationRef(code=organization.code, name=data.name),
        scheme=SchemeRef(
            code=the_scheme.code, regulation=the_scheme.regulation, guidance=the_scheme.guidance
        ),
        decimals=decimals,
        sections=Sections(
            grassroots=org_section("g"),
            affiliated_cells=org_section("a"),
            members=members,
        ),
        by_sector=sectors,
        commendations=awards,
        commendation_groups=commendation_groups(awards),
        superior=data.superior,
        narrative="",
    )
    report = replace(report, narrative=narrative(report, the_scheme))
    return add_paragraphs(report, user, organization, year)


def add_paragraphs(report: YearReport, user: User, organization: Organization, year: int) -> YearReport:
    """The paragraphs the apps below add to the year's report, in this one place: the congress
    round's progress (read into the narrative) and the year's targets (shown under the narrative,
    with a link to the targets' page). Each is present only when it says something."""
    from dangbo.congresses.selectors import report_paragraph as congress_paragraph
    from dangbo.targets.hooks import report_paragraph as targets_paragraph

    if congress := congress_paragraph(user, organization, year):
        report = replace(report, congress=congress, narrative=f"{report.narrative} {congress}")
    if targets := targets_paragraph(user, organization, year):
        report = replace(report, targets=targets)
    return report


def commendation_groups(awards: tuple[Commendation, ...]) -> tuple[CommendationGroup, ...]:
    """The awards of one decision and title together: "Giấy khen … (515-QĐ/QU): 20". The members
    whose names the user may not read are counted at the end ("3 đảng viên (tên …)")."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for award in awards:
        groups.setdefault((award.kind, award.title, award.decision_number), []).append(award.target)
    return tuple(
        CommendationGroup(
            kind=kind,
            title=title,
            decision_number=number,
            count=len(targets),
            targets=tuple(_named_first(targets)),
        )
        for (kind, title, number), targets in groups.items()
    )


def _named_first(targets: list[str]) -> list[str]:
    unnamed = targets.count(UNNAMED_MEMBER)
    named = [t for t in targets if t != UNNAMED_MEMBER]
    if not unnamed:
        return named
    return [*named, f"{format_number(unnamed)} {UNNAMED_MEMBER[:1].lower()}{UNNAMED_MEMBER[1:]}"]


def _pct(text: str) -> str:
    return text.replace(".", ",") + "\u00a0%"  # no line break between the figure and its sign


def narrative(report: YearReport, the_scheme: rules.Scheme) -> str:
    """A paragraph in the manner of the published reports."""
    year = report.year
    g = report.sections.grassroots
    m = report.sections.members
    parts = []
    unit = "tổ chức cơ sở đảng"
    exemplary_label = the_scheme.exemplary_label.lower()
    clauses = []
    for index, level in enumerate(g.levels):
        label = level.label.lower()
        if level.count == 0:
            clauses.append(f"không có {unit} {label}")
            continue
        clause = f"{format_number(level.count)} {unit} {label}, tỷ lệ {_pct(level.percent)}"
        if index == 0 and g.exemplary:
            clause += f" (trong đó có {format_number(g.exemplary)} {unit} {exemplary_label})"
        clauses.append(clause)
    evaluated_note = (
        f" ({format_number(g.evaluated)}/{format_number(g.total)} tổ chức được đánh giá)"
        if g.not_evaluated
        else ""
    )
    parts.append(
        f"Năm {year}, kết quả đánh giá, xếp loại tổ chức cơ sở đảng{evaluated_note}: "
        + "; ".join(clauses)
        + "."
    )
    levels = m.levels
    good = m.good_or_above
    member_clauses = [
        f"có {format_number(good.count)} đồng chí {levels[1].label.lower()} trở lên, tỷ lệ {_pct(good.percent)} "
        f"(trong đó có {format_number(levels[0].count)} đồng chí {levels[0].label.lower()}, "
        f"tỷ lệ {_pct(levels[0].percent)})"
    ]
    for level in levels[2:]:
        if level.count:
            member_clauses.append(
                f"{format_number(level.count)} đồng chí {level.label.lower()}, tỷ lệ {_pct(level.percent)}"
            )
        else:
            member_clauses.append(f"không có đồng chí nào {level.label.lower()}")
    member_note = (
        f" ({format_number(m.evaluated)}/{format_number(m.total)} đảng viên được đánh giá)"
        if m.not_evaluated
        else ""
    )
    parts.append(f"Kết quả đánh giá đảng viên{member_note}: " + "; ".join(member_clauses) + ".")
    if report.commendation_groups:
        parts.append(
            "Khen thưởng: "
            + "; ".join(
                f"{format_number(group.count)} {group.title[:1].lower()}{group.title[1:]}"
                for group in report.commendation_groups
            )
            + "."
        )
    return " ".join(parts)
