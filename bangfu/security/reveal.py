""""Show in clear": one sensitive value of one record, for a permitted user, inside the user's scope,
recorded in the audit log. Works for any model and field the data inventory marks sensitive or minor.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldError, PermissionDenied
from django.db import models, transaction
from django.http import Http404
from django.utils.formats import date_format

from bangfu.accounts.scoping import get_scoped_or_404
from bangfu.core import audit
from bangfu.core.inventory import is_revealable
from bangfu.core.templatetags.sensitive import REVEAL_PERMISSION


def revealable_model(app_label: str, model_name: str, field_name: str) -> type[models.Model]:
    """The model, if (app, model, field) names a revealable field of a Bangfu app; else 404."""
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        raise Http404 from None
    if not model.__module__.startswith("bangfu.") or not is_revealable(model, field_name):
        raise Http404
    return model


def _display(obj: models.Model, field_name: str, value: Any) -> str:
    field = obj._meta.get_field(field_name)
    if getattr(field, "choices", None):
        return str(getattr(obj, f"get_{field_name}_display")())
    if isinstance(value, dt.datetime | dt.date):
        return date_format(value, "Y-m-d")
    return "" if value is None else str(value)


def reveal(*, user: Any, app_label: str, model_name: str, pk: str, field_name: str) -> tuple[models.Model, str]:
    """The record and the field's value in clear; the reveal is recorded in the same transaction.

    Refused with 403 without the permission, 404 for a field that is not revealable or a record out
    of the user's scope (its existence is not disclosed).
    """
    model = revealable_model(app_label, model_name, field_name)
    if not user.has_perm(REVEAL_PERMISSION):
        raise PermissionDenied
    try:
        # The role that grants showing in clear must itself reach the record (scopes are never pooled).
        obj = get_scoped_or_404(model._default_manager.all(), user, permission=REVEAL_PERMISSION, pk=pk)
    except FieldError:  # a model the scope filter cannot reach: nobody reveals through it
        raise Http404 from None
    value = getattr(obj, field_name)
    with transaction.atomic():
        audit.record("sensitive.reveal", actor=user, obj=obj, changes={"field": field_name})
    return obj, _display(obj, field_name, value)


def masked_again(*, user: Any, app_label: str, model_name: str, pk: str, field_name: str) -> models.Model:
    """The record, to render its field masked again (hiding needs the same scope, records nothing)."""
    model = revealable_model(app_label, model_name, field_name)
    try:
        return get_scoped_or_404(model._default_manager.all(), user, "view", pk=pk)
    except FieldError:
        raise Http404 from None
