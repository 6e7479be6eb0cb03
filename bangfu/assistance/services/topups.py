"""Cash top-ups: more than the approved list's amount for one person, asked for with a reason and paid only
when a second person approves (the one who asked may not). Page and API call these two services."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from bangfu.assistance.models import Beneficiary, CashTopUp, ListStatus, TopUpStatus
from bangfu.assistance.services.ledger import MAX_KEY_LENGTH, disburse
from bangfu.assistance.services.visits import check_period_cash, lock_person, paying_allocation
from bangfu.core import audit
from bangfu.core.decisions import decide_once, refuse_own_decision
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.core.money import format_yuan

APPROVE_PERMISSION = "assistance.approve_cashtopup"


def _replayed(existing: CashTopUp, beneficiary: Beneficiary, amount_fen: int) -> CashTopUp:
    if (existing.beneficiary_id, existing.amount_fen) != (beneficiary.pk, amount_fen):
        raise ConflictError(f"幂等键“{existing.idempotency_key}”已用于另一笔不同的追加申请")
    return existing


def request_top_up(*, actor: Any, beneficiary: Beneficiary, amount_fen: int, reason: str,
                   key: str) -> tuple[CashTopUp, bool]:
    """Ask for extra cash for a person on an approved list; nothing is paid until a second person approves."""
    key = (key or "").strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ServiceError(f"幂等键不能为空，且不超过 {MAX_KEY_LENGTH} 个字符")
    existing = CashTopUp.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return _replayed(existing, beneficiary, amount_fen), False
    if not isinstance(amount_fen, int) or isinstance(amount_fen, bool) or amount_fen <= 0:
        raise ServiceError(f"追加金额：必须是大于 0 的整数分，实际为 {amount_fen!r}")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("追加原因：请说明为什么需要超出名单核定金额")
    if beneficiary.blist.status != ListStatus.APPROVED or not beneficiary.included:
        raise ServiceError("只能为已审批名单中列入的人员申请追加")
    check_period_cash(beneficiary.person_id, amount_fen, timezone.now())
    try:
        with transaction.atomic():
            top_up = CashTopUp.objects.create(
                beneficiary=beneficiary, program=beneficiary.blist.program, person_id=beneficiary.person_id,
                amount_fen=amount_fen, reason=reason[:300], idempotency_key=key, org_id=beneficiary.org_id,
                created_by=actor)
            audit.record("assistance.top_up_request", actor=actor, obj=top_up, org=top_up.org,
                         changes={"amount_fen": amount_fen})
    except IntegrityError:
        existing = CashTopUp.objects.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return _replayed(existing, beneficiary, amount_fen), False
    return top_up, True


def _claim(actor: Any, top_up: CashTopUp, status: str, note: str) -> None:
    if not actor.has_perm(APPROVE_PERMISSION):
        raise ServiceError("您没有审批现金追加的权限", status=403)
    refuse_own_decision(actor, top_up.created_by_id, message="现金追加须由申请人以外的第二人审批")
    decide_once(CashTopUp.objects.filter(pk=top_up.pk, status=TopUpStatus.PENDING),
                already="该追加申请已处理，不能重复审批", status=status, decided_by=actor,
                decided_at=timezone.now(), decision_note=note.strip()[:300])


def approve_top_up(*, actor: Any, top_up: CashTopUp, note: str = "") -> CashTopUp:
    """The second person approves; the extra cash is paid (its own key space) in the same transaction."""
    with transaction.atomic():
        lock_person(top_up.person_id)
        _claim(actor, top_up, TopUpStatus.APPROVED, note)
        top_up.refresh_from_db()
        # Approved top-ups count towards the period: this one is in already, so check against nothing more.
        check_period_cash(top_up.person_id, 0, timezone.now())
        beneficiary = top_up.beneficiary
        allocation = paying_allocation(top_up.program, beneficiary.blist.org)
        disbursement, _created = disburse(
            actor=actor, allocation=allocation, amount_fen=top_up.amount_fen, key=top_up.idempotency_key,
            space="top_up", purpose=f"{top_up.program.name}现金追加", payee=beneficiary.person)
        CashTopUp.objects.filter(pk=top_up.pk).update(disbursement=disbursement)
        audit.record("assistance.top_up_approve", actor=actor, obj=top_up, org=top_up.org,
                     changes={"amount_fen": top_up.amount_fen, "paid": format_yuan(top_up.amount_fen)})
    top_up.refresh_from_db()
    return top_up


def reject_top_up(*, actor: Any, top_up: CashTopUp, note: str) -> CashTopUp:
    if not note.strip():
        raise ServiceError("退回原因：请填写不予追加的原因")
    with transaction.atomic():
        _claim(actor, top_up, TopUpStatus.REJECTED, note)
        audit.record("assistance.top_up_reject", actor=actor, obj=top_up, org=top_up.org,
                     changes={"amount_fen": top_up.amount_fen})
    top_up.refresh_from_db()
    return top_up
