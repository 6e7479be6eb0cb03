"""Money: funds, allocations down the tree, disbursements, reversals, and the check against the ledger.

Every movement is one LedgerEntry row with a unique idempotency key, written in the same transaction as
the conditional balance update `UPDATE allocation SET balance_fen = balance_fen - x WHERE id = … AND
balance_fen >= x`. Whatever the concurrency, a debit that would go below zero updates no row and the whole
transaction rolls back, so the sum disbursed never exceeds what was allocated. A retried request with the
same key returns the first result instead of paying twice.

Key spaces: the caller's key is stored behind the kind of movement (`top_up:K`, `allocation:K`,
`reversal:K`; a disbursement's own key behind its space, `plain:K`, `visit:K`, `medical:K`, `top_up:K`, and
its ledger row behind `disbursement:`), so no caller can choose a key that lands in another kind's space.
A replay must be the same movement (kind, accounts, amount, payee) or it is refused with 409.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from bangfu.accounts.models import OrgUnit
from bangfu.assistance.models import (
    Allocation,
    Disbursement,
    DisbursementStatus,
    Fund,
    LedgerEntry,
    LedgerKind,
    Program,
)
from bangfu.core import audit
from bangfu.core.decisions import decide_once, refuse_own_decision
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.core.money import format_yuan

MAX_KEY_LENGTH = 100
DISBURSEMENT_SPACES = ("plain", "visit", "medical", "top_up", "venture-subsidy", "model-worker")


class InsufficientFunds(ServiceError):
    status = 409


def _check_amount(amount_fen: int) -> None:
    if not isinstance(amount_fen, int) or isinstance(amount_fen, bool) or amount_fen <= 0:
        raise ServiceError(f"金额必须是大于 0 的整数分，实际为 {amount_fen!r}")


def _check_key(key: str) -> str:
    key = (key or "").strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ServiceError(f"幂等键不能为空，且不超过 {MAX_KEY_LENGTH} 个字符")
    return key


def _same_movement(entry: LedgerEntry, *, kind: str, amount_fen: int, source: Allocation | None,
                   destination: Allocation | None) -> bool:
    return (entry.kind == kind and entry.amount_fen == amount_fen
            and entry.source_id == (source.pk if source else None)
            and entry.destination_id == (destination.pk if destination else None))


def _apply_balances(amount_fen: int, source: Allocation | None, destination: Allocation | None) -> None:
    """Conditional debit and plain credit, in primary-key order so two transfers never deadlock."""
    deltas = []
    if source is not None:
        deltas.append((source.pk, -amount_fen))
    if destination is not None:
        deltas.append((destination.pk, amount_fen))
    for pk, delta in sorted(deltas):
        if delta < 0:
            updated = Allocation.objects.filter(pk=pk, balance_fen__gte=-delta).update(
                balance_fen=F("balance_fen") + delta)
            if updated != 1:
                account = Allocation.objects.select_related("org").get(pk=pk)
                raise InsufficientFunds(
                    f"{account.org.name}的资金余额不足：需要 {format_yuan(-delta)}，"
                    f"当前余额 {format_yuan(account.balance_fen)}")
        else:
            Allocation.objects.filter(pk=pk).update(balance_fen=F("balance_fen") + delta)


def move_money(*, actor: Any, fund: Fund, kind: str, amount_fen: int, source: Allocation | None,
               destination: Allocation | None, key: str, memo: str = "",
               reverses: LedgerEntry | None = None) -> LedgerEntry:
    """Write one ledger row and move the balances; call inside a transaction. Raises IntegrityError when
    the key (or the reversed entry) is taken, InsufficientFunds when the source cannot pay."""
    org = (destination or source).org  # type: ignore[union-attr]
    with transaction.atomic():
        entry = LedgerEntry.objects.create(
            fund=fund, kind=kind, amount_fen=amount_fen, source=source, destination=destination,
            idempotency_key=key, memo=memo[:200], reverses=reverses, org=org, created_by=actor,
        )
    _apply_balances(amount_fen, source, destination)
    return entry


def _replay_or_conflict(key: str, **movement: Any) -> LedgerEntry:
    existing = LedgerEntry.objects.filter(idempotency_key=key).first()
    if existing is None:
        raise ConflictError("资金变动冲突，请重试")
    if not _same_movement(existing, **movement):
        raise ConflictError(f"幂等键“{existing.client_key}”已用于另一笔不同的资金变动")
    return existing


def spaced_key(space: str, key: str) -> str:
    """The stored key: the caller's (checked) key in its kind's own space."""
    return f"{space}:{_check_key(key)}"


def _movement(*, actor: Any, fund: Fund, kind: str, amount_fen: int, source: Allocation | None,
              destination: Allocation | None, key: str, memo: str, action: str) -> LedgerEntry:
    _check_amount(amount_fen)
    key = spaced_key(kind, key)
    spec: dict[str, Any] = {"kind": kind, "amount_fen": amount_fen, "source": source, "destination": destination}
    if LedgerEntry.objects.filter(idempotency_key=key).exists():
        return _replay_or_conflict(key, **spec)
    try:
        with transaction.atomic():
            entry = move_money(actor=actor, fund=fund, key=key, memo=memo, **spec)
            if kind == LedgerKind.TOP_UP:
                Fund.objects.filter(pk=fund.pk).update(budget_fen=F("budget_fen") + amount_fen)
            audit.record(action, actor=actor, obj=entry, org=entry.org,
                         changes={"amount_fen": amount_fen, "kind": kind})
    except IntegrityError:
        return _replay_or_conflict(key, **spec)
    return entry


@transaction.atomic
def create_fund(*, actor: Any, program: Program, name: str, budget_fen: int, key: str) -> Fund:
    """A fund with its root account at the program's owner, credited with the budget as a top-up."""
    fund = Fund.objects.create(program=program, name=name, org=program.org, created_by=actor)
    root = Allocation.objects.create(fund=fund, org=program.org, created_by=actor)
    if budget_fen:
        _movement(actor=actor, fund=fund, kind=LedgerKind.TOP_UP, amount_fen=budget_fen, source=None,
                  destination=root, key=key, memo="初始预算", action="assistance.fund_create")
    fund.refresh_from_db()
    return fund


