"""Background work runs through a real queue: the database backend and RQ on Redis, with a worker."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django_tasks import TaskResultStatus

from bangfu.core.tasks import queue_probe

BASE = Path(settings.BASE_DIR)


def test_immediate_backend_runs_at_once() -> None:
    result = queue_probe.enqueue("now")
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "pong:now"


@pytest.mark.django_db(transaction=True)
def test_database_queue_waits_for_a_worker() -> None:
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}}
    ):
        result = queue_probe.enqueue("db")
        assert result.status == TaskResultStatus.READY
        call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", verbosity=0)
        result.refresh()
        assert result.status == TaskResultStatus.SUCCESSFUL
        assert result.return_value == "pong:db"


def _redis_available() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping())
    except redis.exceptions.ConnectionError:
        return False


def test_rq_queue_on_redis_runs_in_a_separate_worker_process() -> None:
    if not _redis_available():
        pytest.fail(f"Redis is not reachable at {settings.REDIS_URL}: .ci/run starts it.")
    rq_backend = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": settings.TASK_QUEUES}}
    with override_settings(TASKS=rq_backend):
        result = queue_probe.enqueue("rq")
        assert result.status == TaskResultStatus.READY
        env: dict[str, Any] = {**os.environ, "BANGFU_TASK_BACKEND": "rq"}
        env.pop("DATABASE_URL", None)
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "rqworker",
                "selftest",
                "--burst",
                "--job-class",
                "django_tasks_rq.backend.Job",
            ],
            cwd=BASE,
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
        result.refresh()
        assert result.status == TaskResultStatus.SUCCESSFUL, [error.traceback for error in result.errors]
        assert result.return_value == "pong:rq"
