"""An organization's page: current data, versions, decisions, members as of a day, and buttons."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from dangbo.accounts.scope import system_actor
from dangbo.web.tests.helpers import page_text

SYSTEM = system_actor("kiểm thử: test_org_detail")


@pytest.fixture
def renamed(small_tree, people):
    from dangbo.organizations.services import Decision, organization_rename

    organization_rename(
        actor=SYSTEM,
        organization=small_tree.cell_a,
        name="Chi bộ Khu phố Một",
        effective_on=date(2025, 1, 1),
        decision=Decision("09-QĐ/ĐU", date(2024, 12, 20), issued_by="Đảng ủy phường An Bình"),
    )
    return small_tree.cell_a


@pytest.mark.django_db
def test_the_page_shows_the_data_history_decisions_and_members(as_user, renamed):
    html = page_text(as_user("officer").get(reverse("org_detail", args=["W1A"])))
    assert "<h1>Chi bộ Khu phố Một</h1>" in html
    assert "Chi bộ trực thuộc" in html
    # version history: the old name until 01/01/2025, the new one since
    assert "<td>01/01/2015</td><td>01/01/2025</td><td>Chi bộ Khu phố 1</td>" in html
    assert "<td>01/01/2025</td><td>nay</td><td>Chi bộ Khu phố Một</td>" in html
    # decision log
    assert "Thành lập" in html and "Đổi tên" in html
    assert "Số 09-QĐ/ĐU ngày 20/12/2024" in html
    # members today, Vietnamese order (An, Bình, Dũng by given name)
    assert html.index("Nguyễn Văn An") < html.index("Trần Thị Bình") < html.index("Phạm Minh Dũng")
    assert "Lê Văn Cường" not in html


@pytest.mark.django_db
def test_members_are_listed_as_of_the_day(as_user, renamed):
    html = page_text(as_user("officer").get(reverse("org_detail", args=["W1A"]), {"ngay": "01/01/2020"}))
    assert "Nguyễn Văn An" in html
    assert "Phạm Minh Dũng" not in html  # admitted in 2024
    assert "tổ chức mang tên <strong>Chi bộ Khu phố 1</strong>" in html


@pytest.mark.django_db
def test_a_committee_page_shows_its_subtree_with_counts(as_user, people):
    html = page_text(as_user("officer").get(reverse("org_detail", args=["W1"])))
    assert "Tổ chức trực thuộc" in html
    assert "Chi bộ Khu phố 1" in html and "Chi bộ Khu phố 2" in html
    assert "<dt>Tổng số đảng viên</dt><dd>4</dd>" in html


@pytest.mark.django_db
def test_the_reorganization_buttons_follow_the_role(as_user, people):
    url = reverse("org_detail", args=["W1A"])
    officer = page_text(as_user("officer").get(url))
    for name in ("organization_rename", "organization_move", "organization_split", "organization_dissolve"):
        assert reverse(name, args=["W1A"]) in officer
    secretary = page_text(as_user("secretary_a").get(url))
    assert reverse("organization_dissolve", args=["W1A"]) not in secretary  # decided by the level above
    assert reverse("member_admit") in secretary  # but the secretary records admissions
    viewer = page_text(as_user("viewer").get(url))
    assert 'class="toolbar"' not in viewer


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "code"), [("outsider", "W1A"), ("secretary_b", "W1A"), ("secretary_a", "D")]
)
def test_an_organization_outside_the_scope_is_not_found(as_user, people, persona, code):
    assert as_user(persona).get(reverse("org_detail", args=[code])).status_code == 404


@pytest.mark.django_db
def test_an_unknown_code_is_not_found(as_user, people):
    assert as_user("officer").get(reverse("org_detail", args=["KHONGCO"])).status_code == 404


@pytest.mark.django_db
def test_the_member_list_of_the_page_is_paginated_by_50(as_user, small_tree):
    from dangbo.members.bulk import PlannedEvent, PlannedMember, bulk_create_members

    bulk_create_members(
        [
            PlannedMember(
                profile={
                    "full_name": f"Nguyễn Văn {chr(65 + i // 26)}{chr(97 + i % 26)}",
                    "sex": "male",
                    "birth_date": date(1980, 1, 1),
                },
                events=[
                    PlannedEvent(
                        "transfer_in",
                        date(2015, 2, 1),
                        small_tree.cell_b.pk,
                        details={
                            "status": "official",
                            "admitted_on": "2000-01-01",
                            "official_on": "2001-01-01",
                        },
                    )
                ],
            )
            for i in range(60)
        ]
    )
    client = as_user("officer")
    first = page_text(client.get(reverse("org_detail", args=["W1B"])))
    second = page_text(client.get(reverse("org_detail", args=["W1B"]), {"trang": "2"}))
    assert len(re.findall(r'href="/dang-vien/\d+/"', first)) == 50
    assert len(re.findall(r'href="/dang-vien/\d+/"', second)) == 10
    assert "Trang 1 / 2" in first


@pytest.mark.django_db
def test_an_ended_organization_shows_its_last_day(as_user, people, small_tree, officer):
    from dangbo.organizations.services import Decision
    from dangbo.reorganizations.services import organization_dissolve

    organization_dissolve(
        actor=officer,
        organization=small_tree.cell_a,
        effective_on=date(2025, 7, 1),
        decision=Decision("30-QĐ/ĐU", date(2025, 6, 20)),
        default_receiving=small_tree.cell_b,
    )
    html = page_text(as_user("officer").get(reverse("org_detail", args=["W1A"])))
    assert "Đã kết thúc hoạt động từ 01/07/2025" in html
    assert "số liệu dưới đây là của ngày hoạt động cuối cùng, 30/06/2025" in html
    assert "Nguyễn Văn An" in html  # still there on its last day
    assert "Giải thể" in html and "Số 30-QĐ/ĐU ngày 20/06/2025" in html
    assert 'class="toolbar"' not in html  # nothing more to decide about it
