"""Display helpers of the training pages: district names, weekly time, priority labels."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from bangfu.jobs.queries import district_name
from bangfu.jobs.slots import format_slots

register = template.Library()


@register.filter
def district_label(code: str) -> str:
    return district_name(code)


@register.filter
def weekly(mask: int) -> str:
    return format_slots(mask, zero="无")


@register.filter
def priority_label(priority: int) -> str:
    labels = {3: _("Deep hardship"), 2: _("Relative hardship"), 1: _("Hardship by accident")}
    return str(labels.get(priority, _("Other")))
