"""Users and their roles are managed here (the only place they are edited). The lockouts
(django-axes) and the second-factor devices (django-otp) are managed here too, through audited
services: their own admin classes are replaced by ones that write the trail."""

from __future__ import annotations

from typing import Any

# imported first so that their admin classes are registered before being replaced below
import axes.admin as axes_admin
import django_otp.plugins.otp_totp.admin as totp_admin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangbo.accounts import services
from dangbo.accounts.models import RoleAssignment, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1
    autocomplete_fields = ["organization"]
    verbose_name = "vai trò"
    verbose_name_plural = "vai trò trên cây tổ chức"


@admin.action(description="Mở khóa đăng nhập (xóa các lần nhập sai mật khẩu)")
def unlock_login(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[User]) -> None:
    """Lifts the django-axes lockout of the chosen users, from every address (audited)."""
    actor = request.user
    assert isinstance(actor, User)
    count = sum(services.user_login_unlock(actor=actor, user=user) for user in queryset)
    modeladmin.message_user(request, f"Đã mở khóa đăng nhập ({count} lượt ghi nhận bị xóa).")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    actions = [unlock_login]
    list_display = ["username", "full_name", "email", "is_active", "is_superuser", "last_login"]
    search_fields = ["username", "full_name", "email"]
    list_filter = ["is_active", "is_superuser", "roles__role"]
    inlines = [RoleInline]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Dangbo", {"fields": ("full_name",)}),
    )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organization"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "organization__name", "organization__code"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]


def _actor(request: HttpRequest) -> User:
    actor = request.user
    assert isinstance(actor, User)
    return actor


class AuditedAccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    """Deleting a counted failed login unlocks it: audited."""

    def delete_model(self, request: HttpRequest, obj: AccessAttempt) -> None:
        services.login_attempts_delete(actor=_actor(request), attempts=[obj])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        services.login_attempts_delete(actor=_actor(request), attempts=list(queryset))


class AuditedTOTPDeviceAdmin(totp_admin.TOTPDeviceAdmin):
    """Adding, changing or deleting a user's authenticator: audited (never the secret)."""

    def save_model(self, request: HttpRequest, obj: TOTPDevice, form: ModelForm[Any], change: bool) -> None:
        before = None
        if change and obj.pk is not None:
            stored = TOTPDevice.objects.filter(pk=obj.pk).first()
            before = services.otp_device_snapshot(stored) if stored is not None else None
        services.otp_device_save(actor=_actor(request), device=obj, before=before)

    def delete_model(self, request: HttpRequest, obj: TOTPDevice) -> None:
        services.otp_devices_delete(actor=_actor(request), devices=[obj])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[TOTPDevice]) -> None:
        services.otp_devices_delete(actor=_actor(request), devices=list(queryset.select_related("user")))


for _model, _admin in ((AccessAttempt, AuditedAccessAttemptAdmin), (TOTPDevice, AuditedTOTPDeviceAdmin)):
    if admin.site.is_registered(_model):  # AccessAttempt only while AXES_ENABLE_ADMIN
        admin.site.unregister(_model)
        admin.site.register(_model, _admin)
