"""Close the campaigns whose period has ended (run daily, e.g. from cron at 00:10): their lists freeze and no
more visits are recorded. Recorded in the audit log under the command's name."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from bangfu.assistance.services.programs import close_ended_campaigns


class Command(BaseCommand):
    help = "Close every active campaign whose end date has passed (its lists freeze)."

    def handle(self, *args: Any, **options: Any) -> None:
        closed = close_ended_campaigns(as_of=timezone.localdate())
        for program in closed:
            self.stdout.write(f"已关闭：{program.name}（{program.starts_on} 至 {program.ends_on}）")
        self.stdout.write(self.style.SUCCESS(f"共关闭 {len(closed)} 个已到期的活动。"))
