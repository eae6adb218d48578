"""The synthetic organization tree: province → district (or the province's other superior committees)
→ grassroots committees with their affiliated cells (sometimes under partial committees), and
grassroots cells; plus how many members each cell holds. Pure Python, deterministic for a seed."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from bench import vocab

# The day the data describes: the last day of the district level (Quy định 294-QĐ/TW, 1/7/2025).
REF_DAY = date(2025, 6, 30)
REF = REF_DAY.toordinal()
# The national root of the nation preset (kind "central": Trung ương), above the 63 provinces.
NATIONAL_ROOT_NAME = "Ban Chấp hành Trung ương Đảng"
# CCCD serials are unique within a province while it holds fewer members than this.
MAX_MEMBERS_PER_PROVINCE = 1_000_000


@dataclass(frozen=True)
class Shape:
    members: int
    grassroots: int
    provinces: int
    districts: int  # district-level committees in all
    superior_per_province: int  # other superior committees under each province (police, army, agencies)
    district_names: tuple[str, ...] = ()
    # one root above the provinces (the Central Committee's "Trung ương"), so that the nation's figures
    # are one subtree's
    national_root: bool = False


PRESETS: dict[str, Shape] = {
    # Quận 9, Hồ Chí Minh City, 2019: 5.852 members in 42 grassroots organizations.
    "district": Shape(6_000, 45, 1, 1, 0, ("Quận 9",)),
    # Hồ Chí Minh City: 365.911 members (2025), 22 district-level units until 6/2025.
    "city": Shape(370_000, 3_000, 1, 22, 3, tuple(vocab.HCMC_DISTRICTS)),
    # The nation: 5,3 million members (2022), 52.105 grassroots organizations (2020), 63 provinces.
    "nation": Shape(5_400_000, 52_000, 63, 705, 3, tuple(vocab.HCMC_DISTRICTS), national_root=True),
}


def custom_shape(members: int, grassroots: int) -> Shape:
    provinces = max(1, min(63, round(grassroots / 830)))
    districts = max(provinces, round(grassroots / 65))
    superior = 3 if provinces > 1 or districts > 1 else 0
    if grassroots < districts + provinces * superior:
        superior = 0
        districts = max(provinces, min(districts, grassroots))
    return Shape(members, grassroots, provinces, districts, superior, tuple(vocab.HCMC_DISTRICTS))


@dataclass
class Org:
    id: int
    code: str
    name: str
    kind: str
    sector: str
    parent: Org | None
    path: str
    depth: int
    established: int  # date ordinal
    authority: str  # who issues its decisions ("Quận ủy Quận 9", "Đảng ủy Phường Hiệp Phú")


@dataclass
class Cell:
    org: Org
    province: int  # index into Tree.provinces
    sector: str
    residence: str
    weight: float
    members: int = 0
    first_member_id: int = 0


@dataclass
class Tree:
    shape: Shape
    provinces: list[tuple[str, str, int]]
    orgs: list[Org] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    province_cells: list[tuple[int, int]] = field(default_factory=list)  # [start, end) into cells
    province_first_member: list[int] = field(default_factory=list)

    @property
    def grassroots(self) -> int:
        return sum(1 for o in self.orgs if o.kind in ("grassroots_committee", "grassroots_cell"))


def allocate(total: int, weights: Sequence[float], minimum: Sequence[int] | int = 0) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), each at least its minimum."""
    floors = [minimum] * len(weights) if isinstance(minimum, int) else list(minimum)
    rest = total - sum(floors)
    if rest < 0:
        raise ValueError(f"cannot split {total} with minimums totalling {sum(floors)}")
    weight_sum = sum(weights) or 1.0
    shares = [rest * w / weight_sum for w in weights]
    counts = [f + math.floor(s) for f, s in zip(floors, shares, strict=True)]
    left = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: (-(shares[i] - math.floor(shares[i])), i))
    for i in order[:left]:
        counts[i] += 1
    return counts


def _days(year: int, month: int = 1, day: int = 1) -> int:
    return date(year, month, day).toordinal()


