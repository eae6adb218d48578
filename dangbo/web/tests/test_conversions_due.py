"""Đảng viên dự bị đến hạn chuyển chính thức, with the due date and an overdue badge."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangbo.core.dates import add_months, today
from dangbo.web.tests.helpers import page_text

URL = reverse("conversions_due")


@pytest.fixture
def probationers(small_tree, make_member):
    now = today()
    soon = add_months(now, -12) + (date(2000, 1, 11) - date(2000, 1, 1))  # probation ends in 10 days
    return {
        "overdue": make_member(
            small_tree.cell_a,
            "Phạm Minh Dũng",
            status="probationary",
            admitted=date(2024, 3, 15),
            on=date(2024, 3, 15),
        ),
        "soon": make_member(
            small_tree.cell_b, "Lý Thị Mai", status="probationary", admitted=soon, on=soon, sex="female"
        ),
        "later": make_member(
            small_tree.cell_a,
            "Đinh Văn Nam",
            status="probationary",
            admitted=add_months(now, -6),
            on=add_months(now, -6),
        ),
        "elsewhere": make_member(
            small_tree.other_cell,
            "Tạ Văn Phú",
            status="probationary",
            admitted=date(2024, 3, 15),
            on=date(2024, 3, 15),
        ),
    }


@pytest.mark.django_db
def test_the_list_shows_due_dates_and_marks_the_overdue(as_user, probationers):
    html = page_text(as_user("ward_staff").get(URL))
    assert "Phạm Minh Dũng" in html and "Lý Thị Mai" in html
    assert "Đinh Văn Nam" not in html  # six months to go
    assert "Tạ Văn Phú" not in html  # another ward
    assert "15/03/2025" in html  # the end of Dũng's probation
    assert html.count('class="badge danger">quá hạn</span>') == 1
    assert reverse("member_act", args=[probationers["overdue"].pk, "chinh-thuc"]) in html


@pytest.mark.django_db
def test_a_secretary_sees_only_their_cell(as_user, probationers):
    html = page_text(as_user("secretary_b").get(URL))
    assert "Lý Thị Mai" in html
    assert "Phạm Minh Dũng" not in html


@pytest.mark.django_db
def test_the_viewer_is_refused_the_list_of_names(as_user, probationers):
    response = as_user("viewer").get(URL)
    assert response.status_code == 403
    html = page_text(response)
    assert "tài liệu mật" in html and "Phạm Minh Dũng" not in html
