"""The register exported with ID numbers and phones in clear (issue 9 §4): never one click.

request (its own permission, a stated purpose) → approved by a second person who has the unit in scope (never
the requester) → downloaded by the requester alone, once, within BANGFU_PLAIN_EXPORT_HOURS of the approval.
The workbook is built at the download (nothing in clear is kept) and its first row is a watermark naming the
requester, the approver and the time; every step is audited, the download with its row count. The masked
export stays one click (people.imports.export). Page and API call these services.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bangfu.accounts.models import OrgUnit
from bangfu.core import audit
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.people.imports.export import STATUS_FILTERS, ExportResult, export_households
from bangfu.reports.models import PlainExportRequest, PlainExportStatus

REQUEST_PERMISSION = "reports.request_plainexport"
APPROVE_PERMISSION = "reports.approve_plainexport"
DEFAULT_HOURS = 24


def valid_hours() -> int:
    return max(1, int(getattr(settings, "BANGFU_PLAIN_EXPORT_HOURS", DEFAULT_HOURS)))


def request_plain_export(*, actor: Any, org: OrgUnit, reason: str, status_filter: str = "") -> PlainExportRequest:
    """Ask for an export in clear of the files under `org` (a unit in the actor's scope)."""
    if not actor.has_perm(REQUEST_PERMISSION):
        raise ServiceError("您没有申请导出明文身份证号和电话的权限。", status=403)
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ServiceError("用途：请说明导出明文的用途（至少 4 个字）。")
    if len(reason) > 300:
        raise ServiceError("用途：不能超过 300 个字。")
    if status_filter and status_filter not in STATUS_FILTERS:
        raise ServiceError("档案状态筛选条件无效。")
    with transaction.atomic():
        request = PlainExportRequest.objects.create(org=org, status_filter=status_filter, reason=reason,
                                                    created_by=actor)
        audit.record("reports.plain_export_request", actor=actor, obj=request, org=org,
                     changes={"status_filter": status_filter or "all", "reason_length": len(reason)})
    return request


def _decide(actor: Any, request: PlainExportRequest, status: str, note: str, now: dt.datetime,
            **fields: Any) -> PlainExportRequest:
    if not actor.has_perm(APPROVE_PERMISSION):
        raise ServiceError("您没有审批明文导出的权限。", status=403)
    if request.created_by_id == getattr(actor, "pk", None):
        raise ServiceError("明文导出须由申请人以外的第二人审批。", status=403)
    with transaction.atomic():
        if PlainExportRequest.objects.filter(pk=request.pk, status=PlainExportStatus.PENDING).update(
                status=status, decided_by=actor, decided_at=now, decision_note=note.strip()[:300],
                **fields) != 1:
            raise ConflictError("该明文导出申请已处理，不能重复审批。")
        audit.record(f"reports.plain_export_{status}", actor=actor, obj=request, org=request.org,
                     changes={"status": status})
    request.refresh_from_db()
    return request


def approve_plain_export(*, actor: Any, request: PlainExportRequest, note: str = "") -> PlainExportRequest:
    now = timezone.now()
    return _decide(actor, request, PlainExportStatus.APPROVED, note, now,
                   expires_at=now + dt.timedelta(hours=valid_hours()))


def reject_plain_export(*, actor: Any, request: PlainExportRequest, note: str) -> PlainExportRequest:
    if not note.strip():
        raise ServiceError("退回原因：请填写。")
    return _decide(actor, request, PlainExportStatus.REJECTED, note, timezone.now())


def watermark(request: PlainExportRequest, at: dt.datetime) -> str:
    return (f"明文导出 #{request.pk}：申请人 {request.created_by}，批准人 {request.decided_by}，"
            f"下载时间 {timezone.localtime(at):%Y-%m-%d %H:%M}，用途：{request.reason}。仅限该用途，不得外传。")


def download_plain_export(*, actor: Any, request: PlainExportRequest) -> ExportResult:
    """The workbook in clear, for the requester, once, before the approval expires."""
    if request.created_by_id != getattr(actor, "pk", None):
        raise ServiceError("只有申请人本人可以下载该明文导出。", status=403)
    if not actor.has_perm(REQUEST_PERMISSION):  # the right may have been withdrawn since the request
        raise ServiceError("您没有导出明文身份证号和电话的权限。", status=403)
    now = timezone.now()
    if request.status == PlainExportStatus.DOWNLOADED:
        raise ConflictError("该明文导出已下载过一次，不能再次下载；如仍需要，请重新申请。")
    if request.status != PlainExportStatus.APPROVED:
        raise ConflictError("该明文导出申请尚未获批准，不能下载。")
    if request.expires_at is None or request.expires_at <= now:
        raise ConflictError(f"下载期限（批准后 {valid_hours()} 小时）已过，请重新申请。")
    # Built before the claim, outside the transaction (short transactions): the claim below decides whether
    # this copy is the one handed over; a loser's copy is discarded.
    result = export_households(user=actor, org=request.org, status=request.status_filter, unmasked=True,
                               watermark=watermark(request, now))
    with transaction.atomic():
        if PlainExportRequest.objects.filter(pk=request.pk, status=PlainExportStatus.APPROVED,
                                             expires_at__gt=now).update(
                status=PlainExportStatus.DOWNLOADED, downloaded_at=now, rows=result.rows,
                households=result.households) != 1:
            raise ConflictError("该明文导出已下载过一次，不能再次下载；如仍需要，请重新申请。")
        audit.record("reports.plain_export_download", actor=actor, obj=request, org=request.org,
                     changes={"rows": result.rows, "households": result.households})
    request.refresh_from_db()
    return result
