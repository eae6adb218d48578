"""The rates and calendars behind the demo simulation: how many members are admitted and arrive
each year, when ceremonies are held, how likely each cell is to admit, and the yearly chances of
death and of leaving the district. Tuned so that Quận 9 has about 6.100 members on the books at the
end of 2019, as in the seed article. Pure data.
"""

from __future__ import annotations

ADMISSIONS = {2014: 208, 2015: 219, 2016: 233, 2017: 242, 2018: 256, 2019: 260}
TRANSFERS_IN = {2014: 112, 2015: 118, 2016: 124, 2017: 131, 2018: 136, 2019: 140}
# Admission ceremonies cluster before the anniversaries: 3/2 (the Party), 19/5 (Hồ Chí Minh),
# 2/9 (National Day), 7/11 (the October Revolution), 22/12 (the Army).
ANNIVERSARIES_FIRST_HALF = ((2, 3), (5, 19))
ANNIVERSARIES_SECOND_HALF = ((9, 2), (11, 7), (12, 22))
UNIVERSITIES = (
    "Đảng bộ Trường Đại học Sư phạm Kỹ thuật Thành phố Hồ Chí Minh",
    "Đảng bộ Trường Đại học Nông Lâm Thành phố Hồ Chí Minh",
    "Đảng bộ Trường Đại học Khoa học Xã hội và Nhân văn, Đại học Quốc gia Thành phố Hồ Chí Minh",
)
REMOVAL_REASONS = (
    "Bỏ sinh hoạt đảng 3 tháng trong năm không có lý do chính đáng",
    "Không đóng đảng phí 3 tháng trong năm không có lý do chính đáng",
    "Giảm sút ý chí phấn đấu, không thực hiện nhiệm vụ đảng viên đã được chi bộ giáo dục nhưng không tiến bộ",
)
DISCIPLINE_REASONS = (
    "Vi phạm quy định về sinh hoạt đảng",
    "Thiếu trách nhiệm trong thực hiện nhiệm vụ được giao",
    "Vi phạm quy định những điều đảng viên không được làm",
    "Vi phạm quy định về quản lý đất đai, xây dựng",
    "Vi phạm chính sách dân số - kế hoạch hóa gia đình",
)

# Admissions per member on the books and per year, by kind of cell.
ADMISSION_RATE_BY_ROLE = {
    "kp": 0.028,
    "ward_agency": 0.05,
    "ward_school": 0.06,
    "ward_army": 0.32,
    "ward_police": 0.05,
}
ADMISSION_RATE_BY_WORK = {
    "agency": 0.045,
    "school": 0.075,
    "health": 0.06,
    "culture": 0.05,
    "army": 0.05,
    "police": 0.05,
    "enterprise": 0.08,
}
CONSCRIPT_ADMISSION_RATE = 0.9  # the infantry company admits young conscripts


def death_rate(age: int) -> float:
    for limit, rate in ((40, 0.0004), (50, 0.0012), (60, 0.0035), (70, 0.009), (80, 0.024), (90, 0.06)):
        if age < limit:
            return rate
    return 0.13


def leaving_rate(work: str, age: int) -> float:
    """Transfers out of the district (job change, moving house) per year."""
    if work == "residential":
        return 0.017 if age < 70 else 0.005
    return {
        "agency": 0.028,
        "school": 0.032,
        "health": 0.04,
        "culture": 0.03,
        "army": 0.06,
        "militia": 0.03,
        "police": 0.05,
        "enterprise": 0.06,
    }[work]
