"""The words people write in the cells that take a fixed set of values, mapped to what Dangbo stores.
Compared folded (no diacritics, no case): "Nu", "nữ", "NỮ" are the same."""

from __future__ import annotations

from dangbo.evaluations.models import Award
from dangbo.evaluations.rules import CODES, SCHEMES
from dangbo.imports.values import choice_key, folded_options
from dangbo.members.models import (
    DisciplineForm,
    Force,
    MemberEvent,
    PoliticalTheory,
    Sex,
    Status,
    TransferType,
)
from dangbo.organizations.models import Kind, Sector


def _with_labels(choices: type, extra: dict[str, list[str]]) -> dict[str, str]:
    pairs: dict[str, list[str]] = {str(value): [str(value), str(label)] for value, label in choices.choices}  # type: ignore[attr-defined]
    for value, words in extra.items():
        pairs.setdefault(value, []).extend(words)
    return folded_options(pairs)


SEX = _with_labels(Sex, {"male": ["M", "Trai"], "female": ["F", "Nu", "Gái"]})
SEX_ALLOWED = "Nam, Nữ"

KIND = _with_labels(
    Kind,
    {
        "province": ["Đảng bộ tỉnh", "Đảng bộ thành phố", "Tỉnh ủy", "Thành ủy", "Đảng bộ tỉnh/thành phố"],
        "district": [
            "Đảng bộ quận",
            "Đảng bộ huyện",
            "Đảng bộ thị xã",
            "Quận ủy",
            "Huyện ủy",
            "Đảng bộ quận/huyện",
        ],
        "commune": ["Đảng bộ xã, phường", "Đảng bộ cấp xã"],
        "superior": ["Đảng bộ cấp trên cơ sở", "Đảng bộ khối", "Đảng ủy khối"],
        "grassroots_committee": ["ĐBCS", "Đảng ủy cơ sở"],
        "grassroots_cell": ["CBCS"],
        "partial_committee": ["ĐBBP", "Đảng ủy bộ phận"],
        "affiliated_cell": ["Chi bộ trực thuộc đảng ủy cơ sở", "Chi bộ trực thuộc đảng bộ cơ sở", "CBTT"],
    },
)
KIND_ALLOWED = "; ".join(str(label) for label in Kind.labels)

SECTOR = _with_labels(
    Sector,
    {
        "ward": ["Xã", "Phường", "Thị trấn", "Xã, phường", "Phường, xã"],
        "agency": ["Cơ quan hành chính", "Cơ quan nhà nước", "Cơ quan hành chính nhà nước"],
        "public_school": ["Trường học", "Trường công lập", "Trường"],
        "public_unit": ["Đơn vị sự nghiệp công lập", "Đơn vị sự nghiệp"],
        "state_enterprise": ["DNNN"],
        "non_state_enterprise": ["Doanh nghiệp tư nhân", "Doanh nghiệp ngoài nhà nước", "Doanh nghiệp"],
        "non_public_unit": ["Đơn vị ngoài công lập"],
        "residential": ["Khu phố", "Ấp", "Khu dân cư", "Tổ dân phố", "Thôn", "Khu phố, ấp, thôn"],
        "apartment": ["Chung cư, tòa nhà"],
        "army": ["Quân sự", "Bộ đội"],
        "police": [],
        "other": [""],
    },
)
SECTOR_ALLOWED = "; ".join(str(label) for label in Sector.labels)

POLITICAL_THEORY = _with_labels(
    PoliticalTheory,
    {"": ["Không", "Chưa", "Chưa qua đào tạo", "-"], "bachelor": ["Cao cấp, cử nhân", "Cử nhân chính trị"]},
)
POLITICAL_THEORY_ALLOWED = "Sơ cấp, Trung cấp, Cao cấp, Cử nhân (để trống nếu chưa qua đào tạo)"

FORCE = _with_labels(
    Force,
    {"": ["Không", "-"], "army": ["Bộ đội", "Quân nhân"], "retired": ["Hưu trí", "Hưu", "Nghỉ hưu"]},
)
FORCE_ALLOWED = "Quân đội, Công an, Nghỉ hưu (hoặc để trống)"

EVENT = _with_labels(
    MemberEvent.Kind,
    {
        "admission": ["Kết nạp", "Kết nạp Đảng", "Kết nạp đảng viên"],
        "transfer_in": ["Tiếp nhận", "Chuyển đến", "Nhận sinh hoạt đảng", "Tiếp nhận đảng viên"],
        "official": [
            "Công nhận chính thức",
            "Chuyển chính thức",
            "Chính thức",
            "Công nhận đảng viên chính thức",
        ],
        "transfer": ["Chuyển sinh hoạt", "Chuyển đi", "Chuyển sinh hoạt đi"],
        "return": ["Kết thúc sinh hoạt tạm thời", "Trở về", "Hết sinh hoạt tạm thời"],
        "exemption": ["Miễn sinh hoạt", "Miễn công tác và sinh hoạt", "Miễn sinh hoạt đảng"],
        "exemption_end": ["Thôi miễn sinh hoạt", "Thôi miễn công tác và sinh hoạt", "Hết miễn sinh hoạt"],
        "suspension": ["Đình chỉ sinh hoạt", "Bị đình chỉ sinh hoạt đảng"],
        "suspension_end": ["Hết đình chỉ sinh hoạt", "Kết thúc đình chỉ sinh hoạt"],
        "discipline": ["Bị kỷ luật"],
        "removal": ["Xóa tên", "Xoá tên", "Xóa tên khỏi danh sách", "Xoá tên khỏi danh sách đảng viên"],
        "death": ["Chết", "Mất", "Qua đời"],
        "leaving": ["Xin ra khỏi Đảng", "Ra Đảng"],
    },
)
EVENT_ALLOWED = "; ".join(str(label) for label in MemberEvent.Kind.labels)

TRANSFER_TYPE = _with_labels(
    TransferType,
    {
        "official": ["Chính thức", ""],
        "temporary": ["Tạm thời"],
        "internal": ["Nội bộ"],
        "reorganization": ["Sắp xếp tổ chức", "Do sắp xếp tổ chức"],
    },
)
TRANSFER_TYPE_ALLOWED = "Chính thức, Tạm thời, Nội bộ, Do sắp xếp tổ chức"

DISCIPLINE = _with_labels(DisciplineForm, {})
DISCIPLINE_ALLOWED = "; ".join(str(label) for label in DisciplineForm.labels)

ON_BOOKS_STATUS = folded_options(
    {
        Status.PROBATIONARY.value: ["Dự bị", "probationary", "Đảng viên dự bị"],
        Status.OFFICIAL.value: ["Chính thức", "official", "Đảng viên chính thức"],
    }
)
STATUS_ALLOWED = "Dự bị, Chính thức"

AWARD_KIND = _with_labels(Award.Kind, {})
AWARD_KIND_ALLOWED = "; ".join(str(label) for label in Award.Kind.labels)


def _ranks() -> dict[str, int]:
    table: dict[str, int] = {}
    for rank, code in CODES.items():
        table[choice_key(code)] = rank
    for scheme in SCHEMES:
        for level in (*scheme.member_levels, *scheme.organization_levels):
            table.setdefault(choice_key(level.label), level.rank)
    return table


RANK = _ranks()
EXEMPLARY_SUFFIXES = ("tieu bieu",)
