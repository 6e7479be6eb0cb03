"""Subsidy runs: computed from the instalments, suspended on arrears, capped across runs, approved by a second
person and paid only through the assistance ledger (keys `venture-subsidy:<id>`), all lines or none."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bangfu.assistance.models import Disbursement, DisbursementStatus
from bangfu.assistance.services import ledger
from bangfu.core.errors import ServiceError
from bangfu.ventures.models import PaymentStatus, RunStatus, SubsidyPolicyRevision
from bangfu.ventures.services import policies, runs
from bangfu.ventures.tests.helpers import make_fund, make_loan, make_policy, make_project, make_run, repay

pytestmark = pytest.mark.django_db


@pytest.fixture
def loan(org_tree: dict) -> Any:
    """1,000,000 元 at 4.35 %, interest only, from 2019-12-10: Q1 2020 instalments of 31, 31 and 29 days."""
    loan = make_loan(make_project(org_tree["tianhe"]), start=dt.date(2019, 12, 10), months=12)
    return loan


def _line(run: Any) -> Any:
    return run.payments.get()


def test_a_quarter_pays_the_interest_paid_on_time(org_tree: dict, loan: Any, officer: Any,
                                                  approver: Any) -> None:
    repay(loan, through=dt.date(2020, 3, 31))
    policy = make_policy(org_tree["guangzhou"])
    run = runs.compute_run(actor=officer, policy=policy, period_start=dt.date(2020, 1, 1),
                           period_end=dt.date(2020, 3, 31))
    # 100,000,000 × 4.35 % × (31 + 31 + 29) / 360: 374,583.33 → 374,583; again; 350,416.67 → 350,417
    assert _line(run).eligible_interest_fen == 374_583 + 374_583 + 350_417
    assert (_line(run).amount_fen, _line(run).status) == (1_099_583, PaymentStatus.DUE)
    runs.submit_run(actor=officer, run=run, version=run.version)
    with pytest.raises(ServiceError) as own:
        runs.approve_run(actor=officer, run=run, version=run.version)
    assert own.value.status == 403
    runs.approve_run(actor=approver, run=run, version=run.version)
    line = _line(run)
    disbursement = Disbursement.objects.get(pk=line.disbursement_id)
    assert (line.status, disbursement.status, disbursement.amount_fen, disbursement.idempotency_key) == (
        PaymentStatus.DISBURSED, DisbursementStatus.PAID, 1_099_583, f"venture-subsidy:{line.pk}")
    assert ledger.reconcile_fund(policy.fund).ok
    with pytest.raises(ServiceError) as twice:
        runs.approve_run(actor=approver, run=run, version=run.version)
    assert twice.value.status == 409
    # a replayed ledger call with the same key returns the first disbursement, never pays twice
    replay, created = ledger.disburse(actor=approver, allocation=disbursement.allocation, amount_fen=1_099_583,
                                      key=str(line.pk), space="venture-subsidy")
    assert (replay.pk, created) == (disbursement.pk, False)


def test_arrears_at_the_quarter_end_suspend_the_line(org_tree: dict, loan: Any, officer: Any) -> None:
    repay(loan, through=dt.date(2020, 2, 29))  # the March instalment is not paid by 31 March
    run = make_run(make_policy(org_tree["guangzhou"]))
    line = _line(run)
    assert (line.status, line.amount_fen) == (PaymentStatus.SUSPENDED, 0)
    assert line.reasons == ["逾期暂停：第 3 期（2020-03-10 到期）截至 2020-03-31 未足额还款"]


def test_late_beyond_grace_earns_nothing_for_that_instalment(org_tree: dict, loan: Any) -> None:
    repay(loan, through=dt.date(2020, 3, 31), late={2: 6})  # 10 Feb paid 16 Feb: grace is 5 days
    line = _line(make_run(make_policy(org_tree["guangzhou"], grace=5)))
    assert line.amount_fen == 374_583 + 350_417
    assert any("第 2 期逾期 6 天还清" in reason for reason in line.reasons)


def test_caps_count_the_earlier_runs(org_tree: dict, loan: Any, officer: Any, approver: Any) -> None:
    repay(loan, through=dt.date(2020, 6, 30))
    policy = make_policy(org_tree["guangzhou"], cap_year=1_500_000, cap_project=1_800_000)
    q1 = make_run(policy, 2020, 1, submit=True)
    runs.approve_run(actor=approver, run=q1, version=q1.version)
    assert _line(q1).amount_fen == 1_099_583
    q2 = make_run(policy, 2020, 2)
    assert _line(q2).amount_fen == 1_500_000 - 1_099_583  # the year's cap
    assert "年度上限" in _line(q2).reasons[-1]


def test_a_rejected_run_counts_nothing_and_may_be_computed_again(org_tree: dict, loan: Any, approver: Any) -> None:
    repay(loan, through=dt.date(2020, 3, 31))
    policy = make_policy(org_tree["guangzhou"])
    run = make_run(policy, submit=True)
    with pytest.raises(ServiceError, match="驳回原因"):
        runs.reject_run(actor=approver, run=run, version=run.version, note=" ")
    runs.reject_run(actor=approver, run=run, version=run.version, note="利率有误")
    assert (run.status, _line(run).status) == (RunStatus.REJECTED, PaymentStatus.REJECTED)
    again = make_run(policy)
    assert _line(again).amount_fen == 1_099_583
    with pytest.raises(ServiceError) as overlapping:
        make_run(policy)
    assert overlapping.value.status == 409


def test_a_fund_that_cannot_pay_every_line_pays_none(org_tree: dict, loan: Any, approver: Any) -> None:
    repay(loan, through=dt.date(2020, 3, 31))
    other = make_loan(make_project(org_tree["haizhu"], "第二个项目"), start=dt.date(2019, 12, 10), months=12)
    repay(other, through=dt.date(2020, 3, 31))
    policy = make_policy(org_tree["guangzhou"], fund=make_fund(org_tree["guangzhou"], budget_fen=1_500_000))
    run = make_run(policy, submit=True)
    with pytest.raises(ServiceError) as short:
        runs.approve_run(actor=approver, run=run, version=run.version)
    assert short.value.status == 409 and "余额不足" in str(short.value)
    run.refresh_from_db()
    assert run.status == RunStatus.SUBMITTED
    assert not Disbursement.objects.filter(fund=policy.fund).exists()
    assert set(run.payments.values_list("status", flat=True)) == {PaymentStatus.DUE}


def test_a_line_above_the_threshold_waits_for_its_own_second_approval(org_tree: dict, loan: Any, officer: Any,
                                                                       approver: Any, make_user: Any) -> None:
    repay(loan, through=dt.date(2020, 3, 31))
    fund = make_fund(org_tree["guangzhou"], large_amount_fen=1_000_000)  # 10,000 元
    run = make_run(make_policy(org_tree["guangzhou"], fund=fund), submit=True)
    runs.approve_run(actor=approver, run=run, version=run.version)
    line = _line(run)
    assert line.disbursement is not None and line.disbursement.status == DisbursementStatus.PENDING
    assert fund.allocations.get().balance_fen == fund.budget_fen  # nothing moved yet
    with pytest.raises(ServiceError) as maker:
        runs.release_payment(actor=approver, payment=line, approve=True)
    assert maker.value.status == 403
    third = make_user("city_officer", org_tree["guangzhou"], username="gz_third")
    runs.release_payment(actor=third, payment=line, approve=True)
    line.refresh_from_db()
    assert line.disbursement is not None and line.disbursement.status == DisbursementStatus.PAID
    with pytest.raises(ServiceError) as twice:
        runs.release_payment(actor=third, payment=line, approve=True)
    assert twice.value.status == 409


def test_policy_edits_are_revisions_and_runs_keep_their_terms(org_tree: dict, loan: Any, officer: Any) -> None:
    repay(loan, through=dt.date(2020, 6, 30))
    policy = make_policy(org_tree["guangzhou"])
    q1 = make_run(policy, 2020, 1)
    policies.update_policy(actor=officer, policy=policy, version=policy.version, note="预算调整",
                           share_percent="50", cap_per_year_fen=None, cap_per_project_fen=None, grace_days=5)
    with pytest.raises(ServiceError) as stale:
        policies.update_policy(actor=officer, policy=policy, version=1, note="x", share_percent="60",
                               cap_per_year_fen=None, cap_per_project_fen=None, grace_days=5)
    assert stale.value.status == 409
    q2 = make_run(policy, 2020, 2)
    assert (q1.policy_revision, q1.terms["share_percent"], _line(q1).amount_fen) == (1, "100.00", 1_099_583)
    assert (q2.policy_revision, q2.terms["share_percent"]) == (2, "50.00")
    assert list(SubsidyPolicyRevision.objects.filter(policy=policy).values_list("revision", "note")) == [
        (2, "预算调整"), (1, "新建")]


def test_a_district_officer_may_not_change_a_policy(org_tree: dict, make_user: Any) -> None:
    policy = make_policy(org_tree["guangzhou"])
    district = make_user("district_officer", org_tree["guangzhou"])
    with pytest.raises(ServiceError) as refused:
        policies.update_policy(actor=district, policy=policy, version=policy.version, note="x",
                               share_percent="50", cap_per_year_fen=None, cap_per_project_fen=None, grace_days=5)
    assert refused.value.status == 403
    for share in ("0", "101", "abc", "33.333"):
        with pytest.raises(ServiceError, match="贴息比例"):
            policies.clean_terms(share_percent=share, cap_per_year_fen=None, cap_per_project_fen=None, grace_days=0)
