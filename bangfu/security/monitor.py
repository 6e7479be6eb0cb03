"""The administrator's task monitor and server page: which background tasks wait, run or failed (with their
error), a retry of a failed one, and the facts of the server (database, queue, disk, versions).

The queue's own table is the record: the database backend (`django_tasks_db.DBTaskResult`) writes a row per
task. The immediate backend of the embedded default runs a task inside the request and keeps nothing, so a
task it runs that fails is written into the same table (`record_immediate_failure`, connected in
`SecurityConfig.ready`), finished and never picked up by a worker: the monitor then shows one list whatever
the backend, and a retry goes through whatever backend is configured now.
"""

from __future__ import annotations

import logging
import platform
import shutil
import sys
import uuid
from dataclasses import dataclass
from importlib import metadata
from typing import Any

import django
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import TaskResult, TaskResultStatus, task_backends
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from bangfu.core import audit
from bangfu.core.errors import ServiceError
from bangfu.core.interruptions import closed_by_its_app

logger = logging.getLogger(__name__)

STATUS_LABELS: dict[str, Any] = {
    TaskResultStatus.READY: gettext_lazy("Waiting to run"),
    TaskResultStatus.RUNNING: gettext_lazy("Running now"),
    TaskResultStatus.FAILED: gettext_lazy("Failed"),
    TaskResultStatus.SUCCESSFUL: gettext_lazy("Finished"),
}
# The tasks of the platform by function name, in words (an unknown task shows its path).
TASK_LABELS = {
    "run_import_job": gettext_lazy("Household import"),
    "scan_imported_duplicates": gettext_lazy("Duplicate scan after an import"),
    "run_matching": gettext_lazy("Matching run"),
    "queue_probe": gettext_lazy("Queue probe (check_queue)"),
}
BACKEND_LABELS = {
    "immediate": gettext_lazy("Immediate (runs inside the request; development and single-server installations)"),
    "database": gettext_lazy("Database queue (separate workers: manage.py db_worker)"),
    "rq": gettext_lazy("Redis queue (separate workers: manage.py rqworker)"),
}
RETRIED_KEY = "retried_as"


@dataclass(frozen=True)
class TaskRow:
    id: str
    label: str
    path: str
    queue: str
    status: str
    status_label: str
    enqueued_at: Any
    started_at: Any
    finished_at: Any
    error: str  # the exception's class and its last line: what went wrong, in one line
    traceback: str
    retried_as: str
    closed_by_app: bool = False  # a dead worker's task whose job its app closed: submitted again from its page

    @property
    def retryable(self) -> bool:
        return self.status == TaskResultStatus.FAILED and not self.retried_as and not self.closed_by_app


def task_label(task_path: str) -> str:
    name = task_path.rsplit(".", 1)[-1]
    return str(TASK_LABELS.get(name, task_path))


def _error_line(exception_class_path: str, traceback: str) -> str:
    lines = [line for line in traceback.strip().splitlines() if line.strip()]
    last = lines[-1].strip() if lines else ""
    return last or exception_class_path


def _row(result: DBTaskResult) -> TaskRow:
    retried = result.return_value.get(RETRIED_KEY, "") if isinstance(result.return_value, dict) else ""
    failed = result.status == TaskResultStatus.FAILED
    return TaskRow(
        id=str(result.id), label=task_label(result.task_path), path=result.task_path, queue=result.queue_name,
        status=result.status, status_label=str(STATUS_LABELS.get(result.status, result.status)),
        enqueued_at=result.enqueued_at, started_at=result.started_at, finished_at=result.finished_at,
        error=_error_line(result.exception_class_path, result.traceback) if failed else "",
        traceback=result.traceback if failed else "", retried_as=str(retried) if failed else "",
        closed_by_app=failed and closed_by_its_app(result),
    )


