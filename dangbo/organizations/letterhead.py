"""How an organization heads its documents (Hướng dẫn 36-HD/VPTW, domain.md §5).

Top left of every party document: the superior body (upper case, not bold), the issuing body
(upper case, bold), a "*", then the number "Số 09-BC/QU" whose last part is the issuing body's
abbreviation (QU for a quận ủy, HU a huyện ủy, TU a tỉnh or thành ủy, ĐU a đảng ủy, CB a chi bộ),
a property of the body, not its code. An organization may store its own abbreviation and the
superior's name as printed (`Organization.number_abbreviation`, `.superior_printed_name`); empty,
both are derived here from the kind and the names. Pure functions over names and kinds.
"""

from __future__ import annotations

from dataclasses import dataclass

from dangbo.organizations.models import Kind

CELL_ABBREVIATION = "CB"
COMMITTEE_ABBREVIATION = "ĐU"


def issuing_body(name: str) -> str:
    """The committee that signs for an organization: Đảng bộ Quận 9 → Quận ủy Quận 9; Đảng bộ
    Thành phố … → Thành ủy …; Đảng bộ phường … → Đảng ủy phường …; a cell signs as itself."""
    if not name.startswith("Đảng bộ "):
        return name
    rest = name[len("Đảng bộ ") :]
    if rest.startswith(("Quận", "Huyện")):
        return f"{rest.split(' ')[0]} ủy {rest}"
    if rest.startswith("Thị xã"):
        return f"Thị ủy {rest}"
    for prefix, committee in (("Thành phố", "Thành ủy"), ("Tỉnh", "Tỉnh ủy")):
        if rest.startswith(prefix):
            return f"{committee} {rest[len(prefix) :].strip()}"
    return f"Đảng ủy {rest}"


def derived_abbreviation(name: str, kind: str) -> str:
    """The abbreviation of the issuing body in a document's number, from its kind and name."""
    if kind in (Kind.GRASSROOTS_CELL, Kind.AFFILIATED_CELL):
        return CELL_ABBREVIATION
    if kind == Kind.PROVINCE:
        return "TU"
    if kind == Kind.DISTRICT:
        rest = name.removeprefix("Đảng bộ ")
        for prefix, abbreviation in (("Quận", "QU"), ("Huyện", "HU"), ("Thị xã", "TXU"), ("Thành phố", "TU")):
            if rest.startswith(prefix):
                return abbreviation
    return COMMITTEE_ABBREVIATION


def abbreviation_from_name(name: str) -> str:
    """The abbreviation when only the name is known (a report's organization): CB for a cell, QU/HU/TXU
    for a quận, huyện, thị xã, TU for a tỉnh or thành phố, ĐU otherwise."""
    if name.startswith("Chi bộ"):
        return CELL_ABBREVIATION
    rest = name.removeprefix("Đảng bộ ")
    for prefix, abbreviation in (
        ("Quận", "QU"),
        ("Huyện", "HU"),
        ("Thị xã", "TXU"),
        ("Thành phố", "TU"),
        ("Tỉnh", "TU"),
    ):
        if rest.startswith(prefix):
            return abbreviation
    return COMMITTEE_ABBREVIATION


def signing_committee(kind: str) -> str:
    """The line above the signer's title: who signs on behalf of the body."""
    if kind in (Kind.GRASSROOTS_CELL, Kind.AFFILIATED_CELL):
        return "T/M CHI BỘ"
    if kind in (Kind.PROVINCE, Kind.DISTRICT, Kind.COMMUNE, Kind.SUPERIOR):
        return "T/M BAN THƯỜNG VỤ"
    return "T/M ĐẢNG ỦY"


@dataclass(frozen=True)
class Letterhead:
    """The heading lines of a document issued by one organization."""

    superior: str  # upper case, as printed ("ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH"); "" for a root
    issuer: str  # upper case ("QUẬN ỦY QUẬN 9")
    issuer_name: str  # as in a sentence ("Quận ủy Quận 9")
    abbreviation: str  # "QU"
    signing_committee: str  # "T/M BAN THƯỜNG VỤ"
    place: str  # "Quận 9"


def place_name(name: str) -> str:
    """The place of a document of an organization: its name without "Đảng bộ "/"Chi bộ ", capitalized."""
    for prefix in ("Đảng bộ ", "Chi bộ "):
        if name.startswith(prefix):
            name = name[len(prefix) :]
            break
    return name[:1].upper() + name[1:]


def letterhead(
    *,
    name: str,
    kind: str,
    parent_name: str,
    place_from: str = "",
    abbreviation: str = "",
    superior_printed_name: str = "",
) -> Letterhead:
    """The heading of a document of the organization `name`: stored values first, else derived.
    `place_from` is the name whose place the date line gives (the grassroots organization's for a
    cell: "Phường Trường Thạnh, ngày …")."""
    issuer_name = issuing_body(name)
    superior = superior_printed_name.strip() or parent_name
    return Letterhead(
        superior=superior.upper(),
        issuer=issuer_name.upper(),
        issuer_name=issuer_name,
        abbreviation=abbreviation.strip() or derived_abbreviation(name, kind),
        signing_committee=signing_committee(kind),
        place=place_name(place_from or name),
    )
