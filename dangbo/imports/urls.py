"""Routes of the Excel import and export pages (mounted under /nhap-xuat/)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
