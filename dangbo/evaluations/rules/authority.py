"""Which level decides a rating (cấp có thẩm quyền quyết định xếp loại): pure Python, no Django.

domain.md §2 (QĐ 132-QĐ/TW, HD 21-HD/BTCTW): the member self-assesses, the cell proposes, the
grassroots committee (đảng ủy cơ sở; in a grassroots cell, the cell itself) decides for its members
and its affiliated cells, and the superior's standing committee decides for the grassroots
organization. Self-assessment and proposal are done at the level of the member or unit itself.

The tree is given as a chain of (organization id, kind) from the root down to the node; kinds are
the values of dangbo.organizations.models.Kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dangbo.evaluations.rules.schemes import scheme_for
from dangbo.evaluations.rules.settings import DEFAULT, RuleSettings

GRASSROOTS = ("grassroots_committee", "grassroots_cell")
BELOW_GRASSROOTS = ("partial_committee", "affiliated_cell")


@dataclass(frozen=True)
class Authority:
    """The organization whose role holders may decide (None: the level above is not in the system;
    only an administrator decides) and the wording of who that is."""

    organization_id: int | None
    who: str


def member_authority(chain: list[tuple[int, str]], *, settings: RuleSettings = DEFAULT) -> Authority:
    """Who decides the rating of a member of the cell at the end of `chain`: the grassroots
    organization on the chain; when `settings.partial_committee_decides_members` (UNCONFIRMED:
    a grassroots committee delegating to its partial committees), the partial committee above
    the cell."""
    if settings.partial_committee_decides_members:
        for organization_id, kind in reversed(chain):
            if kind == "partial_committee":
                return Authority(organization_id, "đảng ủy bộ phận (được đảng ủy cơ sở ủy quyền)")
    for organization_id, kind in reversed(chain):
        if kind in GRASSROOTS:
            who = "chi bộ cơ sở" if kind == "grassroots_cell" else "đảng ủy cơ sở"
            return Authority(organization_id, who)
    return Authority(None, "cấp ủy cơ sở")


def organization_authority(chain: list[tuple[int, str]]) -> Authority:
    """Who decides the rating of the organization at the end of `chain`: for a partial committee
    or an affiliated cell, its grassroots committee; for a grassroots organization (or any level
    above), the superior directly above it."""
    if not chain:
        return Authority(None, "cấp ủy cấp trên")
    kind = chain[-1][1]
    if kind in BELOW_GRASSROOTS:
        for organization_id, above_kind in reversed(chain[:-1]):
            if above_kind in GRASSROOTS:
                return Authority(organization_id, "đảng ủy cơ sở")
        return Authority(None, "đảng ủy cơ sở")
    if len(chain) < 2:
        return Authority(None, "cấp ủy cấp trên trực tiếp")
    return Authority(chain[-2][0], "ban thường vụ cấp ủy cấp trên trực tiếp")


def decision_refusal(what: str, authority: Authority, authority_name: str, *, year: int) -> str:
    """The Vietnamese refusal for a user who is not at the deciding level, citing the year's scheme."""
    where = f" ({authority_name})" if authority_name else ""
    source = scheme_for(year).cite("authority")
    return (
        f"Quyết định xếp loại {what} thuộc thẩm quyền của {authority.who}{where} ({source}); "
        "vai trò của bạn chỉ cho phép tự đánh giá, đề xuất."
    )


@dataclass(frozen=True)
class CapGroup:
    """A group of comparable subjects within which the HTXSNV cap is counted (QĐ 366, Điều 11,
    khoản 1.5: defined by the competent level; the defaults below): the organization heading it and
    which of its subjects (evaluations.models.CapRaise.Group values)."""

    organization_id: int
    group: str  # "members" | "sub_units" | "grassroots" | "defined" (rules.groups.DefinedGroup)
    defined: int | None = None  # the defined group's id (group "defined")
    name: str = field(default="", compare=False)  # the defined group's name, as a page says it


def member_cap_group(chain: list[tuple[int, str]]) -> CapGroup | None:
    """A member counts with the members of their grassroots organization."""
    for organization_id, kind in reversed(chain):
        if kind in GRASSROOTS:
            return CapGroup(organization_id, "members")
    return None


def organization_cap_group(chain: list[tuple[int, str]]) -> CapGroup | None:
    """A collective counts, from 2025, with its comparable collectives: an affiliated cell or a
    partial committee with the others under the same grassroots committee; a grassroots organization
    with the grassroots organizations under the same superior. Levels above: no default group."""
    if not chain:
        return None
    kind = chain[-1][1]
    if kind in BELOW_GRASSROOTS:
        for organization_id, above_kind in reversed(chain[:-1]):
            if above_kind in GRASSROOTS:
                return CapGroup(organization_id, "sub_units")
        return None
    if kind in GRASSROOTS and len(chain) >= 2:
        return CapGroup(chain[-2][0], "grassroots")
    return None
