"""{{ organization|org_name }}: the name that identifies an organization (a builtin of the templates)."""

from __future__ import annotations

from django import template

from dangbo.organizations import names
from dangbo.organizations.models import Organization, OrganizationVersion

register = template.Library()


@register.filter
def org_name(value: Organization | OrganizationVersion | None) -> str:
    """A cell with its grassroots organization ("Chi bộ Khu phố 2 – Đảng bộ phường Trường Thạnh");
    see dangbo/organizations/names.py."""
    if not isinstance(value, Organization | OrganizationVersion):
        return "" if value is None else str(value)
    return names.display_name(value)
