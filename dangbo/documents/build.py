"""Builds the DOCX templates shipped with Dangbo (dangbo/documents/shipped/*.docx) with python-docx:
the layout of Hướng dẫn 36-HD/VPTW (A4; margins top 20, bottom 20, left 30, right 15 mm; Times New
Roman; the heading block; page numbers from page 2, a different first page; the signer block) with
docxtpl's Jinja tags where the data goes. Run `python scripts/build_document_templates.py` after a
change here and commit the files; a province may instead upload its own version of any of them
(dangbo/documents/checks.py says which fields it must hold)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from dangbo.core.party_document import FONT, add_paragraph, add_run

SHIPPED_DIR = Path(__file__).resolve().parent / "shipped"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def _page_field(paragraph: Any) -> None:
    """A PAGE field (the page's number, computed by Word or LibreOffice when shown)."""
    for kind, text in (
        ("begin", None),
        ("instr", " PAGE "),
        ("separate", None),
        ("text", "2"),
        ("end", None),
    ):
        run = add_run(paragraph, "", size=14)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._element.append(instr)
        elif kind == "text":
            run.text = text
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)


def _new_document(title: str) -> Any:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.header_distance = section.footer_distance = Cm(1)
    section.different_first_page_header_footer = True  # no number on page 1
    header = section.header.paragraphs[0]
    header.alignment = CENTER
    _page_field(header)
    for style_name in ("Normal", "Table Grid"):
        style = document.styles[style_name]
        style.font.name = FONT
        style.font.size = Pt(14)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), FONT)
    document.core_properties.author = "Dangbo"
    document.core_properties.title = title
    document.core_properties.comments = ""
    return document


def _heading(document: Any, *, number: bool = True) -> None:
    """The heading block: superior and issuing bodies, "*", the number (left); the party's name and
    the place and date (right)."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    _widths(table, (7.8, 8.7))
    left.paragraphs[0].alignment = CENTER
    add_run(left.paragraphs[0], "{{ superior }}")
    add_paragraph(left, "{{ issuer }}", align=CENTER, bold=True)
    add_paragraph(left, "*", align=CENTER)
    if number:
        add_paragraph(left, "{{ number_line }}", align=CENTER)
    right.paragraphs[0].alignment = CENTER
    add_run(right.paragraphs[0], "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True)
    add_paragraph(right)
    add_paragraph(right, "{{ place_date }}", align=CENTER, italic=True, size=13)
    add_paragraph(document)


def _title(document: Any, title: str, summary: str = "") -> None:
    add_paragraph(document, title, align=CENTER, size=16, bold=True)
    if summary:
        add_paragraph(document, summary, align=CENTER, bold=True)
    add_paragraph(document, "-----", align=CENTER)


def _body(document: Any, text: str, *, indent: bool = True, **style: Any) -> Any:
    paragraph = add_paragraph(document, text, align=JUSTIFY, **style)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
    paragraph.paragraph_format.space_after = Pt(6)
    return paragraph


def _tag(document: Any, tag: str) -> None:
    """A paragraph holding only a docxtpl block tag ({%p … %}): removed with its paragraph."""
    add_paragraph(document, tag)


def _signer(document: Any, *, recipients: bool = True, clerk: bool = False) -> None:
    """The signer block: the recipients (or, for minutes, the clerk who signs with the chair) on the
    left, the signing authority, the signer's title and name on the right."""
    _keep_with_next(add_paragraph(document))  # the space above stays with the block
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    _widths(table, (7.5, 9.0))
    _keep_together(table.rows[0])
    if clerk:  # biên bản: signed by the clerk (thư ký) and the chair (chủ trì)
        left.paragraphs[0].alignment = CENTER
        add_run(left.paragraphs[0], "THƯ KÝ", bold=True)
        add_paragraph(left, "(Ký, ghi rõ họ tên)", align=CENTER, italic=True)
        for _ in range(3):
            add_paragraph(left)
        add_paragraph(left, "{{ clerk_name }}", align=CENTER, bold=True)
    elif recipients:
        add_run(left.paragraphs[0], "Nơi nhận:", size=12, bold=True, underline=True)
        add_paragraph(left, "{%p for line in recipients %}", size=12)
        add_paragraph(left, "- {{ line }}", size=12)
        add_paragraph(left, "{%p endfor %}", size=12)
    right.paragraphs[0].alignment = CENTER
    add_run(right.paragraphs[0], "{{ signing_committee }}", bold=True)
    add_paragraph(right, "{{ signer_title }}", align=CENTER, bold=True)
    for _ in range(3):
        add_paragraph(right)
    add_paragraph(right, "{{ signer_name }}", align=CENTER, bold=True)


