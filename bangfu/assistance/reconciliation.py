"""Campaign reconciliation (对账): allocated vs disbursed vs visited, by unit and by group, within scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum

from bangfu.assistance.models import DisbursementStatus, LedgerEntry, LedgerKind, Program
from bangfu.assistance.queries import effective_entries, visible_allocations, visible_visits


@dataclass
class UnitRow:
    unit_id: int
    unit: str
    path: str
    received_fen: int = 0  # allocated to the unit (top-ups for the root), net of reversals
    passed_down_fen: int = 0  # allocated on to units below, net of reversals
    disbursed_fen: int = 0  # paid out, net of reversals
    balance_fen: int = 0
    planned_people: int = 0
    planned_fen: int = 0
    visited_people: int = 0
    visited_cash_fen: int = 0

    @property
    def consistent(self) -> bool:
        return self.received_fen - self.passed_down_fen - self.disbursed_fen == self.balance_fen

    @property
    def unvisited_people(self) -> int:
        return self.planned_people - self.visited_people


@dataclass
class GroupRow:
    priority: int
    group: str
    planned_people: int = 0
    planned_fen: int = 0
    visited_people: int = 0
    cash_fen: int = 0
    goods_value_fen: int = 0
    fubao: int = 0
    disbursed_fen: int = 0


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
        }


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
        row = rows.setdefault(account.org_id, UnitRow(account.org_id, account.org.name, account.org.path))
        row.received_fen += received.get(account.pk, 0) - received_back.get(account.pk, 0)
        row.passed_down_fen += passed.get(account.pk, 0) - passed_back.get(account.pk, 0)
        row.disbursed_fen += paid.get(account.pk, 0) - paid_back.get(account.pk, 0)
        row.balance_fen += account.balance_fen
    return rows


def campaign_reconciliation(user: Any, program: Program) -> CampaignReconciliation:
    rows = _unit_rows(user, program)
    entries = effective_entries(user, program)
    for unit_id, name, path, people, amount in (entries.values("blist__org", "blist__org__name", "blist__org__path")
                                                .annotate(people=Count("id"), amount=Sum("amount_fen"))
                                                .values_list("blist__org", "blist__org__name", "blist__org__path",
                                                             "people", "amount")):
        row = rows.setdefault(unit_id, UnitRow(unit_id, name, path))
        row.planned_people, row.planned_fen = people, int(amount or 0)
    visits = visible_visits(user).filter(program=program)
    for unit_id, name, path, people, cash in (visits.values("beneficiary__blist__org", "beneficiary__blist__org__name",
                                                            "beneficiary__blist__org__path")
                                              .annotate(people=Count("id"), cash=Sum("cash_fen"))
                                              .values_list("beneficiary__blist__org", "beneficiary__blist__org__name",
                                                           "beneficiary__blist__org__path", "people", "cash")):
        row = rows.setdefault(unit_id, UnitRow(unit_id, name, path))
        row.visited_people, row.visited_cash_fen = people, int(cash or 0)
    groups: dict[int, GroupRow] = {}
    for priority, name, people, amount in (entries.values("campaign_group__priority")
                                           .annotate(people=Count("id"), amount=Sum("amount_fen"))
                                           .values_list("campaign_group__priority",
                                                        "campaign_group__target_group__name", "people", "amount")):
        groups[priority] = GroupRow(priority, name, planned_people=people, planned_fen=int(amount or 0))
    paid = Q(disbursement__status=DisbursementStatus.PAID)
    for priority, name, people, cash, goods, fubao, disbursed in (
            visits.values("beneficiary__campaign_group__priority")
            .annotate(people=Count("id"), cash=Sum("cash_fen"), goods=Sum("goods_value_fen"),
                      fubao=Sum("fubao_count"), disbursed=Sum("disbursement__amount_fen", filter=paid))
            .values_list("beneficiary__campaign_group__priority", "beneficiary__campaign_group__target_group__name",
                         "people", "cash", "goods", "fubao", "disbursed")):
        group = groups.setdefault(priority, GroupRow(priority, name))
        group.visited_people, group.cash_fen = people, int(cash or 0)
        group.goods_value_fen, group.fubao, group.disbursed_fen = int(goods or 0), int(fubao or 0), int(disbursed or 0)
    return CampaignReconciliation(units=sorted(rows.values(), key=lambda r: r.path),
                                  groups=[groups[key] for key in sorted(groups)])
