"""The simulation behind the demo: Đảng bộ Quận 9 from 01/01/2014 to 31/12/2019.

Members on the books at the start, then admissions with their sponsors, conversions, transfers in and
out, internal and temporary transfers, exemptions, disciplines, removals and deaths, drawn from a fixed
seed. Every event goes through the lifecycle state machine as it is planned (an event the machine
refuses is not planned). The plan is tuned to the seed article: exactly 5.852 members to be rated for
2019, 21 of them disciplined during the year.

No database access: it runs without Django settings (the subprocess test relies on it).
"""

from __future__ import annotations

import heapq
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dangbo.core.dates import add_months, add_working_days
from dangbo.demo import names, rates, structure
from dangbo.demo.people import (
    MALE,
    People,
    age_on,
    birth_for_age,
    random_day,
    weekday_on_or_before,
    weighted,
    years_after,
)
from dangbo.demo.plan import (
    HISTORY_START,
    EventPlan,
    Figures,
    MemberPlan,
    Numbers,
    OrgPlan,
    Plan,
    committee_title,
    organizations,
)
from dangbo.members import lifecycle

SEED = 20190701
YEAR_END = date(2019, 12, 31)
RATING_YEAR = 2019
# Members admitted less than 6 months before the year end are not rated (HD 21-HD/BTCTW, §II.6).
RATING_CUTOFF = date(2019, 6, 30)
TARGET_RATED = 5852
DISCIPLINED_IN_RATING_YEAR = 21

RESIDENTIAL_ROLES = {"kp", "apartment"}

# ------------------------------------------------------------------------------------------------
# The simulation


@dataclass
class _Life:
    """What the simulation keeps about a member besides the lifecycle state."""

    restricted: bool = False  # moved by the 2019 dissolution: later changes go through the services


