"""Work a task worker left unfinished because it was killed (SIGKILL, out of memory, a power cut).

A killed worker runs no `finally`: the database rolls back the transaction it was in, so no record is
half-written, but the task's row in the queue (`DBTaskResult`) and the domain job it was running (an import,
a matching run) would say 运行中 for ever. Each worker is named after its machine and process
(`worker_identity`); when a worker starts (`manage.py task_worker`, restarted by systemd or the Procfile's
supervisor after a kill), it looks for tasks still marked running by a worker of its own machine whose process
is gone, marks them failed with a message in words (the task monitor offers 重试), and lets the app that owns
the task close its job with a message its user sees (`when_interrupted`). A worker on another machine is left
to that machine's next worker: only there can its process be checked.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

WORKER_KILLED = "bangfu.core.interruptions.WorkerKilled"
KILLED_MESSAGE = ("处理该任务的后台进程意外中止（被强制结束或机器重启），任务未完成；已写入的数据均完整。"
                  "可在任务监控中重试。")

# args, kwargs of the interrupted task → the app closes its job (marks it failed, says what was kept)
Handler = Callable[[list[Any], dict[str, Any]], None]
_HANDLERS: dict[str, Handler] = {}


def when_interrupted(task: Task[Any, Any]) -> Callable[[Handler], Handler]:
    """Register what the app does with its job when a worker died running `task` (declared beside the task)."""

    def register(handler: Handler) -> Handler:
        _HANDLERS[task.module_path] = handler
        return handler

    return register


def _host() -> str:
    return socket.gethostname()[:40]


def worker_identity(pid: int | None = None) -> str:
    """`host:pid`: what a worker's tasks are marked with, so a later worker on the host can tell it died."""
    return f"{_host()}:{pid or os.getpid()}"


def _process_gone(worker_id: str) -> bool:
    host, _sep, pid = worker_id.rpartition(":")
    if host != _host() or not pid.isdigit():
        return False  # another machine's worker (or an unnamed one): only that machine can tell
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # a live process of another user
    return False


def recover_interrupted_tasks() -> list[str]:
    """Close every task a dead worker of this machine left running; returns the task ids closed."""
    closed: list[str] = []
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).order_by("started_at"):
        worker = result.worker_ids[-1] if result.worker_ids else ""
        if not _process_gone(str(worker)):
            continue
        with transaction.atomic():
            claimed = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED, finished_at=timezone.now(), return_value=None,
                exception_class_path=WORKER_KILLED, traceback=f"{KILLED_MESSAGE}\n（进程 {worker}）")
            if not claimed:
                continue  # another worker starting at the same moment closed it
            _close_job(result)
        closed.append(str(result.pk))
        logger.warning("task %s (%s) was left running by dead worker %s: marked failed", result.pk,
                       result.task_path, worker)
    return closed


def _close_job(result: DBTaskResult) -> None:
    try:
        result.task  # noqa: B018 - importing the task's module registers its handler
    except Exception:  # a task gone from this version has no job to close
        return
    handler = _HANDLERS.get(result.task_path)
    if handler is None:
        return
    args_kwargs = result.args_kwargs if isinstance(result.args_kwargs, dict) else {}
    handler(list(args_kwargs.get("args", [])), dict(args_kwargs.get("kwargs", {})))
