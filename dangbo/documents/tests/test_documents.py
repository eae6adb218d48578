"""Each document, made from the records of the small tree, read back with python-docx: the party
format (A4, margins, Times New Roman, the heading, the number, the date line, the page numbers
from page 2, the signer), the data, cells named with their grassroots organization, and the scope."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from docx.oxml.ns import qn

from dangbo.accounts.scope import system_actor
from dangbo.audit.models import AuditEntry
from dangbo.core.exceptions import ApplicationError
from dangbo.documents.models import DocumentChoice, IssuedNumber
from dangbo.documents.produce import Target, make
from dangbo.documents.selectors import Choices, full_citation, remembered
from dangbo.documents.tests.party_format import check_party_format, texts
from dangbo.members.services import member_act, member_admit, member_transfer
from dangbo.organizations.models import Kind, Sector
from dangbo.organizations.services import Decision, organization_establish, organization_set_letterhead
from dangbo.targets.services import Presence, meeting_record

SYSTEM = system_actor("kiểm thử: văn bản")
SIGNED = Choices(
    number="12",
    signed_on=date(2020, 1, 10),
    signer_title="Bí thư",
    signer_name="Trần Văn Bình",
    recipients=["Ban Tổ chức Quận ủy", "Lưu Văn phòng"],
)


@pytest.fixture
def world(small_tree, make_member):
    """A member of cell A (Chi bộ Khu phố 1, phường An Bình); a "Chi bộ Khu phố 1" in phường Bình
    Đức too; the member admitted, made official, transferred there; a meeting of cell A."""
    twin = organization_establish(
        actor=SYSTEM,
        code="W2K1",
        name="Chi bộ Khu phố 1",
        kind=Kind.AFFILIATED_CELL,
        sector=Sector.RESIDENTIAL,
        parent=small_tree.other_ward,
        effective_on=date(2015, 1, 1),
        decision=Decision(number="02-QĐ/QU", date=date(2015, 1, 1)),
    )
    organization_set_letterhead(
        actor=SYSTEM,
        organization=small_tree.district,
        number_abbreviation="",
        superior_printed_name="Đảng bộ Thành phố Hồ Chí Minh",
    )
    old = make_member(small_tree.cell_a, "Lê Văn Cũ")
    new = member_admit(
        actor=SYSTEM,
        profile={
            "full_name": "Phạm Thị Mới",
            "sex": "female",
            "birth_date": date(1995, 4, 3),
            "hometown": "Long An",
        },
        cell=small_tree.cell_a,
        effective_on=date(2018, 3, 1),
        decision_number="07-QĐ/ĐU",
        decision_date=date(2018, 3, 1),
    )
    official = member_act(
        actor=SYSTEM,
        member=new,
        kind="official",
        effective_on=date(2019, 3, 1),
        decision_number="21-QĐ/ĐU",
        decision_date=date(2019, 3, 5),
    )
    new.refresh_from_db()
    meeting = meeting_record(
        actor=SYSTEM,
        cell=small_tree.cell_a,
        held_on=date(2019, 6, 5),
        kind="regular",
        topics="Quán triệt nghị quyết.\nKiểm điểm công tác tháng 5.",
        attendance={old.pk: Presence("present"), new.pk: Presence("excused", "Ốm")},
    )
    transfer = member_transfer(
        actor=SYSTEM,
        member=new,
        to_organization=twin,
        transfer_type="official",
        effective_on=date(2019, 9, 2),
        decision_number="30-QĐ/ĐU",
        decision_date=date(2019, 9, 1),
    )
    admission = new.events.get(kind="admission")
    return {
        "tree": small_tree,
        "member": new,
        "admission": admission,
        "official": official,
        "transfer": transfer,
        "meeting": meeting,
        "twin": twin,
    }


def _ward_heading():
    return {"superior": "ĐẢNG BỘ QUẬN THỬ", "issuer": "ĐẢNG ỦY PHƯỜNG AN BÌNH"}


def test_the_admission_decision_is_in_the_party_format(world):
    made = make(SYSTEM, "decision", Target(event=world["admission"].pk), SIGNED)
    lines = check_party_format(
        made.content,
        **_ward_heading(),
        number="Số 12-QĐ/ĐU",
        signer=("T/M ĐẢNG ỦY", "BÍ THƯ", "Trần Văn Bình"),
    )
    assert "Phường An Bình, ngày 10 tháng 01 năm 2020" in lines
    text = "\n".join(lines)
    assert "Kết nạp đồng chí Phạm Thị Mới vào Đảng Cộng sản Việt Nam" in text
    assert "sinh ngày 03/04/1995" in text and "quê quán Long An" in text
    assert "Chi bộ Khu phố 1 – Đảng bộ phường An Bình" in text  # the cell with its grassroots organization
    assert "- Ban Tổ chức Quận ủy," in lines and "- Lưu Văn phòng." in lines
    assert Document(io.BytesIO(made.content)).core_properties.author == "Đảng bộ phường An Bình"


def test_the_decision_takes_the_recorded_number_and_date_when_none_is_chosen(world):
    made = make(SYSTEM, "decision", Target(event=world["official"].pk), Choices())
    lines = check_party_format(
        made.content, **_ward_heading(), number="Số 21-QĐ/ĐU", signer=("T/M ĐẢNG ỦY", "", "")
    )
    assert "Phường An Bình, ngày 05 tháng 03 năm 2019" in lines
    assert any("Công nhận đồng chí Phạm Thị Mới là đảng viên chính thức" in line for line in lines)


def test_the_transfer_letter_names_both_cells_with_their_grassroots_organization(world):
    made = make(SYSTEM, "transfer-letter", Target(event=world["transfer"].pk), SIGNED)
    lines = check_party_format(
        made.content,
        **_ward_heading(),
        number="Số 1-GGT/ĐU",
        signer=("T/M ĐẢNG ỦY", "BÍ THƯ", "Trần Văn Bình"),
    )
    text = "\n".join(lines)
    assert "(Chuyển sinh hoạt chính thức)" in lines
    assert "Chi bộ Khu phố 1 – Đảng bộ phường Bình Đức" in text
    assert "Đang sinh hoạt tại: Chi bộ Khu phố 1 – Đảng bộ phường An Bình" in lines
    assert (
        "Chi bộ Khu phố 1," not in text and "Chi bộ Khu phố 1." not in text
    )  # never without its organization


def test_a_transfer_letter_keeps_its_number_and_the_next_one_takes_the_next(world, make_member):
    first = make(SYSTEM, "transfer-letter", Target(event=world["transfer"].pk), SIGNED)
    again = make(SYSTEM, "transfer-letter", Target(event=world["transfer"].pk), SIGNED)
    assert "Số 1-GGT/ĐU" in texts(first.content) and "Số 1-GGT/ĐU" in texts(again.content)
    other = make_member(world["tree"].cell_b, "Võ Văn Khác")
    event = member_transfer(
        actor=SYSTEM,
        member=other,
        to_organization=None,
        transfer_type="official",
        effective_on=date(2019, 10, 1),
        decision_number="31-QĐ/ĐU",
        decision_date=date(2019, 10, 1),
        destination="Đảng bộ phường 1, Quận 3",
    )
    second = make(SYSTEM, "transfer-letter", Target(event=event.pk), SIGNED)
    assert "Số 2-GGT/ĐU" in texts(second.content)
    assert IssuedNumber.objects.count() == 2
    assert AuditEntry.objects.filter(action="document.number_issue").count() == 2


def test_the_numbers_are_unique_per_body_and_year_in_the_database(world):
    from django.db import IntegrityError, transaction

    make(SYSTEM, "transfer-letter", Target(event=world["transfer"].pk), SIGNED)
    issued = IssuedNumber.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedNumber.objects.create(
            issuer=issued.issuer,
            kind=issued.kind,
            year=issued.year,
            number=issued.number,
            event=world["admission"],
        )


def test_the_member_sheet_holds_the_record_and_its_history(world):
    made = make(SYSTEM, "member-sheet", Target(member=world["member"].pk), SIGNED)
    lines = check_party_format(  # kept now by the organization the member was transferred to
        made.content,
        superior="ĐẢNG BỘ QUẬN THỬ",
        issuer="ĐẢNG ỦY PHƯỜNG BÌNH ĐỨC",
        number=None,
        signer=("T/M ĐẢNG ỦY", "BÍ THƯ", "Trần Văn Bình"),
    )
    assert "PHẠM THỊ MỚI" in lines
    assert "Chi bộ Khu phố 1 – Đảng bộ phường Bình Đức" in lines  # where the member is now
    assert "03/04/1995" in lines and "01/03/2018" in lines  # born, admitted
    assert "Kết nạp vào Đảng" in lines and "Công nhận đảng viên chính thức" in lines
    assert "Chuyển sinh hoạt đảng" in lines
    assert any(
        line == "Chi bộ Khu phố 1 – Đảng bộ phường An Bình → Chi bộ Khu phố 1 – Đảng bộ phường Bình Đức"
        for line in lines
    )


def test_the_meeting_minutes_hold_the_attendance(world):
    made = make(SYSTEM, "meeting-minutes", Target(meeting=world["meeting"].pk), SIGNED)
    lines = check_party_format(
        made.content,
        superior="ĐẢNG BỘ PHƯỜNG AN BÌNH",
        issuer="CHI BỘ KHU PHỐ 1",
        number="Số 12-BB/CB",
        signer=("CHỦ TRÌ", "BÍ THƯ", "Trần Văn Bình"),
    )
    # signed by the clerk beside the chair, the clerk's name left to be written by hand
    assert "THƯ KÝ" in lines and "(Ký, ghi rõ họ tên)" in lines
    assert "Phường An Bình, ngày 10 tháng 01 năm 2020" in lines
    text = "\n".join(lines)
    assert "có mặt: 1; vắng: 1" in text
    assert "- Phạm Thị Mới (vắng có lý do: Ốm)" in lines
    assert "Quán triệt nghị quyết." in text and "Kiểm điểm công tác tháng 5." in text


def test_the_year_report_heads_with_the_superior_and_the_abbreviation_and_cites_in_full(
    world, decide_2019, make_member
):
    members = [make_member(world["tree"].cell_b, name) for name in ("Võ Thị Khen", "Đinh Văn Tốt")]
    decide_2019([(m, 1) for m in members], commend=members[0])
    made = make(SYSTEM, "year-report", Target(organization="D", year=2019), SIGNED)
    lines = check_party_format(
        made.content,
        superior="ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH",
        issuer="QUẬN ỦY QUẬN THỬ",
        number="Số 12-BC/QU",
        signer=("T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Trần Văn Bình"),
    )
    assert "Quận Thử, ngày 10 tháng 01 năm 2020" in lines
    text = "\n".join(lines)
    assert "Quy định số 132-QĐ/TW, ngày 08/3/2018 của Bộ Chính trị" in text
    assert "Hướng dẫn số 21-HD/BTCTW, ngày 18/10/2019 của Ban Tổ chức Trung ương" in text
    assert "Ban Tổ chức cấp trên" not in text
    assert (
        any(line.startswith("Đảng viên (") for line in lines) and "Hoàn thành tốt nhiệm vụ trở lên" in lines
    )
    assert Document(io.BytesIO(made.content)).core_properties.author == "Đảng bộ Quận Thử"


def test_the_choices_are_remembered_per_organization_but_not_the_number(world):
    make(SYSTEM, "decision", Target(event=world["admission"].pk), SIGNED)
    again = remembered(world["tree"].ward, "decision")
    assert (again.signer_name, again.signer_title, again.signed_on) == (
        "Trần Văn Bình",
        "Bí thư",
        date(2020, 1, 10),
    )
    assert again.recipients == ["Ban Tổ chức Quận ủy", "Lưu Văn phòng"]
    assert again.number == ""
    assert DocumentChoice.objects.count() == 1


def test_the_stored_abbreviation_and_superior_name_win(world):
    organization_set_letterhead(
        actor=SYSTEM,
        organization=world["tree"].ward,
        number_abbreviation="đuab",
        superior_printed_name="Đảng bộ Quận Thử (nay là Thành phố Thủ Đức)",
    )
    made = make(SYSTEM, "decision", Target(event=world["admission"].pk), SIGNED)
    lines = texts(made.content)
    assert "Số 12-QĐ/ĐUAB" in lines and "ĐẢNG BỘ QUẬN THỬ (NAY LÀ THÀNH PHỐ THỦ ĐỨC)" in lines


def test_the_letterhead_is_set_by_the_superior_only(world, personas):
    with pytest.raises(ApplicationError):
        organization_set_letterhead(
            actor=personas["ward_staff"],
            organization=world["tree"].ward,
            number_abbreviation="X",
            superior_printed_name="",
        )
    organization_set_letterhead(
        actor=personas["officer"],
        organization=world["tree"].ward,
        number_abbreviation="X",
        superior_printed_name="",
    )
    with pytest.raises(ApplicationError) as refused:
        organization_set_letterhead(
            actor=personas["officer"],
            organization=world["tree"].ward,
            number_abbreviation="Q U!",
            superior_printed_name="",
        )
    assert refused.value.field == "number_abbreviation"


def test_a_member_outside_the_scope_is_not_found(world, personas):
    for kind, target in (
        ("member-sheet", Target(member=world["member"].pk)),
        ("decision", Target(event=world["admission"].pk)),
        ("meeting-minutes", Target(meeting=world["meeting"].pk)),
    ):
        with pytest.raises(ApplicationError):
            make(personas["secretary_b"], kind, target, SIGNED)
        with pytest.raises(ApplicationError):  # a viewer sees figures, never a member by name
            make(personas["viewer"], kind, target, SIGNED)
    assert not DocumentChoice.objects.exists()
    assert not AuditEntry.objects.filter(action="export.document").exists()


def test_a_decision_of_another_event_is_refused(world):
    with pytest.raises(ApplicationError, match="Quyết định chỉ in"):
        make(SYSTEM, "decision", Target(event=world["transfer"].pk), SIGNED)
    with pytest.raises(ApplicationError, match="Giấy giới thiệu"):
        make(SYSTEM, "transfer-letter", Target(event=world["admission"].pk), SIGNED)
    assert not IssuedNumber.objects.exists()


def test_the_citations_are_given_in_full():
    assert (
        full_citation("HD 16-HD/BTCTW (2018)")
        == "Hướng dẫn số 16-HD/BTCTW năm 2018 của Ban Tổ chức Trung ương"
    )
    assert (
        full_citation("Quy định 124-QĐ/TW (04/10/2023)")
        == "Quy định số 124-QĐ/TW, ngày 04/10/2023 của Bộ Chính trị"
    )


def test_the_command_writes_each_document(world, tmp_path):
    for kind, option in (
        ("member-sheet", ["--member", str(world["member"].pk)]),
        ("decision", ["--event", str(world["admission"].pk)]),
        ("transfer-letter", ["--event", str(world["transfer"].pk)]),
        ("meeting-minutes", ["--meeting", str(world["meeting"].pk)]),
        ("year-report", ["--org", "D", "--year", "2019"]),
    ):
        output = tmp_path / f"{kind}.docx"
        call_command(
            "document", kind, *option, "--number", "3", "--date", "02/01/2020", "--signer-name", "Ngô Văn Ký",
            "--signer-title", "Phó Bí thư", "--output", str(output),
        )  # fmt: skip
        lines = texts(output.read_bytes())
        assert "PHÓ BÍ THƯ" in lines and "Ngô Văn Ký" in lines
        assert any(", ngày 02 tháng 01 năm 2020" in line for line in lines)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["bogus", "--output", "x.docx"], "không phải là loại văn bản"),
        (["decision", "--event", "abc", "--output", "x.docx"], "--event: “abc” không phải là một số"),
        (["decision", "--output", "x.docx"], "cần --event ID"),
        (["decision", "--event", "999999", "--output", "x.docx"], "Không tìm thấy sự kiện"),
        (["decision", "--event", "1", "--date", "31/02/2020", "--output", "x.docx"], "--date"),
        (["year-report", "--org", "KHONGCO", "--year", "2019", "--output", "x.docx"], "--org"),
        (["member-sheet", "--member", "1", "--output", "x.txt"], "--output"),
        (["decision", "--event", "1", "--number", "12a", "--output", "x.docx"], "--number"),
    ],
)
def test_the_command_refuses_bad_input_in_vietnamese(world, arguments, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError, match=message):
        call_command("document", *arguments)
    assert not (tmp_path / "x.docx").exists()


def test_the_member_sheet_keeps_the_history_s_last_row_with_the_signer_block():
    """The signer block never stands alone on a page: it is the history table's last row (without
    borders, not split), the history's last row (only the last) keeps with it, and the header
    repeats on a new page. Seen in PDF through LibreOffice with 4 to 30 history rows, the table
    running over one or two page breaks."""
    from dangbo.documents.build import SHIPPED_DIR
    from dangbo.documents.render import render_document

    row = {"day": "01/03/2018", "kind": "Chuyển sinh hoạt đảng", "decision": "07-QĐ/ĐU", "where": "Chi bộ"}
    context = {"member": {"full_name_upper": "A", "rows": []}, "history": [row] * 3, "signer_name": "B"}
    content = render_document(
        (SHIPPED_DIR / "member-sheet.docx").read_bytes(), context, author="kiểm thử", title="Phiếu"
    )
    document = Document(io.BytesIO(content))
    history = document.tables[-1]
    rows = history.rows
    assert [r.cells[0].text for r in rows[:4]] == ["Ngày", "01/03/2018", "01/03/2018", "01/03/2018"]
    keeps = [all(c.paragraphs[0].paragraph_format.keep_with_next for c in r.cells) for r in rows[:4]]
    assert keeps == [False, False, False, True]
    header = rows[0]._tr.trPr
    assert header is not None and header.find(qn("w:tblHeader")) is not None
    signer_row = rows[4]._tr
    assert signer_row.trPr is not None and signer_row.trPr.find(qn("w:cantSplit")) is not None
    (signer,) = rows[4].cells[0].tables
    assert signer.rows[0].cells[1].paragraphs[-1].text == "B"  # the signer's name
    assert len(rows) == 5 and len(document.tables) == 3  # nothing after the history table
