"""Member records in the admin: read-only (the file is confidential; changes go through the services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from dangbo.core.admin import ReadOnlyAdmin
from dangbo.core.text import fold
from dangbo.members import fulltext
from dangbo.members.models import Member, MemberEvent, MemberPeriod


class EventInline(admin.TabularInline):
    model = MemberEvent
    fields = ("effective_on", "kind", "decision_number", "from_organization", "to_organization", "details")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "sex", "birth_date", "organization", "status", "admitted_on", "official_on"]
    list_filter = ["status", "sex", "exempted"]
    search_fields = ["search_text"]
    search_help_text = "Họ tên (không cần dấu), số CCCD hoặc số thẻ đảng viên."
    list_select_related = ["organization"]
    ordering = ["sort_key"]
    inlines = [EventInline]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Member], search_term: str
    ) -> tuple[QuerySet[Member], bool]:
        """Accent- and case-insensitive, like the web search: "nguyen van a" finds "Nguyễn Văn An"."""
        phrase = fold(search_term)
        if phrase:
            queryset = queryset.filter(fulltext.contains(phrase))
        return queryset, False


@admin.register(MemberEvent)
class MemberEventAdmin(ReadOnlyAdmin):
    list_display = [
        "effective_on",
        "kind",
        "member",
        "decision_number",
        "from_organization",
        "to_organization",
    ]
    list_filter = ["kind"]
    search_fields = ["decision_number", "member__search_text"]
    list_select_related = ["member", "from_organization", "to_organization"]
    date_hierarchy = "effective_on"


@admin.register(MemberPeriod)
class MemberPeriodAdmin(ReadOnlyAdmin):
    list_display = ["member", "organization", "status", "exempted", "valid_from", "valid_to"]
    list_filter = ["status", "exempted"]
    search_fields = ["member__search_text"]
    list_select_related = ["member", "organization"]
