"""The documents Dangbo writes from its records, each from a DOCX template (the shipped one, or a
version an administrator uploaded): what each is called, which fields its template must hold, and
a sample of its data with which an uploaded template is tried before it is accepted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The heading and the signer block every document has (Hướng dẫn 36-HD/VPTW).
COMMON_FIELDS = {
    "superior": "cơ quan cấp trên",
    "issuer": "cơ quan ban hành",
    "place_date": "địa danh, ngày tháng năm",
    "signing_committee": "thẩm quyền ký (T/M …)",
    "signer_title": "chức vụ người ký",
    "signer_name": "họ tên người ký",
}


@dataclass(frozen=True)
class DocumentKind:
    key: str  # the command's KIND and the file name of the shipped template
    label: str
    type_abbreviation: str  # in the number: BC, GGT, QĐ, BB ("" = the document has no number)
    fields: dict[str, str]  # field -> what it is (besides COMMON_FIELDS)
    file_stem: str  # the downloaded file's name starts so

    @property
    def required(self) -> dict[str, str]:
        fields = dict(COMMON_FIELDS)
        if self.type_abbreviation:
            fields["number_line"] = "số văn bản"
        fields.update(self.fields)
        return fields


KINDS: dict[str, DocumentKind] = {
    kind.key: kind
    for kind in (
        DocumentKind(
            "year-report",
            "Báo cáo kết quả đánh giá, xếp loại chất lượng năm",
            "BC",
            {
                "year": "năm",
                "opening": "đoạn mở đầu",
                "sections": "các bảng số liệu",
                "recipients": "nơi nhận",
            },
            "bao-cao-danh-gia",
        ),
        DocumentKind(
            "member-sheet",
            "Phiếu đảng viên",
            "",
            {"member": "thông tin đảng viên", "history": "quá trình sinh hoạt đảng"},
            "phieu-dang-vien",
        ),
        DocumentKind(
            "transfer-letter",
            "Giấy giới thiệu sinh hoạt đảng",
            "GGT",
            {
                "member": "thông tin đảng viên",
                "transfer_kind": "loại chuyển sinh hoạt",
                "transfer_sentence": "nơi chuyển đến",
                "recipients": "nơi nhận",
            },
            "giay-gioi-thieu",
        ),
        DocumentKind(
            "decision",
            "Quyết định (kết nạp, công nhận chính thức, xóa tên, miễn sinh hoạt)",
            "QĐ",
            {"summary": "trích yếu", "grounds": "căn cứ", "articles": "các điều", "recipients": "nơi nhận"},
            "quyet-dinh",
        ),
        DocumentKind(
            "meeting-minutes",
            "Biên bản sinh hoạt chi bộ",
            "BB",
            {
                "summary": "trích yếu",
                "attendance_line": "số đảng viên dự họp",
                "topics": "nội dung sinh hoạt",
                "clerk_name": "họ tên thư ký",
            },
            "bien-ban-sinh-hoat",
        ),
    )
}


def sample_context(kind: str) -> dict[str, Any]:
    """Data of the shape the code fills in, to try a template on before it is accepted."""
    rows = [{"label": "Ngày sinh", "value": "01/01/1980"}]
    section_rows = [{"label": "Hoàn thành tốt nhiệm vụ", "count": "12", "percent": "50,00"}]
    return {
        "superior": "ĐẢNG BỘ QUẬN 9",
        "issuer": "ĐẢNG ỦY PHƯỜNG MẪU",
        "issuer_name": "Đảng ủy phường Mẫu",
        "abbreviation": "ĐU",
        "number": "01",
        "number_line": "Số 01-BC/ĐU",
        "place": "Phường Mẫu",
        "place_date": "Phường Mẫu, ngày 01 tháng 01 năm 2020",
        "signed_on": "01/01/2020",
        "signing_committee": "T/M ĐẢNG ỦY",
        "signer_title": "BÍ THƯ",
        "signer_name": "Nguyễn Văn A",
        "recipients": ["Ban Tổ chức Quận ủy,", "Lưu Văn phòng Đảng ủy."],
        "organization": "Đảng bộ phường Mẫu",
        "year": 2020,
        "opening": "Mở đầu.",
        "narrative": "Tình hình.",
        "sections": [
            {"title": "Tổ chức cơ sở đảng", "rows": section_rows, "not_evaluated": ["Không đánh giá: 1"]}
        ],
        "commendations": ["Giấy khen: Chi bộ Khu phố 1 – Đảng bộ phường Mẫu."],
        "member": {"full_name": "Nguyễn Văn A", "full_name_upper": "NGUYỄN VĂN A", "rows": rows},
        "history": [
            {"day": "01/01/2000", "kind": "Kết nạp vào Đảng", "decision": "01-QĐ/QU", "where": "Chi bộ"}
        ],
        "transfer_kind": "(Chính thức)",
        "transfer_sentence": "Được chuyển sinh hoạt đảng.",
        "request_sentence": "Đề nghị tiếp nhận.",
        "validity_sentence": "Có giá trị 30 ngày.",
        "summary": "Về việc mẫu",
        "deciding_body": "BAN THƯỜNG VỤ",
        "grounds": ["Căn cứ Điều lệ Đảng Cộng sản Việt Nam;"],
        "articles": ["Điều 1. Mẫu."],
        "attendance_line": "Có mặt 10/12.",
        "absent": ["Nguyễn Văn B (vắng có lý do)"],
        "chair_line": "Chủ trì: Nguyễn Văn A.",
        "topics": ["Nội dung."],
        "clerk_name": "",
        "closing": "Buổi sinh hoạt kết thúc.",
    }
