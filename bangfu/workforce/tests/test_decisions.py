"""Career decisions: tied to the assessment result, proposed by one person, approved by another, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bangfu.core.errors import ServiceError
from bangfu.core.models import AuditEvent
from bangfu.workforce import services
from bangfu.workforce.models import PayRecord, PostHolding, Secondment, WorkerStatus
from bangfu.workforce.tests.helpers import assess, hire, make_post

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 1, 1)


def _promote(actor: Any, worker: Any, assessment: Any, grade: int = 3) -> Any:
    return services.propose_decision(actor=actor, worker=worker, data=services.DecisionInput(
        kind="promote", reason="年度考核优秀", effective_on=ON, assessment_id=assessment.pk, new_grade=grade))


def test_promotion_needs_a_good_result(org_tree: dict, officer: Any) -> None:
    worker = hire(org_tree["wushan"])
    poor = assess(org_tree["wushan"], worker, 10)
    with pytest.raises(ServiceError, match="“晋升岗位等级”须考核为优秀、合格，该次考核为不合格"):
        _promote(officer, worker, poor)
    with pytest.raises(ServiceError, match="须关联该社工已评定的履职考核"):
        services.propose_decision(actor=officer, worker=worker, data=services.DecisionInput(
            kind="promote", reason="x", effective_on=ON, new_grade=3))


def test_the_proposer_does_not_approve_and_another_officer_does(org_tree: dict, officer: Any, approver: Any) -> None:
    worker = hire(org_tree["wushan"])
    good = assess(org_tree["wushan"], worker, 100, period=(dt.date(2025, 1, 1), dt.date(2025, 6, 30)))
    decision = _promote(officer, worker, good)
    with pytest.raises(ServiceError, match="不能由您本人审批") as own:
        services.decide(actor=officer, decision=decision, approve=True, note="", expected_version=decision.version)
    assert own.value.status == 403
    services.decide(actor=approver, decision=decision, approve=True, note="同意", expected_version=decision.version)
    worker.refresh_from_db()
    assert worker.grade == 3
    assert list(PostHolding.objects.filter(worker=worker).order_by("starts_on").values_list("grade", "ends_on")) == [
        (2, ON), (3, None)]
    assert AuditEvent.objects.filter(action="workforce.decision_approved", object_id=str(decision.pk)).exists()
    with pytest.raises(ServiceError) as again:
        services.decide(actor=approver, decision=decision, approve=True, note="", expected_version=decision.version)
    assert again.value.status == 409


def test_a_stale_version_is_409_and_the_worker_never_decides_on_themselves(org_tree: dict, officer: Any,
                                                                           approver: Any) -> None:
    worker = hire(org_tree["wushan"], role="city_officer")
    good = assess(org_tree["wushan"], worker, 100)
    decision = _promote(officer, worker, good)
    with pytest.raises(ServiceError) as stale:
        services.decide(actor=approver, decision=decision, approve=True, note="", expected_version=decision.version + 1)
    assert stale.value.status == 409
    with pytest.raises(ServiceError, match="不能对本人审批职业发展决定"):
        services.decide(actor=worker.user, decision=decision, approve=True, note="", expected_version=decision.version)
    with pytest.raises(ServiceError, match="审批意见：退回须写明理由"):
        services.decide(actor=approver, decision=decision, approve=False, note="", expected_version=decision.version)


def test_pay_exit_recruitment_and_rotation_change_the_worker_on_approval(org_tree: dict, officer: Any,
                                                                         approver: Any) -> None:
    worker = hire(org_tree["wushan"])
    vacant = make_post(org_tree["tianhe"], "区总工会职工服务中心社工", grade=4)
    excellent = assess(org_tree["wushan"], worker, 100, period=(dt.date(2025, 1, 1), dt.date(2025, 3, 31)))

    def approve(kind: str, **fields: Any) -> Any:
        data = services.DecisionInput(kind=kind, reason="依考核结果", effective_on=ON,
                                      assessment_id=fields.pop("assessment_id", excellent.pk), **fields)
        decision = services.propose_decision(actor=officer, worker=worker, data=data)
        return services.decide(actor=approver, decision=decision, approve=True, note="", expected_version=1)

    approve("pay", new_pay_fen=420_000)
    assert PayRecord.objects.get(worker=worker, month=ON).take_home_fen == 420_000
    with pytest.raises(ServiceError, match="降低薪酬须考核为基本合格或不合格"):
        approve("pay", new_pay_fen=300_000)
    approve("rotation", host=org_tree["tianhe"], ends_on=dt.date(2026, 6, 30), assessment_id=None)
    assert Secondment.objects.get(worker=worker).host == org_tree["tianhe"]
    approve("recruit", post=vacant)
    worker.refresh_from_db()
    assert (worker.post, worker.org, worker.grade) == (vacant, org_tree["tianhe"], 4)
    approve("exit", assessment_id=None)
    worker.refresh_from_db()
    assert worker.status == WorkerStatus.EXITED and worker.post is None
    assert not PostHolding.objects.filter(worker=worker, ends_on__isnull=True).exists()


def test_a_recruitment_to_an_occupied_post_is_refused(org_tree: dict, officer: Any) -> None:
    worker, holder = hire(org_tree["wushan"]), hire(org_tree["tianhe"])
    excellent = assess(org_tree["wushan"], worker, 100)
    with pytest.raises(ServiceError, match="空缺岗位：该岗位不是空缺岗位") as taken:
        services.propose_decision(actor=officer, worker=worker, data=services.DecisionInput(
            kind="recruit", reason="择优", effective_on=ON, assessment_id=excellent.pk, post=holder.post))
    assert taken.value.status == 409
