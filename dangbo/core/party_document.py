"""The primitives of a document in the party format (Hướng dẫn 36-HD/VPTW) with python-docx: runs and
paragraphs in Times New Roman, and the place named in the date line. Used by the year's report
(dangbo.reports.render_docx) and the congress minutes (dangbo.congresses.minutes)."""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn
from docx.shared import Pt

from dangbo.core.xlsx import xml_text

FONT = "Times New Roman"


def add_run(
    paragraph: Any,
    text: str,
    *,
    size: int = 14,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
) -> Any:
    run = paragraph.add_run(xml_text(text))  # a stored control character must not break the file
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    run.underline = underline
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return run


def add_paragraph(container: Any, text: str = "", *, align: Any = None, **style: Any) -> Any:
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    if text:
        add_run(paragraph, text, **style)
    return paragraph


def place_name(name: str) -> str:
    """The place of a document of an organization: its name without "Đảng bộ "/"Chi bộ ", capitalized."""
    for prefix in ("Đảng bộ ", "Chi bộ "):
        if name.startswith(prefix):
            name = name[len(prefix) :]
            break
    return name[:1].upper() + name[1:]
