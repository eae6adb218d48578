from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Dangbo — quản trị"
admin.site.site_title = "Dangbo"

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("nhap-xuat/", include("dangbo.imports.urls")),
    path("", include("dangbo.api.urls")),
    path("", include("dangbo.web.urls")),
]
