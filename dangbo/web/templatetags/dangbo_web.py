"""Small display helpers for the web pages: {{ member.cccd|mask_cccd }}, {{ period.valid_to|until }}."""

from __future__ import annotations

from datetime import date

from django import template

from dangbo.core.dates import OPEN_END
from dangbo.core.text import format_date

register = template.Library()


@register.filter
def mask_cccd(value: str | None) -> str:
    """Show only the last four digits of a citizen ID: ********1234."""
    if not value:
        return ""
    return "*" * max(len(value) - 4, 0) + value[-4:]


@register.filter
def until(value: date | None) -> str:
    """The end of an effective-dated range: "nay" (now) for an open one."""
    if value is None or value == OPEN_END:
        return "nay"
    return format_date(value)
