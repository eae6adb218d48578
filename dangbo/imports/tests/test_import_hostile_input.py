"""Hostile cells in an imported workbook (finding 7): each row is refused with a Vietnamese message
naming the sheet, the row and the column, nothing is written, the import does not fail. The cleaner
and the date policy are those of the web forms and the API (core.text.clean_text, core.dates)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dangbo.imports.tests.helpers import MEMBER_HEADERS, ORG_HEADERS, member_row, run, xlsx
from dangbo.members.models import Member, MemberEvent
from dangbo.organizations.models import Organization
from dangbo.web.tests.helpers import row_counts

pytestmark = pytest.mark.django_db

# (column header, the row's changes, the start of the message)
HOSTILE_MEMBER_ROWS: list[tuple[str, dict[str, Any], str]] = [
    ("Họ và tên", {"name": "Nguyễn_x001b_Văn An"}, "Họ và tên chứa ký tự điều khiển không hợp lệ (U+001B)"),
    ("Họ và tên", {"name": "Nguyễn_x0000_Văn An"}, "Họ và tên chứa ký tự điều khiển không hợp lệ (U+0000)"),
    ("Họ và tên", {"name": "Nguyễn_x001B_Văn An"}, "Họ và tên chứa ký tự điều khiển không hợp lệ (U+001B)"),
    ("Họ và tên", {"name": "Nguyễn\u200bVăn An"}, "Họ và tên chứa ký tự vô hình không hợp lệ (U+200B)"),
    ("Họ và tên", {"name": "\u202eNguyễn Văn An"}, "Họ và tên chứa ký tự đảo chiều hiển thị không hợp lệ"),
    ("Họ và tên", {"name": "\u0301"}, "Họ và tên có dấu đứng riêng, không gắn với chữ cái nào"),
    ("Họ và tên", {"name": "   "}, "Thiếu họ và tên"),
    ("Họ và tên", {"name": "A" * 5000}, "Họ và tên dài tối đa 120 ký tự (đang có 5000)"),
    ("Quê quán", {"hometown": "Huế_x0007_"}, "Quê quán chứa ký tự điều khiển không hợp lệ (U+0007)"),
    ("Số thẻ đảng viên", {"card": "123_x001B_456"}, "Số thẻ đảng viên chứa ký tự điều khiển không hợp lệ"),
    ("Ngày sinh", {"birth": "01/01/0000"}, "“01/01/0000” không phải là ngày hợp lệ"),
    ("Ngày sinh", {"birth": "0001-01-01"}, "Ngày sinh 01/01/0001 trước năm 1900"),
    ("Ngày sinh", {"birth": "01/01/2100"}, "Ngày sinh 01/01/2100 ở tương lai"),
    ("Ngày sinh", {"birth": "31/12/9999"}, "Ngày sinh 31/12/9999 ở tương lai"),
    ("Ngày sinh", {"birth": "29/02/2019"}, "“29/02/2019” không phải là ngày hợp lệ"),
    ("Ngày sinh", {"birth": "1/1/90"}, "“1/1/90” không phải là ngày hợp lệ"),
    ("Ngày sinh", {"birth": "31/12/1899"}, "Ngày sinh 31/12/1899 trước năm 1900"),
    (
        "Ngày vào Đảng",
        {"birth": date(1900, 1, 1), "admitted": date(1929, 5, 1), "official": date(1931, 1, 1)},
        "Ngày vào Đảng 01/05/1929 trước ngày thành lập Đảng (03/02/1930)",
    ),
    ("Ngày vào Đảng", {"admitted": "01/01/0000"}, "“01/01/0000” không phải là ngày hợp lệ"),
]


def _row(changes: dict[str, Any]) -> list[Any]:
    changes = dict(changes)
    name = changes.pop("name", "Nguyễn Văn Mới")
    return member_row(name, **changes)


@pytest.mark.parametrize(("header", "changes", "message"), HOSTILE_MEMBER_ROWS)
def test_a_hostile_cell_is_refused_naming_its_row_and_column_and_nothing_is_written(
    small_tree, header, changes, message
):
    before = row_counts()
    good = member_row("Trần Thị Tốt", cccd="079090000009")
    outcome = run(xlsx({"DS": [MEMBER_HEADERS, good, _row(changes)]}))
    assert not outcome.ok
    refusals = [i for i in outcome.result.issues.errors if i.header == header]
    assert refusals, [i.line() for i in outcome.result.issues.errors]
    issue = refusals[0]
    assert (issue.sheet, issue.row) == ("DS", 3)
    assert issue.message.startswith(message), issue.message
    assert issue.line().startswith(f"Sheet “DS”, dòng 3, cột {issue.column} ({header}): ")
    assert row_counts() == before  # the file is written whole or not at all


def test_invisible_characters_at_the_ends_of_a_cell_are_dropped(small_tree):
    outcome = run(
        xlsx({"DS": [MEMBER_HEADERS, member_row("\ufeffNguyễn Văn Mới\u200b ", hometown=" Huế\u200b")]})
    )
    assert outcome.ok, [i.line() for i in outcome.result.issues.errors]
    member = Member.objects.get()
    assert (member.full_name, member.hometown) == ("Nguyễn Văn Mới", "Huế")


@pytest.mark.parametrize(
    ("header", "row", "message"),
    [
        ("Tên tổ chức", ["W1C", "Chi bộ_x0000_ Khu phố 3"], "Tên tổ chức chứa ký tự điều khiển không hợp lệ"),
        ("Tên tổ chức", ["W1C", "\u202eChi bộ Khu phố 3"], "Tên tổ chức chứa ký tự đảo chiều hiển thị"),
        ("Tên tổ chức", ["W1C", "123"], "Tên tổ chức phải có chữ cái"),
        ("Mã tổ chức", ["W1_x001B_C", "Chi bộ Khu phố 3"], "Mã tổ chức chứa ký tự điều khiển không hợp lệ"),
    ],
)
def test_a_hostile_organization_row_is_refused(small_tree, header, row, message):
    before = row_counts()
    data = xlsx(
        {"Tổ chức": [ORG_HEADERS, [*row, "W1", "Chi bộ trực thuộc", "Khu phố, ấp", date(2020, 1, 1)]]}
    )
    outcome = run(data)
    assert not outcome.ok
    (issue,) = [i for i in outcome.result.issues.errors if i.header == header]
    assert issue.row == 2 and issue.message.startswith(message), issue.line()
    assert row_counts() == before
    assert not Organization.objects.filter(code__startswith="W1C").exists()


def test_an_event_dated_before_the_party_or_with_a_control_character_is_refused(small_tree, make_member):
    make_member(small_tree.cell_a, "Nguyễn Văn An", cccd="079080001234")
    headers = ["Số CCCD", "Họ và tên", "Sự kiện", "Ngày hiệu lực", "Số quyết định", "Ghi chú"]
    rows = [
        ["079080001234", "Nguyễn Văn An", "Kỷ luật", "01/01/1920", "1-QĐ", ""],
        ["079080001234", "Nguyễn Văn An", "Kỷ luật", "01/03/2020", "2-QĐ\u202e", ""],
        ["079080001234", "Nguyễn Văn An", "Kỷ luật", "01/04/2020", "3-QĐ", "dòng 1\ndòng 2_x001B_"],
    ]
    events = MemberEvent.objects.count()
    outcome = run(xlsx({"Quá trình": [headers, *rows]}))
    lines = [i.line() for i in outcome.result.issues.errors]
    assert any(
        line.startswith(
            "Sheet “Quá trình”, dòng 2, cột D (Ngày hiệu lực): Ngày hiệu lực 01/01/1920 trước ngày "
            "thành lập Đảng"
        )
        for line in lines
    ), lines
    assert any(
        line.startswith(
            "Sheet “Quá trình”, dòng 3, cột E (Số quyết định): Số quyết định chứa ký tự đảo chiều"
        )
        for line in lines
    ), lines
    assert any(
        line.startswith("Sheet “Quá trình”, dòng 4, cột F (Ghi chú): Ghi chú chứa ký tự điều khiển")
        for line in lines
    ), lines
    assert MemberEvent.objects.count() == events
