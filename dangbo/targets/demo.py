"""The demo's targets and cell meetings (hooked into dangbo.demo.generator.load_demo by one call).

Targets of 2019: the city's targets for Quận 9 are derived from what the simulated district achieved,
so that the figures look like the seed article's ("đạt 104 % chỉ tiêu phát triển đảng viên mới, 100 %
chỉ tiêu thành lập chi bộ trong doanh nghiệp ngoài khu vực nhà nước, ...; thành lập được 2 chi bộ
trong khu chung cư"); Quận 9 shares its new-member target among its grassroots organizations in
proportion to their admissions (largest remainders, so the parts add up to the whole). Achievements are
never written: they are counted from the admissions and establishments the demo recorded.

Meetings of 2019 for two khu phố cells of Trường Thạnh (the demo secretary's cell and its neighbour),
with one member absent without reason in three months (ground for removal, Điều lệ Đảng, Điều 8.2) and
two months without a regular meeting in the neighbour cell.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from dangbo.accounts.scope import system_actor
from dangbo.organizations.models import Kind, Organization
from dangbo.targets import selectors, services
from dangbo.targets.models import Attendance

YEAR = 2019
RATE = Decimal("1.04")  # the seed article: 104 % of the new-member target
CITY_PLAN = "125-KH/TU"
DISTRICT_PLAN = "48-KH/QU"
MEETING_CELLS = ("Q9-TT-KP1", "Q9-TT-KP2")
SKIPPED_MONTHS = {"Q9-TT-KP2": (2, 8)}  # Tết; the rainy-season flooding
ABSENT_MONTHS = (3, 6, 9)
TOPICS = {
    1: "Triển khai nghị quyết, chương trình công tác năm 2019; thu đảng phí",
    2: "Phòng chống dịch bệnh mùa khô; vận động hộ nghèo",
    3: "Kiểm điểm việc thực hiện Chỉ thị 05-CT/TW; phát triển đảng viên",
    4: "Sơ kết quý I; trật tự đô thị trên địa bàn khu phố",
    5: "Kỷ niệm 129 năm Ngày sinh Chủ tịch Hồ Chí Minh; học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    6: "Chuẩn bị sáp nhập đảng viên chi bộ cơ quan phường về sinh hoạt tại khu phố",
    7: "Đón nhận đảng viên chuyển về; phân công nhiệm vụ",
    8: "Vệ sinh môi trường, phòng chống sốt xuất huyết",
    9: "Sơ kết 9 tháng; góp ý dự thảo văn kiện Đại hội Đảng bộ phường",
    10: "Công tác dân vận; giám sát của Mặt trận khu phố",
    11: "Chuẩn bị kiểm điểm, đánh giá, xếp loại chất lượng năm 2019",
    12: "Kiểm điểm, đánh giá, xếp loại chất lượng đảng viên năm 2019",
}
THEMATIC = {
    3: "Chuyên đề: học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh (Chỉ thị 05-CT/TW)",
    9: "Chuyên đề: trách nhiệm nêu gương của đảng viên nơi cư trú (Quy định 213-QĐ/TW)",
}


def shares(total: int, weights: dict[str, int]) -> dict[str, int]:
    """`total` split in proportion to the weights, largest remainders first; the shares add up to it."""
    whole = sum(weights.values())
    if whole == 0 or total == 0:
        return dict.fromkeys(weights, 0)
    exact = {key: Decimal(total) * weight / whole for key, weight in weights.items()}
    result = {key: int(value) for key, value in exact.items()}
    left = total - sum(result.values())
    for key in sorted(exact, key=lambda k: (-(exact[k] - result[k]), k))[:left]:
        result[key] += 1
    return result


def load_targets_demo(root: Organization) -> None:
    _targets(root)
    for code in MEETING_CELLS:
        cell = Organization.objects.filter(code=code).first()
        if cell is not None:
            _meetings(cell)


def _targets(root: Organization) -> None:
    summary = selectors.target_summary(system_actor("nạp dữ liệu mẫu"), root, YEAR)
    achieved = {row["kind"]: row["achieved"] for row in summary["targets"]}
    # the nearest whole target to "achieved at 104 %"
    new_members = int((Decimal(achieved["new_members"]) / RATE).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    values: dict[str, int | None] = {
        "new_members": new_members or None,
        "cells_non_state": achieved["cells_non_state"] or None,
        "cells_apartment": achieved["cells_apartment"] or None,
    }
    services.targets_set(
        actor=system_actor("nạp dữ liệu mẫu"),
        organization=root,
        year=YEAR,
        values=values,
        decision_number=CITY_PLAN,
        note="Chỉ tiêu Ban Thường vụ Thành ủy giao năm 2019",
    )
    children = {child["code"]: child for child in summary["children"]}
    index = {row["kind"]: i for i, row in enumerate(summary["targets"])}
    admissions = {code: child["rows"][index["new_members"]]["achieved"] for code, child in children.items()}
    parts = shares(new_members, admissions)
    organizations = Organization.objects.in_bulk(list(children), field_name="code")
    for code, child in children.items():
        organization = organizations[code]
        child_values: dict[str, int | None] = {"new_members": parts[code] or None}
        if organization.kind == Kind.GRASSROOTS_COMMITTEE:  # cells set up under a ward or committee
            for kind in ("cells_non_state", "cells_apartment"):
                child_values[kind] = child["rows"][index[kind]]["achieved"] or None
        if any(child_values.values()):
            services.targets_set(
                actor=system_actor("nạp dữ liệu mẫu"),
                organization=organization,
                year=YEAR,
                values=child_values,
                decision_number=DISTRICT_PLAN,
                note="Ban Thường vụ Quận ủy giao năm 2019",
            )


def _meetings(cell: Organization) -> None:
    skipped = SKIPPED_MONTHS.get(cell.code, ())
    absent_id: int | None = None
    if not skipped:  # the absentee: the third member on the list all year long
        january = {m.pk for m in selectors.expected_attendees(cell, date(YEAR, 1, 5))}
        all_year = [m.pk for m in selectors.expected_attendees(cell, date(YEAR, 12, 5)) if m.pk in january]
        absent_id = all_year[2] if len(all_year) > 2 else None
    for month in range(1, 13):
        if month in skipped:
            continue
        day = date(YEAR, month, 5)
        members = list(selectors.expected_attendees(cell, day))
        attendance: dict[int, services.Presence] = {}
        for position, member in enumerate(members):
            if member.pk == absent_id and month in ABSENT_MONTHS:
                attendance[member.pk] = services.Presence(Attendance.Status.UNEXCUSED)
            elif (position + month) % 11 == 0:
                attendance[member.pk] = services.Presence(Attendance.Status.EXCUSED, "Đi công tác")
            else:
                attendance[member.pk] = services.Presence(Attendance.Status.PRESENT)
        services.meeting_record(
            actor=system_actor("nạp dữ liệu mẫu"),
            cell=cell,
            held_on=day,
            kind="regular",
            topics=TOPICS[month],
            attendance=attendance,
        )
        if month in THEMATIC and not skipped:
            thematic_day = date(YEAR, month, 20)
            services.meeting_record(
                actor=system_actor("nạp dữ liệu mẫu"),
                cell=cell,
                held_on=thematic_day,
                kind="thematic",
                topics=THEMATIC[month],
                attendance={
                    m.pk: services.Presence(Attendance.Status.PRESENT)
                    for m in selectors.expected_attendees(cell, thematic_day)
                },
            )
