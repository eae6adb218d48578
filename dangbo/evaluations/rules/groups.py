"""Groups of comparable subjects (nhóm đối tượng tương đồng) the HTXSNV cap counts within: pure Python.

QĐ 366-QĐ/TW, Điều 11, khoản 1.5 (domain.md §2): the cap is 20 % of those rated HTTNV "theo đối tượng
có vị trí, vai trò, chức năng, nhiệm vụ tương đồng, do cấp có thẩm quyền xem xét, quyết định". The
defaults (rules.authority): a grassroots organization's members; its affiliated cells and partial
committees; the grassroots organizations under one superior. The level heading a default group may
split it, for a review year, into named groups it records with its decision:
- of collectives: some of the organizations it rates ("chi bộ khu phố" apart from "chi bộ cơ quan");
- of members: the members of some of its affiliated cells (the cells of the residential quarters apart
  from those of the agencies).
A subject is counted in the defined group that lists it, else in its default group, whose counts then
leave out the subjects of the defined groups. A subject is in one group at most (overlap refused).

Not built: groups of members by post (leaders apart from the others): the record holds no post of its
own (rules.forms reads the occupation's text), and domain.md says nothing of such groups.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dangbo.evaluations.rules.authority import (
    CapGroup,
    member_cap_group,
    organization_cap_group,
)
from dangbo.evaluations.rules.checks import CapCounts
from dangbo.evaluations.rules.schemes import HTTNV, HTXSNV, scheme_for

MEMBERS, COLLECTIVES = "members", "collectives"
SUBJECTS = (MEMBERS, COLLECTIVES)
DEFINED = "defined"
NAME_MAX = 120

# how a page names each default group
DEFAULT_LABELS = {
    "members": "đảng viên của tổ chức cơ sở đảng",
    "sub_units": "chi bộ, đảng bộ bộ phận trực thuộc",
    "grassroots": "tổ chức cơ sở đảng trực thuộc",
}


@dataclass(frozen=True)
class DefinedGroup:
    """A group recorded by the level heading the default group it splits (`head_id`): the members
    of the cells `units` (subjects "members") or the organizations `units` ("collectives")."""

    id: int
    name: str
    head_id: int
    subjects: str
    units: frozenset[int]

    @property
    def key(self) -> CapGroup:
        return CapGroup(self.head_id, DEFINED, self.id, self.name)


def subjects_of(group: CapGroup) -> str:
    """What a default group counts: members or collectives."""
    return MEMBERS if group.group == "members" else COLLECTIVES


def regroup(
    default: CapGroup, units: Iterable[int], defined: Iterable[DefinedGroup], subjects: str
) -> CapGroup:
    """The group a subject counts in: the defined group of `subjects` under the default group's head
    that lists one of `units` (a collective: itself; a member: the cells on their chain), else the
    default."""
    mine = set(units)
    for group in defined:
        if group.subjects == subjects and group.head_id == default.organization_id and group.units & mine:
            return group.key
    return default


def member_group(chain: list[tuple[int, str]], defined: Iterable[DefinedGroup] = ()) -> CapGroup | None:
    """The group a member of the cell at the end of `chain` counts in."""
    default = member_cap_group(chain)
    if default is None:
        return None
    ids = [organization_id for organization_id, _ in chain]
    below = ids[ids.index(default.organization_id) + 1 :]
    return regroup(default, below, defined, MEMBERS)


def collective_group(chain: list[tuple[int, str]], defined: Iterable[DefinedGroup] = ()) -> CapGroup | None:
    """The group the organization at the end of `chain` counts in (from 2025)."""
    default = organization_cap_group(chain)
    if default is None:
        return None
    return regroup(default, [chain[-1][0]], defined, COLLECTIVES)


def counts_by_group(
    rows: Iterable[tuple[CapGroup, int, int | None]], defined: Iterable[DefinedGroup]
) -> dict[CapGroup, CapCounts]:
    """The cap's two counts of each group from (default group, unit, rank) rows: a member's row
    carries its cell, a collective's itself. Groups with neither count are left out."""
    groups = list(defined)
    tally: dict[CapGroup, Counter[int]] = defaultdict(Counter)
    for default, unit, rank in rows:
        if rank in (HTXSNV, HTTNV):
            tally[regroup(default, [unit], groups, subjects_of(default))][rank] += 1
    return {group: CapCounts(c[HTXSNV], c[HTTNV]) for group, c in tally.items()}


def group_label(group: CapGroup, head_name: str = "") -> str:
    """How a page names the group a subject counts in."""
    if group.group == DEFINED:
        return f"nhóm “{group.name}”" + (f" của {head_name}" if head_name else "")
    if not head_name:
        return f"nhóm {DEFAULT_LABELS.get(group.group, group.group)}"
    joined = {"members": "đảng viên của", "sub_units": "chi bộ, đảng bộ bộ phận trực thuộc"}
    return f"nhóm {joined.get(group.group, 'tổ chức cơ sở đảng trực thuộc')} {head_name}"


# --- defining a group: the refusals ---------------------------------------------------------------


def definition_refusal(year: int) -> str | None:
    """Why no group can be defined for `year` (None: it can): only where the year's scheme lets the
    competent level define them (QĐ 366, from 2025)."""
    scheme = scheme_for(year)
    if not scheme.cap_groups_defined:
        return (
            f"Năm {year} không có quy định cho cấp có thẩm quyền xác định nhóm đối tượng tương đồng "
            f"({scheme.cite('regime')})."
        )
    return None


def unit_refusal(
    subjects: str,
    head_id: int,
    unit_chain: list[tuple[int, str]],
    *,
    unit_name: str,
    head_name: str,
    year: int,
) -> str | None:
    """Why the organization at the end of `unit_chain` cannot be listed in a group of `subjects`
    headed by `head_id` (None: it can): a member group lists cells of the head's members' default
    group, a collective group organizations of the head's default group of collectives."""
    source = scheme_for(year).cite("cap_groups")
    if subjects == MEMBERS:
        default = member_cap_group(unit_chain)
        is_cell = bool(unit_chain) and unit_chain[-1][1] == "affiliated_cell"
        if not is_cell or default is None or default.organization_id != head_id:
            return (
                f"{unit_name} không phải chi bộ trực thuộc {head_name}: nhóm đảng viên tương đồng gồm đảng viên "
                f"của các chi bộ trực thuộc một tổ chức cơ sở đảng ({source})."
            )
        return None
    default = organization_cap_group(unit_chain)
    if default is None or default.organization_id != head_id:
        return (
            f"{unit_name} không thuộc các tổ chức do {head_name} xếp loại: nhóm tổ chức tương đồng gồm các "
            f"tổ chức trực thuộc cùng một cấp có thẩm quyền ({source})."
        )
    return None


def overlap_refusal(
    subjects: str,
    units: Iterable[int],
    others: Iterable[DefinedGroup],
    names: Mapping[int, str],
    *,
    year: int,
    but: int | None = None,
) -> str | None:
    """Why `units` cannot form a group of `subjects` beside the groups `others` of the same year
    (None: they can): a subject counts in one group only. `but`: the group being corrected."""
    mine = set(units)
    for group in others:
        if group.subjects != subjects or group.id == but:
            continue
        common = sorted(mine & group.units, key=lambda i: names.get(i, str(i)))
        if common:
            listed = ", ".join(names.get(i, str(i)) for i in common)
            return (
                f"{listed} đã thuộc nhóm “{group.name}”: mỗi đối tượng chỉ được tính trong một nhóm "
                f"đối tượng tương đồng ({scheme_for(year).cite('cap_groups')})."
            )
    return None
