"""The year's report on a small tree: counts, percents of the evaluated, reasons, outputs."""

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from dangbo.accounts.scope import system_actor
from dangbo.core.exceptions import ApplicationError, PermissionDenied
from dangbo.core.tests.print_ready import assert_print_ready
from dangbo.evaluations.services import member_rating_record, organization_rating_record
from dangbo.members.services import member_act
from dangbo.reports.render_docx import render_docx
from dangbo.reports.render_xlsx import render_xlsx
from dangbo.reports.selectors import year_report
from dangbo.reports.year_data import Share

SYSTEM = system_actor("kiểm thử: test_year_report")


@pytest.fixture
def rated(small_tree, make_member):
    ranks = [2, 2, 2, 2, 2, 1, 3, 4]  # the good first: the cap counts those already decided
    members = [make_member(small_tree.cell_a, f"Trần Văn {g}") for g in "ABCDEGHK"]
    for member, rank in zip(members, ranks, strict=True):
        if rank == 4:
            member_act(
                actor=SYSTEM,
                member=member,
                kind="discipline",
                form="reprimand",
                effective_on=date(2019, 5, 1),
                decision_number="2-QĐ",
                decision_date=date(2019, 5, 1),
            )
        member_rating_record(
            actor=SYSTEM, member=member, year=2019, stage="decision", rank=rank, decision_number="1-TB"
        )
    exempt = make_member(small_tree.cell_b, "Lê Thị Lan")
    member_act(
        actor=SYSTEM,
        member=exempt,
        kind="exemption",
        effective_on=date(2018, 1, 1),
        decision_number="3",
        decision_date=None,
    )
    member_rating_record(
        actor=SYSTEM, member=exempt, year=2019, stage="decision", rank=None, decision_number="1-TB"
    )
    make_member(small_tree.school, "Phạm Văn Tâm")  # on the books, not assessed yet
    for org, rank in (
        (small_tree.ward, 2),
        (small_tree.school, 3),
        (small_tree.cell_a, 2),
        (small_tree.cell_b, 2),
    ):
        organization_rating_record(
            actor=SYSTEM, organization=org, year=2019, stage="decision", rank=rank, decision_number="9-QĐ"
        )
    return small_tree


def test_counts_and_percents_are_of_the_evaluated(rated):
    report = year_report(system_actor("kiểm thử"), rated.district, 2019)
    members = report.sections.members
    assert (members.total, members.evaluated, members.not_evaluated) == (10, 8, 2)
    assert [(lv.count, lv.percent) for lv in members.levels] == [
        (1, "12.50"),
        (5, "62.50"),
        (1, "12.50"),
        (1, "12.50"),
    ]
    assert members.levels[0].label == "Hoàn thành xuất sắc nhiệm vụ"
    assert members.good_or_above == Share(count=6, percent="75.00")
    assert members.exemplary is None  # counted for organizations only
    reasons = {r.reason: r.count for r in members.not_evaluated_reasons}
    assert reasons == {"Miễn công tác và sinh hoạt đảng (HD 21-HD/BTCTW, mục II.6)": 1, "Chưa đánh giá": 1}
    grassroots = report.sections.grassroots
    assert (grassroots.total, grassroots.evaluated) == (3, 2)
    assert grassroots.exemplary == 0
    assert report.sections.affiliated_cells.evaluated == 2
    assert "8/10 đảng viên được đánh giá" in report.narrative


def test_one_decimal_is_an_option(rated):
    report = year_report(system_actor("kiểm thử"), rated.district, 2019, decimals=1)
    assert report.sections.members.levels[0].percent == "12.5"


def test_pre_2018_years_use_their_own_wording(rated):
    report = year_report(system_actor("kiểm thử"), rated.district, 2016)
    assert report.sections.grassroots.levels[0].label == "Trong sạch, vững mạnh"
    assert report.sections.members.levels[3].label == "Vi phạm tư cách hoặc không hoàn thành nhiệm vụ"


def test_out_of_scope_and_unknown_year(rated, personas):
    with pytest.raises(PermissionDenied):
        year_report(personas["outsider"], rated.ward, 2019)
    with pytest.raises(ApplicationError, match="không hợp lệ"):
        year_report(system_actor("kiểm thử"), rated.district, 1800)


