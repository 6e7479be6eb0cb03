"""`manage.py reconcile_ledger`: check every fund's balances against its ledger; exit 1 on any mismatch."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from bangfu.assistance.models import Fund
from bangfu.assistance.services.ledger import reconcile_fund
from bangfu.core.money import format_yuan


class Command(BaseCommand):
    help = "核对各项资金的账户余额与台账（余额字段 = 台账合计，余额合计 = 入账 − 发放）。"

    def handle(self, *args: Any, **options: Any) -> None:
        problems = 0
        for fund in Fund.objects.select_related("program").order_by("pk"):
            report = reconcile_fund(fund)
            state = "一致" if report.ok else "不一致"
            self.stdout.write(f"{fund.program.name} · {fund.name}：预算 {format_yuan(report.budget_fen)}，"
                              f"已发放 {format_yuan(report.outflow_fen)}，"
                              f"余额合计 {format_yuan(report.held_fen)}，{state}")
            for problem in report.problems:
                problems += 1
                self.stdout.write(f"  {problem}")
        if problems:
            raise CommandError(f"发现 {problems} 处不一致")
