"""Model-worker services (劳模服务): the yearly health check, recuperation trips (疗休养) and the hardship subsidy
for model workers in difficulty (困难劳模帮扶).

Eligibility comes from the person's honours (a title carrying model-worker treatment, not revoked; 疗休养 for
省部级 and above) and, for the subsidy, their hardship file (在档). One officer proposes, another approves
(maker ≠ approver, 403); approval pays through the assistance ledger (`ledger.disburse`, key space
`model-worker:<service id>`) in the same transaction — there is no second ledger, and the ledger's conditional
debit makes overspending a fund impossible (409, nothing written)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from bangfu.assistance.models import Disbursement, DisbursementStatus, Fund
from bangfu.assistance.services import ledger
from bangfu.core import audit
from bangfu.core.concurrency import update_versioned
from bangfu.core.decisions import refuse_own_decision
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.core.money import format_yuan
from bangfu.honours.models import CareKind, CareStatus, Honour, ModelWorkerCare, TitleLevel
from bangfu.honours.services.common import check_year, clean_text, require_perm, require_record
from bangfu.people.models import IN_FILE_STATUSES, HouseholdMember, Person

PAYMENT_SPACE = "model-worker"
LEVEL_ORDER = [TitleLevel.NATIONAL, TitleLevel.PROVINCIAL, TitleLevel.CITY, TitleLevel.COUNTY, TitleLevel.ENTERPRISE]
RECUPERATION_LEVELS = (TitleLevel.NATIONAL, TitleLevel.PROVINCIAL)
MAX_AMOUNT_FEN = 10_000_000  # 10 万元: more than any one service; a typo in 元/分 is refused, not paid


@dataclass
class Eligibility:
    """The decision and its reasons in Chinese (shown to the officer, stored with the service)."""

    honour: Honour | None
    reasons: list[str] = field(default_factory=list)
    ok: bool = False


def in_hardship_file(person: Person) -> bool:
    return HouseholdMember.objects.filter(person=person,
                                          household__hardship_file__status__in=IN_FILE_STATUSES).exists()


def eligibility(person: Person, kind: str, year: int) -> Eligibility:
    held = sorted(Honour.objects.select_related("title").filter(
        person=person, revoked_on__isnull=True, title__model_worker_treatment=True, year__lte=year),
        key=lambda honour: (LEVEL_ORDER.index(TitleLevel(honour.title.level)), -honour.year))
    if not held:
        return Eligibility(None, [f"{year} 年没有享受劳模待遇的有效荣誉称号（已撤销的不计）"])
    best = held[0]
    result = Eligibility(best, [f"持有“{best.title.name}”（{best.year} 年，{best.title.get_level_display()}）"])
    if kind == CareKind.RECUPERATION and best.title.level not in RECUPERATION_LEVELS:
        result.reasons.append("疗休养限省部级以上劳模，本人最高称号级别不够")
        return result
    if kind == CareKind.HARDSHIP:
        if not in_hardship_file(person):
            result.reasons.append("困难劳模帮扶须在困难职工档案中（在档），本人不在档")
            return result
        result.reasons.append("在困难职工档案中（在档）")
    result.ok = True
    return result


@dataclass(frozen=True)
class CareInput:
    person: Person
    kind: str
    year: int
    amount_fen: int
    fund: Fund
    note: str = ""


def propose_care(*, actor: Any, data: CareInput) -> ModelWorkerCare:
    require_perm(actor, "honours.add_modelworkercare", "申报劳模服务")
    require_record(actor, data.person, "people.view_person")
    require_record(actor, data.fund, "assistance.view_fund")
    if data.kind not in CareKind.values:
        raise ServiceError(f"服务项目：“{data.kind}”不是可选项")
    check_year(data.year)
    if not isinstance(data.amount_fen, int) or not 0 < data.amount_fen <= MAX_AMOUNT_FEN:
        raise ServiceError(f"金额：应大于 0 且不超过 {format_yuan(MAX_AMOUNT_FEN)}")
    if ledger.nearest_allocation(data.fund, data.person.org) is None:
        raise ServiceError(f"资金：“{data.fund.name}”在{data.person.org.name}及其上级单位没有账户")
    found = eligibility(data.person, data.kind, data.year)
    if not found.ok:
        raise ServiceError("不符合条件：" + "；".join(found.reasons))
    assert found.honour is not None
    try:
        with transaction.atomic():
            care = ModelWorkerCare.objects.create(
                org=data.person.org, person=data.person, honour=found.honour, kind=data.kind, year=data.year,
                amount_fen=data.amount_fen, fund=data.fund, reasons=found.reasons,
                note=clean_text(data.note, "说明", 500), created_by=actor)
            audit.record("honours.care_propose", actor=actor, obj=care,
                         changes={"kind": data.kind, "amount_fen": data.amount_fen})
    except IntegrityError:
        raise ConflictError(f"此人 {data.year} 年的“{CareKind(data.kind).label}”已申报") from None
    return care


def _check_decider(actor: Any, care: ModelWorkerCare) -> None:
    require_perm(actor, "honours.approve_modelworkercare", "审批劳模服务")
    refuse_own_decision(actor, care.created_by_id, message="劳模服务须由申报人以外的第二人审批")
    if care.status != CareStatus.PROPOSED:
        raise ConflictError(f"该申报当前为“{care.get_status_display()}”，不能审批")


def approve_care(*, actor: Any, care: ModelWorkerCare, version: int) -> ModelWorkerCare:
    """Approve and pay from the fund's account at (or nearest above) the person's unit, all or nothing."""
    _check_decider(actor, care)
    allocation = ledger.nearest_allocation(care.fund, care.org)
    if allocation is None:
        raise ServiceError(f"资金“{care.fund.name}”在{care.org.name}及其上级单位没有账户")
    with transaction.atomic():
        update_versioned(care, version, status=CareStatus.APPROVED, decided_by=actor, decided_at=timezone.now())
        disbursement, _created = ledger.disburse(
            actor=actor, allocation=allocation, amount_fen=care.amount_fen, key=str(care.pk), space=PAYMENT_SPACE,
            purpose=f"劳模服务 {care.year} {CareKind(care.kind).label}", payee=care.person)
        ModelWorkerCare.objects.filter(pk=care.pk).update(disbursement=disbursement)
        care.disbursement = disbursement
        audit.record("honours.care_approve", actor=actor, obj=care, changes={"amount_fen": care.amount_fen})
    return care


def reject_care(*, actor: Any, care: ModelWorkerCare, version: int, note: str) -> ModelWorkerCare:
    _check_decider(actor, care)
    note = clean_text(note, "驳回原因", 200, required=True)
    with transaction.atomic():
        update_versioned(care, version, status=CareStatus.REJECTED, decided_by=actor, decided_at=timezone.now(),
                         decision_note=note)
        audit.record("honours.care_reject", actor=actor, obj=care, changes={"note_length": len(note)})
    return care


def release_care_payment(*, actor: Any, care: ModelWorkerCare, approve: bool, note: str = "") -> Disbursement:
    """The second approval of a payment above the program's large-amount threshold, on the ledger's own service."""
    require_perm(actor, "assistance.approve_disbursement", "审批大额发放")
    disbursement = care.disbursement
    if disbursement is None or disbursement.status != DisbursementStatus.PENDING:
        raise ConflictError("该笔劳模服务没有待审批的大额发放")
    if approve:
        return ledger.approve_disbursement(actor=actor, disbursement=disbursement)
    return ledger.reject_disbursement(actor=actor, disbursement=disbursement, note=note)
