"""The count minutes (biên bản kiểm phiếu) as DOCX, read back with python-docx."""

from __future__ import annotations

import io

from docx import Document

from dangbo.congresses import minutes, services
from dangbo.congresses.rules import Tally
from dangbo.congresses.tests.helpers import committee_election, held_congress


def _text(content: bytes) -> tuple[str, list[list[str]], object]:
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    cells = []
    for table in document.tables:
        for row in table.rows:
            cells.append([cell.text for cell in row.cells])
    return "\n".join(paragraphs), cells, document


def test_the_minutes_hold_the_figures_the_votes_and_the_winners(small_tree, officer, make_member):
    congress, people = held_congress(small_tree, make_member, count=4, electors=10, present=9)
    election = committee_election(congress, people, seats=3)
    services.election_open(actor=officer, election=election)
    ids = [c.pk for c in election.candidates.all()]
    tally = Tally(issued=9, returned=9, valid=8, invalid=1, votes=dict(zip(ids, [8, 7, 5, 4], strict=True)))
    services.election_count(actor=officer, election=election, issued=9, tally=tally)
    election.refresh_from_db()
    content = minutes.render_minutes(minutes.minutes_data(election))
    text, cells, document = _text(content)
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert "bầu Ban Chấp hành (cấp ủy) Đảng bộ phường An Bình, nhiệm kỳ 2020–2025" in text
    assert "Quyết định 190-QĐ/TW" in text
    assert "Số đảng viên chính thức được triệu tập: 10; có mặt: 9." in text
    assert "Số phiếu phát ra: 9; số phiếu thu vào: 9." in text
    assert "Số phiếu hợp lệ: 8; số phiếu không hợp lệ: 1." in text
    assert "quá một nửa số đảng viên chính thức được triệu tập (10)" in text
    assert "các đồng chí sau đây trúng cử (2)" in text
    assert "ngày 12/05/2020" in text  # the congress day
    header = cells[0]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header[1] and "BAN KIỂM PHIẾU" in header[0]
    votes = [row for row in cells if row[0] in ("1", "2", "3", "4") and len(row) == 5]
    assert [row[1] for row in votes] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]
    assert [row[2] for row in votes] == ["8", "7", "5", "4"]
    assert [row[3] for row in votes] == ["80,00", "70,00", "50,00", "40,00"]
    assert [row[4] for row in votes] == ["Trúng cử", "Trúng cử", "Không trúng cử", "Không trúng cử"]
    assert "TRƯỞNG BAN KIỂM PHIẾU" in cells[-1][1] and "Nguyễn Văn Kiểm" in cells[-1][1]
    assert "Lê Thị Phiếu" in cells[-1][0]
    section = document.sections[0]  # type: ignore[attr-defined]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert document.styles["Normal"].font.name == "Times New Roman"  # type: ignore[attr-defined]


def test_the_minutes_name_the_tied_and_the_further_round(small_tree, officer, make_member):
    congress, people = held_congress(small_tree, make_member, count=3, electors=10, present=10)
    election = committee_election(congress, people, seats=2)
    services.election_open(actor=officer, election=election)
    ids = [c.pk for c in election.candidates.all()]
    tally = Tally(issued=10, returned=10, valid=10, invalid=0, votes=dict(zip(ids, [8, 6, 6], strict=True)))
    services.election_count(actor=officer, election=election, issued=10, tally=tally)
    election.refresh_from_db()
    text, _, _ = _text(minutes.render_minutes(minutes.minutes_data(election)))
    assert "Các đồng chí Trần Thị Bình, Lê Văn Cường có số phiếu bằng nhau (6 phiếu)" in text
    assert "bầu lần tiếp theo" in text
