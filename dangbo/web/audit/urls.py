"""The audit search page (mounted under /nhat-ky/)."""

from django.urls import path

from dangbo.web.audit import views

urlpatterns = [
    path("", views.audit_search, name="audit_search"),
]
