"""Background work of the matching app: take ids, call one service, safe to run twice."""

from __future__ import annotations

from django_tasks import task

from bangfu.matching.services import execute_run


@task()
def run_matching(run_id: int) -> int:
    """Compute a queued matching run's plan; returns the number of proposed pairs."""
    return execute_run(run_id)
