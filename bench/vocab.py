"""Words for the synthetic data: Vietnamese names, places and units (all NFC), with rough weights."""

from __future__ import annotations


def words(text: str, separator: str = " ") -> list[str]:
    return text.split(separator)


# The 63 provinces before 7/2025: (CCCD province code, name, weight). The weights are the 2019
# population in hundred thousands, with Hồ Chí Minh City brought down so that it holds ≈ 370 000 of
# 5,4 million members, as in 2025.
PROVINCES: list[tuple[str, str, int]] = [
    ("079", "Thành phố Hồ Chí Minh", 66),
    ("001", "Thành phố Hà Nội", 81),
    ("031", "Thành phố Hải Phòng", 20),
    ("048", "Thành phố Đà Nẵng", 11),
    ("092", "Thành phố Cần Thơ", 12),
    ("002", "tỉnh Hà Giang", 9),
    ("004", "tỉnh Cao Bằng", 5),
    ("006", "tỉnh Bắc Kạn", 3),
    ("008", "tỉnh Tuyên Quang", 8),
    ("010", "tỉnh Lào Cai", 7),
    ("011", "tỉnh Điện Biên", 6),
    ("012", "tỉnh Lai Châu", 5),
    ("014", "tỉnh Sơn La", 12),
    ("015", "tỉnh Yên Bái", 8),
    ("017", "tỉnh Hòa Bình", 9),
    ("019", "tỉnh Thái Nguyên", 13),
    ("020", "tỉnh Lạng Sơn", 8),
    ("022", "tỉnh Quảng Ninh", 13),
    ("024", "tỉnh Bắc Giang", 18),
    ("025", "tỉnh Phú Thọ", 15),
    ("026", "tỉnh Vĩnh Phúc", 12),
    ("027", "tỉnh Bắc Ninh", 14),
    ("030", "tỉnh Hải Dương", 19),
    ("033", "tỉnh Hưng Yên", 13),
    ("034", "tỉnh Thái Bình", 19),
    ("035", "tỉnh Hà Nam", 9),
    ("036", "tỉnh Nam Định", 18),
    ("037", "tỉnh Ninh Bình", 10),
    ("038", "tỉnh Thanh Hóa", 36),
    ("040", "tỉnh Nghệ An", 33),
    ("042", "tỉnh Hà Tĩnh", 13),
    ("044", "tỉnh Quảng Bình", 9),
    ("045", "tỉnh Quảng Trị", 6),
    ("046", "tỉnh Thừa Thiên Huế", 11),
    ("049", "tỉnh Quảng Nam", 15),
    ("051", "tỉnh Quảng Ngãi", 12),
    ("052", "tỉnh Bình Định", 15),
    ("054", "tỉnh Phú Yên", 9),
    ("056", "tỉnh Khánh Hòa", 12),
    ("058", "tỉnh Ninh Thuận", 6),
    ("060", "tỉnh Bình Thuận", 12),
    ("062", "tỉnh Kon Tum", 5),
    ("064", "tỉnh Gia Lai", 15),
    ("066", "tỉnh Đắk Lắk", 19),
    ("067", "tỉnh Đắk Nông", 6),
    ("068", "tỉnh Lâm Đồng", 13),
    ("070", "tỉnh Bình Phước", 10),
    ("072", "tỉnh Tây Ninh", 12),
    ("074", "tỉnh Bình Dương", 26),
    ("075", "tỉnh Đồng Nai", 31),
    ("077", "tỉnh Bà Rịa - Vũng Tàu", 12),
    ("080", "tỉnh Long An", 17),
    ("082", "tỉnh Tiền Giang", 18),
    ("083", "tỉnh Bến Tre", 13),
    ("084", "tỉnh Trà Vinh", 10),
    ("086", "tỉnh Vĩnh Long", 10),
    ("087", "tỉnh Đồng Tháp", 16),
    ("089", "tỉnh An Giang", 19),
    ("091", "tỉnh Kiên Giang", 17),
    ("093", "tỉnh Hậu Giang", 7),
    ("094", "tỉnh Sóc Trăng", 12),
    ("095", "tỉnh Bạc Liêu", 9),
    ("096", "tỉnh Cà Mau", 12),
]

