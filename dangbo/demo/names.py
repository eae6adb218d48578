"""Name lists for the demo data: Vietnamese personal names, hometowns with their CCCD province codes,
professions and the places members transfer to and from.

Weights are rough shares of the population (surnames after the commonly cited frequencies, with the
southern Huỳnh and Võ more common than the northern Hoàng and Vũ). Pure data, no Django imports.
"""

from __future__ import annotations

# fmt: off
# (surname, weight in per mille)
SURNAMES: tuple[tuple[str, int], ...] = (
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Huỳnh", 35),
    ("Hoàng", 18),
    ("Phan", 45),
    ("Võ", 30),
    ("Vũ", 13),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Trương", 9),
    ("Đinh", 6),
    ("Lâm", 5),
    ("Mai", 5),
    ("Cao", 4),
    ("Đoàn", 5),
    ("Lương", 4),
    ("Thái", 3),
    ("Châu", 3),
    ("Tô", 2),
    ("Hà", 3),
    ("Tạ", 2),
    ("La", 1),
    ("Quách", 1),
    ("Kiều", 1),
)

MALE_MIDDLE: tuple[tuple[str, int], ...] = (
    ("Văn", 40),
    ("Hữu", 8),
    ("Đức", 7),
    ("Minh", 9),
    ("Quốc", 7),
    ("Thanh", 6),
    ("Công", 5),
    ("Ngọc", 4),
    ("Hoàng", 4),
    ("Tấn", 6),
    ("Thành", 4),
    ("Xuân", 3),
    ("Trung", 3),
    ("Quang", 4),
    ("Đình", 3),
    ("Anh", 3),
    ("Duy", 3),
    ("Phước", 2),
    ("Hoài", 2),
    ("Nhật", 2),
    ("Văn Minh", 1),
    ("Gia", 2),
    ("Trọng", 2),
)

FEMALE_MIDDLE: tuple[tuple[str, int], ...] = (
    ("Thị", 45),
    ("Ngọc", 9),
    ("Thanh", 6),
    ("Thu", 5),
    ("Kim", 5),
    ("Phương", 3),
    ("Mỹ", 4),
    ("Bích", 3),
    ("Minh", 3),
    ("Hồng", 4),
    ("Thùy", 3),
    ("Hoài", 2),
    ("Thị Thu", 2),
    ("Thị Ngọc", 2),
    ("Thị Kim", 2),
    ("Diệu", 1),
    ("Tuyết", 1),
    ("Bảo", 1),
)

MALE_GIVEN: tuple[str, ...] = (
    "An", "Bảo", "Bình", "Cường", "Chiến", "Công", "Dũng", "Duy", "Đạt", "Định", "Đông", "Đức",
    "Giang", "Hải", "Hào", "Hậu", "Hiếu", "Hiệp", "Hòa", "Hoàng", "Huân", "Hùng", "Hưng", "Huy",
    "Kha", "Khải", "Khang", "Khánh", "Khoa", "Kiên", "Lâm", "Lộc", "Lợi", "Long", "Luân", "Lực",
    "Minh", "Nam", "Nghĩa", "Nguyên", "Nhân", "Nhật", "Phát", "Phong", "Phúc", "Phước", "Phương",
    "Quang", "Quân", "Quý", "Sang", "Sơn", "Tài", "Tâm", "Tân", "Thạch", "Thái", "Thắng", "Thanh",
    "Thành", "Thiện", "Thịnh", "Thông", "Thuận", "Tiến", "Tín", "Toàn", "Trí", "Triều", "Trọng",
    "Trung", "Trường", "Tú", "Tuấn", "Tùng", "Vinh", "Việt", "Vũ", "Vương", "Xuân",
)

FEMALE_GIVEN: tuple[str, ...] = (
    "An", "Anh", "Châu", "Chi", "Diễm", "Dung", "Duyên", "Đào", "Giang", "Hà", "Hạnh", "Hằng",
    "Hiền", "Hoa", "Hồng", "Huệ", "Hương", "Hường", "Khánh", "Lan", "Liên", "Liễu", "Linh",
    "Loan", "Lụa", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nguyệt", "Nhàn", "Nhi", "Nhung", "Oanh",
    "Phượng", "Phương", "Quyên", "Quỳnh", "Sen", "Tâm", "Thảo", "Thắm", "Thanh", "Thoa", "Thu",
    "Thủy", "Thư", "Tiên", "Trang", "Trâm", "Trinh", "Tuyền", "Tuyết", "Uyên", "Vân", "Vy",
    "Xuân", "Yến",
)

