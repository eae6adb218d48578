from __future__ import annotations

from datetime import date

from dangbo.accounts.scope import system_actor
from dangbo.congresses import services
from dangbo.congresses.selectors import report_paragraph
from dangbo.congresses.tests.helpers import open_round, ward_congress


def test_the_years_report_states_how_many_held_and_how_many_late(small_tree, officer):
    congress = ward_congress(open_round(small_tree), small_tree)
    for stage in ("proposal", "documents", "opinion"):
        services.congress_record_stage(actor=officer, congress=congress, stage=stage, on=date(2020, 4, 1))
    services.congress_record_stage(
        actor=officer, congress=congress, stage="held", on=date(2020, 5, 8), electors_called=10, present=9
    )
    text = report_paragraph(system_actor("kiểm thử"), small_tree.district, 2020)
    assert text == (
        "Đại hội nhiệm kỳ 2020–2025 (đến ngày 31/12/2020): 1/7 tổ chức đảng đã tiến hành đại hội "
        "(14,29 %), trong đó 0 tổ chức đã được cấp trên chuẩn y kết quả; 6 tổ chức chậm so với kế hoạch "
        "(0 tổ chức tiến hành muộn, 6 tổ chức quá ngày dự kiến chưa tiến hành)."
    )


def test_no_paragraph_without_a_round_of_the_year(small_tree):
    open_round(small_tree)
    assert report_paragraph(system_actor("kiểm thử"), small_tree.district, 2019) is None
    assert report_paragraph(system_actor("kiểm thử"), small_tree.district, 2023) is None


def test_the_years_report_carries_the_paragraph(small_tree):
    from dangbo.reports.selectors import year_report

    open_round(small_tree)
    report = year_report(system_actor("kiểm thử"), small_tree.district, 2020)
    assert report.congress.startswith("Đại hội nhiệm kỳ 2020–2025 (đến ngày 31/12/2020): 0/7 tổ chức")
    assert report.narrative.endswith(report.congress)
    assert report.as_json()["congress"] == report.congress
    quiet = year_report(system_actor("kiểm thử"), small_tree.district, 2019)
    assert quiet.congress == "" and "congress" not in quiet.as_json()
