"""The Vietnamese web UI. Paths are Vietnamese without diacritics; names are English."""

from django.contrib.auth import views as auth_views
from django.urls import path

from dangbo.web.views import (
    documents,
    home,
    members,
    organizations,
    quarters,
    reports,
    review_extras,
    reviews,
    search,
)

urlpatterns = [
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("", home.home, name="home"),
    path("tim-kiem/", search.search, name="search"),
    # the organization tree and the reorganization decisions
    path("to-chuc/", organizations.org_tree, name="org_tree"),
    path("to-chuc/thanh-lap/", organizations.organization_establish, name="organization_establish_root"),
    path("to-chuc/<str:code>/", organizations.org_detail, name="org_detail"),
    path(
        "to-chuc/<str:code>/thanh-lap/", organizations.organization_establish, name="organization_establish"
    ),
    path(
        "to-chuc/<str:code>/the-thuc-van-ban/",
        documents.organization_letterhead,
        name="organization_letterhead",
    ),
    path("to-chuc/<str:code>/doi-ten/", organizations.organization_rename, name="organization_rename"),
    path("to-chuc/<str:code>/chuyen-truc-thuoc/", organizations.organization_move, name="organization_move"),
    path("to-chuc/<str:code>/sap-nhap/", organizations.organization_merge, name="organization_merge"),
    path("to-chuc/<str:code>/chia-tach/", organizations.organization_split, name="organization_split"),
    path("to-chuc/<str:code>/giai-the/", organizations.organization_dissolve, name="organization_dissolve"),
    path(
        "to-chuc/<str:code>/quyet-dinh/<int:event_id>/dinh-chinh/",
        organizations.organization_decision_correct,
        name="organization_decision_correct",
    ),
    # members
    path("dang-vien/", members.member_list, name="member_list"),
    path("dang-vien/ket-nap/", members.member_admit, name="member_admit"),
    path("dang-vien/tiep-nhan/", members.member_receive, name="member_receive"),
    path("dang-vien/tra-cuu/", members.member_lookup, name="member_lookup"),
    path("dang-vien/chuyen-chinh-thuc/", members.conversions_due, name="conversions_due"),
    path("dang-vien/<int:member_id>/", members.member_detail, name="member_detail"),
    path("dang-vien/<int:member_id>/sua/", members.member_update_profile, name="member_update_profile"),
    path("dang-vien/<int:member_id>/chuyen-sinh-hoat/", members.member_transfer, name="member_transfer"),
    path(
        "dang-vien/<int:member_id>/su-kien/<int:event_id>/dinh-chinh/",
        members.member_event_correct,
        name="member_event_correct",
    ),
    path("dang-vien/<int:member_id>/<slug:action>/", members.member_act, name="member_act"),
    # the annual review (đánh giá, xếp loại chất lượng)
    path("danh-gia/", reviews.review_index, name="review_index"),
    path(
        "danh-gia/<int:year>/to-chuc/<str:code>/", reviews.review_organizations, name="review_organizations"
    ),
    path("danh-gia/<int:year>/khoa-so/<str:code>/", reviews.review_lock, name="review_lock"),
    path("danh-gia/<int:year>/hang-quy/<str:code>/", quarters.review_quarters, name="review_quarters"),
    path("danh-gia/<int:year>/mau-01/<str:code>/", review_extras.review_form_cell, name="review_form_cell"),
    path(
        "danh-gia/<int:year>/mau-kiem-diem/<int:member_id>/",
        review_extras.review_form_member,
        name="review_form_member",
    ),
    path(
        "danh-gia/<int:year>/xep-loai-lai/<int:member_id>/",
        review_extras.review_rerate_member,
        name="review_rerate_member",
    ),
    path(
        "danh-gia/<int:year>/xep-loai-lai-to-chuc/<str:code>/",
        review_extras.review_rerate_organization,
        name="review_rerate_organization",
    ),
    path(
        "danh-gia/mau-03/<int:rerating_id>/", review_extras.review_form_rerating, name="review_form_rerating"
    ),
    path("danh-gia/<int:year>/gioi-han/<str:code>/", reviews.review_cap_raise, name="review_cap_raise"),
    path("danh-gia/<int:year>/danh-sach/<str:code>/", reviews.review_lists, name="review_lists"),
    path(
        "danh-gia/<int:year>/khen-thuong/<str:code>/",
        reviews.review_commendations,
        name="review_commendations",
    ),
    path(
        "danh-gia/<int:year>/dieu-chinh/dang-vien/<int:member_id>/",
        reviews.review_correct_member,
        name="review_correct_member",
    ),
    path(
        "danh-gia/<int:year>/dieu-chinh/to-chuc/<str:code>/",
        reviews.review_correct_organization,
        name="review_correct_organization",
    ),
    path("danh-gia/<int:year>/dang-vien/<int:member_id>/", reviews.review_member, name="review_member"),
    path("danh-gia/<int:year>/<str:code>/", reviews.review_cell, name="review_cell"),
    # reports
    path("bao-cao/danh-gia/", reports.report_year, name="report_year"),
    path("bao-cao/kiem-tra-so-lieu/", reports.check_figures, name="check_figures"),
    path("bao-cao/tong-quan/", reports.dashboard, name="dashboard"),
    # documents in the party format, from the records
    path("van-ban/mau/", documents.document_templates, name="document_templates"),
    path("van-ban/mau/<slug:slug>/", documents.document_template_download, name="document_template_download"),
    path("van-ban/bao-cao-nam/", documents.document_report, name="document_report"),
    path("van-ban/<slug:slug>/", documents.document_make, name="document_make"),
]
