"""What every jobs service shares: validation into Chinese messages, target-unit checks, the data version."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import org_in_scope
from bangfu.core.errors import ServiceError
from bangfu.jobs.models import DataVersion

OPENINGS = "openings"
SEEKERS = "seekers"


def require_org(actor: Any, org: OrgUnit, action: str, model: type[models.Model]) -> None:
    """The unit a write names must be inside the actor's scope, and the actor must hold the permission."""
    permission = f"{model._meta.app_label}.{action}_{model._meta.model_name}"
    if not org_in_scope(actor, org, permission=permission):  # one role grants it AND reaches the unit
        raise ServiceError("未找到该单位，或不在您的数据范围内。", status=404)


def validated(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    """Run the model's validators; turn errors into one Chinese message naming each field."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ServiceError(describe_errors(instance, exc), status=422) from None


def apply_validated(instance: models.Model, fields: dict[str, Any], *, exclude: list[str]) -> None:
    """Set the fields on the instance, then validate it whole: an update checks the record it will write."""
    for name, value in fields.items():
        setattr(instance, name, value)
    validated(instance, exclude=exclude)


def describe_errors(instance: models.Model, exc: ValidationError) -> str:
    parts = []
    for field_name, messages in exc.message_dict.items():
        label = field_name
        if field_name != "__all__":
            label = str(getattr(instance._meta.get_field(field_name), "verbose_name", field_name))
        parts.append(f"{label}：{'；'.join(str(m) for m in messages)}")
    return "；".join(parts)


def bump_version(name: str) -> None:
    """Increment a data version in the caller's transaction (the matching caches compare it)."""
    if DataVersion.objects.filter(name=name).update(value=F("value") + 1):
        return
    try:
        with transaction.atomic():
            DataVersion.objects.create(name=name, value=1)
    except IntegrityError:
        DataVersion.objects.filter(name=name).update(value=F("value") + 1)


def current_version(name: str) -> int:
    value = DataVersion.objects.filter(name=name).values_list("value", flat=True).first()
    return int(value or 0)