class _Simulation:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.orgs = organizations(self.rng)
        self.by_code = {o.code: o for o in self.orgs}
        self.ids = {o.code: index + 1 for index, o in enumerate(self.orgs)}
        self.codes = {index: code for code, index in self.ids.items()}
        self.people = People(self.rng)
        self.members: list[MemberPlan] = []
        self.states: dict[int, lifecycle.State] = {}
        self.numbers = Numbers()
        self.receiving: dict[str, dict[int, str]] = defaultdict(dict)
        self._round_robin: Counter[str] = Counter()
        self.cells = [o for o in self.orgs if o.kind in ("affiliated_cell", "grassroots_cell")]
        self.quarters: dict[str, list[OrgPlan]] = defaultdict(list)
        for org in self.cells:
            if org.role == "kp" and org.ward:
                self.quarters[org.ward].append(org)
        self.apartments = {o.ward: o for o in self.cells if o.role == "apartment" and o.ward}
        self._admission_weights = self._admission_weights_by_cell()

    # --- helpers -------------------------------------------------------------------------------

    def grassroots_of(self, org: OrgPlan) -> OrgPlan:
        return self.by_code[org.parent] if org.kind == "affiliated_cell" and org.parent else org

    def issuer(self, org: OrgPlan, level: str) -> tuple[str, str, str]:
        """(sequence key, number pattern, issuing body) of a decision about a member of `org`."""
        if level == "cell":
            return f"CB:{org.code}", "{n}-QĐ/CB", org.name
        if level == "letter":
            return "BTC", "{n}-GGT/BTCQU", structure.ORGANIZATION_DEPARTMENT
        if level == "inspection":
            return "UBKT", "{n}-QĐ/UBKTQU", structure.INSPECTION_COMMITTEE
        grassroots = self.grassroots_of(org)
        if grassroots is org:  # a grassroots cell: the district committee decides
            return "QU", "{n}-QĐ/QU", structure.DISTRICT_COMMITTEE
        if level == "committee_letter":
            return f"ĐU:{grassroots.code}", "{n}-GGT/ĐU", committee_title(grassroots.name)
        return f"ĐU:{grassroots.code}", "{n}-QĐ/ĐU", committee_title(grassroots.name)

    def decide(
        self, event: EventPlan, org: OrgPlan, level: str, decision_date: date | None = None
    ) -> EventPlan:
        key, pattern, body = self.issuer(org, level)
        event.decision_date = decision_date or event.effective_on
        event.issued_by = body
        self.numbers.ask(key, event.decision_date, pattern, event)
        return event

    def cell_of(self, state: lifecycle.State) -> OrgPlan:
        assert state.organization_id is not None
        return self.by_code[self.codes[state.organization_id]]

    def apply(self, member: MemberPlan, event: EventPlan) -> bool:
        """Append the event if the lifecycle accepts it at this point of the member's history."""
        state = self.states[member.key]
        fact = lifecycle.EventFact(
            event.kind, event.effective_on, self.ids[event.to_code] if event.to_code else None, event.details
        )
        try:
            self.states[member.key] = lifecycle.apply(state, fact)
        except lifecycle.LifecycleError:
            return False
        member.events.append(event)
        return True

    def new_member(self, profile: dict[str, Any], work: str, entry: EventPlan) -> MemberPlan:
        member = MemberPlan(key=len(self.members), profile=profile, events=[], work=work)
        self.members.append(member)
        self.states[member.key] = lifecycle.State()
        assert self.apply(member, entry), entry
        return member

    def pick_cell(self, candidates: list[tuple[OrgPlan, float]]) -> OrgPlan:
        total = sum(weight for _, weight in candidates)
        point = self.rng.random() * total
        for org, weight in candidates:
            point -= weight
            if point < 0:
                return org
        return candidates[-1][0]

    def quarter_in(self, ward: str, day: date, exclude: str | None = None) -> OrgPlan | None:
        choices = [o for o in self.quarters[ward] if o.active(day) and o.code != exclude]
        return self.rng.choice(choices) if choices else None

    def any_quarter(self, day: date) -> OrgPlan:
        ward = self.rng.choice([o.code for o in self.orgs if o.role == "ward"])
        quarter = self.quarter_in(ward, day)
        assert quarter is not None
        return quarter

    # --- people -------------------------------------------------------------------------------

    def _age_range(self, org: OrgPlan, newly_admitted: bool) -> tuple[int, int]:
        work = org.work
        if newly_admitted:
            ranges = {
                "residential": (22, 50),
                "agency": (24, 40),
                "school": (23, 36),
                "health": (24, 36),
                "culture": (24, 38),
                "army": (22, 30),
                "militia": (19, 24),
                "police": (22, 30),
                "enterprise": (22, 40),
            }
            if org.code.endswith("-QS-DD"):
                return (19, 22)
            return ranges[work]
        ranges = {
            "residential": (28, 74),
            "agency": (27, 56),
            "school": (26, 53),
            "health": (27, 53),
            "culture": (27, 55),
            "army": (25, 50),
            "militia": (24, 45),
            "police": (25, 50),
            "enterprise": (26, 53),
        }
        return ranges[work]

    def cohort_age(self, org: OrgPlan) -> int:
        """Age on 01/01/2014 of a member already on the books then."""
        rng = self.rng
        if org.work == "residential":  # the khu phố cells hold the retired members
            return weighted(
                rng, ((rng.randint(30, 49), 22), (rng.randint(50, 64), 34), (rng.randint(65, 92), 44))
            )
        low, high = self._age_range(org, newly_admitted=False)
        return int(rng.triangular(low, high, (low + high) / 2))

    def cohort_member(self, org: OrgPlan, *, plain: bool = False) -> MemberPlan:
        """A member on the books before 2014: the record arrives by transfer in (tiếp nhận), when
        Quận 9 was formed from huyện Thủ Đức in 1997 or later, from elsewhere."""
        rng = self.rng
        age = self.cohort_age(org) if not plain else rng.randint(32, 58)
        sex = self.people.sex(org.work)
        birth = birth_for_age(rng, HISTORY_START, age)
        youngest = min(55, age - 2)
        admitted_age = rng.randint(18, max(18, youngest)) if age >= 22 else 18
        if org.work == "residential" and age >= 65:
            admitted_age = rng.randint(20, min(55, age - 2))
        admitted = random_day(rng, years_after(birth, admitted_age), years_after(birth, admitted_age + 1))
        admitted = min(admitted, date(2012, 12, 1))
        official = add_months(admitted, 12)
        earliest = max(org.established_on, official + timedelta(days=30))
        if admitted < structure.FOUNDED and org.established_on == structure.FOUNDED and rng.random() < 0.45:
            entry, origin = structure.FOUNDED, "Đảng bộ huyện Thủ Đức (chia tách thành lập Quận 9)"
        else:
            entry = random_day(rng, min(earliest, date(2013, 12, 20)), date(2013, 12, 20))
            origin = rng.choice(names.ELSEWHERE)
        entry = weekday_on_or_before(entry) if entry > structure.FOUNDED else entry
        entry = max(entry, org.established_on)
        profile = self.people.profile(sex=sex, birth=birth, work=org.work, admitted_on=admitted)
        event = EventPlan(
            "transfer_in",
            entry,
            org.code,
            details={
                "status": "official",
                "admitted_on": admitted.isoformat(),
                "official_on": official.isoformat(),
                "origin": origin,
            },
        )
        self.decide(event, org, "letter")
        return self.new_member(profile, org.work, event)

    def newcomer(self, org: OrgPlan, day: date) -> MemberPlan:
        """A member whose record arrives from outside the district in 2014–2019."""
        rng = self.rng
        low, high = self._age_range(org, newly_admitted=False)
        if org.work == "residential":
            low, high = 26, 72
        age = rng.randint(low, high)
        sex = self.people.sex(org.work)
        birth = birth_for_age(rng, day, age)
        probationary = rng.random() < 0.05 and age < 45
        if probationary:
            admitted = day - timedelta(days=rng.randint(60, 300))
            official = None
        else:
            admitted_age = rng.randint(18, max(18, min(55, age - 2)))
            admitted = random_day(rng, years_after(birth, admitted_age), years_after(birth, admitted_age + 1))
            admitted = min(admitted, day - timedelta(days=400))
            official = add_months(admitted, 12)
        profile = self.people.profile(sex=sex, birth=birth, work=org.work, admitted_on=admitted)
        event = EventPlan(
            "transfer_in",
            day,
            org.code,
            details={
                "status": "probationary" if probationary else "official",
                "admitted_on": admitted.isoformat(),
                "official_on": official.isoformat() if official else None,
                "origin": rng.choice(names.ELSEWHERE),
            },
        )
        self.decide(event, org, "letter")
        return self.new_member(profile, org.work, event)

    def admit(self, org: OrgPlan, day: date) -> MemberPlan:
        rng = self.rng
        work = org.work
        source = "other"
        if org.code.endswith("-QS-DD"):
            source = "youth_conscript"
        elif work == "militia":
            source = "militia"
        elif work == "enterprise":
            source = "worker"
        low, high = self._age_range(org, newly_admitted=True)
        age = int(rng.triangular(low, high + 1, low + (high - low) / 3))
        if org.code.startswith("Q9-THPT") and rng.random() < 0.12:
            age, source = 18, "student"
        sex = self.people.sex(work)
        birth = birth_for_age(rng, day, age)
        profile = self.people.profile(sex=sex, birth=birth, work=work, admitted_on=day)
        if source == "student":
            profile.update(
                occupation_before="Học sinh", occupation="Học sinh", profession="", foreign_language=""
            )
        ceremony = day + timedelta(days=rng.choice((0, 0, 0, 3, 5, 7, 10, 14)))
        event = EventPlan(
            "admission",
            day,
            org.code,
            details={"source_group": source, "sponsors": [], "ceremony_on": ceremony.isoformat()},
        )
        self.decide(event, org, "committee")
        return self.new_member(profile, work, event)

    # --- one member's life ---------------------------------------------------------------------

    def live(self, member: MemberPlan) -> None:
        """Plan the member's events from their entry to the end of 2019."""
        rng = self.rng
        state = self.states[member.key]
        life = _Life()
        birth: date = member.profile["birth_date"]
        male = member.profile["sex"] == MALE
        entry = member.entry
        start_cell = self.cell_of(state)
        queue: list[tuple[date, int, str, dict[str, Any]]] = []
        sequence = 0

        def plan(day: date, kind: str, **params: Any) -> None:
            nonlocal sequence
            if entry < day <= YEAR_END:
                sequence += 1
                heapq.heappush(queue, (day, sequence, kind, params))

        if state.status == "probationary":
            ceremony = member.events[0].details.get("ceremony_on")
            start = date.fromisoformat(ceremony) if ceremony else state.admitted_on
            assert start is not None
            plan(add_months(start, 12), "conversion")
        for year in range(max(entry.year, HISTORY_START.year), YEAR_END.year + 1):
            first = max(entry + timedelta(days=1), date(year, 1, 1))
            last = date(year, 12, 31)
            if first > last:
                continue
            share = ((last - first).days + 1) / 365
            age = year - birth.year
            work = start_cell.work

            def chance(rate: float) -> bool:
                return rng.random() < rate * share  # noqa: B023

            def when() -> date:
                return random_day(rng, first, last)  # noqa: B023

            if chance(rates.death_rate(age)):
                plan(when(), "death")
            if chance(rates.leaving_rate(work, age)):
                plan(weekday_on_or_before(when()), "out")
            if chance(0.012 if work == "residential" else 0.02):
                plan(weekday_on_or_before(when()), "internal")
            if age < 55 and chance(0.006):
                plan(weekday_on_or_before(when()), "temporary")
            if age >= 68 and chance(0.035 if age >= 76 else 0.014):
                plan(weekday_on_or_before(when()), "exemption")
            if chance(0.0012 if age < 60 else 0.0004):
                plan(weekday_on_or_before(when()), "removal")
            if year < RATING_YEAR and chance(0.0025):
                plan(weekday_on_or_before(when()), "discipline")
        retirement = years_after(birth, 60 if male else 55)
        plan(weekday_on_or_before(add_months(retirement, rng.randint(1, 3))), "retire")
        if member.events[0].details.get("source_group") == "youth_conscript":
            plan(weekday_on_or_before(add_months(entry, rng.randint(9, 15))), "discharge")
        if member.events[0].details.get("source_group") == "militia":
            plan(weekday_on_or_before(add_months(entry, rng.randint(18, 34))), "militia_end")
        if member.events[0].details.get("source_group") == "student":
            plan(
                date(entry.year if entry.month < 8 else entry.year + 1, 8, rng.randint(10, 28)), "university"
            )
        plan(structure.DISSOLUTION_DAY, "dissolution")
        if start_cell.role == "kp" and start_cell.ward:
            apartment = self.apartments.get(start_cell.ward)
            if apartment and rng.random() < 0.045:
                plan(
                    apartment.established_on + timedelta(days=rng.randint(0, 40)),
                    "apartment",
                    cell=apartment.code,
                )

        while queue:
            day, _, kind, params = heapq.heappop(queue)
            state = self.states[member.key]
            if not state.on_books:
                break
            if day < (state.last_event_on or day):
                continue
            self._happen(member, life, day, kind, params, plan)

    def _happen(
        self,
        member: MemberPlan,
        life: _Life,
        day: date,
        kind: str,
        params: dict[str, Any],
        plan: Any,
    ) -> None:
        rng = self.rng
        state = self.states[member.key]
        cell = self.cell_of(state)
        birth: date = member.profile["birth_date"]
        if kind == "conversion":
            if state.status != "probationary":
                return
            if rng.random() < 0.012:
                event = EventPlan(
                    "removal",
                    day,
                    details={
                        "reason": "Không đủ điều kiện công nhận đảng viên chính thức khi hết thời kỳ dự bị"
                    },
                )
                self.apply(
                    member, self.decide(event, cell, "committee", add_working_days(day, rng.randint(5, 25)))
                )
                return
            late = rng.random() < 0.08
            decided = add_working_days(day, rng.randint(16, 30) if late else rng.randint(1, 12))
            self.apply(member, self.decide(EventPlan("official", day), cell, "committee", decided))
        elif kind == "death":
            self.apply(member, EventPlan("death", day, note="Từ trần"))
        elif kind in ("out", "university"):
            destination = rng.choice(rates.UNIVERSITIES if kind == "university" else names.ELSEWHERE)
            event = EventPlan(
                "transfer", day, details={"transfer_type": "official", "destination": destination}
            )
            self.apply(member, self.decide(event, cell, "letter"))
        elif kind == "internal":
            if life.restricted or state.temporary:
                return
            target = self._sibling(cell, day)
            if target is None:
                return
            event = EventPlan(
                "transfer", day, target.code, details={"transfer_type": "internal", "destination": ""}
            )
            self.apply(member, self.decide(event, cell, "committee"))
        elif kind == "temporary":
            if life.restricted or state.temporary or cell.role == "ward_agency":
                return
            months = rng.randint(3, 11)
            if rng.random() < 0.7:
                target_code = None
                destination = rng.choice(names.STUDY_PLACES if rng.random() < 0.6 else names.ELSEWHERE)
            else:
                target = self.any_quarter(day)
                if target.code == cell.code:
                    return
                target_code, destination = target.code, ""
            event = EventPlan(
                "transfer",
                day,
                target_code,
                details={"transfer_type": "temporary", "destination": destination},
            )
            if self.apply(member, self.decide(event, cell, "committee_letter")):
                plan(weekday_on_or_before(add_months(day, months)), "return")
        elif kind == "return":
            if not state.temporary:
                return
            self.apply(member, self.decide(EventPlan("return", day), cell, "committee_letter"))
        elif kind == "exemption":
            if cell.role not in RESIDENTIAL_ROLES or state.exempted:
                return
            event = EventPlan("exemption", day, details={"reason": "Tuổi cao, sức khỏe yếu"})
            if self.apply(member, self.decide(event, cell, "cell")) and rng.random() < 0.04:
                plan(weekday_on_or_before(add_months(day, rng.randint(10, 24))), "exemption_end")
        elif kind == "exemption_end":
            if state.exempted:
                self.apply(member, self.decide(EventPlan("exemption_end", day), cell, "cell"))
        elif kind == "removal":
            if state.exempted:
                return
            event = EventPlan("removal", day, details={"reason": rng.choice(rates.REMOVAL_REASONS)})
            self.apply(member, self.decide(event, cell, "committee"))
        elif kind == "discipline":
            form = weighted(rng, (("reprimand", 66), ("warning", 30), ("dismissal", 4)))
            if state.status != "official" and form == "dismissal":
                form = "reprimand"
            event = EventPlan(
                "discipline", day, details={"form": form, "reason": rng.choice(rates.DISCIPLINE_REASONS)}
            )
            self.apply(member, self.decide(event, cell, "cell" if form != "dismissal" else "committee"))
        elif kind in ("retire", "discharge", "militia_end"):
            if life.restricted or state.temporary or cell.role in RESIDENTIAL_ROLES:
                return
            stays = {"retire": 0.72, "discharge": 0.55, "militia_end": 1.0}[kind]
            if rng.random() < stays:
                home = self.quarter_in(cell.ward, day) if cell.ward else None
                target = home or self.any_quarter(day)
                same = self.grassroots_of(target).code == self.grassroots_of(cell).code
                transfer_type = "internal" if same else "official"
                event = EventPlan(
                    "transfer", day, target.code, details={"transfer_type": transfer_type, "destination": ""}
                )
                self.apply(member, self.decide(event, cell, "committee" if same else "letter"))
            else:
                destination = rng.choice(names.ELSEWHERE)
                event = EventPlan(
                    "transfer", day, details={"transfer_type": "official", "destination": destination}
                )
                self.apply(member, self.decide(event, cell, "letter"))
            if kind == "retire" and age_on(birth, day) >= 55:
                member.profile["occupation"] = "Hưu trí"
        elif kind == "dissolution":
            if cell.role != "ward_agency":
                return
            assert cell.ward is not None and not state.temporary
            quarters = [o for o in self.quarters[cell.ward] if o.active(day)]
            target = quarters[self._round_robin[cell.code] % len(quarters)]
            self._round_robin[cell.code] += 1
            event = EventPlan(
                "transfer",
                day,
                target.code,
                details={"transfer_type": "reorganization", "destination": ""},
                by_dissolution=True,
            )
            assert self.apply(member, event)
            self.receiving[cell.code][member.key] = target.code
            life.restricted = True
        elif kind == "apartment":
            if life.restricted or state.temporary or state.exempted or cell.role != "kp":
                return
            target = self.by_code[params["cell"]]
            if target.ward != cell.ward or not target.active(day):
                return
            event = EventPlan(
                "transfer",
                day,
                target.code,
                details={"transfer_type": "internal", "destination": ""},
                note="Chuyển về sinh hoạt tại chi bộ chung cư nơi cư trú",
            )
            self.apply(member, self.decide(event, cell, "committee"))

    def _sibling(self, cell: OrgPlan, day: date) -> OrgPlan | None:
        if cell.kind != "affiliated_cell" or cell.role not in ("kp", "unit_cell"):
            return None
        siblings = [
            o
            for o in self.cells
            if o.parent == cell.parent and o.role == cell.role and o.code != cell.code and o.active(day)
        ]
        return self.rng.choice(siblings) if siblings else None

    # --- the whole district -------------------------------------------------------------------

    def run(self) -> Plan:
        rng = self.rng
        for org in self.orgs:
            for _ in range(org.size):
                self.cohort_member(org)
        arrivals: list[tuple[date, int, str, str]] = []  # (day, order, kind, cell code)
        for org in self.orgs:
            if org.founders:
                for _ in range(org.founders):
                    arrivals.append((org.established_on, len(arrivals), "newcomer", org.code))
        for year, count in rates.ADMISSIONS.items():
            for _ in range(count):
                day = self._admission_day(year)
                arrivals.append((day, len(arrivals), "admission", self._admission_cell(day).code))
        for year, count in rates.TRANSFERS_IN.items():
            for _ in range(count):
                day = weekday_on_or_before(random_day(rng, date(year, 1, 6), date(year, 12, 28)))
                arrivals.append((day, len(arrivals), "newcomer", self._arrival_cell(day).code))
        cohort = len(self.members)
        for member in self.members[:cohort]:
            self.live(member)
        for day, _, kind, code in sorted(arrivals):
            org = self.by_code[code]
            member = self.admit(org, day) if kind == "admission" else self.newcomer(org, day)
            self.live(member)
        self._expel()
        self._discipline_rating_year()
        self._balance()
        self._sponsor()
        self._finish_profiles()
        self._decide_organizations()
        self.numbers.assign(rng)
        return Plan(self.orgs, self.members, dict(self.receiving))

    def _admission_day(self, year: int) -> date:
        rng = self.rng
        first_half = rng.random() < 0.64
        anchors = rates.ANNIVERSARIES_FIRST_HALF if first_half else rates.ANNIVERSARIES_SECOND_HALF
        if rng.random() < 0.6:
            month, day = rng.choice(anchors)
            result = date(year, month, day) - timedelta(days=rng.randint(1, 20))
        else:
            start, end = (
                (date(year, 1, 5), date(year, 6, 28))
                if first_half
                else (date(year, 7, 2), date(year, 12, 28))
            )
            result = random_day(rng, start, end)
        result = weekday_on_or_before(result)
        if not first_half and result < date(year, 7, 1):
            result = date(year, 7, 1) + timedelta(days=rng.randint(0, 20))
            result = weekday_on_or_before(result)
        return max(result, date(year, 1, 5))

    def _admission_cell(self, day: date) -> OrgPlan:
        """A cell active for a year at least (it needs official members to sponsor); the ward agency
        cells stop admitting a year before their dissolution; the new apartment cells do not admit."""
        year_ago = day - timedelta(days=365)
        closing = day >= date(2018, 6, 1)
        candidates = [
            (org, weight)
            for org, weight in self._admission_weights
            if org.established_on <= year_ago
            and (org.dissolved_on is None or day < org.dissolved_on)
            and not (closing and org.role == "ward_agency")
        ]
        return self.pick_cell(candidates)

    def _admission_weights_by_cell(self) -> list[tuple[OrgPlan, float]]:
        """How likely each cell is to admit: per member on the books, by the kind of cell."""
        weights = []
        for org in self.cells:
            if org.role == "apartment":
                continue
            if org.code.endswith("-QS-DD"):  # the infantry company admits young conscripts
                rate = rates.CONSCRIPT_ADMISSION_RATE
            elif org.role == "unit_cell":
                rate = rates.ADMISSION_RATE_BY_WORK[org.work]
            else:
                rate = rates.ADMISSION_RATE_BY_ROLE[org.role]
            weights.append((org, (org.size or 6) * rate))
        return weights

    def _arrival_cell(self, day: date) -> OrgPlan:
        candidates = []
        for org in self.cells:
            if not org.active(day) or org.role == "ward_agency":
                continue
            if org.role == "apartment":
                weight = 400.0
            elif org.role == "kp":
                weight = org.size * 1.25
            elif org.founders and not org.size:
                weight = 4.0
            else:
                weight = org.size * 0.9
            candidates.append((org, weight))
        return self.pick_cell(candidates)

    # --- finishing touches ------------------------------------------------------------------

    def _expel(self) -> None:
        """Two expulsions (khai trừ), decided by the district's inspection committee."""
        for day in (date(2016, 8, 17), date(2018, 10, 24)):
            candidates = [
                m
                for m in self.members
                if self.states[m.key].status == "official"
                and not self.states[m.key].exempted
                and m.entry < day - timedelta(days=700)
                and m.events[-1].effective_on < day
                and age_on(m.profile["birth_date"], day) < 60
            ]
            member = self.rng.choice(candidates)
            cell = self.cell_of(self.states[member.key])
            event = EventPlan(
                "discipline",
                day,
                details={
                    "form": "expulsion",
                    "reason": "Vi phạm pháp luật, bị Tòa án nhân dân tuyên phạt tù",
                },
            )
            assert self.apply(member, self.decide(event, cell, "inspection"))

    def rated(self, member: MemberPlan) -> bool:
        state = self.states[member.key]
        return (
            state.on_books
            and not state.exempted
            and state.admitted_on is not None
            and state.admitted_on <= RATING_CUTOFF
        )

    def _discipline_rating_year(self) -> None:
        """Exactly 21 members disciplined in 2019 (khiển trách, cảnh cáo): the article's 21 members
        rated "không hoàn thành nhiệm vụ"."""
        candidates = [
            m for m in self.members if self.rated(m) and m.events[-1].effective_on < date(RATING_YEAR, 11, 1)
        ]
        chosen = self.rng.sample(candidates, DISCIPLINED_IN_RATING_YEAR)
        for index, member in enumerate(sorted(chosen, key=lambda m: m.key)):
            start = max(member.events[-1].effective_on + timedelta(days=1), date(RATING_YEAR, 2, 1))
            day = weekday_on_or_before(random_day(self.rng, start, date(RATING_YEAR, 12, 20)))
            day = max(day, member.events[-1].effective_on)
            form = "warning" if index % 3 == 0 else "reprimand"
            cell = self.cell_of(self.states[member.key])
            event = EventPlan(
                "discipline", day, details={"form": form, "reason": self.rng.choice(rates.DISCIPLINE_REASONS)}
            )
            assert self.apply(member, self.decide(event, cell, "cell"))

    def _balance(self) -> None:
        """Bring the rating population to exactly TARGET_RATED with members on the books since
        before 2014 who have no later events (adding some, or leaving some out)."""
        difference = TARGET_RATED - sum(1 for m in self.members if self.rated(m))
        quarters = [o for o in self.cells if o.role == "kp"]
        while difference > 0:
            org = self.pick_cell([(o, float(o.size)) for o in quarters])
            member = self.cohort_member(org, plain=True)
            assert self.rated(member)
            difference -= 1
        if difference < 0:
            plain = [
                m
                for m in self.members
                if len(m.events) == 1
                and m.events[0].kind == "transfer_in"
                and self.rated(m)
                and m.entry < HISTORY_START
            ]
            dropped = {m.key for m in self.rng.sample(plain, -difference)}
            kept = [m for m in self.members if m.key not in dropped]
            renumber = {m.key: index for index, m in enumerate(kept)}
            self.states = {renumber[m.key]: self.states[m.key] for m in kept}
            self.receiving = defaultdict(
                dict,
                {code: {renumber[k]: v for k, v in moves.items()} for code, moves in self.receiving.items()},
            )
            for member in kept:
                member.key = renumber[member.key]
            self.members = kept

    def _sponsor(self) -> None:
        """Two sponsors for each admission: official members of the same cell on that day, not
        exempted, written in an earlier batch (so that their ids exist)."""
        rosters: dict[int, list[tuple[date, date, int, int]]] = defaultdict(list)
        for member in self.members:
            entry = member.entry
            member.batch = entry.year - HISTORY_START.year + 1 if entry >= HISTORY_START else 0
            _, periods = lifecycle.replay(
                lifecycle.EventFact(
                    e.kind, e.effective_on, self.ids[e.to_code] if e.to_code else None, e.details
                )
                for e in member.events
            )
            for period in periods:
                if period.status == "official" and not period.exempted:
                    end = period.valid_to or date(9999, 12, 31)
                    rosters[period.organization_id].append((period.valid_from, end, member.key, member.batch))
        for member in self.members:
            event = member.events[0]
            if event.kind != "admission":
                continue
            assert event.to_code is not None
            day = event.effective_on
            roster = rosters[self.ids[event.to_code]]
            present = [
                key for start, end, key, batch in roster if start <= day < end and batch < member.batch
            ]
            seasoned = [
                key
                for start, end, key, batch in roster
                if start <= day - timedelta(days=365) and day < end and batch < member.batch
            ]
            pool = seasoned if len(seasoned) >= 2 else present
            if len(pool) < 2:
                raise RuntimeError(
                    f"Không đủ người giới thiệu cho {member.profile['full_name']} tại {event.to_code}"
                )
            event.sponsors = tuple(self.rng.sample(sorted(pool), 2))

    def _finish_profiles(self) -> None:
        """Party card (once official), file number, residence and the army/police/retired mark."""
        rng = self.rng
        cards: set[str] = set()
        wards = [o for o in self.orgs if o.role == "ward"]
        for member in sorted(self.members, key=lambda m: (m.entry, m.key)):
            state = self.states[member.key]
            profile = member.profile
            cell = self.cell_of(state)
            if state.official_on is not None:
                while True:
                    card = f"79{rng.randint(0, 999_999):06d}"
                    if card not in cards:
                        cards.add(card)
                        break
                profile["party_card_number"] = card
            else:
                profile["party_card_number"] = None
            profile["file_number"] = f"79.09.{member.key + 1:05d}"
            admitted = state.admitted_on
            if admitted is not None and admitted.year <= YEAR_END.year - 30 and rng.random() < 0.8:
                profile["badge_number"] = f"{rng.randint(100_000, 999_999)}"
            if cell.role in RESIDENTIAL_ROLES and cell.ward:
                ward = self.by_code[cell.ward].name.replace("Đảng bộ ", "")
                place = cell.name.replace("Chi bộ ", "")
                profile["residence"] = f"{place}, {ward}, Quận 9, Thành phố Hồ Chí Minh"
            else:  # the ward's own staff, teachers, militia and police mostly live in the ward
                home = self.by_code[cell.ward] if cell.ward and rng.random() < 0.8 else rng.choice(wards)
                ward = home.name.replace("Đảng bộ ", "")
                profile["residence"] = f"{ward}, Quận 9, Thành phố Hồ Chí Minh"
            age = age_on(profile["birth_date"], YEAR_END)
            force = ""
            if cell.work == "army":
                force = "army"
            elif cell.work == "police":
                force = "police"
            elif cell.role in RESIDENTIAL_ROLES and age >= (60 if profile["sex"] == MALE else 55):
                force = "retired" if rng.random() < 0.75 else ""
                if force:
                    profile["occupation"] = "Hưu trí"
            profile["force"] = force

    def _decide_organizations(self) -> None:
        for org in self.orgs:
            if org.role == "district":
                key, pattern = "TU", "{n}-QĐ/TU"
            elif org.parent == structure.ROOT_CODE:
                key, pattern = "QU", "{n}-QĐ/QU"
            else:
                assert org.parent is not None
                key, pattern = f"ĐU:{org.parent}", "{n}-QĐ/ĐU"
            self.numbers.ask(key, org.decision_date, pattern, org)
            if org.dissolution_date:
                self.numbers.ask("QU", org.dissolution_date, "{n}-QĐ/QU", org, "dissolution_number")


def build_plan(seed: int = SEED) -> Plan:
    """The demo, simulated in memory: the same plan for the same seed, whatever the process."""
    return _Simulation(seed).run()


def plan_figures(plan: Plan) -> Figures:
    ids = {org.code: index + 1 for index, org in enumerate(plan.organizations)}
    on_books = rated = exempted = late = 0
    for member in plan.members:
        state, _ = lifecycle.replay(
            lifecycle.EventFact(e.kind, e.effective_on, ids[e.to_code] if e.to_code else None, e.details)
            for e in member.events
        )
        if not state.on_books:
            continue
        on_books += 1
        if state.exempted:
            exempted += 1
        elif state.admitted_on and state.admitted_on > RATING_CUTOFF:
            late += 1
        else:
            rated += 1
    return Figures(on_books=on_books, rated=rated, exempted=exempted, admitted_late=late)