def root_allocation(fund: Fund) -> Allocation:
    return Allocation.objects.select_related("org").get(fund=fund, parent__isnull=True)


def top_up(*, actor: Any, fund: Fund, amount_fen: int, key: str, memo: str = "") -> LedgerEntry:
    return _movement(actor=actor, fund=fund, kind=LedgerKind.TOP_UP, amount_fen=amount_fen, source=None,
                     destination=root_allocation(fund), key=key, memo=memo, action="assistance.fund_top_up")


def ancestor_paths(unit: OrgUnit) -> list[str]:
    """`/11/110101/` → [`/`, `/11/`, `/11/110101/`] (the national root's path is `/`)."""
    parts = [part for part in unit.path.split("/") if part]
    return ["/"] + ["/" + "/".join(parts[: index + 1]) + "/" for index in range(len(parts))]


def nearest_allocation(fund: Fund, unit: OrgUnit, *, strictly_above: bool = False) -> Allocation | None:
    """The allocation of `unit` itself (unless strictly_above) or of its closest ancestor."""
    paths = ancestor_paths(unit)
    if strictly_above:
        paths = paths[:-1]
    return (Allocation.objects.select_related("org").filter(fund=fund, org__path__in=paths)
            .order_by("-org__depth").first())


def allocate(*, actor: Any, fund: Fund, to_unit: OrgUnit, amount_fen: int, key: str, memo: str = "",
             source: Allocation | None = None) -> LedgerEntry:
    """Move money from the closest account above `to_unit` (or `source`) down to `to_unit`'s account."""
    source = source or nearest_allocation(fund, to_unit, strictly_above=True)
    if source is None or source.fund_id != fund.pk:
        raise ServiceError(f"{to_unit.name}不在该资金的下拨范围内（上级单位没有该资金的账户）")
    if source.org_id == to_unit.pk or not to_unit.path.startswith(source.org.path):
        raise ServiceError(f"只能从上级单位向下级单位下拨：{source.org.name} → {to_unit.name}")
    with transaction.atomic():
        destination, _created = Allocation.objects.get_or_create(
            fund=fund, org=to_unit, defaults={"parent": source, "created_by": actor})
    return _movement(actor=actor, fund=fund, kind=LedgerKind.ALLOCATION, amount_fen=amount_fen, source=source,
                     destination=destination, key=key, memo=memo, action="assistance.allocate")


def _replay_disbursement(existing: Disbursement, allocation: Allocation, amount_fen: int,
                         payee: Any) -> Disbursement:
    if (existing.allocation_id != allocation.pk or existing.amount_fen != amount_fen
            or existing.payee_id != getattr(payee, "pk", None)):
        raise ConflictError(f"幂等键“{existing.client_key}”已用于另一笔不同的发放")
    return existing


