"""Rating schemes by period (domain.md §2). The year decides the scheme; each level keeps the
scheme's own official wording, and a rank (1 best … 4 worst) that is comparable across schemes."""

from __future__ import annotations

from dataclasses import dataclass

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

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def organization_level(self, rank: int) -> Level:
        return self.organization_levels[rank - 1]

    def member_level(self, rank: int) -> Level:
        return self.member_levels[rank - 1]


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
    ),
)


class UnknownYear(ValueError):
    pass


def scheme_for(year: int) -> Scheme:
    for scheme in SCHEMES:
        if scheme.covers(year):
            return scheme
    raise UnknownYear(f"Không có quy định đánh giá, xếp loại cho năm {year}.")
