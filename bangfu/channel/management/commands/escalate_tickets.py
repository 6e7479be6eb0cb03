"""`manage.py escalate_tickets`: flag each overdue 12351 ticket to the unit above its assignee (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from bangfu.channel.services import escalate_overdue


class Command(BaseCommand):
    help = "Escalate overdue 12351 tickets to the unit above their assignee (督办)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = escalate_overdue()
        self.stdout.write(f"已提请督办的超时工单：{count} 件")
