"""Reopening a closed campaign: only on an approved decision. One person asks, naming the decision (文号), the
reason and the new end date; a second person with the approval permission approves, and the campaign runs
again to that date (its lists and visits open again). Page and API call these three services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from bangfu.accounts.scoping import may
from bangfu.assistance.models import CampaignReopening, Program, ProgramStatus, ReopeningStatus
from bangfu.assistance.models.reopenings import APPROVE_REOPENING, REQUEST_REOPENING
from bangfu.core import audit
from bangfu.core.decisions import decide_once, refuse_own_decision
from bangfu.core.errors import ConflictError, ServiceError

MAX_TEXT = 300
# A reopening finishes what the campaign left undone: an end date more than a year out is a typing slip.
MAX_EXTENSION_DAYS = 366


def _new_end_date_error(program: Program, new_ends_on: dt.date, today: dt.date) -> str | None:
    if new_ends_on < today:
        # The daily close would shut it again that night: an end date in the past reopens nothing.
        return f"新的结束日期：不能早于今天（{today.isoformat()}），否则活动当晚会再次关闭"
    if new_ends_on > today + dt.timedelta(days=MAX_EXTENSION_DAYS):
        return f"新的结束日期：不能晚于一年之后（{(today + dt.timedelta(days=MAX_EXTENSION_DAYS)).isoformat()}）"
    if new_ends_on < program.starts_on:
        return f"新的结束日期：不能早于活动开始日期（{program.starts_on.isoformat()}）"
    return None


def request_reopening(*, actor: Any, program: Program, new_ends_on: dt.date, decision_ref: str, reason: str,
                      today: dt.date | None = None) -> CampaignReopening:
    """Ask to reopen a closed campaign until `new_ends_on`, on the decision `decision_ref`; nothing changes
    until a second person approves."""
    if not may(actor, REQUEST_REOPENING, program):
        raise ServiceError("您没有申请重新启用该活动的权限", status=403)
    if program.status != ProgramStatus.CLOSED:
        raise ConflictError(f"活动“{program.name}”未关闭，无需重新启用")
    error = _new_end_date_error(program, new_ends_on, today or timezone.localdate())
    if error:
        raise ServiceError(error)
    decision_ref, reason = (decision_ref or "").strip(), (reason or "").strip()
    if not decision_ref:
        raise ServiceError("决定文号：重新启用须有批准的决定，请填写其文号")
    if len(decision_ref) > 100:
        raise ServiceError("决定文号：最多 100 个字")
    if not reason:
        raise ServiceError("重新启用原因：请说明为什么需要重新启用")
    if len(reason) > MAX_TEXT:
        raise ServiceError(f"重新启用原因：最多 {MAX_TEXT} 个字")
    try:
        with transaction.atomic():
            reopening = CampaignReopening.objects.create(
                program=program, org_id=program.org_id, new_ends_on=new_ends_on, decision_ref=decision_ref,
                reason=reason, created_by=actor)
            audit.record("assistance.reopening_request", actor=actor, obj=reopening, org=program.org,
                         changes={"program": program.pk, "new_ends_on": new_ends_on.isoformat(),
                                  "decision_ref": decision_ref})
    except IntegrityError:
        raise ConflictError(f"活动“{program.name}”已有一份待审批的重新启用申请") from None
    return reopening


def _claim(actor: Any, reopening: CampaignReopening, status: str, note: str) -> None:
    if not may(actor, APPROVE_REOPENING, reopening):
        raise ServiceError("您没有审批重新启用活动的权限", status=403)
    refuse_own_decision(actor, reopening.created_by_id, message="重新启用活动须由申请人以外的第二人审批")
    decide_once(CampaignReopening.objects.filter(pk=reopening.pk, status=ReopeningStatus.PENDING),
                already="该重新启用申请已处理，不能重复审批", status=status, decided_by=actor,
                decided_at=timezone.now(), decision_note=note.strip()[:MAX_TEXT], version=F("version") + 1)


def approve_reopening(*, actor: Any, reopening: CampaignReopening, note: str = "",
                      today: dt.date | None = None) -> CampaignReopening:
    """The second person approves: the campaign is active again until the new end date, in one transaction."""
    program = reopening.program
    error = _new_end_date_error(program, reopening.new_ends_on, today or timezone.localdate())
    if error:
        raise ServiceError(f"{error}；请退回后重新申请")
    with transaction.atomic():
        _claim(actor, reopening, ReopeningStatus.APPROVED, note)
        reopened = Program.objects.filter(pk=program.pk, status=ProgramStatus.CLOSED).update(
            status=ProgramStatus.ACTIVE, ends_on=reopening.new_ends_on, version=F("version") + 1)
        if reopened != 1:
            raise ConflictError(f"活动“{program.name}”已不在关闭状态，申请未执行")
        audit.record("assistance.reopening_approve", actor=actor, obj=reopening, org=reopening.org,
                     changes={"program": program.pk, "ends_on": [program.ends_on.isoformat(),
                                                                  reopening.new_ends_on.isoformat()],
                              "decision_ref": reopening.decision_ref})
    reopening.refresh_from_db()
    return reopening


def reject_reopening(*, actor: Any, reopening: CampaignReopening, note: str) -> CampaignReopening:
    if not (note or "").strip():
        raise ServiceError("退回原因：请填写不予重新启用的原因")
    with transaction.atomic():
        _claim(actor, reopening, ReopeningStatus.REJECTED, note)
        audit.record("assistance.reopening_reject", actor=actor, obj=reopening, org=reopening.org,
                     changes={"program": reopening.program_id})
    reopening.refresh_from_db()
    return reopening
