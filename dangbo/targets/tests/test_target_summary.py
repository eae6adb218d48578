"""target_summary: achievement counted from the recorded admissions and establishments; a subtree's
figure is the sum of its parts."""

from __future__ import annotations

from datetime import date

import pytest

from dangbo.core.exceptions import PermissionDenied
from dangbo.organizations.models import Sector
from dangbo.targets.render import paragraph
from dangbo.targets.selectors import target_kinds, target_summary
from dangbo.targets.services import targets_set


def rows(summary):
    return {r["kind"]: (r["target"], r["achieved"], r["percent"]) for r in summary["targets"]}


@pytest.fixture
def year_2019(small_tree, admit, establish):
    """Admissions: 3 in cell A, 1 in cell B (2019), 2 in the school (one in 2018); cells set up in 2019."""
    admit(small_tree.cell_a, date(2019, 3, 1), "youth_conscript")
    admit(small_tree.cell_a, date(2019, 6, 1), "worker")
    admit(small_tree.cell_a, date(2019, 12, 31))
    admit(small_tree.cell_b, date(2019, 1, 1), "militia")
    admit(small_tree.school, date(2019, 5, 1), "student")
    admit(small_tree.school, date(2018, 12, 31))
    establish("W1CC", small_tree.ward, Sector.APARTMENT, date(2019, 4, 15))
    establish("W2CC", small_tree.other_ward, Sector.APARTMENT, date(2019, 9, 20))
    establish("W1DN", small_tree.ward, Sector.NON_STATE_ENTERPRISE, date(2019, 2, 1))
    establish("DNOLD", small_tree.district, Sector.NON_STATE_ENTERPRISE, date(2018, 2, 1))
    establish("KP9", small_tree.ward, Sector.RESIDENTIAL, date(2019, 2, 1))
    return small_tree


def test_achievement_is_counted_from_the_years_events(year_2019, personas):
    targets_set(
        actor=personas["admin"],
        organization=year_2019.district,
        year=2019,
        values={"new_members": 5, "cells_apartment": 2},
    )
    summary = target_summary(personas["officer"], year_2019.district, 2019)
    assert rows(summary) == {
        "new_members": (5, 5, "100.00"),
        "cells_non_state": (None, 1, None),
        "cells_apartment": (2, 2, "100.00"),
    }
    sources = {s["source_group"]: s["count"] for s in summary["admissions_by_source"]}
    assert sources == {"youth_conscript": 1, "worker": 1, "militia": 1, "student": 1, "other": 1}


def test_the_subtree_adds_up_its_parts(year_2019, personas):
    targets_set(
        actor=personas["admin"], organization=year_2019.district, year=2019, values={"new_members": 6}
    )
    targets_set(actor=personas["officer"], organization=year_2019.ward, year=2019, values={"new_members": 4})
    targets_set(
        actor=personas["officer"], organization=year_2019.school, year=2019, values={"new_members": 2}
    )
    summary = target_summary(personas["officer"], year_2019.district, 2019)
    children = {c["code"]: c["rows"][0] for c in summary["children"]}
    assert {code: (r["target"], r["achieved"], r["percent"]) for code, r in children.items()} == {
        "W1": (4, 4, "100.00"),
        "S1": (2, 1, "50.00"),
        "W2": (None, 0, None),
        "DNOLD": (None, 0, None),
    }
    total = summary["children_total"][0]
    assert (total["target"], total["achieved"]) == (6, 5)
    assert rows(summary)["new_members"] == (6, 5, "83.33")
    ward = target_summary(personas["officer"], year_2019.ward, 2019)
    assert rows(ward)["new_members"] == (4, 4, "100.00")
    assert {c["code"]: c["rows"][0]["achieved"] for c in ward["children"]} == {
        "W1A": 3,
        "W1B": 1,
        "W1CC": 0,
        "W1DN": 0,
        "KP9": 0,
    }
    apartments = {c["code"]: c["rows"][2]["achieved"] for c in summary["children"]}
    assert apartments == {"W1": 1, "S1": 0, "W2": 1, "DNOLD": 0}


