"""The review's documents of the QĐ 366 era as Word files in the party format (HD 36-HD/VPTW):
the member's self-assessment (Mẫu 2A, 2B, 2C of HD 43-HD/BTCTW), the collective's report (Mẫu 01)
and the superior's re-rating decision (Mẫu 03). Filled from the record: dataclasses in, bytes out,
never a query (the web views gather the rows through the scoped selectors).

The forms' section headings follow the usual layout of a kiểm điểm (strengths and results,
shortcomings and causes, the level one proposes for oneself, the cell's comment, the decision);
HD 43's exact wording of each form is not reproduced here: the public sources searched (December
2026) give the forms' purposes and codes (https://www.encovietnam.com/ban-tin-phap-luat/140-hanh-chinh/
5216-da-co-huong-dan-43-hd-btctw-ve-kiem-diem-danh-gia-xep-loai-chat-luong-trong-he-thong-chinh-tri.html:
Mẫu 01 the collective's report, Mẫu 2A, 2B, 2C the individual's; https://thuviennhadat.vn/phap-luat/
tai-file-word-mau-2c-huong-dan-43-nam-2025-mau-ban-kiem-diem-dang-vien-khong-lam-viec-trong-he-thong-720501.html:
"Mẫu 2C-HD KĐ.ĐG 2025", its text only as an image), not their text. Each document says so at its end
(rules.forms.layout_note); a board fills in the text the record does not hold.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from dangbo.core.party_document import FONT, add_paragraph, add_run, place_name
from dangbo.core.text import format_date, format_number
from dangbo.evaluations.rules.forms import layout_note
from dangbo.reports.render_docx import issuing_body

BLANK = "…………………………………………………………………………………………"


@dataclass(frozen=True)
class Head:
    """Who issues the document: the body above (not bold) and the issuing one (bold), the number's
    abbreviation and the place and day of signing (None: a dotted line for the board to fill)."""

    superior: str
    issuer: str
    number: str
    place: str
    day: date | None = None


@dataclass(frozen=True)
class MemberSelfForm:
    """Bản kiểm điểm cá nhân (Mẫu 2A/2B/2C) of one member, one year."""

    code: str
    who: str
    year: int
    regulation: str
    guidance: str
    full_name: str
    birth_date: date | None
    occupation: str
    cell: str  # the cell named with its grassroots organization
    self_level: str
    self_assessment: str
    proposed_level: str
    decided_level: str
    decision_number: str
    decision_date: date | None
    quarters: Sequence[tuple[int, str]] = ()  # (quarter, level)


@dataclass(frozen=True)
class CollectiveReport:
    """Báo cáo kiểm điểm của tập thể (Mẫu 01): an organization's own review of the year."""

    head: Head
    name: str
    year: int
    regulation: str
    guidance: str
    self_level: str
    self_assessment: str
    proposed_level: str
    decided_level: str
    decision_number: str
    members_total: int
    member_levels: Sequence[tuple[str, int]] = field(default_factory=tuple)  # (level, count)
    quarters: Sequence[tuple[int, str]] = ()


@dataclass(frozen=True)
class RerateDecision:
    """Quyết định hủy kết quả xếp loại và xếp loại lại (Mẫu 03)."""

    head: Head
    subject: str  # "đồng chí Nguyễn Văn An, đảng viên Chi bộ … – Đảng bộ …" or the organization
    is_member: bool
    year: int
    regulation: str
    guidance: str
    cancelled_level: str
    cancelled_decision: str  # "Quyết định số … ngày …" or ""
    new_level: str
    reason: str


def _document() -> Any:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    return document


