"""The statistics over a small tree: totals equal tree_stats, breakdowns add up, movements counted
from the events; the command's JSON; the pages (a viewer sees figures, never names; a cell secretary
sees their cell only)."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from dangbo.accounts.scope import system_actor
from dangbo.badges import rules as badge_rules
from dangbo.badges.services import party_age_break_record
from dangbo.core.exceptions import PermissionDenied
from dangbo.core.tests.print_ready import assert_print_ready
from dangbo.members.services import member_act, member_admit, member_transfer
from dangbo.members.tree_counts import subtree_stats
from dangbo.memberstats.selectors import member_statistics, monthly_lists

SYSTEM = system_actor("kiểm thử: thống kê đảng viên")
DAY = date(2019, 12, 31)


@pytest.fixture
def world(small_tree, make_member):
    an = make_member(small_tree.cell_a, "Nguyễn Văn An", birth_date=date(1950, 11, 20), ethnicity="Hoa")
    binh = make_member(
        small_tree.cell_a, "Lê Thị Bình", sex="female", religion="Phật giáo", occupation="Hưu trí"
    )
    cuong = make_member(small_tree.cell_b, "Phạm Văn Cường", education="12/12", profession="Cử nhân Luật")
    make_member(small_tree.other_cell, "Võ Văn Dũng")
    member_admit(
        actor=SYSTEM,
        profile={"full_name": "Trần Thị Em", "sex": "female", "birth_date": date(1998, 3, 2)},
        cell=small_tree.cell_b,
        effective_on=date(2019, 5, 10),
        decision_number="5-QĐ/ĐU",
        decision_date=date(2019, 5, 10),
    )
    member_act(
        actor=SYSTEM,
        member=binh,
        kind="death",
        effective_on=date(2019, 6, 1),
        decision_number="",
        decision_date=None,
    )
    member_transfer(
        actor=SYSTEM,
        member=cuong,
        to_organization=small_tree.other_cell,
        transfer_type="official",
        effective_on=date(2019, 7, 1),
        decision_number="7-QĐ/QU",
        decision_date=date(2019, 7, 1),
    )
    return small_tree, an


def test_the_total_equals_tree_stats_and_every_breakdown_adds_up(world, officer):
    tree, an = world
    for organization in (tree.district, tree.ward, tree.cell_a, tree.other_ward):
        stats = member_statistics(officer, organization, DAY)
        assert stats.total == subtree_stats(officer, organization, DAY)["members"]["total"]
        for name, buckets in stats.breakdowns.items():
            assert sum(buckets.values()) == stats.total, name
        assert stats.balanced


def test_the_breakdowns_read_the_register(world, officer):
    tree, an = world
    stats = member_statistics(officer, tree.ward, DAY)
    assert stats.total == 2  # An (cell A) and Em (cell B); Bình died, Cường moved away
    b = stats.breakdowns
    assert b["sex"] == {"Nam": 1, "Nữ": 1, "Chưa ghi": 0}
    assert b["ethnicity"]["Hoa"] == 1 and b["ethnicity"]["Kinh"] == 1
    assert b["age_band"]["Đến 30 tuổi"] == 1 and b["age_band"]["61–70 tuổi"] == 1  # An: 69 on 31/12/2019
    assert b["party_age"]["Dưới 10 năm"] == 1 and b["party_age"]["10–19 năm"] == 1
    assert b["political_theory"]["Chưa qua đào tạo"] == 2


def test_the_party_age_leaves_out_the_time_out_of_the_party_as_the_badges_count_it(world, officer):
    tree, an = world  # An: admitted 02/03/2005, 14 years of party age on 31/12/2019
    party_age_break_record(
        actor=SYSTEM,
        member=an,
        left_on=date(2008, 1, 1),
        returned_on=date(2013, 1, 1),
        decision_number="3-QĐ/ĐU",
    )
    assert (
        badge_rules.party_years(an.admitted_on, DAY, [badge_rules.Break(date(2008, 1, 1), date(2013, 1, 1))])
        == 9
    )
    stats = member_statistics(officer, tree.district, DAY, children=True)
    assert stats.breakdowns["party_age"]["Dưới 10 năm"] == 2  # An (9 years counted) and Em
    assert stats.breakdowns["party_age"]["10–19 năm"] == 2  # Cường (moved to W2A) and Dũng
    ward = next(row for row in stats.children if row["code"] == "W1")
    assert (
        ward["breakdowns"]["party_age"]["Dưới 10 năm"] == 2
        and ward["breakdowns"]["party_age"]["10–19 năm"] == 0
    )
    for name, buckets in stats.breakdowns.items():
        assert sum(buckets.values()) == stats.total, name


def test_the_movements_of_the_period_are_counted_from_the_events(world, officer):
    tree, an = world
    ward = member_statistics(officer, tree.ward, DAY, date(2019, 1, 1))
    assert ward.opening == 3
    assert ward.movements == {
        "admitted": 1,
        "received": 0,
        "transferred_in": 0,
        "transferred_out": 1,
        "died": 1,
        "removed": 0,
        "expelled": 0,
        "left": 0,
    }
    other = member_statistics(officer, tree.other_ward, DAY, date(2019, 1, 1))
    assert other.movements["transferred_in"] == 1 and other.total == 2
    district = member_statistics(officer, tree.district, DAY, date(2019, 1, 1))
    assert district.movements["transferred_in"] == 0 and district.movements["transferred_out"] == 0


def test_the_monthly_lists_name_birthdays_and_anniversaries(world, personas):
    tree, an = world
    births, anniversaries = monthly_lists(personas["secretary_a"], tree.cell_a, 2019, 11)
    assert [(r.full_name, r.day, r.years) for r in births] == [("Nguyễn Văn An", date(2019, 11, 20), 69)]
    births, anniversaries = monthly_lists(personas["secretary_a"], tree.cell_a, 2019, 3)
    # on the books on 01/03/2019: Bình too (she died in June); the same day, Vietnamese order
    assert [(r.full_name, r.years) for r in anniversaries] == [("Nguyễn Văn An", 14), ("Lê Thị Bình", 14)]
    with pytest.raises(PermissionDenied):
        monthly_lists(personas["viewer"], tree.district, 2019, 11)
    with pytest.raises(PermissionDenied):
        monthly_lists(personas["secretary_a"], tree.ward, 2019, 11)


def test_the_command_prints_the_json_and_refuses_bad_input(world, tmp_path):
    out = io.StringIO()
    call_command(
        "member_statistics", "--org", "W1", "--as-of", "2019-12-31", "--from", "2019-01-01", stdout=out
    )
    data = json.loads(out.getvalue())
    assert data["total"] == 2 and set(data["breakdowns"]) == {
        "sex",
        "age_band",
        "ethnicity",
        "religion",
        "education",
        "expertise",
        "political_theory",
        "occupation",
        "party_age",
    }
    assert data["movements"]["died"] == 1
    target = tmp_path / "tk.xlsx"
    call_command(
        "member_statistics",
        "--org",
        "D",
        "--as-of",
        "2019-12-31",
        "--format",
        "xlsx",
        "--output",
        str(target),
        stdout=io.StringIO(),
    )
    assert_print_ready(target.read_bytes(), title="BÁO CÁO SỐ LƯỢNG, CHẤT LƯỢNG ĐẢNG VIÊN")
    sheet = load_workbook(target).active
    assert (
        sheet.cell(row=sheet.max_row, column=2).value == "Cộng"
        and sheet.cell(row=sheet.max_row, column=3).value == 4
    )
    for args, message in (
        (("--org", "XX", "--as-of", "2019-12-31"), "--org: Không có tổ chức mã “XX”"),
        (("--org", "W1", "--as-of", "31/12/2019"), "--as-of: “31/12/2019” không phải là ngày hợp lệ"),
        (("--org", "W1", "--as-of", "2019-12-31", "--from", "2020-01-01"), "--from: Ngày đầu kỳ"),
        (("--org", "W1", "--as-of", "2010-01-01"), "--as-of: Đảng bộ phường An Bình không hoạt động"),
        (("--org", "W1", "--as-of", "2019-12-31", "--format", "csv"), "--format: “csv” không hợp lệ"),
    ):
        with pytest.raises(CommandError) as refused:
            call_command("member_statistics", *args, stdout=io.StringIO())
        assert message in str(refused.value)


def test_a_viewer_sees_the_figures_never_the_names(world, client, personas):
    client.force_login(personas["viewer"])
    page = client.get("/thong-ke/", {"org": "D", "ngay": "31/12/2019"}).content.decode()
    assert 'id="tong-so">4<' in page and "Nguyễn Văn An" not in page and "Võ Văn Dũng" not in page
    assert client.get("/thong-ke/hang-thang/", {"org": "D", "thang": "11/2019"}).status_code == 403
    response = client.get("/thong-ke/", {"org": "D", "ngay": "31/12/2019", "dinh_dang": "xlsx"})
    assert response.status_code == 200
    cells = [c.value for row in load_workbook(io.BytesIO(response.content)).active.iter_rows() for c in row]
    assert "Nguyễn Văn An" not in cells


def test_a_cell_secretary_sees_their_cell_only(world, client, personas):
    client.force_login(personas["secretary_a"])
    page = client.get("/thong-ke/", {"org": "W1A", "ngay": "31/12/2019"}).content.decode()
    assert 'id="tong-so">1<' in page
    assert client.get("/thong-ke/", {"org": "W1B", "ngay": "31/12/2019"}).status_code == 404
    assert client.get("/thong-ke/hang-thang/", {"org": "W1B", "thang": "11/2019"}).status_code == 404
    page = client.get("/thong-ke/hang-thang/", {"org": "W1A", "thang": "11/2019"}).content.decode()
    assert "Nguyễn Văn An" in page


def test_bad_query_values_get_a_vietnamese_message(world, client, personas):
    client.force_login(personas["officer"])
    page = client.get("/thong-ke/", {"org": "D", "ngay": "31/02/2019"}).content.decode()
    assert "không phải là ngày hợp lệ" in page
    page = client.get("/thong-ke/", {"org": "D", "ngay": "31/12/2019", "tu": "01/01/2020"}).content.decode()
    assert "Ngày đầu kỳ" in page
    page = client.get("/thong-ke/hang-thang/", {"org": "D", "thang": "13/2019"}).content.decode()
    assert "không hợp lệ" in page
