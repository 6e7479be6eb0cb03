"""Concurrent disbursements from one account never overspend, and concurrent retries of one key pay once.

Real threads with their own database connections: on PostgreSQL the conditional UPDATE re-checks the
balance after waiting for the row lock; on SQLite IMMEDIATE transactions serialise the writers.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from typing import Any

import pytest
from django.db import OperationalError, connection, connections

from bangfu.assistance.models import Allocation, Disbursement, LedgerEntry, LedgerKind
from bangfu.assistance.services import ledger
from bangfu.assistance.tests.factories import make_campaign

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8
ATTEMPTS = 12
AMOUNT = 7_000  # 70 元
BALANCE = 500_000  # 5,000 元: room for 71 payments, 96 are tried


def _hammer(account_id: int, actor: Any, worker: int, outcomes: Counter[str], lock: threading.Lock,
            barrier: threading.Barrier, *, same_key: bool = False) -> None:
    try:
        barrier.wait()
        for attempt in range(ATTEMPTS):
            key = "one-key" if same_key else f"w{worker}-{attempt}"
            # The test database of SQLite is in memory with a shared cache, where a busy table answers
            # "table is locked" at once instead of waiting: the thread retries like a client would (the
            # key makes the retry safe). PostgreSQL and SQLite files wait for the lock and never get here.
            for _retry in range(400):
                try:
                    account = Allocation.objects.get(pk=account_id)
                    _disbursement, created = ledger.disburse(actor=actor, allocation=account, amount_fen=AMOUNT,
                                                             key=key)
                    outcome = "paid" if created else "replayed"
                    break
                except ledger.InsufficientFunds:
                    outcome = "refused"
                    break
                except OperationalError:
                    outcome = "locked"
                    time.sleep(0.005)
            with lock:
                outcomes[outcome] += 1
    finally:
        connections.close_all()


def _run(account: Allocation, actor: Any, *, same_key: bool = False) -> Counter[str]:
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS)
    threads = [threading.Thread(target=_hammer, args=(account.pk, actor, n, outcomes, lock, barrier),
                                kwargs={"same_key": same_key}) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.fixture
def account(bj: Any, officer: Any) -> Allocation:
    program = make_campaign(bj["beijing"], name="并发测试", budget_fen=BALANCE, actor=officer, groups=False)
    return ledger.root_allocation(program.funds.get())


def test_concurrent_disbursements_never_overspend(account: Allocation, officer: Any) -> None:
    outcomes = _run(account, officer)
    account.refresh_from_db()
    paid = LedgerEntry.objects.filter(source=account, kind=LedgerKind.DISBURSEMENT)
    paid_total = sum(paid.values_list("amount_fen", flat=True))
    assert outcomes["locked"] == 0, connection.vendor
    assert outcomes["paid"] == paid.count() == BALANCE // AMOUNT  # every success has its ledger row
    assert outcomes["refused"] == THREADS * ATTEMPTS - BALANCE // AMOUNT
    assert paid_total <= BALANCE and account.balance_fen == BALANCE - paid_total >= 0
    assert ledger.reconcile_fund(account.fund).ok


def test_concurrent_retries_of_one_key_pay_once(account: Allocation, officer: Any) -> None:
    outcomes = _run(account, officer, same_key=True)
    account.refresh_from_db()
    assert outcomes["paid"] == 1 and outcomes["replayed"] == THREADS * ATTEMPTS - 1
    assert Disbursement.objects.filter(idempotency_key="plain:one-key").count() == 1
    assert LedgerEntry.objects.filter(kind=LedgerKind.DISBURSEMENT).count() == 1
    assert account.balance_fen == BALANCE - AMOUNT
