"""bench/compare.py: the figures and their counterparts timed alternately, and the table it prints."""

from __future__ import annotations

from bench.compare import interleaved, markdown, ms


def test_each_function_is_warmed_up_then_timed_in_turn():
    calls: list[str] = []
    medians = interleaved({"page": lambda: calls.append("page"), "count": lambda: calls.append("count")}, 3)
    assert calls == ["page", "count"] * 4  # one warm-up round, then three timed ones, alternating
    assert set(medians) == {"page", "count"} and all(m >= 0 for m in medians.values())


def test_durations_keep_the_decimals_that_matter_the_vietnamese_way():
    assert [ms(0.0042), ms(0.62), ms(17.34), ms(1873.2)] == ["0,004", "0,62", "17,3", "1.873"]


def test_the_table_puts_each_counterpart_and_its_ratio_beside_the_figure():
    figures = {
        "database": "sqlite-city",
        "members": 370000,
        "runs": 11,
        "measured_at": "07/12/2026 02:56 UTC",
        "load_average": {"before": (11.7, 12.4, 11.8), "after": (11.4, 12.2, 11.7)},
        "measures": [
            {
                "name": "whole CCCD",
                "median_ms": 70.2,
                "counterparts": [
                    {"name": "LIKE count", "median_ms": 214.0, "ratio": 0.33},
                    {"name": "unique index", "median_ms": 0.15, "ratio": 463.91},
                ],
            }
        ],
    }
    lines = markdown(figures).splitlines()
    assert lines[2] == "| whole CCCD | 70,2 | LIKE count | 214 | × 0,33 |"
    assert lines[3] == "|  |  | unique index | 0,15 | × 463,91 |"
    assert "370.000 đảng viên" in lines[-1] and "11,7 / 12,4 / 11,8 before" in lines[-1]
