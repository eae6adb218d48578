"""check_figures: percentages written by someone else, checked at the precision they were written."""

import json

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
