"""Synthetic members: names, CCCD, dates, lifecycle events, and the periods the lifecycle derives.

Rows come out as lines of PostgreSQL COPY text (tab-separated, \\N for NULL), one chunk of member ids
at a time. A chunk's random numbers depend only on the seed and the chunk number, so the data are the
same whatever the number of worker processes.

Events per member: an admission (kết nạp) and, 12 months later, recognition as official (công nhận
chính thức) for most; a few still probationary on the reference day; members older than their cell
arrive by a transfer-in (tiếp nhận) on the day the cell was founded; a few moved from another cell
of the province (chuyển sinh hoạt), were exempted (miễn sinh hoạt), died or were removed.
The periods are computed here the way dangbo.members.lifecycle.replay derives them (checked by
bench/check_generate.py), without its per-event dataclass copies.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from itertools import accumulate

from bench import vocab
from bench.tree import REF, Tree
from dangbo.core.dates import add_months
from dangbo.core.text import fold, word_key

CHUNK = 10_000  # members per chunk; part of what makes the data deterministic
ID_STRIDE = 8  # event and period ids are member_id * ID_STRIDE + k (a member has at most 6 events)
NULL = "\\N"

MEMBER_COLUMNS = (
    "id",
    "full_name",
    "surname",
    "middle_name",
    "given_name",
    "birth_name",
    "aliases",
    "sex",
    "birth_date",
    "birth_place",
    "hometown",
    "residence",
    "ethnicity",
    "religion",
    "cccd",
    "party_card_number",
    "file_number",
    "badge_number",
    "education",
    "profession",
    "political_theory",
    "foreign_language",
    "occupation_before",
    "occupation",
    "force",
    "notes",
    "status",
    "organization_id",
    "temporary_organization_id",
    "exempted",
    "admitted_on",
    "official_on",
    "ended_on",
    "search_text",
    "sort_key",
    "version",
    "created_at",
    "updated_at",
)
EVENT_COLUMNS = (
    "id",
    "member_id",
    "kind",
    "effective_on",
    "decision_number",
    "decision_date",
    "issued_by",
    "from_organization_id",
    "to_organization_id",
    "organization_event_id",
    "details",
    "note",
    "recorded_by_id",
    "recorded_at",
)
PERIOD_COLUMNS = (
    "id",
    "member_id",
    "organization_id",
    "temporary_organization_id",
    "status",
    "exempted",
    "valid_from",
    "valid_to",
)

PROBATIONARY_SHARE = 0.035
FEMALE_SHARE = 0.34
TRANSFER_SHARE = 0.04
YEAR = 365.25
# Age on the reference day of official members: (from, to, weight).
AGES = [(20, 30, 18), (30, 45, 30), (45, 60, 25), (60, 75, 17), (75, 95, 10)]
SOURCE_GROUPS = [("worker", 30), ("student", 15), ("youth_conscript", 10), ("militia", 5), ("other", 40)]

_BASE = date(1900, 1, 1).toordinal()
_ISO = [date.fromordinal(o).isoformat() for o in range(_BASE, date(2031, 1, 1).toordinal())]
_YEAR = [date.fromordinal(o).year for o in range(_BASE, date(2031, 1, 1).toordinal())]


def iso(ordinal: int) -> str:
    return _ISO[ordinal - _BASE]


class _Picker:
    """Weighted choice from a uniform number in [0, 1)."""

    def __init__(self, table: list[tuple[str, int]]) -> None:
        self.items = [k for k, _ in table]
        self.cumulative = list(accumulate(w for _, w in table))
        self.total = self.cumulative[-1]

    def __call__(self, u: float) -> str:
        return self.items[bisect_right(self.cumulative, u * self.total)]


_SURNAME = _Picker(vocab.SURNAMES)
_MALE_MIDDLE = _Picker(vocab.MALE_MIDDLE)
_FEMALE_MIDDLE = _Picker(vocab.FEMALE_MIDDLE)
_ETHNICITY = _Picker(vocab.ETHNICITIES)
_RELIGION = _Picker(vocab.RELIGIONS)
_SOURCE = _Picker(SOURCE_GROUPS)
_AGE = _Picker([(str(i), w) for i, (_, _, w) in enumerate(AGES)])


@dataclass
class ChunkRows:
    index: int
    members: list[str]
    events: list[str]
    periods: list[str]


@dataclass(frozen=True)
class Extras:
    """Constant text appended to each row for columns this generator does not know (added later
    to the models with a default); empty when the schema is the one this file was written for."""

    member: str = ""
    event: str = ""
    period: str = ""


class MemberGenerator:
    def __init__(self, tree: Tree, seed: int, timestamp: str, extras: Extras | None = None) -> None:
        self.tree = tree
        self.seed = seed
        self.timestamp = timestamp
        self.extras = extras or Extras()
        self.total = sum(c.members for c in tree.cells)
        self.first_ids = [c.first_member_id for c in tree.cells]
        self.cell_province_range = []
        for start, end in tree.province_cells:
            self.cell_province_range.extend([(start, end)] * (end - start))
        self.folded_words: dict[str, str] = {}
        self.word_keys: dict[str, str] = {}

    @property
    def chunks(self) -> int:
        return (self.total + CHUNK - 1) // CHUNK

    def _name_keys(self, surname: str, middle: str, given: str) -> tuple[str, str]:
        """fold() and sort_key() of "surname middle given", put together from cached words: the same
        strings as dangbo.core.text computes for the whole name (checked by bench/check_generate.py)."""
        words = [given, *middle.split(" "), surname]
        folded, keys = self.folded_words, self.word_keys
        for word in words:
            if word not in keys:
                folded[word] = fold(word)
                keys[word] = word_key(word)
        return (
            " ".join(folded[w] for w in (surname, *middle.split(" "), given)),
            "".join(keys[w] for w in words)[:250],
        )

    def chunk(self, index: int) -> ChunkRows:  # noqa: C901 - one pass per member, kept in one place for speed
        tree, cells = self.tree, self.tree.cells
        rng = random.Random(f"{self.seed}/members/{index}")
        r, randint = rng.random, rng.randint
        start = index * CHUNK + 1
        end = min(start + CHUNK, self.total + 1)
        members: list[str] = []
        events_out: list[str] = []
        periods_out: list[str] = []
        ts = self.timestamp
        member_extra, event_extra, period_extra = self.extras.member, self.extras.event, self.extras.period
        ci = bisect_right(self.first_ids, start) - 1
        cell = cells[ci]
        cell_end = cell.first_member_id + cell.members
        male_given, female_given = vocab.MALE_GIVEN, vocab.FEMALE_GIVEN
        second_middle = vocab.SECOND_MIDDLE
        professions, before = vocab.PROFESSIONS, vocab.OCCUPATIONS_BEFORE
        for mid in range(start, end):
            while mid >= cell_end:
                ci += 1
                cell = cells[ci]
                cell_end = cell.first_member_id + cell.members
            cell_id = cell.org.id
            established = cell.org.established
            pcode, pname, _ = tree.provinces[cell.province]
            authority = cell.org.authority

            # Name (NFC words from vocab), sex
            female = r() < FEMALE_SHARE
            surname = _SURNAME(r())
            if female:
                middle = _FEMALE_MIDDLE(r())
                given = female_given[int(r() * len(female_given))]
            else:
                middle = _MALE_MIDDLE(r())
                given = male_given[int(r() * len(male_given))]
            if r() < 0.2:
                extra = second_middle[int(r() * len(second_middle))]
                if extra != middle and extra != given:
                    middle = f"{middle} {extra}"
            full_name = f"{surname} {middle} {given}"
            folded, key = self._name_keys(surname, middle, given)

            # Dates: birth, admission decision, ceremony, recognition as official 12 months after the
            # ceremony (Điều lệ Đảng, Điều 5)
            official: int | None
            if r() < PROBATIONARY_SHARE:
                admitted = REF - randint(1, 360)
                ceremony = min(admitted + randint(3, 30), REF)
                birth = admitted - int((18.1 + 17 * r() * r()) * YEAR)
                official = None
            else:
                low, high, _ = AGES[int(_AGE(r()))]
                age_days = int((low + (high - low) * r()) * YEAR)
                birth = REF - age_days
                admission_age = int((18.1 + rng.triangular(0, 27, 4)) * YEAR)
                admitted = birth + min(admission_age, age_days - 400, int(59.5 * YEAR))
                ceremony = admitted + randint(3, 30)
                official = add_months(date.fromordinal(ceremony), 12).toordinal()

            # Events: (kind, day, to_organization, details, decision number, issued by)
            events: list[tuple[str, int, int | None, str, str, str]] = []
            if admitted >= established:
                origin, moved_on = cell_id, 0
                if official is not None and r() < TRANSFER_SHARE:
                    lo, hi = self.cell_province_range[ci]
                    other = cells[randint(lo, hi - 1)]
                    move_from, move_to = max(official + 30, established), REF - 30
                    if other.org.id != cell_id and other.org.established <= admitted and move_from <= move_to:
                        origin, moved_on = other.org.id, randint(move_from, move_to)
                details = (
                    f'{{"source_group": "{_SOURCE(r())}", "sponsors": [], "ceremony_on": "{iso(ceremony)}"}}'
                )
                events.append(("admission", admitted, origin, details, f"{randint(1, 400)}-QĐ/ĐU", authority))
                if official is not None:
                    events.append(("official", official, None, "{}", f"{randint(1, 400)}-QĐ/ĐU", authority))
                if moved_on:
                    events.append(
                        (
                            "transfer",
                            moved_on,
                            cell_id,
                            '{"transfer_type": "official"}',
                            f"{randint(1, 400)}-GGT/BTC",
                            authority,
                        )
                    )
            else:
                arrived = min(established + randint(0, 90), REF)
                if official is not None and official <= arrived:
                    details = (
                        f'{{"status": "official", "admitted_on": "{iso(admitted)}", '
                        f'"official_on": "{iso(official)}"}}'
                    )
                    events.append(
                        ("transfer_in", arrived, cell_id, details, f"{randint(1, 400)}-GGT/BTC", "")
                    )
                else:
                    details = f'{{"status": "probationary", "admitted_on": "{iso(admitted)}"}}'
                    events.append(
                        ("transfer_in", arrived, cell_id, details, f"{randint(1, 400)}-GGT/BTC", "")
                    )
                    if official is not None:
                        events.append(
                            ("official", official, None, "{}", f"{randint(1, 400)}-QĐ/ĐU", authority)
                        )
            last = events[-1][1]
            exempted = False
            ended: int | None = None
            status = "official" if official is not None else "probationary"
            age_days = REF - birth
            if official is not None:
                if age_days >= 70 * YEAR and r() < 0.15:
                    earliest = max(last + 1, birth + int(70 * YEAR))
                    if earliest < REF:
                        last = randint(earliest, REF - 1)
                        events.append(("exemption", last, None, "{}", f"{randint(1, 400)}-QĐ/CB", authority))
                        exempted = True
                u = r()
                if ((u < 0.02 and age_days >= 60 * YEAR) or 0.02 <= u < 0.024) and last + 1 < REF:
                    ended = randint(last + 1, REF - 1)
                    if u < 0.02:
                        events.append(("death", ended, None, "{}", "", ""))
                        status = "deceased"
                    else:
                        events.append(("removal", ended, None, "{}", f"{randint(1, 400)}-QĐ/ĐU", authority))
                        status = "removed"

            # Event rows, and the periods as lifecycle.replay derives them
            periods: list[list] = []  # [organization, status, exempted, from, to]
            state_org: int | None = None
            state_status = ""
            state_exempt = False
            on_books = False
            previous_org: int | None = None
            for k, (kind, day, to_org, details, number, issued_by) in enumerate(events):
                events_out.append(
                    f"{mid * ID_STRIDE + k}\t{mid}\t{kind}\t{iso(day)}\t{number}\t"
                    f"{iso(day) if number else NULL}\t{issued_by}\t"
                    f"{NULL if previous_org is None else previous_org}\t{NULL if to_org is None else to_org}\t"
                    f"{NULL}\t{details}\t\t{NULL}\t{ts}{event_extra}\n"
                )
                if to_org is not None:
                    previous_org = to_org
                if kind == "admission":
                    state_org, state_status, on_books = to_org, "probationary", True
                elif kind == "transfer_in":
                    state_org, on_books = to_org, True
                    state_status = "official" if '"status": "official"' in details else "probationary"
                elif kind == "official":
                    state_status = "official"
                elif kind == "transfer":
                    state_org = to_org
                elif kind == "exemption":
                    state_exempt = True
                else:
                    on_books = False
                current = periods[-1] if periods and periods[-1][4] is None else None
                if on_books:
                    if (
                        current
                        and current[0] == state_org
                        and current[1] == state_status
                        and current[2] == state_exempt
                    ):
                        continue
                    if current:
                        periods.pop()
                        if current[3] < day:
                            periods.append([current[0], current[1], current[2], current[3], day])
                    periods.append([state_org, state_status, state_exempt, day, None])
                elif current:
                    periods.pop()
                    if current[3] < day:
                        periods.append([current[0], current[1], current[2], current[3], day])
            for k, (org, period_status, period_exempt, valid_from, valid_to) in enumerate(periods):
                periods_out.append(
                    f"{mid * ID_STRIDE + k}\t{mid}\t{org}\t{NULL}\t{period_status}\t"
                    f"{'t' if period_exempt else 'f'}\t{iso(valid_from)}\t"
                    f"{'9999-12-31' if valid_to is None else iso(valid_to)}{period_extra}\n"
                )

            # Identity: CCCD = province code, century and sex, year of birth, serial unique in the province
            birth_year = _YEAR[birth - _BASE]
            serial = ((mid - tree.province_first_member[cell.province]) * 382_919 + 104_729) % 1_000_000
            century_sex = (0 if birth_year < 2000 else 2) + (1 if female else 0)
            cccd = f"{pcode}{century_sex}{birth_year % 100:02d}{serial:06d}"
            # party card (thẻ đảng viên), once official: 8 digits, the province's then the serial
            card = None if official is None else f"{pcode[-2:]}{serial:06d}"
            retired = age_days >= 62 * YEAR
            sector = cell.sector
            force = (
                "army"
                if sector == "army"
                else "police"
                if sector == "police"
                else "retired"
                if retired
                else ""
            )
            theory_u = r()
            theory = (
                "elementary"
                if theory_u < 0.45
                else "intermediate"
                if theory_u < 0.7
                else "advanced"
                if theory_u < 0.76
                else "bachelor"
                if theory_u < 0.77
                else ""
            )
            members.append(
                f"{mid}\t{full_name}\t{surname}\t{middle}\t{given}\t\t\t{'female' if female else 'male'}\t"
                f"{iso(birth)}\t{pname}\t{pname}\t{cell.residence}\t{_ETHNICITY(r())}\t{_RELIGION(r())}\t"
                f"{cccd}\t{NULL if card is None else card}\t{mid:08d}\t\t{'12/12' if birth_year >= 1960 or r() < 0.4 else '10/10'}\t"
                f"{professions[int(r() * len(professions))]}\t{theory}\t"
                f"{'Tiếng Anh B1' if r() < 0.3 else ''}\t{before[int(r() * len(before))]}\t"
                f"{'Hưu trí' if retired else vocab.OCCUPATION_BY_SECTOR[sector]}\t{force}\t\t"
                f"{status}\t{cell_id}\t{NULL}\t{'t' if exempted else 'f'}\t{iso(admitted)}\t"
                f"{NULL if official is None else iso(official)}\t{NULL if ended is None else iso(ended)}\t"
                f"{folded} {cccd}{'' if card is None else ' ' + card}\t{key}\t1\t{ts}\t{ts}{member_extra}\n"
            )
        return ChunkRows(index, members, events_out, periods_out)
