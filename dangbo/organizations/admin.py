"""The tree in the admin: read-only. Every change goes through the services (the web forms)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from dangbo.core.admin import ReadOnlyAdmin
from dangbo.organizations.models import Organization, OrganizationEvent, OrganizationVersion


class VersionInline(admin.TabularInline):
    model = OrganizationVersion
    fk_name = "organization"
    fields = ("valid_from", "valid_to", "name", "kind", "parent")
    readonly_fields = ("valid_from", "valid_to", "name", "kind", "parent")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "sector", "parent", "established_on", "ended_on"]
    list_filter = ["kind", "sector", "ended_on"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    ordering = ["path"]
    inlines = [VersionInline]


@admin.register(OrganizationVersion)
class OrganizationVersionAdmin(ReadOnlyAdmin):
    list_display = ["organization", "name", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "organization__code"]
    list_select_related = ["organization", "parent"]


@admin.register(OrganizationEvent)
class OrganizationEventAdmin(ReadOnlyAdmin):
    list_display = [
        "effective_on",
        "action",
        "organization",
        "decision_number",
        "decision_date",
        "counterpart",
    ]
    list_filter = ["action"]
    search_fields = ["decision_number", "organization__name", "organization__code"]
    list_select_related = ["organization", "counterpart"]
    date_hierarchy = "effective_on"
