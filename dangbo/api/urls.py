"""/api/ (the JSON API, its schema at /api/openapi.json) and the token page of the user's menu."""

from django.urls import path

from dangbo.api import views
from dangbo.api.api import api

urlpatterns = [
    path("api/", api.urls),
    path("tai-khoan/ma-api/", views.token_list, name="api_tokens"),
    path("tai-khoan/ma-api/<int:token_id>/thu-hoi/", views.token_revoke, name="api_token_revoke"),
]