def disburse(*, actor: Any, allocation: Allocation, amount_fen: int, key: str, purpose: str = "",
             payee: Any = None, space: str = "plain") -> tuple[Disbursement, bool]:
    """Pay out of an allocation. Above the program's large-amount threshold the disbursement waits for a
    second approver and moves no money yet. Returns (disbursement, created); a retry returns created=False.
    `space` keeps the keys of plain payments, visits, medical claims and top-ups apart."""
    _check_amount(amount_fen)
    if space not in DISBURSEMENT_SPACES:
        raise ValueError(space)
    key = spaced_key(space, key)
    existing = Disbursement.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return _replay_disbursement(existing, allocation, amount_fen, payee), False
    fund = Fund.objects.select_related("program").get(pk=allocation.fund_id)
    large = amount_fen > fund.program.large_amount_threshold()
    try:
        with transaction.atomic():
            disbursement = Disbursement.objects.create(
                fund=fund, allocation=allocation, amount_fen=amount_fen, purpose=purpose[:200], payee=payee,
                status=DisbursementStatus.PENDING if large else DisbursementStatus.PAID, idempotency_key=key,
                org=allocation.org, created_by=actor,
            )
            if not large:
                disbursement.ledger_entry = move_money(
                    actor=actor, fund=fund, kind=LedgerKind.DISBURSEMENT, amount_fen=amount_fen, source=allocation,
                    destination=None, key=f"disbursement:{key}", memo=purpose)
                disbursement.decided_at = timezone.now()
                disbursement.save(update_fields=["ledger_entry", "decided_at"])
            audit.record("assistance.disburse", actor=actor, obj=disbursement, org=allocation.org,
                         changes={"amount_fen": amount_fen, "status": disbursement.status})
    except IntegrityError:
        existing = Disbursement.objects.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return _replay_disbursement(existing, allocation, amount_fen, payee), False
    return disbursement, True


SECOND_APPROVER = "大额发放须由经办人以外的第二人审批"
ALREADY_DECIDED = "该笔发放已处理，不能重复审批"


def approve_disbursement(*, actor: Any, disbursement: Disbursement) -> Disbursement:
    """The second approver releases a large disbursement: the maker may not approve their own."""
    refuse_own_decision(actor, disbursement.created_by_id, message=SECOND_APPROVER)
    with transaction.atomic():
        decide_once(Disbursement.objects.filter(pk=disbursement.pk, status=DisbursementStatus.PENDING),
                    already=ALREADY_DECIDED, status=DisbursementStatus.PAID, approved_by=actor,
                    decided_at=timezone.now())
        disbursement.refresh_from_db()
        entry = move_money(actor=actor, fund=disbursement.fund, kind=LedgerKind.DISBURSEMENT,
                           amount_fen=disbursement.amount_fen, source=disbursement.allocation, destination=None,
                           key=f"disbursement:{disbursement.idempotency_key}", memo=disbursement.purpose)
        Disbursement.objects.filter(pk=disbursement.pk).update(ledger_entry=entry)
        audit.record("assistance.disbursement_approve", actor=actor, obj=disbursement, org=disbursement.org,
                     changes={"amount_fen": disbursement.amount_fen})
    disbursement.refresh_from_db()
    return disbursement


def reject_disbursement(*, actor: Any, disbursement: Disbursement, note: str = "") -> Disbursement:
    refuse_own_decision(actor, disbursement.created_by_id, message=SECOND_APPROVER)
    with transaction.atomic():
        decide_once(Disbursement.objects.filter(pk=disbursement.pk, status=DisbursementStatus.PENDING),
                    already=ALREADY_DECIDED, status=DisbursementStatus.REJECTED, approved_by=actor,
                    decided_at=timezone.now())
        audit.record("assistance.disbursement_reject", actor=actor, obj=disbursement, org=disbursement.org,
                     changes={"note_length": len(note)})
    disbursement.refresh_from_db()
    return disbursement


