"""A number written by someone else between the check and the write (issue 12, finding 9).

Two imports of the same new member at once: both find the CCCD free, the second one's insert then
fails on the unique index. On PostgreSQL the writer's thread failed the transaction and the next
read of the checks answered "Lỗi ngoài dự kiến: InternalError"; the import must instead refuse the
file, write nothing and name no one.
"""

from __future__ import annotations

from datetime import date

import pytest

from dangbo.imports.plan import members as plan_members
from dangbo.imports.tests.helpers import MEMBER_HEADERS, RATING_HEADERS, errors, member_row, run, xlsx
from dangbo.members.models import Member

CCCD = "079090000001"


@pytest.mark.django_db
def test_a_cccd_taken_meanwhile_refuses_the_file_without_an_internal_error(
    small_tree, make_member, monkeypatch
):
    make_member(small_tree.cell_b, "Lê Thị Đã Có", cccd=CCCD)
    # as if the other import wrote it after this one's check: the check does not see it
    monkeypatch.setattr(plan_members, "_matching_ids", lambda column, keys: [])
    data = xlsx(
        {
            "Đảng viên": [MEMBER_HEADERS, member_row("Nguyễn Văn Mới", cccd=CCCD, cell="W1A")],
            # checked after the people's writes started: the checks read on after the failed insert
            "Xếp loại": [RATING_HEADERS, [CCCD, "", "Nguyễn Văn Mới", 2019, "Hoàn thành tốt nhiệm vụ", ""]],
        }
    )
    outcome = run(data)
    assert not outcome.ok
    (line,) = errors(outcome)
    assert "Không có gì được ghi" in line and "Đã Có" not in line, line
    assert list(Member.objects.values_list("full_name", flat=True)) == ["Lê Thị Đã Có"]
    assert date(2016, 5, 19) not in Member.objects.values_list("admitted_on", flat=True)
