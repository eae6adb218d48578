"""The demo's admission pipeline (hooked into dangbo.demo.generator.load_demo by one call).

Candidates at every stage in three khu phố cells (the demo secretary's Khu phố 1 of Trường Thạnh, its
neighbour Khu phố 2, and a Khu phố 1 of another ward), dated back from the day the demo is loaded so
that the pipeline is current: one at each stage from the course to the decision, one admitted (the
member record and the admission event created by candidate_admit), one stuck in a stage past its days,
one whose dossier is incomplete a fortnight before the planned resolution, one no longer considered.
Everything goes through the services, as the system actor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dangbo.accounts.scope import system_actor
from dangbo.admissions import rules, selectors, services
from dangbo.admissions.models import Candidate
from dangbo.core.dates import today
from dangbo.members.models import SourceGroup
from dangbo.organizations.models import Organization

SECRETARY_CELL = "Q9-TT-KP1"
NEIGHBOUR_CELL = "Q9-TT-KP2"


@dataclass(frozen=True)
class Planned:
    cell: int  # index into the three cells
    name: str
    sex: str
    born: date
    occupation: str
    source: str
    steps: int  # how many steps of rules.STEPS are done (10: admitted)
    listed_days_ago: int
    stuck: bool = False  # the last step long ago
    planned_in_days: int | None = None  # the cell's planned resolution, from today
    closed: str = ""


PLANNED = (
    Planned(
        0, "Nguyễn Thị Thu Hà", "female", date(1998, 4, 12), "Giáo viên mầm non", SourceGroup.OTHER, 0, 20
    ),
    Planned(0, "Trần Minh Khoa", "male", date(2001, 9, 3), "Sinh viên", SourceGroup.STUDENT, 1, 60),
    Planned(0, "Lê Hoàng Phúc", "male", date(1995, 1, 22), "Công nhân", SourceGroup.WORKER, 2, 90),
    Planned(
        0,
        "Phạm Ngọc Lan",
        "female",
        date(1993, 6, 30),
        "Kế toán",
        SourceGroup.OTHER,
        3,
        120,
        planned_in_days=14,
    ),
    Planned(
        0, "Võ Thành Đạt", "male", date(1997, 11, 8), "Dân quân thường trực", SourceGroup.MILITIA, 4, 150
    ),
    Planned(
        1, "Đặng Thị Mỹ Linh", "female", date(1996, 2, 14), "Nhân viên văn phòng", SourceGroup.OTHER, 5, 170
    ),
    Planned(
        1,
        "Huỳnh Văn Tâm",
        "male",
        date(1990, 7, 19),
        "Tổ trưởng tổ dân phố",
        SourceGroup.OTHER,
        6,
        400,
        stuck=True,
    ),
    Planned(1, "Bùi Quốc Bảo", "male", date(1994, 3, 5), "Kỹ sư", SourceGroup.WORKER, 7, 200),
    Planned(2, "Ngô Thị Kim Yến", "female", date(1992, 12, 1), "Y sĩ", SourceGroup.OTHER, 8, 230),
    Planned(
        2,
        "Đỗ Văn Hùng",
        "male",
        date(1999, 5, 27),
        "Thanh niên tình nguyện",
        SourceGroup.YOUTH_CONSCRIPT,
        9,
        260,
    ),
    Planned(0, "Trương Thị Ánh", "female", date(1991, 8, 16), "Buôn bán nhỏ", SourceGroup.OTHER, 10, 300),
    Planned(
        2,
        "Lý Văn Sang",
        "male",
        date(1989, 10, 10),
        "Tài xế",
        SourceGroup.OTHER,
        2,
        200,
        closed="Chuyển nơi cư trú về tỉnh Long An.",
    ),
)
REFERENCES = {
    rules.COURSE: "Trung tâm Chính trị Quận 9",
    rules.VERIFICATION: "Chi ủy nơi cư trú, đạt",
    rules.MASS_COMMENT: "Ban Chấp hành Đoàn phường",
    rules.RESIDENCE_COMMENT: "Chi ủy khu phố",
    rules.RESOLUTION: "NQ-CB",
    rules.PROPOSAL: "TTr/ĐU",
}


def _cccd(plan: Planned, number: int) -> str:
    """A CCCD as the demo's members have them: Hồ Chí Minh City's code 079, the century and sex digit,
    the year of birth, then six digits (here 99xxxx, a run the demo's random members seldom meet)."""
    digit = (0 if plan.born.year < 2000 else 2) + (1 if plan.sex == "female" else 0)
    return f"079{digit}{plan.born.year % 100:02d}99{number:04d}"


def _cells() -> list[Organization]:
    first = Organization.objects.get(code=SECRETARY_CELL)
    second = Organization.objects.get(code=NEIGHBOUR_CELL)
    third = (
        Organization.objects.filter(code__endswith="-KP1", ended_on__isnull=True, kind="affiliated_cell")
        .exclude(code=SECRETARY_CELL)
        .order_by("code")
        .first()
    )
    return [first, second, third or second]


def load_admissions_demo(day: date | None = None) -> list[Candidate]:
    actor = system_actor("nạp dữ liệu mẫu: phát triển đảng viên")
    now = day or today()
    cells = _cells()
    made = []
    for number, plan in enumerate(PLANNED, start=1):
        cell = cells[plan.cell]
        listed = now - timedelta(days=plan.listed_days_ago)
        candidate = services.candidate_add(
            actor=actor,
            cell=cell,
            profile={
                "full_name": plan.name,
                "sex": plan.sex,
                "birth_date": plan.born,
                "occupation": plan.occupation,
                "residence": f"Khu phố, {cell.name}",
                "cccd": _cccd(plan, number),
            },
            listed_on=listed,
            source_group=plan.source,
            resolution_planned_on=now + timedelta(days=plan.planned_in_days)
            if plan.planned_in_days
            else None,
        )
        # the steps spread from the listing day; a stuck candidate did its last one a year ago
        span = max(plan.listed_days_ago - 10, 1) if not plan.stuck else 30
        for index, kind in enumerate(rules.STEPS[: plan.steps]):
            done_on = listed + timedelta(days=span * (index + 1) // max(plan.steps, 1))
            if kind == rules.DECISION:
                services.candidate_admit(
                    actor=actor,
                    candidate=candidate,
                    decision_number=f"{100 + number}-QĐ/ĐU",
                    decision_date=done_on,
                    effective_on=done_on,
                    issued_by=f"Đảng ủy {selectors.grassroots_organization(cell).name}",
                    ceremony_on=min(done_on + timedelta(days=7), now),
                )
                continue
            sponsors = []
            if kind == rules.SPONSORS:
                officials = selectors.official_members(cell, done_on)[:2]
                sponsors = [services.SponsorChoice(m, 24 + 6 * i) for i, m in enumerate(officials)]
            in_favour = None
            if kind == rules.RESOLUTION:
                in_favour = len(selectors.official_members(cell, done_on))
            reference = REFERENCES.get(kind, "")
            if kind in (rules.RESOLUTION, rules.PROPOSAL):
                reference = f"{number:02d}-{reference}"
            services.candidate_step_record(
                actor=actor,
                candidate=candidate,
                kind=kind,
                done_on=done_on,
                reference=reference,
                sponsors=sponsors,
                in_favour=in_favour,
            )
        if plan.closed:
            services.candidate_close(
                actor=actor, candidate=candidate, closed_on=now - timedelta(days=5), reason=plan.closed
            )
        made.append(candidate)
    return made
