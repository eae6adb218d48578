"""A member's page: the register fields, the state, the whole history, the periods, the actions."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangbo.accounts.scope import system_actor
from dangbo.web.tests.helpers import page_text

SYSTEM = system_actor("kiểm thử: test_member_detail")


@pytest.fixture
def admitted(small_tree, people):
    """A member admitted through the service, with a sponsor, then disciplined and transferred."""
    from dangbo.members.services import member_act, member_admit, member_transfer

    member = member_admit(
        actor=SYSTEM,
        profile={
            "full_name": "Võ Thị Hoa",
            "sex": "female",
            "birth_date": date(2000, 4, 5),
            "cccd": "079300009876",
        },
        cell=small_tree.cell_a,
        effective_on=date(2024, 1, 10),
        decision_number="12-QĐ/ĐU",
        decision_date=date(2024, 1, 10),
        issued_by="Đảng ủy phường An Bình",
        ceremony_on=date(2024, 1, 20),
        sponsors=[people.an],
        source_group="student",
    )
    member_act(
        actor=SYSTEM,
        member=member,
        kind="discipline",
        effective_on=date(2024, 6, 1),
        decision_number="20-QĐ/ĐU",
        decision_date=date(2024, 6, 1),
        form="reprimand",
        reason="Vắng sinh hoạt",
    )
    member_transfer(
        actor=SYSTEM,
        member=member,
        to_organization=small_tree.cell_b,
        transfer_type="internal",
        effective_on=date(2024, 9, 1),
        decision_number="31-QĐ/ĐU",
        decision_date=date(2024, 8, 25),
    )
    return member


@pytest.mark.django_db
def test_the_page_shows_the_profile_state_history_and_periods(as_user, admitted):
    html = page_text(as_user("officer").get(reverse("member_detail", args=[admitted.pk])))
    assert "Võ Thị Hoa" in html
    assert "05/04/2000" in html
    assert "079300009876" in html  # in full for the keeper of the record (issue 5); masked in lists
    # history, with the details in words
    assert "Kết nạp vào Đảng" in html
    assert "Nguồn kết nạp: Học sinh, sinh viên" in html
    assert "Người giới thiệu: Nguyễn Văn An" in html
    assert "Lễ kết nạp: 20/01/2024" in html
    assert "Hình thức: Khiển trách" in html
    assert "Lý do: Vắng sinh hoạt" in html
    assert "Số 31-QĐ/ĐU ngày 25/08/2024" in html
    assert "Chi bộ Khu phố 1 – Đảng bộ phường An Bình → Chi bộ Khu phố 2 – Đảng bộ phường An Bình" in html
    assert "Chuyển sinh hoạt nội bộ" in html
    # periods: in cell A until 01/09/2024, then in cell B until now
    assert "<td>10/01/2024</td><td>01/09/2024</td><td>Chi bộ Khu phố 1 – Đảng bộ phường An Bình</td>" in html
    assert "<td>01/09/2024</td><td>nay</td><td>Chi bộ Khu phố 2 – Đảng bộ phường An Bình</td>" in html


@pytest.mark.django_db
def test_the_buttons_are_the_actions_the_state_allows(as_user, admitted, people):
    client = as_user("officer")
    probationary = page_text(client.get(reverse("member_detail", args=[admitted.pk])))
    assert reverse("member_act", args=[admitted.pk, "chinh-thuc"]) in probationary
    assert reverse("member_transfer", args=[admitted.pk]) in probationary
    assert reverse("member_act", args=[admitted.pk, "thoi-mien"]) not in probationary
    assert reverse("member_act", args=[admitted.pk, "ket-thuc-tam-thoi"]) not in probationary
    official = page_text(client.get(reverse("member_detail", args=[people.an.pk])))
    assert reverse("member_act", args=[people.an.pk, "chinh-thuc"]) not in official
    assert reverse("member_act", args=[people.an.pk, "mien-sinh-hoat"]) in official


@pytest.mark.django_db
def test_a_member_no_longer_on_the_books_has_no_action_buttons(as_user, people):
    from dangbo.members.services import member_act

    member_act(
        actor=SYSTEM,
        member=people.an,
        kind="death",
        effective_on=date(2025, 2, 2),
        decision_number="",
        decision_date=None,
    )
    html = page_text(as_user("officer").get(reverse("member_detail", args=[people.an.pk])))
    assert "Từ trần" in html
    assert reverse("member_transfer", args=[people.an.pk]) not in html
    assert reverse("member_update_profile", args=[people.an.pk]) in html  # the file can still be corrected


@pytest.mark.django_db
def test_the_viewer_is_refused_the_record(as_user, people):
    response = as_user("viewer").get(reverse("member_detail", args=[people.an.pk]))
    assert response.status_code == 403
    html = page_text(response)
    assert "tài liệu mật" in html and "Nguyễn Văn An" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "secretary_b"])
def test_a_member_outside_the_scope_is_not_found(as_user, people, persona):
    assert as_user(persona).get(reverse("member_detail", args=[people.an.pk])).status_code == 404


@pytest.mark.django_db
def test_an_unknown_member_is_not_found(as_user, people):
    assert as_user("officer").get(reverse("member_detail", args=[999999])).status_code == 404
