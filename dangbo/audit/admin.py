"""The audit trail in the admin: to look and search, never to add, change or delete."""

from __future__ import annotations

from django.contrib import admin

from dangbo.audit.models import AuditEntry
from dangbo.core.admin import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_name", "ip", "action", "target_type", "target_label"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_name", "target_label", "action"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