def test_percentages_over_100_are_kept(year_2019, personas):
    targets_set(
        actor=personas["officer"],
        organization=year_2019.ward,
        year=2019,
        values={"new_members": 3, "cells_non_state": 1},
    )
    summary = target_summary(personas["ward_staff"], year_2019.ward, 2019)
    assert rows(summary)["new_members"] == (3, 4, "133.33")


def test_an_admission_counts_where_the_cell_was_that_day(year_2019, personas):
    from dangbo.organizations.services import Decision, organization_move

    organization_move(
        actor=personas["officer"],
        organization=year_2019.cell_b,
        new_parent=year_2019.other_ward,
        effective_on=date(2019, 7, 1),
        decision=Decision(number="9-QĐ/QU", date=date(2019, 6, 20)),
    )
    # cell B's admission of 01/01/2019 stays with ward 1, where cell B was that day
    assert rows(target_summary(personas["officer"], year_2019.ward, 2019))["new_members"][1] == 4
    assert rows(target_summary(personas["officer"], year_2019.other_ward, 2019))["new_members"][1] == 0


def test_the_outsider_cannot_read_another_subtree(year_2019, personas):
    with pytest.raises(PermissionDenied):
        target_summary(personas["outsider"], year_2019.ward, 2019)


def test_the_paragraph_reads_like_the_published_reports(year_2019, personas):
    targets_set(
        actor=personas["admin"],
        organization=year_2019.district,
        year=2019,
        values={"new_members": 4, "cells_non_state": 1, "cells_apartment": 2},
    )
    text = paragraph(target_summary(personas["officer"], year_2019.district, 2019), target_kinds())
    assert text == (
        "Năm 2019, Đảng bộ Quận Thử hoàn thành đạt 125 % chỉ tiêu phát triển đảng viên mới (kết nạp 5 đảng viên "
        "mới, trong đó 1 thanh niên nhập ngũ, 1 công nhân lao động, 1 dân quân thường trực, 1 học sinh, sinh viên; "
        "chỉ tiêu 4), 100 % chỉ tiêu thành lập chi bộ trong doanh nghiệp ngoài khu vực nhà nước, đơn vị sự nghiệp "
        "ngoài công lập (thành lập được 1 chi bộ; chỉ tiêu 1), 100 % chỉ tiêu thành lập chi bộ trong khu chung cư "
        "(thành lập được 2 chi bộ; chỉ tiêu 2)."
    )


def test_without_a_target_the_paragraph_says_what_was_done(year_2019, personas):
    targets_set(
        actor=personas["admin"], organization=year_2019.district, year=2019, values={"new_members": 5}
    )
    text = paragraph(target_summary(personas["officer"], year_2019.district, 2019), target_kinds())
    assert text.endswith(
        "; thành lập được 1 chi bộ trong doanh nghiệp ngoài khu vực nhà nước, đơn vị sự nghiệp ngoài công lập "
        "(không giao chỉ tiêu); thành lập được 2 chi bộ trong khu chung cư (không giao chỉ tiêu)."
    )
    assert text.startswith(
        "Năm 2019, Đảng bộ Quận Thử hoàn thành đạt 100 % chỉ tiêu phát triển đảng viên mới"
    )


def test_a_configured_kind_counts_only_its_source_groups(year_2019, personas, settings):
    settings.DANGBO_TARGET_KINDS = [
        {
            "key": "youth",
            "label": "Kết nạp thanh niên nhập ngũ",
            "measure": "admissions",
            "unit": "thanh niên nhập ngũ",
            "source_groups": ["youth_conscript"],
        }
    ]
    targets_set(actor=personas["admin"], organization=year_2019.district, year=2019, values={"youth": 2})
    assert rows(target_summary(personas["officer"], year_2019.district, 2019))["youth"] == (2, 1, "50.00")
