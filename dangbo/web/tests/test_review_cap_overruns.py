"""The review pages list the grassroots organizations over the 20 % cap (overruns left by an
override, an import, a correction or a member lowered afterwards), to the roles that see them."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangbo.accounts.scope import system_actor
from dangbo.evaluations.services import member_rating_record
from dangbo.web.tests.helpers import page_text

SYSTEM = system_actor("kiểm thử: test_review_cap_overruns")

DISTRICT = reverse("review_organizations", args=[2019, "D"])
CELL_A = reverse("review_cell", args=[2019, "W1A"])
HEADING = "Vượt giới hạn 20% đảng viên hoàn thành xuất sắc nhiệm vụ năm 2019"


@pytest.fixture
def over_the_cap(small_tree, make_member):
    """Ward 1 at the cap (1 HTXSNV of 5 HTTNV), then one HTTNV member lowered with a reason: 1 of 4."""
    members = [
        make_member(small_tree.cell_a, f"Nguyễn Văn {n}") for n in ("An", "Bình", "Cường", "Dũng", "Hải")
    ]
    excellent = make_member(small_tree.cell_b, "Trần Thị Lan")

    def decide(member, rank, **extra):
        member_rating_record(
            actor=SYSTEM,
            member=member,
            year=2019,
            stage="decision",
            rank=rank,
            decision_number="15-TB/ĐU",
            decision_date=date(2019, 12, 20),
            **extra,
        )

    for member in members:
        decide(member, 2)
    decide(excellent, 1)
    decide(members[0], 3, override_reason="Kết luận của Ủy ban kiểm tra")
    return members


@pytest.mark.django_db
def test_the_district_page_lists_the_ward_over_the_cap(as_user, over_the_cap):
    text = page_text(as_user("officer").get(DISTRICT))
    assert HEADING in text
    section = text[text.index(HEADING) :].split("</section>")[0]
    assert "Đảng bộ phường An Bình" in section
    assert "vượt quá 20% số đảng viên hoàn thành tốt nhiệm vụ (4; tối đa 0)" in section
    assert "Đảng bộ phường Bình Đức" not in section


@pytest.mark.django_db
def test_the_cell_page_shows_its_ward_over_the_cap_to_those_who_see_the_ward(as_user, over_the_cap):
    assert HEADING in page_text(as_user("ward_staff").get(CELL_A))
    # a cell secretary sees the cell, not the ward's figures
    assert HEADING not in page_text(as_user("secretary_a").get(CELL_A))


@pytest.mark.django_db
def test_nothing_is_listed_within_the_cap_or_outside_the_scope(
    as_user, small_tree, make_member, over_the_cap
):
    assert HEADING not in page_text(
        as_user("outsider").get(reverse("review_organizations", args=[2019, "W2"]))
    )
    assert HEADING not in page_text(as_user("officer").get(reverse("review_organizations", args=[2018, "D"])))