# Sector mixes for grassroots organizations that are not wards, by the kind of superior committee.
DISTRICT_MIX = [
    ("agency", 22),
    ("public_school", 25),
    ("public_unit", 10),
    ("state_enterprise", 5),
    ("non_state_enterprise", 18),
    ("non_public_unit", 3),
    ("apartment", 2),
    ("army", 6),
    ("police", 6),
    ("other", 3),
]
SUPERIORS = [
    ("Khối Cơ quan và Doanh nghiệp", [("agency", 50), ("public_unit", 20), ("state_enterprise", 30)]),
    ("Quân sự", [("army", 1)]),
    ("Công an", [("police", 1)]),
]
COMMITTEE_SHARE = {
    "agency": 0.3,
    "public_school": 0.12,
    "public_unit": 0.35,
    "state_enterprise": 0.6,
    "non_state_enterprise": 0.15,
    "non_public_unit": 0.4,
    "apartment": 0.0,
    "army": 0.5,
    "police": 0.6,
    "other": 0.1,
}
CELL_WEIGHT = {
    "residential": 1.6,
    "agency": 0.9,
    "public_school": 0.9,
    "public_unit": 1.0,
    "state_enterprise": 1.0,
    "non_state_enterprise": 0.5,
    "non_public_unit": 0.8,
    "apartment": 0.5,
    "army": 1.0,
    "police": 1.2,
    "other": 0.6,
}
# When grassroots organizations of each sector were founded: (earliest year, latest year).
FOUNDED = {
    "ward": (1976, 1995),
    "agency": (1976, 2000),
    "public_school": (1976, 2005),
    "public_unit": (1976, 2005),
    "state_enterprise": (1976, 2005),
    "non_state_enterprise": (2000, 2022),
    "non_public_unit": (1995, 2018),
    "apartment": (2008, 2022),
    "army": (1976, 1995),
    "police": (1976, 1995),
    "other": (1980, 2015),
}
QUAN_9_WARDS = vocab.words(
    "Hiệp Phú, Long Bình, Long Phước, Long Thạnh Mỹ, Long Trường, Phú Hữu, Phước Bình, Phước Long A, "
    "Phước Long B, Tân Phú, Tăng Nhơn Phú A, Tăng Nhơn Phú B, Trường Thạnh",
    ", ",
)


