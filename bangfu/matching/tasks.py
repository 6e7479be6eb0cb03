"""Background work of the matching app: take ids, call one service, safe to run twice."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from bangfu.core.interruptions import when_interrupted
from bangfu.matching.services import close_interrupted_run, execute_run


@task()
def run_matching(run_id: int) -> int:
    """Compute a queued matching run's plan; returns the number of proposed pairs."""
    return execute_run(run_id)


@when_interrupted(run_matching)
def _close_interrupted_run(args: list[Any], kwargs: dict[str, Any]) -> None:
    close_interrupted_run(int(args[0] if args else kwargs["run_id"]))
