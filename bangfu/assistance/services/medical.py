"""Medical aid claims: submitted with the bill, approved by someone else, paid from the program's fund."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from bangfu.assistance.medical_calc import MedicalSettings, MedicalSettingsError, calculate_medical_aid
from bangfu.assistance.models import ClaimStatus, MedicalClaim, MedicalYearTotal, Program, ProgramKind
from bangfu.assistance.services.ledger import disburse, nearest_allocation
from bangfu.assistance.services.visits import campaign_fund
from bangfu.core import audit
from bangfu.core.decisions import refuse_own_decision
from bangfu.core.errors import ConflictError, ServiceError


def program_settings(program: Program) -> MedicalSettings:
    if program.kind != ProgramKind.MEDICAL:
        raise ServiceError("该项目不是医疗救助项目")
    try:
        return MedicalSettings.from_json(program.medical_settings)
    except MedicalSettingsError as exc:
        raise ServiceError(str(exc)) from None


def year_total(program: Program, household: Any, year: int) -> tuple[int, int]:
    row = MedicalYearTotal.objects.filter(program=program, household=household, year=year).first()
    return (row.out_of_pocket_fen, row.aid_fen) if row else (0, 0)


def submit_claim(*, actor: Any, program: Program, household: Any, patient: Any, incurred_on: dt.date,
                 total_cost_fen: int, insurance_fen: int, other_aid_fen: int, key: str,
                 hospital: str = "") -> MedicalClaim:
    settings = program_settings(program)
    if not program.starts_on <= incurred_on <= program.ends_on:
        raise ServiceError(f"就医日期 {incurred_on} 不在项目期间（{program.starts_on} 至 {program.ends_on}）内")
    if not household.members.filter(person=patient).exists() and household.head_id != patient.pk:
        raise ServiceError(f"{patient.name}不是该户成员")
    previous_oop, previous_aid = year_total(program, household, incurred_on.year)
    try:
        preview = calculate_medical_aid(total_cost_fen=total_cost_fen, insurance_fen=insurance_fen,
                                        other_aid_fen=other_aid_fen, previous_out_of_pocket_fen=previous_oop,
                                        previous_aid_fen=previous_aid, settings=settings)
    except ValueError as exc:
        raise ServiceError(str(exc)) from None
    try:
        with transaction.atomic():
            claim = MedicalClaim.objects.create(
                program=program, household=household, patient=patient, year=incurred_on.year,
                incurred_on=incurred_on, hospital=hospital[:100], total_cost_fen=total_cost_fen,
                insurance_fen=insurance_fen, other_aid_fen=other_aid_fen,
                out_of_pocket_fen=preview.out_of_pocket_fen, aid_fen=preview.aid_fen, lines=preview.lines,
                idempotency_key=key, org=household.org, created_by=actor)
            audit.record("assistance.medical_claim_submit", actor=actor, obj=claim,
                         changes={"total_cost_fen": total_cost_fen})
    except IntegrityError:
        existing = MedicalClaim.objects.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return existing
    return claim


SECOND_PERSON = "医疗救助申请须由录入人以外的人审批"


def approve_claim(*, actor: Any, claim: MedicalClaim) -> MedicalClaim:
    """Recompute on the family's yearly totals at this moment, add to them, pay the aid."""
    refuse_own_decision(actor, claim.created_by_id, message=SECOND_PERSON)
    settings = program_settings(claim.program)
    with transaction.atomic():
        if MedicalClaim.objects.filter(pk=claim.pk, status=ClaimStatus.SUBMITTED).update(
                status=ClaimStatus.APPROVED, decided_by=actor, decided_at=timezone.now()) != 1:
            raise ConflictError("该申请已处理")
        total, _created = MedicalYearTotal.objects.get_or_create(
            program=claim.program, household=claim.household, year=claim.year,
            defaults={"org": claim.household.org, "created_by": actor})
        try:
            result = calculate_medical_aid(
                total_cost_fen=claim.total_cost_fen, insurance_fen=claim.insurance_fen,
                other_aid_fen=claim.other_aid_fen, previous_out_of_pocket_fen=total.out_of_pocket_fen,
                previous_aid_fen=total.aid_fen, settings=settings)
        except ValueError as exc:
            raise ServiceError(str(exc)) from None
        # Conditional on the totals read: a concurrent approval for the same family makes this one retry.
        if MedicalYearTotal.objects.filter(pk=total.pk, out_of_pocket_fen=total.out_of_pocket_fen,
                                           aid_fen=total.aid_fen).update(
                out_of_pocket_fen=result.yearly_out_of_pocket_fen, aid_fen=total.aid_fen + result.aid_fen) != 1:
            raise ConflictError("该户本年度的救助累计刚被他人更新，请重试")
        disbursement = None
        if result.aid_fen > 0:
            fund = campaign_fund(claim.program)
            allocation = nearest_allocation(fund, claim.org)
            if allocation is None:
                raise ServiceError(f"{claim.org.name}及其上级没有该项目的资金账户")
            disbursement, _new = disburse(actor=actor, allocation=allocation, amount_fen=result.aid_fen,
                                          key=claim.idempotency_key, space="medical",
                                          purpose=f"{claim.program.name}医疗救助", payee=claim.patient)
        MedicalClaim.objects.filter(pk=claim.pk).update(
            out_of_pocket_fen=result.out_of_pocket_fen, aid_fen=result.aid_fen, lines=result.lines,
            disbursement=disbursement)
        audit.record("assistance.medical_claim_approve", actor=actor, obj=claim, changes={"aid_fen": result.aid_fen})
    claim.refresh_from_db()
    return claim


def reject_claim(*, actor: Any, claim: MedicalClaim) -> MedicalClaim:
    refuse_own_decision(actor, claim.created_by_id, message=SECOND_PERSON)
    with transaction.atomic():
        if MedicalClaim.objects.filter(pk=claim.pk, status=ClaimStatus.SUBMITTED).update(
                status=ClaimStatus.REJECTED, decided_by=actor, decided_at=timezone.now()) != 1:
            raise ConflictError("该申请已处理")
        audit.record("assistance.medical_claim_reject", actor=actor, obj=claim)
    claim.refresh_from_db()
    return claim
