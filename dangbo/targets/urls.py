"""Routes of targets (chỉ tiêu) and cell meetings (sinh hoạt chi bộ)."""

from django.urls import path

from dangbo.targets import views

urlpatterns = [
    path("chi-tieu/", views.targets_index, name="targets_index"),
    path("chi-tieu/<str:code>/giao/", views.target_set, name="target_set"),
    path("sinh-hoat/", views.meetings_index, name="meetings_index"),
    path("sinh-hoat/buoi/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("sinh-hoat/<str:code>/ghi/", views.meeting_record, name="meeting_record"),
]