def _grid(
    document: Any,
    headers: tuple[str, ...],
    cells: tuple[str, ...],
    widths: tuple[float, ...],
    loop: str,
    *,
    last_keeps_with_next: bool = False,
) -> None:
    """A table whose second row repeats (docxtpl {%tr for %}) between a row of tags.
    `last_keeps_with_next`: the last repeated row is kept on the page of what follows (the signer
    block never stands alone on a page): it is a row of its own, chosen by loop.last, whose
    paragraphs keep with the next and which does not split."""
    table = document.add_table(rows=8 if last_keeps_with_next else 4, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    rows = table.rows
    for cell, text in zip(rows[0].cells, headers, strict=True):
        cell.paragraphs[0].alignment = CENTER
        add_run(cell.paragraphs[0], text, size=13, bold=True)
    rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on every page
    add_run(rows[1].cells[0].paragraphs[0], f"{{%tr for row in {loop} %}}", size=13)
    repeated = [rows[2]]
    if last_keeps_with_next:
        add_run(rows[2].cells[0].paragraphs[0], "{%tr if not loop.last %}", size=13)
        add_run(rows[4].cells[0].paragraphs[0], "{%tr else %}", size=13)
        add_run(rows[6].cells[0].paragraphs[0], "{%tr endif %}", size=13)
        repeated = [rows[3], rows[5]]
    for row in repeated:
        for cell, text in zip(row.cells, cells, strict=True):
            add_run(cell.paragraphs[0], text, size=13)
    if last_keeps_with_next:
        _keep_together(rows[5])
        for cell in rows[5].cells:
            _keep_with_next(cell.paragraphs[0])
    add_run(rows[-1].cells[0].paragraphs[0], "{%tr endfor %}", size=13)
    _widths(table, widths)


def _signer_into_last_row(document: Any) -> None:
    """Moves the signer block just written into a last row of the table above it: a row without
    borders spanning every column that does not split. Keep-with-next on a table's last row is
    honoured by Word, but by LibreOffice only while the table has not already run over a page
    break; within one table, the last history row and the signer row move to a new page together
    (the header repeating above them) in both."""
    history, signer = document.tables[-2], document.tables[-1]
    space = signer._tbl.getprevious()  # the empty paragraph _signer puts above the block
    row = history.add_row()
    _keep_together(row)
    cell = row.cells[0].merge(row.cells[-1])
    properties = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), "nil")
        borders.append(border)
    properties.append(borders)
    cell._tc.append(signer._tbl)  # after the cell's empty paragraph: the space above the block
    cell._tc.append(OxmlElement("w:p"))  # a cell ends with a paragraph
    space.getparent().remove(space)


def _keep_with_next(paragraph: Any) -> None:
    """The paragraph stays on the page of the next one (Word's and LibreOffice's keep-with-next)."""
    paragraph.paragraph_format.keep_with_next = True


def _keep_together(row: Any) -> None:
    """The row is not split across two pages (the signer block stays whole)."""
    properties = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    properties.append(cant_split)


def _widths(table: Any, widths: tuple[float, ...]) -> None:
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # the grid, which LibreOffice reads
        for cell in column.cells:
            cell.width = Cm(width)  # each cell, which Word reads


# --- the documents ------------------------------------------------------------------------------