# Hồ Chí Minh City's 22 district-level units (2021–6/2025).
HCMC_DISTRICTS = [
    "Quận 1",
    "Quận 3",
    "Quận 4",
    "Quận 5",
    "Quận 6",
    "Quận 7",
    "Quận 8",
    "Quận 10",
    "Quận 11",
    "Quận 12",
    "Quận Bình Thạnh",
    "Quận Gò Vấp",
    "Quận Phú Nhuận",
    "Quận Tân Bình",
    "Quận Tân Phú",
    "Quận Bình Tân",
    "Thành phố Thủ Đức",
    "Huyện Củ Chi",
    "Huyện Hóc Môn",
    "Huyện Bình Chánh",
    "Huyện Nhà Bè",
    "Huyện Cần Giờ",
]

# Syllables that make place names ("Phước Long", "Tân Thạnh").
PLACE_SYLLABLES = words(
    "An Bình Phước Long Tân Phú Thạnh Hiệp Thành Vĩnh Mỹ Đông Tây Trung Quang Hưng Xuân Yên Đại Thái "
    "Hòa Lộc Thọ Sơn Hải Hà Nghĩa Đức Thuận Lợi Khánh Cát Lái Trường Hữu Chánh Nhơn Định Hội Tịnh "
    "Minh Thới Linh Kim Ngọc Bắc Nam Tiến Lạc Hồng Châu Giang Điền Thủy Lâm Vân Quý Ninh Hợp Thắng"
)

# Surnames with rough frequencies (per ten thousand); the last ones are rare.
SURNAMES: list[tuple[str, int]] = [
    ("Nguyễn", 3840),
    ("Trần", 1100),
    ("Lê", 950),
    ("Phạm", 710),
    ("Hoàng", 410),
    ("Huỳnh", 390),
    ("Phan", 450),
    ("Vũ", 250),
    ("Võ", 250),
    ("Đặng", 210),
    ("Bùi", 200),
    ("Đỗ", 140),
    ("Hồ", 130),
    ("Ngô", 130),
    ("Dương", 100),
    ("Trương", 100),
    ("Đinh", 80),
    ("Lý", 50),
    ("Lâm", 50),
    ("Mai", 50),
    ("Trịnh", 50),
    ("Đoàn", 50),
    ("Lương", 40),
    ("Hà", 40),
    ("Tô", 30),
    ("Cao", 30),
    ("Tạ", 20),
    ("Châu", 20),
    ("Lưu", 20),
    ("Quách", 5),
    ("Kiều", 10),
    ("Tăng", 10),
    ("Thân", 3),
    ("Diệp", 3),
    ("Mạc", 2),
    ("Âu", 1),
    ("Ung", 1),
    ("Khúc", 1),
]
RARE_SURNAME = "Khúc"

