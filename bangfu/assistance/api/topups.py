"""Cash top-ups over the API: asked for on a list entry, approved or rejected by a second person."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from bangfu.assistance.access import require_perm
from bangfu.assistance.models import CashTopUp
from bangfu.assistance.queries import (
    entry_for,
    top_up_for,
    visible_top_ups,
)
from bangfu.assistance.schemas import TopUpDecisionIn, TopUpIn, TopUpOut
from bangfu.assistance.services import topups
from bangfu.core.pagination import api_window

router = Router()


def top_up_out(t: CashTopUp, replayed: bool = False) -> TopUpOut:
    return TopUpOut(id=t.pk, entry_id=t.beneficiary_id, person_id=t.person_id, name=t.person.name,
                    amount_fen=t.amount_fen, reason=t.reason, status=t.status, idempotency_key=t.idempotency_key,
                    disbursement_id=t.disbursement_id,
                    requested_by=t.created_by.username if t.created_by else "",
                    decided_by=t.decided_by.username if t.decided_by else None, replayed=replayed)


@router.post("/assistance/entries/{entry_id}/top-ups", response={201: TopUpOut, 200: TopUpOut},
             summary="申请现金追加", description="超出名单核定金额的现金须申请追加，经申请人以外的第二人审批后才发放。")
def request_cash_top_up(request: HttpRequest, entry_id: int, payload: TopUpIn) -> Status:
    entry = entry_for(request.user, entry_id, "assistance.add_cashtopup")
    require_perm(request.user, "assistance.add_cashtopup")
    top_up, created = topups.request_top_up(actor=request.user, beneficiary=entry, amount_fen=payload.amount_fen,
                                            reason=payload.reason, key=payload.idempotency_key)
    return Status(201 if created else 200, top_up_out(top_up_for(request.user, top_up.pk), replayed=not created))


@router.get("/assistance/top-ups", response=list[TopUpOut], summary="现金追加申请",
            description="本人范围内的现金追加申请；status 可为 pending、approved、rejected。")
def list_cash_top_ups(request: HttpRequest, status: str = "", limit: int = 100, offset: int = 0) -> list[TopUpOut]:
    require_perm(request.user, "assistance.view_cashtopup")
    items = visible_top_ups(request.user)
    if status:
        items = items.filter(status=status)
    return [top_up_out(t) for t in items.order_by("-id")[api_window(limit, offset)]]


@router.get("/assistance/top-ups/{top_up_id}", response=TopUpOut, summary="现金追加申请详情")
def get_cash_top_up(request: HttpRequest, top_up_id: int) -> TopUpOut:
    return top_up_out(top_up_for(request.user, top_up_id))


@router.post("/assistance/top-ups/{top_up_id}/approve", response=TopUpOut, summary="批准现金追加并发放",
             description="申请人本人不能审批（403）；已处理的申请再审批为 409。")
def approve_cash_top_up(request: HttpRequest, top_up_id: int, payload: TopUpDecisionIn) -> TopUpOut:
    top_up = topups.approve_top_up(actor=request.user, top_up=top_up_for(request.user, top_up_id),
                                   note=payload.note)
    return top_up_out(top_up_for(request.user, top_up.pk))


@router.post("/assistance/top-ups/{top_up_id}/reject", response=TopUpOut, summary="退回现金追加",
             description="须填写退回原因。")
def reject_cash_top_up(request: HttpRequest, top_up_id: int, payload: TopUpDecisionIn) -> TopUpOut:
    top_up = topups.reject_top_up(actor=request.user, top_up=top_up_for(request.user, top_up_id),
                                  note=payload.note)
    return top_up_out(top_up_for(request.user, top_up.pk))
