"""API: medical aid claims and the line-by-line calculation."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Status

from bangfu.accounts.scoping import get_scoped_or_404
from bangfu.assistance.access import program_or_404, require_perm
from bangfu.assistance.models import MedicalClaim
from bangfu.assistance.queries import (
    claim_for,
    visible_claims,
    visible_households,
    visible_people,
)
from bangfu.assistance.schemas import ClaimIn, ClaimOut
from bangfu.assistance.services import medical

router = Router()


def claim_out(c: MedicalClaim) -> ClaimOut:
    return ClaimOut(id=c.pk, program_id=c.program_id, household_id=c.household_id, year=c.year,
                    incurred_on=c.incurred_on, total_cost_fen=c.total_cost_fen, insurance_fen=c.insurance_fen,
                    other_aid_fen=c.other_aid_fen, out_of_pocket_fen=c.out_of_pocket_fen, aid_fen=c.aid_fen,
                    status=c.status, lines=c.lines, disbursement_id=c.disbursement_id)


@router.get("/assistance/medical/claims", response=list[ClaimOut], summary="医疗救助申请列表")
def list_medical_claims(request: HttpRequest, program_id: int | None = None) -> list[ClaimOut]:
    claims = visible_claims(request.user)
    if program_id is not None:
        claims = claims.filter(program_id=program_id)
    return [claim_out(c) for c in claims[:500]]


@router.get("/assistance/medical/claims/{claim_id}", response=ClaimOut, summary="医疗救助申请（含逐行计算）")
def get_medical_claim(request: HttpRequest, claim_id: int) -> ClaimOut:
    return claim_out(get_scoped_or_404(visible_claims(request.user), request.user, "view", pk=claim_id))


@router.post("/assistance/medical/claims", response={201: ClaimOut}, summary="录入医疗救助申请",
             description="本次自付 = 总费用 − 医保报销 − 其他救助；按家庭年度累计、起付线、分档比例与年度封顶计算。")
def submit_medical_claim(request: HttpRequest, payload: ClaimIn) -> Status:
    require_perm(request.user, "assistance.add_medicalclaim")
    program = program_or_404(request.user, payload.program_id)
    household = visible_households(request.user).filter(pk=payload.household_id).first()
    patient = visible_people(request.user).filter(pk=payload.patient_id).first()
    if household is None or patient is None:
        raise Http404
    claim = medical.submit_claim(actor=request.user, program=program, household=household, patient=patient,
                                 incurred_on=payload.incurred_on, total_cost_fen=payload.total_cost_fen,
                                 insurance_fen=payload.insurance_fen, other_aid_fen=payload.other_aid_fen,
                                 key=payload.idempotency_key, hospital=payload.hospital)
    return Status(201, claim_out(claim))


@router.post("/assistance/medical/claims/{claim_id}/approve", response=ClaimOut, summary="审批医疗救助申请",
             description="审批人不能是录入人；按审批时的家庭年度累计重新计算并发放。")
def approve_medical_claim(request: HttpRequest, claim_id: int) -> ClaimOut:
    claim = claim_for(request.user, claim_id, "approve")
    return claim_out(medical.approve_claim(actor=request.user, claim=claim))
