"""Users and their roles are managed here (the only place they are edited)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from dangbo.accounts.models import RoleAssignment, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1
    autocomplete_fields = ["organization"]
    verbose_name = "vai trò"
    verbose_name_plural = "vai trò trên cây tổ chức"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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