MALE_MIDDLE: list[tuple[str, int]] = [
    ("Văn", 350),
    ("Hữu", 60),
    ("Đức", 60),
    ("Minh", 70),
    ("Quang", 50),
    ("Thanh", 50),
    ("Công", 40),
    ("Xuân", 30),
    ("Ngọc", 30),
    ("Hoàng", 30),
    ("Anh", 30),
    ("Thành", 30),
    ("Trung", 20),
    ("Quốc", 40),
    ("Đình", 30),
    ("Bá", 20),
    ("Mạnh", 20),
    ("Duy", 20),
    ("Tiến", 20),
    ("Việt", 20),
    ("Hải", 20),
    ("Trọng", 20),
    ("Chí", 20),
    ("Gia", 20),
    ("Nhật", 10),
    ("Kim", 10),
]
FEMALE_MIDDLE: list[tuple[str, int]] = [
    ("Thị", 550),
    ("Ngọc", 60),
    ("Thu", 40),
    ("Thanh", 50),
    ("Minh", 30),
    ("Kim", 40),
    ("Bích", 20),
    ("Hồng", 30),
    ("Mai", 20),
    ("Phương", 30),
    ("Thùy", 30),
    ("Hoài", 10),
    ("Diệu", 10),
    ("Khánh", 10),
    ("Bảo", 10),
    ("Cẩm", 10),
    ("Mỹ", 20),
    ("Như", 10),
    ("Quỳnh", 10),
    ("Tuyết", 10),
]
SECOND_MIDDLE = words("Minh Thanh Ngọc Hoàng Thu Kim Anh Hồng Bảo Gia Quốc Đức Xuân Thúy Phương Hải")

MALE_GIVEN = words(
    "An Anh Bảo Bình Chiến Công Cường Dũng Duy Dương Đạt Đông Đức Giang Hải Hiếu Hòa Hoàng Hùng Huy "
    "Hưng Khang Khánh Khoa Khôi Kiên Lâm Long Lộc Lực Minh Nam Nghĩa Nhân Phong Phú Phúc Phương Quang "
    "Quân Quý Sơn Tài Tâm Thái Thắng Thành Thịnh Thông Tiến Toàn Trí Trung Trường Tuấn Tùng Việt Vinh "
    "Vũ Hậu Hiệp Hoan Lợi Tú Tín Khải Đăng Hào Sang"
)
FEMALE_GIVEN = words(
    "An Anh Bích Châu Chi Diệp Dung Duyên Giang Hà Hạnh Hằng Hiền Hoa Hòa Hồng Huệ Hương Hường Huyền "
    "Lan Liên Linh Loan Lụa Mai My Nga Ngân Ngọc Nhung Nhàn Oanh Phương Phượng Quyên Quỳnh Tâm Thảo "
    "Thắm Thanh Thơ Thu Thúy Thủy Trang Trâm Trinh Tuyết Uyên Vân Xuân Yến Hạ Đào Lệ Nguyệt"
)

ETHNICITIES: list[tuple[str, int]] = [
    ("Kinh", 900),
    ("Tày", 20),
    ("Thái", 18),
    ("Mường", 15),
    ("Khmer", 12),
    ("Hoa", 10),
    ("Nùng", 10),
    ("H'Mông", 5),
    ("Dao", 5),
    ("Gia Rai", 3),
    ("Ê Đê", 2),
]
RELIGIONS: list[tuple[str, int]] = [
    ("Không", 920),
    ("Phật giáo", 40),
    ("Công giáo", 25),
    ("Cao Đài", 8),
    ("Tin Lành", 4),
    ("Phật giáo Hòa Hảo", 3),
]
PROFESSIONS = [
    "Cử nhân Luật",
    "Cử nhân Kinh tế",
    "Cử nhân Sư phạm",
    "Kỹ sư Xây dựng",
    "Kỹ sư Công nghệ thông tin",
    "Bác sĩ",
    "Điều dưỡng",
    "Cử nhân Quản trị kinh doanh",
    "Trung cấp Kế toán",
    "Thạc sĩ Quản lý công",
    "",
]
OCCUPATION_BY_SECTOR = {
    "ward": "Cán bộ, công chức phường, xã",
    "residential": "Hưu trí",
    "agency": "Công chức",
    "public_school": "Giáo viên",
    "public_unit": "Viên chức",
    "state_enterprise": "Nhân viên doanh nghiệp nhà nước",
    "non_state_enterprise": "Nhân viên doanh nghiệp",
    "non_public_unit": "Giảng viên",
    "apartment": "Lao động tự do",
    "army": "Quân nhân",
    "police": "Công an",
    "other": "Cán bộ đoàn thể",
}
OCCUPATIONS_BEFORE = [
    "Sinh viên",
    "Công nhân",
    "Công chức",
    "Giáo viên",
    "Nông dân",
    "Quân nhân",
    "Viên chức",
]

