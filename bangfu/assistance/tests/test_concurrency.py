"""Concurrent disbursements from one account never overspend, and concurrent retries of one key pay once.

Real threads with their own database connections: on PostgreSQL the conditional UPDATE re-checks the
balance after waiting for the row lock; on SQLite IMMEDIATE transactions serialise the writers. Each
statement waits for a lock as on a SQLite file; nothing retries a payment (bangfu.core.tests.helpers.race).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.db import connection

from bangfu.assistance.models import Allocation, Disbursement, LedgerEntry, LedgerKind
from bangfu.assistance.services import ledger
from bangfu.assistance.tests.factories import make_campaign
from bangfu.core.tests.helpers import race

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8
ATTEMPTS = 12
AMOUNT = 7_000  # 70 元
BALANCE = 500_000  # 5,000 元: room for 71 payments, 96 are tried


def _run(account: Allocation, actor: Any, *, same_key: bool = False) -> Counter[str]:
    """THREADS cashiers pay AMOUNT out of the account ATTEMPTS times each, all at once, each payment under a key
    of its own (or all under one); count what each payment came to."""

    def pay(call: int) -> str:
        try:
            _disbursement, created = ledger.disburse(
                actor=actor, allocation=Allocation.objects.get(pk=account.pk), amount_fen=AMOUNT,
                key="one-key" if same_key else f"call-{call}")
        except ledger.InsufficientFunds:
            return "refused"
        return "paid" if created else "replayed"

    return race(pay, threads=THREADS, calls=ATTEMPTS)


@pytest.fixture
def account(bj: Any, officer: Any) -> Allocation:
    program = make_campaign(bj["beijing"], name="并发测试", budget_fen=BALANCE, actor=officer, groups=False)
    return ledger.root_allocation(program.funds.get())


def test_concurrent_disbursements_never_overspend(account: Allocation, officer: Any) -> None:
    outcomes = _run(account, officer)
    account.refresh_from_db()
    paid = LedgerEntry.objects.filter(source=account, kind=LedgerKind.DISBURSEMENT)
    paid_total = sum(paid.values_list("amount_fen", flat=True))
    # Every payment was made or refused for want of funds, as many of each as the balance allows: none
    # failed, none met a lock (an exception would be counted under its text).
    assert outcomes == Counter(paid=BALANCE // AMOUNT, refused=THREADS * ATTEMPTS - BALANCE // AMOUNT), (
        connection.vendor, outcomes)
    assert outcomes["paid"] == paid.count()  # every success has its ledger row
    assert paid_total <= BALANCE and account.balance_fen == BALANCE - paid_total >= 0
    assert ledger.reconcile_fund(account.fund).ok


def test_concurrent_retries_of_one_key_pay_once(account: Allocation, officer: Any) -> None:
    outcomes = _run(account, officer, same_key=True)
    account.refresh_from_db()
    assert outcomes == Counter(paid=1, replayed=THREADS * ATTEMPTS - 1), (connection.vendor, outcomes)
    assert Disbursement.objects.filter(idempotency_key="plain:one-key").count() == 1
    assert LedgerEntry.objects.filter(kind=LedgerKind.DISBURSEMENT).count() == 1
    assert account.balance_fen == BALANCE - AMOUNT