# Names of the ethnic minorities living in Hồ Chí Minh City: surnames and given names.
HOA_SURNAMES: tuple[str, ...] = ("Lâm", "Lý", "Trương", "Quách", "Mã", "Tăng", "Hứa", "Diệp", "Lưu", "Thái")
HOA_MIDDLE_MALE: tuple[str, ...] = ("Chí", "Gia", "Vĩnh", "Kiến", "Quốc")
HOA_MIDDLE_FEMALE: tuple[str, ...] = ("Mỹ", "Ngọc", "Tú", "Lệ", "Uyển")
KHMER_SURNAMES: tuple[str, ...] = ("Thạch", "Sơn", "Danh", "Kim", "Lâm")
KHMER_GIVEN_MALE: tuple[str, ...] = ("Sóc", "Phol", "Sa Rinh", "Thươl", "Sô Phanh", "Chanh Đa", "Rươl")
KHMER_GIVEN_FEMALE: tuple[str, ...] = ("Sa Ry", "Sóc Khum", "Sà Rết", "Mỹ Lan", "Sa Mây", "Chanh Thu")
CHAM_SURNAMES: tuple[str, ...] = ("Đàng", "Thông", "Quảng", "Thiên", "Lưu", "Bá")

# Ethnicity of members (weights in per mille) and their usual religion.
ETHNICITIES: tuple[tuple[str, int], ...] = (("Kinh", 952), ("Hoa", 30), ("Khmer", 10), ("Chăm", 4), ("Tày", 2), ("Mường", 2))
RELIGIONS: tuple[tuple[str, int], ...] = (
    ("Không", 900),
    ("Phật giáo", 62),
    ("Công giáo", 28),
    ("Cao Đài", 6),
    ("Phật giáo Hòa Hảo", 2),
    ("Tin lành", 2),
)