def year_report() -> Any:
    document = _new_document("Báo cáo kết quả đánh giá, xếp loại chất lượng")
    _heading(document)
    _title(
        document,
        "BÁO CÁO",
        "kết quả đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm {{ year }}",
    )
    _body(document, "{{ opening }}")
    _body(document, "{{ narrative }}")
    _tag(document, "{%p for section in sections %}")
    add_paragraph(document, "{{ section.title }}", bold=True)
    _grid(
        document,
        ("Mức xếp loại", "Số lượng", "Tỷ lệ (%)"),
        ("{{ row.label }}", "{{ row.count }}", "{{ row.percent }}"),
        (10.5, 3.0, 3.0),
        "section.rows",
    )
    _tag(document, "{%p for line in section.not_evaluated %}")
    add_paragraph(document, "{{ line }}", size=13, italic=True)
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p if commendations %}")
    add_paragraph(document, "Khen thưởng", bold=True)
    _tag(document, "{%p for line in commendations %}")
    _body(document, "{{ line }}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")
    _signer(document)
    return document


def member_sheet() -> Any:
    document = _new_document("Phiếu đảng viên")
    _heading(document, number=False)
    _title(document, "PHIẾU ĐẢNG VIÊN", "{{ member.full_name_upper }}")
    _grid(document, ("Mục", "Nội dung"), ("{{ row.label }}", "{{ row.value }}"), (6.0, 10.5), "member.rows")
    add_paragraph(document)
    add_paragraph(document, "QUÁ TRÌNH SINH HOẠT ĐẢNG", bold=True)
    _grid(
        document,
        ("Ngày", "Việc", "Quyết định", "Tổ chức"),
        ("{{ row.day }}", "{{ row.kind }}", "{{ row.decision }}", "{{ row.where }}"),
        (2.6, 4.8, 4.0, 5.1),
        "history",
        last_keeps_with_next=True,
    )
    _signer(document, recipients=False)
    _signer_into_last_row(document)
    return document


def transfer_letter() -> Any:
    document = _new_document("Giấy giới thiệu sinh hoạt đảng")
    _heading(document)
    _title(document, "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG", "{{ transfer_kind }}")
    _body(document, "{{ issuer_name }} giới thiệu đồng chí: {{ member.full_name }}", bold=True)
    _tag(document, "{%p for row in member.rows %}")
    _body(document, "{{ row.label }}: {{ row.value }}")
    _tag(document, "{%p endfor %}")
    _body(document, "{{ transfer_sentence }}")
    _body(document, "{{ request_sentence }}")
    _body(document, "{{ validity_sentence }}", italic=True)
    _signer(document)
    return document


def decision() -> Any:
    document = _new_document("Quyết định")
    _heading(document)
    _title(document, "QUYẾT ĐỊNH", "{{ summary }}")
    add_paragraph(document, "{{ deciding_body }}", align=CENTER, bold=True)
    add_paragraph(document)
    _tag(document, "{%p for line in grounds %}")
    _body(document, "{{ line }}", italic=True)
    _tag(document, "{%p endfor %}")
    add_paragraph(document, "QUYẾT ĐỊNH", align=CENTER, bold=True)
    _tag(document, "{%p for article in articles %}")
    _body(document, "{{ article }}")
    _tag(document, "{%p endfor %}")
    _signer(document)
    return document


def meeting_minutes() -> Any:
    document = _new_document("Biên bản sinh hoạt chi bộ")
    _heading(document)
    _title(document, "BIÊN BẢN", "{{ summary }}")
    _body(document, "{{ opening }}")
    _body(document, "{{ attendance_line }}")
    _tag(document, "{%p for line in absent %}")
    _body(document, "- {{ line }}", indent=False)
    _tag(document, "{%p endfor %}")
    _body(document, "{{ chair_line }}")
    add_paragraph(document, "NỘI DUNG SINH HOẠT", bold=True)
    _tag(document, "{%p for line in topics %}")
    _body(document, "{{ line }}")
    _tag(document, "{%p endfor %}")
    _body(document, "{{ closing }}")
    _signer(document, recipients=False, clerk=True)
    return document


BUILDERS: dict[str, Callable[[], Any]] = {
    "year-report": year_report,
    "member-sheet": member_sheet,
    "transfer-letter": transfer_letter,
    "decision": decision,
    "meeting-minutes": meeting_minutes,
}


def build_all(directory: Path = SHIPPED_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, builder in BUILDERS.items():
        path = directory / f"{kind}.docx"
        builder().save(str(path))
        written.append(path)
    return written