def test_the_command_writes_json_text_docx_and_xlsx(rated, tmp_path, capsys):
    call_command("evaluation_report", "--org", "D", "--year", "2019", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["organization"] == {"code": "D", "name": "Đảng bộ Quận Thử"}
    assert set(data["sections"]) == {"grassroots", "affiliated_cells", "members"}
    call_command("evaluation_report", "--org", "d", "--year", "2019", "--format", "text")
    assert "Hoàn thành tốt nhiệm vụ: 5 (62,50 %)" in capsys.readouterr().out
    docx_path = tmp_path / "bc.docx"
    call_command(
        "evaluation_report", "--org", "D", "--year", "2019", "--format", "docx", "--output", str(docx_path)
    )
    text = "\n".join(p.text for p in Document(str(docx_path)).paragraphs)
    assert "BÁO CÁO" in text and "năm 2019" in text
    xlsx_path = tmp_path / "bc.xlsx"
    call_command(
        "evaluation_report", "--org", "D", "--year", "2019", "--format", "xlsx", "--output", str(xlsx_path)
    )
    workbook = load_workbook(xlsx_path)
    assert workbook["Đảng viên"]["A3"].value == "Mức xếp loại"  # under the title and subtitle
    assert workbook["Đảng viên"]["B4"].value == 1


def test_the_command_refuses_bad_input(rated):
    with pytest.raises(CommandError, match="--org"):
        call_command("evaluation_report", "--org", "KHONGCO", "--year", "2019")
    with pytest.raises(CommandError, match="--year"):
        call_command("evaluation_report", "--org", "D", "--year", "hai nghìn")
    with pytest.raises(CommandError, match="--output"):
        call_command("evaluation_report", "--org", "D", "--year", "2019", "--format", "docx")


def test_docx_follows_the_party_document_format(rated):
    document = Document(
        io.BytesIO(
            render_docx(
                year_report(system_actor("kiểm thử"), rated.district, 2019), issued_on=date(2020, 3, 10)
            )
        )
    )
    header = document.tables[0].rows[0].cells
    party = header[1].paragraphs[0].runs[0]
    assert (
        party.text == "ĐẢNG CỘNG SẢN VIỆT NAM" and party.bold and party.underline and party.font.size.pt == 15
    )
    assert header[1].paragraphs[1].text == "Quận Thử, ngày 10 tháng 03 năm 2020"
    assert header[1].paragraphs[1].runs[0].italic
    assert header[0].paragraphs[0].runs[0].text == "QUẬN ỦY QUẬN THỬ" and header[0].paragraphs[0].runs[0].bold
    assert all(run.font.name == "Times New Roman" for p in document.paragraphs for run in p.runs)


def test_xlsx_has_a_sheet_per_section(rated):
    content = render_xlsx(year_report(system_actor("kiểm thử"), rated.district, 2019))
    assert_print_ready(content, title="KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM 2019")
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == [
        "Tổng hợp",
        "Tổ chức cơ sở đảng",
        "Chi bộ trực thuộc",
        "Đảng viên",
        "Theo loại hình",
    ]


def test_docx_names_the_superior_above_the_issuing_committee(rated):
    report = year_report(system_actor("kiểm thử"), rated.ward, 2019)
    header = Document(io.BytesIO(render_docx(report))).tables[0].rows[0].cells[0].paragraphs
    assert [p.text for p in header[:2]] == ["ĐẢNG BỘ QUẬN THỬ", "ĐẢNG ỦY PHƯỜNG AN BÌNH"]
    assert header[3].text == "Số      -BC/ĐU"  # the issuing body's abbreviation, not the code W1
    assert not header[0].runs[0].bold and header[1].runs[0].bold


def test_a_root_counts_only_its_own_tree_when_another_root_exists(rated, small_tree, personas, make_member):
    from dangbo.organizations.models import Kind, Sector
    from dangbo.organizations.services import Decision, organization_establish

    other_root = organization_establish(
        actor=personas["admin"],
        code="T2",
        name="Đảng bộ Tỉnh Khác",
        kind=Kind.PROVINCE,
        sector=Sector.OTHER,
        parent=None,
        effective_on=date(2015, 1, 1),
        decision=Decision(number="5-QĐ/TW", date=date(2015, 1, 1)),
    )
    other_cell = organization_establish(
        actor=personas["admin"],
        code="T2A",
        name="Chi bộ Cơ quan Tỉnh",
        kind=Kind.GRASSROOTS_CELL,
        sector=Sector.OTHER,
        parent=other_root,
        effective_on=date(2015, 1, 1),
        decision=Decision(number="6-QĐ/TW", date=date(2015, 1, 1)),
    )
    stranger = make_member(other_cell, "Hoàng Văn Xa")
    member_rating_record(
        actor=personas["admin"], member=stranger, year=2019, stage="decision", rank=2, decision_number="1-TB"
    )
    before = year_report(system_actor("kiểm thử"), small_tree.district, 2019).sections.members
    assert before.total == 10  # the district's own: nine assessed and one not yet
    assert [level.count for level in before.levels] == [1, 5, 1, 1]
    alone = year_report(system_actor("kiểm thử"), other_root, 2019).sections.members
    assert alone.total == 1 and [level.count for level in alone.levels] == [0, 1, 0, 0]


def test_a_locked_year_keeps_the_headcount_taken_at_the_lock(rated, small_tree, officer, make_member):
    from dangbo.evaluations.models import YearEndHeadcount
    from dangbo.evaluations.services import review_cycle_lock

    review_cycle_lock(actor=officer, organization=small_tree.district, year=2019, decision_number="9-QĐ/QU")
    heads = dict(YearEndHeadcount.objects.filter(year=2019).values_list("organization__code", "count"))
    assert heads == {"W1A": 8, "W1B": 1, "S1": 1}
    # a member received later with a back-dated arrival: the live count would grow, the locked year does not
    make_member(small_tree.cell_a, "Đỗ Văn Muộn", on=date(2019, 6, 1))
    locked = year_report(system_actor("kiểm thử"), small_tree.district, 2019).sections.members
    assert locked.total == 10
    ward = year_report(system_actor("kiểm thử"), small_tree.ward, 2019).sections.members
    assert ward.total == 9  # W1A and W1B as taken at the lock
    # 2020 was never locked: counted live, the late arrival included
    live = year_report(system_actor("kiểm thử"), small_tree.district, 2020).sections.members
    assert live.total == 11
