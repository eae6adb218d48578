"""Routes of the personnel planning pages (mounted under /quy-hoach/)."""

from django.urls import path

from dangbo.planning import views

urlpatterns = [
    path("", views.planning_index, name="planning_index"),
    path("chuc-danh/<int:position_id>/bo-sung/", views.planning_candidate_add, name="planning_candidate_add"),
    path(
        "can-bo/<int:candidacy_id>/dua-ra/", views.planning_candidate_remove, name="planning_candidate_remove"
    ),
    path("can-bo/<int:candidacy_id>/luan-chuyen/", views.planning_rotation, name="planning_rotation"),
    path("<str:code>/<str:term>/", views.planning_plan, name="planning_plan"),
    path("<str:code>/<str:term>/ra-soat/", views.planning_review, name="planning_review"),
    path("<str:code>/<str:term>/quy-hoach.xlsx", views.planning_export, name="planning_export"),
]
