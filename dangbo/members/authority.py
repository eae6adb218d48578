"""Which level decides a member's lifecycle event (cấp có thẩm quyền quyết định): pure Python, no Django.

From the Party's Charter (Điều lệ Đảng) and its implementing rules (domain.md §3):
- admission (kết nạp) and conversion to official (công nhận đảng viên chính thức), Điều 4 and 5: the
  standing committee of the district-level committee (ban thường vụ cấp ủy cấp trên trực tiếp của tổ
  chức cơ sở đảng), or the grassroots committee (đảng ủy cơ sở) that the superior has authorized to
  admit members. Whether the grassroots committees of a site are so authorized is a per-committee
  decision the system does not hold: the setting `grassroots_committee_admits` (on by default, as for
  the wards of a district) says so for all of them. A grassroots cell (chi bộ cơ sở) is never authorized.
- leaving (ra khỏi Đảng) and removal from the list (xóa tên), Điều 7 and 8: the cell proposes, the level
  that admits decides.
- discipline (kỷ luật), Điều 36: the cell reprimands or warns (khiển trách, cảnh cáo) its members; the
  grassroots committee may also dismiss (cách chức) from posts in its organization; expulsion (khai trừ)
  is for the level that admits.
- exemption from activity (miễn công tác và sinh hoạt đảng) and its end: the cell decides.
- transfer of activity (chuyển sinh hoạt đảng) and the end of a temporary one: the grassroots
  organization's committee issues the letter.
- death (từ trần): a fact the cell records; no decision.

A user may record an event when they keep the records of the deciding organization (a write role on it
or above it). The tree is given as a chain of (organization id, kind) from the root down to the
member's cell; kinds are the values of dangbo.organizations.models.Kind, events those of
dangbo.members.models.MemberEvent.Kind.
"""

from __future__ import annotations

from dataclasses import dataclass

GRASSROOTS = ("grassroots_committee", "grassroots_cell")
CHARTER = "Điều lệ Đảng"


@dataclass(frozen=True)
class Authority:
    """The organization whose record keepers may record the event (None: the deciding level is not in
    the system; only an administrator records it), who that is in words, and the rule's source."""

    organization_id: int | None
    who: str
    source: str


@dataclass(frozen=True)
class AuthoritySettings:
    # UNCONFIRMED per site: grassroots committees authorized to admit (and so convert, remove, expel).
    grassroots_committee_admits: bool = True


DEFAULT = AuthoritySettings()

# (event kind, discipline form or "") → (what is decided, the article of the Charter)
WHAT = {
    "admission": ("kết nạp đảng viên", f"{CHARTER}, Điều 4"),
    "official": ("công nhận đảng viên chính thức", f"{CHARTER}, Điều 5"),
    "leaving": ("cho ra khỏi Đảng", f"{CHARTER}, Điều 7"),
    "removal": ("xóa tên trong danh sách đảng viên", f"{CHARTER}, Điều 8"),
    "discipline": ("kỷ luật đảng viên", f"{CHARTER}, Điều 36"),
    "exemption": ("miễn công tác và sinh hoạt đảng", f"{CHARTER}, Điều 7; Quy định 24-QĐ/TW, 7.1"),
    "exemption_end": ("thôi miễn công tác và sinh hoạt đảng", f"{CHARTER}, Điều 7; Quy định 24-QĐ/TW, 7.1"),
    "transfer": ("chuyển sinh hoạt đảng", f"{CHARTER}, Điều 6"),
    "transfer_in": ("tiếp nhận sinh hoạt đảng", f"{CHARTER}, Điều 6"),
    "return": ("kết thúc sinh hoạt đảng tạm thời", f"{CHARTER}, Điều 6"),
    "death": ("ghi nhận đảng viên từ trần", CHARTER),
    # UNCONFIRMED: the level that may discipline suspends during the review of a case (Điều lệ Đảng,
    # Điều 36); Dangbo lets the grassroots organization record it
    "suspension": ("đình chỉ sinh hoạt đảng", f"{CHARTER}, Điều 36"),
    "suspension_end": ("kết thúc đình chỉ sinh hoạt đảng", f"{CHARTER}, Điều 36"),
}
DISCIPLINE_WHAT = {
    "reprimand": "kỷ luật khiển trách",
    "warning": "kỷ luật cảnh cáo",
    "dismissal": "kỷ luật cách chức",
    "expulsion": "kỷ luật khai trừ",
}