# Provinces: (name as written in records, CCCD code, region, districts or towns for the hometown).
PROVINCES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("Thành phố Hồ Chí Minh", "079", "hcm", ("Quận 9", "Quận Thủ Đức", "huyện Củ Chi", "huyện Hóc Môn", "Quận Gò Vấp", "Quận Bình Thạnh", "huyện Cần Giờ", "Quận 2")),
    ("tỉnh Long An", "080", "south", ("huyện Cần Giuộc", "huyện Đức Hòa", "huyện Bến Lức", "huyện Châu Thành")),
    ("tỉnh Tiền Giang", "082", "south", ("huyện Cái Bè", "huyện Gò Công Tây", "huyện Chợ Gạo", "huyện Châu Thành")),
    ("tỉnh Bến Tre", "083", "south", ("huyện Mỏ Cày Nam", "huyện Ba Tri", "huyện Giồng Trôm", "huyện Bình Đại")),
    ("tỉnh Đồng Nai", "075", "south", ("huyện Nhơn Trạch", "huyện Long Thành", "huyện Thống Nhất", "huyện Vĩnh Cửu")),
    ("tỉnh Bình Dương", "074", "south", ("thị xã Dĩ An", "thị xã Thuận An", "thị xã Tân Uyên")),
    ("tỉnh Tây Ninh", "072", "south", ("huyện Gò Dầu", "huyện Trảng Bàng", "huyện Hòa Thành")),
    ("tỉnh Vĩnh Long", "086", "south", ("huyện Long Hồ", "huyện Tam Bình", "huyện Vũng Liêm")),
    ("tỉnh Đồng Tháp", "087", "south", ("huyện Cao Lãnh", "huyện Lấp Vò", "huyện Tháp Mười")),
    ("tỉnh An Giang", "089", "south", ("huyện Chợ Mới", "huyện Phú Tân", "huyện Châu Phú")),
    ("thành phố Cần Thơ", "092", "south", ("quận Ô Môn", "huyện Phong Điền", "quận Thốt Nốt")),
    ("tỉnh Kiên Giang", "091", "south", ("huyện Giồng Riềng", "huyện Châu Thành", "huyện Hòn Đất")),
    ("tỉnh Bà Rịa - Vũng Tàu", "077", "south", ("huyện Long Điền", "huyện Xuyên Mộc", "huyện Đất Đỏ")),
    ("tỉnh Quảng Nam", "049", "central", ("huyện Duy Xuyên", "thị xã Điện Bàn", "huyện Thăng Bình", "huyện Quế Sơn")),
    ("tỉnh Quảng Ngãi", "051", "central", ("huyện Bình Sơn", "huyện Mộ Đức", "huyện Đức Phổ", "huyện Tư Nghĩa")),
    ("tỉnh Bình Định", "052", "central", ("huyện Hoài Nhơn", "huyện Phù Cát", "huyện Tây Sơn", "thị xã An Nhơn")),
    ("tỉnh Thừa Thiên Huế", "046", "central", ("huyện Phong Điền", "thị xã Hương Trà", "huyện Phú Vang")),
    ("tỉnh Quảng Trị", "045", "central", ("huyện Hải Lăng", "huyện Triệu Phong", "huyện Gio Linh")),
    ("tỉnh Quảng Bình", "044", "central", ("huyện Lệ Thủy", "huyện Quảng Ninh", "huyện Bố Trạch")),
    ("tỉnh Hà Tĩnh", "042", "central", ("huyện Can Lộc", "huyện Đức Thọ", "huyện Hương Sơn", "huyện Thạch Hà")),
    ("tỉnh Nghệ An", "040", "central", ("huyện Nam Đàn", "huyện Diễn Châu", "huyện Quỳnh Lưu", "huyện Yên Thành")),
    ("tỉnh Thanh Hóa", "038", "central", ("huyện Hoằng Hóa", "huyện Tĩnh Gia", "huyện Nông Cống", "huyện Thọ Xuân")),
    ("tỉnh Phú Yên", "054", "central", ("huyện Tuy An", "thị xã Sông Cầu", "huyện Đồng Xuân")),
    ("tỉnh Khánh Hòa", "056", "central", ("thị xã Ninh Hòa", "huyện Diên Khánh", "huyện Vạn Ninh")),
    ("tỉnh Bình Thuận", "060", "central", ("huyện Hàm Thuận Bắc", "huyện Bắc Bình", "huyện Tuy Phong")),
    ("thành phố Hà Nội", "001", "north", ("huyện Thạch Thất", "huyện Ứng Hòa", "huyện Đông Anh", "huyện Sóc Sơn")),
    ("tỉnh Nam Định", "036", "north", ("huyện Hải Hậu", "huyện Giao Thủy", "huyện Ý Yên", "huyện Xuân Trường")),
    ("tỉnh Thái Bình", "034", "north", ("huyện Kiến Xương", "huyện Tiền Hải", "huyện Vũ Thư", "huyện Quỳnh Phụ")),
    ("tỉnh Hải Dương", "030", "north", ("huyện Gia Lộc", "huyện Cẩm Giàng", "thị xã Kinh Môn")),
    ("tỉnh Hưng Yên", "033", "north", ("huyện Khoái Châu", "huyện Văn Lâm", "huyện Kim Động")),
    ("tỉnh Ninh Bình", "037", "north", ("huyện Yên Khánh", "huyện Kim Sơn", "huyện Gia Viễn")),
    ("tỉnh Hà Nam", "035", "north", ("huyện Lý Nhân", "huyện Bình Lục", "huyện Thanh Liêm")),
    ("thành phố Hải Phòng", "031", "north", ("huyện Thủy Nguyên", "huyện Vĩnh Bảo", "huyện Tiên Lãng")),
)
REGION_WEIGHTS: tuple[tuple[str, int], ...] = (("hcm", 36), ("south", 26), ("central", 27), ("north", 11))
# Hometowns for the minorities.
KHMER_PROVINCES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("tỉnh Trà Vinh", "084", ("huyện Cầu Kè", "huyện Trà Cú", "huyện Tiểu Cần")),
    ("tỉnh Sóc Trăng", "094", ("huyện Mỹ Xuyên", "huyện Long Phú", "thị xã Vĩnh Châu")),
)
CHAM_PROVINCES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("tỉnh Ninh Thuận", "058", ("huyện Ninh Phước", "huyện Ninh Hải", "huyện Thuận Bắc")),
    ("tỉnh An Giang", "089", ("huyện An Phú", "thị xã Tân Châu")),
)
HOA_HOMETOWNS: tuple[str, ...] = ("Quận 5, Thành phố Hồ Chí Minh", "Quận 6, Thành phố Hồ Chí Minh", "Quận 11, Thành phố Hồ Chí Minh")

