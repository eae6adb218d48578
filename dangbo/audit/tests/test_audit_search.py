"""The audit search page: officers find who did what, on which record, when — in their subtree only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dangbo.audit.models import AuditEntry
from dangbo.members.services import member_update_profile
from dangbo.organizations.services import Decision, organization_rename


def _text(response) -> str:
    return response.content.decode()


@pytest.fixture
def changes(people, personas, small_tree):
    member_update_profile(
        actor=personas["officer"], member=people.an, changes={"hometown": "Huế"}, expected_version=None
    )
    member_update_profile(
        actor=personas["outsider"], member=people.em, changes={"hometown": "Vinh"}, expected_version=None
    )
    organization_rename(
        actor=personas["ward_staff"],
        organization=small_tree.cell_b,
        name="Chi bộ Khu phố 2B",
        effective_on=date(2020, 1, 1),
        decision=Decision(number="3-QĐ", date=date(2020, 1, 1)),
    )


@pytest.mark.django_db
def test_an_officer_finds_the_changes_of_the_district(as_user, changes):
    response = as_user("officer").get(reverse("audit_search"))
    assert response.status_code == 200
    html = _text(response)
    assert "Sửa hồ sơ đảng viên" in html and "Nguyễn Văn An" in html and "Hoàng Văn Em" in html
    assert "Huế" in html and "Đổi tên tổ chức" in html


@pytest.mark.django_db
def test_ward_staff_see_only_their_ward(as_user, changes):
    html = _text(as_user("ward_staff").get(reverse("audit_search")))
    assert "Nguyễn Văn An" in html and "Chi bộ Khu phố 2B" in html
    assert "Hoàng Văn Em" not in html and "Vinh" not in html
    outsider = _text(as_user("outsider").get(reverse("audit_search")))
    assert "Hoàng Văn Em" in outsider and "Nguyễn Văn An" not in outsider


@pytest.mark.django_db
def test_filters_by_actor_action_target_and_dates(as_user, changes):
    client = as_user("officer")
    by_actor = _text(client.get(reverse("audit_search"), {"nguoi": "phuong1"}))
    assert "Chi bộ Khu phố 2B" in by_actor and "Nguyễn Văn An" not in by_actor
    by_action = _text(client.get(reverse("audit_search"), {"viec": "member.profile"}))
    assert "Nguyễn Văn An" in by_action and "Chi bộ Khu phố 2B" not in by_action
    by_group = _text(client.get(reverse("audit_search"), {"viec": "organization."}))
    assert "Chi bộ Khu phố 2B" in by_group and "Huế" not in by_group
    by_target = _text(client.get(reverse("audit_search"), {"doi-tuong": "Hoàng"}))
    assert "Hoàng Văn Em" in by_target and "Nguyễn Văn An" not in by_target
    unaccented = _text(client.get(reverse("audit_search"), {"doi-tuong": "hoang van em"}))
    assert "Hoàng Văn Em" in unaccented and "Nguyễn Văn An" not in unaccented
    today = timezone.localdate()
    in_range = _text(
        client.get(reverse("audit_search"), {"tu-ngay": f"{today:%d/%m/%Y}", "den-ngay": f"{today:%d/%m/%Y}"})
    )
    assert "Nguyễn Văn An" in in_range
    tomorrow = today + timedelta(days=1)
    later = client.get(reverse("audit_search"), {"tu-ngay": f"{tomorrow:%d/%m/%Y}"})
    assert later.context["page"].paginator.count == 0
    yesterday = today - timedelta(days=1)
    before = client.get(reverse("audit_search"), {"den-ngay": f"{yesterday:%d/%m/%Y}"})
    assert before.context["page"].paginator.count == 0


@pytest.mark.django_db
def test_an_unreadable_date_is_explained_next_to_its_field(as_user, changes):
    html = _text(as_user("officer").get(reverse("audit_search"), {"tu-ngay": "31/02/2020"}))
    assert "Ngày “31/02/2020” không hợp lệ (dd/mm/yyyy)." in html


@pytest.mark.django_db
def test_scoped_to_an_organization_of_the_subtree(as_user, changes, small_tree):
    client = as_user("officer")
    html = _text(client.get(reverse("audit_search"), {"org": "W2"}))
    assert "Hoàng Văn Em" in html and "Nguyễn Văn An" not in html
    assert as_user("outsider").get(reverse("audit_search"), {"org": "W1"}).status_code == 404


@pytest.mark.django_db
def test_the_entries_of_one_record(as_user, changes, people):
    client = as_user("officer")
    response = client.get(reverse("audit_search"), {"loai": "members.member", "ma": people.an.pk})
    targets = {row.entry.target_id for row in response.context["rows"]}
    assert targets == {str(people.an.pk)}


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_viewer_is_refused(as_user, changes, method):
    response = getattr(as_user("viewer"), method)(reverse("audit_search"))
    assert response.status_code in (403, 405)
    if method == "get":
        assert response.status_code == 403 and "Nhật ký thay đổi chỉ dành cho" in _text(response)


@pytest.mark.django_db
def test_a_post_changes_nothing(as_user, changes):
    count = AuditEntry.objects.count()
    response = as_user("officer").post(reverse("audit_search"), {"nguoi": "x"})
    assert response.status_code == 405
    assert AuditEntry.objects.count() == count


@pytest.mark.django_db
def test_the_page_needs_a_login(client):
    response = client.get(reverse("audit_search"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_the_menu_links_it_only_for_those_who_may_read_it(as_user, changes):
    assert 'href="/nhat-ky/"' in _text(as_user("officer").get(reverse("home")))
    assert 'href="/nhat-ky/"' not in _text(as_user("viewer").get(reverse("home")))
