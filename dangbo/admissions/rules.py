"""The admission pipeline's rules (phát triển đảng viên): pure Python, no Django imports.

Sources (docs/domain.md §3 and §6):
- Điều lệ Đảng, Điều 4: the applicant attends the course on the Party ("lớp bồi dưỡng nhận thức về
  Đảng", certificate), applies in writing, writes a biography; two official members who have worked
  with them for at least a year sponsor them; the cell considers and proposes the admission when at
  least two thirds of its official members agree; the grassroots committee proposes,
  the competent level decides (dangbo/members/authority.py).
- Quy định thi hành Điều lệ Đảng (Quy định 24-QĐ/TW, 2021), on Điều 4: the biography is verified (thẩm tra
  lý lịch); the mass organization where the applicant works and the cell or committee of the residence
  comment on them in writing.

What the sources leave UNCONFIRMED is a setting (AdmissionSettings, config/settings.py
DANGBO_ADMISSION_RULES), shown as such on the pages: the days after which a candidate counts as stuck
in a stage, and how many days before a planned resolution an incomplete dossier is flagged.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

CHARTER_4 = "Điều lệ Đảng, Điều 4"
QD24 = "Quy định thi hành Điều lệ Đảng (Quy định 24-QĐ/TW), về Điều 4"

# The steps of the dossier and of the decision, in their order (the stage is the first not done).
COURSE = "course"
APPLICATION = "application"
BIOGRAPHY = "biography"
VERIFICATION = "verification"
MASS_COMMENT = "mass_comment"
RESIDENCE_COMMENT = "residence_comment"
SPONSORS = "sponsors"
RESOLUTION = "resolution"
PROPOSAL = "proposal"
DECISION = "decision"
ADMITTED = "admitted"  # not a step: the stage after the decision

STEPS: tuple[str, ...] = (
    COURSE,
    APPLICATION,
    BIOGRAPHY,
    VERIFICATION,
    MASS_COMMENT,
    RESIDENCE_COMMENT,
    SPONSORS,
    RESOLUTION,
    PROPOSAL,
    DECISION,
)
STAGES: tuple[str, ...] = (*STEPS, ADMITTED)

# The papers the cell gathers before it may resolve (hồ sơ người vào Đảng).
DOSSIER: tuple[str, ...] = (
    COURSE,
    APPLICATION,
    BIOGRAPHY,
    VERIFICATION,
    MASS_COMMENT,
    RESIDENCE_COMMENT,
    SPONSORS,
)


@dataclass(frozen=True)
class Step:
    key: str
    label: str  # the paper or the act, in Vietnamese
    stage_label: str  # "waiting for ..." as a stage
    source: str
    requires: tuple[str, ...]


STEP_INFO: dict[str, Step] = {
    s.key: s
    for s in (
        Step(
            COURSE,
            "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng",
            "Chờ học lớp bồi dưỡng nhận thức về Đảng",
            CHARTER_4,
            (),
        ),
        Step(APPLICATION, "Đơn xin vào Đảng", "Chờ đơn xin vào Đảng", CHARTER_4, (COURSE,)),
        Step(BIOGRAPHY, "Lý lịch người xin vào Đảng", "Chờ lý lịch", CHARTER_4, (APPLICATION,)),
        Step(
            VERIFICATION,
            "Thẩm tra, kết luận lý lịch",
            "Chờ thẩm tra lý lịch",
            QD24,
            (BIOGRAPHY,),
        ),
        Step(
            MASS_COMMENT,
            "Nhận xét của đoàn thể chính trị - xã hội nơi công tác",
            "Chờ nhận xét của đoàn thể",
            QD24,
            (APPLICATION,),
        ),
        Step(
            RESIDENCE_COMMENT,
            "Nhận xét của chi ủy (chi bộ) nơi cư trú",
            "Chờ nhận xét nơi cư trú",
            QD24,
            (APPLICATION,),
        ),
        Step(
            SPONSORS,
            "Giấy giới thiệu của hai đảng viên chính thức",
            "Chờ người giới thiệu",
            CHARTER_4,
            (APPLICATION,),
        ),
        Step(
            RESOLUTION,
            "Nghị quyết của chi bộ đề nghị kết nạp",
            "Chờ chi bộ xét",
            CHARTER_4,
            DOSSIER,
        ),
        Step(
            PROPOSAL,
            "Nghị quyết (tờ trình) của đảng ủy cơ sở đề nghị kết nạp",
            "Chờ đảng ủy cơ sở đề nghị",
            CHARTER_4,
            (RESOLUTION,),
        ),
        Step(
            DECISION,
            "Quyết định kết nạp của cấp có thẩm quyền",
            "Chờ quyết định kết nạp",
            CHARTER_4,
            (PROPOSAL,),
        ),
    )
}
ADMITTED_LABEL = "Đã kết nạp"
STAGE_LABELS: dict[str, str] = {**{k: s.stage_label for k, s in STEP_INFO.items()}, ADMITTED: ADMITTED_LABEL}

# Điều lệ Đảng, Điều 4: "cùng công tác với người xin vào Đảng ít nhất một năm".
SPONSOR_MONTHS_TOGETHER = 12
SPONSORS_NEEDED = 2


def _default_stuck_days() -> dict[str, int]:
    return {
        COURSE: 180,
        APPLICATION: 90,
        BIOGRAPHY: 60,
        VERIFICATION: 90,
        MASS_COMMENT: 60,
        RESIDENCE_COMMENT: 60,
        SPONSORS: 60,
        RESOLUTION: 60,
        PROPOSAL: 30,
        DECISION: 60,
    }


@dataclass(frozen=True)
class AdmissionSettings:
    # UNCONFIRMED: the sources set no time per stage; days after which a board would ask why a
    # candidate has not moved (counted from the last step done, or from the day they were listed).
    stuck_days: dict[str, int] = field(default_factory=_default_stuck_days)
    # UNCONFIRMED: how many days ahead of a planned cell resolution an incomplete dossier is flagged.
    incomplete_warning_days: int = 30


DEFAULT = AdmissionSettings()


def build_settings(overrides: Mapping[str, object]) -> AdmissionSettings:
    """The settings from config/settings.py DANGBO_ADMISSION_RULES: unknown keys and bad values are
    refused loudly (a typo in the settings must not silently fall back to the default)."""
    stuck = dict(_default_stuck_days())
    warning = DEFAULT.incomplete_warning_days
    for key, value in overrides.items():
        if key == "stuck_days":
            if not isinstance(value, Mapping):
                raise ValueError("DANGBO_ADMISSION_RULES['stuck_days'] must be a dict of step → days")
            for step, days in value.items():
                if step not in STEPS or not isinstance(days, int) or isinstance(days, bool) or days < 1:
                    raise ValueError(
                        f"DANGBO_ADMISSION_RULES['stuck_days'][{step!r}] = {days!r} is not valid"
                    )
                stuck[step] = days
        elif key == "incomplete_warning_days":
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(
                    f"DANGBO_ADMISSION_RULES['incomplete_warning_days'] = {value!r} is not valid"
                )
            warning = value
        else:
            raise ValueError(f"DANGBO_ADMISSION_RULES has no key {key!r}")
    return AdmissionSettings(stuck_days=stuck, incomplete_warning_days=warning)


# --- stage and order --------------------------------------------------------------------------------


def stage(done: Collection[str]) -> str:
    """The candidate's stage: the first step in order not done (ADMITTED when the decision is)."""
    if DECISION in done:
        return ADMITTED
    for step in STEPS:
        if step not in done:
            return step
    return ADMITTED  # pragma: no cover - DECISION is in STEPS