# Professions (chuyên môn nghiệp vụ) by the kind of work the member's cell stands for.
PROFESSIONS: dict[str, tuple[str, ...]] = {
    "agency": (
        "Cử nhân Luật", "Cử nhân Kinh tế", "Cử nhân Hành chính", "Kỹ sư Xây dựng", "Thạc sĩ Quản lý công",
        "Cử nhân Kế toán", "Kiến trúc sư", "Cử nhân Quản lý đất đai", "Cử nhân Tài chính - Ngân hàng",
        "Cử nhân Công tác xã hội", "Thạc sĩ Luật",
    ),
    "school": (
        "Cử nhân Sư phạm Toán", "Cử nhân Sư phạm Ngữ văn", "Cử nhân Sư phạm Tiểu học", "Cao đẳng Sư phạm Mầm non",
        "Thạc sĩ Giáo dục học", "Cử nhân Sư phạm Tiếng Anh", "Cử nhân Sư phạm Vật lý", "Cử nhân Sư phạm Hóa học",
        "Cử nhân Sư phạm Lịch sử", "Cử nhân Giáo dục thể chất",
    ),
    "health": (
        "Bác sĩ đa khoa", "Cử nhân Điều dưỡng", "Dược sĩ đại học", "Cử nhân Y tế công cộng", "Bác sĩ chuyên khoa I",
        "Trung cấp Y sĩ", "Cử nhân Xét nghiệm",
    ),
    "culture": ("Cử nhân Văn hóa học", "Cử nhân Quản lý văn hóa", "Cử nhân Thể dục thể thao", "Cử nhân Báo chí"),
    "army": ("Trung cấp Quân sự", "Cử nhân Quân sự", "Cao đẳng Quân sự", "Cử nhân Chỉ huy tham mưu"),
    "police": ("Cử nhân An ninh", "Cử nhân Cảnh sát", "Trung cấp Cảnh sát", "Cử nhân Luật"),
    "enterprise": (
        "Kỹ sư Cơ khí", "Kỹ sư Điện", "Cử nhân Quản trị kinh doanh", "Công nhân kỹ thuật", "Trung cấp Kế toán",
        "Kỹ sư Công nghệ thông tin", "Kỹ sư Môi trường", "Cao đẳng Điện tử",
    ),
    "residential": (
        "Cử nhân Kinh tế", "Kỹ sư Cơ khí", "Trung cấp Kế toán", "Cử nhân Sư phạm", "Y sĩ", "Công nhân kỹ thuật",
        "Cử nhân Luật", "Trung cấp Quân sự", "Cử nhân Hành chính", "Kỹ sư Nông nghiệp",
    ),
}

OCCUPATIONS: dict[str, tuple[str, ...]] = {
    "agency": ("Công chức",),
    "school": ("Giáo viên", "Giáo viên", "Giáo viên", "Viên chức quản lý giáo dục"),
    "health": ("Viên chức y tế",),
    "culture": ("Viên chức",),
    "army": ("Quân nhân chuyên nghiệp", "Sĩ quan quân đội"),
    "police": ("Sĩ quan Công an", "Hạ sĩ quan Công an"),
    "enterprise": ("Công nhân", "Nhân viên văn phòng", "Kỹ sư", "Công nhân"),
    "residential": ("Kinh doanh", "Lao động tự do", "Công nhân", "Nhân viên", "Nội trợ"),
}

# Where members come from and go to (the letter of transfer names the receiving committee).
ELSEWHERE: tuple[str, ...] = (
    "Đảng bộ Quận Thủ Đức, Thành phố Hồ Chí Minh",
    "Đảng bộ Quận 2, Thành phố Hồ Chí Minh",
    "Đảng bộ Quận Bình Thạnh, Thành phố Hồ Chí Minh",
    "Đảng bộ Quận Gò Vấp, Thành phố Hồ Chí Minh",
    "Đảng bộ Quận 12, Thành phố Hồ Chí Minh",
    "Đảng bộ Quận 1, Thành phố Hồ Chí Minh",
    "Đảng bộ Quận 7, Thành phố Hồ Chí Minh",
    "Đảng bộ huyện Nhà Bè, Thành phố Hồ Chí Minh",
    "Đảng bộ Khối Cơ sở Bộ Công Thương tại Thành phố Hồ Chí Minh",
    "Đảng bộ thị xã Dĩ An, tỉnh Bình Dương",
    "Đảng bộ thành phố Biên Hòa, tỉnh Đồng Nai",
    "Đảng bộ huyện Nhơn Trạch, tỉnh Đồng Nai",
    "Đảng bộ huyện Long Thành, tỉnh Đồng Nai",
    "Đảng bộ thành phố Tân An, tỉnh Long An",
    "Đảng bộ thành phố Quy Nhơn, tỉnh Bình Định",
    "Đảng bộ thành phố Vinh, tỉnh Nghệ An",
    "Đảng bộ thành phố Mỹ Tho, tỉnh Tiền Giang",
    "Đảng bộ thành phố Buôn Ma Thuột, tỉnh Đắk Lắk",
)
STUDY_PLACES: tuple[str, ...] = (
    "Học viện Chính trị khu vực II",
    "Trường Cán bộ Thành phố Hồ Chí Minh",
    "Học viện Hành chính Quốc gia phân viện khu vực Thành phố Hồ Chí Minh",
    "Trường Đại học Luật Thành phố Hồ Chí Minh (lớp văn bằng 2)",
)
# fmt: on
