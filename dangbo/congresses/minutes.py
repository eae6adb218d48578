"""Biên bản kiểm phiếu (the count minutes) as a Word document in the party document format
(Hướng dẫn 36-HD/VPTW): "ĐẢNG CỘNG SẢN VIỆT NAM" top right, the congress and its counting board top
left, place and date in italics, the title, the figures, the table of votes, the winners, the
signatures. minutes_data reads; render_minutes takes its dict and never queries."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from dangbo.congresses import selectors
from dangbo.congresses.models import Candidate, Congress, Election
from dangbo.core.dates import today
from dangbo.core.party_document import FONT, add_paragraph, add_run, place_name
from dangbo.core.text import format_number


def minutes_data(election: Election) -> dict[str, Any]:
    congress = election.congress
    rows = selectors.election_rows(election)
    superior = congress.organization.parent.name if congress.organization.parent else ""
    return {
        "congress": {
            "name": congress.name,
            "code": congress.organization.code,
            "kind": congress.kind,
            "kind_label": congress.get_kind_display(),
            "term": congress.round.term,
            "place": congress.place,
            "superior": superior,
            "counting_board": [line.strip() for line in congress.counting_board.splitlines() if line.strip()],
        },
        "election": {
            "title": str(election),
            "kind_label": election.get_kind_display(),
            "round_number": election.round_number,
            "for_alternates": election.for_alternates,
            "seats": election.seats,
            "alternates": election.alternates,
            "electors": election.electors,
            "present": election.present,
            "issued": election.issued or 0,
            "returned": election.returned or 0,
            "valid": election.valid or 0,
            "invalid": election.invalid or 0,
            "base": election.base or 0,
            "base_label": election.base_label,
            "counted_on": election.counted_on,
            "committee_post": election.kind in ("standing", "secretary", "deputy"),
        },
        "candidates": [
            {
                "name": r["candidate"].full_name,
                "votes": r["candidate"].votes or 0,
                "percent": r["percent"],
                "result": r["candidate"].result,
                "result_label": r["candidate"].get_result_display(),
            }
            for r in rows
        ],
    }


def _heading_body(data: dict[str, Any]) -> str:
    return f"ĐẠI HỘI {data['congress']['name'].upper()}"


def render_minutes(data: dict[str, Any], *, issued_on: date | None = None) -> bytes:
    c, e = data["congress"], data["election"]
    day = issued_on or e["counted_on"] or today()
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)

    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    body = f"BAN CHẤP HÀNH {c['name'].upper()}" if e["committee_post"] else _heading_body(data)
    add_run(left.paragraphs[0], body)
    add_paragraph(left, "BAN KIỂM PHIẾU", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    add_paragraph(left, "*", align=WD_ALIGN_PARAGRAPH.CENTER)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(right.paragraphs[0], "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True)
    add_paragraph(
        right,
        f"{c['place'] or place_name(c['name'])}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        italic=True,
    )

    add_paragraph(document)
    add_paragraph(document, "BIÊN BẢN KIỂM PHIẾU", align=WD_ALIGN_PARAGRAPH.CENTER, size=16, bold=True)
    what = e["kind_label"]
    if e["for_alternates"]:
        what += " (dự khuyết)"
    if what.startswith("Đại biểu"):  # a common noun; Ban Chấp hành, Bí thư … keep their capitals
        what = what[:1].lower() + what[1:]
    subtitle = f"bầu {what} {c['name']}, nhiệm kỳ {c['term']}"
    if e["round_number"] > 1:
        subtitle += f" (bầu lần {e['round_number']})"
    add_paragraph(document, subtitle, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    add_paragraph(document, "-----", align=WD_ALIGN_PARAGRAPH.CENTER)

    def line(text: str, **style: Any) -> None:
        p = add_paragraph(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        p.paragraph_format.first_line_indent = Cm(1.27)
        add_run(p, text, **style)

    line(
        "Căn cứ Quyết định 190-QĐ/TW ngày 10/10/2024 của Bộ Chính trị ban hành Quy chế bầu cử trong Đảng, "
        "Ban kiểm phiếu gồm các đồng chí:"
    )
    for i, name in enumerate(c["counting_board"], start=1):
        line(f"{i}. {name}" + (" — Trưởng ban" if i == 1 else ""))
    if not c["counting_board"]:
        line("(chưa ghi danh sách Ban kiểm phiếu)", italic=True)
    line("Ban kiểm phiếu đã tiến hành kiểm phiếu và báo cáo kết quả như sau:")
    who = (
        "cấp ủy viên"
        if e["committee_post"]
        else ("đại biểu" if c["kind"] == Congress.Kind.DELEGATES else "đảng viên chính thức")
    )
    seats = f"{format_number(e['seats'])}"
    if e["alternates"]:
        seats += f" (và {format_number(e['alternates'])} dự khuyết)"
    figures = [
        f"Số {who} được triệu tập: {format_number(e['electors'])}; có mặt: {format_number(e['present'])}.",
        f"Số lượng cần bầu: {seats}; số người trong danh sách bầu cử: {format_number(len(data['candidates']))}.",
        f"Số phiếu phát ra: {format_number(e['issued'])}; số phiếu thu vào: {format_number(e['returned'])}.",
        f"Số phiếu hợp lệ: {format_number(e['valid'])}; số phiếu không hợp lệ: {format_number(e['invalid'])}.",
        f"Người trúng cử phải được quá một nửa {e['base_label']} ({format_number(e['base'])}).",
    ]
    for text in figures:
        line(f"- {text}")
    line("Kết quả số phiếu bầu cho từng người (xếp theo số phiếu từ cao xuống thấp):")

    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    table.autofit = False
    for cell, text in zip(
        table.rows[0].cells, ("STT", "Họ và tên", "Số phiếu", "Tỷ lệ (%)", "Kết quả"), strict=True
    ):
        add_run(cell.paragraphs[0], text, size=13, bold=True)
    for i, row in enumerate(data["candidates"], start=1):
        cells = table.add_row().cells
        add_run(cells[0].paragraphs[0], str(i), size=13)
        add_run(cells[1].paragraphs[0], row["name"], size=13)
        cells[2].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        add_run(cells[2].paragraphs[0], format_number(row["votes"]), size=13)
        cells[3].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        add_run(cells[3].paragraphs[0], row["percent"].replace("\u00a0%", "").replace(" %", ""), size=13)
        add_run(cells[4].paragraphs[0], row["result_label"], size=13)
    for column, width in zip(table.columns, (Cm(1.4), Cm(6.1), Cm(2.2), Cm(2.3), Cm(4.5)), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width

    elected = [r for r in data["candidates"] if r["result"] == Candidate.Result.ELECTED]
    alternates = [r for r in data["candidates"] if r["result"] == Candidate.Result.ALTERNATE]
    tied = [r for r in data["candidates"] if r["result"] == Candidate.Result.TIED]
    add_paragraph(document)
    if elected:
        line(
            f"Căn cứ kết quả trên, các đồng chí sau đây trúng cử ({format_number(len(elected))}):", bold=True
        )
        for i, r in enumerate(elected, start=1):
            line(f"{i}. {r['name']} — {format_number(r['votes'])} phiếu.")
    else:
        line("Không có người trúng cử.", bold=True)
    if alternates:
        line(f"Trúng cử dự khuyết ({format_number(len(alternates))}):", bold=True)
        for i, r in enumerate(alternates, start=1):
            line(f"{i}. {r['name']} — {format_number(r['votes'])} phiếu.")
    if tied:
        names = ", ".join(r["name"] for r in tied)
        line(
            f"Các đồng chí {names} có số phiếu bằng nhau ({format_number(tied[0]['votes'])} phiếu) ở vị trí cuối: "
            "đại hội tiến hành bầu lần tiếp theo trong số những người này (Quyết định 190-QĐ/TW).",
            italic=True,
        )
    line(
        f"Biên bản lập xong hồi …… giờ …… ngày {day.day:02d}/{day.month:02d}/{day.year}, đã đọc trước đại hội "
        "và được các thành viên Ban kiểm phiếu nhất trí ký tên."
    )

    add_paragraph(document)
    signer = document.add_table(rows=1, cols=2)
    members, head = signer.rows[0].cells
    members.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(members.paragraphs[0], "CÁC THÀNH VIÊN BAN KIỂM PHIẾU", size=13, bold=True)
    for name in c["counting_board"][1:]:
        add_paragraph(members, "")
        add_paragraph(members, name, align=WD_ALIGN_PARAGRAPH.CENTER, size=13)
    head.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(head.paragraphs[0], "TRƯỞNG BAN KIỂM PHIẾU", size=13, bold=True)
    if c["counting_board"]:
        add_paragraph(head, "")
        add_paragraph(head, "")
        add_paragraph(head, c["counting_board"][0], align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
