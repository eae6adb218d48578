"""Fictional people for the demo: names, birth dates, hometowns, CCCD numbers and the rest of the
personal record (lý lịch). Pure Python: no Django imports; every draw comes from the caller's Random.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, TypeVar

from dangbo.demo import names

T = TypeVar("T")

MALE = "male"
FEMALE = "female"

# Share of women among the members of each kind of work.
FEMALE_SHARE = {
    "residential": 0.44,
    "agency": 0.46,
    "school": 0.72,
    "health": 0.62,
    "culture": 0.45,
    "army": 0.05,
    "militia": 0.08,
    "police": 0.12,
    "enterprise": 0.34,
}


def weighted(rng: random.Random, pairs: Sequence[tuple[T, int]]) -> T:
    """One value drawn with the given weights (a single draw of rng.random())."""
    point = rng.random() * sum(weight for _, weight in pairs)
    for value, weight in pairs:
        point -= weight
        if point < 0:
            return value
    return pairs[-1][0]


def random_day(rng: random.Random, start: date, end: date) -> date:
    """A day in [start, end]."""
    if end <= start:
        return start
    return start + timedelta(days=rng.randint(0, (end - start).days))


def weekday_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def birth_for_age(rng: random.Random, day: date, age: int) -> date:
    """A birth date making the person exactly `age` (whole years) on `day`."""
    latest = _years_before(day, age)
    earliest = _years_before(day, age + 1) + timedelta(days=1)
    return random_day(rng, earliest, latest)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29/02
        return day.replace(year=day.year - years, day=28)


def years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class People:
    """Makes personal records; keeps CCCD numbers unique."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.cccds: set[str] = set()
        self._by_region: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
        for province, code, region, districts in names.PROVINCES:
            self._by_region.setdefault(region, []).append((province, code, districts))

    def sex(self, work: str) -> str:
        return FEMALE if self.rng.random() < FEMALE_SHARE.get(work, 0.4) else MALE

    def _name(self, sex: str, ethnicity: str) -> str:
        rng = self.rng
        if ethnicity == "Hoa":
            middle = rng.choice(names.HOA_MIDDLE_FEMALE if sex == FEMALE else names.HOA_MIDDLE_MALE)
            given = rng.choice(names.FEMALE_GIVEN if sex == FEMALE else names.MALE_GIVEN)
            return f"{rng.choice(names.HOA_SURNAMES)} {middle} {given}"
        if ethnicity == "Khmer":
            surname = rng.choice(names.KHMER_SURNAMES)
            if sex == FEMALE:
                return f"{surname} Thị {rng.choice(names.KHMER_GIVEN_FEMALE)}"
            return f"{surname} {rng.choice(names.KHMER_GIVEN_MALE)}"
        if ethnicity == "Chăm":
            middle = "Thị" if sex == FEMALE else "Văn"
            given = rng.choice(names.FEMALE_GIVEN if sex == FEMALE else names.MALE_GIVEN)
            return f"{rng.choice(names.CHAM_SURNAMES)} {middle} {given}"
        surname = weighted(rng, names.SURNAMES)
        if sex == FEMALE:
            middle = weighted(rng, names.FEMALE_MIDDLE)
            given = rng.choice(names.FEMALE_GIVEN)
        else:
            middle = weighted(rng, names.MALE_MIDDLE)
            given = rng.choice(names.MALE_GIVEN)
        if given == middle.split(" ")[-1]:
            given = rng.choice(names.FEMALE_GIVEN if sex == FEMALE else names.MALE_GIVEN)
        return f"{surname} {middle} {given}"

    def _origin(self, ethnicity: str) -> tuple[str, str, str]:
        """(hometown, birth province, CCCD province code)."""
        rng = self.rng
        if ethnicity == "Khmer":
            province, code, districts = rng.choice(names.KHMER_PROVINCES)
        elif ethnicity == "Chăm":
            province, code, districts = rng.choice(names.CHAM_PROVINCES)
        elif ethnicity == "Hoa":
            return rng.choice(names.HOA_HOMETOWNS), "Thành phố Hồ Chí Minh", "079"
        else:
            region = weighted(rng, names.REGION_WEIGHTS)
            province, code, districts = rng.choice(self._by_region[region])
        hometown = f"{rng.choice(districts)}, {province}"
        if rng.random() < 0.25 and code != "079":  # born in the city, hometown elsewhere
            return hometown, "Thành phố Hồ Chí Minh", "079"
        return hometown, province, code

    def cccd(self, code: str, sex: str, birth: date) -> str:
        century = 0 if birth.year < 2000 else 2
        digit = century + (1 if sex == FEMALE else 0)
        while True:
            number = f"{code}{digit}{birth.year % 100:02d}{self.rng.randint(0, 999_999):06d}"
            if number not in self.cccds:
                self.cccds.add(number)
                return number

    def profile(self, *, sex: str, birth: date, work: str, admitted_on: date) -> dict[str, Any]:
        """A personal record, already clean (NFC, a valid CCCD). Card and file numbers, residence and
        the army/police/retired mark are set once the member's whole history is known."""
        rng = self.rng
        ethnicity = weighted(rng, names.ETHNICITIES)
        religion = weighted(rng, names.RELIGIONS)
        if ethnicity == "Chăm":
            religion = rng.choice(("Hồi giáo", "Bà-la-môn", "Không"))
        elif ethnicity == "Khmer":
            religion = rng.choice(("Phật giáo", "Phật giáo", "Không"))
        hometown, birth_province, code = self._origin(ethnicity)
        full_name = self._name(sex, ethnicity)
        year_admitted = admitted_on.year
        older = birth.year < 1962
        education = "12/12"
        if older and rng.random() < 0.12:
            education = rng.choice(("10/10", "9/12"))
        kind = _profession_kind(work)
        without_profession = (
            (work == "residential" and rng.random() < 0.35)
            or work == "militia"
            or (work == "army" and birth.year >= 1994)
        )
        profession = "" if without_profession else rng.choice(names.PROFESSIONS[kind])
        if year_admitted >= 2014:
            theory = rng.choice(("", "", "elementary"))
        elif work == "agency":
            theory = weighted(
                rng, (("elementary", 42), ("intermediate", 42), ("advanced", 12), ("bachelor", 4))
            )
        elif work == "residential":
            theory = weighted(rng, (("elementary", 62), ("intermediate", 28), ("advanced", 4), ("", 6)))
        else:
            theory = weighted(rng, (("elementary", 66), ("intermediate", 24), ("advanced", 3), ("", 7)))
        language = ""
        if birth.year >= 1970 and work not in ("militia",) and rng.random() < 0.6:
            language = rng.choice(("Tiếng Anh B", "Tiếng Anh B1", "Tiếng Anh C", "Tiếng Anh A2"))
        occupations = names.OCCUPATIONS.get(kind, ("Nhân viên",))
        if work == "militia":
            occupation = "Dân quân thường trực"
        elif work == "army" and birth.year >= 1994:
            occupation = "Chiến sĩ nghĩa vụ"
        else:
            occupation = rng.choice(occupations)
        return {
            "full_name": full_name,
            "sex": sex,
            "birth_date": birth,
            "birth_place": birth_province,
            "hometown": hometown,
            "ethnicity": ethnicity,
            "religion": religion,
            "cccd": self.cccd(code, sex, birth),
            "education": education,
            "profession": profession,
            "political_theory": theory,
            "foreign_language": language,
            "occupation_before": occupation,
            "occupation": occupation,
        }


def _profession_kind(work: str) -> str:
    if work == "militia":
        return "residential"
    return work if work in names.PROFESSIONS else "residential"
