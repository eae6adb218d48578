"""Member statistics (thống kê đảng viên): the buckets of each breakdown and the balance of the
movements. Pure Python, no Django: the selectors count in the database and map the few distinct
stored values to their buckets here.

Source: domain.md §6 — boards report members by sex, age band, ethnicity, religion, education,
expertise, political theory, occupation and party age, and the movements of a period, in the forms of
Hướng dẫn 11-HD/BTCTW (2021), whose exact layout and bands are UNCONFIRMED: the age and party-age bands
are settings (DANGBO_MEMBER_STATS); every breakdown has an "unknown" bucket so that it adds up to the
total, and the total is the register's (tree_stats) for the same subtree and day.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

UNKNOWN = "Chưa ghi"
OTHER = "Khác"
AGE_BANDS = (30, 40, 50, 60, 70)  # upper bounds, in completed years: ≤30, 31–40, … , over 70
PARTY_AGE_BANDS = (10, 20, 30, 40, 50)  # lower bounds of the next band: under 10, 10–19, … , 50 and over
OCCUPATIONS_SHOWN = 12  # the most frequent occupations by name; the rest as "Khác"

BREAKDOWNS = (
    ("sex", "Giới tính"),
    ("age_band", "Độ tuổi"),
    ("ethnicity", "Dân tộc"),
    ("religion", "Tôn giáo"),
    ("education", "Giáo dục phổ thông"),
    ("expertise", "Chuyên môn nghiệp vụ"),
    ("political_theory", "Lý luận chính trị"),
    ("occupation", "Nghề nghiệp hiện nay"),
    ("party_age", "Tuổi đảng"),
)
MOVEMENTS = (
    ("admitted", "Kết nạp"),
    ("received", "Tiếp nhận (từ ngoài hệ thống)"),
    ("transferred_in", "Chuyển đến"),
    ("transferred_out", "Chuyển đi"),
    ("died", "Từ trần"),
    ("removed", "Xóa tên"),
    ("expelled", "Khai trừ"),
    ("left", "Ra khỏi Đảng"),
)
INCOMING = ("admitted", "received", "transferred_in")
OUTGOING = ("transferred_out", "died", "removed", "expelled", "left")


@dataclass(frozen=True)
class StatsSettings:
    age_bands: tuple[int, ...] = AGE_BANDS
    party_age_bands: tuple[int, ...] = PARTY_AGE_BANDS
    occupations_shown: int = OCCUPATIONS_SHOWN

    @classmethod
    def from_mapping(cls, values: Mapping) -> StatsSettings:
        data = dict(values)
        for key in ("age_bands", "party_age_bands"):
            if key in data:
                data[key] = tuple(sorted(int(x) for x in data[key]))
        return cls(**data)


def age_band_labels(bands: Sequence[int]) -> list[str]:
    """(30, 40, 50) -> ["Đến 30 tuổi", "31–40 tuổi", "41–50 tuổi", "Trên 50 tuổi"]."""
    labels = [f"Đến {bands[0]} tuổi"]
    labels += [f"{low + 1}–{high} tuổi" for low, high in zip(bands, bands[1:], strict=False)]
    return [*labels, f"Trên {bands[-1]} tuổi"]


def party_age_labels(bands: Sequence[int]) -> list[str]:
    """(10, 20) -> ["Dưới 10 năm", "10–19 năm", "20 năm trở lên"]."""
    labels = [f"Dưới {bands[0]} năm"]
    labels += [f"{low}–{high - 1} năm" for low, high in zip(bands, bands[1:], strict=False)]
    return [*labels, f"{bands[-1]} năm trở lên"]


def party_age_label(years: int, bands: Sequence[int]) -> str:
    """The band of a party age in completed years (party_age_labels' order): 9, (10, 20) -> "Dưới 10 năm"."""
    labels = party_age_labels(bands)
    for band, label in zip(bands, labels, strict=False):
        if years < band:
            return label
    return labels[-1]


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (29/02 -> 28/02)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def completed_years(start: date, day: date) -> int:
    return day.year - start.year - ((day.month, day.day) < (start.month, start.day))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().strip()


_GRADE = re.compile(r"^\s*(\d{1,2})\s*/\s*(10|12)\s*$")
EDUCATION_BUCKETS = ("Tiểu học", "Trung học cơ sở", "Trung học phổ thông", UNKNOWN)


def education_bucket(raw: str) -> str:
    """Trình độ giáo dục phổ thông as the register writes it ("12/12", "9/12", "10/10" of the old
    10-year system) -> its level; anything else: not recorded."""
    found = _GRADE.match(raw or "")
    if not found:
        return UNKNOWN
    grade, system = int(found.group(1)), int(found.group(2))
    if system == 12:
        return "Tiểu học" if grade <= 5 else "Trung học cơ sở" if grade <= 9 else "Trung học phổ thông"
    return "Tiểu học" if grade <= 4 else "Trung học cơ sở" if grade <= 7 else "Trung học phổ thông"


EXPERTISE_BUCKETS = (
    "Tiến sĩ",
    "Thạc sĩ",
    "Đại học",
    "Cao đẳng",
    "Trung cấp",
    "Sơ cấp, công nhân kỹ thuật",
    "Chưa qua đào tạo, chưa ghi",
    OTHER,
)
_EXPERTISE = (
    (("tien si",), "Tiến sĩ"),
    (("thac si",), "Thạc sĩ"),
    (("cu nhan", "ky su", "bac si", "duoc si", "kien truc su", "dai hoc"), "Đại học"),
    (("cao dang",), "Cao đẳng"),
    (("trung cap", "y si"), "Trung cấp"),
    (("so cap", "cong nhan ky thuat"), "Sơ cấp, công nhân kỹ thuật"),
)


def expertise_bucket(raw: str) -> str:
    """Chuyên môn nghiệp vụ, free text in the register ("Cử nhân Luật", "Trung cấp Kế toán") -> its level."""
    folded = _fold(raw or "")
    if not folded:
        return "Chưa qua đào tạo, chưa ghi"
    for starts, bucket in _EXPERTISE:
        if folded.startswith(starts):
            return bucket
    return OTHER


def regroup(counts: Mapping[str, int], bucket: object, order: Sequence[str]) -> dict[str, int]:
    """Counts of raw values -> counts of buckets, in `order`, every bucket present (zeros included)."""
    result = dict.fromkeys(order, 0)
    for raw, n in counts.items():
        key = bucket(raw)  # type: ignore[operator]
        result[key] = result.get(key, 0) + n
    return result


def top_with_other(counts: Mapping[str, int], shown: int, unknown: str = UNKNOWN) -> dict[str, int]:
    """The `shown` most frequent named values, then "Khác" and "Chưa ghi" (always present)."""
    named = sorted(((k, n) for k, n in counts.items() if k.strip()), key=lambda item: (-item[1], item[0]))
    result = dict(named[:shown])
    result[OTHER] = sum(n for _, n in named[shown:])
    result[unknown] = sum(n for k, n in counts.items() if not k.strip())
    return result


def plain_with_unknown(counts: Mapping[str, int], unknown: str = UNKNOWN) -> dict[str, int]:
    """Named values by frequency, then the blank ones as "Chưa ghi"."""
    named = sorted(((k, n) for k, n in counts.items() if k.strip()), key=lambda item: (-item[1], item[0]))
    return {**dict(named), unknown: sum(n for k, n in counts.items() if not k.strip())}


def unbalanced(breakdowns: Mapping[str, Mapping[str, int]], total: int) -> list[str]:
    """The breakdowns whose buckets do not add up to the total (an empty list when all do)."""
    return [name for name, buckets in breakdowns.items() if sum(buckets.values()) != total]


def balance(opening: int, movements: Mapping[str, int]) -> int:
    """The total at the end of a period from the one before it and the movements."""
    return opening + sum(movements.get(k, 0) for k in INCOMING) - sum(movements.get(k, 0) for k in OUTGOING)


def as_rows(buckets: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    return list(buckets)