def task_results(status: str = "") -> QuerySet[DBTaskResult]:
    """The queue's rows, newest first; `status` one of TaskResultStatus (anything else: all)."""
    results = DBTaskResult.objects.order_by("-enqueued_at")
    if status in TaskResultStatus.values:
        results = results.filter(status=status)
    return results


def task_rows(results: Any) -> list[TaskRow]:
    return [_row(result) for result in results]


def status_counts() -> dict[str, int]:
    counts = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {status: counts.get(status, 0) for status in TaskResultStatus.values}


def failed_task_for(pk: str) -> DBTaskResult | None:
    """The failed task a retry names (None when the id is malformed or names no failed task)."""
    try:
        key = uuid.UUID(str(pk))
    except ValueError:
        return None
    return DBTaskResult.objects.filter(id=key).first()


def retry_task(*, actor: Any, result: DBTaskResult) -> TaskResult[Any]:
    """Enqueue a failed task again with its arguments, through the backend configured now; recorded.

    The failed row is claimed first with a conditional UPDATE (still failed, not yet retried), so two
    administrators pressing 重试 at once enqueue it once. Tasks take ids and are idempotent (DESIGN §2).
    """
    if result.status != TaskResultStatus.FAILED:
        raise ServiceError(_("Only a failed task can be retried; this one is %(status)s.")
                           % {"status": STATUS_LABELS.get(result.status, result.status)}, status=409)
    if closed_by_its_app(result):
        raise ServiceError(_("This task's worker was stopped and its job was closed with a message on its own "
                             "page; submit it again there."), status=409)
    try:
        task = result.task
    except (ImportError, SuspiciousOperation) as exc:
        raise ServiceError(_("The task %(path)s no longer exists in this version; it cannot be retried.")
                           % {"path": result.task_path}, status=409) from exc
    marker = {RETRIED_KEY: "pending"}
    with transaction.atomic():
        # A failed row's return value is SQL NULL (or JSON null): anything else marks a retry already made.
        not_retried = Q(return_value__isnull=True) | Q(return_value=None)
        claimed = (DBTaskResult.objects.filter(not_retried, pk=result.pk, status=TaskResultStatus.FAILED)
                   .update(return_value=marker))
        if not claimed:
            raise ServiceError(_("This task has already been retried."), status=409)
        audit.record("system.task_retry", actor=actor, changes={"task": result.task_path, "task_id": str(result.pk)})
    # Enqueued after the claim's commit: an immediate backend runs the task here, outside any transaction.
    args = result.args_kwargs.get("args", []) if isinstance(result.args_kwargs, dict) else []
    kwargs = result.args_kwargs.get("kwargs", {}) if isinstance(result.args_kwargs, dict) else {}
    new = task.using(run_after=None).enqueue(*args, **kwargs)
    DBTaskResult.objects.filter(pk=result.pk).update(return_value={RETRIED_KEY: str(new.id)})
    return new


def record_immediate_failure(sender: Any, task_result: TaskResult[Any], **kwargs: Any) -> None:
    """`task_finished` receiver: a task the immediate backend ran and that failed gets a row in the queue
    table, so that the monitor shows its error and offers a retry. Never raises into the task's caller."""
    if not (isinstance(sender, type) and issubclass(sender, ImmediateBackend)):
        return
    if task_result.status != TaskResultStatus.FAILED:
        return
    error = task_result.errors[-1] if task_result.errors else None
    try:
        with transaction.atomic():
            DBTaskResult.objects.create(
                id=uuid.uuid4(), status=TaskResultStatus.FAILED, started_at=task_result.started_at,
                finished_at=task_result.finished_at or timezone.now(),
                args_kwargs={"args": list(task_result.args), "kwargs": dict(task_result.kwargs)},
                priority=task_result.task.priority, task_path=task_result.task.module_path,
                worker_ids=list(task_result.worker_ids), queue_name=task_result.task.queue_name,
                backend_name=task_result.backend, run_after=get_date_max(),
                exception_class_path=error.exception_class_path if error else "",
                traceback=error.traceback if error else "",
            )
    except (DatabaseError, TypeError, ValueError):
        logger.exception("Could not record the failed task %s in the monitor", task_result.task.module_path)


