"""Display helpers of the register's templates: money in 元, cause and status labels, badges."""

from __future__ import annotations

from typing import Any

from django import template

from bangfu.core.templatetags import money
from bangfu.people.models import Cause, FileStatus, Tier

register = template.Library()

STATUS_BADGES: dict[str, str] = {
    FileStatus.FORMAL: "bg-green-lt", FileStatus.TEMPORARY: "bg-yellow-lt", FileStatus.RETURNED: "bg-orange-lt",
    FileStatus.RELIEVED: "bg-azure-lt", FileStatus.CANCELLED: "bg-secondary-lt", FileStatus.REJECTED: "bg-red-lt",
    FileStatus.MERGED: "bg-secondary-lt",
}
TIER_BADGES: dict[str, str] = {Tier.DEEP: "bg-red-lt", Tier.ACCIDENTAL: "bg-orange-lt", Tier.RELATIVE: "bg-yellow-lt"}


register.filter("yuan", money.yuan)  # the one implementation, in core


@register.filter
def cause_label(code: str) -> str:
    try:
        return str(Cause(code).label)
    except ValueError:
        return code


@register.filter
def status_label(code: str) -> str:
    try:
        return str(FileStatus(code).label)
    except ValueError:
        return code


@register.filter
def status_badge(code: str) -> str:
    return STATUS_BADGES.get(code, "bg-blue-lt")


@register.filter
def tier_badge(code: str) -> str:
    return TIER_BADGES.get(code, "bg-secondary-lt")


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, [])
