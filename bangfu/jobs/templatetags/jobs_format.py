"""Display filters of the jobs and matching pages: money in 元, weekly slots, district names, part labels."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from bangfu.core.masking import mask_phone
from bangfu.core.money import format_yuan
from bangfu.core.templatetags import money
from bangfu.jobs.queries import district_name
from bangfu.jobs.slots import format_slots
from bangfu.matching.explain import PART_LABELS, accommodation_label
from bangfu.matching.occupations import DEFAULT_EDITION, normalise_code, occupation_name

register = template.Library()


register.filter("yuan", money.yuan)  # the one implementation, in core


@register.filter
def wage_range(opening: object) -> str:
    low, high = getattr(opening, "wage_min_fen", 0), getattr(opening, "wage_max_fen", 0)
    if low == high:
        return format_yuan(low)
    return f"{format_yuan(low, unit=False)}–{format_yuan(high)}"


@register.filter
def slots(mask: int) -> str:
    return format_slots(mask)


@register.filter
def district(code: str) -> str:
    return district_name(code)


@register.filter
def occupation(code: str, edition: str = DEFAULT_EDITION) -> str:
    """A 大典 code with its name (4-01-06 电子商务人员), as staff read it; a code the edition does not name
    (or a code of another edition, whose names are not kept) is shown as written."""
    try:
        name = occupation_name(normalise_code(code), edition or DEFAULT_EDITION) if code else None
    except ValueError:
        name = None
    return f"{code} {name}" if name else code


@register.filter
def occupations(codes: list[str]) -> str:
    return "、".join(occupation(code) for code in codes or [])


@register.filter
def accommodation(code: str) -> str:
    return accommodation_label(code)


@register.filter
def part_label(name: str) -> str:
    return PART_LABELS.get(name, name)


TIMING_LABELS = {
    "load": _("loading"),
    "score": _("scoring"),
    "assign": _("assignment"),
    "explain": _("reasons"),
    "save": _("saving"),
}


@register.filter
def timing_label(name: str) -> str:
    """The steps a matching run times (see matching.services)."""
    return str(TIMING_LABELS.get(name, name))


@register.filter
def score(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


@register.filter
def phone_masked(value: str) -> str:
    """Contact phones are shown masked (138****1234), as every phone number is."""
    return mask_phone(value)
