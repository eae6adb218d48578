"""Users and their roles are managed here (the only place they are edited)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from dangbo.accounts.models import RoleAssignment, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1
    autocomplete_fields = ["organization"]
    verbose_name = "vai trò"
    verbose_name_plural = "vai trò trên cây tổ chức"


@admin.action(description="Mở khóa đăng nhập (xóa các lần nhập sai mật khẩu)")
def unlock_login(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[User]) -> None:
    """Lifts the django-axes lockout of the chosen users, from every address."""
    from axes.utils import reset

    count = sum(reset(username=user.get_username()) for user in queryset)
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
