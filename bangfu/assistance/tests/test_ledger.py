"""The ledger: allocation down the tree, conditional debits, idempotent retries, second approver for large
amounts, reversals, and the reconciliation of balances against ledger rows."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.assistance.models import Allocation, DisbursementStatus, LedgerEntry, LedgerKind
from bangfu.assistance.services import ledger
from bangfu.core.errors import ConflictError, ServiceError

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(campaign: Any) -> Any:
    return campaign.funds.get()


def balance(account: Allocation) -> int:
    account.refresh_from_db()
    return account.balance_fen


def test_the_budget_arrives_as_a_top_up_on_the_root(fund: Any) -> None:
    root = ledger.root_allocation(fund)
    assert fund.budget_fen == 1_000_000_000 == root.balance_fen  # 1000 万元
    assert list(fund.ledger.values_list("kind", "amount_fen")) == [(LedgerKind.TOP_UP, 1_000_000_000)]


def test_allocation_moves_money_down_and_reconciles(fund: Any, officer: Any, bj: Any) -> None:
    ledger.allocate(actor=officer, fund=fund, to_unit=bj["dongcheng"], amount_fen=120_000_000, key="a1")
    ledger.allocate(actor=officer, fund=fund, to_unit=bj["street"], amount_fen=20_000_000, key="a2")
    dongcheng = Allocation.objects.get(fund=fund, org=bj["dongcheng"])
    street = Allocation.objects.get(fund=fund, org=bj["street"])
    assert street.parent == dongcheng  # taken from the closest account above
    assert (balance(ledger.root_allocation(fund)), balance(dongcheng), balance(street)) == (
        880_000_000, 100_000_000, 20_000_000)
    assert ledger.reconcile_fund(fund).ok


def test_allocation_only_goes_down(fund: Any, officer: Any, bj: Any, org_tree: Any) -> None:
    with pytest.raises(ServiceError, match="不在该资金的下拨范围内"):
        ledger.allocate(actor=officer, fund=fund, to_unit=org_tree["guangzhou"], amount_fen=1, key="x")


def test_a_debit_beyond_the_balance_moves_nothing(fund: Any, officer: Any, bj: Any) -> None:
    ledger.allocate(actor=officer, fund=fund, to_unit=bj["dongcheng"], amount_fen=100_000, key="a1")
    account = Allocation.objects.get(fund=fund, org=bj["dongcheng"])
    message = r"东城区总工会的资金余额不足：需要 1,000\.01 元，当前余额 1,000\.00 元"
    with pytest.raises(ledger.InsufficientFunds, match=message):
        ledger.disburse(actor=officer, allocation=account, amount_fen=100_001, key="d1")
    assert balance(account) == 100_000
    assert not LedgerEntry.objects.filter(kind=LedgerKind.DISBURSEMENT).exists()
    assert not account.disbursements.exists()


def test_a_retry_with_the_same_key_pays_once(fund: Any, officer: Any) -> None:
    root = ledger.root_allocation(fund)
    first, created = ledger.disburse(actor=officer, allocation=root, amount_fen=50_000, key="k-1")
    again, created_again = ledger.disburse(actor=officer, allocation=root, amount_fen=50_000, key="k-1")
    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert LedgerEntry.objects.filter(kind=LedgerKind.DISBURSEMENT).count() == 1
    assert balance(root) == 1_000_000_000 - 50_000
    with pytest.raises(ConflictError, match="幂等键“k-1”已用于另一笔不同的发放"):
        ledger.disburse(actor=officer, allocation=root, amount_fen=60_000, key="k-1")


def test_a_retried_allocation_is_not_applied_twice(fund: Any, officer: Any, bj: Any) -> None:
    one = ledger.allocate(actor=officer, fund=fund, to_unit=bj["dongcheng"], amount_fen=100, key="same")
    two = ledger.allocate(actor=officer, fund=fund, to_unit=bj["dongcheng"], amount_fen=100, key="same")
    assert one.pk == two.pk and balance(Allocation.objects.get(fund=fund, org=bj["dongcheng"])) == 100


def test_a_large_disbursement_waits_for_someone_else(fund: Any, officer: Any, approver: Any) -> None:
    root = ledger.root_allocation(fund)
    pending, _new = ledger.disburse(actor=officer, allocation=root, amount_fen=500_001, key="big")
    assert pending.status == DisbursementStatus.PENDING and pending.ledger_entry is None
    assert balance(root) == 1_000_000_000
    with pytest.raises(ServiceError, match="大额发放须由经办人以外的第二人审批") as caught:
        ledger.approve_disbursement(actor=officer, disbursement=pending)
    assert caught.value.status == 403
    paid = ledger.approve_disbursement(actor=approver, disbursement=pending)
    assert paid.status == DisbursementStatus.PAID and paid.approved_by == approver
    assert balance(root) == 1_000_000_000 - 500_001
    with pytest.raises(ConflictError, match="已处理"):
        ledger.approve_disbursement(actor=approver, disbursement=pending)


def test_at_the_threshold_no_second_approver_is_needed(fund: Any, officer: Any) -> None:
    paid, _new = ledger.disburse(actor=officer, allocation=ledger.root_allocation(fund), amount_fen=500_000, key="t")
    assert paid.status == DisbursementStatus.PAID


def test_a_rejected_large_disbursement_moves_nothing(fund: Any, officer: Any, approver: Any) -> None:
    root = ledger.root_allocation(fund)
    pending, _new = ledger.disburse(actor=officer, allocation=root, amount_fen=900_000, key="big")
    assert ledger.reject_disbursement(actor=approver, disbursement=pending, note="材料不全").status == "rejected"
    assert balance(root) == 1_000_000_000


def test_reversal_returns_the_money_once(fund: Any, officer: Any, bj: Any) -> None:
    entry = ledger.allocate(actor=officer, fund=fund, to_unit=bj["dongcheng"], amount_fen=300, key="a")
    account = Allocation.objects.get(fund=fund, org=bj["dongcheng"])
    paid, _new = ledger.disburse(actor=officer, allocation=account, amount_fen=200, key="d")
    assert paid.ledger_entry is not None
    reversal = ledger.reverse_entry(actor=officer, entry=paid.ledger_entry, key="r1", reason="重复发放")
    assert (reversal.source, reversal.destination, reversal.amount_fen) == (None, account, 200)
    paid.refresh_from_db()
    assert paid.status == DisbursementStatus.REVERSED and balance(account) == 300
    with pytest.raises(ConflictError, match="已经冲正过"):
        ledger.reverse_entry(actor=officer, entry=paid.ledger_entry, key="r2", reason="再冲一次")
    with pytest.raises(ServiceError, match="冲正记录不能再冲正"):
        ledger.reverse_entry(actor=officer, entry=reversal, key="r3", reason="x")
    ledger.reverse_entry(actor=officer, entry=entry, key="r4", reason="下拨有误")
    assert balance(account) == 0
    assert ledger.reconcile_fund(fund).ok


def test_an_allocation_already_spent_cannot_be_reversed(fund: Any, officer: Any, bj: Any) -> None:
    entry = ledger.allocate(actor=officer, fund=fund, to_unit=bj["dongcheng"], amount_fen=300, key="a")
    account = Allocation.objects.get(fund=fund, org=bj["dongcheng"])
    ledger.disburse(actor=officer, allocation=account, amount_fen=200, key="d")
    with pytest.raises(ledger.InsufficientFunds):
        ledger.reverse_entry(actor=officer, entry=entry, key="r", reason="下拨有误")
    assert balance(account) == 100 and ledger.reconcile_fund(fund).ok


def test_reconciliation_finds_a_balance_changed_outside_the_ledger(fund: Any, officer: Any, bj: Any) -> None:
    ledger.allocate(actor=officer, fund=fund, to_unit=bj["dongcheng"], amount_fen=300, key="a")
    Allocation.objects.filter(fund=fund, org=bj["dongcheng"]).update(balance_fen=1_300)
    report = ledger.reconcile_fund(fund)
    assert not report.ok
    assert report.problems[0] == "东城区总工会：余额 13.00 元，台账 3.00 元"


@pytest.mark.parametrize("amount", [0, -5, 1.5, True])
def test_amounts_must_be_positive_whole_fen(fund: Any, officer: Any, amount: Any) -> None:
    with pytest.raises(ServiceError, match="金额必须是大于 0 的整数分"):
        ledger.disburse(actor=officer, allocation=ledger.root_allocation(fund), amount_fen=amount, key="z")
