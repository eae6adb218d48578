"""check_figures: percentages written by someone else, checked at the precision they were written."""

import json
import re

import pytest
from django.core.management import CommandError, call_command

from dangbo.reports.figures import FigureError, check_figure, check_figures, parse_total


def test_the_seed_articles_figures():
    checks = check_figures(42, ["8:19,04", "33:78,6", "1:2,3"])
    assert [(c.stated, c.correct, c.ok) for c in checks] == [
        ("19,04", "19,05", False),
        ("78,6", "78,6", True),
        ("2,3", "2,4", False),
    ]


def test_dot_and_no_decimals():
    assert check_figure(5852, "21:0.3").ok is False
    assert check_figure(5852, "21:0.36").ok is True
    assert check_figure(5852, "21:0").ok is True
    assert check_figure(5852, "5.001:85,46").ok is True  # the count written with a thousands dot


def test_half_up_at_the_boundary():
    assert check_figure(8, "1:12,5").ok
    assert check_figure(8, "5:63").ok  # 62,5 rounds up
    assert not check_figure(8, "5:62").ok


@pytest.mark.parametrize("figure", ["8:abc", "8", "x:19", "8:19,0,4"])
def test_a_figure_that_is_not_a_number_is_refused(figure):
    with pytest.raises(FigureError, match="không đúng dạng"):
        check_figure(42, figure)


def test_count_above_total_and_bad_total():
    with pytest.raises(FigureError, match="lớn hơn tổng số"):
        check_figure(42, "43:100")
    with pytest.raises(FigureError) as error:
        parse_total("0")
    assert error.value.field == "total"
    assert parse_total("5.852") == 5852


def test_the_command_prints_json(capsys):
    call_command("check_figures", "--total", "42", "8:19,04", "33:78,6", "1:2,3", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["figures"] == [
        {"count": 8, "stated": "19,04", "correct": "19,05", "ok": False},
        {"count": 33, "stated": "78,6", "correct": "78,6", "ok": True},
        {"count": 1, "stated": "2,3", "correct": "2,4", "ok": False},
    ]


def test_the_command_names_the_bad_option():
    with pytest.raises(CommandError, match="--total"):
        call_command("check_figures", "--total", "bốn mươi", "8:19")


def test_the_command_finds_the_issues_sum_mismatch(capsys):
    call_command("check_figures", "--total", "60", "12:20", "40:66,67", "7:11,67", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert all(f["ok"] for f in data["figures"])
    assert [p["kind"] for p in data["problems"]] == ["sum_mismatch"]
    call_command("check_figures", "--total", "60", "12:20", "40:66,67", "7:11,67")
    assert "12 + 40 + 7 = 59, khác tổng số 60 (thiếu 1)" in capsys.readouterr().out


def test_the_command_names_the_count_that_is_the_typo(capsys):
    call_command("check_figures", "--total", "49", "30:61,2", "16:32,7", "33:6,1")
    text = capsys.readouterr().out
    assert "33: 6,1 % → SAI — số lượng có lẽ là 3 (6,1 % của 49)" in text
    assert "Số lượng 33 có lẽ ghi nhầm: 6,1 % của 49 là 3" in text
    assert "67,3" not in text
    call_command("check_figures", "--total", "49", "30:61,2", "16:32,7", "33:6,1", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert [(p["kind"], p["count"], p["fits"]) for p in data["problems"]] == [("count_typo", 33, 3)]


def test_the_command_takes_other_bases_and_the_four_levels(capsys):
    call_command(
        "check_figures", "--total", "5.900", "648:11,07", "4.353:74,38", "--base-alternatives", "5.852",
        "--format", "json",
    )  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert [p["base"] for p in data["problems"] if p["kind"] == "other_base"] == [5852, 5852]
    call_command(
        "check_figures", "--total", "100", "30:30", "60:60", "10:10", "0:0", "--four-levels", "--year", "2019"
    )
    text = capsys.readouterr().out
    assert "vượt quá 20 % số đảng viên hoàn thành tốt nhiệm vụ (60; tối đa 12)" in text
    call_command("check_figures", "--total", "5.852", "648:11,07", "4.353:74,38", "830:14,18", "21:0,36",
                 "--four-levels", "--year", "2019")  # fmt: skip
    assert "Không phát hiện vấn đề nào khác." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--base-alternatives", "5,x"], "--base-alternatives: Cơ sở khác “x” phải là một số nguyên dương"),
        (["--year", "hai"], "--year: Năm đánh giá “hai” không hợp lệ"),
        (["--year", "1800"], "--year: Năm đánh giá “1800” không hợp lệ"),
        (["--four-levels"], "phải có đúng 4 số liệu (đã nhập 1)"),
    ],
)
def test_the_command_names_each_bad_token(options, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("check_figures", "--total", "42", "8:19", *options)


def test_the_command_takes_a_raised_cap_and_refuses_one_out_of_range(capsys):
    line = ["--total", "100", "15:15", "60:60", "25:25", "0:0", "--four-levels", "--year", "2025"]
    call_command("check_figures", *line, "--format", "json")
    assert [p["kind"] for p in json.loads(capsys.readouterr().out)["problems"]] == ["cap"]
    call_command("check_figures", *line, "--cap-percent", "25", "--format", "json")
    assert json.loads(capsys.readouterr().out)["problems"] == []
    with pytest.raises(
        CommandError, match=re.escape("--cap-percent: Giới hạn 26% không hợp lệ: năm 2025 chỉ từ 20% đến 25%")
    ):
        call_command("check_figures", *line, "--cap-percent", "26")
    with pytest.raises(
        CommandError, match=re.escape("--cap-percent: Năm 2023 không có quy định cho cấp có thẩm quyền nâng")
    ):
        call_command("check_figures", "--total", "100", "15:15", "60:60", "25:25", "0:0", "--four-levels",
                     "--year", "2023", "--cap-percent", "25")  # fmt: skip


@pytest.mark.django_db
def test_the_command_reads_the_decision_recorded_for_the_organizations_year(capsys, small_tree, personas):
    from datetime import date

    from dangbo.evaluations.services import cap_raise_record

    line = [
        "--total",
        "100",
        "15:15",
        "60:60",
        "25:25",
        "0:0",
        "--four-levels",
        "--year",
        "2025",
        "--org",
        "W1",
    ]
    call_command("check_figures", *line, "--format", "json")
    assert [p["kind"] for p in json.loads(capsys.readouterr().out)["problems"]] == ["cap"]  # nothing recorded
    cap_raise_record(
        actor=personas["ward_staff"], organization=small_tree.ward, year=2025, group="members", percent="25",
        decision_number="215-QĐ/ĐU", decision_date=date(2025, 12, 10),
    )  # fmt: skip
    call_command("check_figures", *line, "--format", "json")
    assert json.loads(capsys.readouterr().out)["problems"] == []
    call_command("check_figures", "--total", "100", "16:16", "60:60", "24:24", "0:0", *line[6:])
    assert "nâng theo quyết định số 215-QĐ/ĐU ngày 10/12/2025" in capsys.readouterr().out
    with pytest.raises(
        CommandError, match=re.escape("--cap-percent: Giới hạn đã nhập 20% khác quyết định số 215-QĐ/ĐU")
    ):
        call_command("check_figures", *line, "--cap-percent", "20")
    with pytest.raises(CommandError, match="--org: Không có tổ chức mã “KHONG”"):
        call_command("check_figures", *line[:-1], "KHONG")