# Bodies that grassroots organizations are named after, by sector; "{u}" is the district's name and
# "{p}" a place name.
BODIES: dict[str, list[str]] = {
    "agency": [
        "Ủy ban nhân dân {u}",
        "Phòng Giáo dục và Đào tạo {u}",
        "Phòng Tài chính – Kế hoạch {u}",
        "Phòng Tài nguyên và Môi trường {u}",
        "Chi cục Thuế {u}",
        "Kho bạc Nhà nước {u}",
        "Tòa án nhân dân {u}",
        "Viện Kiểm sát nhân dân {u}",
        "Chi cục Thi hành án dân sự {u}",
        "Cơ quan Mặt trận Tổ quốc và các đoàn thể {u}",
        "Cơ quan Đảng {u}",
        "Ban Quản lý chợ {p}",
    ],
    "public_school": [
        "Trường Mầm non {p}",
        "Trường Tiểu học {p}",
        "Trường Trung học cơ sở {p}",
        "Trường Trung học phổ thông {p}",
    ],
    "public_unit": [
        "Trung tâm Y tế {u}",
        "Bệnh viện {p}",
        "Trung tâm Văn hóa – Thể thao {u}",
        "Ban Quản lý dự án đầu tư xây dựng {u}",
        "Trung tâm Giáo dục nghề nghiệp {p}",
    ],
    "state_enterprise": [
        "Công ty TNHH MTV Dịch vụ Công ích {u}",
        "Công ty Cấp nước {p}",
        "Công ty Môi trường Đô thị {p}",
        "Tổng Công ty Xây dựng {p}",
    ],
    "non_state_enterprise": [
        "Công ty Cổ phần Đầu tư {p}",
        "Công ty TNHH Sản xuất Thương mại {p}",
        "Công ty Cổ phần Dệt may {p}",
        "Công ty TNHH Điện tử {p}",
    ],
    "non_public_unit": ["Trường Đại học {p}", "Trường Cao đẳng {p}", "Bệnh viện Đa khoa tư nhân {p}"],
    "apartment": ["Khu chung cư {p}"],
    "army": ["Ban Chỉ huy Quân sự {u}", "Trung đoàn {p}", "Kho {p}"],
    "police": ["Công an {u}", "Trại tạm giam {p}", "Đội Cảnh sát Giao thông {p}"],
    "other": ["Hội Cựu chiến binh {u}", "Hội Nông dân {u}", "Liên đoàn Lao động {u}"],
    "residential": ["Khu phố {p}", "Ấp {p}"],
}
# What the cells of a grassroots committee are called, by sector.
CELL_UNITS: dict[str, list[str]] = {
    "agency": ["Văn phòng", "Phòng Nghiệp vụ", "Bộ phận Một cửa", "Tổ Kiểm tra"],
    "public_school": ["Tổ Ngữ văn", "Tổ Toán – Tin", "Tổ Khoa học tự nhiên", "Tổ Văn phòng"],
    "public_unit": ["Khoa Nội", "Khoa Ngoại", "Phòng Hành chính", "Trạm Y tế"],
    "state_enterprise": ["Phân xưởng", "Phòng Kinh doanh", "Xí nghiệp", "Đội Thi công"],
    "non_state_enterprise": ["Phân xưởng", "Phòng Kinh doanh", "Nhà máy"],
    "non_public_unit": ["Khoa", "Phòng Đào tạo", "Viện"],
    "army": ["Đại đội", "Ban Tham mưu", "Ban Hậu cần"],
    "police": ["Đội", "Tổ Cảnh sát khu vực", "Đội Nghiệp vụ"],
    "other": ["Văn phòng", "Ban"],
    "residential": ["Tổ"],
    "apartment": ["Tổ"],
}
