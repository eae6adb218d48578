"""The read-only viewer (issue 5): the reports, figures and dashboards of its subtree, no personal
data. The top bar offers no member pages; those pages answer 403 with the Vietnamese message; the
pages that mix figures and names show the figures and hide the names. A viewer of the district who
is also staff of a ward sees the ward's members, and only theirs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.accounts.scope import NO_PERSONAL_DATA
from dangbo.web.tests.helpers import page_text

pytestmark = pytest.mark.django_db

NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Minh Dũng", "Hoàng Văn Em")


@pytest.fixture
def commended(people, decide_2019):
    """2019 rated; Nguyễn Văn An (cell A) HTXSNV and commended."""
    decide_2019(((people.an, 1), (people.binh, 2), (people.cuong, 2), (people.em, 3)), commend=people.an)
    return people


def _names_in(html: str) -> list[str]:
    return [name for name in NAMES if name in html]


def test_the_top_bar_offers_a_viewer_no_member_page(as_user, people):
    html = page_text(as_user("viewer").get(reverse("home")))
    for link in ("member_list", "planning_index", "audit_search", "conversions_due"):
        assert f'href="{reverse(link)}"' not in html, link
    for link in ("org_tree", "review_index", "report_year", "targets_index", "congress_index"):
        assert f'href="{reverse(link)}"' in html, link
    officer = page_text(as_user("officer").get(reverse("home")))
    assert f'href="{reverse("member_list")}"' in officer and f'href="{reverse("planning_index")}"' in officer


def test_the_home_page_shows_a_viewer_the_counts_and_no_list(as_user, people):
    response = as_user("viewer").get(reverse("home"))
    assert response.status_code == 200
    stats = response.context["roots"][0]["stats"]
    assert stats["members"]["total"] == 5
    assert "Danh sách đảng viên" not in page_text(response) and "Xét chuyển" not in page_text(response)


@pytest.mark.parametrize(
    "url",
    [
        reverse("member_list"),
        reverse("member_list") + "?org=W1A",
        reverse("member_lookup") + "?q=nguyen",
        reverse("conversions_due"),
        reverse("planning_index"),
        reverse("imports_export_members"),
        reverse("imports_export_register") + "?org=D",
    ],
)
def test_a_viewer_is_refused_the_member_pages_with_the_vietnamese_message(as_user, people, url):
    response = as_user("viewer").get(url)
    assert response.status_code == 403
    html = page_text(response)
    assert NO_PERSONAL_DATA in html and "Không có quyền thực hiện" in html
    assert _names_in(html) == []


def test_a_viewer_reads_a_members_file_nowhere(as_user, people):
    client = as_user("viewer")
    for url in (
        reverse("member_detail", args=[people.an.pk]),
        reverse("review_member", args=[2019, people.an.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403 and _names_in(page_text(response)) == [], url


def test_the_organization_page_gives_a_viewer_the_number_of_members_not_their_names(as_user, people):
    response = as_user("viewer").get(reverse("org_detail", args=["W1"]))
    assert response.status_code == 200
    html = page_text(response)
    assert _names_in(html) == []
    assert "4 đảng viên." in html and "Tên và hồ sơ đảng viên chỉ hiển thị" in html
    assert "Chi bộ Khu phố 1" in html  # the tree below, with its counts
    assert "Nguyễn Văn An" in page_text(as_user("ward_staff").get(reverse("org_detail", args=["W1"])))


def test_the_years_report_counts_the_commended_without_naming_them(as_user, commended):
    query = {"org": "D", "nam": "2019"}
    response = as_user("viewer").get(reverse("report_year"), query)
    assert response.status_code == 200
    html = page_text(response)
    assert _names_in(html) == []
    assert "Đảng viên (tên chỉ hiển thị cho cán bộ quản lý hồ sơ)" in html
    assert [level.count for level in response.context["report"].sections.members.levels] == [
        1,
        2,
        1,
        0,
    ]
    text = page_text(as_user("viewer").get(reverse("report_year"), {**query, "dinh_dang": "text"}))
    assert "Nguyễn Văn An" not in text and "Đảng viên hoàn thành xuất sắc nhiệm vụ 2019" in text
    assert "Nguyễn Văn An" in page_text(as_user("officer").get(reverse("report_year"), query))


def test_the_commendations_page_gives_a_viewer_the_organizations_and_the_number_of_members(
    as_user, commended
):
    url = reverse("review_commendations", args=[2019, "D"])
    response = as_user("viewer").get(url, {"so-nam": "1"})
    assert response.status_code == 200
    assert response.context["member_candidates"] == [] and response.context["hidden_members"] == 1
    assert _names_in(page_text(response)) == []
    assert "1 đảng viên." in page_text(response)
    officer = as_user("officer").get(url, {"so-nam": "1"})
    assert [c.name for c in officer.context["member_candidates"]] == ["Nguyễn Văn An"]


def test_the_review_pages_send_a_viewer_to_the_organizations_not_the_cell(as_user, commended):
    client = as_user("viewer")
    response = client.get(reverse("review_index"), {"org": "W1A", "nam": "2019"})
    assert response.status_code == 302 and response["Location"] == reverse(
        "review_organizations", args=[2019, "W1A"]
    )
    assert client.get(response["Location"]).status_code == 200  # the cell's own rating
    page = client.get(reverse("review_organizations", args=[2019, "W1"]))
    assert page.status_code == 200 and _names_in(page_text(page)) == []
    assert reverse("review_cell", args=[2019, "W1A"]) not in page_text(page)
    assert reverse("review_lists", args=[2019, "W1"]) not in page_text(page)
    assert client.get(reverse("review_cell", args=[2019, "W1A"])).status_code == 403
    assert client.get(reverse("review_lists", args=[2019, "W1"])).status_code == 403


def test_a_viewer_who_is_staff_of_a_ward_sees_that_wards_members_only(as_user, personas, people, small_tree):
    from dangbo.accounts.models import RoleAssignment

    RoleAssignment.objects.create(
        user=personas["viewer"], role=RoleAssignment.Role.GRASSROOTS_STAFF, organization=small_tree.ward
    )
    client = as_user("viewer")
    listed = client.get(reverse("member_list"))
    assert listed.status_code == 200
    assert _names_in(page_text(listed)) == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn Cường",
        "Phạm Minh Dũng",
    ]
    assert f'href="{reverse("member_list")}"' in page_text(listed)  # the top bar offers it now
    assert client.get(reverse("member_list"), {"org": "W1A"}).status_code == 200
    assert client.get(reverse("member_list"), {"org": "D"}).status_code == 403
    assert client.get(reverse("member_list"), {"org": "W2A"}).status_code == 403
    assert client.get(reverse("member_detail", args=[people.an.pk])).status_code == 200
    assert client.get(reverse("member_detail", args=[people.em.pk])).status_code == 403
    district = page_text(client.get(reverse("org_detail", args=["D"])))
    assert _names_in(district) == [] and "Tên và hồ sơ đảng viên chỉ hiển thị" in district
