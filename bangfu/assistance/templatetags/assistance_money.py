"""Money in templates: `{{ fen|yuan }}` → 1,234.50 元, `{{ fen|wan }}` → 1,000.00 万元."""

from __future__ import annotations

from django import template
from django.utils.translation import ngettext

from bangfu.core.templatetags import money

register = template.Library()


register.filter("yuan", money.yuan)  # the one implementation, in core
register.filter("wan", money.wan)
register.filter("summary", money.summary)


@register.filter
def days_to_deadline(days: int) -> str:
    """"还剩 5 天" before the deadline, "已过截止日期 3 天" after it."""
    if days >= 0:
        return ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}
    return ngettext("%(days)s day past the deadline", "%(days)s days past the deadline", -days) % {"days": -days}


@register.filter
def percent(part: int | None, whole: int | None) -> str:
    if not whole:
        return "-"
    return f"{100 * int(part or 0) / int(whole):.0f}%"
