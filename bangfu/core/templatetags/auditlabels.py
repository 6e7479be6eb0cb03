"""Audit events in words: `{{ event.action|action_label }}`, `{{ event.object_type|object_type_label }}`,
`{{ event.outcome|outcome_label }}` (see `core.auditlabels`)."""

from __future__ import annotations

from django import template

from bangfu.core import auditlabels

register = template.Library()

register.filter("action_label", auditlabels.action_label)
register.filter("object_type_label", auditlabels.object_type_label)
register.filter("outcome_label", auditlabels.outcome_label)
