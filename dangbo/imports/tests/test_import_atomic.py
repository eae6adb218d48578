"""All or nothing: one bad cell among 10.000 rows, and nothing is written; the error names that cell."""

from __future__ import annotations

import time

import pytest

from dangbo.imports.tests.helpers import MEMBER_HEADERS, big_member_file, run
from dangbo.members.models import Member, MemberEvent

pytestmark = pytest.mark.django_db


def _big_file(rows: int, bad_row: int) -> bytes:
    return big_member_file(rows, bad_row=bad_row)


def test_one_bad_cell_in_10000_rows_writes_nothing_and_names_the_cell(small_tree):
    data = _big_file(10_000, bad_row=9_001)
    started = time.perf_counter()
    outcome = run(data)
    seconds = time.perf_counter() - started
    assert outcome.result.total_rows == 10_000
    assert not outcome.ok
    (issue,) = outcome.result.issues.errors
    assert (issue.sheet, issue.row, issue.column, issue.header, issue.value) == (
        "Đảng viên", 9_001, "C", "Ngày sinh", "31/13/1990",
    )  # fmt: skip
    assert "không phải là ngày hợp lệ" in issue.message
    assert Member.objects.count() == 0
    assert MemberEvent.objects.count() == 0
    assert seconds < 20, f"{seconds:.1f} s"


def test_a_valid_file_is_written_whole(small_tree):
    outcome = run(_big_file(3_000, bad_row=0))
    assert outcome.ok
    assert Member.objects.filter(status="official").count() == 3_000
    assert (
        MemberEvent.objects.filter(kind="transfer_in").count() == 3_000
    )  # admitted before the cells existed


def test_an_import_changes_nothing_process_wide_the_worker_tunes_its_own_process(small_tree):
    """The web process never imports; import_workbook itself leaves the collector and the switch
    interval alone. The worker's task (and the import_xlsx command) pause the collector and shorten
    the interval while they import (dangbo.imports.tuning), and give both back."""
    import gc
    import sys

    from dangbo.imports import services
    from dangbo.imports.tuning import SWITCH_INTERVAL, tuned_for_import

    seen: list[tuple[bool, float]] = []
    real = services.check_workbook

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append((gc.isenabled(), sys.getswitchinterval()))
        return real(*args, **kwargs)

    interval = sys.getswitchinterval()
    services.check_workbook = spy  # type: ignore[assignment]
    try:
        assert gc.isenabled()
        run(_big_file(3, bad_row=0))
        assert seen == [(True, interval)]
        with tuned_for_import():
            run(_big_file(3, bad_row=0))
        assert seen[1][0] is False and seen[1][1] == pytest.approx(SWITCH_INTERVAL)
        assert gc.isenabled() and sys.getswitchinterval() == interval
        gc.disable()  # someone else's choice is kept
        try:
            with tuned_for_import(), tuned_for_import():  # nested: given back by the last one
                pass
            assert not gc.isenabled() and sys.getswitchinterval() == interval
        finally:
            gc.enable()
    finally:
        services.check_workbook = real  # type: ignore[assignment]


def _people_and_ratings(second_rank: str) -> bytes:
    from dangbo.imports.tests.helpers import ORG_HEADERS, RATING_HEADERS, member_row, xlsx

    return xlsx(
        {
            "Tổ chức": [
                ORG_HEADERS,
                ["W3A", "Chi bộ Khu phố 7", "W1", "Chi bộ trực thuộc", "Khu phố", "01/02/2016"],
            ],
            "Đảng viên": [
                MEMBER_HEADERS,
                member_row("Nguyễn Văn Một", cccd="079090000001", cell="W3A"),
                member_row("Trần Thị Hai", cccd="079090000002", cell="W1A"),
            ],
            "Xếp loại": [
                RATING_HEADERS,
                ["079090000001", "", "", 2019, "HTTNV", ""],
                ["079090000002", "", "", 2019, second_rank, ""],
            ],
        }
    )


def test_an_error_found_after_the_people_were_written_leaves_nothing(small_tree):
    """The people are written while the ratings are checked (services.PeopleWrite): an error in the
    ratings then rolls back the new cell, the new members, their events and periods."""
    from dangbo.evaluations.models import MemberRating
    from dangbo.imports import services
    from dangbo.imports.tests.helpers import errors
    from dangbo.members.models import MemberPeriod
    from dangbo.organizations.models import Organization

    started: list[int] = []
    real = services.PeopleWrite.start

    def spy(self, plan):  # type: ignore[no-untyped-def]
        started.append(len(plan.new_people))
        real(self, plan)
        assert self.writer is not None and len(self.member_ids) == 2

    organizations = Organization.objects.count()
    services.PeopleWrite.start = spy  # type: ignore[method-assign]
    try:
        outcome = run(_people_and_ratings(""))  # no rank: an error of the ratings' plan
    finally:
        services.PeopleWrite.start = real  # type: ignore[method-assign]
    assert started == [2]
    assert not outcome.ok and "Thiếu xếp loại" in errors(outcome)[0]
    assert (Member.objects.count(), MemberEvent.objects.count(), MemberPeriod.objects.count()) == (0, 0, 0)
    assert Organization.objects.count() == organizations

    outcome = run(_people_and_ratings("HTNV"))
    assert outcome.ok, errors(outcome)
    assert Organization.objects.count() == organizations + 1
    assert sorted(MemberRating.objects.values_list("member__cccd", "rank", "organization__code")) == [
        ("079090000001", 2, "W3A"),
        ("079090000002", 3, "W1A"),
    ]
    assert MemberPeriod.objects.count() == 4  # probation, then official, for each


def test_a_service_refusing_while_the_people_are_written_leaves_nothing_and_says_why(small_tree, monkeypatch):
    """A refusal the checks did not foresee (here: the establishment of the new cell) is reported as
    the file's error, and nothing is written, though the ratings were still checked after it."""
    from dangbo.core.exceptions import ApplicationError
    from dangbo.imports import services
    from dangbo.imports.tests.helpers import errors
    from dangbo.organizations.models import Organization

    def refuse(**kwargs):  # type: ignore[no-untyped-def]
        raise ApplicationError("Quyết định thành lập bị từ chối.")

    monkeypatch.setattr(services, "organization_establish", refuse)
    organizations = Organization.objects.count()
    outcome = run(_people_and_ratings("HTNV"))
    assert not outcome.ok
    (line,) = errors(outcome)
    assert line.endswith("Không ghi được: Quyết định thành lập bị từ chối. Không có gì được ghi."), line
    assert (Member.objects.count(), MemberEvent.objects.count(), Organization.objects.count()) == (
        0,
        0,
        organizations,
    )
