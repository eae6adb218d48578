"""Sign-in and account security pages."""

from django.urls import path

from dangbo.accounts import views

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-nhap/ma-xac-thuc/", views.login_otp, name="login_otp"),
    path("tai-khoan/xac-thuc-hai-buoc/", views.otp_setup, name="otp_setup"),
    path("tai-khoan/doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
]
