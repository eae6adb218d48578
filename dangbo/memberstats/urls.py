"""Routes of the member statistics (thống kê đảng viên)."""

from django.urls import path

from dangbo.memberstats import views

urlpatterns = [
    path("", views.statistics_index, name="statistics_index"),
    path("hang-thang/", views.statistics_monthly, name="statistics_monthly"),
]
