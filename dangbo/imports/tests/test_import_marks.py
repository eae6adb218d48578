"""A file imported again: the rows of the members and ratings sheets marked by the latest finished
import are taken as unchanged without their checks, only while the records say so (plan.marks); the
outcome is always the one a full check gives (a dry run, which never uses marks)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dangbo.accounts.scope import system_actor
from dangbo.evaluations.models import MemberRating
from dangbo.evaluations.services import member_rating_record
from dangbo.imports import reader
from dangbo.imports.models import ImportRun
from dangbo.imports.tests.helpers import MEMBER_HEADERS, RATING_HEADERS, errors, member_row, run, xlsx
from dangbo.members.models import Member
from dangbo.members.services import member_transfer, member_update_profile

pytestmark = pytest.mark.django_db

CCCDS = ["079090000001", "079090000002", "079090000003", "079090000004"]


def _file(ranks: tuple[str, ...] = ("HTTNV", "HTTNV", "HTNV", "HTTNV"), **more: list[list[Any]]) -> bytes:
    members = [
        member_row(
            f"Nguyễn Văn {'ABCD'[i]}",
            cccd=int(c) if i == 0 else c,
            cell=("W1A", "W1B")[i % 2],
            admitted=date(2016, 5, 19),
            official=date(2017, 5, 19),
        )  # fmt: skip
        for i, c in enumerate(CCCDS)
    ]
    ratings = [[c, "", "", 2019, ranks[i], ""] for i, c in enumerate(CCCDS)]
    return xlsx({"Đảng viên": [MEMBER_HEADERS, *members], "Xếp loại": [RATING_HEADERS, *ratings], **more})


def _import(data: bytes, actor=None):  # type: ignore[no-untyped-def]
    """The import, whose outcome must be what a full check of the database as it stands before it
    says (a dry run, which never uses marks)."""
    full = run(data, actor, dry_run=True)
    assert full.result.unread == 0
    outcome = run(data, actor)
    assert [i.line() for i in outcome.result.issues.errors] == [i.line() for i in full.result.issues.errors]
    assert [i.line() for i in outcome.result.issues.warnings] == [
        i.line() for i in full.result.issues.warnings
    ]
    assert [(s.name, s.rows, s.new, s.updated, s.unchanged, s.invalid) for s in outcome.result.stats] == [
        (s.name, s.rows, s.new, s.updated, s.unchanged, s.invalid) for s in full.result.stats
    ]
    assert outcome.result.plan.writes() == full.result.plan.writes()
    return outcome


def test_the_same_file_again_is_recognised_without_reading_its_rows(small_tree, monkeypatch):
    data = _file()
    first = run(data)
    assert first.ok, errors(first)
    assert first.result.unread == 0 and first.written.members_new == 4
    inspected = []
    monkeypatch.setattr(reader, "inspect_workbook", lambda *a: inspected.append(a))
    again = _import(data)
    assert again.ok and again.written.total == 0
    assert again.result.unread == 8  # every row of both sheets
    assert len(inspected) == 1  # the dry run's: the very bytes of a finished import are not inspected again
    # the CCCD typed as a number is still said, on its row
    assert any("có 11 chữ số" in issue.line() for issue in again.result.issues.warnings)
    assert run(data).result.unread == 8  # and again
    assert ImportRun.objects.exclude(row_marks=None).count() == 1  # only the latest run's are kept


def test_a_changed_row_has_every_row_of_its_member_checked(small_tree):
    assert run(_file()).ok
    changed = _file(("HTTNV", "HTNV", "HTNV", "HTTNV"))  # the second member's rank
    outcome = _import(changed)
    assert outcome.ok, errors(outcome)
    assert outcome.written.member_ratings_updated == 1
    assert outcome.result.unread == 6  # the second member's two rows are read
    assert MemberRating.objects.get(member__cccd=CCCDS[1]).rank == 3


def test_records_changed_since_are_checked_again(small_tree, officer):
    data = _file()
    assert run(data).ok
    a, b, c, _ = (Member.objects.get(cccd=x) for x in CCCDS)
    # a profile corrected on the member's page: the file's value is written back, as a full check does
    member_update_profile(actor=officer, member=a, changes={"hometown": "Huế"}, expected_version=None)
    # a rating corrected
    member_rating_record(actor=officer, member=b, year=2019, stage="decision", rank=4, historical=True)
    # a member moved to another cell: the file's cell is then said to differ
    member_transfer(actor=officer, member=c, to_organization=small_tree.school, transfer_type="official",
                    effective_on=date(2024, 9, 1), decision_number="31-QĐ/ĐU", decision_date=date(2024, 8, 25))  # fmt: skip
    outcome = _import(data)
    assert outcome.ok, errors(outcome)
    assert outcome.result.unread == 2  # only the fourth member's rows
    assert outcome.written.members_updated == 1 and outcome.written.member_ratings_updated == 1
    assert Member.objects.get(pk=a.pk).hometown == "Quảng Nam"
    assert MemberRating.objects.get(member=b).rank == 2
    assert any(
        "không chuyển sinh hoạt bằng nhập tệp" in issue.line() for issue in outcome.result.issues.warnings
    )


def test_a_member_renamed_in_the_tree_is_said_by_the_trees_name_now(small_tree, officer):
    """A warning computed from the record (the cell the file gives is not the member's) follows the
    record and the tree as they are now, not as they were when the row was marked."""
    data = _file()
    assert run(data).ok
    member = Member.objects.get(cccd=CCCDS[3])
    member_transfer(actor=officer, member=member, to_organization=small_tree.school, transfer_type="official",
                    effective_on=date(2024, 9, 1), decision_number="32-QĐ/ĐU", decision_date=date(2024, 8, 25))  # fmt: skip
    first = _import(data)
    assert first.ok and first.result.unread == 6
    again = _import(data)  # marked now with the member in the school's cell: still warned
    assert again.ok and again.result.unread == 8
    assert any("Chi bộ Trường THPT Đông Hòa" in issue.line() for issue in again.result.issues.warnings)


def test_marks_do_not_reach_outside_the_users_scope(small_tree, personas):
    data = _file()
    assert run(data).ok
    outsider = personas["outsider"]  # the staff of another ward
    outcome = _import(data, outsider)
    assert not outcome.ok and outcome.result.unread == 0
    secretary = personas["secretary_a"]  # cell W1A only: its members' rows may be taken as unchanged
    outcome = _import(data, secretary)
    assert outcome.result.unread < 8


def test_a_file_with_events_is_always_read_in_full(small_tree):
    assert run(_file()).ok
    headers = ["Số CCCD", "Họ và tên", "Sự kiện", "Ngày hiệu lực", "Số quyết định"]
    events: list[list[Any]] = [headers, [CCCDS[3], "", "Miễn sinh hoạt", "01/06/2024", "3-QĐ/CB"]]
    sheets: dict[str, list[list[Any]]] = {"Quá trình": events}
    outcome = run(_file(("HTTNV", "HTTNV", "HTNV", "HTTNV"), **sheets))
    assert outcome.ok, errors(outcome)
    assert outcome.written.events == 1 and outcome.result.unread == 0


def test_the_marks_follow_the_rules_settings(small_tree, settings):
    data = _file()
    assert run(data).ok
    settings.DANGBO_IMPORT_MAX_ROWS = 100_000  # the limits a file is inspected by are part of them
    assert run(data).result.unread == 0
    assert run(data).result.unread == 8


def test_a_system_actor_and_a_superuser_see_the_same(small_tree, personas):
    data = _file()
    assert run(data, system_actor("kiểm thử")).ok
    outcome = _import(data, personas["admin"])
    assert outcome.ok and outcome.result.unread == 8


def test_the_same_bytes_are_not_read_again_until_a_row_is_to_be(small_tree, officer, monkeypatch):
    """The marked sheets of the very bytes of a finished import stand by the layout it kept: calamine
    is not asked for them while every row is taken as unchanged, and is as soon as one is not."""
    data = _file()
    assert run(data).ok
    loaded: list[str] = []
    load = reader._load

    def recorded(d: bytes, name: str) -> Any:
        loaded.append(name)
        return load(d, name)

    monkeypatch.setattr(reader, "_load", recorded)
    again = run(data)
    assert again.ok and again.result.unread == 8
    assert loaded == []  # only the dry run of _import below reads them
    member = Member.objects.get(cccd=CCCDS[2])
    member_update_profile(actor=officer, member=member, changes={"hometown": "Huế"}, expected_version=None)
    loaded.clear()
    outcome = _import(data)
    assert outcome.ok and outcome.result.unread == 6 and outcome.written.members_updated == 1
    assert loaded.count("Đảng viên") == 2 and loaded.count("Xếp loại") == 2  # the dry run's, then the fill's
    assert Member.objects.get(pk=member.pk).hometown == "Quảng Nam"


def test_the_layout_kept_is_that_of_the_file_imported(small_tree):
    """Another file whose rows all carry marks (the same rows in another order) keeps its own layout:
    imported again, each row's warnings are said on its own row number."""
    assert run(_file()).ok
    members = [
        member_row(
            f"Nguyễn Văn {'ABCD'[i]}",
            cccd=int(c) if i == 0 else c,
            cell=("W1A", "W1B")[i % 2],
            admitted=date(2016, 5, 19),
            official=date(2017, 5, 19),
        )
        for i, c in enumerate(CCCDS)
    ]
    ratings = [[c, "", "", 2019, ("HTTNV", "HTTNV", "HTNV", "HTTNV")[i], ""] for i, c in enumerate(CCCDS)]
    reordered = xlsx(
        {"Đảng viên": [MEMBER_HEADERS, *members[::-1]], "Xếp loại": [RATING_HEADERS, *ratings[::-1]]}
    )
    first = _import(reordered)
    assert first.ok and first.result.unread == 8
    again = _import(reordered)
    assert again.ok and again.result.unread == 8
    # the CCCD typed as a number is on the last row now
    assert [i.row for i in again.result.issues.warnings if "có 11 chữ số" in i.line()] == [5]


def test_marks_of_other_code_are_not_used(small_tree, monkeypatch):
    from dangbo.imports.plan import marks

    data = _file()
    assert run(data).ok
    monkeypatch.setattr(marks, "code_version", lambda: "another version")
    assert run(data).result.unread == 0
    assert run(data).result.unread == 8


def test_the_marks_of_what_the_writer_inserted_are_those_the_records_read_back_give(small_tree, monkeypatch):
    """The members and ratings the writer inserted are taken as it wrote them, their stamps read once
    per table (plan.marks.Inserted): the marks kept are those every record read back gives, on a file
    of new and recorded members, a profile changed, ratings new, changed and unchanged."""
    from dangbo.imports import services
    from dangbo.imports.plan import marks

    assert run(_file()).ok
    cccds = [*CCCDS, "079090000005", "079090000006"]
    members = [
        member_row(
            f"Nguyễn Văn {'ABCDEG'[i]}",
            cccd=c,
            cell=("W1A", "W1B")[i % 2],
            admitted=date(2016, 5, 19) if i < 4 else date(2018, 3, 2),
            official=date(2017, 5, 19) if i < 4 else date(2019, 3, 2),
            hometown="Huế" if i == 0 else "Quảng Nam",  # the first member's profile changes
        )
        for i, c in enumerate(cccds)
    ]
    ranks = ("HTTNV", "HTNV", "HTNV", "HTTNV", "HTTNV", "HTNV")  # the second member's rank changes
    ratings: list[list[Any]] = [[c, "", "", 2019, ranks[i], ""] for i, c in enumerate(cccds)]
    ratings.append([CCCDS[3], "", "", 2020, "HTNV", ""])  # a recorded member's new rating
    data = xlsx({"Đảng viên": [MEMBER_HEADERS, *members], "Xếp loại": [RATING_HEADERS, *ratings]})
    seen: dict[str, Any] = {}
    stored = services.stored_marks

    def stored_and_read_back(m: marks.Marks, people: Any, inserted: marks.Inserted) -> bytes:
        seen["inserted"] = inserted
        seen["read back"] = marks.collect(m, people, marks.Inserted())  # every record read
        seen["kept"] = stored(m, people, inserted)
        return seen["kept"]

    monkeypatch.setattr(services, "stored_marks", stored_and_read_back)
    outcome = run(data)
    assert outcome.ok, errors(outcome)
    written = outcome.written
    assert (written.members_new, written.members_updated) == (2, 1)
    assert (written.member_ratings_new, written.member_ratings_updated) == (3, 1)
    inserted = seen["inserted"]
    assert len(inserted.members) == 2 and sum(map(len, inserted.ratings.values())) == 3
    _, kept, _ = marks.load(seen["kept"])
    read_back = {
        digest: tuple(value.isoformat() if isinstance(value, date) else value for value in mark)
        for digest, mark in seen["read back"].items()
    }
    assert kept == read_back
    assert len(kept) == 6 + 7  # every row
    monkeypatch.undo()
    assert run(data).result.unread == 10  # all but the fourth member's rows (two ratings rows name it)


def test_a_first_imports_marks_are_read_while_the_writer_writes_the_last_ratings_and_hold(
    small_tree, monkeypatch
):
    """A file of new members and their ratings (nothing written after the writer touches them): the
    run's marks are read once the first rating is written, before the writer is drained, and the same
    file again is then taken as unchanged, every row."""
    from dangbo.imports import bulk, services

    order: list[str] = []
    stored, drain = services.stored_marks, bulk.Writer.drain

    def stored_marks(*args: Any) -> bytes:
        order.append("marks")
        return stored(*args)

    def drained(self: bulk.Writer) -> None:
        order.append("drain")
        drain(self)

    monkeypatch.setattr(services, "stored_marks", stored_marks)
    monkeypatch.setattr(bulk.Writer, "drain", drained)
    data = _file()
    first = run(data)
    assert first.ok, errors(first)
    assert first.written.members_new == 4 and first.written.member_ratings_new == 4
    assert order[:2] == ["marks", "drain"]
    again = run(data)
    assert again.ok and again.result.unread == 8  # 4 members and 4 ratings, not read
