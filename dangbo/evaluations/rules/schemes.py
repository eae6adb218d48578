"""Rating schemes by period (domain.md §2). The year decides the scheme; each level keeps the
scheme's own official wording, and a rank (1 best … 4 worst) that is comparable across schemes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

HTXSNV, HTTNV, HTNV, KHTNV = 1, 2, 3, 4
CODES = {HTXSNV: "HTXSNV", HTTNV: "HTTNV", HTNV: "HTNV", KHTNV: "KHTNV"}


@dataclass(frozen=True)
class Level:
    rank: int
    label: str  # official wording

    @property
    def code(self) -> str:
        return CODES[self.rank]


@dataclass(frozen=True)
class Scheme:
    code: str
    first_year: int
    last_year: int | None
    regulation: str
    guidance: str
    organization_levels: tuple[Level, ...]
    member_levels: tuple[Level, ...]
    exemplary_label: str
    scored: bool = False  # QĐ 366: a 100-point score sets the level
    # where each rule of the period comes from, as cited in messages, pages and documents (SOURCE_KEYS);
    # every citation of the review is read here, never written in a template or a message
    sources: Mapping[str, str] = field(default_factory=dict)
    # the HD 21 sick-leave bar (3 months or more: no HTTNV or above); gone from 2025 (HD 43, 7.5)
    sick_leave_bar: bool = True
    # HD 21's condition of 100 % of the sub-units at HTNV and 80 % at HTTNV for an organization at HTXSNV
    excellent_sub_unit_conditions: bool = True
    # the HTXSNV cap (HD 21 from 2018): not before 2018
    has_cap: bool = True
    cap_percent_max: int = 20  # the most a recorded decision of the competent level may allow (QĐ 366: 25)
    cap_covers_collectives: bool = False
    # QĐ 366: the competent level defines the groups of comparable subjects the cap counts within
    cap_groups_defined: bool = False
    suspended_not_rated: bool = False  # QĐ 366, Điều 5: members suspended from activity are not rated
    temporary_comment: bool = False  # HD 43, 7.6: the temporary cell's comment on a member active there

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def organization_level(self, rank: int) -> Level:
        return self.organization_levels[rank - 1]

    def member_level(self, rank: int) -> Level:
        return self.member_levels[rank - 1]

    def cite(self, rule: str) -> str:
        """The citation of `rule` (a SOURCE_KEYS key) in this period: the article where it is known,
        else the period's regulation and guidance."""
        return self.sources.get(rule) or self.full_source

    @property
    def full_source(self) -> str:
        """The period's regulation and guidance, as cited on a page's heading."""
        return f"{self.regulation}; {self.guidance}"


# The rules whose source a scheme names (Scheme.sources):
SOURCE_KEYS = {
    "regime": "the review's regulation and guidance (a page's heading)",
    "not_rated": "who is not rated: admitted or founded under 6 months, exempted",
    "suspended": "members suspended from activity are not rated",
    "cap": "the HTXSNV cap against those at HTTNV",
    "cap_raise": "the competent level raising the cap",
    "cap_groups": "the competent level defining the groups of comparable subjects",
    "member_khtnv": "the cases that make a member KHTNV",
    "sick_leave": "sick leave and maternity",
    "temporary": "a member active temporarily elsewhere",
    "org_excellent": "the conditions of an organization at the top level",
    "collective_khtnv": "the cases that make a collective KHTNV",
    "leader_warning": "a leadership member disciplined at cảnh cáo or above",
    "weak": "yếu kém (before 2018)",
    "score": "the score's bands and the top level's extra conditions",
    "exemplary": "tiêu biểu chosen among the top level",
    "commendation": "only the top level may be commended",
    "authority": "who self-assesses, proposes and decides",
}


_FOUR = (
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Không hoàn thành nhiệm vụ",
)


def _levels(labels: tuple[str, ...]) -> tuple[Level, ...]:
    return tuple(Level(rank, label) for rank, label in enumerate(labels, start=1))


