"""What every honours service shares: the permission check, the unit check and the holder's normalisation."""

from __future__ import annotations

from typing import Any

from django.db import models

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import may, org_in_scope
from bangfu.core.errors import ServiceError


def require_perm(actor: Any, permission: str, what: str) -> None:
    """403 when none of the actor's roles grants `permission` (the record itself was found in scope)."""
    if not actor.has_perm(permission):
        raise ServiceError(f"您没有{what}的权限。", status=403)


def require_unit(actor: Any, org: OrgUnit, permission: str) -> None:
    """The unit a write names must be inside the reach of a role that grants the permission (else 404)."""
    if not org_in_scope(actor, org, permission=permission):
        raise ServiceError("未找到该单位，或不在您的数据范围内。", status=404)


def require_record(actor: Any, obj: models.Model, permission: str) -> None:
    """A record named by id in a write (a person, a fund): outside the actor's reach it does not exist."""
    if not may(actor, permission, obj):
        raise ServiceError("未找到该记录，或不在您的数据范围内。", status=404)


def clean_text(value: str, label: str, max_length: int, *, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ServiceError(f"{label}：必须填写")
    if len(text) > max_length:
        raise ServiceError(f"{label}：不超过 {max_length} 个字符（实际 {len(text)} 个）")
    return text


def check_year(year: int, label: str = "年度") -> int:
    if not isinstance(year, int) or not 1950 <= year <= 2100:
        raise ServiceError(f"{label}：应为 1950—2100 之间的年份，实际为 {year!r}")
    return year
