"""Rules in words: each condition and each rule rendered in the active language (Chinese by default)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from bangfu.assistance.rules.fields import (
    BOOL,
    CONTAINS,
    EQ,
    EXISTS,
    GTE,
    IN,
    IS_FALSE,
    IS_TRUE,
    LTE,
    WITHIN_MONTHS,
    field_name,
    field_spec,
)


def render_condition(leaf: dict[str, Any]) -> str:
    spec = field_spec(leaf["field"])
    if spec is None:
        return str(leaf.get("field", ""))
    label, op, value = field_name(spec), leaf["op"], leaf.get("value")
    if spec.type in (BOOL, EXISTS):
        return (_("%(field)s: yes") if op == IS_TRUE else _("%(field)s: no")) % {"field": label}
    if op in (EQ, IN, CONTAINS):
        values = value if isinstance(value, list) else [value]
        shown = "/".join(spec.value_label(item) for item in values)
        template = _("%(field)s include %(values)s") if op == CONTAINS else _("%(field)s is %(values)s")
        return template % {"field": label, "values": shown}
    if op in (GTE, LTE):
        template = _("%(field)s at least %(value)s%(unit)s") if op == GTE else _("%(field)s at most %(value)s%(unit)s")
        return template % {"field": label, "value": value, "unit": str(spec.unit)}
    if op == WITHIN_MONTHS:
        return _("%(field)s within the last %(months)s months") % {"field": label, "months": value}
    if op == IS_FALSE:
        return _("%(field)s: no") % {"field": label}
    return label


def render_rule(rule: dict[str, Any], *, nested: bool = False) -> str:
    if "field" in rule:
        return render_condition(rule)
    key = "all" if "all" in rule else "any"
    joiner = _("; and ") if key == "all" else _("; or ")
    text = joiner.join(render_rule(child, nested=True) for child in rule[key])
    if nested and len(rule[key]) > 1:
        return _("(%(text)s)") % {"text": text}
    return text


def render_group(name: str, rule: dict[str, Any]) -> str:
    """`建档困难职工：困难档案状态为 正式建档/临时档案/返困`."""
    return _("%(name)s: %(rule)s") % {"name": name, "rule": render_rule(rule)}
