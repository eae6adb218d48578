"""The XLSX exports, read back with openpyxl."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from dangbo.congresses import exports, selectors, services
from dangbo.congresses.rules import Tally
from dangbo.congresses.tests.helpers import committee_election, held_congress
from dangbo.core.tests.print_ready import assert_print_ready


def test_the_round_and_the_election_as_xlsx(small_tree, officer, make_member):
    congress, people = held_congress(small_tree, make_member, count=4)
    election = committee_election(congress, people, seats=3)
    services.election_open(actor=officer, election=election)
    ids = [c.pk for c in election.candidates.all()]
    services.election_count(
        actor=officer,
        election=election,
        issued=9,
        tally=Tally(
            issued=9, returned=9, valid=9, invalid=0, votes=dict(zip(ids, [9, 8, 7, 3], strict=True))
        ),
    )
    election.refresh_from_db()
    congresses = list(congress.round.congresses.select_related("organization").order_by("path"))
    progress = selectors.progress(congresses, day=date(2020, 5, 15))
    content = exports.round_xlsx(congress.round, congresses, progress)
    assert_print_ready(content, title="TIẾN ĐỘ ĐẠI HỘI")
    book = load_workbook(io.BytesIO(content))
    summary = {row[0]: row[1] for row in book["Tiến độ"].iter_rows(min_row=4, values_only=True)}
    assert summary["Đã tiến hành đại hội"] == 1
    assert summary["Chậm so với kế hoạch"] == 7  # planned 10/05/2020: W1 held on 12/05, the others not yet
    rows = {row[0]: row for row in book["Danh sách"].iter_rows(min_row=4, values_only=True)}
    assert rows["W1"][4] == "Đã tiến hành đại hội" and rows["W1"][8].date() == date(2020, 5, 12)
    assert rows["W1"][11] == "Có" and rows["W1A"][11] == "Có"

    content = exports.election_xlsx(election, selectors.election_rows(election))
    assert_print_ready(content, title="KẾT QUẢ BẦU CỬ")
    sheet = load_workbook(io.BytesIO(content)).active
    values = list(sheet.iter_rows(values_only=True))
    result_rows = [row for row in values if isinstance(row[0], int) and row[1]]
    assert [(r[1], r[4], r[5], r[6]) for r in result_rows] == [
        ("Nguyễn Văn An", 9, 90.0, "Trúng cử"),
        ("Trần Thị Bình", 8, 80.0, "Trúng cử"),
        ("Lê Văn Cường", 7, 70.0, "Trúng cử"),
        ("Phạm Thị Dung", 3, 30.0, "Không trúng cử"),
    ]
