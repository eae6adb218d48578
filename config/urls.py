from django.contrib import admin
from django.urls import include, path

from dangbo.accounts.views import admin_login

admin.site.site_header = "Dangbo — quản trị"
admin.site.site_title = "Dangbo"

urlpatterns = [
    # sign in through the lockout and the second step
    path("quan-tri/login/", admin_login, name="admin_login"),
    path("quan-tri/", admin.site.urls),
    path("", include("dangbo.accounts.urls")),
    path("nhap-xuat/", include("dangbo.imports.urls")),
    path("quy-hoach/", include("dangbo.planning.urls")),
    path("dai-hoi/", include("dangbo.congresses.urls")),
    path("phat-trien-dang-vien/", include("dangbo.admissions.urls")),
    path("", include("dangbo.targets.urls")),
    path("dang-phi/", include("dangbo.dues.urls")),
    path("huy-hieu/", include("dangbo.badges.urls")),
    path("thong-ke/", include("dangbo.memberstats.urls")),
    path("nhat-ky/", include("dangbo.web.audit.urls")),
    path("", include("dangbo.api.urls")),
    path("", include("dangbo.web.urls")),
]