def missing(done: Collection[str]) -> list[str]:
    """The papers of the dossier not yet gathered, in order (the checklist's "what is missing")."""
    return [step for step in DOSSIER if step not in done]


def dossier_complete(done: Collection[str]) -> bool:
    return not missing(done)


def step_violations(step: str, done: Collection[str]) -> list[str]:
    """Why `step` may not be recorded now (empty: it may). A step is recorded once; each needs the
    steps it rests on (the resolution needs the whole dossier)."""
    if step not in STEP_INFO:
        return [f"Bước “{step}” không có trong quy trình kết nạp đảng viên."]
    info = STEP_INFO[step]
    if step in done:
        return [f"Bước “{info.label}” đã được ghi nhận."]
    lacking = [STEP_INFO[s].label for s in info.requires if s not in done]
    if not lacking:
        return []
    if step == RESOLUTION:
        return [
            "Hồ sơ chưa đủ, chi bộ chưa xét được: còn thiếu "
            + "; ".join(lacking)
            + f" ({CHARTER_4}; {QD24})."
        ]
    return [f"Chưa ghi nhận được “{info.label}”: cần có trước " + "; ".join(lacking) + f" ({info.source})."]


def step_date_violations(step: str, day: date, done_on: Mapping[str, date]) -> list[str]:
    """A step is not dated before the steps it rests on."""
    info = STEP_INFO[step]
    for required in info.requires:
        earlier = done_on.get(required)
        if earlier is not None and day < earlier:
            return [
                f"Ngày của “{info.label}” ({day:%d/%m/%Y}) không được trước ngày của "
                f"“{STEP_INFO[required].label}” ({earlier:%d/%m/%Y})."
            ]
    return []