SCHEMES: tuple[Scheme, ...] = (
    Scheme(
        code="HD27-2014",
        first_year=1900,
        last_year=2017,
        regulation="Hướng dẫn 27-HD/BTCTW (2014) và các hướng dẫn trước",
        guidance="HD 27-HD/BTCTW",
        organization_levels=_levels(
            ("Trong sạch, vững mạnh", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ", "Yếu kém")
        ),
        member_levels=_levels(
            (
                "Đủ tư cách, hoàn thành xuất sắc nhiệm vụ",
                "Đủ tư cách, hoàn thành tốt nhiệm vụ",
                "Đủ tư cách, hoàn thành nhiệm vụ",
                "Vi phạm tư cách hoặc không hoàn thành nhiệm vụ",
            )
        ),
        exemplary_label="Trong sạch, vững mạnh tiêu biểu",
        sources={
            "regime": "Hướng dẫn 27-HD/BTCTW (2014)",
            "not_rated": "HD 27-HD/BTCTW",
            "member_khtnv": "Hướng dẫn 27-HD/BTCTW",
            "sick_leave": "Hướng dẫn 27-HD/BTCTW",
            "org_excellent": "Hướng dẫn 27-HD/BTCTW",
            "weak": "Hướng dẫn 27-HD/BTCTW",
            "score": "Hướng dẫn 27-HD/BTCTW",
            "exemplary": "Hướng dẫn 27-HD/BTCTW",
            "commendation": "Hướng dẫn 27-HD/BTCTW",
            "authority": "Hướng dẫn 27-HD/BTCTW",
        },
        has_cap=False,
        cap_percent_max=0,
    ),
    Scheme(
        code="QD132-2018",
        first_year=2018,
        last_year=2022,
        regulation="Quy định 132-QĐ/TW (08/3/2018)",
        guidance="HD 16-HD/BTCTW (2018), HD 21-HD/BTCTW (18/10/2019)",
        organization_levels=_levels(_FOUR),
        member_levels=_levels(_FOUR),
        exemplary_label="Trong sạch, vững mạnh tiêu biểu",
        sources={
            "regime": "Quy định 132-QĐ/TW, Hướng dẫn 21-HD/BTCTW",
            "not_rated": "HD 21-HD/BTCTW, mục II.6",
            "cap": "Hướng dẫn 21-HD/BTCTW",
            "member_khtnv": "Quy định 132-QĐ/TW, Hướng dẫn 21-HD/BTCTW",
            "sick_leave": "Hướng dẫn 21-HD/BTCTW",
            "org_excellent": "Hướng dẫn 21-HD/BTCTW",
            # as cited before the schemes carried their sources (domain.md §2 states the rule from QĐ 124)
            "collective_khtnv": "Quy định 124-QĐ/TW",
            "leader_warning": "Hướng dẫn 16, 21-HD/BTCTW",
            "exemplary": "Hướng dẫn 21-HD/BTCTW",
            "commendation": "Hướng dẫn 21-HD/BTCTW",
            "authority": "Quy định 132-QĐ/TW, Hướng dẫn 21-HD/BTCTW",
        },
    ),
    Scheme(
        code="QD124-2023",
        first_year=2023,
        last_year=2024,
        regulation="Quy định 124-QĐ/TW (04/10/2023)",
        guidance="HD 25-HD/BTCTW (10/11/2023)",
        organization_levels=_levels(_FOUR),
        member_levels=_levels(_FOUR),
        exemplary_label="Tiêu biểu",
        sources={
            "regime": "Quy định 124-QĐ/TW, Hướng dẫn 25-HD/BTCTW",
            "not_rated": "HD 25-HD/BTCTW",
            # UNCONFIRMED under QĐ 124 (domain.md §2): a setting, warning by default
            "cap": "Hướng dẫn 21-HD/BTCTW, chưa xác nhận còn áp dụng theo Quy định 124-QĐ/TW",
            "member_khtnv": "Quy định 124-QĐ/TW, Hướng dẫn 25-HD/BTCTW",
            "sick_leave": "Hướng dẫn 25-HD/BTCTW",
            "org_excellent": "Hướng dẫn 25-HD/BTCTW",
            "collective_khtnv": "Quy định 124-QĐ/TW",
            "leader_warning": "Quy định 124-QĐ/TW, Hướng dẫn 25-HD/BTCTW",
            "exemplary": "Hướng dẫn 25-HD/BTCTW",
            "commendation": "Hướng dẫn 25-HD/BTCTW",
            "authority": "Quy định 124-QĐ/TW, Hướng dẫn 25-HD/BTCTW",
        },
    ),
    Scheme(
        code="QD366-2025",
        first_year=2025,
        last_year=None,
        regulation="Quy định 366-QĐ/TW (30/8/2025)",
        guidance="HD 43-HD/BTCTW (31/10/2025)",
        organization_levels=_levels(_FOUR),
        member_levels=_levels(_FOUR),
        exemplary_label="Tiêu biểu",
        scored=True,
        # Articles as quoted in domain.md §2 (Điều 5, Điều 11 khoản 1.5, Điều 12; HD 43, 7.5 and 7.6);
        # the bands and the cases of each level are cited to Điều 11, the article of the levels' criteria
        sources={
            "regime": "Quy định 366-QĐ/TW, Hướng dẫn 43-HD/BTCTW",
            "not_rated": "Quy định 366-QĐ/TW, Điều 5",
            "suspended": "Quy định 366-QĐ/TW, Điều 5",
            "cap": "Quy định 366-QĐ/TW, Điều 11, khoản 1.5",
            "cap_raise": "Quy định 366-QĐ/TW, Điều 11, khoản 1.5",
            "cap_groups": "Quy định 366-QĐ/TW, Điều 11, khoản 1.5",
            "member_khtnv": "Quy định 366-QĐ/TW, Điều 11",
            "sick_leave": "Hướng dẫn 43-HD/BTCTW, mục 7.5",
            "temporary": "Hướng dẫn 43-HD/BTCTW, mục 7.6",
            "org_excellent": "Quy định 366-QĐ/TW, Điều 11",
            "collective_khtnv": "Quy định 366-QĐ/TW, Điều 11",
            "leader_warning": "Quy định 366-QĐ/TW, Điều 11",
            "score": "Quy định 366-QĐ/TW, Điều 11",
            "exemplary": "Quy định 366-QĐ/TW, Hướng dẫn 43-HD/BTCTW",
            "commendation": "Quy định 366-QĐ/TW, Hướng dẫn 43-HD/BTCTW",
            "authority": "Quy định 366-QĐ/TW, Điều 12",
        },
        sick_leave_bar=False,
        excellent_sub_unit_conditions=False,
        cap_percent_max=25,
        cap_covers_collectives=True,
        cap_groups_defined=True,
        suspended_not_rated=True,
        temporary_comment=True,
    ),
)


class UnknownYear(ValueError):
    pass


def scheme_for(year: int) -> Scheme:
    for scheme in SCHEMES:
        if scheme.covers(year):
            return scheme
    raise UnknownYear(f"Không có quy định đánh giá, xếp loại cho năm {year}.")
