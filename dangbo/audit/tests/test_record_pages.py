"""Each record's page shows its audit entries: a member (and their ratings), an organization, a
rating being corrected — to those who may read the trail, within their scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangbo.evaluations.services import member_rating_record
from dangbo.members.services import member_update_profile
from dangbo.organizations.services import Decision, organization_rename


def _text(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_the_member_page_lists_what_was_done_to_the_record(as_user, people, personas):
    member_update_profile(
        actor=personas["officer"], member=people.an, changes={"hometown": "Huế"}, expected_version=None
    )
    member_rating_record(
        actor=personas["ward_staff"],  # the deciding level (a cell secretary only proposes)
        member=people.an,
        year=2019,
        stage="decision",
        rank=2,
        decision_number="1-TB",
    )
    response = as_user("ward_staff").get(reverse("member_detail", args=[people.an.pk]))
    html = _text(response)
    assert "Nhật ký thay đổi" in html
    assert "Sửa hồ sơ đảng viên" in html and "bantochuc" in html and "Huế" in html
    assert "Quyết định xếp loại đảng viên" in html
    assert "Tiếp nhận sinh hoạt đảng" in html  # the record's creation
    actions = [row.action for row in response.context["audit_rows"]]
    assert actions[0] == "Quyết định xếp loại đảng viên"  # newest first
    assert response.context["audit_rows"][0].entry.actor_name == "phuong1"
    assert f"loai=members.member&amp;ma={people.an.pk}" in html
    # another member's entries are not mixed in
    assert "Trần Thị Bình" not in {row.entry.target_label for row in response.context["audit_rows"]}


@pytest.mark.django_db
def test_a_read_only_viewer_sees_an_organization_without_its_trail_and_no_members_record(as_user, people):
    client = as_user("viewer")
    response = client.get(reverse("org_detail", args=["W1A"]))
    assert response.status_code == 200
    assert "Nhật ký thay đổi" not in _text(response) and response.context["audit_rows"] is None
    assert client.get(reverse("member_detail", args=[people.an.pk])).status_code == 403


@pytest.mark.django_db
def test_a_viewer_who_is_secretary_of_a_cell_sees_the_trail_of_that_cell_only(as_user, people, personas):
    from dangbo.accounts.models import RoleAssignment
    from dangbo.organizations.models import Organization

    RoleAssignment.objects.create(
        user=personas["viewer"],
        role=RoleAssignment.Role.CELL_SECRETARY,
        organization=Organization.objects.get(code="W1A"),
    )
    for member in (people.an, people.cuong):  # cell A, cell B
        member_update_profile(
            actor=personas["officer"], member=member, changes={"hometown": "Huế"}, expected_version=None
        )
    client = as_user("viewer")
    own = client.get(reverse("member_detail", args=[people.an.pk]))
    assert own.status_code == 200 and "Nhật ký thay đổi" in _text(own)
    assert client.get(reverse("member_detail", args=[people.cuong.pk])).status_code == 403
    search = client.get(reverse("audit_search"), {"viec": "member."})
    assert search.status_code == 200
    labels = {row.entry.target_label for row in search.context["rows"]}
    assert "Nguyễn Văn An" in labels and "Lê Văn Cường" not in labels
    assert client.get(reverse("audit_search"), {"org": "W1B"}).status_code == 403


@pytest.mark.django_db
def test_out_of_scope_users_get_no_record_page(as_user, people):
    assert as_user("secretary_b").get(reverse("member_detail", args=[people.an.pk])).status_code == 404
    assert as_user("outsider").get(reverse("org_detail", args=["W1A"])).status_code == 404


@pytest.mark.django_db
def test_the_organization_page_lists_its_decisions_and_exports(as_user, small_tree, personas, people):
    organization_rename(
        actor=personas["ward_staff"],
        organization=small_tree.cell_a,
        name="Chi bộ Khu phố 1A",
        effective_on=date(2020, 1, 1),
        decision=Decision(number="5-QĐ", date=date(2020, 1, 1)),
    )
    client = as_user("officer")
    client.get(reverse("imports_export_register"), {"org": "W1A", "ngay": "01/06/2020"})
    html = _text(client.get(reverse("org_detail", args=["W1A"])))
    assert "Đổi tên tổ chức" in html and "Chi bộ Khu phố 1A" in html and "phuong1" in html
    assert "Xuất sổ đảng viên" in html
    assert "Thành lập tổ chức" in html


@pytest.mark.django_db
def test_the_correction_page_lists_the_ratings_entries(as_user, people, personas, small_tree):
    from dangbo.evaluations.models import MemberRating
    from dangbo.evaluations.services import review_cycle_lock

    member_rating_record(
        actor=personas["officer"],
        member=people.an,
        year=2019,
        stage="decision",
        rank=2,
        decision_number="1-TB",
    )
    review_cycle_lock(
        actor=personas["officer"], organization=small_tree.district, year=2019, decision_number="9-QĐ"
    )
    rating = MemberRating.objects.get(member=people.an, year=2019)
    response = as_user("officer").get(reverse("review_correct_member", args=[2019, people.an.pk]))
    assert response.status_code == 200
    html = _text(response)
    assert "Nhật ký thay đổi" in html and "Quyết định xếp loại đảng viên" in html
    assert {row.entry.target_id for row in response.context["audit_rows"]} == {str(rating.pk)}
