"""What every training service shares: permission checks and the validation of a record into Chinese."""

from __future__ import annotations

from typing import Any

from django.db import models

from bangfu.core.errors import ServiceError
from bangfu.jobs.services.common import apply_validated, require_org, validated

__all__ = ["apply_validated", "require_org", "require_perm", "validated"]


def require_perm(actor: Any, model: type[models.Model], action: str, what: str) -> None:
    """403 when the actor's roles do not grant `action` on `model` (the record itself was found in scope)."""
    if not actor.has_perm(f"training.{action}_{model._meta.model_name}"):
        raise ServiceError(f"您没有{what}的权限。", status=403)
