"""Checks every register service makes: permission, scope (404 outside), causes, and the file's events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import may, org_in_scope, scoped
from bangfu.core import audit
from bangfu.core.errors import ServiceError
from bangfu.people.models import Cause, FileEvent, FileStatus, HardshipFile
from bangfu.people.vocab import cause_name

MAX_SECONDARY_CAUSES = 3
NOT_FOUND = "未找到该档案，或不在您的数据范围内。"
MEMBER_NOT_FOUND = "未找到该家庭成员。"
FROZEN = "档案已注销、已合并或不予建档，不能再修改。"
# Files that no edit may touch any more.
FROZEN_STATUSES = (FileStatus.CANCELLED, FileStatus.MERGED, FileStatus.REJECTED)


def require_permission(actor: Any, permission: str, what: str) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.has_perm(permission):
        raise ServiceError(f"您没有{what}的权限。", status=403)


def require_unit_in_scope(actor: Any, org: OrgUnit, permission: str | None = None) -> None:
    """The unit must be reached by a role that grants `permission` (scopes are per role, never pooled)."""
    if not org_in_scope(actor, org, permission=permission):
        raise ServiceError("所选单位不在您的数据范围内。", status=404)


def require_file_in_scope(actor: Any, hardship_file: HardshipFile, permission: str | None = None) -> None:
    """Outside the actor's scope the file does not exist for them: 404, never 403. With `permission`,
    a file the actor sees but no role granting `permission` reaches is refused with 403."""
    if not scoped(HardshipFile.objects.filter(pk=hardship_file.pk), actor, "view").exists():
        raise ServiceError(NOT_FOUND, status=404)
    if permission is not None and not may(actor, permission, hardship_file):
        raise ServiceError("您在该档案所属单位没有此项操作的权限。", status=403)


def validate_causes(primary: str, secondaries: Sequence[str]) -> tuple[str, list[str]]:
    """One primary and up to three different secondary causes from the national ten."""
    if not primary:
        raise ServiceError("主要致困原因：必须选择一项。")
    if primary not in Cause.values:
        raise ServiceError(f"主要致困原因：“{primary}”不是十类致困原因之一。")
    cleaned: list[str] = []
    for code in secondaries:
        if code not in Cause.values:
            raise ServiceError(f"次要致困原因：“{code}”不是十类致困原因之一。")
        if code == primary:
            raise ServiceError(f"次要致困原因：“{cause_name(code)}”已是主要致困原因，不能重复选择。")
        if code in cleaned:
            raise ServiceError(f"次要致困原因：“{cause_name(code)}”重复。")
        cleaned.append(code)
    if len(cleaned) > MAX_SECONDARY_CAUSES:
        raise ServiceError(f"次要致困原因：最多选择 {MAX_SECONDARY_CAUSES} 项，实际选择了 {len(cleaned)} 项。")
    return primary, cleaned


def add_event(hardship_file: HardshipFile, *, actor: Any, action: str, from_status: str = "", to_status: str = "",
              reason: str = "", note: str = "", effective_on: dt.date | None = None,
              changes: dict[str, Any] | None = None) -> FileEvent:
    return FileEvent.objects.create(
        file=hardship_file, action=action, from_status=from_status, to_status=to_status, actor=actor,
        actor_name=str(actor)[:150] if actor is not None else "", occurred_at=timezone.now(), reason=reason[:200],
        note=note[:500], effective_on=effective_on, changes=changes or {}, version=hardship_file.version,
    )


def clean_text(value: str, field: str, *, max_length: int) -> str:
    """Trimmed text, refused when it holds control characters (a NUL cannot even be stored in PostgreSQL)."""
    text = (value or "").strip()
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text):
        raise ServiceError(f"{field}：含有不可见的控制字符，请重新输入。")
    return text[:max_length]


def today() -> dt.date:
    return timezone.localdate()


def record_audit(action: str, *, actor: Any, instance: Any, changes: dict[str, Any] | None = None,
                 org: Any = None) -> None:
    """An audit event naming the record by kind and id only; `changes` carry codes, never names."""
    audit.record(action, actor=actor, obj=instance, org=org or getattr(instance, "org", None), changes=changes)


def locked_file(pk: int, *related: str) -> HardshipFile:
    """The file, its row locked until commit — its row only: the rows `select_related` joins stay free. Locking
    the union's row (FOR UPDATE) made every other write of that union wait for it at commit, while holding the
    audit chain's lock the edit itself then waited for: a deadlock (bench/load.py, test_edit_locks)."""
    return HardshipFile.objects.select_for_update(of=("self",)).select_related(*related).get(pk=pk)
