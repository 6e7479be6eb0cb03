"""Closing what a killed worker left running: only tasks of this machine whose process is gone; the app's job
is closed with its message (the end-to-end kill is tests/test_worker_kill.py)."""

from __future__ import annotations

import subprocess
import sys
import uuid
from typing import Any

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from bangfu.core import interruptions
from bangfu.core.errors import ServiceError
from bangfu.core.interruptions import WORKER_KILLED, recover_interrupted_tasks, worker_identity
from bangfu.core.models import AuditEvent
from bangfu.matching.models import MatchingRun, RunStatus
from bangfu.matching.services import INTERRUPTED
from bangfu.matching.tasks import run_matching
from bangfu.security.monitor import _row as interruptions_row
from bangfu.security.monitor import retry_task, task_results

pytestmark = pytest.mark.django_db


def _dead_pid() -> int:
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    return finished.pid


def _running(worker: str, run: MatchingRun | None, args_kwargs: Any = None) -> DBTaskResult:
    return DBTaskResult.objects.create(
        id=uuid.uuid4(), status=TaskResultStatus.RUNNING, started_at=timezone.now(), run_after=get_date_max(),
        args_kwargs=args_kwargs if run is None else {"args": [run.pk], "kwargs": {}},
        task_path=run_matching.module_path, worker_ids=[worker], queue_name="default", backend_name="default",
        exception_class_path="", traceback="")


def _run(org: Any, user: Any) -> MatchingRun:
    return MatchingRun.objects.create(org=org, created_by=user, status=RunStatus.RUNNING, started_at=timezone.now(),
                                      parameters={"top_k": 5})


def test_only_a_dead_worker_of_this_machine_has_its_task_closed(org_tree: Any, make_user: Any) -> None:
    user = make_user("city_officer", org_tree["guangzhou"])
    dead_run, live_run, remote_run = (_run(org_tree["guangzhou"], user) for _ in range(3))
    dead = _running(worker_identity(_dead_pid()), dead_run)
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])  # another worker, running
    try:
        live = _running(worker_identity(alive.pid), live_run)
        remote = _running(f"another-host:{interruptions._boot_id()}:{_dead_pid()}", remote_run)  # only it can tell

        assert recover_interrupted_tasks() == [str(dead.pk)]
        assert recover_interrupted_tasks() == []  # closed once
    finally:
        alive.kill()
        alive.wait()

    for row in (dead, live, remote, dead_run, live_run):
        row.refresh_from_db()
    assert (dead.status, dead.exception_class_path) == (TaskResultStatus.FAILED, WORKER_KILLED)
    assert "后台进程意外中止" in dead.traceback and dead.finished_at is not None
    assert live.status == remote.status == TaskResultStatus.RUNNING
    assert (dead_run.status, dead_run.error) == (RunStatus.FAILED, INTERRUPTED)
    assert live_run.status == RunStatus.RUNNING
    assert AuditEvent.objects.filter(action="matching.run_interrupted", object_id=str(dead_run.pk)).count() == 1


def test_a_run_that_finished_before_the_kill_is_left_as_it_is(org_tree: Any, make_user: Any) -> None:
    user = make_user("city_officer", org_tree["guangzhou"])
    run = _run(org_tree["guangzhou"], user)
    MatchingRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE)
    task = _running(worker_identity(_dead_pid()), run)
    assert recover_interrupted_tasks() == [str(task.pk)]
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.error == ""


def test_a_job_that_cannot_be_closed_never_stops_the_worker_from_starting(org_tree: Any, make_user: Any) -> None:
    """Bad arguments (or any error of the app's handler): the task is still closed and the next one too; the
    worker starts. Before, the error escaped the worker's start and every restart met it again."""
    user = make_user("city_officer", org_tree["guangzhou"])
    dead = worker_identity(_dead_pid())
    broken = [_running(dead, None, {"args": ["junk"], "kwargs": {}}), _running(dead, None, {"args": None}),
              _running(dead, None, ["not", "a", "dict"]), _running(dead, None, {})]
    run = _run(org_tree["guangzhou"], user)
    good = _running(dead, run)
    assert set(recover_interrupted_tasks()) == {str(task.pk) for task in [*broken, good]}
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED


@pytest.mark.parametrize("worker", ["host:99999999999999999999", "host:²", "no-colon", "", ":::", "a:b:c:d"])
def test_worker_ids_that_are_not_ours_are_left_alone(worker: str, org_tree: Any, make_user: Any) -> None:
    user = make_user("city_officer", org_tree["guangzhou"])
    _running(worker, _run(org_tree["guangzhou"], user))
    assert recover_interrupted_tasks() == []


def test_an_earlier_boot_or_an_earlier_life_of_this_pid_is_dead(org_tree: Any, make_user: Any,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    user = make_user("city_officer", org_tree["guangzhou"])
    mine = worker_identity()  # this process: alive, but a task marked with it before this process started
    other_boot = mine.replace(f":{interruptions._boot_id()}:", ":0ldb00t0:")
    _running(mine, _run(org_tree["guangzhou"], user))
    _running(other_boot, _run(org_tree["guangzhou"], user))
    assert len(recover_interrupted_tasks()) == 2  # a container's pid 1 again, or a machine rebooted


def test_machines_whose_long_names_share_a_start_are_not_taken_for_one_another(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(interruptions.socket, "gethostname", lambda: "bangfu-worker-deployment-7d9f8c6b5-" + "a" * 30)
    first = worker_identity(4242)
    monkeypatch.setattr(interruptions.socket, "gethostname", lambda: "bangfu-worker-deployment-7d9f8c6b5-" + "b" * 30)
    assert worker_identity(4242) != first and len(first) <= 64
    assert not interruptions._process_gone(first)


def test_a_closed_job_is_submitted_again_from_its_page_not_retried(org_tree: Any, make_user: Any) -> None:
    user = make_user("city_officer", org_tree["guangzhou"])
    task = _running(worker_identity(_dead_pid()), _run(org_tree["guangzhou"], user))
    recover_interrupted_tasks()
    task.refresh_from_db()
    row = next(row for row in map(interruptions_row, task_results()) if row.id == str(task.pk))
    assert not row.retryable and row.error.startswith("处理该任务的后台进程意外中止")
    with pytest.raises(ServiceError, match="请在原页面重新提交") as refused:
        retry_task(actor=user, result=task)
    assert refused.value.status == 409
