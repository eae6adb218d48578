"""Routes of the Excel import and export pages (mounted under /nhap-xuat/)."""

from django.urls import path

from dangbo.imports import views

urlpatterns = [
    path("", views.index, name="imports_index"),
    path("mau/<slug:slug>.xlsx", views.template_download, name="imports_template"),
    path("tai-len/", views.upload, name="imports_upload"),
    path("lan/<int:run_id>/", views.run_detail, name="imports_run"),
    path("lan/<int:run_id>/tien-do/", views.run_progress, name="imports_run_progress"),
    path("lan/<int:run_id>/xac-nhan/", views.run_confirm, name="imports_run_confirm"),
    path("lan/<int:run_id>/loi.xlsx", views.run_issues_download, name="imports_run_issues"),
    path("xuat/dang-vien.xlsx", views.export_members, name="imports_export_members"),
    path("xuat/so-dang-vien.xlsx", views.export_register, name="imports_export_register"),
    path("xuat/to-chuc.xlsx", views.export_organizations, name="imports_export_organizations"),
    path("xuat/xep-loai.xlsx", views.export_reviews, name="imports_export_reviews"),
]
