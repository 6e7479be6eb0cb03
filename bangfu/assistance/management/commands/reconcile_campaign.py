"""`manage.py reconcile_campaign <program id>`: the campaign's reconciliation by unit and by group, with the
total rows, as the city officer who owns the program sees it; exit 1 when any difference is found."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bangfu.accounts.models import User
from bangfu.assistance.models import Program
from bangfu.assistance.reconciliation import UnitRow, campaign_reconciliation
from bangfu.core.money import format_yuan


def _unit_line(row: UnitRow) -> str:
    return (f"{row.unit}：计划 {row.planned_people} 人 {format_yuan(row.planned_fen)}，走访 {row.visited_people} 人，"
            f"登记现金 {format_yuan(row.visited_cash_fen)}，追加 {format_yuan(row.top_up_fen)}，"
            f"实发 {format_yuan(row.paid_fen)}，差额 {format_yuan(row.difference_fen)}，"
            f"{'一致' if row.consistent else '不一致'}")


class Command(BaseCommand):
    help = "活动对账：按单位与类别比较计划与实发，列出每一处差异；有差异时以状态 1 退出。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("program_id", type=int, help="活动（项目）编号")
        parser.add_argument("--as", dest="username", default="", help="以该用户的数据范围对账（默认：全部）")

    def handle(self, *args: Any, **options: Any) -> None:
        program = Program.objects.filter(pk=options["program_id"]).first()
        if program is None:
            raise CommandError(f"活动编号 {options['program_id']} 不存在")
        if options["username"]:
            viewer = User.objects.filter(username=options["username"], is_active=True).first()
            if viewer is None:
                raise CommandError(f"用户“{options['username']}”不存在或已停用")
        else:
            viewer = User(is_superuser=True, is_active=True)  # the operator's view: everything, unsaved
        report = campaign_reconciliation(viewer, program)
        self.stdout.write(f"{program.name} · 按单位")
        for row in [*report.units, report.unit_totals()]:
            self.stdout.write("  " + _unit_line(row))
        self.stdout.write(f"{program.name} · 按类别")
        totals = report.totals()
        for group in report.groups:
            self.stdout.write(f"  {group.priority}. {group.group}：计划 {format_yuan(group.planned_fen)}，"
                              f"实发 {format_yuan(group.paid_fen)}，差额 {format_yuan(group.difference_fen)}")
        self.stdout.write(f"  合计：计划 {format_yuan(totals['planned_fen'])}，"
                          f"实发 {format_yuan(totals['disbursed_fen'])}，差额 {format_yuan(totals['difference_fen'])}")
        for problem in report.problems:
            self.stdout.write(f"  差异：{problem}")
        if report.problems:
            raise CommandError(f"发现 {len(report.problems)} 处差异")
