"""The demo's party dues (hooked into dangbo.demo.generator.load_demo by one call): the dues of 2026
for the cells of one ward (Trường Thạnh, the demo secretary's), from January to the current month.

Each member gets a basis (retired members a pension, the young a student's flat rate, the others a
salary or the flat rate of "other"), deterministic from their place in the cell's list; most pay every
month, in cash or online; in each cell one member pays nothing in three months of the year (a ground
for removal, Điều lệ Đảng, Điều 8), one has a reason recorded for a month, and the current month is
still being collected. January follows QĐ 342, the later months QĐ 01 (the settings' switch month).
"""

from __future__ import annotations

from datetime import date

from dangbo.accounts.scope import system_actor
from dangbo.core.dates import today
from dangbo.dues import rules, selectors, services
from dangbo.members.models import Member
from dangbo.organizations.models import CELL_KINDS, Organization

YEAR = 2026
WARD = "Q9-TT"
UNPAID_MONTHS = (2, 5, 8)  # the member who pays nothing these months (where they have come)
SALARIES = (5_310_000, 6_240_000, 7_020_000, 8_450_000, 9_880_000, 11_500_000, 4_960_000)
PENSIONS = (4_200_000, 5_650_000, 6_900_000, 8_100_000)


def _basis(index: int, member: Member) -> tuple[str, int]:
    age = YEAR - member.birth_date.year
    if age >= 62:
        return rules.PENSION, PENSIONS[index % len(PENSIONS)]
    if age <= 22:
        return rules.STUDENT, 0
    if index % 5 == 4:
        return rules.OTHER, 0
    return rules.SALARIED, SALARIES[index % len(SALARIES)]


def load_dues_demo(now: date | None = None) -> int:
    """Write the ward's dues of 2026; the number of payments written."""
    actor = system_actor("nạp dữ liệu mẫu: đảng phí 2026")
    ward = Organization.objects.filter(code=WARD).first()
    day = now or today()
    months = selectors.months_due(YEAR, day)
    if ward is None or not months:
        return 0
    cells = Organization.objects.filter(
        path__startswith=ward.path, kind__in=CELL_KINDS, ended_on__isnull=True
    ).order_by("code")
    written = 0
    for cell in cells:
        first = selectors.entries([cell.pk], YEAR, [months[0]])
        members = sorted(
            Member.objects.filter(pk__in=[e.member_id for e in first]), key=lambda m: (m.sort_key, m.pk)
        )
        for index, member in enumerate(members):
            category, income = _basis(index, member)
            services.dues_basis_set(
                actor=actor,
                member=member,
                category=category,
                income=income or None,
                year=YEAR - 1,
                month=12,
                note="Khai khi lập sổ thu năm 2026",
            )
        defaulter = members[len(members) // 2].pk if len(members) > 2 else None
        excused = members[1].pk if len(members) > 3 else None
        for month in months:
            listed = selectors.entries([cell.pk], YEAR, [month])
            current = month == months[-1] and day.year == YEAR
            lines = []
            for position, entry in enumerate(sorted(listed, key=lambda e: e.member_id)):
                if entry.member_id == defaulter and month in UNPAID_MONTHS:
                    continue
                if entry.member_id == excused and month == 3:
                    services.dues_excuse_record(
                        actor=actor,
                        cell=cell,
                        member=Member.objects.get(pk=entry.member_id),
                        year=YEAR,
                        month=month,
                        reason="Điều trị dài ngày tại bệnh viện",
                    )
                    continue
                if current and position % 3 == 0:
                    continue  # the current month: still being collected
                paid_on = min(date(YEAR, month, 5 + position % 20), day)
                lines.append(
                    services.PaymentLine(
                        member_id=entry.member_id,
                        amount=entry.due.amount,
                        method="online" if position % 4 == 1 else "cash",
                        paid_on=paid_on,
                    )
                )
            if lines:
                written += len(
                    services.dues_month_record(actor=actor, cell=cell, year=YEAR, month=month, payments=lines)
                )
    return written
