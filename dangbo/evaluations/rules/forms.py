"""Which self-assessment form a member fills (HD 43-HD/BTCTW, from the 2025 review): pure Python.

Mẫu 2A: leaders and managers (cán bộ lãnh đạo, quản lý); Mẫu 2B: members not in a leading post;
Mẫu 2C: members working outside the political system (retirees, students, private firms,
freelance; domain.md §2). The record holds no post of its own: the rule reads the member's current
occupation (Member.occupation, free text) and the force (nghỉ hưu), in this order:
  1. retired (force "retired", or "hưu" in the occupation) → 2C;
  2. a leading post named in the occupation (bí thư, chủ tịch, giám đốc, trưởng …, phó …) → 2A;
  3. an occupation outside the political system (học sinh, sinh viên, doanh nghiệp, tự do,
     kinh doanh, buôn bán, nông dân, lao động tự do, nội trợ …) → 2C;
  4. otherwise → 2B.
The page names the form chosen and offers the other two: the cell may know better than the record.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class SelfForm:
    code: str  # "2A", "2B", "2C"
    title: str  # the form's heading
    who: str  # whom it is for (Vietnamese)


FORMS = {
    "2A": SelfForm("2A", "BẢN KIỂM ĐIỂM CÁ NHÂN", "cán bộ lãnh đạo, quản lý"),
    "2B": SelfForm("2B", "BẢN KIỂM ĐIỂM CÁ NHÂN", "đảng viên không giữ chức vụ lãnh đạo, quản lý"),
    "2C": SelfForm("2C", "BẢN KIỂM ĐIỂM CÁ NHÂN", "đảng viên không làm việc trong hệ thống chính trị"),
}

LEADING_WORDS = (
    "bí thư",
    "chủ tịch",
    "chủ nhiệm",
    "giám đốc",
    "tổng giám đốc",
    "hiệu trưởng",
    "trưởng phòng",
    "trưởng ban",
    "trưởng khoa",
    "trưởng trạm",
    "trưởng công an",
    "chánh",
    "thủ trưởng",
    "chỉ huy trưởng",
    "cấp ủy viên",
    "ủy viên ban thường vụ",
    "phó ",
)
OUTSIDE_WORDS = (
    "hưu",
    "học sinh",
    "sinh viên",
    "doanh nghiệp",
    "công ty",
    "tư nhân",
    "tự do",
    "kinh doanh",
    "buôn bán",
    "nông dân",
    "làm nông",
    "nội trợ",
    "lao động",
    "công nhân",
    "tiểu thương",
    "thất nghiệp",
)


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").lower().split()) + " "


def self_assessment_form(occupation: str, *, retired: bool = False) -> SelfForm:
    """The form a member fills, from the record (see the module's rule)."""
    text = _normal(occupation)
    if retired or "hưu" in text:
        return FORMS["2C"]
    if any(word in text for word in LEADING_WORDS):
        return FORMS["2A"]
    if any(word in text for word in OUTSIDE_WORDS):
        return FORMS["2C"]
    return FORMS["2B"]


RULE_TEXT = (
    "Mẫu tự kiểm điểm chọn theo hồ sơ: nghỉ hưu → Mẫu 2C; nghề nghiệp hiện nay có chức vụ lãnh đạo, "
    "quản lý (bí thư, chủ tịch, giám đốc, trưởng/phó …) → Mẫu 2A; học sinh, sinh viên, doanh nghiệp, "
    "lao động tự do … → Mẫu 2C; còn lại → Mẫu 2B. Có thể tải mẫu khác nếu hồ sơ chưa đúng."
)


def layout_note(guidance: str) -> str:
    """What the forms' wording is (said on the pages and in each document): their sections follow
    the usual layout of a kiểm điểm, not the official text of the forms annexed to the year's
    guidance (`guidance`: the scheme's), which no public source at hand reproduces as text."""
    return (
        "Các mẫu (bản kiểm điểm cá nhân, báo cáo kiểm điểm tập thể, quyết định xếp loại lại) được lập theo "
        f"bố cục thường dùng, chưa phải nguyên văn các mẫu kèm theo {guidance}: đối chiếu với mẫu chính "
        "thức trước khi dùng."
    )
