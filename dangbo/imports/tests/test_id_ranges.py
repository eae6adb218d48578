"""The recorded members a file names and their histories read by ranges of ids (dangbo.core.idsets):
the same answer as by IN lists, and nothing of the members in the range that the file or the caller
did not name. IN_CHUNK is made 1 here so that a few members already make a range."""

from __future__ import annotations

from datetime import date

from dangbo.core import idsets
from dangbo.evaluations.selectors import member_histories
from dangbo.imports.tests.helpers import MEMBER_HEADERS, member_row, run, xlsx


def _five(small_tree, make_member):
    cells = (small_tree.cell_a, small_tree.cell_b, small_tree.cell_a, small_tree.cell_b, small_tree.cell_a)
    return [
        make_member(cell, f"Trần Văn {name}", cccd=f"07908000000{i}", admitted=date(2000 + i, 3, 2))
        for i, (cell, name) in enumerate(zip(cells, ("An", "Bình", "Cường", "Dũng", "Em"), strict=True))
    ]


def test_histories_by_ranges_are_those_by_in_lists_and_only_of_the_ids_asked(
    small_tree, make_member, monkeypatch
):
    members = _five(small_tree, make_member)
    asked = [members[0].pk, members[1].pk, members[3].pk]  # members[2] lies inside the range
    by_in = member_histories(asked, {2019})
    monkeypatch.setattr(idsets, "IN_CHUNK", 1)
    assert next(iter(idsets.id_lookups("member_id", sorted(asked))))[0].keys() == {
        "member_id__gte",
        "member_id__lte",
    }
    by_range = member_histories(asked, {2019})
    assert by_range == by_in and set(by_range) == set(asked)
    assert all(history.stays for history in by_range.values())


def test_an_import_naming_some_recorded_members_reads_them_by_a_range(small_tree, make_member, monkeypatch):
    members = _five(small_tree, make_member)
    named = [members[0], members[1], members[3], members[4]]  # members[2] lies inside their range
    monkeypatch.setattr(idsets, "IN_CHUNK", 1)
    assert "pk__gte" in next(iter(idsets.id_lookups("pk", sorted(m.pk for m in named))))[0]
    rows = [
        member_row(
            m.full_name, cccd=m.cccd, birth=date(1980, 5, 17), admitted=m.admitted_on,
            official=m.official_on, cell=m.organization.code, hometown="Huế",
        )
        for m in named
    ]  # fmt: skip
    outcome = run(xlsx({"Đảng viên": [MEMBER_HEADERS, *rows]}), dry_run=True)
    assert outcome.result.ok, [i.line() for i in outcome.result.issues.errors]
    people = outcome.result.plan.people
    assert sorted(p.member_id for p in people) == sorted(m.pk for m in named)
    assert {p.member_id for p in outcome.result.plan.profile_updates} == {m.pk for m in named}
