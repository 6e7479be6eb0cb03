"""Work a task worker left unfinished because it was killed (SIGKILL, out of memory, a power cut).

A killed worker runs no `finally`: the database rolls back the transaction it was in, so no record is
half-written, but the task's row in the queue (`DBTaskResult`) and the domain job it was running (an import,
a matching run) would say 运行中 for ever. Each worker is named after its machine, the machine's boot and its
process (`worker_identity`); when a worker starts (`manage.py task_worker`, restarted by systemd or the Procfile's
supervisor after a kill), it looks for tasks still marked running by a worker of its own machine whose process
is gone, marks them failed with a message in words, and lets the app that owns the task close its job with a
message its user sees (`when_interrupted`): that job is submitted again from its page (a retry from the task
monitor would find it closed and do nothing, so the monitor does not offer one); a task without a job (a
duplicate scan) is retried from the monitor. A worker on another machine is left to that machine's next worker:
only there can its process be checked.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

WORKER_KILLED = "bangfu.core.interruptions.WorkerKilled"
KILLED_MESSAGE = ("处理该任务的后台进程意外中止（被强制结束或机器重启），任务未完成；已写入的数据均完整。"
                  "导入、匹配等业务已在其页面标记为失败并说明如何重新提交，请按页面提示重新提交，不要在此重试。")

# args, kwargs of the interrupted task → the app closes its job (marks it failed, says what was kept)
Handler = Callable[[list[Any], dict[str, Any]], None]
_HANDLERS: dict[str, Handler] = {}


def when_interrupted(task: Task[Any, Any]) -> Callable[[Handler], Handler]:
    """Register what the app does with its job when a worker died running `task` (declared beside the task)."""

    def register(handler: Handler) -> Handler:
        _HANDLERS[task.module_path] = handler
        return handler

    return register


MAX_WORKER_ID = 64  # django-tasks-db's limit


def _host_key() -> str:
    """The machine's name, whole when short, else its start and a digest of the whole: two machines whose names
    share their first characters (pods of one deployment) are never taken for one another."""
    host = socket.gethostname()
    if len(host) <= 40:
        return host
    return f"{host[:27]}~{hashlib.sha256(host.encode()).hexdigest()[:12]}"


@lru_cache(maxsize=1)
def _boot_id() -> str:
    """This boot of the machine (Linux); a worker named with another boot's id died in that boot, whatever
    process now holds its number (after a restart a container's worker is often pid 1 again)."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip().replace("-", "")[:8]
    except OSError:
        return "noboot"


def worker_identity(pid: int | None = None) -> str:
    """`host:boot:pid`: what a worker's tasks are marked with, so a later worker on the host can tell it died."""
    return f"{_host_key()}:{_boot_id()}:{pid or os.getpid()}"[:MAX_WORKER_ID]


def _process_gone(worker_id: str) -> bool:
    host, boot, pid = ([""] * 3 + worker_id.split(":"))[-3:]
    if host != _host_key() or not (pid.isascii() and pid.isdigit() and len(pid) <= 9):
        return False  # another machine's worker (or an unnamed one): only that machine can tell
    if boot != _boot_id() or int(pid) == os.getpid():
        return True  # died in an earlier boot, or an earlier life of this very process (a container's pid 1)
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, ValueError):
        return False  # a live process of another user, or no process number at all
    return False


def recover_interrupted_tasks() -> list[str]:
    """Close every task a dead worker of this machine left running; returns the task ids closed.

    The task is marked failed in its own transaction first: whatever happens to the app's job after it, the
    worker starts and the queue moves (a job that cannot be closed is logged, never a worker that cannot start).
    """
    closed: list[str] = []
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).order_by("started_at"):
        worker = result.worker_ids[-1] if isinstance(result.worker_ids, list) and result.worker_ids else ""
        if not _process_gone(str(worker)):
            continue
        claimed = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED, finished_at=timezone.now(), return_value=None,
            exception_class_path=WORKER_KILLED, traceback=f"（进程 {worker}）\n{KILLED_MESSAGE}")
        if not claimed:
            continue  # another worker starting at the same moment closed it
        closed.append(str(result.pk))
        logger.warning("task %s (%s) was left running by dead worker %s: marked failed", result.pk,
                       result.task_path, worker)
        try:
            with transaction.atomic():
                _close_job(result)
        except Exception:
            logger.exception("task %s: its job could not be closed after the worker died", result.pk)
    return closed


def closed_by_its_app(result: DBTaskResult) -> bool:
    """A task a dead worker left whose app closed its job: submitted again from the job's page, not retried."""
    return result.exception_class_path == WORKER_KILLED and _handler_for(result) is not None


def _handler_for(result: DBTaskResult) -> Handler | None:
    try:
        result.task  # noqa: B018 - importing the task's module registers its handler
    except Exception:  # a task gone from this version has no job to close
        return None
    return _HANDLERS.get(result.task_path)


def _close_job(result: DBTaskResult) -> None:
    handler = _handler_for(result)
    if handler is None:
        return
    args_kwargs = result.args_kwargs if isinstance(result.args_kwargs, dict) else {}
    args, kwargs = args_kwargs.get("args"), args_kwargs.get("kwargs")
    handler(list(args) if isinstance(args, list) else [], dict(kwargs) if isinstance(kwargs, dict) else {})