def reverse_entry(*, actor: Any, entry: LedgerEntry, key: str, reason: str) -> LedgerEntry:
    """Mirror an entry (money goes back where it came from); an entry is reversed at most once."""
    key = spaced_key(LedgerKind.REVERSAL, key)
    if entry.kind == LedgerKind.REVERSAL:
        raise ServiceError("冲正记录不能再冲正")
    if not reason.strip():
        raise ServiceError("请填写冲正原因")
    spec: dict[str, Any] = {"kind": LedgerKind.REVERSAL, "amount_fen": entry.amount_fen,
                            "source": entry.destination, "destination": entry.source}
    if LedgerEntry.objects.filter(idempotency_key=key).exists():
        return _replay_or_conflict(key, **spec)
    try:
        with transaction.atomic():
            reversal = move_money(actor=actor, fund=entry.fund, key=key, memo=reason, reverses=entry, **spec)
            if entry.kind == LedgerKind.TOP_UP and not Fund.objects.filter(
                    pk=entry.fund_id, budget_fen__gte=entry.amount_fen).update(
                    budget_fen=F("budget_fen") - entry.amount_fen):
                raise InsufficientFunds("冲正后预算将为负数")
            if entry.kind == LedgerKind.DISBURSEMENT:
                Disbursement.objects.filter(ledger_entry=entry).update(status=DisbursementStatus.REVERSED)
            audit.record("assistance.ledger_reverse", actor=actor, obj=reversal, org=reversal.org,
                         changes={"amount_fen": entry.amount_fen, "reverses": entry.pk})
    except IntegrityError:
        if LedgerEntry.objects.filter(idempotency_key=key).exists():
            return _replay_or_conflict(key, **spec)
        raise ConflictError("该笔资金变动已经冲正过") from None
    return reversal


@dataclass
class AccountCheck:
    allocation_id: int
    unit: str
    balance_fen: int
    ledger_fen: int

    @property
    def ok(self) -> bool:
        return self.balance_fen == self.ledger_fen and self.balance_fen >= 0


@dataclass
class FundReconciliation:
    fund_id: int
    budget_fen: int
    inflow_fen: int  # top-ups net of their reversals
    outflow_fen: int  # disbursements net of their reversals
    held_fen: int  # sum of balances
    accounts: list[AccountCheck] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        found = [f"{a.unit}：余额 {format_yuan(a.balance_fen)}，台账 {format_yuan(a.ledger_fen)}"
                 for a in self.accounts if not a.ok]
        if self.held_fen != self.inflow_fen - self.outflow_fen:
            found.append(f"各账户余额合计 {format_yuan(self.held_fen)} ≠ 入账 {format_yuan(self.inflow_fen)}"
                         f" − 发放 {format_yuan(self.outflow_fen)}")
        if self.budget_fen != self.inflow_fen:
            found.append(f"预算 {format_yuan(self.budget_fen)} ≠ 追加资金净额 {format_yuan(self.inflow_fen)}")
        return found

    @property
    def ok(self) -> bool:
        return not self.problems


def _sum(queryset: Any) -> int:
    return int(queryset.aggregate(total=Sum("amount_fen"))["total"] or 0)


def reconcile_fund(fund: Fund) -> FundReconciliation:
    """Every account's balance column against the ledger, and the fund's totals against each other."""
    ledger = LedgerEntry.objects.filter(fund=fund)
    credits = dict(ledger.filter(destination__isnull=False).values_list("destination")
                   .annotate(total=Sum("amount_fen")).values_list("destination", "total"))
    debits = dict(ledger.filter(source__isnull=False).values_list("source")
                  .annotate(total=Sum("amount_fen")).values_list("source", "total"))
    accounts = [
        AccountCheck(allocation_id=a.pk, unit=a.org.name, balance_fen=a.balance_fen,
                     ledger_fen=int(credits.get(a.pk, 0) or 0) - int(debits.get(a.pk, 0) or 0))
        for a in Allocation.objects.filter(fund=fund).select_related("org")
    ]
    topped_up = _sum(ledger.filter(kind=LedgerKind.TOP_UP)) - _sum(
        ledger.filter(kind=LedgerKind.REVERSAL, reverses__kind=LedgerKind.TOP_UP))
    disbursed = _sum(ledger.filter(kind=LedgerKind.DISBURSEMENT)) - _sum(
        ledger.filter(kind=LedgerKind.REVERSAL, reverses__kind=LedgerKind.DISBURSEMENT))
    fund.refresh_from_db(fields=["budget_fen"])
    return FundReconciliation(fund_id=fund.pk, budget_fen=fund.budget_fen, inflow_fen=topped_up,
                              outflow_fen=disbursed, held_fen=sum(a.balance_fen for a in accounts),
                              accounts=accounts)
