"""The year's review report (báo cáo kết quả đánh giá, xếp loại chất lượng) as typed, frozen data:
what `selectors.year_report` returns and what the renderers (DOCX, XLSX, text, the page) read.
`YearReport.as_json()` is the JSON of the API and of `evaluation_report --format json`; its keys and
their order are a published contract (docs/api.md), kept as they were when the report was a dict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True)
class OrganizationRef:
    """The organization reported on (tổ chức đảng): its code and its name on 31/12 of the year."""

    code: str
    name: str


@dataclass(frozen=True)
class SchemeRef:
    """The rating scheme of the year (quy định, hướng dẫn đánh giá, xếp loại chất lượng)."""

    code: str
    regulation: str
    guidance: str


@dataclass(frozen=True)
class LevelCount:
    """One level of the scheme (mức xếp loại, e.g. "Hoàn thành tốt nhiệm vụ"): its code (HTTNV), its
    wording that year, how many, and the percent of those evaluated (tỷ lệ), as "12.50"."""

    code: str
    label: str
    count: int
    percent: str


@dataclass(frozen=True)
class Share:
    """A count and its percent of those evaluated: "hoàn thành tốt nhiệm vụ trở lên"."""

    count: int
    percent: str


@dataclass(frozen=True)
class ReasonCount:
    """Those not rated for one reason (không đánh giá, xếp loại — lý do), or "Chưa đánh giá"."""

    reason: str
    count: int


@dataclass(frozen=True)
class Section:
    """One part of the report: grassroots organizations (tổ chức cơ sở đảng), affiliated cells (chi bộ
    trực thuộc) or members (đảng viên). Percentages are of the evaluated (được đánh giá), not the total.
    `exemplary` (tiêu biểu) is counted for organizations only; None for members."""

    total: int
    evaluated: int
    not_evaluated: int
    levels: tuple[LevelCount, ...]
    good_or_above: Share
    not_evaluated_reasons: tuple[ReasonCount, ...]
    exemplary: int | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "total": self.total,
            "evaluated": self.evaluated,
            "not_evaluated": self.not_evaluated,
            "levels": [_level(level) for level in self.levels],
            "good_or_above": {"count": self.good_or_above.count, "percent": self.good_or_above.percent},
            "not_evaluated_reasons": [
                {"reason": r.reason, "count": r.count} for r in self.not_evaluated_reasons
            ],
        }
        if self.exemplary is not None:
            data["exemplary"] = self.exemplary
        return data


@dataclass(frozen=True)
class Sections:
    """The three parts of the report, in the order they are printed."""

    grassroots: Section
    affiliated_cells: Section
    members: Section

    KEYS: ClassVar[tuple[str, ...]] = ("grassroots", "affiliated_cells", "members")

    def of(self, key: str) -> Section:
        """The part named `key` (one of KEYS), for the renderers that walk the titled parts."""
        if key not in self.KEYS:
            raise KeyError(key)
        section: Section = getattr(self, key)
        return section

    def as_json(self) -> dict[str, Any]:
        return {key: self.of(key).as_json() for key in self.KEYS}


@dataclass(frozen=True)
class SectorLevel:
    """The count of one level (mức xếp loại) within a sector."""

    code: str
    count: int


@dataclass(frozen=True)
class SectorRow:
    """Grassroots organizations of one sector (loại hình tổ chức cơ sở đảng: xã, phường, trường học…)."""

    sector: str
    label: str
    total: int
    levels: tuple[SectorLevel, ...]
    not_evaluated: int

    def as_json(self) -> dict[str, Any]:
        return {
            "sector": self.sector,
            "label": self.label,
            "total": self.total,
            "levels": [{"code": level.code, "count": level.count} for level in self.levels],
            "not_evaluated": self.not_evaluated,
        }


@dataclass(frozen=True)
class Commendation:
    """One award of the year (khen thưởng): its form (hình thức), title (nội dung), who received it
    (an organization, or a member named only to those who may read personal data), the body that gave
    it (cấp khen thưởng), the decision (số quyết định) and the years running (số năm liền)."""

    kind: str
    title: str
    target: str
    given_by: str
    decision_number: str
    consecutive_years: int | None

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "target": self.target,
            "given_by": self.given_by,
            "decision_number": self.decision_number,
            "consecutive_years": self.consecutive_years,
        }


@dataclass(frozen=True)
class CommendationGroup:
    """The awards of one decision and title together ("Giấy khen … (515-QĐ/QU): 20"); the members whose
    names the user may not read are counted in the last target."""

    kind: str
    title: str
    decision_number: str
    count: int
    targets: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "decision_number": self.decision_number,
            "count": self.count,
            "targets": list(self.targets),
        }


@dataclass(frozen=True)
class YearReport:
    """Báo cáo kết quả đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên of `year` for the
    subtree of `organization` as it stood on 31/12. `superior` is the name of the organization above
    (cấp trên, "" at a root); `narrative` the paragraph in the manner of the published reports
    (nhận xét); `congress` the congress round's sentence (đại hội, read into the narrative) and
    `targets` the year's targets sentence (chỉ tiêu), each "" when it says nothing."""

    year: int
    organization: OrganizationRef
    scheme: SchemeRef
    decimals: int
    sections: Sections
    by_sector: tuple[SectorRow, ...]
    commendations: tuple[Commendation, ...]
    commendation_groups: tuple[CommendationGroup, ...]
    superior: str
    narrative: str
    congress: str = ""
    targets: str = ""

    def as_json(self) -> dict[str, Any]:
        """The JSON of the API and of `evaluation_report --format json` (its keys in this order;
        `congress` and `targets` only when present)."""
        data: dict[str, Any] = {
            "year": self.year,
            "organization": {"code": self.organization.code, "name": self.organization.name},
            "scheme": {
                "code": self.scheme.code,
                "regulation": self.scheme.regulation,
                "guidance": self.scheme.guidance,
            },
            "decimals": self.decimals,
            "sections": self.sections.as_json(),
            "by_sector": [row.as_json() for row in self.by_sector],
            "commendations": [award.as_json() for award in self.commendations],
            "commendation_groups": [group.as_json() for group in self.commendation_groups],
            "superior": self.superior,
            "narrative": self.narrative,
        }
        if self.congress:
            data["congress"] = self.congress
        if self.targets:
            data["targets"] = self.targets
        return data


def _level(level: LevelCount) -> dict[str, Any]:
    return {"code": level.code, "label": level.label, "count": level.count, "percent": level.percent}
