"""Campaign reconciliation (对账): allocated vs disbursed vs visited, by unit and by group, within scope.

Beside the ledger's own consistency (received − passed down − paid = balance), every row compares what was
paid to people against the plan: paid = visit cash and approved top-ups actually paid; a row is flagged
when more was paid than planned plus approved top-ups, or when the cash recorded at visits differs from
what the ledger paid for them (a visit "paid" while no money moved). Both tables carry a total row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, Sum

from bangfu.assistance.models import DisbursementStatus, LedgerEntry, LedgerKind, Program, TopUpStatus
from bangfu.assistance.queries import effective_entries, visible_allocations, visible_top_ups, visible_visits
from bangfu.core.money import format_yuan


@dataclass
class PlanCheck:
    """Paid to people against the plan, shared by the unit and the group rows."""

    planned_fen: int = 0
    visited_cash_fen: int = 0  # cash written on the visit records
    visit_paid_fen: int = 0  # what the ledger actually paid for those visits
    top_up_fen: int = 0  # approved (and paid) top-ups
    over_people: int = 0  # visits whose cash exceeds the person's amount on the list
    over_fen: int = 0  # by how much, together

    @property
    def paid_fen(self) -> int:
        return self.visit_paid_fen + self.top_up_fen

    @property
    def difference_fen(self) -> int:
        """Paid minus planned: above zero only by approved top-ups."""
        return self.paid_fen - self.planned_fen

    @property
    def plan_problems(self) -> list[str]:
        found = []
        if self.visit_paid_fen > self.planned_fen:
            found.append(f"走访实发 {format_yuan(self.visit_paid_fen)} 超过计划 {format_yuan(self.planned_fen)}")
        if self.over_people:
            found.append(f"{self.over_people} 人走访现金超过名单核定金额，合计超出 {format_yuan(self.over_fen)}")
        if self.visited_cash_fen != self.visit_paid_fen:
            found.append(f"走访登记现金 {format_yuan(self.visited_cash_fen)} ≠ 台账实发 "
                         f"{format_yuan(self.visit_paid_fen)}")
        return found


@dataclass
class UnitRow(PlanCheck):
    unit_id: int = 0
    unit: str = ""
    path: str = ""
    received_fen: int = 0  # allocated to the unit (top-ups for the root), net of reversals
    passed_down_fen: int = 0  # allocated on to units below, net of reversals
    disbursed_fen: int = 0  # paid out, net of reversals
    balance_fen: int = 0
    planned_people: int = 0
    visited_people: int = 0

    @property
    def ledger_consistent(self) -> bool:
        return self.received_fen - self.passed_down_fen - self.disbursed_fen == self.balance_fen

    @property
    def problems(self) -> list[str]:
        found = [] if self.ledger_consistent else [
            f"入账 {format_yuan(self.received_fen)} − 下拨 {format_yuan(self.passed_down_fen)} − 发放 "
            f"{format_yuan(self.disbursed_fen)} ≠ 余额 {format_yuan(self.balance_fen)}"]
        return found + self.plan_problems

    @property
    def consistent(self) -> bool:
        return not self.problems

    @property
    def unvisited_people(self) -> int:
        return self.planned_people - self.visited_people


@dataclass
class GroupRow(PlanCheck):
    priority: int = 0
    group: str = ""
    planned_people: int = 0
    visited_people: int = 0
    goods_value_fen: int = 0
    fubao: int = 0

    @property
    def cash_fen(self) -> int:
        return self.visited_cash_fen

    @property
    def disbursed_fen(self) -> int:
        return self.paid_fen

    @property
    def problems(self) -> list[str]:
        return self.plan_problems

    @property
    def consistent(self) -> bool:
        return not self.problems


@dataclass
class CampaignReconciliation:
    units: list[UnitRow] = field(default_factory=list)
    groups: list[GroupRow] = field(default_factory=list)

    def totals(self) -> dict[str, int]:
        return {
            "planned_people": sum(g.planned_people for g in self.groups),
            "planned_fen": sum(g.planned_fen for g in self.groups),
            "visited_people": sum(g.visited_people for g in self.groups),
            "cash_fen": sum(g.cash_fen for g in self.groups),
            "disbursed_fen": sum(g.disbursed_fen for g in self.groups),
            "top_up_fen": sum(g.top_up_fen for g in self.groups),
            "difference_fen": sum(g.difference_fen for g in self.groups),
            "fubao": sum(g.fubao for g in self.groups),
            "goods_value_fen": sum(g.goods_value_fen for g in self.groups),
        }

    def unit_totals(self) -> UnitRow:
        """The total row of the unit table (a UnitRow, so it carries its own checks)."""
        total = UnitRow(unit="合计")
        for row in self.units:
            for name in ("received_fen", "passed_down_fen", "disbursed_fen", "balance_fen", "planned_people",
                         "planned_fen", "visited_people", "visited_cash_fen", "visit_paid_fen", "top_up_fen",
                         "over_people", "over_fen"):
                setattr(total, name, getattr(total, name) + getattr(row, name))
        return total

    @property
    def problems(self) -> list[str]:
        """Every difference, one line each, naming the unit or group."""
        return ([f"{u.unit}：{p}" for u in self.units for p in u.problems]
                + [f"{g.priority}. {g.group}：{p}" for g in self.groups for p in g.problems])

    @property
    def ok(self) -> bool:
        return not self.problems


def _by_account(entries: Any, account: str) -> dict[int, int]:
    return {pk: int(total or 0) for pk, total in entries.values_list(account).annotate(
        total=Sum("amount_fen")).values_list(account, "total")}


def _unit_rows(user: Any, program: Program) -> dict[int, UnitRow]:
    accounts = list(visible_allocations(user).filter(fund__program=program))
    ledger = LedgerEntry.objects.filter(fund__program=program)
    reversal = LedgerKind.REVERSAL
    received = _by_account(ledger.filter(kind__in=[LedgerKind.ALLOCATION, LedgerKind.TOP_UP]), "destination")
    received_back = _by_account(ledger.filter(kind=reversal, reverses__kind__in=[LedgerKind.ALLOCATION,
                                                                                   LedgerKind.TOP_UP]), "source")
    passed = _by_account(ledger.filter(kind=LedgerKind.ALLOCATION), "source")
    passed_back = _by_account(ledger.filter(kind=reversal, reverses__kind=LedgerKind.ALLOCATION), "destination")
    paid = _by_account(ledger.filter(kind=LedgerKind.DISBURSEMENT), "source")
    paid_back = _by_account(ledger.filter(kind=reversal, reverses__kind=LedgerKind.DISBURSEMENT), "destination")
    rows: dict[int, UnitRow] = {}
    for account in accounts:
        row = rows.setdefault(account.org_id, _unit(account.org_id, account.org.name, account.org.path))
        row.received_fen += received.get(account.pk, 0) - received_back.get(account.pk, 0)
        row.passed_down_fen += passed.get(account.pk, 0) - passed_back.get(account.pk, 0)
        row.disbursed_fen += paid.get(account.pk, 0) - paid_back.get(account.pk, 0)
        row.balance_fen += account.balance_fen
    return rows


def _unit(unit_id: int, name: str, path: str) -> UnitRow:
    return UnitRow(unit_id=unit_id, unit=name, path=path)


PAID = Q(disbursement__status=DisbursementStatus.PAID)
# A visit whose cash exceeds its entry's amount (only possible for rows from before the cap, or changed
# behind the services): counted person by person, so another person's unspent amount cannot hide it.
OVER = Q(cash_fen__gt=F("beneficiary__amount_fen"))
OVER_BY = F("cash_fen") - F("beneficiary__amount_fen")


def campaign_reconciliation(user: Any, program: Program) -> CampaignReconciliation:
    rows = _unit_rows(user, program)
    entries = effective_entries(user, program)
    for unit_id, name, path, people, amount in (entries.values("blist__org", "blist__org__name", "blist__org__path")
                                                .annotate(people=Count("id"), amount=Sum("amount_fen"))
                                                .values_list("blist__org", "blist__org__name", "blist__org__path",
                                                             "people", "amount")):
        row = rows.setdefault(unit_id, _unit(unit_id, name, path))
        row.planned_people, row.planned_fen = people, int(amount or 0)
    visits = visible_visits(user).filter(program=program)
    unit_keys = ("beneficiary__blist__org", "beneficiary__blist__org__name", "beneficiary__blist__org__path")
    for unit_id, name, path, people, cash, paid, over_people, over in (
            visits.values(*unit_keys)
            .annotate(people=Count("id"), cash=Sum("cash_fen"), paid=Sum("disbursement__amount_fen", filter=PAID),
                      over_people=Count("id", filter=OVER), over=Sum(OVER_BY, filter=OVER))
            .values_list(*unit_keys, "people", "cash", "paid", "over_people", "over")):
        row = rows.setdefault(unit_id, _unit(unit_id, name, path))
        row.visited_people, row.visited_cash_fen, row.visit_paid_fen = people, int(cash or 0), int(paid or 0)
        row.over_people, row.over_fen = over_people, int(over or 0)
    top_ups = visible_top_ups(user).filter(program=program, status=TopUpStatus.APPROVED).filter(PAID)
    for unit_id, name, path, amount in (top_ups.values(*unit_keys).annotate(amount=Sum("amount_fen"))
                                        .values_list(*unit_keys, "amount")):
        rows.setdefault(unit_id, _unit(unit_id, name, path)).top_up_fen = int(amount or 0)
    groups: dict[int, GroupRow] = {}
    for priority, name, people, amount in (entries.values("campaign_group__priority")
                                           .annotate(people=Count("id"), amount=Sum("amount_fen"))
                                           .values_list("campaign_group__priority",
                                                        "campaign_group__target_group__name", "people", "amount")):
        groups[priority] = GroupRow(priority=priority, group=name, planned_people=people, planned_fen=int(amount or 0))
    group_keys = ("beneficiary__campaign_group__priority", "beneficiary__campaign_group__target_group__name")
    for priority, name, people, cash, goods, fubao, disbursed, over_people, over in (
            visits.values(group_keys[0])
            .annotate(people=Count("id"), cash=Sum("cash_fen"), goods=Sum("goods_value_fen"),
                      fubao=Sum("fubao_count"), disbursed=Sum("disbursement__amount_fen", filter=PAID),
                      over_people=Count("id", filter=OVER), over=Sum(OVER_BY, filter=OVER))
            .values_list(*group_keys, "people", "cash", "goods", "fubao", "disbursed", "over_people", "over")):
        group = groups.setdefault(priority, GroupRow(priority=priority, group=name))
        group.over_people, group.over_fen = over_people, int(over or 0)
        group.visited_people, group.visited_cash_fen = people, int(cash or 0)
        group.goods_value_fen, group.fubao, group.visit_paid_fen = int(goods or 0), int(fubao or 0), int(disbursed or 0)
    for priority, name, amount in (top_ups.values(group_keys[0]).annotate(amount=Sum("amount_fen"))
                                   .values_list(*group_keys, "amount")):
        groups.setdefault(priority, GroupRow(priority=priority, group=name)).top_up_fen = int(amount or 0)
    return CampaignReconciliation(units=sorted(rows.values(), key=lambda r: r.path),
                                  groups=[groups[key] for key in sorted(groups)])
