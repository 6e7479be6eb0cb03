"""The ledger's invariants under any sequence of allocate / disburse / reverse / retry (hypothesis).

After every step: each account's balance column equals its sum over the ledger rows, no balance is
negative, the money held equals top-ups minus disbursements, and a retried key changes nothing. An attacker's
steps are drawn too (issue 9): a key replayed with another amount or account is refused with 409; a key
of one kind (an allocation's, a visit's `visit:K`) used for a plain payment never hands back another
kind's movement as "replayed".
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from bangfu.accounts.models import OrgLevel
from bangfu.accounts.services import upsert_org_unit
from bangfu.assistance.models import Allocation, Disbursement, LedgerEntry, LedgerKind
from bangfu.assistance.services import ledger
from bangfu.assistance.tests.factories import make_campaign
from bangfu.core.errors import ConflictError, ServiceError

pytestmark = pytest.mark.django_db(transaction=False)
BUDGET = 100_000
AMOUNTS = st.integers(min_value=1, max_value=60_000)


def run_machine(actor: Any, units: list[Any]) -> None:
    counter = {"runs": 0}

    class LedgerMachine(RuleBasedStateMachine):
        @initialize()
        def open_fund(self) -> None:
            counter["runs"] += 1
            program = make_campaign(units[0], name=f"状态机{counter['runs']}", budget_fen=BUDGET, actor=actor,
                                    groups=False)
            self.fund = program.funds.get()
            # key → (what, amount, pk of the disbursement or ledger row) of successful movements
            self.keys: dict[str, tuple[str, int, int]] = {}
            self.serial = 0

        def key(self) -> str:
            self.serial += 1
            return f"{self.fund.pk}-{self.serial}"

        def accounts(self) -> list[Allocation]:
            return list(Allocation.objects.filter(fund=self.fund).order_by("pk"))

        @rule(unit=st.sampled_from(range(1, 4)), amount=AMOUNTS)
        def allocate(self, unit: int, amount: int) -> None:
            key = self.key()
            try:
                entry = ledger.allocate(actor=actor, fund=self.fund, to_unit=units[unit], amount_fen=amount, key=key)
                self.keys[key] = ("allocate", amount, entry.pk)
            except ledger.InsufficientFunds:
                pass

        @rule(account=st.integers(min_value=0, max_value=3), amount=AMOUNTS)
        def disburse(self, account: int, amount: int) -> None:
            accounts = self.accounts()
            target = accounts[account % len(accounts)]
            key = self.key()
            try:
                made, _created = ledger.disburse(actor=actor, allocation=target, amount_fen=amount, key=key)
                self.keys[key] = ("disburse", amount, made.pk)
            except ledger.InsufficientFunds:
                pass

        @precondition(lambda self: LedgerEntry.objects.filter(fund=self.fund).exclude(kind=LedgerKind.TOP_UP).exists())
        @rule(pick=st.integers(min_value=0, max_value=1000))
        def reverse(self, pick: int) -> None:
            entries = list(LedgerEntry.objects.filter(fund=self.fund).exclude(kind=LedgerKind.TOP_UP).order_by("pk"))
            entry = entries[pick % len(entries)]
            with contextlib.suppress(ServiceError):  # already reversed, a reversal, or the money has moved on
                ledger.reverse_entry(actor=actor, entry=entry, key=self.key(), reason="测试冲正")

        @precondition(lambda self: bool(self.keys))
        @rule(pick=st.integers(min_value=0, max_value=1000))
        def retry_same_key(self, pick: int) -> None:
            key = sorted(self.keys)[pick % len(self.keys)]
            what, amount, pk = self.keys[key]
            before = self.snapshot()
            if what == "disburse":
                original = Disbursement.objects.get(pk=pk)
                again, created = ledger.disburse(actor=actor, allocation=original.allocation, amount_fen=amount,
                                                 key=key)
                assert not created and again.pk == pk
            else:
                entry = LedgerEntry.objects.get(pk=pk)
                assert ledger.allocate(actor=actor, fund=self.fund, to_unit=entry.destination.org,  # type: ignore[union-attr]
                                       amount_fen=amount, key=key, source=entry.source).pk == entry.pk
            assert self.snapshot() == before

        def snapshot(self) -> tuple[list[tuple[int, int]], int, int]:
            return ([(a.pk, a.balance_fen) for a in self.accounts()],
                    LedgerEntry.objects.filter(fund=self.fund).count(),
                    Disbursement.objects.filter(fund=self.fund).count())

        @precondition(lambda self: bool(self.keys))
        @rule(pick=st.integers(min_value=0, max_value=1000), more=st.integers(min_value=1, max_value=500))
        def replay_with_another_amount_is_refused(self, pick: int, more: int) -> None:
            key = sorted(self.keys)[pick % len(self.keys)]
            what, amount, pk = self.keys[key]
            before = self.snapshot()
            with pytest.raises(ConflictError):
                if what == "disburse":
                    original = Disbursement.objects.get(pk=pk)
                    ledger.disburse(actor=actor, allocation=original.allocation, amount_fen=amount + more, key=key)
                else:
                    entry = LedgerEntry.objects.get(pk=pk)
                    ledger.allocate(actor=actor, fund=self.fund, to_unit=entry.destination.org,  # type: ignore[union-attr]
                                    amount_fen=amount + more, key=key, source=entry.source)
            assert self.snapshot() == before

        @precondition(lambda self: bool(self.keys))
        @rule(pick=st.integers(min_value=0, max_value=1000), prefix=st.sampled_from(["", "visit:", "allocation:",
                                                                                      "disbursement:", "plain:"]),
              account=st.integers(min_value=0, max_value=3), amount=AMOUNTS)
        def foreign_key_is_never_a_replay(self, pick: int, prefix: str, account: int, amount: int) -> None:
            """A plain payment keyed like another movement (an allocation's key, `visit:K`, …) is a new payment
            or a refusal, never someone else's movement handed back."""
            key = prefix + sorted(self.keys)[pick % len(self.keys)]
            accounts = self.accounts()
            try:
                made, created = ledger.disburse(actor=actor, allocation=accounts[account % len(accounts)],
                                                amount_fen=amount, key=key)
            except ServiceError:
                return
            if created:
                self.keys[key] = ("disburse", amount, made.pk)
            else:
                assert self.keys.get(key, ("", 0, 0))[0] == "disburse" and self.keys[key][2] == made.pk

        @invariant()
        def balances_equal_the_ledger_and_are_never_negative(self) -> None:
            report = ledger.reconcile_fund(self.fund)
            assert report.ok, report.problems
            assert all(account.balance_fen >= 0 for account in report.accounts)
            assert report.held_fen == BUDGET - report.outflow_fen
            assert 0 <= report.outflow_fen <= BUDGET

    run_state_machine_as_test(LedgerMachine, settings=settings(
        max_examples=25, stateful_step_count=25, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]))


def test_ledger_invariants_hold_under_any_sequence(org_tree: Any, make_user: Any) -> None:
    beijing = org_tree["beijing"]
    dongcheng = upsert_org_unit(code="110101", name="东城区总工会", level=OrgLevel.COUNTY, parent=beijing)
    xicheng = upsert_org_unit(code="110102", name="西城区总工会", level=OrgLevel.COUNTY, parent=beijing)
    street = upsert_org_unit(code="110101001", name="东华门街道总工会", level=OrgLevel.STREET, parent=dongcheng)
    actor = make_user("city_officer", beijing)
    run_machine(actor, [beijing, dongcheng, xicheng, street])
