"""Bulk transcription of badges already awarded (the decisions of past occasions), for the demo and
imports, as dangbo.members.bulk is for member records: the same pure rules as badge_award_record
check every row (the level is one of the settings' levels and reached by its occasion), then the
awards and the members' badge numbers are written in a few statements. The caller owns the
transaction and the audit of the whole transcription (an import run, the demo's system actor)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dangbo.badges import rules
from dangbo.badges.models import BadgeAward
from dangbo.badges.selectors import badge_settings, party_age_breaks
from dangbo.core.exceptions import RuleViolation
from dangbo.members.models import Member


@dataclass(frozen=True)
class PlannedAward:
    member_id: int
    years: int
    occasion: date
    decision_number: str
    decision_date: date
    issued_by: str = ""
    badge_number: str = ""


def bulk_create_awards(planned: Sequence[PlannedAward], *, batch_size: int = 2000) -> list[BadgeAward]:
    config = badge_settings()
    ids = [p.member_id for p in planned]
    admitted = dict(Member.objects.filter(pk__in=ids).values_list("pk", "admitted_on"))
    breaks = party_age_breaks(ids)
    for award in planned:
        if award.years not in config.levels or rules.occasion_problems(award.occasion, config):
            raise RuleViolation(f"Mức {award.years} năm hoặc dịp {award.occasion:%d/%m/%Y} không hợp lệ.")
        years = rules.party_years(
            admitted[award.member_id], award.occasion, breaks.get(award.member_id, ()), config
        )
        if years < award.years:
            raise RuleViolation(
                f"Đảng viên #{award.member_id} mới có {years} năm tuổi đảng vào dịp {award.occasion:%d/%m/%Y}."
            )
    created = BadgeAward.objects.bulk_create(
        [
            BadgeAward(
                member_id=p.member_id,
                years=p.years,
                occasion=p.occasion,
                decision_number=p.decision_number,
                decision_date=p.decision_date,
                issued_by=p.issued_by,
                badge_number=p.badge_number,
            )
            for p in planned
        ],
        batch_size=batch_size,
    )
    numbered = {p.member_id: p.badge_number for p in sorted(planned, key=lambda p: p.years) if p.badge_number}
    members = list(Member.objects.filter(pk__in=list(numbered)).only("pk", "badge_number", "version"))
    for member in members:
        member.badge_number = numbered[member.pk]
        member.version += 1  # a changed record is a new version (an import's marks compare it)
    Member.objects.bulk_update(members, ["badge_number", "version"], batch_size=batch_size)
    return created
