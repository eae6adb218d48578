"""Rules of targets (chỉ tiêu) and cell meetings (sinh hoạt chi bộ): pure Python, no Django imports."""

from dangbo.targets.rules.kinds import (
    ADMISSIONS,
    DEFAULT_KINDS,
    ESTABLISHMENTS,
    KindError,
    TargetKind,
    achievement_percent,
    build_kinds,
    check_target_value,
)
from dangbo.targets.rules.meetings import (
    ABSENCE_MONTHS,
    ABSENCE_SOURCE,
    Absentee,
    Life,
    absentees,
    meeting_day_violations,
    months_of_life,
    months_without_meeting,
)

__all__ = [
    "ABSENCE_MONTHS",
    "ABSENCE_SOURCE",
    "ADMISSIONS",
    "DEFAULT_KINDS",
    "ESTABLISHMENTS",
    "Absentee",
    "KindError",
    "Life",
    "TargetKind",
    "absentees",
    "achievement_percent",
    "build_kinds",
    "check_target_value",
    "meeting_day_violations",
    "months_of_life",
    "months_without_meeting",
]
