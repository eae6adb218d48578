"""Routes of party dues (đảng phí)."""

from django.urls import path

from dangbo.dues import views

urlpatterns = [
    path("", views.dues_index, name="dues_index"),
    path("chi-bo/<str:code>/<int:year>/", views.cell_year, name="dues_cell_year"),
    path("chi-bo/<str:code>/<int:year>/<int:month>/", views.cell_month, name="dues_cell_month"),
    path("chi-bo/<str:code>/<int:year>/<int:month>/nhap/", views.cell_import, name="dues_cell_import"),
    path("dang-vien/<int:member_id>/can-cu/", views.member_basis, name="dues_member_basis"),
]
