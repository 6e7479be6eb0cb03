"""Reopening a closed campaign over the API: asked for on an approved decision, approved or rejected by a
second person (the same services as the campaign's page)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from bangfu.assistance.models import CampaignReopening
from bangfu.assistance.models.reopenings import APPROVE_REOPENING
from bangfu.assistance.queries import program_for_reopening, reopening_for, visible_reopenings
from bangfu.assistance.schemas import ReopeningIn, ReopeningOut, TopUpDecisionIn
from bangfu.assistance.services import reopenings

router = Router()


def reopening_out(r: CampaignReopening) -> ReopeningOut:
    return ReopeningOut(id=r.pk, program_id=r.program_id, program_name=r.program.name, new_ends_on=r.new_ends_on,
                        decision_ref=r.decision_ref, reason=r.reason, status=r.status,
                        requested_by=r.created_by.username if r.created_by else "",
                        decided_by=r.decided_by.username if r.decided_by else None,
                        decision_note=r.decision_note, version=r.version)


@router.post("/assistance/programs/{program_id}/reopenings", response={201: ReopeningOut},
             summary="申请重新启用已关闭的活动",
             description="活动到期关闭后，只能凭批准的决定重新启用：填写决定文号、原因和新的结束日期（不早于今天），"
                         "经申请人以外的第二人审批后生效。活动未关闭或已有待审批申请为 409。")
def request_campaign_reopening(request: HttpRequest, program_id: int, payload: ReopeningIn) -> Status:
    reopening = reopenings.request_reopening(
        actor=request.user, program=program_for_reopening(request.user, program_id), new_ends_on=payload.new_ends_on,
        decision_ref=payload.decision_ref, reason=payload.reason)
    return Status(201, reopening_out(reopening_for(request.user, reopening.pk)))


@router.get("/assistance/programs/{program_id}/reopenings", response=list[ReopeningOut],
            summary="活动的重新启用申请")
def list_campaign_reopenings(request: HttpRequest, program_id: int) -> list[ReopeningOut]:
    program = program_for_reopening(request.user, program_id, "assistance.view_campaignreopening")
    return [reopening_out(r) for r in visible_reopenings(request.user, program)]


@router.get("/assistance/reopenings/{reopening_id}", response=ReopeningOut, summary="重新启用申请详情")
def get_campaign_reopening(request: HttpRequest, reopening_id: int) -> ReopeningOut:
    return reopening_out(reopening_for(request.user, reopening_id))


@router.post("/assistance/reopenings/{reopening_id}/approve", response=ReopeningOut, summary="批准重新启用活动",
             description="申请人本人不能审批（403）；已处理的申请再审批为 409；"
                         "活动随即恢复进行，结束日期改为申请的日期。")
def approve_campaign_reopening(request: HttpRequest, reopening_id: int, payload: TopUpDecisionIn) -> ReopeningOut:
    reopening = reopenings.approve_reopening(
        actor=request.user, reopening=reopening_for(request.user, reopening_id, APPROVE_REOPENING), note=payload.note)
    return reopening_out(reopening_for(request.user, reopening.pk))


@router.post("/assistance/reopenings/{reopening_id}/reject", response=ReopeningOut, summary="退回重新启用申请",
             description="须填写退回原因。")
def reject_campaign_reopening(request: HttpRequest, reopening_id: int, payload: TopUpDecisionIn) -> ReopeningOut:
    reopening = reopenings.reject_reopening(
        actor=request.user, reopening=reopening_for(request.user, reopening_id, APPROVE_REOPENING), note=payload.note)
    return reopening_out(reopening_for(request.user, reopening.pk))
