"""The members sheet read with each column's readings remembered by value (plan.members._Column):
a sheet read whole says and gives exactly what its rows read one at a time (nothing remembered
from another row) say and give, for good, odd and hostile cells that come back row after row."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from dangbo.accounts.scope import system_actor
from dangbo.imports.issues import IssueLog
from dangbo.imports.plan.base import Context, RowReader
from dangbo.imports.plan.marks import Marks
from dangbo.imports.plan.members import parse_members
from dangbo.imports.reader import read_workbook
from dangbo.imports.tests.helpers import MEMBER_HEADERS, member_row, xlsx
from dangbo.imports.tests.test_import_hostile_input import HOSTILE_MEMBER_ROWS
from dangbo.imports.tree import Tree

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 30)


def _hostile(changes: dict[str, Any], cccd: str) -> list[Any]:
    changes = dict(changes)
    return member_row(changes.pop("name", "Nguyễn Văn Mới"), cccd=cccd, **changes)


# each odd cell on two rows or more, between rows whose other cells are the same good ones
ODD_ROWS: list[dict[str, Any]] = [
    {"sex": "Nữ"},
    {"sex": "nam"},
    {"sex": "Không rõ"},  # not a choice
    {"sex": ""},  # required
    {"theory": "cao cap"},
    {"theory": "Tiến sĩ"},  # not a choice
    {"education": date(2012, 12, 12)},  # "12/12" that Excel took for a date
    {"education": "Lớp 12/12 hệ bổ túc văn hóa dài"},  # longer than 20
    {"birth": "05/04/1990"},
    {"birth": 33000},  # an Excel serial number
    {"birth": 1990},  # a year alone
    {"birth": date(2010, 1, 1)},  # under 18 when admitted
    {"birth": date(2016, 5, 19)},  # the day of admission
    {"admitted": "19/05/2016"},
    {"admitted": ""},  # required
    {"admitted": date(2030, 1, 1)},  # in the future
    {"official": date(2016, 6, 1)},  # less than 12 months of probation: a warning
    {"official": date(2015, 1, 1)},  # before admission
    {"official": "31/02/2017"},  # no such day
    {"cell": "w1a"},
    {"cell": "KHONG-CO"},
    {"cell": ""},  # required
    {"cell": "W1A_x0007_"},
    {"hometown": ""},
    {"hometown": "  Huế  "},
    {"profession": "A" * 200},  # longer than 120
    {"card": "123_x001B_456"},
]


def _rows() -> list[list[Any]]:
    rows: list[list[Any]] = []
    number = 0

    def cccd() -> str:
        nonlocal number
        number += 1
        return f"0790900{number:05d}"

    for _ in range(2):
        for _header, changes, _message in HOSTILE_MEMBER_ROWS:
            rows.append(member_row("Trần Thị Tốt", cccd=cccd()))
            rows.append(_hostile(changes, cccd()))
        for changes in ODD_ROWS:
            rows.append(_hostile(changes, cccd()))
            rows.append(member_row("Lê Văn Hai", cccd=cccd()))
    rows.append(member_row(cccd=79090000999.0))  # a CCCD that lost its leading zero: a warning
    rows.append(member_row(cccd=79090000998.0))
    return rows


def _read(*, one_at_a_time: bool, marks: bool) -> tuple[list[tuple[Any, ...]], IssueLog, list[Any]]:
    sheets, _ = read_workbook(xlsx({"DS": [MEMBER_HEADERS, *_rows()]}))
    (sheet,) = sheets
    ctx = Context(
        actor=system_actor("kiểm thử"),
        today=TODAY,
        filename="thu.xlsx",
        tree=Tree.load(None, None),
        issues=IssueLog(),
        write_paths=None,
    )
    if marks:
        ctx.marks = Marks(capture=True, hashes={(sheet.name, rownum): "h" for rownum, _ in sheet.rows})
    if one_at_a_time:  # a sheet of one row each time: nothing read before is remembered
        items = [item for row in sheet.rows for item in parse_members(ctx, [replace(sheet, rows=[row])])]
    else:
        items = parse_members(ctx, [sheet])
    read = [
        (
            item.reader.rownum,
            item.reader.ok,
            item.cccd,
            item.card,
            item.ref,
            list(item.profile.items()),
            item.admitted_on,
            item.official_on,
            item.cell_code,
            item.cell_field,
        )
        for item in items
    ]
    captured = [(key, capture) for key, capture in ctx.marks.members.items()] if ctx.marks else []
    return read, ctx.issues, captured


@pytest.mark.parametrize("marks", [False, True])
def test_a_sheet_read_whole_is_its_rows_read_one_at_a_time(small_tree, marks):
    whole, whole_issues, whole_captured = _read(one_at_a_time=False, marks=marks)
    alone, alone_issues, alone_captured = _read(one_at_a_time=True, marks=marks)
    assert whole == alone
    assert whole_issues.errors == alone_issues.errors
    assert whole_issues.warnings == alone_issues.warnings
    assert whole_captured == alone_captured
    # the odd cells that come back are said again on each of their rows
    refused = {issue.row for issue in whole_issues.errors}
    hostile_rows = [rownum for rownum, ok, *_ in whole if not ok]
    assert len(hostile_rows) >= 2 * (len(HOSTILE_MEMBER_ROWS) + 15)
    assert set(hostile_rows) == refused
    for header, _changes, message in HOSTILE_MEMBER_ROWS:
        said = [i for i in whole_issues.errors if i.header == header and i.message.startswith(message)]
        assert len(said) >= 2, (header, message)
    assert len([w for w in whole_issues.warnings if w.header == "Số CCCD"]) == 2
    assert len([w for w in whole_issues.warnings if w.header == "Ngày chính thức"]) == 2


KEY_CELLS: list[Any] = [
    "079090000001",
    "79090000001",  # 11 digits: padded, with a warning
    79090000001.0,
    "07909000000a",
    "０７９０９００００００１",  # full-width digits: digits, not ASCII
    "٠٧٩٠٩٠٠٠٠٠٠١",  # Arabic-Indic digits
    " 079090000001",
    "0790900000011",
    "",
    None,
    "123",
    "1" * 20,
    "1" * 21,
    "12_x001B_3",
    "12 34",
    123.0,
]


def test_the_usual_keys_are_read_as_row_reader_keys_reads_them(small_tree):
    rows = [member_row(cccd=cccd, card=card) for cccd in KEY_CELLS for card in KEY_CELLS]
    sheets, _ = read_workbook(xlsx({"DS": [MEMBER_HEADERS, *rows]}))
    (sheet,) = sheets
    fast_log, full_log = IssueLog(), IssueLog()
    tree = Tree.load(None, None)
    fast_ctx, full_ctx = (
        Context(system_actor("kiểm thử"), TODAY, "thu.xlsx", tree, log, None) for log in (fast_log, full_log)
    )
    usual = 0
    for rownum, row in sheet.rows:
        fast = RowReader(fast_ctx, sheet, rownum, row)
        full = RowReader(full_ctx, sheet, rownum, row)
        said = len(fast_log.errors) + fast_log.warning_count
        assert fast.usual_keys() == full.keys(), row
        assert fast.ok == full.ok
        usual += (
            len(fast_log.errors) + fast_log.warning_count == said and fast.cells["cccd"] == "079090000001"
        )
    assert fast_log.errors == full_log.errors
    assert fast_log.warnings == full_log.warnings
    assert fast_log.errors and fast_log.warnings and usual >= 4
