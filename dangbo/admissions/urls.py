"""Routes of the admission pipeline (phát triển đảng viên)."""

from django.urls import path

from dangbo.admissions import views

urlpatterns = [
    path("", views.pipeline_index, name="pipeline_index"),
    path("quan-chung/<int:candidate_id>/", views.candidate_detail, name="candidate_detail"),
    path("quan-chung/<int:candidate_id>/buoc/<str:kind>/", views.candidate_step, name="candidate_step"),
    path("quan-chung/<int:candidate_id>/sua/", views.candidate_update, name="candidate_update"),
    path("quan-chung/<int:candidate_id>/du-kien/", views.candidate_plan, name="candidate_plan"),
    path("quan-chung/<int:candidate_id>/thoi-xem-xet/", views.candidate_close, name="candidate_close"),
    path("<str:code>/them/", views.candidate_add, name="candidate_add"),
]