def _dated(place: str, day: date | None) -> str:
    if day is None:
        return f"{place}, ngày …… tháng …… năm ……"
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _head(document: Any, head: Head, *, form: str) -> None:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if head.superior:
        add_run(left.paragraphs[0], issuing_body(head.superior).upper())
        add_paragraph(left, issuing_body(head.issuer).upper(), align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    else:
        add_run(left.paragraphs[0], issuing_body(head.issuer).upper(), bold=True)
    add_paragraph(left, "*", align=WD_ALIGN_PARAGRAPH.CENTER)
    add_paragraph(left, head.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(right.paragraphs[0], "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True)
    add_paragraph(right, _dated(head.place, head.day), align=WD_ALIGN_PARAGRAPH.CENTER, italic=True)
    add_paragraph(right, form, align=WD_ALIGN_PARAGRAPH.RIGHT, size=12, italic=True)


def _body(document: Any, text: str, *, bold: bool = False) -> Any:
    paragraph = add_paragraph(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph.paragraph_format.first_line_indent = Cm(1.27)
    add_run(paragraph, text, bold=bold)
    return paragraph


def _lines(document: Any, text: str) -> None:
    """A recorded text, a paragraph per line; dotted lines when nothing is recorded."""
    lines = [line for line in (text or "").splitlines() if line.strip()]
    for line in lines or [BLANK, BLANK]:
        _body(document, line)


def _title(document: Any, kind: str, summary: str) -> None:
    add_paragraph(document)
    add_paragraph(document, kind, align=WD_ALIGN_PARAGRAPH.CENTER, size=16, bold=True)
    add_paragraph(document, summary, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    add_paragraph(document, "-----", align=WD_ALIGN_PARAGRAPH.CENTER)


def _quarters(document: Any, quarters: Sequence[tuple[int, str]], year: int) -> None:
    if quarters:
        text = "; ".join(f"quý {q}: {level}" for q, level in quarters)
        _body(document, f"Kết quả xếp loại hằng quý năm {year}: {text}.")


def _signer(document: Any, recipients: Sequence[str], *, on_behalf: str, title: str, name: str = "") -> None:
    add_paragraph(document)
    table = document.add_table(rows=1, cols=2)
    left, sign = table.rows[0].cells
    if recipients:
        add_run(left.paragraphs[0], "Nơi nhận:", size=12, bold=True, underline=True)
        for line in recipients:
            add_paragraph(left, line, size=12)
    sign.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if on_behalf:
        add_run(sign.paragraphs[0], on_behalf, bold=True)
        add_paragraph(sign, title, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    else:
        add_run(sign.paragraphs[0], title, bold=True)
    if name:
        add_paragraph(sign)
        add_paragraph(sign, name, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)


def _layout_note(document: Any, guidance: str) -> None:
    """The note that the wording follows the layout, not the official forms (rules.forms.layout_note)."""
    add_paragraph(document)
    add_paragraph(document, layout_note(guidance), size=11, italic=True)


def _bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_self_form(form: MemberSelfForm) -> bytes:
    """Bản kiểm điểm cá nhân (Mẫu 2A, 2B or 2C) filled from the member's record of the year."""
    document = _document()
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(left.paragraphs[0], form.cell.upper(), size=13, bold=True)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(right.paragraphs[0], "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True)
    add_paragraph(right, f"Mẫu {form.code}", align=WD_ALIGN_PARAGRAPH.RIGHT, size=12, italic=True)
    _title(
        document,
        "BẢN KIỂM ĐIỂM CÁ NHÂN",
        f"Năm {form.year} (dùng cho {form.who})",
    )
    for label, value in (
        ("Họ và tên", form.full_name),
        ("Ngày sinh", format_date(form.birth_date) if form.birth_date else ""),
        ("Chức vụ, nghề nghiệp hiện nay", form.occupation),
        ("Chi bộ", form.cell),
    ):
        line = add_paragraph(document)
        add_run(line, f"{label}: ")
        add_run(line, value or "…………………………………", bold=bool(value))
    _body(
        document,
        f"Thực hiện {form.regulation} và {form.guidance} về kiểm điểm, đánh giá, xếp loại chất lượng "
        f"hằng năm, tôi xin tự kiểm điểm năm {form.year} như sau:",
    )
    add_paragraph(document, "I. ƯU ĐIỂM, KẾT QUẢ ĐẠT ĐƯỢC; HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN", bold=True)
    _lines(document, form.self_assessment)
    _quarters(document, form.quarters, form.year)
    add_paragraph(document, "II. TỰ NHẬN MỨC XẾP LOẠI CHẤT LƯỢNG", bold=True)
    _body(document, f"Xếp loại chất lượng năm {form.year}: {form.self_level or BLANK}")
    _signer(document, (), on_behalf="", title="NGƯỜI TỰ KIỂM ĐIỂM", name=form.full_name)
    add_paragraph(document)
    add_paragraph(document, "III. NHẬN XÉT, ĐÁNH GIÁ CỦA CHI BỘ", bold=True)
    _body(document, f"Chi bộ đề xuất mức xếp loại: {form.proposed_level or BLANK}")
    add_paragraph(document, "IV. KẾT QUẢ XẾP LOẠI CỦA CẤP CÓ THẨM QUYỀN", bold=True)
    decided = form.decided_level or BLANK
    if form.decision_number:
        when = f", ngày {format_date(form.decision_date)}" if form.decision_date else ""
        decided += f" (Quyết định số {form.decision_number}{when})"
    _body(document, f"Xếp loại chất lượng năm {form.year}: {decided}")
    _layout_note(document, form.guidance)
    return _bytes(document)


def render_collective_report(report: CollectiveReport) -> bytes:
    """Báo cáo kiểm điểm của tập thể (Mẫu 01) filled from the organization's record of the year."""
    document = _document()
    _head(document, report.head, form="Mẫu 01")
    _title(
        document,
        "BÁO CÁO",
        f"kiểm điểm tập thể {issuing_body(report.name)} năm {report.year}",
    )
    _body(
        document,
        f"Thực hiện {report.regulation} và {report.guidance}, {report.name} báo cáo kết quả kiểm "
        f"điểm, đánh giá, xếp loại chất lượng tập thể năm {report.year} như sau:",
    )
    add_paragraph(document, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ; ƯU ĐIỂM, HẠN CHẾ, KHUYẾT ĐIỂM", bold=True)
    _lines(document, report.self_assessment)
    _quarters(document, report.quarters, report.year)
    add_paragraph(document, "II. KẾT QUẢ XẾP LOẠI ĐẢNG VIÊN", bold=True)
    rated = ", ".join(f"{level}: {format_number(count)}" for level, count in report.member_levels)
    _body(document, f"Tổng số đảng viên: {format_number(report.members_total)}. {rated}.")
    add_paragraph(document, "III. TỰ NHẬN MỨC XẾP LOẠI CHẤT LƯỢNG TẬP THỂ", bold=True)
    _body(document, f"Tập thể tự nhận mức: {report.self_level or BLANK}")
    if report.proposed_level:
        _body(document, f"Mức đề xuất: {report.proposed_level}")
    if report.decided_level:
        decided = report.decided_level
        if report.decision_number:
            decided += f" (Quyết định số {report.decision_number})"
        _body(document, f"Cấp có thẩm quyền xếp loại: {decided}")
    _signer(
        document,
        ("- Cấp ủy cấp trên,", "- Lưu."),
        on_behalf=f"T/M {'CHI BỘ' if report.name.startswith('Chi bộ') else 'BAN CHẤP HÀNH'}",
        title="BÍ THƯ",
    )
    _layout_note(document, report.guidance)
    return _bytes(document)


def render_rerate_decision(decision: RerateDecision) -> bytes:
    """Quyết định hủy kết quả xếp loại và xếp loại lại (Mẫu 03)."""
    document = _document()
    _head(document, decision.head, form="Mẫu 03")
    what = "đảng viên" if decision.is_member else "tổ chức đảng"
    _title(
        document,
        "QUYẾT ĐỊNH",
        f"về việc hủy kết quả xếp loại chất lượng và xếp loại lại {what} năm {decision.year}",
    )
    issuer = issuing_body(decision.head.issuer)
    add_paragraph(document, f"BAN THƯỜNG VỤ {issuer.upper()}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    _body(document, "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;")
    _body(document, f"- Căn cứ {decision.regulation} và {decision.guidance};")
    _body(document, f"- Xét thấy: {decision.reason}")
    add_paragraph(document, "QUYẾT ĐỊNH", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    cancelled = f" ({decision.cancelled_decision})" if decision.cancelled_decision else ""
    _body(
        document,
        f"Điều 1. Hủy kết quả xếp loại chất lượng năm {decision.year} của {decision.subject}: "
        f"“{decision.cancelled_level}”{cancelled}.",
    )
    _body(
        document,
        f"Điều 2. Xếp loại lại chất lượng năm {decision.year} của {decision.subject}: “{decision.new_level}”.",
    )
    _body(
        document,
        "Điều 3. Cấp ủy cấp dưới có liên quan và "
        + ("đồng chí có tên tại Điều 1" if decision.is_member else "tổ chức đảng có tên tại Điều 1")
        + " căn cứ Quyết định thi hành.",
    )
    _signer(
        document,
        ("- Như Điều 3,", "- Lưu."),
        on_behalf="T/M BAN THƯỜNG VỤ",
        title="BÍ THƯ",
    )
    _layout_note(document, decision.guidance)
    return _bytes(document)


def head_for(superior: str, issuer: str, number: str, day: date | None) -> Head:
    """The head of a document issued by `issuer` under `superior` (names of organizations)."""
    return Head(superior=superior, issuer=issuer, number=number, place=place_name(issuer), day=day)
