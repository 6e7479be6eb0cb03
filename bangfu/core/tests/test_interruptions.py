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

from bangfu.core.interruptions import WORKER_KILLED, recover_interrupted_tasks, worker_identity
from bangfu.core.models import AuditEvent
from bangfu.matching.models import MatchingRun, RunStatus
from bangfu.matching.services import INTERRUPTED
from bangfu.matching.tasks import run_matching

pytestmark = pytest.mark.django_db


def _dead_pid() -> int:
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    return finished.pid


def _running(worker: str, run: MatchingRun) -> DBTaskResult:
    return DBTaskResult.objects.create(
        id=uuid.uuid4(), status=TaskResultStatus.RUNNING, started_at=timezone.now(), run_after=get_date_max(),
        args_kwargs={"args": [run.pk], "kwargs": {}}, task_path=run_matching.module_path, worker_ids=[worker],
        queue_name="default", backend_name="default", exception_class_path="", traceback="")


def _run(org: Any, user: Any) -> MatchingRun:
    return MatchingRun.objects.create(org=org, created_by=user, status=RunStatus.RUNNING, started_at=timezone.now(),
                                      parameters={"top_k": 5})


def test_only_a_dead_worker_of_this_machine_has_its_task_closed(org_tree: Any, make_user: Any) -> None:
    user = make_user("city_officer", org_tree["guangzhou"])
    dead_run, live_run, remote_run = (_run(org_tree["guangzhou"], user) for _ in range(3))
    dead = _running(worker_identity(_dead_pid()), dead_run)
    live = _running(worker_identity(), live_run)  # this very process: alive
    remote = _running(f"another-host:{_dead_pid()}", remote_run)  # only that machine can tell

    assert recover_interrupted_tasks() == [str(dead.pk)]
    assert recover_interrupted_tasks() == []  # closed once

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
