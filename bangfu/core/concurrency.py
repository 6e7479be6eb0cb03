"""Optimistic concurrency: an edit names the version it started from; a stale one is refused (409)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F

from bangfu.core.errors import ConflictError


def update_versioned(instance: models.Model, expected_version: int, **fields: Any) -> None:
    """`UPDATE … SET fields, version = version + 1 WHERE pk = … AND version = expected`; else 409."""
    model = type(instance)
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1, **fields
    )
    if updated != 1:
        raise ConflictError("该记录已被他人修改，请刷新后重试。")
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.version = expected_version + 1  # type: ignore[attr-defined]
