"""Decisions linked to assessment results (能上能下、能进能出、能增能减), secondments and rotations.

A decision is proposed by one person and approved or rejected by another (four eyes); only on approval does
it change the worker: grade, pay, contract, exit, a vacant post, a secondment. Each kind states which
assessment results allow it (`ALLOWED_RESULTS`), so promotion, pay and recruitment follow the assessment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import org_in_scope
from bangfu.core import audit
from bangfu.core.concurrency import update_versioned
from bangfu.core.errors import ServiceError
from bangfu.workforce.models import (
    MAX_GRADE,
    AssessmentResult,
    AssessmentStatus,
    CareerDecision,
    DecisionKind,
    DecisionStatus,
    PayRecord,
    Post,
    PostHolding,
    Secondment,
    SecondmentKind,
    SocialWorker,
    WorkerStatus,
)
from bangfu.workforce.scoring import RESULT_ZH
from bangfu.workforce.services.common import not_themselves, require_perm
from bangfu.workforce.services.workers import first_of_month

GOOD = (AssessmentResult.EXCELLENT, AssessmentResult.QUALIFIED)
POOR = (AssessmentResult.BASIC, AssessmentResult.UNQUALIFIED)
# Which reviewed assessment results allow a decision; None: no assessment needed.
ALLOWED_RESULTS: dict[str, tuple[str, ...] | None] = {
    DecisionKind.PROMOTE: GOOD,
    DecisionKind.DEMOTE: POOR,
    DecisionKind.RENEW: (AssessmentResult.EXCELLENT, AssessmentResult.QUALIFIED, AssessmentResult.BASIC),
    DecisionKind.RECRUIT: (AssessmentResult.EXCELLENT,),
    DecisionKind.PAY: None,  # a rise needs a good result, a cut a poor one: checked in _check_pay
    DecisionKind.EXIT: None,
    DecisionKind.UPPER: None,
    DecisionKind.ROTATION: None,
}
KIND_ZH: dict[str, str] = {DecisionKind.PROMOTE: "晋升岗位等级", DecisionKind.DEMOTE: "降低岗位等级",
                           DecisionKind.PAY: "薪酬调整",
           DecisionKind.RENEW: "续聘", DecisionKind.EXIT: "解聘退出", DecisionKind.RECRUIT: "择优招录至空缺岗位",
           DecisionKind.UPPER: "上挂锻炼", DecisionKind.ROTATION: "轮岗交流"}


@dataclass(frozen=True)
class DecisionInput:
    kind: str
    reason: str
    effective_on: dt.date
    assessment_id: int | None = None
    new_grade: int | None = None
    new_pay_fen: int | None = None
    new_contract_ends_on: dt.date | None = None
    post: Post | None = None
    host: OrgUnit | None = None
    ends_on: dt.date | None = None


def _check_result(worker: SocialWorker, data: DecisionInput) -> Any:
    allowed = ALLOWED_RESULTS[data.kind]
    needs = allowed is not None or data.kind == DecisionKind.PAY
    if data.assessment_id is None:
        if needs:
            raise ServiceError(f"考核结果：“{KIND_ZH[data.kind]}”须关联该社工已评定的履职考核")
        return None
    assessment = worker.assessments.filter(pk=data.assessment_id).first()
    if assessment is None or assessment.status != AssessmentStatus.REVIEWED:
        raise ServiceError("考核结果：须为该社工已完成上级评价的考核")
    if allowed is not None and assessment.result not in allowed:
        names = "、".join(RESULT_ZH[r] for r in allowed)
        raise ServiceError(f"考核结果：“{KIND_ZH[data.kind]}”须考核为{names}，该次考核为{RESULT_ZH[assessment.result]}")
    return assessment


def _check_pay(worker: SocialWorker, data: DecisionInput, assessment: Any) -> None:
    if data.new_pay_fen is None or data.new_pay_fen <= 0:
        raise ServiceError("调整后月实得工资：请填写大于 0 的金额")
    last = PayRecord.objects.filter(worker=worker).order_by("-month").values_list("take_home_fen", flat=True).first()
    if last is not None and data.new_pay_fen > last and assessment.result not in GOOD:
        raise ServiceError("考核结果：提高薪酬须考核为优秀或合格")
    if last is not None and data.new_pay_fen < last and assessment.result not in POOR:
        raise ServiceError("考核结果：降低薪酬须考核为基本合格或不合格")


def _check_fields(actor: Any, worker: SocialWorker, data: DecisionInput, assessment: Any) -> None:
    kind = data.kind
    if kind == DecisionKind.PROMOTE and not (data.new_grade and worker.grade < data.new_grade <= MAX_GRADE):
        raise ServiceError(f"新岗位等级：晋升须高于现等级 {worker.grade}，且不超过 {MAX_GRADE}")
    if kind == DecisionKind.DEMOTE and not (data.new_grade and 1 <= data.new_grade < worker.grade):
        raise ServiceError(f"新岗位等级：降级须低于现等级 {worker.grade}")
    if kind == DecisionKind.PAY:
        _check_pay(worker, data, assessment)
    if kind == DecisionKind.RENEW and not (data.new_contract_ends_on and data.new_contract_ends_on > data.effective_on):
        raise ServiceError("续聘至：请填写晚于生效日期的合同到期日")
    if kind == DecisionKind.RECRUIT:
        if data.post is None or not org_in_scope(actor, data.post.org):
            raise ServiceError("空缺岗位：请选择数据范围内的岗位")
        if not data.post.active or data.post.holders.filter(status=WorkerStatus.ACTIVE).exists():
            raise ServiceError("空缺岗位：该岗位不是空缺岗位", status=409)
    if kind in (DecisionKind.UPPER, DecisionKind.ROTATION):
        if data.host is None or not org_in_scope(actor, data.host):
            raise ServiceError("派往单位：请选择数据范围内的单位")
        if data.host.pk == worker.org_id:
            raise ServiceError("派往单位：不能是社工现所在单位")
        if data.ends_on is None or data.ends_on < data.effective_on:
            raise ServiceError("结束日期：请填写不早于生效日期的结束日期")


@transaction.atomic
def propose_decision(*, actor: Any, worker: SocialWorker, data: DecisionInput) -> CareerDecision:
    require_perm(actor, CareerDecision, "add", "提出职业发展决定")
    not_themselves(actor, worker, "提出职业发展决定")
    if data.kind not in DecisionKind.values:
        raise ServiceError("决定类别：未知的类别")
    if worker.status != WorkerStatus.ACTIVE:
        raise ServiceError("社工：已离岗", status=409)
    reason = (data.reason or "").strip()
    if not reason:
        raise ServiceError("理由：请填写")
    assessment = _check_result(worker, data)
    _check_fields(actor, worker, data, assessment)
    if worker.decisions.filter(kind=data.kind, status=DecisionStatus.PROPOSED).exists():
        raise ServiceError(f"决定类别：该社工已有待审批的“{KIND_ZH[data.kind]}”", status=409)
    decision = CareerDecision.objects.create(
        org=worker.org, created_by=actor, worker=worker, assessment=assessment, kind=data.kind,
        new_grade=data.new_grade, new_pay_fen=data.new_pay_fen, new_contract_ends_on=data.new_contract_ends_on,
        post=data.post, host=data.host, effective_on=data.effective_on, ends_on=data.ends_on, reason=reason[:300])
    audit.record("workforce.decision_proposed", actor=actor, obj=decision,
                 changes={"kind": data.kind, "assessment": assessment.pk if assessment else None})
    return decision


def _move_to(actor: Any, worker: SocialWorker, post: Post | None, grade: int, on: dt.date) -> None:
    """Close the current stretch on a post and open the next (same post with a new grade, or a new post)."""
    PostHolding.objects.filter(worker=worker, ends_on__isnull=True).update(ends_on=on)
    if post is not None:
        PostHolding.objects.create(org=post.org, created_by=actor, worker=worker, post=post, grade=grade, starts_on=on)


def _apply(actor: Any, decision: CareerDecision) -> dict[str, Any]:
    worker = SocialWorker.objects.select_for_update().get(pk=decision.worker_id)
    kind, on = decision.kind, decision.effective_on
    if kind in (DecisionKind.PROMOTE, DecisionKind.DEMOTE):
        _move_to(actor, worker, worker.post, decision.new_grade or worker.grade, on)
        update_versioned(worker, worker.version, grade=decision.new_grade)
    elif kind == DecisionKind.PAY:
        PayRecord.objects.update_or_create(worker=worker, month=first_of_month(on), defaults={
            "org": worker.org, "created_by": actor, "take_home_fen": decision.new_pay_fen})
    elif kind == DecisionKind.RENEW:
        update_versioned(worker, worker.version, contract_ends_on=decision.new_contract_ends_on)
    elif kind == DecisionKind.EXIT:
        _move_to(actor, worker, None, worker.grade, on)
        update_versioned(worker, worker.version, status=WorkerStatus.EXITED, exited_on=on, post=None)
    elif kind == DecisionKind.RECRUIT:
        post = Post.objects.select_for_update().get(pk=decision.post_id or 0)
        if post.holders.filter(status=WorkerStatus.ACTIVE).exclude(pk=worker.pk).exists():
            raise ServiceError("空缺岗位：该岗位已被他人占用", status=409)
        grade = max(worker.grade, post.grade)
        _move_to(actor, worker, post, grade, on)
        update_versioned(worker, worker.version, post=post, org=post.org, grade=grade)
    else:
        assert decision.host is not None and decision.ends_on is not None  # checked when proposed
        Secondment.objects.create(org=worker.org, created_by=actor, worker=worker, host=decision.host,
                                  kind=SecondmentKind.UPPER if kind == DecisionKind.UPPER else SecondmentKind.ROTATION,
                                  starts_on=on, ends_on=decision.ends_on)
    return {"grade": worker.grade, "status": worker.status}


@transaction.atomic
def decide(*, actor: Any, decision: CareerDecision, approve: bool, note: str, expected_version: int) -> CareerDecision:
    """Approve (the change is made) or reject a proposed decision; never by its proposer."""
    require_perm(actor, CareerDecision, "approve", "审批职业发展决定")
    if decision.created_by_id == actor.pk:
        raise ServiceError("该决定由您提出，不能由您本人审批：请由其他有审批权限的人员办理。", status=403)
    not_themselves(actor, decision.worker, "审批职业发展决定")
    if decision.status != DecisionStatus.PROPOSED:
        raise ServiceError("该决定已审批过。", status=409)
    note = (note or "").strip()[:300]
    if not approve and not note:
        raise ServiceError("审批意见：退回须写明理由")
    status = DecisionStatus.APPROVED if approve else DecisionStatus.REJECTED
    update_versioned(decision, expected_version, status=status, decided_by=actor, decided_at=timezone.now(),
                     decision_note=note)
    effect = _apply(actor, decision) if approve else {}
    audit.record(f"workforce.decision_{status}", actor=actor, obj=decision, changes={"kind": decision.kind, **effect})
    return decision