# --- The server page --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


def _database_facts() -> list[Fact]:
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("SELECT version(), pg_database_size(current_database())")
            version, size = cursor.fetchone()
            version = str(version).split(" on ")[0]
        elif vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]}"
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute("PRAGMA page_size")
            size = pages * cursor.fetchone()[0]
        else:
            version, size = vendor, None
    name = settings.DATABASES["default"]["NAME"]
    return [
        Fact(_("Database engine"), version),
        Fact(_("Database"), str(name) if vendor == "postgresql" else str(getattr(name, "name", name))),
        Fact(_("Database size"), human_bytes(size) if size is not None else "-"),
    ]


def human_bytes(size: int | float) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            return f"{value:,.1f} {unit}" if unit != "B" else f"{int(value):,} B"
        value /= 1024
    return f"{value:,.1f} TB"  # pragma: no cover - the loop returns at TB


def _queue_facts() -> list[Fact]:
    kind = settings.TASK_BACKEND
    facts = [Fact(_("Task backend"), str(BACKEND_LABELS.get(kind, kind)))]
    counts = status_counts()
    for status in (TaskResultStatus.READY, TaskResultStatus.RUNNING, TaskResultStatus.FAILED):
        facts.append(Fact(_("Tasks %(status)s") % {"status": STATUS_LABELS[status]}, f"{counts[status]:,}"))
    if kind == "rq":
        facts.extend(_rq_facts())
    backend = task_backends["default"]
    facts.append(Fact(_("Queues"), "、".join(getattr(backend, "queues", []) or settings.TASK_QUEUES)))
    return facts


def _rq_facts() -> list[Fact]:
    import django_rq

    facts = []
    for name in settings.TASK_QUEUES:
        try:
            queue = django_rq.get_queue(name)
            facts.append(Fact(_("Redis queue %(name)s") % {"name": name},
                              _("%(queued)s waiting, %(failed)s failed")
                              % {"queued": len(queue), "failed": len(queue.failed_job_registry)}))
        except Exception as exc:  # Redis down is a fact to show, not a 500
            facts.append(Fact(_("Redis queue %(name)s") % {"name": name},
                              _("unreachable (%(error)s)") % {"error": type(exc).__name__}))
    return facts


def _disk_facts() -> list[Fact]:
    usage = shutil.disk_usage(settings.VAR_DIR)
    # Taken against what is free to this process (reserved blocks and other mounts make `used` read low).
    percent = (usage.total - usage.free) * 100 // usage.total if usage.total else 0
    return [Fact(_("Data directory"), str(settings.VAR_DIR)),
            Fact(_("Disk"), _("%(free)s free of %(total)s (%(percent)s%% used)")
                 % {"free": human_bytes(usage.free), "total": human_bytes(usage.total), "percent": percent})]


def _version_facts() -> list[Fact]:
    try:
        app_version = metadata.version("bangfu")
    except metadata.PackageNotFoundError:
        app_version = _app_version_from_pyproject()
    return [Fact(_("Bangfu version"), app_version),
            Fact(_("Python"), f"{platform.python_version()} ({sys.implementation.name})"),
            Fact(_("Django"), django.get_version()),
            Fact(_("Operating system"), platform.platform(terse=True))]


def _app_version_from_pyproject() -> str:
    import tomllib

    try:
        with open(settings.BASE_DIR / "pyproject.toml", "rb") as handle:
            return str(tomllib.load(handle)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "-"


def server_facts() -> dict[str, list[Fact]]:
    """The server page's sections, in order."""
    return {str(_("Database")): _database_facts(), str(_("Task queue")): _queue_facts(),
            str(_("Disk")): _disk_facts(), str(_("Versions")): _version_facts()}
