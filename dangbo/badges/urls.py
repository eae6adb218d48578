"""Routes of party badges (Huy hiệu Đảng)."""

from django.urls import path

from dangbo.badges import views

urlpatterns = [
    path("", views.badges_index, name="badges_index"),
    path("<str:code>/de-nghi/", views.badge_proposal, name="badge_proposal"),
    path("dang-vien/<int:member_id>/", views.badge_member, name="badge_member"),
]
