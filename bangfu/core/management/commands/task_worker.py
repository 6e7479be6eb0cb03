"""The platform's task worker: django-tasks-db's `db_worker`, named after its machine and process, which first
closes what a killed worker left running (core.interruptions). Production runs this (deploy/Procfile)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorker

from bangfu.core.interruptions import recover_interrupted_tasks, worker_identity


class Command(DbWorker):
    help = "后台任务进程：先收尾被强制结束的进程遗留的任务，再处理队列（数据库队列）。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=worker_identity())

    def handle(self, *args: Any, **options: Any) -> None:
        for task_id in recover_interrupted_tasks():
            self.stdout.write(f"已收尾被中止的任务 {task_id}：标记为失败，可在任务监控中重试。")
        super().handle(*args, **options)
