"""The demo's party badges (Huy hiệu Đảng), for the occasion 07/11/2019 (hooked into load_demo by one call).

The seed article names no badge figures, so the demo reproduces the board's work around the occasion:
- every member of Quận 9 on the books on 07/11/2019 (and those who died in the year before it) has
  been awarded, on the occasion that followed, the highest level their party age had reached by
  02/09/2019, the occasion before (decisions of the city's standing committee, one per occasion);
- a member of Khu phố 2, Trường Thạnh, readmitted after three years out of the party, whose 30 years
  are therefore not reached on 07/11/2019;
- Đảng bộ phường Trường Thạnh sent its list for 07/11/2019 up on 20/09/2019 and the decision came on
  25/10/2019 (badge numbers in the members' records); the other wards' lists are still to be sent.
So the due list of Quận 9 on 07/11/2019 holds the members whose party age reached a new level between
the two occasions, Trường Thạnh's already decided.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from dangbo.accounts.scope import system_actor
from dangbo.badges import rules, selectors, services
from dangbo.badges.bulk import PlannedAward, bulk_create_awards
from dangbo.demo.structure import CITY_COMMITTEE
from dangbo.members.models import Member, MemberPeriod, Status
from dangbo.organizations.models import Organization

OCCASION = date(2019, 11, 7)
PREVIOUS = date(2019, 9, 2)
WARD = "Q9-TT"
READMITTED_CELL = "Q9-TT-KP2"
PROPOSAL_NUMBER = "85-TTr/ĐU"


def _actor():
    return system_actor("nạp dữ liệu mẫu: Huy hiệu Đảng")


def load_badges_demo(root: Organization) -> None:
    actor = _actor()
    _readmitted_member()
    on_books = list(
        MemberPeriod.objects.filter(
            valid_from__lte=OCCASION,
            valid_to__gt=OCCASION,
            organization__path__under=root.path,
            member__admitted_on__lte=rules.add_years(PREVIOUS, -30),
        ).values_list("member_id", flat=True)
    )
    window = rules.add_months(OCCASION, -12)
    deceased = list(
        Member.objects.filter(
            status=Status.DECEASED,
            ended_on__gt=window,
            ended_on__lte=OCCASION,
            organization__path__under=root.path,
        ).values_list("pk", flat=True)
    )
    config = selectors.badge_settings()
    members = Member.objects.filter(pk__in=on_books + deceased).only(
        "pk", "admitted_on", "status", "ended_on"
    )
    breaks = defaultdict(list)
    for stretch in selectors.PartyAgeBreak.objects.filter(member_id__in=on_books):
        breaks[stretch.member_id].append(rules.Break(stretch.left_on, stretch.returned_on))
    numbers: dict[date, int] = {}
    planned: list[PlannedAward] = []
    for member in members.order_by("pk"):
        last = PREVIOUS
        if member.status == Status.DECEASED and member.ended_on is not None:
            last = min(PREVIOUS, member.ended_on)
        awarded = [
            (
                level,
                rules.next_occasion(
                    rules.level_reached_on(member.admitted_on, level, breaks[member.pk], config)
                ),
            )
            for level in config.levels
        ]
        reached = [(level, occasion) for level, occasion in awarded if occasion <= last]
        if not reached:
            continue
        level, occasion = reached[-1]  # the highest level whose occasion came by `last`
        numbers[occasion] = numbers.get(occasion, 0) + 1
        planned.append(
            PlannedAward(
                member_id=member.pk,
                years=level,
                occasion=occasion,
                decision_number=f"{occasion.year % 100:02d}{occasion.month:02d}-QĐ/TU",
                decision_date=date(occasion.year, occasion.month, 1),
                issued_by=CITY_COMMITTEE,
                badge_number=f"{level}{occasion:%y%m}{numbers[occasion]:04d}",
            )
        )
    bulk_create_awards(planned)  # the decisions of past occasions, transcribed as an import would
    _trường_thạnh(actor)


def _readmitted_member() -> None:
    """A member of Khu phố 2 admitted on 12/10/1989, out of the party 1995–1998, readmitted."""
    cell = Organization.objects.get(code=READMITTED_CELL)
    member = (
        Member.objects.filter(organization=cell, status=Status.OFFICIAL, admitted_on__year__lte=1990)
        .order_by("pk")
        .first()
    )
    if member is None:
        return
    services.party_age_break_record(
        actor=_actor(),
        member=member,
        left_on=rules.add_years(member.admitted_on, 6),
        returned_on=rules.add_years(member.admitted_on, 9),
        decision_number="12-QĐ/QU",
        note="Kết nạp lại (dữ liệu mẫu): thời gian ra khỏi Đảng không tính tuổi đảng.",
    )


def _trường_thạnh(actor) -> None:
    ward = Organization.objects.get(code=WARD)
    due = selectors.due_list(actor, ward, OCCASION)
    if not due.members:
        return
    proposal = services.badge_proposal_send(
        actor=actor,
        organization=ward,
        occasion=OCCASION,
        number=PROPOSAL_NUMBER,
        sent_on=date(2019, 9, 20),
        member_ids=[row.member_id for row in due.members],
        note="Đề nghị tặng Huy hiệu Đảng đợt 07/11/2019.",
    )
    for number, row in enumerate(due.members, 1):
        services.badge_award_record(
            actor=actor,
            member=Member.objects.select_related("organization").get(pk=row.member_id),
            years=row.years,
            occasion=OCCASION,
            decision_number="1120-QĐ/TU",
            decision_date=date(2019, 10, 25),
            issued_by=CITY_COMMITTEE,
            badge_number=f"{row.years}1911{9000 + number:04d}",
            proposal=proposal,
        )
