"""`{% dict_label "people.relation" member.relation %}`: a code's name as the administrator keeps it.
The list is read once per template render (cached in the render context), not once per row."""

from __future__ import annotations

from typing import Any

from django import template

from bangfu.sysadmin.dictionaries import labels

register = template.Library()


@register.simple_tag(takes_context=True)
def dict_label(context: Any, key: str, code: Any) -> str:
    cache = context.render_context.setdefault("bangfu_dictionaries", {})
    if key not in cache:
        cache[key] = labels(key)
    return cache[key].get(str(code), str(code))
