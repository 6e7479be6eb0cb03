"""Subsidy runs: compute one period of one policy → the maker reviews and submits → a second person
approves, and every due line is paid through the assistance ledger (`ledger.disburse`, key
`venture-subsidy:<payment id>`) in the same transaction — all lines or none. A line above the program's
large-amount threshold waits there for its own second approval (`release_payment`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from bangfu.assistance.models import Disbursement, DisbursementStatus
from bangfu.assistance.services import ledger
from bangfu.core import audit
from bangfu.core.concurrency import update_versioned
from bangfu.core.decisions import refuse_own_decision
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.ventures.interest import InstalmentState, SubsidyLine, subsidy_for_period
from bangfu.ventures.models import (
    APPROVED_STATUSES,
    Loan,
    LoanInstalment,
    PaymentStatus,
    RunStatus,
    SubsidyPayment,
    SubsidyPolicy,
    SubsidyRun,
)
from bangfu.ventures.services.common import require_perm
from bangfu.ventures.services.policies import policy_terms, terms_of

MAX_PERIOD_DAYS = 366
# Lines of earlier runs that count against the caps: due, sent to the ledger (paid or awaiting approval).
COUNTED = Q(status=PaymentStatus.DUE, run__status__in=[RunStatus.COMPUTED, RunStatus.SUBMITTED]) | Q(
    status=PaymentStatus.DISBURSED) & ~Q(disbursement__status__in=[DisbursementStatus.REJECTED,
                                                                   DisbursementStatus.REVERSED])


# The ledger keeps each kind's keys in its own space: a subsidy line's key is `venture-subsidy:<line id>`.
PAYMENT_SPACE = "venture-subsidy"


def payment_key(payment: SubsidyPayment) -> str:
    return str(payment.pk)


def _earlier_by_project(policy: SubsidyPolicy, before: dt.date, year: int) -> tuple[dict[int, int], dict[int, int]]:
    """(this calendar year, all time) subsidy already counted per project, from runs ending before `before`."""
    earlier = SubsidyPayment.objects.filter(COUNTED, run__policy=policy, run__period_end__lt=before)
    rows = earlier.values_list("loan__project_id", "run__period_end__year").annotate(total=Sum("amount_fen"))
    this_year: dict[int, int] = defaultdict(int)
    all_time: dict[int, int] = defaultdict(int)
    for project_id, run_year, total in rows:
        all_time[project_id] += int(total or 0)
        if run_year == year:
            this_year[project_id] += int(total or 0)
    return this_year, all_time


def _states(loan_ids: list[int]) -> dict[int, list[InstalmentState]]:
    states: dict[int, list[InstalmentState]] = defaultdict(list)
    rows = LoanInstalment.objects.filter(loan_id__in=loan_ids).order_by("loan_id", "number").values_list(
        "loan_id", "number", "due_on", "interest_fen", "paid_in_full_on")
    for loan_id, number, due_on, interest, paid in rows:
        states[loan_id].append(InstalmentState(number, due_on, interest, paid))
    return states


def compute_run(*, actor: Any, policy: SubsidyPolicy, period_start: dt.date, period_end: dt.date) -> SubsidyRun:
    """Every loan of an approved project under the policy's unit that has started by the period's end."""
    require_perm(actor, "ventures.add_subsidyrun", "计算贴息")
    if period_end < period_start or (period_end - period_start).days >= MAX_PERIOD_DAYS:
        raise ServiceError("贴息期间：结束日期不能早于开始日期，且期间不超过一年")
    if period_end >= timezone.localdate():
        raise ServiceError(f"贴息期间：{period_end.isoformat()} 尚未结束，期末之后才能计算")
    overlapping = SubsidyRun.objects.filter(policy=policy, period_start__lte=period_end,
                                            period_end__gte=period_start).exclude(status=RunStatus.REJECTED)
    if overlapping.exists():
        raise ConflictError("该政策在此期间已有贴息批次（驳回的除外），不能重复计算")
    loans = list(Loan.objects.filter(org__path__startswith=policy.org.path, start_on__lte=period_end,
                                     project__status__in=APPROVED_STATUSES).order_by("project__name", "pk"))
    states = _states([loan.pk for loan in loans])
    this_year, all_time = _earlier_by_project(policy, period_start, period_end.year)
    terms = policy_terms(policy)
    lines: list[SubsidyPayment] = []
    for loan in loans:
        line: SubsidyLine = subsidy_for_period(states[loan.pk], period_start, period_end, terms_of(terms),
                                  earlier_this_year_fen=this_year[loan.project_id],
                                  earlier_all_fen=all_time[loan.project_id])
        this_year[loan.project_id] += line.amount_fen
        all_time[loan.project_id] += line.amount_fen
        status = (PaymentStatus.SUSPENDED if line.suspended
                  else PaymentStatus.DUE if line.amount_fen else PaymentStatus.NOTHING)
        lines.append(SubsidyPayment(loan=loan, org=loan.org, eligible_interest_fen=line.eligible_interest_fen,
                                    computed_fen=line.computed_fen, amount_fen=line.amount_fen, status=status,
                                    reasons=line.reasons, created_by=actor))
    try:
        with transaction.atomic():
            run = SubsidyRun.objects.create(policy=policy, org=policy.org, policy_revision=policy.revision,
                                            terms=terms, period_start=period_start, period_end=period_end,
                                            created_by=actor)
            for payment in lines:
                payment.run = run
            SubsidyPayment.objects.bulk_create(lines)
            audit.record("ventures.run_compute", actor=actor, obj=run,
                         changes={"lines": len(lines), "total_fen": sum(p.amount_fen for p in lines)})
    except IntegrityError:
        raise ConflictError("该政策在此期间已有贴息批次，不能重复计算") from None
    return run


def submit_run(*, actor: Any, run: SubsidyRun, version: int) -> SubsidyRun:
    """The maker has reviewed the lines and sends them for approval."""
    require_perm(actor, "ventures.change_subsidyrun", "提交贴息批次")
    if run.status != RunStatus.COMPUTED:
        raise ConflictError(f"该批次当前为“{run.get_status_display()}”，不能提交")
    with transaction.atomic():
        update_versioned(run, version, status=RunStatus.SUBMITTED, submitted_by=actor, submitted_at=timezone.now())
        audit.record("ventures.run_submit", actor=actor, obj=run)
    return run


def _check_decider(actor: Any, run: SubsidyRun) -> None:
    require_perm(actor, "ventures.approve_subsidyrun", "审批贴息批次")
    refuse_own_decision(actor, run.created_by_id, run.submitted_by_id,
                        message="贴息批次须由计算、提交人以外的第二人审批")
    if run.status != RunStatus.SUBMITTED:
        raise ConflictError(f"该批次当前为“{run.get_status_display()}”，不能审批")


def approve_run(*, actor: Any, run: SubsidyRun, version: int) -> SubsidyRun:
    """Approve and pay every due line from the policy fund's account at (or above) the policy's unit."""
    _check_decider(actor, run)
    policy = SubsidyPolicy.objects.select_related("fund", "org").get(pk=run.policy_id)
    allocation = ledger.nearest_allocation(policy.fund, policy.org)
    if allocation is None:
        raise ServiceError(f"资金“{policy.fund.name}”在{policy.org.name}及其上级单位没有账户")
    due = list(SubsidyPayment.objects.select_related("loan__project").filter(run=run, status=PaymentStatus.DUE)
               .order_by("pk"))
    with transaction.atomic():
        update_versioned(run, version, status=RunStatus.APPROVED, approved_by=actor, approved_at=timezone.now())
        for payment in due:
            project = payment.loan.project
            disbursement, _created = ledger.disburse(
                actor=actor, allocation=allocation, amount_fen=payment.amount_fen, key=payment_key(payment),
                space=PAYMENT_SPACE,
                purpose=f"创业贷款贴息 {run.period_start.isoformat()}—{run.period_end.isoformat()} {project.name}",
                payee=project.applicant)
            SubsidyPayment.objects.filter(pk=payment.pk).update(status=PaymentStatus.DISBURSED,
                                                                disbursement=disbursement)
        audit.record("ventures.run_approve", actor=actor, obj=run,
                     changes={"lines": len(due), "total_fen": sum(p.amount_fen for p in due)})
    return run


def reject_run(*, actor: Any, run: SubsidyRun, version: int, note: str) -> SubsidyRun:
    _check_decider(actor, run)
    if not note.strip():
        raise ServiceError("驳回原因：必须填写")
    with transaction.atomic():
        update_versioned(run, version, status=RunStatus.REJECTED, approved_by=actor, approved_at=timezone.now(),
                         rejection_note=note.strip()[:200])
        SubsidyPayment.objects.filter(run=run).update(status=PaymentStatus.REJECTED)
        audit.record("ventures.run_reject", actor=actor, obj=run, changes={"note_length": len(note)})
    return run


def release_payment(*, actor: Any, payment: SubsidyPayment, approve: bool, note: str = "") -> Disbursement:
    """The second approval of a line above the program's large-amount threshold (大额待审批), on the
    assistance ledger's own service: the disbursement's maker may not release it (403)."""
    require_perm(actor, "assistance.approve_disbursement", "审批大额发放")
    disbursement = payment.disbursement
    if disbursement is None or disbursement.status != DisbursementStatus.PENDING:
        raise ConflictError("该笔贴息没有待审批的大额发放")
    if approve:
        return ledger.approve_disbursement(actor=actor, disbursement=disbursement)
    return ledger.reject_disbursement(actor=actor, disbursement=disbursement, note=note)
