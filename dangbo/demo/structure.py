"""The organization tree of Đảng bộ Quận 9 (Hồ Chí Minh City) as the demo builds it.

Quận 9 was formed on 01/04/1997 from part of huyện Thủ Đức with 13 wards. On 31/12/2019 it had
42 grassroots organizations (the seed article): the 13 ward committees, the party committees of the
district's military, police, government and party agencies, of the health centre and of the public
utility company, and grassroots cells of agencies, schools, public units and enterprises. The agency,
school and enterprise names are plausible but the member data is fictional.

Sizes are the members on the books of each cell at the start of the simulated history (01/01/2014).
Pure data: no Django imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

FOUNDED = date(1997, 4, 1)  # Nghị định 03/CP ngày 06/01/1997, in force 01/04/1997
ROOT_CODE = "Q9"
ROOT_NAME = "Đảng bộ Quận 9"
CITY_ORGANIZATION = "Đảng bộ Thành phố Hồ Chí Minh"
CITY_COMMITTEE = "Ban Thường vụ Thành ủy Thành phố Hồ Chí Minh"
DISTRICT_COMMITTEE = "Ban Thường vụ Quận ủy Quận 9"
ORGANIZATION_DEPARTMENT = "Ban Tổ chức Quận ủy Quận 9"
INSPECTION_COMMITTEE = "Ủy ban Kiểm tra Quận ủy Quận 9"


@dataclass(frozen=True)
class Ward:
    suffix: str
    name: str
    quarters: int  # khu phố, each with its own cell
    quarter_size: tuple[int, int]  # members per khu phố cell on 01/01/2014 (range)
    schools: tuple[str, ...]  # ward schools with a party cell
    apartment: tuple[str, str, date] | None = None  # (code suffix, name, established) — set up in 2019


WARDS: tuple[Ward, ...] = (
    Ward("HP", "Hiệp Phú", 6, (52, 76), ("Trường Tiểu học Hiệp Phú", "Trường THCS Hiệp Phú")),
    Ward("LB", "Long Bình", 5, (40, 62), ("Trường Tiểu học Long Bình", "Trường THCS Long Bình")),
    Ward("LP", "Long Phước", 4, (36, 54), ("Trường Tiểu học Long Phước",)),
    Ward(
        "LTM",
        "Long Thạnh Mỹ",
        6,
        (44, 66),
        ("Trường Tiểu học Long Thạnh Mỹ", "Trường THCS Long Thạnh Mỹ", "Trường Mầm non Long Thạnh Mỹ"),
    ),
    Ward("LT", "Long Trường", 5, (38, 58), ("Trường Tiểu học Long Trường", "Trường THCS Long Trường")),
    Ward(
        "PH",
        "Phú Hữu",
        4,
        (38, 58),
        ("Trường Tiểu học Phú Hữu",),
        ("CC1", "Chi bộ Chung cư Sky 9", date(2019, 9, 20)),
    ),
    Ward("PB", "Phước Bình", 5, (46, 68), ("Trường Tiểu học Phước Bình", "Trường THCS Phước Bình")),
    Ward(
        "PLA",
        "Phước Long A",
        6,
        (48, 70),
        ("Trường Tiểu học Phước Long A", "Trường THCS Phước Long A", "Trường Mầm non Phước Long A"),
    ),
    Ward(
        "PLB",
        "Phước Long B",
        6,
        (50, 74),
        ("Trường Tiểu học Phước Long B", "Trường THCS Phước Long B"),
        ("CC1", "Chi bộ Chung cư Him Lam Phú An", date(2019, 4, 15)),
    ),
    Ward("TP", "Tân Phú", 5, (38, 58), ("Trường Tiểu học Tân Phú", "Trường THCS Tân Phú")),
    Ward(
        "TNPA",
        "Tăng Nhơn Phú A",
        6,
        (50, 74),
        ("Trường Tiểu học Tăng Nhơn Phú A", "Trường THCS Tăng Nhơn Phú A"),
    ),
    Ward(
        "TNPB",
        "Tăng Nhơn Phú B",
        5,
        (46, 68),
        ("Trường Tiểu học Tăng Nhơn Phú B", "Trường THCS Tăng Nhơn Phú B"),
    ),
    Ward("TT", "Trường Thạnh", 5, (38, 56), ("Trường Tiểu học Trường Thạnh", "Trường THCS Trường Thạnh")),
)

# The ward agency cells (chi bộ cơ quan phường) are dissolved on this day and their members go to
# the ward's khu phố cells (the seed article).
DISSOLUTION_DAY = date(2019, 7, 1)
DISSOLUTION_DECISION_DAY = date(2019, 6, 20)


@dataclass(frozen=True)
class Unit:
    """A grassroots organization directly under the district committee."""

    suffix: str
    name: str
    sector: str
    work: str  # the kind of work (picks ages, professions and occupations)
    established_on: date
    size: int = 0  # for a grassroots cell
    cells: tuple[tuple[str, str, int], ...] = ()  # for a committee: (suffix, name, size)
    founders: int = 0  # a cell set up during the history starts with members transferred in


COMMITTEES: tuple[Unit, ...] = (
    Unit(
        "QS",
        "Đảng bộ Quân sự Quận 9",
        "army",
        "army",
        FOUNDED,
        cells=(
            ("BCH", "Chi bộ Ban Chỉ huy Quân sự quận", 26),
            ("DD", "Chi bộ Đại đội Bộ binh", 14),
            ("DQ", "Chi bộ Trung đội Dân quân thường trực", 10),
        ),
    ),
    Unit(
        "CA",
        "Đảng bộ Công an Quận 9",
        "police",
        "police",
        FOUNDED,
        cells=(
            ("TM", "Chi bộ Đội Tham mưu - Tổng hợp", 26),
            ("AN", "Chi bộ Đội An ninh", 22),
            ("CSHS", "Chi bộ Đội Cảnh sát hình sự", 28),
            ("CSGT", "Chi bộ Đội Cảnh sát giao thông - Trật tự", 30),
            ("QLHC", "Chi bộ Đội Cảnh sát quản lý hành chính về trật tự xã hội", 22),
            ("CSKT", "Chi bộ Đội Cảnh sát kinh tế", 15),
            ("THAHS", "Chi bộ Đội Cảnh sát thi hành án hình sự và hỗ trợ tư pháp", 16),
        ),
    ),
    Unit(
        "CQCQ",
        "Đảng bộ Cơ quan Chính quyền Quận 9",
        "agency",
        "agency",
        FOUNDED,
        cells=(
            ("VP", "Chi bộ Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", 20),
            ("TCKH", "Chi bộ Phòng Tài chính - Kế hoạch", 11),
            ("TNMT", "Chi bộ Phòng Tài nguyên và Môi trường", 15),
            ("QLDT", "Chi bộ Phòng Quản lý đô thị", 13),
            ("LDTBXH", "Chi bộ Phòng Lao động - Thương binh và Xã hội", 11),
            ("GDDT", "Chi bộ Phòng Giáo dục và Đào tạo", 12),
            ("NV", "Chi bộ Phòng Nội vụ", 9),
            ("TTR", "Chi bộ Thanh tra quận", 10),
            ("KT", "Chi bộ Phòng Kinh tế", 8),
            ("TP", "Chi bộ Phòng Tư pháp", 7),
            ("VHTT", "Chi bộ Phòng Văn hóa và Thông tin", 7),
            ("YT", "Chi bộ Phòng Y tế", 6),
        ),
    ),
    Unit(
        "CQD",
        "Đảng bộ các Cơ quan Đảng Quận 9",
        "agency",
        "agency",
        FOUNDED,
        cells=(
            ("VP", "Chi bộ Văn phòng Quận ủy", 15),
            ("BTC", "Chi bộ Ban Tổ chức Quận ủy", 11),
            ("BTG", "Chi bộ Ban Tuyên giáo Quận ủy", 9),
            ("UBKT", "Chi bộ Ủy ban Kiểm tra Quận ủy", 10),
            ("BDV", "Chi bộ Ban Dân vận Quận ủy", 8),
            ("TTCT", "Chi bộ Trung tâm Bồi dưỡng chính trị", 8),
            ("MTDT", "Chi bộ Ủy ban Mặt trận Tổ quốc và các đoàn thể quận", 20),
        ),
    ),
    Unit(
        "TTYT",
        "Đảng bộ Trung tâm Y tế Quận 9",
        "public_unit",
        "health",
        date(2007, 9, 1),
        cells=(
            ("VP", "Chi bộ Văn phòng Trung tâm", 14),
            ("KSBT", "Chi bộ Khoa Kiểm soát bệnh tật", 12),
            ("TYT", "Chi bộ Các trạm y tế phường", 22),
            ("KB", "Chi bộ Khoa Khám bệnh", 12),
        ),
    ),
    Unit(
        "DVCI",
        "Đảng bộ Công ty TNHH MTV Dịch vụ công ích Quận 9",
        "state_enterprise",
        "enterprise",
        FOUNDED,
        cells=(
            ("VP", "Chi bộ Văn phòng Công ty", 14),
            ("VSMT", "Chi bộ Đội Vệ sinh môi trường", 12),
            ("CX", "Chi bộ Đội Công viên cây xanh", 10),
            ("GT", "Chi bộ Đội Duy tu giao thông", 9),
        ),
    ),
)

GRASSROOTS_CELLS: tuple[Unit, ...] = (
    Unit("VKS", "Chi bộ Viện Kiểm sát nhân dân Quận 9", "agency", "agency", FOUNDED, 19),
    Unit("TAND", "Chi bộ Tòa án nhân dân Quận 9", "agency", "agency", FOUNDED, 21),
    Unit("CCT", "Chi bộ Chi cục Thuế Quận 9", "agency", "agency", FOUNDED, 34),
    Unit("KBNN", "Chi bộ Kho bạc Nhà nước Quận 9", "agency", "agency", date(1998, 1, 1), 12),
    Unit("THADS", "Chi bộ Chi cục Thi hành án dân sự Quận 9", "agency", "agency", date(2004, 7, 1), 16),
    Unit("BHXH", "Chi bộ Bảo hiểm xã hội Quận 9", "agency", "agency", date(2003, 3, 1), 14),
    Unit(
        "VPDK", "Chi bộ Chi nhánh Văn phòng Đăng ký đất đai Quận 9", "agency", "agency", date(2010, 5, 1), 11
    ),
    Unit("CCTK", "Chi bộ Chi cục Thống kê Quận 9", "agency", "agency", FOUNDED, 7),
    Unit("THPT-NH", "Chi bộ Trường THPT Nguyễn Huệ", "public_school", "school", FOUNDED, 24),
    Unit("THPT-PL", "Chi bộ Trường THPT Phước Long", "public_school", "school", date(2001, 9, 5), 25),
    Unit("THPT-LT", "Chi bộ Trường THPT Long Trường", "public_school", "school", date(2007, 9, 5), 18),
    Unit("THPT-NVT", "Chi bộ Trường THPT Nguyễn Văn Tăng", "public_school", "school", date(2007, 9, 5), 17),
    Unit("THPT-DVT", "Chi bộ Trường THPT Dương Văn Thì", "public_school", "school", date(2009, 9, 5), 16),
    Unit(
        "GDNN",
        "Chi bộ Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên Quận 9",
        "public_unit",
        "school",
        date(2000, 1, 1),
        12,
    ),
    Unit("BV", "Chi bộ Bệnh viện Quận 9", "public_unit", "health", date(2007, 9, 1), 38),
    Unit(
        "BQLDA",
        "Chi bộ Ban Quản lý dự án đầu tư xây dựng khu vực Quận 9",
        "public_unit",
        "agency",
        date(2006, 1, 1),
        15,
    ),
    Unit("TTVH", "Chi bộ Trung tâm Văn hóa - Thể thao Quận 9", "public_unit", "culture", FOUNDED, 12),
    Unit(
        "CKPL",
        "Chi bộ Công ty Cổ phần Cơ khí Phước Long",
        "non_state_enterprise",
        "enterprise",
        date(2008, 6, 1),
        9,
    ),
    Unit(
        "DTST",
        "Chi bộ Công ty TNHH Điện tử Sông Tắc",
        "non_state_enterprise",
        "enterprise",
        date(2011, 3, 1),
        8,
    ),
    Unit(
        "XDLP",
        "Chi bộ Công ty Cổ phần Xây dựng Long Phước Thịnh",
        "non_state_enterprise",
        "enterprise",
        date(2012, 8, 1),
        10,
    ),
    Unit(
        "TPTP",
        "Chi bộ Công ty TNHH Chế biến Thực phẩm Tân Phú",
        "non_state_enterprise",
        "enterprise",
        date(2013, 5, 1),
        7,
    ),
    Unit(
        "VTHP",
        "Chi bộ Công ty Cổ phần Vận tải Hiệp Phú",
        "non_state_enterprise",
        "enterprise",
        date(2019, 3, 15),
        founders=5,
    ),
    Unit(
        "TCDSG",
        "Chi bộ Trường Trung cấp Kỹ thuật - Nghiệp vụ Đông Sài Gòn",
        "non_public_unit",
        "school",
        date(2016, 9, 1),
        founders=4,
    ),
)
