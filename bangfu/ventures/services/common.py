"""What every ventures service shares: the permission check (403), the unit check (404), Chinese field errors."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import org_in_scope
from bangfu.core.errors import ServiceError


def require_perm(actor: Any, permission: str, what: str) -> None:
    """The actor sees the record (the caller looked it up in scope) but may not act on it: 403."""
    if not actor.has_perm(permission):
        raise ServiceError(f"您没有{what}的权限。", status=403)


def require_unit(actor: Any, org: OrgUnit, permission: str) -> None:
    """A new record's unit must be in the actor's scope (else 404) and the actor must hold the permission."""
    if not org_in_scope(actor, org):
        raise ServiceError("未找到该单位，或不在您的数据范围内。", status=404)
    require_perm(actor, permission, "在该单位录入")


def validated(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    """The model's own field validators, as one Chinese message naming each field."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        parts = []
        for field_name, messages in exc.message_dict.items():
            label = field_name
            if field_name != "__all__":
                label = str(getattr(instance._meta.get_field(field_name), "verbose_name", field_name))
            parts.append(f"{label}：{'；'.join(str(m) for m in messages)}")
        raise ServiceError("；".join(parts)) from None


def positive_fen(value: int, label: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ServiceError(f"{label}必须大于 0")
    return value