def _pick(rng: random.Random, table: Sequence[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def _authority(short: str) -> str:
    """ "Quận 9" -> "Quận ủy Quận 9", "Huyện Củ Chi" -> "Huyện ủy Củ Chi"."""
    for prefix, body in (("Quận ", "Quận ủy"), ("Huyện ", "Huyện ủy"), ("Thị xã ", "Thị ủy")):
        if short.startswith(prefix):
            return f"{body} {short}" if prefix == "Quận " else f"{body} {short[len(prefix) :]}"
    if short.startswith("Thành phố "):
        return f"Thành ủy {short[len('Thành phố ') :]}"
    if short.startswith("Tỉnh "):
        return f"Tỉnh ủy {short[len('Tỉnh ') :]}"
    return f"Đảng ủy {short}"


class _Places:
    """Place names unique within one district ("Phước Long", "Tân Thạnh Đông")."""

    def __init__(self, rng: random.Random, taken: Sequence[str] = ()) -> None:
        self.rng = rng
        self.used: set[str] = set(taken)

    def next(self) -> str:
        syllables = vocab.PLACE_SYLLABLES
        for attempt in range(30):
            words = self.rng.sample(syllables, 2 if attempt < 20 else 3)
            name = " ".join(words)
            if name not in self.used:
                self.used.add(name)
                return name
        name = f"{self.rng.choice(syllables)} {len(self.used) + 1}"
        self.used.add(name)
        return name


class _Builder:
    def __init__(self, shape: Shape, seed: int) -> None:
        self.rng = random.Random(f"{seed}/tree")
        self.tree = Tree(shape=shape, provinces=vocab.PROVINCES[: shape.provinces])

    def add(
        self,
        *,
        code: str,
        name: str,
        kind: str,
        sector: str,
        parent: Org | None,
        established: int,
        authority: str,
    ) -> Org:
        org_id = len(self.tree.orgs) + 1
        path = f"{parent.path if parent else '/'}{org_id}/"
        org = Org(
            id=org_id,
            code=code,
            name=name,
            kind=kind,
            sector=sector,
            parent=parent,
            path=path,
            depth=path.count("/") - 2,
            established=max(established, parent.established if parent else established),
            authority=authority,
        )
        self.tree.orgs.append(org)
        return org

    def date_between(self, low: int, high: int) -> int:
        """A day in [low, high], more often near low (most units are old)."""
        return low + int((max(low, high) - low) * self.rng.random() ** 2)

    def cell(self, org: Org, province: int, sector: str, residence: str, weight: float) -> None:
        self.tree.cells.append(
            Cell(org, province, sector, residence, weight * self.rng.lognormvariate(0, 0.4))
        )

    def build(self) -> Tree:
        shape = self.shape
        provinces = self.tree.provinces
        weights = [float(w) for _, _, w in provinces]
        districts = allocate(shape.districts, weights, minimum=1)
        superior = shape.superior_per_province
        grassroots = allocate(shape.grassroots, weights, minimum=[d + superior for d in districts])
        nation = (
            self.add(
                code="TW",
                name=NATIONAL_ROOT_NAME,
                kind="central",
                sector="other",
                parent=None,
                established=_days(1930, 2, 3),
                authority="Ban Chấp hành Trung ương",
            )
            if shape.national_root
            else None
        )
        for index, (pcode, pname, _) in enumerate(provinces):
            start = len(self.tree.cells)
            province = self.add(
                code=f"T{pcode}",
                name=f"Đảng bộ {pname}",
                kind="province",
                sector="other",
                parent=nation,
                established=self.date_between(_days(1945, 9, 2), _days(1976, 12, 31)),
                authority=_authority(pname[0].upper() + pname[1:]),
            )
            self.province_units(index, province, districts[index], grassroots[index])
            self.tree.province_cells.append((start, len(self.tree.cells)))
        cells = self.tree.cells
        counts = allocate(
            shape.members, [c.weight for c in cells], minimum=3 if shape.members >= 3 * len(cells) else 0
        )
        next_id = 1
        for cell, count in zip(cells, counts, strict=True):
            cell.members, cell.first_member_id = count, next_id
            next_id += count
        for start, end in self.tree.province_cells:
            self.tree.province_first_member.append(cells[start].first_member_id if start < end else next_id)
            held = sum(c.members for c in cells[start:end])
            if held >= MAX_MEMBERS_PER_PROVINCE:
                raise ValueError(f"a province would hold {held} members; CCCD serials need < 1 000 000")
        return self.tree

    @property
    def shape(self) -> Shape:
        return self.tree.shape

    def province_units(self, index: int, province: Org, n_districts: int, n_grassroots: int) -> None:
        rng = self.rng
        pcode, pname, _ = self.tree.provinces[index]
        central_city = pname.startswith("Thành phố")
        places = _Places(rng)
        names: list[str] = []
        if pcode == "079":
            names = list(self.shape.district_names[:n_districts])
        while len(names) < n_districts:
            k = len(names)
            if k == 0:
                prefix = "Thành phố"
            elif central_city and k < n_districts // 2:
                prefix = "Quận"
            elif k % 8 == 7:
                prefix = "Thị xã"
            else:
                prefix = "Huyện"
            names.append(f"{prefix} {places.next()}")
        units: list[tuple[str, str, str, list[tuple[str, int]] | None]] = [
            (f"Đảng bộ {n}", n, "district", None) for n in names
        ]
        for label, sectors in SUPERIORS[: self.shape.superior_per_province]:
            units.append((f"Đảng bộ {label} {pname}", pname, "superior", sectors))
        unit_weights = [rng.lognormvariate(0, 0.45) if kind == "district" else 0.6 for _, _, kind, _ in units]
        counts = allocate(n_grassroots, unit_weights, minimum=1)
        district_no = superior_no = 0
        for (name, short, kind, mix), count in zip(units, counts, strict=True):
            if kind == "district":
                district_no += 1
                code = f"{province.code}-H{district_no:02d}"
            else:
                superior_no += 1
                code = f"{province.code}-K{superior_no}"
            unit = self.add(
                code=code,
                name=name,
                kind=kind,
                sector="agency" if kind == "superior" else "other",
                parent=province,
                established=province.established + rng.randint(0, 5 * 365),
                authority=_authority(short) if kind == "district" else f"Đảng ủy {name[len('Đảng bộ ') :]}",
            )
            residence = f"{short}, {pname}" if kind == "district" else pname
            self.grassroots(index, unit, short, count, mix, residence)

    def grassroots(
        self,
        province: int,
        unit: Org,
        short: str,
        count: int,
        mix: list[tuple[str, int]] | None,
        residence: str,
    ) -> None:
        rng = self.rng
        wards = 0 if mix is not None else (max(1, round(count * 0.3)) if count >= 3 else 0)
        taken = QUAN_9_WARDS if short == "Quận 9" else ()
        places = _Places(rng, ())
        ward_names = list(taken[:wards])
        ward_prefix = "Xã" if short.startswith("Huyện") else "Phường"
        used_bodies: set[str] = set()
        for number in range(1, count + 1):
            code = f"{unit.code}-{number:03d}"
            if number <= wards:
                place = ward_names[number - 1] if number <= len(ward_names) else places.next()
                places.used.add(place)
                self.ward(province, unit, code, f"{ward_prefix} {place}", f"{residence}")
                continue
            sector = _pick(rng, mix or DISTRICT_MIX)
            body = rng.choice(vocab.BODIES[sector]).format(u=short, p=places.next())
            if body in used_bodies:  # a second tax office in the district: name it after its area
                body = f"{body} – Khu vực {places.next()}"
            used_bodies.add(body)
            low, high = FOUNDED[sector]
            established = self.date_between(max(unit.established, _days(low)), _days(high, 12, 31))
            if rng.random() < COMMITTEE_SHARE[sector]:
                org = self.add(
                    code=code,
                    name=f"Đảng bộ {body}",
                    kind="grassroots_committee",
                    sector=sector,
                    parent=unit,
                    established=established,
                    authority=f"Đảng ủy {body}",
                )
                self.committee_cells(province, org, sector, rng.randint(2, 8), residence)
            else:
                org = self.add(
                    code=code,
                    name=f"Chi bộ {body}",
                    kind="grassroots_cell",
                    sector=sector,
                    parent=unit,
                    established=established,
                    authority=unit.authority,
                )
                self.cell(org, province, sector, residence, CELL_WEIGHT[sector])

    def ward(self, province: int, unit: Org, code: str, ward: str, residence: str) -> None:
        rng = self.rng
        low, high = FOUNDED["ward"]
        org = self.add(
            code=code,
            name=f"Đảng bộ {ward}",
            kind="grassroots_committee",
            sector="ward",
            parent=unit,
            established=self.date_between(max(unit.established, _days(low)), _days(high, 12, 31)),
            authority=f"Đảng ủy {ward}",
        )
        area = "Ấp" if ward.startswith("Xã") else "Khu phố"
        cells: list[tuple[str, str, float]] = [
            (f"Chi bộ {area} {k}", "residential", CELL_WEIGHT["residential"])
            for k in range(1, rng.randint(4, 14) + 1)
        ]
        for name, sector, weight, share in (
            ("Chi bộ Cơ quan", "agency", 0.5, 0.8),
            ("Chi bộ Quân sự", "army", 0.4, 0.6),
            ("Chi bộ Công an", "police", 0.4, 0.6),
        ):
            if rng.random() < share:
                cells.append((name, sector, weight))
        for number, (name, sector, weight) in enumerate(cells, start=1):
            child = self.add(
                code=f"{code}-{number:02d}",
                name=name,
                kind="affiliated_cell",
                sector=sector,
                parent=org,
                established=self._cell_founded(org),
                authority=org.authority,
            )
            self.cell(child, province, sector, f"{ward}, {residence}", weight)

    def _cell_founded(self, parent: Org) -> int:
        if self.rng.random() < 0.8:
            return parent.established
        return min(parent.established + self.rng.randint(0, 10 * 365), REF - 2 * 365)

    def committee_cells(self, province: int, org: Org, sector: str, count: int, residence: str) -> None:
        rng = self.rng
        parents: list[tuple[Org, str]] = [(org, f"{org.code}-")]
        if count >= 6 and rng.random() < 0.2:
            parents = []
            for b in range(1, rng.randint(2, 3) + 1):
                partial = self.add(
                    code=f"{org.code}-B{b}",
                    name=f"Đảng bộ bộ phận Khối {b}",
                    kind="partial_committee",
                    sector=sector,
                    parent=org,
                    established=self._cell_founded(org),
                    authority=org.authority,
                )
                parents.append((partial, f"{partial.code}-"))
        units = vocab.CELL_UNITS.get(sector, ["Tổ"])
        for number in range(1, count + 1):
            parent, prefix = parents[(number - 1) % len(parents)]
            child = self.add(
                code=f"{prefix}{number:02d}",
                name=f"Chi bộ {units[(number - 1) % len(units)]} {number}",
                kind="affiliated_cell",
                sector=sector,
                parent=parent,
                established=self._cell_founded(parent),
                authority=org.authority,
            )
            self.cell(child, province, sector, residence, 0.8)


def build_tree(shape: Shape, seed: int) -> Tree:
    return _Builder(shape, seed).build()
