"""Template filters for Vietnamese display: {{ d|vn_date }}, {{ n|vn_number }}, {{ a|vn_percent:b }}."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils import timezone

from dangbo.core import text

register = template.Library()


@register.filter
def vn_date(value: date | datetime | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    return text.format_date(value)


@register.filter
def vn_number(value: int | Decimal | float | None, decimals: int = 0) -> str:
    if value is None or value == "":
        return ""
    return text.format_number(value, int(decimals))


@register.filter
def vn_points(value: int | Decimal | float | None) -> str:
    """A score or a percent with only the decimals it has: 65; 29,5; 27,25 ("—" when None)."""
    if value is None or value == "":
        return "—"
    number = Decimal(str(value)).normalize()
    decimals = max(0, -int(number.as_tuple().exponent))
    return text.format_number(number, decimals)


@register.filter
def vn_percent(part: int, whole: int) -> str:
    return text.format_percent(int(part or 0), int(whole or 0))
