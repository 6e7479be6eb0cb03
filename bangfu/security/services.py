"""Writes of the security app that a page needs beyond `sessions` and `lockouts`."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from bangfu.accounts.models import TokenRevokeReason
from bangfu.accounts.services import revoke_user_tokens
from bangfu.core import audit
from bangfu.core.auditlabels import action_label, object_type_label, outcome_label
from bangfu.core.errors import ServiceError
from bangfu.core.spreadsheet import workbook_bytes
from bangfu.security import sessions
from bangfu.security.models import EndReason
from bangfu.security.queries import EventFilter, search_events


def change_password(*, request: HttpRequest, form: PasswordChangeForm) -> Any:
    """Save the new password of a valid form, recorded; the user's API tokens are revoked, this session
    stays signed in under a new key and the user's other sessions end."""
    with transaction.atomic():
        user = form.save(commit=False)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        audit.record("auth.password_changed", actor=user, obj=user, org=user.org)
        revoke_user_tokens(actor=user, user=user, reason=TokenRevokeReason.PASSWORD)  # tokens die with it
    old_key = request.session.session_key
    update_session_auth_hash(request, user)
    sessions.end_session(old_key, EndReason.PASSWORD)
    sessions.start_session(request, user, keep_login_time=True)
    sessions.end_other_sessions(user, request.session.session_key, EndReason.PASSWORD)
    return user


# One export is one sitting's reading: past this, the auditor narrows the period rather than wait.
EXPORT_LIMIT = 50_000
EXPORT_HEADER = ("序号", "时间", "操作人", "操作", "操作代码", "对象类型", "对象编号", "结果", "单位路径", "IP 地址")


def export_events(*, actor: Any, filters: EventFilter, auth_only: bool = False) -> bytes:
    """The events the auditor's search finds, as a workbook in Chinese words; the export itself is
    recorded with the search that made it (the filter values, never personal data) and the row count."""
    if not actor.has_perm("core.view_auditevent"):
        raise ServiceError("您没有查看审计日志的权限。", status=403)
    if filters.invalid:
        raise ServiceError("筛选条件有误：请先改正上方标红的条件再导出。", status=400)
    events = search_events(actor, filters, auth_only=auth_only)
    count = events.count()
    if count > EXPORT_LIMIT:
        raise ServiceError(f"筛选结果共 {count} 条，超过单次导出上限 {EXPORT_LIMIT} 条："
                           "请缩小日期范围或增加条件后再导出。")
    searched = {key: str(value) for key, value in asdict(filters).items() if value and key != "invalid"}
    with transaction.atomic():
        audit.record("security.audit_export", actor=actor, org=getattr(actor, "org", None),
                     changes={"filters": searched, "auth_only": auth_only, "rows": count})
    rows = (
        (event.seq, event.occurred_at.astimezone(timezone.get_current_timezone()).replace(tzinfo=None),
         event.actor_name, action_label(event.action), event.action, object_type_label(event.object_type),
         event.object_id, outcome_label(event.outcome), event.org_path, event.ip_address or "")
        for event in events.iterator(chunk_size=2000)
    )
    return workbook_bytes([("审计日志", EXPORT_HEADER, rows)])
