"""What every workforce service shares: the unit check (404), the permission check (403), Chinese field errors."""

from __future__ import annotations

from typing import Any

from django.db import models

from bangfu.accounts.models import OrgUnit
from bangfu.core.errors import ServiceError
from bangfu.jobs.services.common import apply_validated, require_org, validated

__all__ = ["apply_validated", "require_org", "require_perm", "require_unit", "validated"]


def require_perm(actor: Any, model: type[models.Model], action: str, what: str) -> None:
    """The record was found in scope, but the actor's roles do not grant `action` on it: 403."""
    if not actor.has_perm(f"workforce.{action}_{model._meta.model_name}"):
        raise ServiceError(f"您没有{what}的权限。", status=403)


def require_unit(actor: Any, org: OrgUnit, action: str, model: type[models.Model], what: str) -> None:
    """A write naming a unit: the unit must be in the scope of a role granting the action (404), then 403."""
    require_perm(actor, model, action, what)
    require_org(actor, org, action, model)


def not_themselves(actor: Any, worker: Any, what: str) -> None:
    """A worker does not assess, review or decide on their own record."""
    if worker.user_id == actor.pk:
        raise ServiceError(f"不能对本人{what}：请由上级办理。", status=403)
