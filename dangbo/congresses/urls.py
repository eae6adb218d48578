"""Congress pages under /dai-hoi/ (included from config/urls.py)."""

from django.urls import path

from dangbo.congresses import views

urlpatterns = [
    path("", views.congress_index, name="congress_index"),
    path("dot/<int:round_id>/", views.congress_round, name="congress_round"),
    path("dot/<int:round_id>/tien-do.xlsx", views.congress_round_xlsx, name="congress_round_xlsx"),
    path("<int:congress_id>/", views.congress_detail, name="congress_detail"),
    path("<int:congress_id>/de-an-nhan-su/", views.congress_proposal, name="congress_proposal"),
    path("bau-cu/<int:election_id>/", views.election_detail, name="election_detail"),
    path(
        "bau-cu/<int:election_id>/bien-ban-kiem-phieu.docx", views.election_minutes, name="election_minutes"
    ),
    path("bau-cu/<int:election_id>/ket-qua.xlsx", views.election_xlsx, name="election_xlsx"),
]
