"""The one money filter set for every template: `{{ fen|yuan }}` → "1,234.50 元", `{{ fen|wan }}` →
"1,000.00 万元", `{{ fen|summary }}` → 万元 from 10,000 元 on, else 元. An unknown amount (None) shows as nothing,
never as 0.00 元. Apps' tag libraries re-register these same functions, so `{% load jobs_format %}` and
`{% load money %}` give the same `yuan`."""

from __future__ import annotations

from django import template

from bangfu.core.money import format_summary_yuan, format_wan_yuan, format_yuan

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    return "" if fen is None else format_yuan(int(fen))


@register.filter
def wan(fen: int | None) -> str:
    return "" if fen is None else format_wan_yuan(int(fen))


@register.filter
def summary(fen: int | None) -> str:
    """`{{ fen|summary }}`: 万元 from 10,000 元 on, 元 below (summary pages; ledgers use `yuan`)."""
    return "" if fen is None else format_summary_yuan(int(fen))