def _grassroots_index(chain: list[tuple[int, str]]) -> int | None:
    for index in range(len(chain) - 1, -1, -1):
        if chain[index][1] in GRASSROOTS:
            return index
    return None


def _admitting(chain: list[tuple[int, str]], source: str, settings: AuthoritySettings) -> Authority:
    index = _grassroots_index(chain)
    if index is None:
        return Authority(None, "cấp ủy có thẩm quyền kết nạp đảng viên", source)
    grassroots_id, kind = chain[index]
    if kind == "grassroots_committee" and settings.grassroots_committee_admits:
        return Authority(grassroots_id, "đảng ủy cơ sở (được ủy quyền quyết định kết nạp đảng viên)", source)
    superior = chain[index - 1][0] if index > 0 else None
    return Authority(superior, "ban thường vụ cấp ủy cấp trên trực tiếp của tổ chức cơ sở đảng", source)


def _grassroots(chain: list[tuple[int, str]], source: str) -> Authority:
    index = _grassroots_index(chain)
    if index is None:
        return Authority(None, "cấp ủy cơ sở", source)
    grassroots_id, kind = chain[index]
    who = "chi bộ cơ sở" if kind == "grassroots_cell" else "đảng ủy cơ sở"
    return Authority(grassroots_id, who, source)


def _cell(chain: list[tuple[int, str]], source: str) -> Authority:
    if not chain:
        return Authority(None, "chi bộ", source)
    return Authority(chain[-1][0], "chi bộ", source)


ABOVE_GRASSROOTS = ("province", "district", "commune", "superior")


def admits_at(kind: str, *, settings: AuthoritySettings = DEFAULT) -> bool:
    """Whether the record keepers of an organization of this kind may record admissions somewhere
    below it: a level above the grassroots, or an authorized grassroots committee."""
    return kind in ABOVE_GRASSROOTS or (
        kind == "grassroots_committee" and settings.grassroots_committee_admits
    )


ADMITTING_LEVEL = Authority(
    None,
    "đảng ủy cơ sở được ủy quyền hoặc ban thường vụ cấp ủy cấp trên trực tiếp của tổ chức cơ sở đảng",
    WHAT["admission"][1],
)


def event_authority(
    kind: str,
    chain: list[tuple[int, str]],
    *,
    discipline_form: str = "",
    settings: AuthoritySettings = DEFAULT,
) -> Authority:
    """Who decides the event `kind` for a member of the cell at the end of `chain`."""
    if kind not in WHAT:
        raise ValueError(f"unknown event kind {kind!r}")
    source = WHAT[kind][1]
    if kind in ("admission", "official", "leaving", "removal"):
        return _admitting(chain, source, settings)
    if kind == "discipline":
        if discipline_form in ("reprimand", "warning"):
            return _cell(chain, source)
        if discipline_form == "dismissal":
            index = _grassroots_index(chain)
            if index is not None and chain[index][1] == "grassroots_committee":
                return Authority(chain[index][0], "đảng ủy cơ sở", source)
            superior = chain[index - 1][0] if index else None
            return Authority(superior, "ban thường vụ cấp ủy cấp trên trực tiếp", source)
        return _admitting(chain, source, settings)  # expulsion (or a form not chosen yet)
    if kind in ("exemption", "exemption_end", "death"):
        return _cell(chain, source)
    return _grassroots(chain, source)  # transfer, transfer_in, return, suspension (and its end)


def what_is_decided(kind: str, discipline_form: str = "") -> str:
    """The decision in words: "công nhận đảng viên chính thức", "kỷ luật khai trừ"."""
    if kind == "discipline" and discipline_form in DISCIPLINE_WHAT:
        return DISCIPLINE_WHAT[discipline_form]
    return WHAT[kind][0]


def refusal(kind: str, authority: Authority, authority_name: str, *, discipline_form: str = "") -> str:
    """The Vietnamese refusal for a user who does not keep the deciding level's records."""
    what = what_is_decided(kind, discipline_form)
    where = f" ({authority_name})" if authority_name else ""
    return (
        f"Việc {what} thuộc thẩm quyền của {authority.who}{where} ({authority.source}); "
        "vai trò của bạn không quyết định được việc này: chi bộ đề nghị, cấp có thẩm quyền quyết định."
    )
