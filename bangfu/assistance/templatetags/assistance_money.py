"""Money in templates: `{{ fen|yuan }}` → 1,234.50 元, `{{ fen|wan }}` → 1,000.00 万元."""

from __future__ import annotations

from django import template

from bangfu.core.money import format_wan_yuan, format_yuan

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    return format_yuan(int(fen or 0))


@register.filter
def wan(fen: int | None) -> str:
    return format_wan_yuan(int(fen or 0))


@register.filter
def percent(part: int | None, whole: int | None) -> str:
    if not whole:
        return "-"
    return f"{100 * int(part or 0) / int(whole):.0f}%"
