"""The organization tree in memory for checking a file: every version of every organization, and the
organizations the file itself establishes (with temporary negative ids until they are written).

Loaded once per import, so that 100.000 rows are checked without a query per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dangbo.core.dates import OPEN_END
from dangbo.organizations.models import CELL_KINDS, GRASSROOTS_KINDS, Organization, OrganizationVersion

HIDDEN_NAME = "—"  # the name of an organization outside the user's scope, never loaded


@dataclass(frozen=True)
class Version:
    valid_from: date
    valid_to: date
    kind: str
    parent_id: int | None
    name: str
    path: str  # "" for an organization the file establishes


@dataclass
class Org:
    id: int  # negative: established by the file, not written yet
    code: str
    name: str
    sector: str
    established_on: date
    ended_on: date | None
    path: str  # current path ("" for a new one)
    versions: list[Version] = field(default_factory=list)
    in_scope: bool = False  # may the user write there?
    visible: bool = False  # may the user see it?

    @property
    def is_new(self) -> bool:
        return self.id < 0

    def version_at(self, day: date) -> Version | None:
        for version in self.versions:
            if version.valid_from <= day < version.valid_to:
                return version
        return None

    @property
    def is_open(self) -> bool:
        return bool(self.versions) and self.versions[-1].valid_to == OPEN_END  # versions are in date order


class Tree:
    def __init__(self) -> None:
        self.by_id: dict[int, Org] = {}
        self.by_code: dict[str, Org] = {}
        self._next_new = -1
        self._grassroots: dict[tuple[int, date], int | None] = {}  # the tree does not change while checking
        self._ever_cell: dict[int, bool] = {}

    @classmethod
    def load(cls, paths_in_scope: list[str] | None, paths_visible: list[str] | None) -> Tree:
        """Every organization (the checks walk the whole tree), but the name only of those the user
        sees and of those above them: no message can name an organization outside the scope."""
        tree = cls()
        unnamed: set[int] = set()
        for row in Organization.objects.values_list(
            "id", "code", "name", "sector", "established_on", "ended_on", "path"
        ).iterator(chunk_size=5000):
            org = Org(*row)
            org.in_scope = paths_in_scope is None or any(org.path.startswith(p) for p in paths_in_scope)
            org.visible = paths_visible is None or any(org.path.startswith(p) for p in paths_visible)
            if not org.visible and not any(p.startswith(org.path) for p in paths_visible or ()):
                org.name = HIDDEN_NAME
                unnamed.add(org.id)
            tree.add(org)
        for org_id, valid_from, valid_to, kind, parent_id, name, path in (
            OrganizationVersion.objects.order_by("organization_id", "valid_from")
            .values_list("organization_id", "valid_from", "valid_to", "kind", "parent_id", "name", "path")
            .iterator(chunk_size=5000)
        ):
            owner = tree.by_id.get(org_id)
            if owner is not None:
                shown = HIDDEN_NAME if org_id in unnamed else name
                owner.versions.append(Version(valid_from, valid_to, kind, parent_id, shown, path))
        return tree

    def add(self, org: Org) -> None:
        self.by_id[org.id] = org
        self.by_code[org.code] = org

    def new_id(self) -> int:
        value = self._next_new
        self._next_new -= 1
        return value

    def get(self, code: str) -> Org | None:
        return self.by_code.get(code)

    def ancestors_at(self, org_id: int, day: date) -> list[int]:
        """The organization and those above it on `day`, nearest first."""
        chain: list[int] = []
        current: int | None = org_id
        while current is not None and current not in chain:
            org = self.by_id.get(current)
            version = org.version_at(day) if org else None
            if version is None:
                break
            chain.append(current)
            current = version.parent_id
        return chain

    def grassroots_at(self, org_id: int, day: date) -> int | None:
        """The grassroots organization (TCCSĐ) an organization belongs to on `day`."""
        key = (org_id, day)
        if key in self._grassroots:
            return self._grassroots[key]
        found = None
        for ancestor in self.ancestors_at(org_id, day):
            version = self.by_id[ancestor].version_at(day)
            if version is not None and version.kind in GRASSROOTS_KINDS:
                found = ancestor
                break
        self._grassroots[key] = found
        return found

    def ever_cell(self, org_id: int) -> bool:
        """Has the organization ever been a cell (where members are kept)?"""
        if org_id not in self._ever_cell:
            org = self.by_id.get(org_id)
            self._ever_cell[org_id] = org is not None and any(v.kind in CELL_KINDS for v in org.versions)
        return self._ever_cell[org_id]

    def is_cell_at(self, org_id: int, day: date) -> bool:
        org = self.by_id.get(org_id)
        version = org.version_at(day) if org else None
        return version is not None and version.kind in CELL_KINDS

    def children_at(self, org_id: int, day: date) -> list[int]:
        result = []
        for org in self.by_id.values():
            version = org.version_at(day)
            if version is not None and version.parent_id == org_id:
                result.append(org.id)
        return result

    def first_cell_day(self, org_id: int, after: date) -> date | None:
        """The first day on or after `after` when the organization is an active cell."""
        org = self.by_id.get(org_id)
        if org is None:
            return None
        for version in org.versions:
            if version.kind in CELL_KINDS and version.valid_to > after:
                return max(version.valid_from, after)
        return None
