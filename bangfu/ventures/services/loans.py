"""Loans on approved projects (their plan written once as instalments) and repayments against them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from bangfu.core import audit
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.core.money import format_yuan
from bangfu.ventures import interest
from bangfu.ventures.models import (
    APPROVED_STATUSES,
    Loan,
    LoanInstalment,
    Repayment,
    RepaymentPlan,
    VentureProject,
)
from bangfu.ventures.services.common import positive_fen, require_perm

MAX_TERM_MONTHS = 120


def _rate(value: Any) -> Decimal:
    try:
        rate = Decimal(str(value).strip().removesuffix("%"))
    except InvalidOperation:
        raise ServiceError(f"年利率：“{value}”不是数字，例如 4.35") from None
    if not rate.is_finite() or rate < 0 or rate >= 100 or rate != rate.quantize(Decimal("0.0001")):
        raise ServiceError(f"年利率：“{value}”应在 0 到 100 之间，最多四位小数")
    return rate


def register_loan(*, actor: Any, project: VentureProject, bank: str, contract_number: str, principal_fen: int,
                  annual_rate: Any, start_on: dt.date, term_months: int, plan: str) -> Loan:
    require_perm(actor, "ventures.add_loan", "登记贷款")
    if project.status not in APPROVED_STATUSES:
        raise ServiceError(f"项目当前状态为“{project.get_status_display()}”，立项后才能登记贷款", status=409)
    bank, contract_number = bank.strip(), contract_number.strip()
    if not bank or not contract_number:
        raise ServiceError("贷款银行和合同编号都必须填写")
    positive_fen(principal_fen, "贷款本金")
    rate = _rate(annual_rate)
    if plan not in RepaymentPlan.values:
        raise ServiceError(f"还款方式：无效的选项“{plan}”")
    if not isinstance(term_months, int) or not 1 <= term_months <= MAX_TERM_MONTHS:
        raise ServiceError(f"贷款期限：应为 1 到 {MAX_TERM_MONTHS} 个月")
    rows = interest.schedule(principal_fen, rate, start_on, term_months, plan)
    try:
        with transaction.atomic():
            loan = Loan.objects.create(project=project, org=project.org, bank=bank, contract_number=contract_number,
                                       principal_fen=principal_fen, annual_rate=rate, start_on=start_on,
                                       term_months=term_months, plan=plan, created_by=actor)
            LoanInstalment.objects.bulk_create([
                LoanInstalment(loan=loan, number=row.number, due_on=row.due_on, days=row.days,
                               opening_fen=row.opening_fen, principal_fen=row.principal_fen,
                               interest_fen=row.interest_fen) for row in rows])
            audit.record("ventures.loan_register", actor=actor, obj=loan,
                         changes={"principal_fen": principal_fen, "term_months": term_months, "plan": plan})
    except IntegrityError:
        raise ConflictError(f"{bank}的合同编号“{contract_number}”已登记") from None
    return loan


@dataclass(frozen=True)
class RepaymentResult:
    repayment: Repayment
    created: bool


def _same(existing: Repayment, instalment: LoanInstalment, paid_on: dt.date, principal_fen: int,
          interest_fen: int) -> bool:
    return (existing.instalment_id == instalment.pk and existing.paid_on == paid_on
            and existing.principal_fen == principal_fen and existing.interest_fen == interest_fen)


def record_repayment(*, actor: Any, loan: Loan, number: int, paid_on: dt.date, principal_fen: int,
                     interest_fen: int, reference: str) -> RepaymentResult:
    """Idempotent by (loan, bank reference): the same figures return the first row, others are 409.

    The instalment's paid columns move by a conditional UPDATE that refuses overpayment; the instalment
    is paid in full on the date of the payment that completes it.
    """
    require_perm(actor, "ventures.add_repayment", "登记还款")
    reference = reference.strip()
    if not reference or len(reference) > 64:
        raise ServiceError("银行流水号：必须填写，且不超过 64 个字符")
    if principal_fen < 0 or interest_fen < 0 or principal_fen + interest_fen <= 0:
        raise ServiceError("归还本金和利息不能为负数，且合计必须大于 0")
    instalment = LoanInstalment.objects.filter(loan=loan, number=number).first()
    if instalment is None:
        raise ServiceError(f"期次：该贷款没有第 {number} 期（共 {loan.term_months} 期）")
    if paid_on < loan.start_on:
        raise ServiceError(f"还款日期：{paid_on.isoformat()} 早于贷款发放日 {loan.start_on.isoformat()}")
    existing = Repayment.objects.filter(loan=loan, reference=reference).first()
    if existing is not None:
        if _same(existing, instalment, paid_on, principal_fen, interest_fen):
            return RepaymentResult(existing, False)
        raise ConflictError(f"银行流水号“{reference}”已用于另一笔不同的还款")
    try:
        with transaction.atomic():
            repayment = Repayment.objects.create(loan=loan, instalment=instalment, paid_on=paid_on,
                                                 principal_fen=principal_fen, interest_fen=interest_fen,
                                                 reference=reference, org=loan.org, created_by=actor)
            moved = LoanInstalment.objects.filter(
                pk=instalment.pk, principal_paid_fen__lte=F("principal_fen") - principal_fen,
                interest_paid_fen__lte=F("interest_fen") - interest_fen,
            ).update(principal_paid_fen=F("principal_paid_fen") + principal_fen,
                     interest_paid_fen=F("interest_paid_fen") + interest_fen)
            if moved != 1:
                raise ServiceError(
                    f"第 {number} 期应还本金 {format_yuan(instalment.principal_fen)}、利息 "
                    f"{format_yuan(instalment.interest_fen)}，本次还款将超过应还金额")
            LoanInstalment.objects.filter(
                pk=instalment.pk, paid_in_full_on__isnull=True, principal_paid_fen=F("principal_fen"),
                interest_paid_fen=F("interest_fen")).update(paid_in_full_on=paid_on)
            audit.record("ventures.repayment_record", actor=actor, obj=repayment,
                         changes={"number": number, "amount_fen": principal_fen + interest_fen})
    except IntegrityError:
        existing = Repayment.objects.filter(loan=loan, reference=reference).first()
        if existing is not None and _same(existing, instalment, paid_on, principal_fen, interest_fen):
            return RepaymentResult(existing, False)
        raise ConflictError(f"银行流水号“{reference}”已用于另一笔不同的还款") from None
    return RepaymentResult(repayment, True)
