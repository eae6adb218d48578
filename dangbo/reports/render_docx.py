"""The year's report as a Word document in the party document format (Hướng dẫn 36-HD/VPTW):
"ĐẢNG CỘNG SẢN VIỆT NAM" top right, bold 15, underlined; superior and issuing bodies top left in
upper case 14 (the issuing body bold), a "*" line and the number; place and date in italics;
document type bold upper case; body Times New Roman 14 on A4; signer block and recipients.
Rows in, bytes out: never queries."""

from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from dangbo.core.dates import today
from dangbo.core.party_document import FONT, add_paragraph, add_run, place_name
from dangbo.core.text import format_number
from dangbo.organizations.letterhead import abbreviation_from_name
from dangbo.reports.render_text import SECTION_TITLES

if TYPE_CHECKING:
    from dangbo.reports.year_data import YearReport


def issuing_body(name: str) -> str:
    """The committee that signs for an organization: Đảng bộ Quận 9 → Quận ủy Quận 9; Đảng bộ
    Thành phố … → Thành ủy …; Đảng bộ phường … → Đảng ủy phường …; a cell signs as itself."""
    if not name.startswith("Đảng bộ "):
        return name
    rest = name[len("Đảng bộ ") :]
    if rest.startswith(("Quận", "Huyện")):
        return f"{rest.split(' ')[0]} ủy {rest}"
    for prefix, committee in (("Thành phố", "Thành ủy"), ("Tỉnh", "Tỉnh ủy")):
        if rest.startswith(prefix):
            return f"{committee} {rest[len(prefix) :].strip()}"
    return f"Đảng ủy {rest}"


def render_docx(report: YearReport, *, issued_on: date | None = None, superior: str | None = None) -> bytes:
    issued_on = issued_on or today()
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)

    issuer = issuing_body(report.organization.name)
    superior = report.superior if superior is None else superior
    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if superior:  # the superior body above, not bold; the issuing body bold
        add_run(left.paragraphs[0], superior.upper())  # the superior party organization, as printed
        add_paragraph(left, issuer.upper(), align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    else:
        add_run(left.paragraphs[0], issuer.upper(), bold=True)
    add_paragraph(left, "*", align=WD_ALIGN_PARAGRAPH.CENTER)
    number = "Số      -BC/" + abbreviation_from_name(report.organization.name)  # the body's, not its code
    add_paragraph(left, number, align=WD_ALIGN_PARAGRAPH.CENTER)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(right.paragraphs[0], "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True)
    add_paragraph(
        right,
        f"{place_name(report.organization.name)}, ngày {issued_on.day:02d} tháng {issued_on.month:02d} năm {issued_on.year}",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        italic=True,
    )

    add_paragraph(document)
    add_paragraph(document, "BÁO CÁO", align=WD_ALIGN_PARAGRAPH.CENTER, size=16, bold=True)
    add_paragraph(
        document,
        f"kết quả đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm {report.year}",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        bold=True,
    )
    add_paragraph(document, "-----", align=WD_ALIGN_PARAGRAPH.CENTER)

    body = add_paragraph(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    body.paragraph_format.first_line_indent = Cm(1.27)
    add_run(
        body,
        f"Thực hiện {report.scheme.regulation} và {report.scheme.guidance}, "
        f"{issuer} báo cáo kết quả đánh giá, xếp loại chất lượng năm {report.year} như sau:",
    )
    narrative = add_paragraph(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    narrative.paragraph_format.first_line_indent = Cm(1.27)
    add_run(narrative, report.narrative)

    for key, title in SECTION_TITLES.items():
        data = report.sections.of(key)
        add_paragraph(
            document,
            f"{title} ({format_number(data.evaluated)}/{format_number(data.total)} được đánh giá)",
            bold=True,
        )
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        table.autofit = False
        for cell, text in zip(table.rows[0].cells, ("Mức xếp loại", "Số lượng", "Tỷ lệ (%)"), strict=True):
            add_run(cell.paragraphs[0], text, size=13, bold=True)
        rows = [(level.label, level.count, level.percent) for level in data.levels]
        rows.append(("Hoàn thành tốt nhiệm vụ trở lên", data.good_or_above.count, data.good_or_above.percent))
        if data.exemplary is not None:
            rows.append(("Trong đó: tiêu biểu", data.exemplary, ""))
        for label, count, pct in rows:
            table.add_row()
            cells = table.rows[-1].cells
            add_run(cells[0].paragraphs[0], label, size=13)
            cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            add_run(cells[1].paragraphs[0], format_number(count), size=13)
            cells[2].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            add_run(cells[2].paragraphs[0], pct.replace(".", ","), size=13)
        for column, width in zip(table.columns, (Cm(10.5), Cm(3), Cm(3)), strict=True):
            column.width = width  # the grid, which LibreOffice reads
            for cell in column.cells:
                cell.width = width  # each cell, which Word reads
        for reason in data.not_evaluated_reasons:
            add_paragraph(
                document,
                f"Không đánh giá — {reason.reason}: {format_number(reason.count)}",
                size=13,
                italic=True,
            )

    if report.commendation_groups:
        add_paragraph(document, "Khen thưởng", bold=True)
        for group in report.commendation_groups:
            line = add_paragraph(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            add_run(
                line,
                f"- {group.kind} ({group.decision_number}): {group.title} — {format_number(group.count)}: ",
            )
            add_run(line, ", ".join(group.targets) + ".", italic=True)

    add_paragraph(document)
    signer = document.add_table(rows=1, cols=2)
    recipients, sign = signer.rows[0].cells
    add_run(recipients.paragraphs[0], "Nơi nhận:", size=12, bold=True, underline=True)
    for line in (f"- Lưu Văn phòng {issuer}.",):  # the real recipients: chosen in dangbo.documents
        add_paragraph(recipients, line, size=12)
    sign.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(sign.paragraphs[0], "T/M BAN THƯỜNG VỤ", bold=True)
    add_paragraph(sign, "BÍ THƯ", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)

    document.core_properties.author = document.core_properties.last_modified_by = "Dangbo"
    document.core_properties.comments = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