# --- sponsors ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sponsor:
    """Người giới thiệu: what the rule needs to know of them on the day they sponsor."""

    name: str
    official: bool  # on the books as an official member that day
    official_on: date | None
    months_together: int  # months worked with the candidate


def sponsor_violations(sponsors: list[Sponsor], day: date) -> list[str]:
    """Điều lệ Đảng, Điều 4: two sponsors, each an official member on the day who has worked
    with the candidate for at least 12 months; not the same person twice."""
    problems = []
    if len(sponsors) != SPONSORS_NEEDED:
        problems.append(
            f"Người vào Đảng phải có {SPONSORS_NEEDED} đảng viên chính thức giới thiệu ({CHARTER_4})."
        )
    names = [s.name for s in sponsors]
    if len(set(names)) != len(names):
        problems.append("Hai người giới thiệu phải là hai đảng viên khác nhau.")
    for sponsor in sponsors:
        if not sponsor.official or (sponsor.official_on is not None and sponsor.official_on > day):
            problems.append(
                f"Người giới thiệu {sponsor.name} phải là đảng viên chính thức vào ngày {day:%d/%m/%Y} "
                f"({CHARTER_4})."
            )
        if sponsor.months_together < SPONSOR_MONTHS_TOGETHER:
            problems.append(
                f"Người giới thiệu {sponsor.name} phải cùng công tác với người vào Đảng ít nhất "
                f"{SPONSOR_MONTHS_TOGETHER} tháng (mới {sponsor.months_together} tháng; {CHARTER_4})."
            )
    return problems


# --- the cell's resolution ---------------------------------------------------------------------------


def two_thirds_agree(in_favour: int, official_members: int) -> bool:
    """At least two thirds of the cell's official members agree (Điều lệ Đảng, Điều 4):
    in integers, 3 × in favour ≥ 2 × official members (6 of 9 passes, 5 of 8 does not)."""
    return official_members > 0 and 3 * in_favour >= 2 * official_members


def resolution_violations(in_favour: int, official_members: int) -> list[str]:
    if official_members <= 0:
        return ["Chi bộ không có đảng viên chính thức vào ngày họp xét; không thể biểu quyết kết nạp."]
    if in_favour < 0:
        return ["Số đảng viên tán thành không được âm."]
    if in_favour > official_members:
        return [
            f"Số đảng viên tán thành ({in_favour}) không được lớn hơn số đảng viên chính thức "
            f"của chi bộ ({official_members})."
        ]
    if not two_thirds_agree(in_favour, official_members):
        return [
            f"Chỉ {in_favour}/{official_members} đảng viên chính thức tán thành, chưa đạt hai phần ba "
            f"({CHARTER_4}): chi bộ không đề nghị kết nạp."
        ]
    return []


# --- alerts ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alert:
    kind: str  # "stuck" | "incomplete"
    message: str


def stage_since(listed_on: date, done_on: Mapping[str, date]) -> date:
    """The day the candidate entered their stage: the last step done, or the day they were listed."""
    return max([listed_on, *done_on.values()])


def alerts(
    *,
    listed_on: date,
    done_on: Mapping[str, date],
    resolution_planned_on: date | None,
    today: date,
    settings: AdmissionSettings = DEFAULT,
) -> list[Alert]:
    """A candidate stuck in their stage longer than the setting says; a dossier still incomplete when
    the cell plans to resolve within the warning days (or the planned day has passed)."""
    current = stage(done_on)
    result = []
    if current != ADMITTED:
        since = stage_since(listed_on, done_on)
        limit = settings.stuck_days.get(current)
        waited = (today - since).days
        if limit is not None and waited > limit:
            result.append(
                Alert(
                    "stuck",
                    f"{STAGE_LABELS[current]} đã {waited} ngày (quá {limit} ngày, mức cài đặt chưa xác nhận).",
                )
            )
    lacking = missing(done_on)
    if (
        lacking
        and RESOLUTION not in done_on
        and resolution_planned_on is not None
        and resolution_planned_on <= today + timedelta(days=settings.incomplete_warning_days)
    ):
        result.append(
            Alert(
                "incomplete",
                f"Chi bộ dự kiến xét ngày {resolution_planned_on:%d/%m/%Y} nhưng hồ sơ còn thiếu: "
                + "; ".join(STEP_INFO[s].label for s in lacking)
                + ".",
            )
        )
    return result
