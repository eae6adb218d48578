"""The checks of a document in the party format (Hướng dẫn 36-HD/VPTW), read back with python-docx."""

from __future__ import annotations

import io
import re

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

FONT = "Times New Roman"
DATE_LINE = re.compile(r"^[^,]+, ngày (\d{2}|\s+) tháng (\d{2}|\s+) năm( \d{4})?$")


def _paragraphs(container):
    """The paragraphs in the document's order, those of the tables' cells in their place."""
    from docx.table import Table

    for item in container.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                for cell in row.cells:
                    yield from _paragraphs(cell)
        else:
            yield item


def texts(content: bytes) -> list[str]:
    return [p.text for p in _paragraphs(Document(io.BytesIO(content)))]


def check_party_format(
    content: bytes,
    *,
    superior: str,
    issuer: str,
    number: str | None,
    signer: tuple[str, str, str],
) -> list[str]:
    """Every line the format needs, with the document's paragraphs; AssertionError naming the first
    one missing."""
    document = Document(io.BytesIO(content))
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1), "A4"

    def within(length, low, high):  # in mm, to a tenth (Word stores twips: 15 mm is 14,99)
        return low <= round(length.mm, 1) <= high

    assert within(section.top_margin, 20, 25), "top margin 20–25 mm"
    assert within(section.bottom_margin, 20, 25), "bottom margin 20–25 mm"
    assert within(section.left_margin, 30, 35), "left margin 30–35 mm"
    assert within(section.right_margin, 15, 20), "right margin 15–20 mm"
    normal = document.styles["Normal"]
    assert normal.font.name == FONT
    paragraphs = list(_paragraphs(document))
    for paragraph in paragraphs:
        for run in paragraph.runs:
            if run.text.strip():
                assert run.font.name in (None, FONT), f"font of “{run.text}”: {run.font.name}"
                fonts = run._element.rPr.find(qn("w:rFonts")) if run._element.rPr is not None else None
                if fonts is not None and fonts.get(qn("w:eastAsia")):
                    assert fonts.get(qn("w:eastAsia")) == FONT
    lines = [p.text.strip() for p in paragraphs]
    party = [p for p in paragraphs if p.text.strip() == "ĐẢNG CỘNG SẢN VIỆT NAM"]
    assert party, "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert all(r.bold and r.underline for r in party[0].runs if r.text.strip()), "party name bold, underlined"
    top = lines[:12]
    if superior:
        assert superior in top, f"superior body's line {superior!r} in {top}"
    issuer_at = [p for p in paragraphs if p.text.strip() == issuer]
    assert issuer_at, f"issuing body's line {issuer!r} in {top}"
    assert all(r.bold for r in issuer_at[0].runs if r.text.strip()), "issuing body bold"
    if superior:
        assert lines.index(superior) < lines.index(issuer), "superior above the issuing body"
    if number is not None:
        assert number in lines, f"number {number!r} in {top}"
    assert any(DATE_LINE.match(line) for line in lines), f"place and date line in {top}"
    date_paragraph = next(p for p in paragraphs if DATE_LINE.match(p.text.strip()))
    assert all(r.italic for r in date_paragraph.runs if r.text.strip()), "place and date italic"
    # a PAGE field in the header of the pages after the first; none on the first
    assert section.different_first_page_header_footer, "different first page"
    header_xml = section.header._element.xml
    assert "PAGE" in "".join(t.text or "" for t in section.header._element.iter(qn("w:instrText"))), (
        header_xml
    )
    first = section.first_page_header._element
    assert not list(first.iter(qn("w:instrText"))), "no page number on page 1"
    committee, title, name = signer
    assert committee in lines, f"signer block {signer} in {lines[-12:]}"
    after = lines[lines.index(committee) + 1 :]
    assert after[0] == title, f"the signer's title {title!r} under {committee!r}: {after[:6]}"
    assert name in after[1:6], f"the signer's name {name!r} under the title: {after[:6]}"
    return lines
