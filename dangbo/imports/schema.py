"""The sheets Dangbo reads and writes: their canonical Vietnamese headers, the aliases people use,
and how a sheet's kind is recognised from its header row. Pure Python, no Django.

Headers are compared folded (no diacritics, no case), without punctuation, "(…)" notes or a
trailing "*", so "SO CCCD", "Số CCCD (12 số)" and "số cccd*" are the same column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from dangbo.core.text import fold
from dangbo.evaluations.rules.schemes import SCHEMES

_SCORED = next(s for s in SCHEMES if s.scored)  # the first scheme with a 100-point score (QĐ 366)

ORGANIZATIONS = "organizations"
MEMBERS = "members"
EVENTS = "events"
MEMBER_RATINGS = "member_ratings"
ORGANIZATION_RATINGS = "organization_ratings"
AWARDS = "awards"
REGISTER = "register"  # Mẫu 7-HSĐV, the printed register: recognised, never imported


@dataclass(frozen=True)
class Column:
    name: str
    header: str  # canonical Vietnamese header
    aliases: tuple[str, ...] = ()
    required: bool = False  # a value is needed in every row
    note: str = ""  # shown in the instructions sheet
    width: int = 16
    is_date: bool = False


@dataclass(frozen=True)
class SheetKind:
    code: str
    title: str  # the sheet's name in templates and exports
    label: str  # how the kind is named in messages
    columns: tuple[Column, ...]
    # to recognise the kind: at least one column of each group, and none of the forbidden ones
    signature: tuple[frozenset[str], ...]
    forbidden: frozenset[str] = frozenset()
    ignored: tuple[str, ...] = ()  # headers known and not read (STT, names shown for reading …)
    instructions: tuple[str, ...] = ()
    template_columns: tuple[str, ...] = ()  # columns in the blank template (default: all)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def template(self) -> tuple[Column, ...]:
        if not self.template_columns:
            return self.columns
        return tuple(self.column(name) for name in self.template_columns)


_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_PUNCT = re.compile(r"[^0-9a-z]+")


def header_key(value: str) -> str:
    """The comparable form of a header: "Số CCCD (12 số)*" → "so cccd"."""
    folded = fold(_PAREN.sub(" ", str(value)))
    return " ".join(_PUNCT.sub(" ", folded).split())


_CCCD = Column(
    "cccd",
    "Số CCCD",
    (
        "CCCD",
        "Số căn cước công dân",
        "Căn cước công dân",
        "Số căn cước",
        "Số định danh",
        "Số định danh cá nhân",
        "CMND/CCCD",
        "Số CMND/CCCD",
        "Mã định danh",
    ),
    note="12 chữ số. Định dạng cột là Văn bản để Excel không bỏ số 0 ở đầu.",
)
_CARD = Column(
    "party_card_number",
    "Số thẻ đảng viên",
    ("Số thẻ", "Số thẻ Đảng", "Số thẻ ĐV", "Thẻ đảng viên", "Số thẻ đảng"),
)
_REF = Column(
    "member_ref",
    "Mã Dangbo",
    ("Mã đảng viên Dangbo", "Mã hồ sơ Dangbo", "Mã Dangbo không sửa"),
    note="Số hiệu của hồ sơ trong Dangbo (có trong tệp xuất): nhận diện đảng viên chưa có CCCD và số thẻ. Không sửa.",
    width=10,
)
_NAME = Column(
    "full_name",
    "Họ và tên",
    ("Họ tên", "Họ và tên đảng viên", "Tên đảng viên", "Họ và tên khai sinh đảng viên", "Họ, tên"),
    width=28,
)
_YEAR = Column("year", "Năm", ("Năm đánh giá", "Năm xếp loại", "Năm khen thưởng"), required=True, width=8)
_RANK = Column(
    "rank",
    "Xếp loại",
    ("Mức xếp loại", "Kết quả xếp loại", "Xếp loại chất lượng", "Kết quả đánh giá", "Kết quả"),
    note="Theo cách gọi của quy định năm đó (ví dụ “Hoàn thành tốt nhiệm vụ”); "
    "cũng nhận HTXSNV, HTTNV, HTNV, KHTNV.",
    width=34,
)
_REASON = Column(
    "not_rated_reason",
    "Lý do không xếp loại",
    ("Không xếp loại", "Lý do", "Lý do chưa xếp loại", "Không xếp loại lý do"),
    note="Chỉ ghi khi không xếp loại (để trống cột Xếp loại).",
    width=30,
)
_DECISION = Column("decision_number", "Số quyết định", ("Số QĐ", "Quyết định số", "Số quyết định, thông báo"))
_DECISION_DATE = Column(
    "decision_date", "Ngày quyết định", ("Ngày QĐ", "Ngày ký quyết định"), is_date=True, width=14
)
_ORG_CODE = Column(
    "code", "Mã tổ chức", ("Mã", "Mã đơn vị", "Mã TC", "Mã tổ chức đảng", "Mã số tổ chức"), width=14
)

ORGANIZATION_KIND = SheetKind(
    code=ORGANIZATIONS,
    title="Tổ chức đảng",
    label="tổ chức đảng",
    columns=(
        replace(_ORG_CODE, required=True),
        Column("name", "Tên tổ chức", ("Tên", "Tên đơn vị", "Tên tổ chức đảng"), required=True, width=40),
        Column(
            "parent_code",
            "Mã tổ chức cấp trên",
            ("Mã cấp trên", "Cấp trên", "Trực thuộc", "Mã tổ chức trực thuộc", "Mã cấp trên trực tiếp"),
            note="Để trống cho tổ chức cao nhất của tệp (chỉ quản trị hệ thống).",
            width=14,
        ),
        Column(
            "kind",
            "Cấp tổ chức",
            ("Cấp", "Loại tổ chức", "Cấp tổ chức đảng"),
            required=True,
            note="Đảng bộ tỉnh, thành phố; Đảng bộ quận, huyện; Đảng bộ xã, phường, đặc khu; "
            "Đảng bộ cấp trên cơ sở khác; Đảng bộ cơ sở; Chi bộ cơ sở; Đảng bộ bộ phận; Chi bộ trực thuộc.",
            width=24,
        ),
        Column(
            "sector",
            "Loại hình",
            ("Loại hình tổ chức", "Loại hình cơ sở"),
            note="Xã, phường, thị trấn; Cơ quan; Trường học công lập; Doanh nghiệp nhà nước; "
            "Khu phố, ấp; Chung cư; Quân đội; Công an; Khác …",
            width=26,
        ),
        Column(
            "established_on",
            "Ngày thành lập",
            ("Ngày thành lập tổ chức", "Thành lập ngày"),
            required=True,
            is_date=True,
            width=14,
        ),
        replace(_DECISION, note="Quyết định thành lập (nếu để trống: ghi “nhập từ Excel”)."),
        _DECISION_DATE,
    ),
    signature=(frozenset({"code"}), frozenset({"name"}), frozenset({"kind", "parent_code"})),
    forbidden=frozenset({"cccd", "party_card_number", "member_ref", "full_name", "year"}),
    ignored=("STT", "Số TT", "TT", "Ghi chú", "Tên tổ chức cấp trên"),
    instructions=(
        "Mỗi dòng là một tổ chức đảng; tổ chức cấp trên ghi trước hoặc đã có trong hệ thống.",
        "Tổ chức đã có (cùng mã) được giữ nguyên: đổi tên, chuyển trực thuộc, giải thể làm trên trang tổ chức.",
    ),
    template_columns=("code", "name", "parent_code", "kind", "sector", "established_on"),
)

_PROFILE_EXTRA = (
    Column("birth_name", "Họ và tên khai sinh", ("Họ tên khai sinh", "Tên khai sinh"), width=24),
    Column("aliases", "Bí danh", ("Tên gọi khác",)),
    Column("birth_place", "Nơi sinh", width=24),
    Column(
        "residence",
        "Nơi cư trú",
        ("Nơi ở hiện nay", "Chỗ ở hiện nay", "Địa chỉ thường trú", "Địa chỉ"),
        width=30,
    ),
    Column("file_number", "Số lý lịch", ("Số lý lịch đảng viên", "Số hồ sơ")),
    Column("badge_number", "Số huy hiệu", ("Số Huy hiệu Đảng", "Huy hiệu")),
    Column("foreign_language", "Ngoại ngữ"),
    Column(
        "occupation_before",
        "Nghề nghiệp khi vào Đảng",
        ("Nghề nghiệp trước khi vào Đảng", "Nghề nghiệp trước khi vào đảng"),
        width=22,
    ),
    Column("occupation", "Nghề nghiệp hiện nay", ("Nghề nghiệp", "Công việc hiện nay"), width=22),
    Column("force", "Bộ đội, công an, hưu trí", ("Quân đội, công an, nghỉ hưu", "Bộ đội công an hưu trí")),
    Column("notes", "Ghi chú", ("Ghi chú khác",), width=24),
)

MEMBER_KIND = SheetKind(
    code=MEMBERS,
    title="Đảng viên",
    label="đảng viên",
    columns=(
        replace(_NAME, required=True),
        Column(
            "sex",
            "Giới tính",
            ("Nam/Nữ", "Nam, nữ", "Nam nữ", "Phái"),
            required=True,
            note="Nam hoặc Nữ.",
            width=9,
        ),
        Column(
            "birth_date",
            "Ngày sinh",
            ("Ngày tháng năm sinh", "Sinh ngày", "Ngày, tháng, năm sinh"),
            required=True,
            is_date=True,
            width=12,
        ),
        Column("ethnicity", "Dân tộc", width=10),
        Column("religion", "Tôn giáo", width=10),
        Column("hometown", "Quê quán", ("Nguyên quán",), width=30),
        _CCCD,
        _CARD,
        _REF,
        Column(
            "admitted_on",
            "Ngày vào Đảng",
            ("Ngày kết nạp", "Ngày kết nạp Đảng", "Vào Đảng", "Ngày vào đảng"),
            required=True,
            is_date=True,
            width=13,
        ),
        Column(
            "official_on",
            "Ngày chính thức",
            ("Ngày công nhận chính thức", "Chính thức", "Ngày chuyển chính thức"),
            is_date=True,
            note="Để trống nếu còn dự bị.",
            width=13,
        ),
        Column(
            "organization_code",
            "Mã tổ chức",
            ("Mã chi bộ", "Mã tổ chức đảng", "Mã đơn vị", "Chi bộ (mã)"),
            note="Mã chi bộ nơi đảng viên đang sinh hoạt. Nếu mỗi sheet là một chi bộ, có thể bỏ cột này "
            "và đặt tên sheet là mã chi bộ (hoặc ghi “Mã chi bộ: …” ở dòng tiêu đề).",
            width=12,
        ),
        Column(
            "education",
            "Trình độ học vấn",
            ("Học vấn", "Văn hóa", "Trình độ văn hóa", "Giáo dục phổ thông", "Trình độ GDPT"),
            width=10,
        ),
        Column(
            "political_theory",
            "Lý luận chính trị",
            ("LLCT", "Trình độ lý luận chính trị", "Trình độ lý luận", "Lý luận"),
            note="Sơ cấp, Trung cấp, Cao cấp, Cử nhân (để trống nếu chưa qua đào tạo).",
            width=12,
        ),
        Column(
            "profession",
            "Chuyên môn",
            ("Chuyên môn nghiệp vụ", "Trình độ chuyên môn", "CMNV", "Trình độ chuyên môn nghiệp vụ"),
            width=20,
        ),
        *_PROFILE_EXTRA,
    ),
    signature=(frozenset({"full_name"}), frozenset({"birth_date", "admitted_on"})),
    forbidden=frozenset({"year", "event"}),
    ignored=("STT", "Số TT", "TT", "Tình trạng", "Chi bộ", "Tên chi bộ", "Tên tổ chức", "Tuổi"),
    instructions=(
        "Mỗi dòng là một đảng viên đang sinh hoạt. Đảng viên được nhận diện bằng số CCCD, "
        "rồi đến số thẻ đảng viên: phải có ít nhất một trong hai.",
        "Đảng viên đã có trong hệ thống: thông tin khác trong tệp được cập nhật, ô để trống giữ nguyên; "
        "ngày vào Đảng, ngày chính thức và chi bộ chỉ thay đổi bằng quyết định.",
        "Đảng viên mới: ghi quyết định kết nạp tại chi bộ (hoặc tiếp nhận vào chi bộ nếu chi bộ thành lập "
        "sau ngày vào Đảng) và quyết định công nhận chính thức.",
    ),
    template_columns=(
        "full_name",
        "sex",
        "birth_date",
        "ethnicity",
        "religion",
        "hometown",
        "cccd",
        "party_card_number",
        "admitted_on",
        "official_on",
        "organization_code",
        "education",
        "political_theory",
        "profession",
    ),
)

EVENT_KIND = SheetKind(
    code=EVENTS,
    title="Quá trình sinh hoạt",
    label="sự kiện sinh hoạt đảng",
    columns=(
        _CCCD,
        _CARD,
        _REF,
        replace(_NAME, note="Để đối chiếu; đảng viên nhận diện bằng CCCD hoặc số thẻ."),
        Column(
            "event",
            "Sự kiện",
            ("Việc", "Loại sự kiện", "Nội dung", "Biến động"),
            required=True,
            note="Kết nạp; Tiếp nhận; Công nhận chính thức; Chuyển sinh hoạt; Kết thúc sinh hoạt tạm thời; "
            "Miễn sinh hoạt; Thôi miễn sinh hoạt; Kỷ luật; Xóa tên; Từ trần; Ra khỏi Đảng.",
            width=26,
        ),
        Column(
            "effective_on",
            "Ngày hiệu lực",
            ("Ngày", "Ngày sự kiện", "Ngày biến động"),
            required=True,
            is_date=True,
            width=13,
        ),
        _DECISION,
        _DECISION_DATE,
        Column("issued_by", "Cơ quan ban hành", ("Cấp ra quyết định", "Cơ quan quyết định"), width=22),
        Column(
            "to_code",
            "Mã tổ chức đến",
            ("Mã chi bộ đến", "Chi bộ đến", "Mã tổ chức nhận", "Mã chi bộ"),
            note="Chi bộ kết nạp, tiếp nhận hoặc chuyển đến (trong hệ thống).",
            width=14,
        ),
        Column(
            "transfer_type",
            "Loại chuyển sinh hoạt",
            ("Hình thức chuyển", "Loại chuyển"),
            note="Chính thức, Tạm thời, Nội bộ (mặc định: chính thức).",
            width=14,
        ),
        Column(
            "form",
            "Hình thức kỷ luật",
            ("Kỷ luật", "Hình thức"),
            note="Khiển trách, Cảnh cáo, Cách chức, Khai trừ.",
        ),
        Column(
            "place",
            "Nơi chuyển đi, đến",
            ("Nơi chuyển đến", "Nơi chuyển đi", "Nơi đến", "Từ đâu đến", "Nơi đi"),
            note="Khi chuyển ra ngoài hệ thống: nơi đến; khi tiếp nhận: nơi chuyển đến từ.",
            width=24,
        ),
        Column(
            "status",
            "Tình trạng khi tiếp nhận",
            ("Dự bị/Chính thức",),
            note="Dự bị hoặc Chính thức (chỉ khi tiếp nhận).",
            width=12,
        ),
        Column("ceremony_on", "Ngày lễ kết nạp", ("Ngày tổ chức lễ kết nạp",), is_date=True, width=13),
        Column("note", "Ghi chú", width=24),
    ),
    signature=(
        frozenset({"event"}),
        frozenset({"effective_on"}),
        frozenset({"cccd", "party_card_number", "member_ref"}),
    ),
    ignored=("STT", "Số TT", "TT", "Chi bộ", "Tên chi bộ", "Tổ chức đến"),
    template_columns=(
        "cccd",
        "party_card_number",
        "full_name",
        "event",
        "effective_on",
        "decision_number",
        "decision_date",
        "issued_by",
        "to_code",
        "transfer_type",
        "form",
        "place",
        "status",
        "ceremony_on",
        "note",
    ),  # fmt: skip
    instructions=(
        "Mỗi dòng là một quyết định về sinh hoạt đảng của một đảng viên, theo thứ tự thời gian.",
        "Sự kiện đã có (cùng đảng viên, cùng việc, cùng ngày) được bỏ qua khi nhập lại.",
    ),
)

MEMBER_RATING_KIND = SheetKind(
    code=MEMBER_RATINGS,
    title="Xếp loại đảng viên",
    label="xếp loại đảng viên",
    columns=(
        _CCCD,
        _CARD,
        _REF,
        replace(_NAME, note="Để đối chiếu; đảng viên nhận diện bằng CCCD hoặc số thẻ."),
        _YEAR,
        _RANK,
        _REASON,
        _DECISION,
        _DECISION_DATE,
        # the decision's score from 2025 (QĐ 366): its two parts, both or neither
        Column(
            "score_general",
            "Điểm tiêu chí chung",
            ("Tiêu chí chung", "Điểm tiêu chí chung (30)"),
            note=f"Từ năm {_SCORED.first_year} ({_SCORED.cite('score')}): điểm của quyết định, 0–30; "
            "ghi cùng điểm kết quả.",
            width=10,
        ),
        Column(
            "score_results",
            "Điểm kết quả",
            ("Điểm kết quả thực hiện nhiệm vụ", "Kết quả thực hiện nhiệm vụ", "Điểm kết quả (70)"),
            note=f"Từ năm {_SCORED.first_year}: điểm kết quả thực hiện nhiệm vụ của quyết định, 0–70.",
            width=10,
        ),
    ),
    signature=(
        frozenset({"cccd", "party_card_number", "member_ref"}),
        frozenset({"year"}),
        frozenset({"rank"}),
    ),
    ignored=("STT", "Số TT", "TT", "Mã tổ chức", "Chi bộ", "Tên chi bộ", "Mã chi bộ"),
    instructions=(
        "Mỗi dòng là kết quả xếp loại của một đảng viên trong một năm.",
        "Nhập lại cùng tệp không thay đổi gì; năm đã khóa sổ chỉ sửa bằng quyết định điều chỉnh.",
        "Kết quả vượt quy tắc (ví dụ quá 20 % hoàn thành xuất sắc) vẫn được ghi như đã quyết định và được đánh dấu.",
    ),
    template_columns=("cccd", "party_card_number", "full_name", "year", "rank", "not_rated_reason"),
)

ORGANIZATION_RATING_KIND = SheetKind(
    code=ORGANIZATION_RATINGS,
    title="Xếp loại tổ chức",
    label="xếp loại tổ chức đảng",
    columns=(
        replace(_ORG_CODE, required=True),
        Column("name", "Tên tổ chức", ("Tên", "Tên tổ chức đảng"), note="Để đối chiếu.", width=40),
        _YEAR,
        _RANK,
        Column(
            "exemplary",
            "Tiêu biểu",
            ("Trong sạch vững mạnh tiêu biểu", "TSVM tiêu biểu"),
            note="Ghi x nếu được chọn tiêu biểu (chỉ khi hoàn thành xuất sắc nhiệm vụ).",
            width=10,
        ),
        _REASON,
        Column(
            "score",
            "Điểm",
            ("Tổng điểm", "Điểm đánh giá"),
            note=f"Từ năm {_SCORED.first_year} ({_SCORED.cite('score')}): 0–100.",
            width=8,
        ),
        _DECISION,
        _DECISION_DATE,
    ),
    signature=(frozenset({"code"}), frozenset({"year"}), frozenset({"rank"})),
    forbidden=frozenset({"cccd", "party_card_number", "member_ref"}),
    ignored=("STT", "Số TT", "TT", "Cấp tổ chức", "Loại hình"),
    instructions=("Mỗi dòng là kết quả xếp loại của một tổ chức đảng trong một năm.",),
    template_columns=("code", "name", "year", "rank", "exemplary"),
)

AWARD_KIND = SheetKind(
    code=AWARDS,
    title="Khen thưởng",
    label="khen thưởng",
    columns=(
        _CCCD,
        _CARD,
        _REF,
        Column(
            "code", "Mã tổ chức", ("Mã tổ chức được khen",), note="Khi khen thưởng một tổ chức.", width=14
        ),
        Column(
            "target", "Đảng viên, tổ chức được khen", ("Tên", "Đối tượng"), note="Để đối chiếu.", width=30
        ),
        _YEAR,
        Column(
            "kind",
            "Hình thức khen thưởng",
            ("Hình thức",),
            required=True,
            note="Giấy khen hoặc Bằng khen.",
            width=14,
        ),
        Column("title", "Nội dung khen thưởng", ("Nội dung", "Danh hiệu"), required=True, width=40),
        Column("consecutive_years", "Số năm liền", ("Số năm liên tục",), width=8),
        Column("given_by", "Cấp khen thưởng", ("Cấp khen", "Cơ quan khen thưởng"), required=True, width=24),
        replace(_DECISION, required=True),
        replace(_DECISION_DATE, required=True),
    ),
    signature=(frozenset({"title"}), frozenset({"year"}), frozenset({"kind"})),
    ignored=("STT", "Số TT", "TT"),
    instructions=(
        "Chỉ khen thưởng đảng viên, tổ chức được xếp loại hoàn thành xuất sắc nhiệm vụ năm đó (theo quy "
        "định đánh giá, xếp loại của năm).",
    ),
    template_columns=(
        "cccd",
        "party_card_number",
        "code",
        "target",
        "year",
        "kind",
        "title",
        "consecutive_years",
        "given_by",
        "decision_number",
        "decision_date",
    ),  # fmt: skip
)

# The printed register (Mẫu 7-HSĐV): 14 columns, several facts per cell. It has no date of birth or
# CCCD, so it cannot create records; exports carry an importable "Đảng viên" sheet beside it.
REGISTER_HEADERS = (
    "Số TT",
    "Họ và tên\nHọ và tên khai sinh",
    "Nam, nữ\nDân tộc\nTôn giáo",
    "Quê quán",
    "Văn hóa, lý luận, chuyên môn nghiệp vụ, ngoại ngữ",
    "Nghề nghiệp trước khi vào Đảng\nNghề nghiệp hiện nay",
    "Ngày vào Đảng\nNgày chính thức",
    "Số thẻ đảng viên\nSố lý lịch đảng viên\nSố Huy hiệu Đảng",
    "Bộ đội, công an, hưu trí",
    "Ngày chuyển đi, đến đảng bộ cơ sở",
    "Ngày chuyển đến, ở đảng bộ cơ sở nào đến",
    "Ngày từ trần\nLý do",
    "Ngày ra khỏi Đảng, hình thức ra Đảng",
    "Ghi chú",
)
REGISTER_KIND = SheetKind(
    code=REGISTER,
    title="Sổ đảng viên (Mẫu 7-HSĐV)",
    label="sổ danh sách đảng viên Mẫu 7-HSĐV",
    columns=(
        Column("register_name", REGISTER_HEADERS[1]),
        Column("register_sex", REGISTER_HEADERS[2]),
        Column("register_dates", REGISTER_HEADERS[6]),
        Column("register_card", REGISTER_HEADERS[7]),
        Column("register_death", REGISTER_HEADERS[11], ("Ngày từ trần, lý do",)),
        Column("register_leaving", REGISTER_HEADERS[12]),
    ),
    signature=(frozenset({"register_name"}), frozenset({"register_dates", "register_card"})),
)

KINDS: tuple[SheetKind, ...] = (
    ORGANIZATION_KIND,
    MEMBER_KIND,
    EVENT_KIND,
    MEMBER_RATING_KIND,
    ORGANIZATION_RATING_KIND,
    AWARD_KIND,
    REGISTER_KIND,
)
KIND_BY_CODE = {kind.code: kind for kind in KINDS}
# The order in which sheets are applied: the tree, then people, their history, then the reviews.
APPLY_ORDER = (ORGANIZATIONS, MEMBERS, EVENTS, MEMBER_RATINGS, ORGANIZATION_RATINGS, AWARDS)


@dataclass
class HeaderMatch:
    kind: SheetKind
    columns: dict[str, int]  # field name -> column index (0-based)
    unknown: list[tuple[int, str]] = field(default_factory=list)  # headers that mean nothing here

    @property
    def score(self) -> int:
        return len(self.columns)


def _lookup(kind: SheetKind) -> dict[str, str]:
    table: dict[str, str] = {}
    for column in kind.columns:
        for alias in (column.header, *column.aliases):
            table.setdefault(header_key(alias), column.name)
    return table


_LOOKUPS = {kind.code: _lookup(kind) for kind in KINDS}
_IGNORED = {kind.code: {header_key(h) for h in kind.ignored} for kind in KINDS}
# every header of every kind -> the field names it can mean (for the forbidden columns)
_ANY: dict[str, set[str]] = {}
for _table in _LOOKUPS.values():
    for _key, _name in _table.items():
        _ANY.setdefault(_key, set()).add(_name)


def match_headers(headers: list[str]) -> HeaderMatch | None:
    """The kind whose columns best explain this header row, or None."""
    best: HeaderMatch | None = None
    keys = [header_key(h) if h else "" for h in headers]
    present = {name for key in keys if key for name in _ANY.get(key, ())}
    for kind in KINDS:
        lookup = _LOOKUPS[kind.code]
        columns: dict[str, int] = {}
        unknown: list[tuple[int, str]] = []
        for index, key in enumerate(keys):
            if not key:
                continue
            name = lookup.get(key)
            if name is None:
                if key not in _IGNORED[kind.code]:
                    unknown.append((index, headers[index]))
                continue
            columns.setdefault(name, index)
        if kind.forbidden & (present - set(columns)):
            continue
        if not all(group & columns.keys() for group in kind.signature):
            continue
        candidate = HeaderMatch(kind, columns, unknown)
        if best is None or candidate.score > best.score:
            best = candidate
    return best
