"""The start page: the user's scope roots with their counts and where to go next."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.web.tests.helpers import page_text


@pytest.mark.django_db
def test_the_officer_sees_the_district_with_its_counts(as_user, people):
    html = page_text(as_user("officer").get(reverse("home")))
    assert "Đảng bộ Quận Thử" in html
    assert "Tổ chức cơ sở đảng" in html
    # 5 members on the books in the district: 4 official, 1 probationary
    assert "<dt>Đảng viên</dt><dd>5</dd>" in html
    assert "<dt>Dự bị</dt><dd>1</dd>" in html
    assert "<dt>Chính thức</dt><dd>4</dd>" in html
    assert reverse("org_tree") in html
    assert reverse("member_list") in html
    assert reverse("conversions_due") in html


@pytest.mark.django_db
def test_a_cell_secretary_sees_only_their_cell(as_user, people):
    html = page_text(as_user("secretary_a").get(reverse("home")))
    assert "Chi bộ Khu phố 1" in html
    assert "Đảng bộ Quận Thử</a>" not in html
    assert "<dt>Đảng viên</dt><dd>3</dd>" in html


@pytest.mark.django_db
def test_the_outsider_sees_only_the_other_ward(as_user, people):
    html = page_text(as_user("outsider").get(reverse("home")))
    assert "Đảng bộ phường Bình Đức" in html
    assert "Đảng bộ phường An Bình" not in html


@pytest.mark.django_db
def test_a_user_without_a_role_is_told_so(client, django_user_model):
    user = django_user_model.objects.create_user(username="moi", password="mat-khau-thu-1")
    client.force_login(user)
    html = page_text(client.get(reverse("home")))
    assert "Bạn chưa được phân công vai trò nào" in html


@pytest.mark.django_db
def test_counts_are_written_the_vietnamese_way(as_user, small_tree):
    from datetime import date

    from dangbo.members.bulk import PlannedEvent, PlannedMember, bulk_create_members

    plans = [
        PlannedMember(
            profile={
                "full_name": f"Nguyễn Văn Số {chr(65 + i % 26)}",
                "sex": "male",
                "birth_date": date(1980, 1, 1),
            },
            events=[
                PlannedEvent(
                    "transfer_in",
                    date(2015, 2, 1),
                    small_tree.cell_a.pk,
                    details={"status": "official", "admitted_on": "2000-01-01", "official_on": "2001-01-01"},
                )
            ],
        )
        for i in range(1203)
    ]
    bulk_create_members(plans)
    html = page_text(as_user("officer").get(reverse("home")))
    assert "<dt>Đảng viên</dt><dd>1.203</dd>" in html
