"""Enqueue a probe on the configured task backend and wait for a worker to run it."""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus

from bangfu.core.tasks import queue_probe


class Command(BaseCommand):
    help = "Check that the task queue's workers run work (exit code 1 after --timeout seconds)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--timeout", type=float, default=30.0)

    def handle(self, *args: Any, **options: Any) -> None:
        token = secrets.token_hex(4)
        result = queue_probe.enqueue(token)
        deadline = time.monotonic() + options["timeout"]
        while result.status not in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED):
            if time.monotonic() > deadline:
                raise CommandError(
                    f"任务队列在 {options['timeout']:.0f} 秒内没有执行探测任务：请检查 worker 是否在运行。"
                )
            time.sleep(0.2)
            result.refresh()
        if result.status == TaskResultStatus.FAILED or result.return_value != f"pong:{token}":
            raise CommandError("探测任务执行失败。")
        self.stdout.write(self.style.SUCCESS(f"任务队列正常：worker {', '.join(result.worker_ids)} 执行了探测任务。"))
